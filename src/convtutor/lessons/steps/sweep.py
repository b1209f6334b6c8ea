"""``sweep``: slide a kernel over an input, one window at a time."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from convtutor.core.arithmetic import ConvPlan, pair, plan_conv
from convtutor.core.sweep import Sweep
from convtutor.lessons import generators
from convtutor.lessons.fields import Input, Kernel, Model, Number, Padding, PaddingMode, Step2, StepBase, Text, as_padding
from convtutor.lessons.kinds import StepKind
from convtutor.lessons.reporter import DataPath, Reporter, add_all, sentence

MAX_PADDED = 80  # a sweep's padded grid, per axis: what a terminal can show


class SweepTask(Model, frozen=True, kw_only=True):
    """What the learner does during a sweep: predict each value, or find the largest/smallest."""

    kind: Literal["predict", "find_max", "find_min"]
    prompt: Text | None = None
    count: Annotated[int, Meta(ge=1, le=4096)] | None = None
    show: Annotated[
        Literal["products", "window", "nothing"],
        Meta(description="while a value is to be predicted: its products written out, only the highlighted window, or nothing"),
    ] = "window"


class SweepStep(StepBase, tag="sweep", frozen=True, kw_only=True):
    """Slide a kernel over an input, one window at a time."""

    input: Input
    kernel: Kernel
    text: Text | None = None
    bias: Number = 0
    padding: Padding = "valid"
    stride: Step2 = 1
    dilation: Step2 = 1
    padding_mode: PaddingMode = "zeros"
    task: SweepTask | None = None


def sweep_plan(step: SweepStep) -> ConvPlan:
    """Both axes of a sweep step, checked by the core (ValueError if the kernel does not fit)."""
    return plan_conv(
        generators.input_shape(generators.as_input(step.input)),
        generators.kernel_shape(generators.as_kernel(step.kernel)),
        stride=pair(step.stride, "stride"), padding=as_padding(step.padding), dilation=pair(step.dilation, "dilation"),
        padding_mode=step.padding_mode,
    )


def make_sweep(step: SweepStep) -> Sweep:
    """The core's Sweep for a sweep step."""
    return Sweep(
        generators.make_input(generators.as_input(step.input)),
        generators.make_kernel(generators.as_kernel(step.kernel)),
        step.bias, stride=pair(step.stride, "stride"), padding=as_padding(step.padding),
        dilation=pair(step.dilation, "dilation"), padding_mode=step.padding_mode,
    )


def check(report: Reporter, step: SweepStep, path: DataPath, thorough: bool) -> None:
    image = generators.as_input(step.input)
    kernel = generators.as_kernel(step.kernel)
    ok = add_all(report, generators.input_problems(image), (*path, "input"))
    ok &= add_all(report, generators.kernel_problems(kernel), (*path, "kernel"))
    if not ok:
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
