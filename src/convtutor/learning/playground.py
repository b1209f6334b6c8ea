"""The playground's settings: any convolution, written as a settings line (the options of
``convtutor shape``), turned into a sweep, Keras and PyTorch code, and plain explanations of
settings that cannot work; and the settings form's fields (what ← → and typing do to each
setting). No UI: the TUI's playground screen and its form draw this."""

from __future__ import annotations

import argparse
import math
import re
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import NamedTuple

import msgspec

from convtutor.core.arithmetic import PADDING_MODES, PADDING_NAMES, AxisPadding, ConvPlan, Padding2D, plan_axis, plan_conv
from convtutor.core.formatting import pair_text
from convtutor.core.frameworks import keras_snippet, pytorch_snippet
from convtutor.core.layers import Conv2DLayer
from convtutor.lessons import generators
from convtutor.lessons.fields import (
    GENERATOR_FIELDS,
    MAX_CHANNELS,
    PRESET_FIELDS,
    InputSpec,
    KernelSpec,
    SweepInputSpec,
    SweepKernelSpec,
)
from convtutor.lessons.steps.sweep import MAX_PADDED, SweepStep
from convtutor.parsing import add_layer_options, parse_padding, parse_shape

MAX_SIDE = 64  # input rows and columns, as in lessons
MAX_KERNEL = 16  # kernel taps per axis, as in lessons' sweeps (lessons/fields.py)
MAX_STEP = 16  # stride and dilation per axis, as in lessons' sweeps
MAX_PADDING = 64  # pixels of padding on one side, as in lessons' sweeps
MAX_COUNT = 4096  # channels and filters
MAX_VALUE = 1e6  # a typed value or bias, as lessons' numbers
FIXED_KERNELS = tuple(name for name, fields in PRESET_FIELDS.items() if "size" not in fields)  # always 3×3
TYPED = "typed"  # the input or the kernel holds the learner's own numbers (--values, --weights-values)
PICTURE = "picture"

Values = tuple[tuple[float, ...], ...]


def _ordered(first: Sequence[str], every: Sequence[str]) -> tuple[str, ...]:
    return (*first, *(name for name in every if name not in first))


#: What the input can hold, in the order ← → goes through them.
CONTENTS = (*_ordered(("numbered", "vertical_line", "horizontal_line", "checkerboard", "ramp", "random", PICTURE),
                      (*GENERATOR_FIELDS, PICTURE)), TYPED)
#: The kernel's weights, in the order ← → goes through them.
WEIGHTS = (*_ordered(("ones", "identity", "box_blur", "vertical_line", "horizontal_line", "diagonal", "sobel_x", "sobel_y"),
                     tuple(PRESET_FIELDS)), TYPED)

#: The built-in picture (a house: roof 9, walls 5, a window and a door), scaled to the input's size.
HOUSE = (
    (0, 0, 0, 0, 9, 9, 0, 0, 0, 0),
    (0, 0, 0, 9, 9, 9, 9, 0, 0, 0),
    (0, 0, 9, 9, 9, 9, 9, 9, 0, 0),
    (0, 9, 9, 9, 9, 9, 9, 9, 9, 0),
    (9, 9, 9, 9, 9, 9, 9, 9, 9, 9),
    (0, 5, 5, 5, 5, 5, 5, 5, 5, 0),
    (0, 5, 0, 0, 5, 5, 5, 5, 5, 0),
    (0, 5, 0, 0, 5, 5, 2, 2, 5, 0),
    (0, 5, 5, 5, 5, 5, 2, 2, 5, 0),
    (0, 5, 5, 5, 5, 5, 2, 2, 5, 0),
)


@dataclass(frozen=True)
class PlaySettings:
    size: tuple[int, int] = (7, 7)
    kernel: tuple[int, int] = (3, 3)
    stride: tuple[int, int] = (1, 1)
    padding: Padding2D = "valid"
    dilation: tuple[int, int] = (1, 1)
    padding_mode: str = "zeros"
    channels: int = 1
    filters: int = 1
    bias: bool = True  # use_bias
    input: str = "numbered"  # a generator of lessons' inputs, "picture", or "typed" (then ``values``)
    weights: str = "ones"  # a kernel preset of lessons, or "typed" (then ``weights_values``)
    values: Values | None = None  # the input's typed numbers
    weights_values: Values | None = None  # the kernel's typed numbers
    bias_value: float = 0.0

    @property
    def kernel_shape(self) -> tuple[int, int]:
        if self.weights_values is not None:
            return _shape(self.weights_values)
        return (3, 3) if self.weights in FIXED_KERNELS else self.kernel


