"""Reading sizes, shapes and paddings the way people type them (``6x6``, ``(None, 6, 6, 1)``).

Used by the command line and by quiz answers; no UI, no NumPy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

from typing import TypeAlias

_BRACKETS = {"(": ")", "[": "]", "{": "}"}
# Between numbers: x, ×, X, *, commas and/or spaces.
_SEPARATOR = re.compile(r"\s*[x×X*,]\s*|\s+")
_NUMBER = re.compile(r"[+-]?\d+")

#: What :func:`parse_padding` gives: a word, pixels per side, (rows, cols) or ((top, bottom), (left, right)).
TypedPadding: TypeAlias = str | int | tuple[int, int] | tuple[tuple[int, int], tuple[int, int]]


@dataclass(frozen=True)
class TypedShape:
    """A shape as typed: its numbers, and whether it started with Keras' ``None`` batch axis."""

    dims: tuple[int, ...]
    batch_none: bool = False


def parse_shape(text: str) -> TypedShape:
    """``'6x6'``, ``'6 x 6'``, ``'6×6'``, ``'(6, 6)'``, ``'[6,6]'``, ``'(None, 6, 6, 1)'``, ``'8'``.

    Raises ValueError (with an example of what works) when the text is not a shape.
    """
    original = text
    text = text.strip()
    if len(text) >= 2 and text[0] in _BRACKETS and text[-1] == _BRACKETS[text[0]]:
        text = text[1:-1].strip()
    if not text:
        raise ValueError(f"{original!r} is empty; write a size such as 6x6.")
    if text[0] in "x×X*" or text[-1] in "x×X*":
        raise ValueError(f"{original!r} is not a size: a number is missing (write e.g. 6x6).")
    parts = [p for p in _SEPARATOR.split(text) if p]
    if not parts:
        raise ValueError(f"{original!r} has no numbers; write a size such as 6x6.")
    batch_none = parts[0].lower() == "none"
    if batch_none:
        parts = parts[1:]
        if not parts:
            raise ValueError(f"{original!r} has no sizes after None; write e.g. (None, 6, 6, 1).")
    dims = []
    for part in parts:
        if not _NUMBER.fullmatch(part):
            if len(parts) == 1:
                raise ValueError(f"{original!r} is not a size (write e.g. 6x6 or (6, 6)).")
            raise ValueError(f"{original!r} is not a size: {part!r} is not a whole number (write e.g. 6x6).")
        value = int(part)
        if value < 0:
            raise ValueError(f"{original!r} is not a size: sizes cannot be negative.")
        dims.append(value)
    return TypedShape(tuple(dims), batch_none)


def parse_pair(text: str, what: str = "size") -> tuple[int, int]:
    """``'3'`` -> ``(3, 3)``, ``'3x5'`` -> ``(3, 5)``; at least 1."""
    dims = parse_shape(text).dims
    if len(dims) == 1:
        dims = dims * 2
    if len(dims) != 2:
        raise ValueError(f"{text!r} is not a {what}: write one number (3) or rows x cols (3x5).")
    if min(dims) < 1:
        raise ValueError(f"{text!r} is not a {what}: it must be at least 1.")
    return (dims[0], dims[1])


def parse_padding(text: str) -> TypedPadding:
    """``valid | same | full | N | RxC | T,B,L,R`` -> a padding :func:`conv2d` accepts."""
    word = text.strip().lower()
    if word in ("valid", "same", "full"):
        return word
    try:
        dims = parse_shape(word).dims
    except ValueError:
        dims = ()
    if len(dims) == 1:
        return dims[0]
    if len(dims) == 2:
        return (dims[0], dims[1])
    if len(dims) == 4:
        top, bottom, left, right = dims
        return ((top, bottom), (left, right))
    raise ValueError(
        f"{text!r} is not a padding: use valid, same, full, a number of pixels per side (1), "
        "rows x cols (1x2, as PyTorch) or top,bottom,left,right (0,1,0,1)."
    )


