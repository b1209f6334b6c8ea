"""What the questions about transposed convolutions and pooling share: their padding (Keras'
'valid'/'same' or PyTorch's pixels per side, which also says which framework is meant), the
settings line naming that framework, sizes read as pairs, and slips worked out axis by axis."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from msgspec import Meta

from convtutor.core.arithmetic import pair
from convtutor.lessons.fields import QSide
from convtutor.lessons.questions.posed import resolve, size_text
from convtutor.lessons.reporter import DataPath, Reporter

#: Keras' two names or a parameter: 'full' and per-side pairs are a Conv2D's only.
SIMPLE_PADDING_WORD = r"^(valid|same|\$[A-Za-z_][A-Za-z0-9_]*)$"
SIMPLE_PADDING_HELP = "'valid' or 'same' (Keras 3), or pixels per side N or [rows, cols] (PyTorch), or $p"
SimplePadding = Annotated[
    Annotated[int, Meta(ge=0, le=10000)] | Annotated[str, Meta(pattern=SIMPLE_PADDING_WORD)]
    | Annotated[list[QSide], Meta(min_length=2, max_length=2)],
    Meta(description=SIMPLE_PADDING_HELP),
]
#: 0, 1 or [rows, cols], or parameters: cells added at the bottom/right.
QOutputPadding = Annotated[
    QSide | Annotated[list[QSide], Meta(min_length=2, max_length=2)],
    Meta(description="0, 1, [rows, cols] or $name"),
]


def padding_of(value: Any, values: dict[str, int]) -> str | int | tuple[int, int]:
    """A simple padding with its parameters filled in, as the core takes it."""
    padding = resolve(value, values)
    if isinstance(padding, list):
        return (int(padding[0]), int(padding[1]))
    return padding if isinstance(padding, str) else int(padding)


def pair_of(value: Any, values: dict[str, int], name: str) -> tuple[int, int]:
    return pair(resolve(value, values), name)


def counts_of(value: Any, values: dict[str, int]) -> tuple[int, int] | None:
    """A pair of counts from 0 (output padding), or None when not given."""
    if value is None:
        return None
    resolved = resolve(value, values)
    return (int(resolved[0]), int(resolved[1])) if isinstance(resolved, list) else (int(resolved), int(resolved))


def axes_padding(rows: object, cols: object) -> str | int | tuple[int, int]:
    """Two axes' padding as one setting: a Keras name, or pixels (a pair when they differ)."""
    if isinstance(rows, str):
        return rows
    r, c = int(rows), int(cols)  # type: ignore[call-overload]
    return r if r == c else (r, c)


def is_keras(padding: str | int | tuple[int, int]) -> bool:
    """The padding's form decides the framework: a name is Keras', pixels are PyTorch's."""
    return isinstance(padding, str)


def framework_line(padding: str | int | tuple[int, int], keras: str, torch: str, extra: str = "") -> str:
    """Which framework's rule applies, named with its layer, e.g. ``Keras 3, Conv2DTranspose(padding='same')``."""
    if is_keras(padding):
        return f"Keras 3, {keras}(padding={padding!r}{extra})"
    p = padding if isinstance(padding, int) else f"({padding[0]}, {padding[1]})"
    return f"PyTorch, {torch}(padding={p}{extra}): padding in pixels per side"


def words(name: str, value: tuple[int, int]) -> str:
    """``stride 2`` or ``stride 2×1``."""
    return f"{name} {value[0]}" if value[0] == value[1] else f"{name} {size_text(*value)}"


T = TypeVar("T")


def per_axis(rows: T, cols: T, slip: Callable[[T], int | None]) -> tuple[int, int] | None:
    """The size a slip gives on both axes (None if it gives nothing on one)."""
    row_value, col_value = slip(rows), slip(cols)
    if row_value is None or col_value is None or row_value < 1 or col_value < 1:
        return None
    return (row_value, col_value)


def or_none(work: Callable[[], int]) -> int | None:
    """A slip's size, or None where the core refuses the slipped settings."""
    try:
        return work()
    except ValueError:
        return None


def keep_wrong(expected: object, found: dict[str, object | None]) -> dict[str, object]:
    """The slips that give an answer, other than the right one."""
    return {name: value for name, value in found.items() if value is not None and value != expected}


def check_keras_only(report: Reporter, padding: object, path: DataPath, field_name: str, given: bool, what: str) -> None:
    """A PyTorch-only setting (``ceil_mode``, ``count_include_pad``) given with Keras' padding."""
    if given and isinstance(padding, str) and not padding.startswith("$"):
        report.add((*path, field_name), f"{field_name} is PyTorch's, but padding '{padding}' is Keras' ({what})",
                   f"give the padding in pixels per side (e.g. padding: 0) to use {field_name}, or remove it")