class PlayError(ValueError):
    """A settings line (or a value typed in the form) that cannot be read, with a message that
    says how to write it."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]  # raises instead of exiting the app
        raise PlayError(message)


# -- numbers and rows of numbers, as typed --------------------------------------------------------------
def number_text(value: float) -> str:
    """A number as the settings line writes it: ``3``, ``-0.5``, never e-notation; reads back exactly."""
    if value.is_integer():
        return str(int(value))
    text = repr(value)
    return format(Decimal(text), "f") if "e" in text else text


def parse_number(text: str, what: str = "value") -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise PlayError(f"{text.strip()!r} is not a number (write e.g. 2, -1 or 0.5)") from None
    if not math.isfinite(value) or abs(value) > MAX_VALUE:
        raise PlayError(f"a {what} can be from -{MAX_VALUE:.0f} to {MAX_VALUE:.0f}, not {text.strip()}")
    return value + 0.0  # no -0.0


def parse_rows(text: str, what: str, limit: int | None = None) -> Values:
    """Rows of numbers: ``1 2 3; 4 5 6`` (numbers split by spaces or commas, rows by ``;``)."""
    rows = [row.strip() for row in re.split(r"[;\n]", text.strip())]
    if rows and not rows[-1]:
        rows.pop()  # a ';' at the end
    if not rows or not rows[0]:
        raise PlayError(f"the {what} values are empty: write rows of numbers, e.g. 1 2 3; 4 5 6")
    matrix = []
    for i, row in enumerate(rows, start=1):
        words = [w for w in re.split(r"[\s,]+", row) if w]
        if not words:
            raise PlayError(f"row {i} of the {what} values is empty (rows are split by ;)")
        matrix.append(tuple(parse_number(w, f"{what} value") for w in words))
        if len(matrix[-1]) != len(matrix[0]):
            count = len(matrix[-1])
            raise PlayError(f"row {i} of the {what} values has {count} number{'s' * (count != 1)} but row 1 has {len(matrix[0])}: "
                            "every row needs the same count")
    if limit is not None and (len(matrix) > limit or len(matrix[0]) > limit):
        raise PlayError(f"the {what} values are {len(matrix)}×{len(matrix[0])}; at most {limit}×{limit} is allowed")
    return tuple(matrix)


def rows_text(values: Values | list[list[float]]) -> str:
    """The inverse of :func:`parse_rows`: ``1 2 3;4 5 6``."""
    return ";".join(" ".join(number_text(v) for v in row) for row in values)


def _shape(values: Values) -> tuple[int, int]:
    return (len(values), len(values[0]))


def _size_text(size: tuple[int, int]) -> str:
    return f"{size[0]}×{size[1]}"


def _argument(convert: Callable[[str], object]) -> Callable[[str], object]:
    def argument(text: str) -> object:
        try:
            return convert(text)
        except PlayError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return argument


# -- the settings line ------------------------------------------------------------------------------
def add_options(parser: argparse.ArgumentParser) -> None:
    """The options a settings line (and ``convtutor play``) takes: those of ``convtutor shape``,
    and what the grids hold."""
    parser.add_argument("input_size", nargs="?", default=None, metavar="SHAPE",
                        help="input size: 7x7, 8 or 7x7x3 (default 7x7, or the size of --values)")
    add_layer_options(parser, PADDING_MODES)
    parser.set_defaults(kernel=None)  # left out: 3, or the size of --weights-values
    parser.add_argument("--input", dest="input_preset", choices=sorted((*GENERATOR_FIELDS, PICTURE)), default=None,
                        help="what the input holds (default numbered; picture: a little house)")
    parser.add_argument("--values", type=_argument(lambda t: parse_rows(t, "input", MAX_SIDE)), default=None, metavar="ROWS",
                        help='the input\'s own numbers, rows split by ";": --values "1 2 3;4 5 6"')
    parser.add_argument("--weights", choices=sorted(PRESET_FIELDS), default=None, help="the kernel's weights (default ones)")
    parser.add_argument("--weights-values", type=_argument(lambda t: parse_rows(t, "kernel")), default=None, metavar="ROWS",
                        help='the kernel\'s own numbers: --weights-values "1 0 -1;2 0 -2;1 0 -1"')
    parser.add_argument("--bias", type=_argument(lambda t: parse_number(t, "bias")), default=0.0, metavar="N",
                        help="the bias added to every output (default 0)")


def from_options(args: argparse.Namespace) -> PlaySettings:
    values: Values | None = args.values
    weights_values: Values | None = args.weights_values
    if args.input_size is None:
        dims: tuple[int, ...] = _shape(values) if values is not None else (7, 7)
    else:
        try:
            dims = parse_shape(args.input_size).dims
        except ValueError as error:
            raise PlayError(str(error)) from None
    if len(dims) == 1:
        dims = dims * 2
    if len(dims) not in (2, 3) or min(dims) < 1 or max(dims[:2]) > MAX_SIDE:
        raise PlayError(f"{args.input_size!r} is not an input size: rows x cols (x channels), each 1 to {MAX_SIDE}")
    size = (dims[0], dims[1])
    content = args.input_preset or "numbered"
    if values is not None:
        if args.input_preset is not None:
            raise PlayError(f"--input {args.input_preset} and --values both say what the input holds: keep one")
        if _shape(values) != size:
            raise PlayError(f"the values are {_size_text(_shape(values))} but the size is {_size_text(size)}: "
                            "leave the size out or make them agree")
        content = TYPED
    weights = args.weights or "ones"
    kernel = args.kernel or (3, 3)
    if weights_values is not None:
        if args.weights is not None:
            raise PlayError(f"--weights {args.weights} and --weights-values both say what the kernel holds: keep one")
        if args.kernel is not None and args.kernel != _shape(weights_values):
            raise PlayError(f"the kernel values are {_size_text(_shape(weights_values))} but the kernel size is "
                            f"{_size_text(args.kernel)}: leave -k out or make them agree")
        weights, kernel = TYPED, _shape(weights_values)
    channels = args.channels or (dims[2] if len(dims) == 3 else 1)
    return PlaySettings(
        size=size, kernel=kernel, stride=args.stride, padding=args.padding, dilation=args.dilation,
        padding_mode=args.padding_mode, channels=channels, filters=args.filters, bias=not args.no_bias,
        input=content, weights=weights, values=values, weights_values=weights_values, bias_value=args.bias,
    )


def parse_line(text: str) -> PlaySettings:
    """A settings line such as ``7x7 -k 3 -s 2 -p same`` (PlayError says what is wrong)."""
    parser = _Parser(prog="settings", add_help=False, exit_on_error=False)
    add_options(parser)
    try:
        words = shlex.split(text)
    except ValueError as error:
        raise PlayError(str(error)) from None
    try:
        return from_options(parser.parse_args(words))
    except argparse.ArgumentError as error:
        raise PlayError(str(error)) from None


def settings_line(s: PlaySettings) -> str:
    """The settings as a line that :func:`parse_line` reads back (defaults left out)."""
    size = f"{s.size[0]}x{s.size[1]}" + (f"x{s.channels}" if s.channels != 1 else "")
    words = [size]
    if s.kernel != (3, 3) and s.weights not in FIXED_KERNELS and s.weights_values is None:
        words += ["-k", _pair_word(s.kernel)]
    if s.stride != (1, 1):
        words += ["-s", _pair_word(s.stride)]
    if s.padding != "valid":
        words += ["-p", _padding_word(s.padding)]
    if s.dilation != (1, 1):
        words += ["-d", _pair_word(s.dilation)]
    if s.filters != 1:
        words += ["-f", str(s.filters)]
    if not s.bias:
        words.append("--no-bias")
    if s.bias_value:
        words += ["--bias", number_text(s.bias_value)]
    if s.padding_mode != "zeros":
        words += ["--mode", s.padding_mode]
    if s.values is not None:
        words.append(_rows_word("--values", s.values))
    elif s.input != "numbered":
        words += ["--input", s.input]
    if s.weights_values is not None:
        words.append(_rows_word("--weights-values", s.weights_values))
    elif s.weights != "ones":
        words += ["--weights", s.weights]
    return " ".join(words)


def _rows_word(option: str, values: Values) -> str:
    text = rows_text(values)
    # argparse takes a value starting with '-' for an option unless it holds a space: '=' keeps it a value.
    return f'{option}="{text}"' if text.startswith("-") and " " not in text else f'{option} "{text}"'


def _pair_word(pair: tuple[int, int]) -> str:
    return str(pair[0]) if pair[0] == pair[1] else f"{pair[0]}x{pair[1]}"


def _padding_word(padding: Padding2D) -> str:
    if isinstance(padding, (str, int)):
        return str(padding)
    first, second = padding
    if isinstance(first, int) and isinstance(second, int):
        return f"{first}x{second}"
    return ",".join(str(v) for side in (first, second) for v in (side if isinstance(side, tuple | list) else (side,)))


def padding_text(padding: Padding2D) -> str:
    """The padding as the settings line writes it: same, 1, 1x2 or 0,1,0,1."""
    return _padding_word(padding)


# -- what the settings make --------------------------------------------------------------------------
def plan(s: PlaySettings) -> ConvPlan:
    """Both axes, checked by the core (ValueError says what does not fit)."""
    return plan_conv(s.size, s.kernel_shape, stride=s.stride, padding=s.padding, dilation=s.dilation, padding_mode=s.padding_mode)


def picture(rows: int, cols: int) -> list[list[float]]:
    """The built-in picture at this size (each pixel from the pixel of :data:`HOUSE` under its centre)."""
    height, width = len(HOUSE), len(HOUSE[0])
    return [[float(HOUSE[(2 * r + 1) * height // (2 * rows)][(2 * c + 1) * width // (2 * cols)]) for c in range(cols)] for r in range(rows)]


def _input_spec(s: PlaySettings) -> InputSpec:
    if s.values is not None:
        return InputSpec(matrix=[list(row) for row in s.values])
    if s.input == PICTURE:
        return InputSpec(matrix=picture(*s.size))
    if s.input == "random":
        return InputSpec(generator=s.input, size=list(s.size), seed=1, low=0, high=9)
    return InputSpec(generator=s.input, size=list(s.size))


def _kernel_spec(s: PlaySettings, filter_index: int = 0) -> KernelSpec:
    if filter_index:
        return _other_filter(s, filter_index)
    if s.weights_values is not None:
        return KernelSpec(matrix=[list(row) for row in s.weights_values])
    size = list(s.kernel) if "size" in PRESET_FIELDS[s.weights] else None
    if s.weights == "random":
        return KernelSpec(preset=s.weights, size=size, seed=2, low=-2, high=2)
    return KernelSpec(preset=s.weights, size=size)


def _channel_input(s: PlaySettings, channel: int) -> InputSpec:
    """Input channel ``channel`` (from 0): the numbering goes on through the channels, random
    numbers are drawn again, and any other content is turned a quarter turn per channel
    (half turns when it is not square), so that the channels differ as a picture's do."""
    base = _input_spec(s)
    if channel == 0:
        return base
    if s.input == "random" and s.values is None:
        return InputSpec(generator="random", size=list(s.size), seed=1 + channel, low=0, high=9)
    image = generators.make_input(base)
    if s.input == "numbered" and s.values is None:
        step = s.size[0] * s.size[1] * channel
        return InputSpec(matrix=[[v + step for v in row] for row in image])
    return InputSpec(matrix=_turned(image, channel))


