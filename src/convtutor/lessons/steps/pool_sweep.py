"""``pool_sweep``: max or average pooling, one window at a time."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from convtutor.core.arithmetic import pair
from convtutor.core.pool_sweep import PoolSweep
from convtutor.lessons import generators
from convtutor.lessons.fields import INPUT_HELP, Input, KernelSize, Model, Step2, StepBase, Text
from convtutor.lessons.kinds import StepKind
from convtutor.lessons.reporter import DataPath, Reporter, add_all, sentence
from convtutor.lessons.steps.sweep import MAX_PADDED
from convtutor.lessons.steps.transposed_sweep import LayerPadding, layer_padding


class PoolTask(Model, frozen=True, kw_only=True):
    """What the learner does during a pooling sweep: predict each value."""

    kind: Annotated[Literal["predict"], Meta(description="predict: type each output before it is shown")]
    prompt: Annotated[Text | None, Meta(description="what the learner is asked to do, e.g. Predict each maximum.")] = None
    count: Annotated[
        Annotated[int, Meta(ge=1, le=4096)] | None,
        Meta(description="how many windows to predict, the first N, e.g. 2 (default: every window)"),
    ] = None


class PoolSweepStep(StepBase, tag="pool_sweep", frozen=True, kw_only=True):
    """Max or average pooling, one window at a time."""

    input: Annotated[Input, Meta(description=INPUT_HELP + "; one channel")]
    pool: Annotated[Literal["max", "average"], Meta(description="max (the largest pixel of each window) or average")]
    pool_size: Annotated[KernelSize, Meta(description="the window: 2 or [rows, cols]")]
    text: Annotated[Text | None, Meta(description="Markdown shown above the grids; keep it to a few lines")] = None
    strides: Annotated[Step2 | None, Meta(description="how far the window moves: 2 or [rows, cols] (default: the pool size, as in Keras and PyTorch)")] = None
    padding: Annotated[
        LayerPadding,
        Meta(description="'valid' or 'same' (Keras: the padding never counts), or PyTorch's pixels per side, N or [rows, cols], "
             "at most half the pool size (default 'valid')"),
    ] = "valid"
    ceil_mode: Annotated[bool, Meta(description="PyTorch's: round the number of windows up (padding in pixels only; default false)")] = False
    count_include_pad: Annotated[
        bool | None,
        Meta(description="average with PyTorch's padding in pixels: whether the padded zeros count in the divisor (default true, as PyTorch)"),
    ] = None
    task: Annotated[PoolTask | None, Meta(description="what the learner does: {kind: predict, count: 2}")] = None


def make_pool_sweep(step: PoolSweepStep) -> PoolSweep:
    """The core's PoolSweep for a step."""
    return PoolSweep(
        generators.make_input(generators.as_input(step.input)), step.pool, pair(step.pool_size, "pool size"),
        strides=None if step.strides is None else pair(step.strides, "stride"), padding=layer_padding(step.padding),
        ceil_mode=step.ceil_mode, count_include_pad=True if step.count_include_pad is None else step.count_include_pad,
    )


def check(report: Reporter, step: PoolSweepStep, path: DataPath, thorough: bool) -> None:
    if not add_all(report, generators.input_problems(generators.as_input(step.input)), (*path, "input")):
        return
    keras = isinstance(step.padding, str)
    if step.ceil_mode and keras:
        report.add((*path, "ceil_mode"), f"ceil_mode is PyTorch's; Keras' '{step.padding}' has none",
                   "give the padding in pixels (e.g. padding: 0) to use it, or remove ceil_mode")
        return
    if step.count_include_pad is not None:
        if step.pool == "max":
            report.add((*path, "count_include_pad"), "count_include_pad is for average pooling: padding never wins a max", "remove it")
            return
        if keras:
            report.add((*path, "count_include_pad"), f"Keras' '{step.padding}' never counts the padding in an average",
                       "give the padding in pixels (PyTorch) to choose, or remove count_include_pad")
            return
    try:
        sweep = make_pool_sweep(step)
    except ValueError as error:
        text = str(error)
        where = "padding" if "at most half" in text else "pool_size"
        report.add((*path, where), sentence(error), "")
        return
    rows, cols = sweep.grid_shape
    if max(rows, cols) > MAX_PADDED:
        report.add((*path, "input"), f"the padded grid is {rows}×{cols}; sweeps show at most {MAX_PADDED}×{MAX_PADDED}", "use a smaller input")
    if step.task is not None and step.task.count is not None and step.task.count > sweep.count:
        report.add((*path, "task", "count"), f"there are only {sweep.count} windows to predict", "")


KIND = StepKind(
    tag="pool_sweep",
    struct=PoolSweepStep,
    summary="max or average pooling, one window at a time, with an optional predict task",
    example="""\
- id: max-pool
  kind: pool_sweep       # max or average pooling, one window at a time
  title: Max pooling
  input: {generator: numbered, size: 4}
  pool: max              # max | average
  pool_size: 2           # or [rows, cols]
  strides: 2             # optional: defaults to pool_size (Keras and PyTorch)
  padding: valid         # valid | same (Keras: padding never counts) | N | [rows, cols] (PyTorch)
  ceil_mode: false       # PyTorch only (padding in pixels)
  # count_include_pad: true   # average with padding in pixels only (PyTorch's default true)
  task: {kind: predict, count: 2}   # optional: predict the first windows
""",
    check=check,
    order=26,
)
