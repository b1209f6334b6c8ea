"""``model``: a stack of layers (Conv2D, Conv2DTranspose, pooling) as a Keras-style summary, with
feature maps if weights are set (Conv2D layers only)."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from convtutor.core.arithmetic import pair
from convtutor.lessons import generators
from convtutor.lessons.fields import (
    INPUT_HELP,
    KERNEL_HELP,
    Input,
    Kernel,
    Model,
    Number,
    StepBase,
    Text,
)
from convtutor.lessons.kinds import StepKind
from convtutor.lessons.layers import LayerSpec, check_stack
from convtutor.lessons.reporter import DataPath, Reporter, add_all


class LayerWeights(Model, frozen=True, kw_only=True):
    """One layer's filter: its kernel and bias, for the feature maps."""

    kernel: Annotated[Kernel, Meta(description=KERNEL_HELP + "; as large as the layer's kernel_size")]
    bias: Annotated[Number, Meta(description="added to every output of the layer, e.g. -1 (default 0)")] = 0


class ModelStep(StepBase, tag="model", frozen=True, kw_only=True):
    """A stack of layers, shown as a Keras-style summary (and feature maps of Conv2D layers if weights are set)."""

    input_shape: Annotated[
        list[Annotated[int, Meta(ge=1, le=4096)]],
        Meta(min_length=2, max_length=3, description="the input's size: [rows, cols] or [rows, cols, channels], e.g. [28, 28, 1]"),
    ]
    layers: Annotated[
        list[LayerSpec],
        Meta(min_length=1, description="the layers in order, with Keras' class (type, default Conv2D) and argument names, e.g. [{filters: 8, kernel_size: 3}, {type: MaxPooling2D, pool_size: 2}]"),
    ]
    text: Annotated[Text | None, Meta(description="Markdown shown above the summary")] = None
    input: Annotated[
        Input | None,
        Meta(description=INPUT_HELP + "; one channel, the size of input_shape; needs weights, to show feature maps"),
    ] = None
    weights: Annotated[
        list[LayerWeights] | None,
        Meta(description="one {kernel, bias} per layer (each layer with filters: 1), to show feature maps; needs an input"),
    ] = None


def check(report: Reporter, step: ModelStep, path: DataPath, thorough: bool) -> None:
    if check_stack(report, step.input_shape, step.layers, (*path, "layers")) is None:
        return
    if step.weights is not None and len(step.weights) != len(step.layers):
        report.add((*path, "weights"), f"there are {len(step.layers)} layers but {len(step.weights)} weights", "give one kernel (and bias) per layer")
        return
    if step.input is not None and step.weights is None:
        report.add((*path, "input"), "an input needs weights to run through the layers", "add weights: one kernel per layer")
    if step.weights is not None and step.input is None:
        report.add((*path, "weights"), "weights are only used with an input to run through the layers", "add an input, or remove the weights")
    if step.input is not None:
        image = generators.as_input(step.input)
        if add_all(report, generators.input_problems(image), (*path, "input")):
            shape = generators.input_shape(image)
            if list(shape) != list(step.input_shape[:2]) or (len(step.input_shape) == 3 and step.input_shape[2] != 1):
                report.add((*path, "input"), f"the input is {shape[0]}×{shape[1]}×1 but input_shape says {step.input_shape}")
    for i, (layer, weights) in enumerate(zip(step.layers, step.weights or [], strict=False)):
        if layer.type != "Conv2D":
            report.add((*path, "layers", i, "type"), f"feature maps (weights) are shown for Conv2D layers only, and layer {i + 1} is a {layer.type}",
                       "remove the weights and the input (the summary still shows every layer), or make every layer a Conv2D")
            return
        kernel = generators.as_kernel(weights.kernel)
        if not add_all(report, generators.kernel_problems(kernel), (*path, "weights", i, "kernel")):
            continue
        kh, kw = generators.kernel_shape(kernel)
        if (kh, kw) != pair(layer.kernel_size or 3, "kernel size"):
            report.add((*path, "weights", i, "kernel"), f"this kernel is {kh}×{kw} but layer {i + 1} has kernel_size {layer.kernel_size or 3}")
        if (layer.filters or 1) != 1:
            report.add((*path, "layers", i, "filters"), "feature maps are shown for one filter per layer; set filters: 1 or remove the weights")


KIND = StepKind(
    tag="model",
    struct=ModelStep,
    summary="a stack of layers (Conv2D, Conv2DTranspose, MaxPooling2D, AveragePooling2D) as a Keras-style summary, with feature maps when weights are given",
    example="""\
- id: in-keras
  kind: model            # a Keras-style summary of a stack of layers
  title: The same layer in Keras
  input_shape: [8, 8, 1]
  layers:
    - {filters: 1, kernel_size: 3, padding: valid}
    - {type: MaxPooling2D, pool_size: 2}   # type: Keras' class (default Conv2D)
""",
    check=check,
    order=30,
)