def _turned(grid: list[list[float]], times: int) -> list[list[float]]:
    turns = times % 4 if len(grid) == len(grid[0]) else 2 * (times % 2)
    for _ in range(turns):
        grid = [list(row) for row in zip(*grid[::-1], strict=True)]
    return grid


def _other_filter(s: PlaySettings, filter_index: int) -> KernelSpec:
    """Filter ``filter_index`` (from 0) of the layer: another random draw for random weights;
    otherwise filter 1's kernel turned a quarter turn per filter (half turns when it is not
    square), so that each filter looks for another direction, as a trained layer's do."""
    if s.weights == "random" and s.weights_values is None:
        return KernelSpec(preset="random", size=list(s.kernel), seed=2 + filter_index, low=-2, high=2)
    return KernelSpec(matrix=_turned(generators.make_kernel(_kernel_spec(s)), filter_index))


def to_step(s: PlaySettings, filter_index: int = 0) -> SweepStep:
    """The settings as a lesson's sweep step: every input channel, and the kernel of filter
    ``filter_index`` (from 0); the output of one filter is one map of the layer's output."""
    padding = s.padding if isinstance(s.padding, str | int) else [list(p) if isinstance(p, tuple | list) else p for p in s.padding]
    channels = min(s.channels, MAX_CHANNELS)
    image: InputSpec = _input_spec(s)
    kernel: KernelSpec = _kernel_spec(s, filter_index)
    if channels > 1:  # the filter has one slice per channel: the same weights on each here
        image = SweepInputSpec(channels=[_channel_input(s, c) for c in range(channels)])
        kernel = SweepKernelSpec(channels=[kernel] * channels)
    data = {
        "id": "playground", "kind": "sweep", "input": msgspec.to_builtins(image),
        "kernel": msgspec.to_builtins(kernel), "padding": padding, "stride": list(s.stride),
        "dilation": list(s.dilation), "padding_mode": s.padding_mode, "bias": s.bias_value if s.bias else 0.0,
    }
    return msgspec.convert(data, SweepStep, strict=True)  # checked as a lesson's sweep is


