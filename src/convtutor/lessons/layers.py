"""A Conv2D layer as lesson files write it (Keras' argument names), shared by model steps and
the questions about stacks of layers, and turned into the core's layer."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from convtutor.core.arithmetic import pair
from convtutor.core.layers import Conv2DLayer
from convtutor.lessons.fields import (
    PADDING_HELP,
    PADDING_MODE_HELP,
    Count,
    KernelSize,
    Model,
    Padding,
    PaddingMode,
    Step2,
    as_padding,
)


class LayerSpec(Model, frozen=True, kw_only=True):
    """One Conv2D layer, with Keras' argument names."""

    filters: Annotated[Count, Meta(description="how many filters, so the channels out, e.g. 16 (default 1)")] = 1
    kernel_size: Annotated[KernelSize, Meta(description="3 (3×3) or [rows, cols] such as [3, 5] (default 3)")] = 3
    strides: Annotated[Step2, Meta(description="how far the kernel moves: 2 or [rows, cols] such as [1, 2] (default 1)")] = 1
    padding: Annotated[Padding, Meta(description=PADDING_HELP + " (default 'valid')")] = "valid"
    dilation_rate: Annotated[Step2, Meta(description="gaps between the kernel's taps: 2 or [rows, cols] (default 1)")] = 1
    use_bias: Annotated[bool, Meta(description="whether each filter has a bias: true or false (default true)")] = True
    padding_mode: Annotated[PaddingMode, Meta(description=PADDING_MODE_HELP)] = "zeros"


def core_layer(layer: LayerSpec) -> Conv2DLayer:
    """The core's layer for a layer of a model step."""
    return Conv2DLayer(
        filters=layer.filters, kernel_size=pair(layer.kernel_size, "kernel size"), strides=pair(layer.strides, "stride"),
        padding=as_padding(layer.padding), dilation_rate=pair(layer.dilation_rate, "dilation"), use_bias=layer.use_bias,
        padding_mode=layer.padding_mode,
    )


__all__ = ["LayerSpec", "core_layer"]
