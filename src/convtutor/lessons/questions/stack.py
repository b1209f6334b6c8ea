"""What the questions about a stack of layers share: the stack written as in model steps
(``input_shape`` and ``layers``), ``layer: N`` to ask about one layer, and the stack worked
out by the core, also with a learner's slip applied to every layer."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Annotated

from msgspec import Meta

from convtutor.core.layers import Conv2DLayer, StackSummary, summarize_stack
from convtutor.lessons.fields import AnswerText, QuestionBase
from convtutor.lessons.layers import LayerSpec, core_layer
from convtutor.lessons.reporter import DataPath, Reporter, sentence

Slip = Callable[[Conv2DLayer], Conv2DLayer]


class StackQuestion(QuestionBase, frozen=True, kw_only=True):
    """A question about a stack of Conv2D layers (a base: each kind is a subclass)."""

    input_shape: Annotated[
        list[Annotated[int, Meta(ge=1, le=4096)]],
        Meta(min_length=2, max_length=3, description="the input's size: [rows, cols] or [rows, cols, channels], e.g. [32, 32, 3]"),
    ]
    layers: Annotated[
        list[LayerSpec],
        Meta(min_length=1, description="the Conv2D layers, written as in a model step, e.g. [{filters: 16, kernel_size: 3}, {filters: 32, strides: 2}]"),
    ]
    layer: Annotated[
        Annotated[int, Meta(ge=1)] | None,
        Meta(description="ask about this layer only, e.g. 2 (1 is the first); leave out for the whole stack"),
    ] = None
    answer: Annotated[
        AnswerText | None,
        Meta(description="optional: the answer as you worked it out, e.g. 56352 or 8x8x32; the validator checks it against the core's"),
    ] = None


def summary(q: StackQuestion, slip: Slip | None = None) -> StackSummary:
    """The stack worked out (ValueError names a layer that does not fit), with ``slip`` applied
    to every layer when given."""
    layers = [core_layer(layer) for layer in q.layers]
    return summarize_stack(q.input_shape, [slip(layer) for layer in layers] if slip else layers)


def try_summary(q: StackQuestion, slip: Slip) -> StackSummary | None:
    """The stack with a slip, or None when the slip makes a kernel not fit (no such wrong answer)."""
    try:
        return summary(q, slip)
    except ValueError:
        return None


def asked(q: StackQuestion) -> str:
    """Which part of the stack is asked about, for the settings line."""
    return "the whole stack" if q.layer is None else f"layer {q.layer} only"


def settings(q: StackQuestion, worked: StackSummary) -> list[str]:
    lines = [f"input {' × '.join(str(v) for v in worked.input_shape)}"]
    for i, layer in enumerate(worked.layers):
        conv = layer.layer
        parts = [f"Conv2D({conv.filters}, {_pair(conv.kernel_size)}"]
        if conv.strides != (1, 1):
            parts.append(f"strides={_pair(conv.strides)}")
        if conv.padding != "valid":
            parts.append(f"padding={conv.padding!r}")
        if conv.dilation_rate != (1, 1):
            parts.append(f"dilation_rate={_pair(conv.dilation_rate)}")
        if not conv.use_bias:
            parts.append("use_bias=False")
        lines.append(f"  {i + 1}. " + ", ".join(parts) + ")")
    return lines


def _pair(value: tuple[int, int]) -> str:
    return str(value[0]) if value[0] == value[1] else f"({value[0]}, {value[1]})"


def without_bias(layer: Conv2DLayer) -> Conv2DLayer:
    return dataclasses.replace(layer, use_bias=False)


def check(report: Reporter, q: StackQuestion, path: DataPath) -> None:
    """The stack must fit, and ``layer`` must name one of its layers."""
    try:
        summary(q)
    except ValueError as error:
        report.add((*path, "layers"), sentence(error), "make the input larger, a kernel smaller, or add padding")
        return
    if q.layer is not None and q.layer > len(q.layers):
        report.add((*path, "layer"), f"the stack has {len(q.layers)} layer{'s' * (len(q.layers) != 1)}, so there is no layer {q.layer}")
