"""``transposed_sweep``: a transposed convolution, one input pixel at a time (scatter), or as
the stride-1 sweep of the zero-stuffed input (direct); the learner toggles the two."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from convtutor.core.arithmetic import pair
from convtutor.core.transposed_sweep import TransposedSweep
from convtutor.lessons import generators
from convtutor.lessons.fields import (
    INPUT_HELP,
    KERNEL_HELP,
    Input,
    Kernel,
    Number,
    PaddingSide,
    Step2,
    StepBase,
    Text,
)
from convtutor.lessons.kinds import StepKind
from convtutor.lessons.reporter import DataPath, Reporter, add_all, sentence
from convtutor.lessons.steps.sweep import MAX_PADDED

#: The padding a transposed convolution or a pooling layer takes: Keras' two names, or PyTorch's
#: pixels per side (the same on both sides of an axis), with [rows, cols] for two axes.
LayerPadding = Annotated[
    Literal["valid", "same"] | PaddingSide | Annotated[list[PaddingSide], Meta(min_length=2, max_length=2)],
    Meta(description="'valid' or 'same' (Keras 3), or PyTorch's pixels per side: N or [rows, cols]"),
]
OutputPaddingSide = Annotated[int, Meta(ge=0, le=15)]
OutputPadding = Annotated[
    OutputPaddingSide | Annotated[list[OutputPaddingSide], Meta(min_length=2, max_length=2)],
    Meta(description="cells given back at the bottom/right: N or [rows, cols], below the stride"),
]


def layer_padding(value: str | int | list[int]) -> str | int | tuple[int, int]:
    """The padding as the core takes it (a tuple for [rows, cols])."""
    return (value[0], value[1]) if isinstance(value, list) else value


class TransposedSweepStep(StepBase, tag="transposed_sweep", frozen=True, kw_only=True):
    """A transposed convolution, one input pixel at a time."""

    input: Annotated[Input, Meta(description=INPUT_HELP + "; one channel")]
    kernel: Annotated[Kernel, Meta(description=KERNEL_HELP + "; one channel")]
    text: Annotated[Text | None, Meta(description="Markdown shown above the grids; keep it to a few lines")] = None
    stride: Annotated[Step2, Meta(description="how far apart neighbouring pixels' kernel copies land: 2 or [rows, cols] (default 1)")] = 1
    padding: Annotated[
        LayerPadding,
        Meta(description="'valid' or 'same' (Keras 3's Conv2DTranspose), or the cells PyTorch's ConvTranspose2d crops from each side: "
             "N or [rows, cols] (default 'valid')"),
    ] = "valid"
    output_padding: Annotated[
        OutputPadding | None,
        Meta(description="cells given back at the bottom/right: N or [rows, cols], below the stride (default: none, "
             "Keras' default with 'valid'/'same', 0 with PyTorch's padding)"),
    ] = None
    bias: Annotated[Number, Meta(description="added to every output, e.g. -1 (default 0)")] = 0
    view: Annotated[
        Literal["scatter", "direct"],
        Meta(description="the view shown first: scatter (each input pixel adds a scaled kernel copy, the default) or direct "
             "(the stride-1 sweep of the zero-stuffed input); the learner toggles them"),
    ] = "scatter"


def make_transposed_sweep(step: TransposedSweepStep) -> TransposedSweep:
    """The core's TransposedSweep for a step."""
    output_padding = step.output_padding
    return TransposedSweep(
        generators.make_input(generators.as_input(step.input)), generators.make_kernel(generators.as_kernel(step.kernel)),
        step.bias, stride=pair(step.stride, "stride"), padding=layer_padding(step.padding),
        output_padding=(output_padding[0], output_padding[1]) if isinstance(output_padding, list) else output_padding,
    )


def check(report: Reporter, step: TransposedSweepStep, path: DataPath, thorough: bool) -> None:
    image = generators.as_input(step.input)
    kernel = generators.as_kernel(step.kernel)
    ok = add_all(report, generators.input_problems(image), (*path, "input"))
    ok &= add_all(report, generators.kernel_problems(kernel), (*path, "kernel"))
    if not ok:
        return
    try:
        sweep = make_transposed_sweep(step)
    except ValueError as error:
        text = str(error)
        if "utput padding" in text:
            where, hint = "output_padding", "output_padding gives back fewer cells than one stride: make it smaller or the stride larger"
        elif "no output" in text:
            where, hint = "padding", "PyTorch's padding crops cells from each side: use less of it, or a larger input or kernel"
        else:
            where, hint = "kernel", ""
        report.add((*path, where), sentence(error), hint)
        return
    canvas = sweep.canvas_shape()
    direct = sweep.direct_shape()
    biggest = max(*canvas, *direct)
    if biggest > MAX_PADDED:
        report.add(
            (*path, "input"),
            f"the grids would be {biggest} cells across (the full result {canvas[0]}×{canvas[1]}, the stuffed and padded input "
            f"{direct[0]}×{direct[1]}); a terminal shows at most {MAX_PADDED}",
            "use a smaller input, kernel or stride",
        )


KIND = StepKind(
    tag="transposed_sweep",
    struct=TransposedSweepStep,
    summary="a transposed convolution, one input pixel at a time (scatter), or as a sweep of the zero-stuffed input (direct)",
    example="""\
- id: scatter-2x2
  kind: transposed_sweep # a transposed convolution, one input pixel at a time
  title: Going back up
  text: Each input pixel adds a scaled copy of the kernel into the output.
  input: [[1, 2], [3, 4]]  # a matrix or a generator, one channel
  kernel: [[1, 1], [1, 1]] # a matrix or a preset, one channel
  stride: 2              # or [rows, cols]
  padding: valid         # valid | same (Keras 3) | N | [rows, cols] (PyTorch's crop)
  output_padding: 1      # optional, N or [rows, cols], below the stride
  bias: 0
  view: scatter          # scatter (default) | direct; the learner toggles with t
""",
    check=check,
    order=25,
)
