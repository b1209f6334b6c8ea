"""``model_params``: the parameters of a stack of layers (or of one of its layers)."""

from __future__ import annotations

from convtutor.core.layers import MixedLayerSummary, MixedStackSummary
from convtutor.lessons.kinds import Mistake, QuestionKind
from convtutor.lessons.questions import stack
from convtutor.lessons.questions.posed import Posed, read_int, texts


class ModelParamsQuestion(stack.StackQuestion, tag="model_params", frozen=True, kw_only=True):
    """How many parameters the stack (or layer ``layer``) has, computed by the core."""


def _count(worked: MixedStackSummary, layer: int | None) -> int:
    return worked.total_params if layer is None else worked.layers[layer - 1].params


def _as_conv(layer: MixedLayerSummary) -> int:
    """A pooling layer's parameters if it were a Conv2D of its window, keeping the channels."""
    (ph, pw), _ = stack.window(layer.layer)
    channels = layer.input_shape[2]
    return ph * pw * channels * channels + channels


def pose(q: ModelParamsQuestion, values: dict[str, int]) -> Posed:
    worked = stack.summary(q)
    chosen = worked.layers if q.layer is None else [worked.layers[q.layer - 1]]
    expected = _count(worked, q.layer)
    mistakes: dict[str, object] = {"forgot_bias": _count(stack.summary(q, stack.without_bias), q.layer)}
    # Every layer's filters see the input's channels: the channels of the layer before are forgotten.
    channels = worked.input_shape[2]
    same = sum(layer.params - layer.weights + layer.weights // layer.input_shape[2] * channels for layer in chosen)
    mistakes["same_in_channels"] = same
    if q.layer is None and len(worked.layers) > 1:
        mistakes["last_layer_only"] = worked.layers[-1].params
    pools = [layer for layer in chosen if isinstance(layer.layer, stack.POOLING)]
    if pools:  # counted a pooling layer as a Conv2D with its window, channels in = channels out
        mistakes["gave_pooling_params"] = expected + sum(_as_conv(layer) for layer in pools)
    mistakes = {name: value for name, value in mistakes.items() if value != expected}
    default = "How many parameters does the whole stack have?" if q.layer is None else f"How many parameters does layer {q.layer} have?"
    prompt, hints = texts(q, values, default)
    lines = [f"{layer.name}: {layer.params_formula()}" for layer in chosen]
    if len(chosen) > 1:  # the sum first: it is the answer's shape; each layer's count follows
        lines.insert(0, f"In all: {' + '.join(f'{layer.params:,}' for layer in chosen)} = {expected:,}")
    return Posed(q, values, prompt, stack.settings(q, worked), f"{expected:,}", lines, hints, expected, mistakes)


KIND = QuestionKind(
    tag="model_params",
    struct=ModelParamsQuestion,
    summary="parameters of a stack of layers (or of `layer: N`)",
    settings="`input_shape`, `layers` (as in a model step), `layer`",
    example="""\
- id: stack-params
  kind: model_params
  input_shape: [32, 32, 3]
  layers:
    - {filters: 16, kernel_size: 3}
    - {filters: 32, kernel_size: 3, strides: 2, padding: same}
  feedback:
    - mistake: same_in_channels
      message: The second layer's filters see 16 channels, the first layer's filters.
""",
    pose=pose,
    read=read_int,
    answer_format=lambda posed: "a whole number",
    mistakes=(
        Mistake("forgot_bias", "left out the biases", "That counts the weights only: each filter of each layer also has a bias."),
        Mistake("same_in_channels", "gave every layer the input's channels",
                "Each layer's filters see the channels of the layer before it (its filters), not the input's channels."),
        Mistake("last_layer_only", "counted the last layer only", "That is the last layer's count; add every layer's parameters."),
        Mistake("gave_pooling_params", "gave pooling layers parameters",
                "A pooling layer learns nothing: it takes the max (or the mean) of each window, so it has 0 parameters."),
    ),
    check=stack.check,
    order=45,
)
