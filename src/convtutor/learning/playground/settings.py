"""The playground's settings: what they hold, the settings line that writes them (the options of
``convtutor shape``), and the numbers a learner types."""

from __future__ import annotations

import argparse
import math
import re
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from convtutor.core.arithmetic import PADDING_MODES, Padding2D
from convtutor.core.layers import POOLS, layer_from_options
from convtutor.lessons.fields import GENERATOR_FIELDS, PRESET_FIELDS
from convtutor.parsing import add_layer_options, add_operation_options, parse_shape

if TYPE_CHECKING:
    from convtutor.core.layers import Layer

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


#: The operations the playground sweeps, in the order ← → goes through them (as ``convtutor shape --op``).
OPERATIONS = ("conv", "transpose", "maxpool", "avgpool")
#: What the input can hold, in the order ← → goes through them.
CONTENTS = (*_ordered(("numbered", "vertical_line", "horizontal_line", "checkerboard", "ramp", "random", PICTURE),
                      (*GENERATOR_FIELDS, PICTURE)), TYPED)
#: The kernel's weights, in the order ← → goes through them.
WEIGHTS = (*_ordered(("ones", "identity", "box_blur", "vertical_line", "horizontal_line", "diagonal", "sobel_x", "sobel_y"),
                     tuple(PRESET_FIELDS)), TYPED)


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
    op: str = "conv"  # one of OPERATIONS: conv, transpose, maxpool, avgpool
    output_padding: tuple[int, int] | None = None  # transpose only (None: Keras' rule, or 0 with padding in pixels)
    ceil_mode: bool = False  # pooling with padding in pixels (PyTorch)
    count_include_pad: bool | None = None  # average pooling with padding in pixels (None: PyTorch's default, true)

    @property
    def pooling(self) -> bool:
        return self.op in POOLS

    @property
    def weighted(self) -> bool:
        """The layer has a kernel of weights (a convolution, plain or transposed; not a pool)."""
        return not self.pooling

    def layer(self) -> Layer:
        """The core's layer (ValueError says which setting does not fit the operation)."""
        return layer_from_options(
            self.op, kernel=self.kernel_shape, stride=self.stride, padding=self.padding, dilation=self.dilation,
            filters=self.filters, bias=self.bias, mode=self.padding_mode, output_padding=self.output_padding,
            ceil_mode=self.ceil_mode, count_include_pad=self.count_include_pad,
        )

    @property
    def kernel_shape(self) -> tuple[int, int]:
        if self.weights_values is not None:
            return values_shape(self.weights_values)
        return (3, 3) if self.weights in FIXED_KERNELS and self.weighted else self.kernel


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


def values_shape(values: Values) -> tuple[int, int]:
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
    add_operation_options(parser, OPERATIONS)
    parser.set_defaults(kernel=None, stride=None)  # left out: 3 (a pool: 2), or the size of --weights-values; 1 (a pool: its size)
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
        dims: tuple[int, ...] = values_shape(values) if values is not None else (7, 7)
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
        if values_shape(values) != size:
            raise PlayError(f"the values are {_size_text(values_shape(values))} but the size is {_size_text(size)}: "
                            "leave the size out or make them agree")
        content = TYPED
    weights = args.weights or "ones"
    pooling = args.op in POOLS
    kernel = args.kernel or ((2, 2) if pooling else (3, 3))
    if weights_values is not None:
        if args.weights is not None:
            raise PlayError(f"--weights {args.weights} and --weights-values both say what the kernel holds: keep one")
        if args.kernel is not None and args.kernel != values_shape(weights_values):
            raise PlayError(f"the kernel values are {_size_text(values_shape(weights_values))} but the kernel size is "
                            f"{_size_text(args.kernel)}: leave -k out or make them agree")
        weights, kernel = TYPED, values_shape(weights_values)
        if pooling:
            raise PlayError(f"--weights-values gives a kernel's weights; a pool (--op {args.op}) has none: leave them out")
    channels = args.channels or (dims[2] if len(dims) == 3 else 1)
    return PlaySettings(
        size=size, kernel=kernel, stride=args.stride or (kernel if pooling else (1, 1)), padding=args.padding, dilation=args.dilation,
        padding_mode=args.padding_mode, channels=channels, filters=args.filters, bias=not args.no_bias,
        input=content, weights=weights, values=values, weights_values=weights_values, bias_value=args.bias,
        op=args.op, output_padding=args.output_padding, ceil_mode=args.ceil_mode, count_include_pad=args.count_include_pad,
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
    if s.op != "conv":
        words += ["--op", s.op]
    if s.kernel != ((2, 2) if s.pooling else (3, 3)) and (s.pooling or s.weights not in FIXED_KERNELS) and s.weights_values is None:
        words += ["-k", _pair_word(s.kernel)]
    if s.stride != (s.kernel_shape if s.pooling else (1, 1)):
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
    if s.output_padding is not None:
        words += ["--output-padding", _pair_word(s.output_padding)]
    if s.ceil_mode:
        words.append("--ceil-mode")
    if s.count_include_pad is not None:
        words.append("--count-include-pad" if s.count_include_pad else "--no-count-include-pad")
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

