"""The playground's layer in Keras and in PyTorch, kept true to its settings."""

from __future__ import annotations

from convtutor.core.frameworks import keras_snippet, pytorch_snippet
from convtutor.core.layers import Conv2DLayer
from convtutor.learning.playground.grids import plan
from convtutor.learning.playground.settings import PlaySettings


def code(s: PlaySettings) -> list[str]:
    """The layer in Keras and in PyTorch, with notes where the two differ."""
    layer = Conv2DLayer(
        filters=s.filters, kernel_size=s.kernel_shape, strides=s.stride, padding=s.padding, dilation_rate=s.dilation,
        use_bias=s.bias, padding_mode=s.padding_mode,
    )
    conv = plan(s)
    keras, torch = keras_snippet(layer, conv), pytorch_snippet(layer, conv, s.channels)
    lines = ["Keras", *(f"  {line}" for line in keras.lines), *(f"  note: {note}" for note in keras.notes)]
    lines += ["PyTorch", *(f"  {line}" for line in torch.lines), *(f"  note: {note}" for note in torch.notes)]
    return lines


