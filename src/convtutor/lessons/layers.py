"""A layer as lesson files write it (Keras' class and argument names), shared by model steps and
the questions about stacks of layers, and turned into the core's layer.

One struct for every type rather than a tagged union: ``type`` defaults to Conv2D, so files
written before the other types existed stay valid, and a field given to a type that has no use
for it (``filters`` on a MaxPooling2D) is reported at that field, with what to do instead.
Fields that only some types take default to None; :func:`core_layer` puts in Keras' defaults.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from msgspec import Meta

from convtutor.core.arithmetic import pair
from convtutor.core.layers import (
    AveragePooling2DLayer,
    Conv2DLayer,
    Conv2DTransposeLayer,
    Layer,
    MaxPooling2DLayer,
    MixedStackSummary,
    summarize_stack,
)
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
from convtutor.lessons.reporter import DataPath, Reporter, add_all, sentence

#: Keras' class names, in the order the docs list them.
LAYER_TYPES = ("Conv2D", "Conv2DTranspose", "MaxPooling2D", "AveragePooling2D")
POOLING_TYPES = ("MaxPooling2D", "AveragePooling2D")
if TYPE_CHECKING:
    LayerType = str
else:
    LayerType = Literal[LAYER_TYPES]

OutputPadding = Annotated[
    Annotated[int, Meta(ge=0, le=15)] | Annotated[list[Annotated[int, Meta(ge=0, le=15)]], Meta(min_length=2, max_length=2)],
    Meta(description="0, 1 or [rows, cols]"),
]

#: Which types take each field that not every type takes (``padding`` and ``strides``: all).
FIELD_TYPES: dict[str, tuple[str, ...]] = {
    "filters": ("Conv2D", "Conv2DTranspose"),
    "kernel_size": ("Conv2D", "Conv2DTranspose"),
    "dilation_rate": ("Conv2D", "Conv2DTranspose"),
    "use_bias": ("Conv2D", "Conv2DTranspose"),
    "padding_mode": ("Conv2D",),
    "output_padding": ("Conv2DTranspose",),
    "pool_size": POOLING_TYPES,
}
#: What to write instead of a field this type does not take.
INSTEAD = {
    ("kernel_size", "MaxPooling2D"): "a pooling layer's window is pool_size, e.g. pool_size: 2",
    ("kernel_size", "AveragePooling2D"): "a pooling layer's window is pool_size, e.g. pool_size: 2",
    ("pool_size", "Conv2D"): "a convolution's window is kernel_size, e.g. kernel_size: 3",
    ("pool_size", "Conv2DTranspose"): "a convolution's window is kernel_size, e.g. kernel_size: 3",
    ("filters", "MaxPooling2D"): "pooling keeps the channels it gets and has no filters: remove filters",
    ("filters", "AveragePooling2D"): "pooling keeps the channels it gets and has no filters: remove filters",
    ("output_padding", "Conv2D"): "output_padding is for type: Conv2DTranspose",
}


class LayerSpec(Model, frozen=True, kw_only=True):
    """One layer, with Keras' class name (``type``) and argument names."""

    type: Annotated[
        LayerType,
        Meta(description="the Keras layer: Conv2D (default), Conv2DTranspose, MaxPooling2D or AveragePooling2D"),
    ] = "Conv2D"
    filters: Annotated[
        Count | None, Meta(description="Conv2D, Conv2DTranspose: how many filters, so the channels out, e.g. 16 (default 1)"),
    ] = None
    kernel_size: Annotated[
        KernelSize | None, Meta(description="Conv2D, Conv2DTranspose: 3 (3×3) or [rows, cols] such as [3, 5] (default 3)"),
    ] = None
    pool_size: Annotated[
        KernelSize | None, Meta(description="MaxPooling2D, AveragePooling2D: the window, 2 (2×2) or [rows, cols] (default 2)"),
    ] = None
    strides: Annotated[
        Step2 | None,
        Meta(description="how far the window moves: 2 or [rows, cols] such as [1, 2] (default 1; a pooling layer's pool_size)"),
    ] = None
    padding: Annotated[
        Padding,
        Meta(description=PADDING_HELP + " (default 'valid'); Conv2DTranspose and pooling: 'valid', 'same' (Keras) or "
             "N or [rows, cols] pixels per side (PyTorch)"),
    ] = "valid"
    output_padding: Annotated[
        OutputPadding | None,
        Meta(description="Conv2DTranspose: cells added at the bottom/right, below the stride, e.g. 1 or [1, 0] (default none)"),
    ] = None
    dilation_rate: Annotated[
        Step2 | None, Meta(description="Conv2D, Conv2DTranspose: gaps between the kernel's taps: 2 or [rows, cols] (default 1)"),
    ] = None
    use_bias: Annotated[
        bool | None, Meta(description="Conv2D, Conv2DTranspose: whether each filter has a bias: true or false (default true)"),
    ] = None
    padding_mode: Annotated[PaddingMode | None, Meta(description="Conv2D: " + PADDING_MODE_HELP)] = None


