"""The playground's layer in Keras and in PyTorch, kept true to its settings."""

from __future__ import annotations

from convtutor.core.arithmetic import ConvPlan, PoolPlan, TransposePlan
from convtutor.core.frameworks import (
    keras_pool_snippet,
    keras_snippet,
    keras_transpose_snippet,
    pytorch_pool_snippet,
    pytorch_snippet,
    pytorch_transpose_snippet,
)
from convtutor.core.layers import AveragePooling2DLayer, Conv2DLayer, Conv2DTransposeLayer, MaxPooling2DLayer
from convtutor.learning.playground.grids import layer_plan
from convtutor.learning.playground.settings import PlaySettings


def code(s: PlaySettings) -> list[str]:
    """The layer in Keras and in PyTorch, with notes where the two differ."""
    layer = s.layer()
    found = layer_plan(s)
    if isinstance(layer, Conv2DTransposeLayer) and isinstance(found, TransposePlan):
        keras, torch = keras_transpose_snippet(layer, found), pytorch_transpose_snippet(layer, found, s.channels)
    elif isinstance(layer, Conv2DLayer) and isinstance(found, ConvPlan):
        keras, torch = keras_snippet(layer, found), pytorch_snippet(layer, found, s.channels)
    elif isinstance(layer, (MaxPooling2DLayer, AveragePooling2DLayer)) and isinstance(found, PoolPlan):
        keras, torch = keras_pool_snippet(layer, found), pytorch_pool_snippet(layer, found)
    else:  # plan_layer gives each layer its own plan
        raise TypeError(f"no snippet for {type(layer).__name__}")
    lines = ["Keras", *(f"  {line}" for line in keras.lines), *(f"  note: {note}" for note in keras.notes)]
    lines += ["PyTorch", *(f"  {line}" for line in torch.lines), *(f"  note: {note}" for note in torch.notes)]
    return lines