# -- the same, as argparse types (for `convtutor shape`, `convtutor play` and the playground's
# settings line): a ValueError becomes argparse's one-line error ------------------------------------
def _argument_error(error: ValueError) -> Exception:
    import argparse  # only command lines need it; the app's first frame does not

    return argparse.ArgumentTypeError(str(error))


def pair_argument(what: str) -> Callable[[str], tuple[int, int]]:
    """``3`` or ``3x5`` as (rows, cols), for an option about ``what`` (e.g. "stride")."""

    def convert(text: str) -> tuple[int, int]:
        try:
            return parse_pair(text, what)
        except ValueError as error:
            raise _argument_error(error) from None

    convert.__name__ = what  # argparse names the type in some messages
    return convert


def padding_argument(text: str) -> TypedPadding:
    try:
        return parse_padding(text)
    except ValueError as error:
        raise _argument_error(error) from None


def count_argument(text: str) -> int:
    """A count of filters or channels: a whole number from 1."""
    if not text.strip().isdigit() or int(text) < 1:
        raise _argument_error(ValueError(f"{text!r} is not a count: write a whole number of at least 1"))
    return int(text)


def add_layer_options(parser: argparse.ArgumentParser, padding_modes: Sequence[str]) -> None:
    """The options of one convolution layer, shared by `convtutor shape`, `convtutor play` and
    the playground's settings line (so that a line copied from one works in the others)."""
    parser.add_argument("-k", "--kernel", type=pair_argument("kernel size"), default=(3, 3), help="kernel size: 3 or 3x5 (default 3)")
    parser.add_argument("-s", "--stride", type=pair_argument("stride"), default=(1, 1), help="stride: 2 or 2x1 (default 1)")
    parser.add_argument("-p", "--padding", type=padding_argument, default="valid", help="padding (default valid); see below")
    parser.add_argument("-d", "--dilation", type=pair_argument("dilation"), default=(1, 1), help="dilation: 2 or 2x1 (default 1)")
    parser.add_argument("-c", "--channels", type=count_argument, default=None, help="input channels (default: from the input size, else 1)")
    parser.add_argument("-f", "--filters", type=count_argument, default=1, help="filters, i.e. output channels (default 1)")
    parser.add_argument("--no-bias", action="store_true", help="leave out the bias (use_bias=False)")
    parser.add_argument("--padding-mode", "--mode", dest="padding_mode", default="zeros", choices=padding_modes,
                        help="what the padding is filled with (default zeros)")


def parse_counts(text: str, what: str = "size") -> tuple[int, int]:
    """``'1'`` -> ``(1, 1)``, ``'1x0'`` -> ``(1, 0)``: whole numbers from 0 (e.g. an output padding)."""
    dims = parse_shape(text).dims
    if len(dims) == 1:
        dims = dims * 2
    if len(dims) != 2:
        raise ValueError(f"{text!r} is not a valid {what}: write one number (1) or rows x cols (1x0).")
    return (dims[0], dims[1])


def output_padding_argument(text: str) -> tuple[int, int]:
    try:
        return parse_counts(text, "output padding")
    except ValueError as error:
        raise _argument_error(error) from None


def add_operation_options(parser: argparse.ArgumentParser, operations: Sequence[str]) -> None:
    """Which operation a layer is (the first of ``operations`` by default) and the options only
    transposed convolutions and pooling have; shared as :func:`add_layer_options` is."""
    import argparse  # for BooleanOptionalAction; only command lines get here

    parser.add_argument("--op", dest="op", choices=operations, default=operations[0],
                        help=f"the operation (default {operations[0]})")
    parser.add_argument("--output-padding", type=output_padding_argument, default=None,
                        help="transpose: rows/cols given back at the bottom/right, 1 or 1x0 (default: Keras' rule, or 0 with padding in pixels)")
    parser.add_argument("--ceil-mode", action="store_true",
                        help="pooling with padding in pixels: round the number of windows up (PyTorch's ceil_mode)")
    parser.add_argument("--count-include-pad", action=argparse.BooleanOptionalAction, default=None,
                        help="average pooling with padding in pixels: count the padded zeros (PyTorch's default)")