def _or(value: object, default: object) -> object:
    return default if value is None else value


def core_layer(layer: LayerSpec) -> Layer:
    """The core's layer for a layer of a model step (assumes :func:`layer_problems` found none)."""
    if layer.type in POOLING_TYPES:
        size = pair(_or(layer.pool_size, 2), "pool size")
        strides = None if layer.strides is None else pair(layer.strides, "stride")
        padding = simple_padding(layer.padding)
        if layer.type == "MaxPooling2D":
            return MaxPooling2DLayer(pool_size=size, strides=strides, padding=padding)
        return AveragePooling2DLayer(pool_size=size, strides=strides, padding=padding)
    kernel = pair(_or(layer.kernel_size, 3), "kernel size")
    strides, dilation = pair(_or(layer.strides, 1), "stride"), pair(_or(layer.dilation_rate, 1), "dilation")
    filters = 1 if layer.filters is None else layer.filters
    use_bias = layer.use_bias is not False
    if layer.type == "Conv2DTranspose":
        op = layer.output_padding  # may be 0, which pair() refuses
        output_padding = None if op is None else (op, op) if isinstance(op, int) else (op[0], op[1])
        return Conv2DTransposeLayer(
            filters=filters, kernel_size=kernel, strides=strides, padding=simple_padding(layer.padding),
            output_padding=output_padding, dilation_rate=dilation, use_bias=use_bias,
        )
    return Conv2DLayer(
        filters=filters, kernel_size=kernel, strides=strides, padding=as_padding(layer.padding),
        dilation_rate=dilation, use_bias=use_bias, padding_mode=layer.padding_mode or "zeros",
    )


def simple_padding(padding: object) -> str | int | tuple[int, int]:
    """Padding of a Conv2DTranspose or pooling layer as the core takes it ('full' and [[t, b], [l, r]]
    are Conv2D's only: :func:`layer_problems` reports them first)."""
    if isinstance(padding, list):
        return (int(padding[0]), int(padding[1]))
    assert isinstance(padding, (str, int))
    return padding


def is_simple_padding(padding: object) -> bool:
    """'valid', 'same', N or [rows, cols]: what Keras' and PyTorch's transposed and pooling layers take."""
    if isinstance(padding, str):
        return padding in ("valid", "same")
    if isinstance(padding, list):
        return all(isinstance(p, int) for p in padding)
    return isinstance(padding, int)


SIMPLE_PADDING_FIX = "use 'valid' or 'same' (Keras), or N or [rows, cols] pixels per side (PyTorch)"


def layer_problems(layer: LayerSpec) -> list[tuple[DataPath, str, str]]:
    """Fields given that this layer's type does not take, and padding it cannot have:
    ``(path relative to the layer, message, fix)``."""
    found: list[tuple[DataPath, str, str]] = []
    for name, types in FIELD_TYPES.items():
        if getattr(layer, name) is None or layer.type in types:
            continue
        fix = INSTEAD.get((name, layer.type), f"remove {name}, or use a layer type that takes it ({', '.join(types)})")
        found.append(((name,), f"{name} does not apply: {layer.type} layers take no {name}", fix))
    if layer.type != "Conv2D" and not is_simple_padding(layer.padding):
        found.append((("padding",), f"a {layer.type} layer's padding is 'valid', 'same', N or [rows, cols], not {layer.padding!r}",
                      SIMPLE_PADDING_FIX))
    return found




def layer_index(message: str) -> int:
    """The layer a summary's error names ("Layer 2 (conv2d_1) gets ..."), counted from 0."""
    try:
        return int(message.split()[1]) - 1
    except (IndexError, ValueError):
        return 0


def _fix(message: str) -> str:
    """What to change for the core's refusal of a stack."""
    if "output padding" in message.lower():
        return "make output_padding smaller than the layer's strides"
    if "at most half the pool size" in message:
        return "use less padding, a larger pool_size, or 'same'"
    return "make the input larger, a kernel smaller, or add padding"


def check_stack(report: Reporter, input_shape: list[int], layers: list[LayerSpec], path: DataPath) -> MixedStackSummary | None:
    """Report what is wrong with a stack as files write it (``path`` leads to its ``layers``);
    the stack worked out when nothing is."""
    problems = [((i, *where), message, fix) for i, layer in enumerate(layers) for where, message, fix in layer_problems(layer)]
    if not add_all(report, problems, path):
        return None
    try:
        return summarize_stack(input_shape, [core_layer(layer) for layer in layers])
    except ValueError as error:
        report.add((*path, layer_index(str(error))), sentence(error), _fix(str(error)))
        return None


__all__ = ["LAYER_TYPES", "LayerSpec", "check_stack", "core_layer", "is_simple_padding", "layer_problems", "simple_padding"]
