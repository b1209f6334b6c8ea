"""``sweep``: slide a kernel over an input, one window at a time."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from convtutor.core.arithmetic import ConvPlan, pair, plan_conv
from convtutor.core.sweep import Sweep
from convtutor.lessons import generators
from convtutor.lessons.fields import (
    INPUT_HELP,
    KERNEL_HELP,
    MAX_CHANNELS,
    PADDING_HELP,
    PADDING_MODE_HELP,
    Input,
    InputSpec,
    Kernel,
    KernelSpec,
    Model,
    Number,
    Padding,
    PaddingMode,
    Step2,
    StepBase,
    SweepInput,
    SweepInputSpec,
    SweepKernel,
    SweepKernelSpec,
    Text,
    as_padding,
)
from convtutor.lessons.kinds import StepKind
from convtutor.lessons.reporter import DataPath, Reporter, add_all, sentence

MAX_PADDED = 80  # a sweep's padded grid, per axis: what a terminal can show


class SweepTask(Model, frozen=True, kw_only=True):
    """What the learner does during a sweep: predict each value, or find the largest/smallest."""

    kind: Annotated[
        Literal["predict", "find_max", "find_min"],
        Meta(description="predict (type each output), find_max or find_min (step to that window and press a)"),
    ]
    prompt: Annotated[Text | None, Meta(description="what the learner is asked to do, e.g. Step to the strongest edge response.")] = None
    count: Annotated[
        Annotated[int, Meta(ge=1, le=4096)] | None,
        Meta(description="predict: how many windows to predict, the first N, e.g. 4 (default: every window)"),
    ] = None
    show: Annotated[
        Literal["products", "window", "nothing"],
        Meta(description="predict: what the learner sees while predicting: window (the highlighted pixels, the default), "
             "products (every pixel·weight written out) or nothing"),
    ] = "window"


class SweepStep(StepBase, tag="sweep", frozen=True, kw_only=True):
    """Slide a kernel over an input, one window at a time."""

    input: Annotated[SweepInput, Meta(description=INPUT_HELP + ", or {channels: [...]}, one input per channel")]
    kernel: Annotated[SweepKernel, Meta(description=KERNEL_HELP + ", or {channels: [...]}, one slice per input channel")]
    text: Annotated[Text | None, Meta(description="Markdown shown above the grids; keep it to a few lines")] = None
    bias: Annotated[Number, Meta(description="added to every output, e.g. -1 (default 0)")] = 0
    padding: Annotated[Padding, Meta(description=PADDING_HELP + " (default 'valid')")] = "valid"
    stride: Annotated[Step2, Meta(description="how far the kernel moves: 2 or [rows, cols] such as [1, 2] (default 1)")] = 1
    dilation: Annotated[Step2, Meta(description="gaps between the kernel's taps: 2 or [rows, cols] (default 1)")] = 1
    padding_mode: Annotated[PaddingMode, Meta(description=PADDING_MODE_HELP)] = "zeros"
    task: Annotated[SweepTask | None, Meta(description="what the learner does: {kind: predict}, {kind: find_max} or {kind: find_min}")] = None


def sweep_plan(step: SweepStep) -> ConvPlan:
    """Both axes of a sweep step, checked by the core (ValueError if the kernel does not fit)."""
    return plan_conv(
        generators.input_shape(generators.as_input(step.input)),
        generators.kernel_shape(generators.as_kernel(step.kernel)),
        stride=pair(step.stride, "stride"), padding=as_padding(step.padding), dilation=pair(step.dilation, "dilation"),
        padding_mode=step.padding_mode,
    )


def make_sweep(step: SweepStep) -> Sweep:
    """The core's Sweep for a sweep step (over every channel its input lists)."""
    return Sweep.from_channels(
        generators.make_input_channels(generators.as_input(step.input)),
        generators.make_kernel_channels(generators.as_kernel(step.kernel)),
        step.bias, stride=pair(step.stride, "stride"), padding=as_padding(step.padding),
        dilation=pair(step.dilation, "dilation"), padding_mode=step.padding_mode,
    )


def channel_count(step: SweepStep) -> int:
    """Input channels of a sweep step (1 unless its input lists channels)."""
    return len(generators.input_channels(generators.as_input(step.input)))


def _channels_word(count: int) -> str:
    return "one channel" if count == 1 else f"{count} channels"


