"""A Conv2D layer as lesson files write it (Keras' argument names), shared by model steps and
the questions about stacks of layers, and turned into the core's layer."""

from __future__ import annotations

from convtutor.core.arithmetic import pair
from convtutor.core.layers import Conv2DLayer
from convtutor.lessons.fields import Count, KernelSize, Model, Padding, PaddingMode, Step2, as_padding


class LayerSpec(Model, frozen=True, kw_only=True):
    """One Conv2D layer, with Keras' argument names."""

    filters: Count = 1
    kernel_size: KernelSize = 3
    strides: Step2 = 1
    padding: Padding = "valid"
    dilation_rate: Step2 = 1
    use_bias: bool = True
    padding_mode: PaddingMode = "zeros"


def core_layer(layer: LayerSpec) -> Conv2DLayer:
    """The core's layer for a layer of a model step."""
    return Conv2DLayer(
        filters=layer.filters, kernel_size=pair(layer.kernel_size, "kernel size"), strides=pair(layer.strides, "stride"),
        padding=as_padding(layer.padding), dilation_rate=pair(layer.dilation_rate, "dilation"), use_bias=layer.use_bias,
        padding_mode=layer.padding_mode,
    )


__all__ = ["LayerSpec", "core_layer"]