def input_matrix(s: PlaySettings) -> list[list[float]]:
    """The input's numbers (channel 1), also for settings that cannot be swept."""
    return generators.make_input(_input_spec(s))


def kernel_matrix(s: PlaySettings) -> list[list[float]]:
    """The kernel's numbers (filter 1, channel 1), also for settings that cannot be swept."""
    return generators.make_kernel(_kernel_spec(s))


class Problem(NamedTuple):
    """Why settings cannot work as asked; ``blocks``: they cannot be swept at all."""

    text: str
    blocks: bool = True


def problems(s: PlaySettings) -> list[Problem]:
    """Why the settings cannot be swept, or are not all used, each with what would make them work."""
    found: list[Problem] = []
    axes = _axes(s)
    for axis, n, k, stride, dilation, _ in axes:
        for what, value, limit, unit in (("input", n, MAX_SIDE, " pixels"), ("kernel", k, MAX_KERNEL, " taps"),
                                         ("stride", stride, MAX_STEP, ""), ("dilation", dilation, MAX_STEP, "")):
            if value > limit:
                found.append(Problem(f"Along the {axis}, the {what} is {value}{unit}; the playground takes at most {limit}."))
    if found:
        return found
    for axis, n, k, stride, dilation, padding in axes:
        k_eff = dilation * (k - 1) + 1
        try:
            axis_plan = plan_axis(n, k, stride=stride, padding=padding, dilation=dilation)
        except ValueError:
            before_after = _sides(n, k, stride, padding, dilation)
            padded = n + sum(before_after)
            more = math.ceil((k_eff - padded) / 2)
            found.append(Problem(
                f"Along the {axis}, the kernel spans {k_eff} pixels" + (f" ({k} taps dilated by {dilation})" if dilation > 1 else "")
                + f" but the padded input has only {padded}: add {more} more pixel{'s' * (more != 1)} of padding per side,"
                " or use a smaller kernel" + (" or dilation" if dilation > 1 else "") + "."
            ))
            continue
        if axis_plan.padded > MAX_PADDED:
            found.append(Problem(f"Along the {axis}, the padded input has {axis_plan.padded} pixels; the playground shows at most {MAX_PADDED}."))
        elif max(axis_plan.before, axis_plan.after) > MAX_PADDING:
            found.append(Problem(f"Along the {axis}, the padding is {max(axis_plan.before, axis_plan.after)} pixels on one side; "
                                 f"the playground takes at most {MAX_PADDING}."))
    if not found:
        try:
            plan(s)  # the padding mode: PyTorch refuses some pads, and so do we
        except ValueError as error:
            found.append(Problem(str(error)))
    if s.weights in FIXED_KERNELS and s.kernel != (3, 3):
        found.append(Problem(f"The {s.weights} kernel is always 3×3; the kernel size {pair_text(*s.kernel)} is not used.", blocks=False))
    if not s.bias and s.bias_value:
        found.append(Problem(f"With --no-bias the layer has no bias, so the bias of {number_text(s.bias_value)} is not added.",
                             blocks=False))
    if s.channels > MAX_CHANNELS:
        found.append(Problem(f"The sweep shows the first {MAX_CHANNELS} of the {s.channels} channels; the code and the "
                             "parameters count them all.", blocks=False))
    if not any(p.blocks for p in found):
        try:
            to_step(s)
        except (msgspec.ValidationError, ValueError) as error:  # a limit of lessons' sweeps not named above
            found.append(Problem(f"These settings cannot be swept: {error}."))
    return found