def check(report: Reporter, step: SweepStep, path: DataPath, thorough: bool) -> None:
    image = generators.as_input(step.input)
    kernel = generators.as_kernel(step.kernel)
    ok = add_all(report, generators.input_problems(image), (*path, "input"))
    ok &= add_all(report, generators.kernel_problems(kernel), (*path, "kernel"))
    if not ok:
        return
    channels_in = len(generators.input_channels(image))
    channels_k = len(generators.kernel_channels(kernel))
    if channels_in != channels_k:
        listed = isinstance(kernel, SweepKernelSpec) and kernel.channels is not None
        report.add(
            (*path, "kernel", "channels") if listed else (*path, "kernel"),
            f"the input has {_channels_word(channels_in)} but the kernel has {_channels_word(channels_k)}",
            "a kernel has one slice per input channel (kh×kw×C_in, as in Keras): "
            + (f"list {channels_in} under the kernel's channels" if channels_in > 1 else "give one kernel, or one channel in the input too"),
        )
        return
    try:
        plan = sweep_plan(step)
    except ValueError as error:
        report.add((*path, "kernel"), sentence(error), "make the input larger, the kernel smaller, or add padding")
        return
    rows, cols = plan.rows, plan.cols
    if rows.padded > MAX_PADDED or cols.padded > MAX_PADDED:
        report.add((*path, "padding"), f"the padded grid is {rows.padded}×{cols.padded}; sweeps show at most {MAX_PADDED}×{MAX_PADDED}", "")
    if step.task is not None and step.task.count is not None and step.task.count > rows.output * cols.output:
        report.add((*path, "task", "count"), f"there are only {rows.output * cols.output} windows to predict", "")


def with_channels(step: SweepStep, channels: int) -> SweepStep:
    """The same sweep over ``channels`` input channels: the step's one-channel input and
    kernel repeated once per channel, a ``random`` generator or preset with its seed moved on
    by the channel's index, so that its channels differ. ``channels`` is 1 to MAX_CHANNELS."""
    if not 1 <= channels <= MAX_CHANNELS:
        raise ValueError(f"A sweep shows 1 to {MAX_CHANNELS} channels, not {channels}.")
    images = generators.input_channels(generators.as_input(step.input))
    kernels = generators.kernel_channels(generators.as_kernel(step.kernel))
    if len(images) != 1 or len(kernels) != 1:
        raise ValueError("The step already lists channels.")
    if channels == 1:
        return step
    image = {name: getattr(images[0], name) for name in InputSpec.__struct_fields__}
    kernel = {name: getattr(kernels[0], name) for name in KernelSpec.__struct_fields__}
    input_list: list[Input] = []
    kernel_list: list[Kernel] = []
    for i in range(channels):
        seed = {"seed": (image["seed"] or 0) + i} if image["generator"] == "random" else {}
        input_list.append(InputSpec(**{**image, **seed}))
        seed = {"seed": (kernel["seed"] or 0) + i} if kernel["preset"] == "random" else {}
        kernel_list.append(KernelSpec(**{**kernel, **seed}))
    return msgspec.structs.replace(step, input=SweepInputSpec(channels=input_list), kernel=SweepKernelSpec(channels=kernel_list))


KIND = StepKind(
    tag="sweep",
    struct=SweepStep,
    summary="slide a kernel over an input, one window at a time, with an optional task",
    example="""\
- id: try-it
  kind: sweep            # slide a kernel over an input, one window at a time
  title: Try it
  text: What the learner should look for while stepping.
  input:                 # a matrix ([[0, 1], [1, 0]]) or a generator:
    generator: vertical_line   # zeros, vertical_line, horizontal_line, diagonal, checkerboard,
    size: 8                    # square, ramp, numbered, random
    columns: [3, 4]
  kernel: vertical_line  # a preset (sobel_x, box_blur, identity, ...) or a matrix
  # Several channels: input: {channels: [<input>, ...]} and kernel: {channels: [<kernel>, ...]},
  # one of each per channel (a window adds up every channel's products, then the bias)
  padding: valid         # valid, same (Keras: odd pixel bottom/right), full, N, [rows, cols], [[top, bottom], [left, right]]
  stride: 1              # or [rows, cols]
  dilation: 1
  bias: 0
  task:                  # optional: predict, find_max or find_min
    kind: find_max
    prompt: Step to the window with the largest output.
""",
    check=check,
    order=20,
)
