"""The playground's settings: any convolution, written as a settings line (the options of
``convtutor shape``), turned into a sweep, Keras and PyTorch code, and plain explanations of
settings that cannot work. No UI: the TUI's playground screen draws this."""

from __future__ import annotations

import argparse
import math
import shlex
from dataclasses import dataclass

import msgspec

from convtutor.core.arithmetic import PADDING_MODES, AxisPadding, ConvPlan, Padding2D, plan_axis, plan_conv
from convtutor.core.formatting import pair_text
from convtutor.core.frameworks import keras_snippet, pytorch_snippet
from convtutor.core.layers import Conv2DLayer
from convtutor.lessons.fields import GENERATOR_FIELDS, PRESET_FIELDS
from convtutor.lessons.steps.sweep import MAX_PADDED, SweepStep
from convtutor.parsing import add_layer_options, parse_shape

MAX_SIDE = 64  # input rows and columns, as in lessons
FIXED_KERNELS = tuple(name for name, fields in PRESET_FIELDS.items() if "size" not in fields)  # always 3×3


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
    bias: bool = True
    input: str = "numbered"  # a generator of lessons' inputs
    weights: str = "ones"  # a kernel preset of lessons

    @property
    def kernel_shape(self) -> tuple[int, int]:
        return (3, 3) if self.weights in FIXED_KERNELS else self.kernel


class PlayError(ValueError):
    """A settings line that cannot be read, with a message that says how to write it."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]  # raises instead of exiting the app
        raise PlayError(message)


def add_options(parser: argparse.ArgumentParser) -> None:
    """The options a settings line (and ``convtutor play``) takes: those of ``convtutor shape``,
    and what the grids hold."""
    parser.add_argument("input_size", nargs="?", default="7x7", metavar="SHAPE", help="input size: 7x7, 8 or 7x7x3 (default 7x7)")
    add_layer_options(parser, PADDING_MODES)
    parser.add_argument("--input", dest="input_preset", choices=sorted(GENERATOR_FIELDS), default="numbered",
                        help="what the input holds (default numbered)")
    parser.add_argument("--weights", choices=sorted(PRESET_FIELDS), default="ones", help="the kernel's weights (default ones)")


def from_options(args: argparse.Namespace) -> PlaySettings:
    try:
        dims = parse_shape(args.input_size).dims
    except ValueError as error:
        raise PlayError(str(error)) from None
    if len(dims) == 1:
        dims = dims * 2
    if len(dims) not in (2, 3) or min(dims) < 1 or max(dims[:2]) > MAX_SIDE:
        raise PlayError(f"{args.input_size!r} is not an input size: rows x cols (x channels), each 1 to {MAX_SIDE}")
    channels = args.channels or (dims[2] if len(dims) == 3 else 1)
    return PlaySettings(
        size=(dims[0], dims[1]), kernel=args.kernel, stride=args.stride, padding=args.padding, dilation=args.dilation,
        padding_mode=args.padding_mode, channels=channels, filters=args.filters, bias=not args.no_bias,
        input=args.input_preset, weights=args.weights,
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
    if s.kernel != (3, 3) and s.weights not in FIXED_KERNELS:
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
    if s.padding_mode != "zeros":
        words += ["--mode", s.padding_mode]
    if s.input != "numbered":
        words += ["--input", s.input]
    if s.weights != "ones":
        words += ["--weights", s.weights]
    return " ".join(words)


def _pair_word(pair: tuple[int, int]) -> str:
    return str(pair[0]) if pair[0] == pair[1] else f"{pair[0]}x{pair[1]}"


def _padding_word(padding: Padding2D) -> str:
    if isinstance(padding, (str, int)):
        return str(padding)
    first, second = padding
    if isinstance(first, int) and isinstance(second, int):
        return f"{first}x{second}"
    return ",".join(str(v) for side in (first, second) for v in (side if isinstance(side, tuple | list) else (side,)))


# -- what the settings make --------------------------------------------------------------------------
def plan(s: PlaySettings) -> ConvPlan:
    """Both axes, checked by the core (ValueError says what does not fit)."""
    return plan_conv(s.size, s.kernel_shape, stride=s.stride, padding=s.padding, dilation=s.dilation, padding_mode=s.padding_mode)


def to_step(s: PlaySettings) -> SweepStep:
    """The settings as a lesson's sweep step (channel 1 of the input, filter 1 of the layer)."""
    generator: dict[str, object] = {"generator": s.input, "size": list(s.size)}
    if s.input == "random":
        generator.update({"seed": 1, "low": 0, "high": 9})
    weights: dict[str, object] = {"preset": s.weights}
    if "size" in PRESET_FIELDS[s.weights]:
        weights["size"] = list(s.kernel)
    if s.weights == "random":
        weights.update({"seed": 2, "low": -2, "high": 2})
    padding = s.padding if isinstance(s.padding, str | int) else [list(p) if isinstance(p, tuple | list) else p for p in s.padding]
    data = {
        "id": "playground", "kind": "sweep", "input": generator, "kernel": weights, "padding": padding,
        "stride": list(s.stride), "dilation": list(s.dilation), "padding_mode": s.padding_mode,
    }
    return msgspec.convert(data, SweepStep, strict=True)


def explain(s: PlaySettings) -> list[str]:
    """Why the settings cannot be swept (empty when they can), each with what would make them work."""
    problems = []
    for axis, n, k, stride, dilation, padding in _axes(s):
        k_eff = dilation * (k - 1) + 1
        try:
            axis_plan = plan_axis(n, k, stride=stride, padding=padding, dilation=dilation)
        except ValueError:
            before_after = _sides(n, k, stride, padding, dilation)
            padded = n + sum(before_after)
            more = math.ceil((k_eff - padded) / 2)
            problems.append(
                f"Along the {axis}, the kernel spans {k_eff} pixels" + (f" ({k} taps dilated by {dilation})" if dilation > 1 else "")
                + f" but the padded input has only {padded}: add {more} more pixel{'s' * (more != 1)} of padding per side,"
                " or use a smaller kernel" + (" or dilation" if dilation > 1 else "") + "."
            )
            continue
        if axis_plan.padded > MAX_PADDED:
            problems.append(f"Along the {axis}, the padded input has {axis_plan.padded} pixels; the playground shows at most {MAX_PADDED}.")
    if s.weights in FIXED_KERNELS and s.kernel != (3, 3):
        problems.append(f"The {s.weights} kernel is always 3×3; the kernel size {pair_text(*s.kernel)} is not used.")
    return problems


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
