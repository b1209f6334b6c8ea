"""What the playground's settings make: the input's and the kernel's numbers (every channel and
filter), the sweep as a lesson's sweep step, and how often each input pixel is read."""

from __future__ import annotations

import msgspec

from convtutor.core.arithmetic import ConvPlan, TransposePlan, plan_conv
from convtutor.core.layers import LayerPlan, plan_layer
from convtutor.learning.playground.settings import PICTURE, PlaySettings
from convtutor.lessons import generators
from convtutor.lessons.fields import (
    MAX_CHANNELS,
    PRESET_FIELDS,
    InputSpec,
    KernelSpec,
    SweepInputSpec,
    SweepKernelSpec,
)
from convtutor.lessons.steps.pool_sweep import PoolSweepStep
from convtutor.lessons.steps.sweep import SweepStep
from convtutor.lessons.steps.transposed_sweep import TransposedSweepStep

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


PlayStep = SweepStep | TransposedSweepStep | PoolSweepStep


def to_step(s: PlaySettings, filter_index: int = 0) -> PlayStep:
    """The settings as a lesson's step of the operation's kind (checked as a lesson's is):
    a convolution's sweep over every input channel with the kernel of filter ``filter_index``
    (from 0; one filter's output is one map of the layer's output), a transposed convolution's
    scatter, or a pool's windows. ValueError says what the step cannot show."""
    if s.op == "transpose":
        return _transposed_step(s, filter_index)
    if s.pooling:
        return _pool_step(s)
    return _conv_step(s, filter_index)


def _padding_data(s: PlaySettings) -> object:
    return s.padding if isinstance(s.padding, str | int) else [list(p) if isinstance(p, tuple | list) else p for p in s.padding]


def _transposed_step(s: PlaySettings, filter_index: int) -> TransposedSweepStep:
    if s.dilation != (1, 1):
        raise ValueError("the transposed sweep shows dilation 1 only: set the dilation to 1 to sweep it (the shape and the code take any)")
    data = {
        "id": "playground", "kind": "transposed_sweep", "input": msgspec.to_builtins(_input_spec(s)),
        "kernel": msgspec.to_builtins(_kernel_spec(s, filter_index)), "stride": list(s.stride), "padding": _padding_data(s),
        "output_padding": None if s.output_padding is None else list(s.output_padding), "bias": s.bias_value if s.bias else 0.0,
    }
    return msgspec.convert(data, TransposedSweepStep, strict=True)


def _pool_step(s: PlaySettings) -> PoolSweepStep:
    if s.dilation != (1, 1):
        raise ValueError("the pooling sweep shows dilation 1 only: set the dilation to 1 to sweep it (the shape and the code take any)")
    data = {
        "id": "playground", "kind": "pool_sweep", "input": msgspec.to_builtins(_input_spec(s)),
        "pool": "max" if s.op == "maxpool" else "average", "pool_size": list(s.kernel_shape), "strides": list(s.stride),
        "padding": _padding_data(s), "ceil_mode": s.ceil_mode, "count_include_pad": s.count_include_pad,
    }
    return msgspec.convert(data, PoolSweepStep, strict=True)


def _conv_step(s: PlaySettings, filter_index: int) -> SweepStep:
    padding = _padding_data(s)
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



def layer_plan(s: PlaySettings) -> LayerPlan:
    """The layer's plan for any operation, checked by the core (ValueError says what does not fit)."""
    return plan_layer(s.layer(), s.size)


def counts_title(s: PlaySettings) -> str:
    """What :func:`read_counts` counts, as the pane's title."""
    if s.op == "transpose":
        return "How many input pixels add into each output cell"
    return "How often each input pixel is read"


def read_counts(s: PlaySettings) -> list[list[int]]:
    """How many windows read each input pixel (padding excluded): corners fewer, the middle
    most. A transposed convolution has no windows over its input: there, how many input pixels
    add into each output cell (uneven counts are its checkerboard)."""
    found = layer_plan(s)
    if isinstance(found, TransposePlan):
        rows_t, cols_t = found.rows, found.cols
        row_sources = [len(rows_t.sources(o)) for o in range(rows_t.output)]
        col_sources = [len(cols_t.sources(o)) for o in range(cols_t.output)]
        return [[r * c for c in col_sources] for r in row_sources]
    rows, cols = found.rows, found.cols
    row_reads = [len(rows.readers(i + rows.before)) for i in range(rows.size)]
    col_reads = [len(cols.readers(j + cols.before)) for j in range(cols.size)]
    return [[r * c for c in col_reads] for r in row_reads]
