"""The settings form's fields: what each shows, what ← → do to it and what typing into it does."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from convtutor.core.arithmetic import PADDING_MODES, PADDING_NAMES, Padding2D
from convtutor.core.layers import POOLS
from convtutor.learning.playground.grids import input_matrix, kernel_matrix
from convtutor.learning.playground.settings import (
    CONTENTS,
    MAX_COUNT,
    MAX_KERNEL,
    MAX_PADDING,
    MAX_SIDE,
    MAX_STEP,
    MAX_VALUE,
    OPERATIONS,
    TYPED,
    WEIGHTS,
    PlayError,
    PlaySettings,
    Values,
    number_text,
    padding_text,
    parse_number,
    parse_rows,
    values_shape,
)
from convtutor.parsing import parse_counts, parse_padding


# -- changes the settings form makes ---------------------------------------------------------------
def with_op(s: PlaySettings, op: str) -> PlaySettings:
    """Another operation, with the settings it does not take put back to their defaults: a pool
    gets its usual stride (its size) unless another was chosen, and no weights; padding it cannot
    take becomes 'valid'."""
    if op not in OPERATIONS:
        raise PlayError(f"the operation can be {', '.join(OPERATIONS)}, not {op}")
    pooling = op in POOLS
    # A stride the learner chose stays; one that was the old operation's default becomes the new one's.
    old_default = s.kernel_shape if s.pooling else (1, 1)
    stride = s.stride if s.stride != old_default else (s.kernel_shape if pooling else (1, 1))
    padding = s.padding
    if op != "conv" and not ((isinstance(padding, (str, int)) and padding != "full") or _is_rows_cols(padding)):
        padding = "valid"
    if pooling:  # a pool has no weights: the kernel is only its window
        s = replace(s, weights="ones", weights_values=None, kernel=s.kernel_shape)
    return replace(
        s, op=op, stride=stride, padding=padding, padding_mode="zeros" if op != "conv" else s.padding_mode,
        output_padding=s.output_padding if op == "transpose" else None, ceil_mode=s.ceil_mode and pooling,
        count_include_pad=s.count_include_pad if op == "avgpool" else None,
    )


def _is_rows_cols(padding: Padding2D) -> bool:
    return not isinstance(padding, (str, int)) and all(isinstance(side, int) for side in padding)


def with_output_padding(s: PlaySettings, text: str) -> PlaySettings:
    """``auto`` (Keras' rule, or 0 with padding in pixels), ``1`` or ``1x0``."""
    if text.strip() == "auto":
        return replace(s, output_padding=None)
    try:
        return replace(s, output_padding=parse_counts(text, "output padding"))
    except ValueError as error:
        raise PlayError(str(error).rstrip(".")) from None


def _step_output_padding(s: PlaySettings, by: int) -> PlaySettings:
    """auto ⇄ 0 ⇄ 1 ⇄ …; both axes move together."""
    now = s.output_padding
    if now is None:
        return s if by < 0 else replace(s, output_padding=(0, 0))
    rows, cols = now[0] + by, now[1] + by
    if min(rows, cols) < 0:
        return replace(s, output_padding=None)
    return replace(s, output_padding=(min(rows, MAX_STEP), min(cols, MAX_STEP)))


def _output_padding_text(s: PlaySettings) -> str:
    if s.output_padding is None:
        return "auto"
    rows, cols = s.output_padding
    return str(rows) if rows == cols else f"{rows}x{cols}"


_INCLUDE = {None: "default", True: "yes", False: "no"}


def _resized(values: Values, rows: int, cols: int) -> Values:
    """Cut to rows × cols, or grown with zeros."""
    return tuple(tuple(values[r][c] if r < len(values) and c < len(values[0]) else 0.0 for c in range(cols)) for r in range(rows))


def with_size(s: PlaySettings, rows: int, cols: int) -> PlaySettings:
    """Another input size; typed values are cut, or grown with zeros."""
    values = _resized(s.values, rows, cols) if s.values is not None else None
    return replace(s, size=(rows, cols), values=values)


def with_kernel_size(s: PlaySettings, rows: int, cols: int) -> PlaySettings:
    """Another kernel size; typed weights are cut, or grown with zeros."""
    weights_values = _resized(s.weights_values, rows, cols) if s.weights_values is not None else None
    return replace(s, kernel=(rows, cols), weights_values=weights_values)


def with_input(s: PlaySettings, content: str) -> PlaySettings:
    """Another content for the input; "typed" keeps the numbers it holds now, to be changed."""
    if content == TYPED:
        return replace(s, input=TYPED, values=s.values or tuple(tuple(row) for row in input_matrix(s)))
    return replace(s, input=content, values=None)


def _weighted(s: PlaySettings) -> None:
    if s.pooling:  # the form hides the weights of a pool; a line or a caller can still ask
        raise PlayError(f"a pool (--op {s.op}) has no weights: it takes the largest value or the mean of each window")


def with_weights(s: PlaySettings, weights: str) -> PlaySettings:
    """Other weights; "typed" keeps the numbers the kernel holds now, to be changed."""
    _weighted(s)
    if weights == TYPED:
        values = s.weights_values or tuple(tuple(row) for row in kernel_matrix(s))
        return replace(s, weights=TYPED, weights_values=values, kernel=values_shape(values))
    return replace(s, weights=weights, weights_values=None)


def with_values(s: PlaySettings, text: str) -> PlaySettings:
    """The input's own numbers, typed as rows (``1 2 3; 4 5 6``); its size follows them."""
    values = parse_rows(text, "input", MAX_SIDE)
    return replace(s, input=TYPED, values=values, size=values_shape(values))


def with_weights_values(s: PlaySettings, text: str) -> PlaySettings:
    _weighted(s)
    values = parse_rows(text, "kernel")
    return replace(s, weights=TYPED, weights_values=values, kernel=values_shape(values))


def with_cell(s: PlaySettings, row: int, col: int, text: str) -> PlaySettings:
    """One weight of the kernel changed; the kernel then holds typed numbers."""
    _weighted(s)
    value = parse_number(text, "weight")
    matrix = [list(r) for r in kernel_matrix(s)]
    matrix[row][col] = value
    values = tuple(tuple(r) for r in matrix)
    return replace(s, weights=TYPED, weights_values=values, kernel=values_shape(values))


def step_padding(padding: Padding2D, by: int) -> Padding2D:
    """valid ⇄ same ⇄ full ⇄ 1 ⇄ 2 ⇄ …; uneven padding grows or shrinks on every side."""
    if isinstance(padding, str):
        index = PADDING_NAMES.index(padding) + by
        return 1 if index >= len(PADDING_NAMES) else PADDING_NAMES[max(index, 0)]
    if isinstance(padding, int):
        return "full" if padding + by < 1 else min(padding + by, MAX_PADDING)
    first, second = padding

    def moved(value: int) -> int:
        return min(max(value + by, 0), MAX_PADDING)

    if isinstance(first, int) and isinstance(second, int):
        return (moved(first), moved(second))
    assert isinstance(first, Sequence) and isinstance(second, Sequence)
    return ((moved(first[0]), moved(first[1])), (moved(second[0]), moved(second[1])))


def typed_padding(text: str) -> Padding2D:
    try:
        return parse_padding(text)
    except ValueError as error:
        raise PlayError(str(error).rstrip(".")) from None


@dataclass(frozen=True)
class Field:
    """One setting of the form: what it shows, what ← → do to it, and what typing into it does."""

    id: str
    hint: str  # what the keys do, shown while it has the focus (at most about 90 characters)
    chars: str  # the characters typing takes ("": none, ← → only)
    show: Callable[[PlaySettings], str]
    step: Callable[[PlaySettings, int], PlaySettings]
    typed: Callable[[PlaySettings, str], PlaySettings]  # PlayError says why not


def _number_field(
    field_id: str, what: str, low: int, high: int, get: Callable[[PlaySettings], int],
    put: Callable[[PlaySettings, int], PlaySettings], note: str = "",
) -> Field:
    def step(s: PlaySettings, by: int) -> PlaySettings:
        return put(s, min(max(get(s) + by, low), high))

    def typed(s: PlaySettings, text: str) -> PlaySettings:
        if not text.strip().isdigit():
            raise PlayError(f"{text.strip()!r} is not a whole number: the {what} can be {low} to {high}")
        value = int(text)
        if not low <= value <= high:
            raise PlayError(f"The {what} can be {low} to {high}, not {value}")
        return put(s, value)

    hint = f"{what[:1].upper()}{what[1:]}{note}: ← → one more or less, or type {low} to {high} and ⏎."
    return Field(field_id, hint, "0123456789", lambda s: str(get(s)), step, typed)


def _choice_field(
    field_id: str, hint: str, choices: Sequence[str], get: Callable[[PlaySettings], str],
    put: Callable[[PlaySettings, str], PlaySettings],
) -> Field:
    def step(s: PlaySettings, by: int) -> PlaySettings:
        now = get(s)
        index = choices.index(now) if now in choices else -by
        return put(s, choices[(index + by) % len(choices)])

    def typed(s: PlaySettings, text: str) -> PlaySettings:
        raise PlayError("choose with ← →")

    return Field(field_id, hint, "", get, step, typed)


def _step_bias(s: PlaySettings, by: int) -> PlaySettings:
    return replace(s, bias=True, bias_value=min(max(s.bias_value + by, -MAX_VALUE), MAX_VALUE))


def _both(pair: tuple[int, int], index: int, value: int) -> tuple[int, int]:
    return (value, pair[1]) if index == 0 else (pair[0], value)


def _axis_field(name: str, index: int) -> Field:
    """The stride or the dilation along one axis."""

    def get(s: PlaySettings) -> int:
        value: tuple[int, int] = getattr(s, name)
        return value[index]

    def put(s: PlaySettings, value: int) -> PlaySettings:
        if name == "stride":
            return replace(s, stride=_both(s.stride, index, value))
        return replace(s, dilation=_both(s.dilation, index, value))

    return _number_field(f"{name}_{('rows', 'cols')[index]}", f"{name} along the {('rows', 'columns')[index]}", 1, MAX_STEP, get, put)


def _fields() -> dict[str, Field]:
    found = [
        _choice_field("op", "The layer: ← → conv (Conv2D), transpose (Conv2DTranspose), maxpool, avgpool.", OPERATIONS,
                      lambda s: s.op, with_op),
        _number_field("rows", "input's rows", 1, MAX_SIDE, lambda s: s.size[0], lambda s, v: with_size(s, v, s.size[1])),
        _number_field("cols", "input's columns", 1, MAX_SIDE, lambda s: s.size[1], lambda s, v: with_size(s, s.size[0], v)),
        _choice_field("input", "What the input holds: ← → numbered, lines, checkerboard, ramp, random, picture… "
                      "typed: your own numbers.", CONTENTS, lambda s: s.input, with_input),
        _number_field("kernel_rows", "kernel's rows", 1, MAX_KERNEL, lambda s: s.kernel[0], lambda s, v: with_kernel_size(s, v, s.kernel[1])),
        _number_field("kernel_cols", "kernel's columns", 1, MAX_KERNEL, lambda s: s.kernel[1], lambda s, v: with_kernel_size(s, s.kernel[0], v)),
        _choice_field("weights", "The kernel's weights: ← → ones, identity, box_blur, lines, sobel… typed: your own.",
                      WEIGHTS, lambda s: s.weights, with_weights),
        Field("bias", "The bias, added to every output: ← → one more or less, or type a number and ⏎.", "0123456789.-",
              lambda s: number_text(s.bias_value) if s.bias else "none", _step_bias,
              lambda s, text: replace(s, bias=True, bias_value=parse_number(text, "bias"))),
        Field("padding", "Padding: ← → valid, same, full, 1, 2…; or type N, RxC (1x2) or top,bottom,left,right (0,1,0,1) and ⏎.",
              "0123456789x,", lambda s: padding_text(s.padding), lambda s, by: replace(s, padding=step_padding(s.padding, by)),
              lambda s, text: replace(s, padding=typed_padding(text))),
        _choice_field("mode", "What the padding holds: ← → zeros, reflect, replicate, circular.", PADDING_MODES,
                      lambda s: s.padding_mode, lambda s, v: replace(s, padding_mode=v)),
        _axis_field("stride", 0), _axis_field("stride", 1), _axis_field("dilation", 0), _axis_field("dilation", 1),
        Field("output_padding", "Output padding, added at the bottom/right: ← → auto (Keras' rule), 0, 1…; or type 1 or 1x0 and ⏎.",
              "0123456789x", _output_padding_text, _step_output_padding, with_output_padding),
        _choice_field("ceil_mode", "ceil_mode (PyTorch, padding in pixels): ← → no: round the windows down, yes: up.",
                      ("no", "yes"), lambda s: "yes" if s.ceil_mode else "no", lambda s, v: replace(s, ceil_mode=v == "yes")),
        _choice_field("count_include_pad", "Count the padded zeros in the average (PyTorch): ← → default (yes), yes, no.",
                      tuple(_INCLUDE.values()), lambda s: _INCLUDE[s.count_include_pad],
                      lambda s, v: replace(s, count_include_pad={text: flag for flag, text in _INCLUDE.items()}[v])),
        _number_field("channels", "input's channels", 1, MAX_COUNT, lambda s: s.channels, lambda s, v: replace(s, channels=v),
                      " (in the code; the sweep shows the first)"),
        _number_field("filters", "filters", 1, MAX_COUNT, lambda s: s.filters, lambda s, v: replace(s, filters=v),
                      " (in the code; the sweep shows the first)"),
    ]
    return {f.id: f for f in found}


#: The form's fields by id (the form also has the input's typed rows and the kernel's cells).
FIELDS = _fields()

VALUES_HINT = "Your own input numbers: type rows (1 2 3; 4 5 6) and ⏎; esc puts them back."
CELLS_HINT = "The kernel's weights: arrows pick a cell; type a number and ⏎; esc puts it back."
