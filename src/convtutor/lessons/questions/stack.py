"""What the questions about a stack of layers share: the stack written as in model steps
(``input_shape`` and ``layers``), ``layer: N`` to ask about one layer, and the stack worked
out by the core, also with a learner's slip applied to every layer."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Annotated

from msgspec import Meta

from convtutor.core.layers import (
    AveragePooling2DLayer,
    Conv2DLayer,
    Conv2DTransposeLayer,
    Layer,
    MaxPooling2DLayer,
    MixedStackSummary,
    summarize_stack,
)
from convtutor.lessons.fields import AnswerText, QuestionBase
from convtutor.lessons.layers import LayerSpec, check_stack, core_layer
from convtutor.lessons.reporter import DataPath, Reporter

Slip = Callable[[Layer], Layer]
POOLING = (MaxPooling2DLayer, AveragePooling2DLayer)


class StackQuestion(QuestionBase, frozen=True, kw_only=True):
    """A question about a stack of layers (a base: each kind is a subclass)."""

    input_shape: Annotated[
        list[Annotated[int, Meta(ge=1, le=4096)]],
        Meta(min_length=2, max_length=3, description="the input's size: [rows, cols] or [rows, cols, channels], e.g. [32, 32, 3]"),
    ]
    layers: Annotated[
        list[LayerSpec],
        Meta(min_length=1, description="the layers, written as in a model step, e.g. [{filters: 16, kernel_size: 3}, {type: MaxPooling2D, pool_size: 2}]"),
    ]
    layer: Annotated[
        Annotated[int, Meta(ge=1)] | None,
        Meta(description="ask about this layer only, e.g. 2 (1 is the first); leave out for the whole stack"),
    ] = None
    answer: Annotated[
        AnswerText | None,
        Meta(description="optional: the answer as you worked it out, e.g. 56352 or 8x8x32; the validator checks it against the core's"),
    ] = None


def summary(q: StackQuestion, slip: Slip | None = None) -> MixedStackSummary:
    """The stack worked out (ValueError names a layer that does not fit), with ``slip`` applied
    to every layer when given."""
    layers = [core_layer(layer) for layer in q.layers]
    return summarize_stack(q.input_shape, [slip(layer) for layer in layers] if slip else layers)


def try_summary(q: StackQuestion, slip: Slip) -> MixedStackSummary | None:
    """The stack with a slip, or None when the slip makes a kernel not fit (no such wrong answer)."""
    try:
        return summary(q, slip)
    except ValueError:
        return None


def asked(q: StackQuestion) -> str:
    """Which part of the stack is asked about, for the settings line."""
    return "the whole stack" if q.layer is None else f"layer {q.layer} only"


def layer_call(layer: Layer) -> str:
    """A layer as Keras code writes it, short: ``Conv2D(16, 3, strides=2)``, ``MaxPooling2D(2)``."""
    if isinstance(layer, POOLING):
        parts = [_pair(layer.pool_size)]
        if layer.strides != layer.pool_size:
            parts.append(f"strides={_pair(layer.strides)}")
    else:
        parts = [str(layer.filters), _pair(layer.kernel_size)]
        if layer.strides != (1, 1):
            parts.append(f"strides={_pair(layer.strides)}")
    if layer.padding != "valid":
        parts.append(f"padding={layer.padding!r}")
    if isinstance(layer, Conv2DTransposeLayer) and layer.output_padding is not None:
        parts.append(f"output_padding={_pair(layer.output_padding)}")
    if not isinstance(layer, POOLING):
        if layer.dilation_rate != (1, 1):
            parts.append(f"dilation_rate={_pair(layer.dilation_rate)}")
        if not layer.use_bias:
            parts.append("use_bias=False")
    return f"{layer.keras_type}({', '.join(parts)})"


def settings(q: StackQuestion, worked: MixedStackSummary) -> list[str]:
    lines = [f"input {' × '.join(str(v) for v in worked.input_shape)}"]
    lines += [f"  {i + 1}. {layer_call(layer.layer)}" for i, layer in enumerate(worked.layers)]
    return lines


def _pair(value: tuple[int, int]) -> str:
    return str(value[0]) if value[0] == value[1] else f"({value[0]}, {value[1]})"


def without_bias(layer: Layer) -> Layer:
    return layer if isinstance(layer, POOLING) else dataclasses.replace(layer, use_bias=False)


def stride_one(layer: Layer) -> Layer:
    """Every window moved one pixel at a time (a pooling layer's too, whose strides default to its size)."""
    return dataclasses.replace(layer, strides=(1, 1))


def unpadded(layer: Layer) -> Layer:
    """No padding: 'valid', or 0 pixels where the padding was PyTorch's."""
    if isinstance(layer, Conv2DLayer) or isinstance(layer.padding, str):
        return dataclasses.replace(layer, padding="valid")
    return dataclasses.replace(layer, padding=0)


def undilated(layer: Layer) -> Layer:
    return layer if isinstance(layer, POOLING) else dataclasses.replace(layer, dilation_rate=(1, 1))


def window(layer: Layer) -> tuple[tuple[int, int], tuple[int, int]]:
    """(kernel or pool size, dilation) of a layer, per axis."""
    if isinstance(layer, POOLING):
        return layer.pool_size, layer.dilation
    return layer.kernel_size, layer.dilation_rate


def check(report: Reporter, q: StackQuestion, path: DataPath) -> None:
    """The stack must fit, and ``layer`` must name one of its layers."""
    if check_stack(report, q.input_shape, q.layers, (*path, "layers")) is None:
        return
    if q.layer is not None and q.layer > len(q.layers):
        report.add((*path, "layer"), f"the stack has {len(q.layers)} layer{'s' * (len(q.layers) != 1)}, so there is no layer {q.layer}")