def explain(s: PlaySettings) -> list[str]:
    """Why the settings cannot be swept (empty when they can), each with what would make them work."""
    return [p.text for p in problems(s)]


def can_sweep(s: PlaySettings) -> bool:
    return not any(p.blocks for p in problems(s))


def _axes(s: PlaySettings) -> list[tuple[str, int, int, int, int, AxisPadding]]:
    from convtutor.core.arithmetic import split_padding

    rows_padding, cols_padding = split_padding(s.padding)
    kh, kw = s.kernel_shape
    return [
        ("rows", s.size[0], kh, s.stride[0], s.dilation[0], rows_padding),
        ("columns", s.size[1], kw, s.stride[1], s.dilation[1], cols_padding),
    ]


def _sides(n: int, k: int, stride: int, padding: AxisPadding, dilation: int) -> tuple[int, int]:
    from convtutor.core.arithmetic import resolve_padding

    return resolve_padding(n, k, stride=stride, padding=padding, dilation=dilation)


def code(s: PlaySettings) -> list[str]:
    """The layer in Keras and in PyTorch, with notes where the two differ."""
    layer = Conv2DLayer(
        filters=s.filters, kernel_size=s.kernel_shape, strides=s.stride, padding=s.padding, dilation_rate=s.dilation,
        use_bias=s.bias, padding_mode=s.padding_mode,
    )
    conv = plan(s)
    keras, torch = keras_snippet(layer, conv), pytorch_snippet(layer, conv, s.channels)
    lines = ["Keras", *(f"  {line}" for line in keras.lines), *(f"  note: {note}" for note in keras.notes)]
    lines += ["PyTorch", *(f"  {line}" for line in torch.lines), *(f"  note: {note}" for note in torch.notes)]
    return lines


def read_counts(s: PlaySettings) -> list[list[int]]:
    """How many windows read each input pixel (padding excluded): corners fewer, the middle most."""
    conv = plan(s)
    rows, cols = conv.rows, conv.cols
    row_reads = [len(rows.readers(i + rows.before)) for i in range(rows.size)]
    col_reads = [len(cols.readers(j + cols.before)) for j in range(cols.size)]
    return [[r * c for c in col_reads] for r in row_reads]


# -- changes the settings form makes ---------------------------------------------------------------
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


def with_weights(s: PlaySettings, weights: str) -> PlaySettings:
    """Other weights; "typed" keeps the numbers the kernel holds now, to be changed."""
    if weights == TYPED:
        values = s.weights_values or tuple(tuple(row) for row in kernel_matrix(s))
        return replace(s, weights=TYPED, weights_values=values, kernel=_shape(values))
    return replace(s, weights=weights, weights_values=None)


def with_values(s: PlaySettings, text: str) -> PlaySettings:
    """The input's own numbers, typed as rows (``1 2 3; 4 5 6``); its size follows them."""
    values = parse_rows(text, "input", MAX_SIDE)
    return replace(s, input=TYPED, values=values, size=_shape(values))


def with_weights_values(s: PlaySettings, text: str) -> PlaySettings:
    values = parse_rows(text, "kernel")
    return replace(s, weights=TYPED, weights_values=values, kernel=_shape(values))


def with_cell(s: PlaySettings, row: int, col: int, text: str) -> PlaySettings:
    """One weight of the kernel changed; the kernel then holds typed numbers."""
    value = parse_number(text, "weight")
    matrix = [list(r) for r in kernel_matrix(s)]
    matrix[row][col] = value
    values = tuple(tuple(r) for r in matrix)
    return replace(s, weights=TYPED, weights_values=values, kernel=_shape(values))


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
