"""Stacks of layers: Keras-style shapes, parameter counts and receptive fields.

Conv2D, Conv2DTranspose, MaxPooling2D and AveragePooling2D. Summarising a stack is plain
Python (no NumPy import), so lesson checks stay light.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, ClassVar, TypeAlias, overload

from convtutor.core.arithmetic import (
    KERAS_PADDING_NAMES,
    ConvPlan,
    Padding2D,
    PoolPlan,
    TransposePlan,
    check_count,
    check_mode,
    grow_receptive_field,
    pair,
    plan_conv,
    plan_pool,
    plan_transpose,
)

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True, init=False)
class Conv2DLayer:
    """The settings of one Conv2D layer, named as in Keras.

    Sizes may be given as one number or ``(rows, cols)``; they are stored as ``(rows, cols)``
    pairs, so that every reader sees pairs. A list padding is stored as tuples (hashable).
    """

    keras_type: ClassVar[str] = "Conv2D"
    keras_name: ClassVar[str] = "conv2d"  # Keras names layers conv2d, conv2d_1, ...

    filters: int
    kernel_size: tuple[int, int]
    strides: tuple[int, int]
    padding: Padding2D
    dilation_rate: tuple[int, int]
    use_bias: bool
    padding_mode: str
    name: str | None

    def __init__(
        self,
        filters: int = 1,
        kernel_size: int | tuple[int, int] = 3,
        strides: int | tuple[int, int] = 1,
        padding: Padding2D = "valid",
        dilation_rate: int | tuple[int, int] = 1,
        use_bias: bool = True,
        padding_mode: str = "zeros",
        name: str | None = None,
    ) -> None:
        # Frozen: set through object.__setattr__, normalised once.
        object.__setattr__(self, "filters", check_count("filters", filters))
        object.__setattr__(self, "kernel_size", pair(kernel_size, "kernel size"))
        object.__setattr__(self, "strides", pair(strides, "stride"))
        object.__setattr__(self, "padding", _tuples(padding) if isinstance(padding, list) else padding)
        object.__setattr__(self, "dilation_rate", pair(dilation_rate, "dilation"))
        object.__setattr__(self, "use_bias", use_bias)
        object.__setattr__(self, "padding_mode", check_mode(padding_mode))
        object.__setattr__(self, "name", name)

    def params(self, in_channels: int) -> int:
        """Weights ``kh·kw·c_in·c_out`` plus one bias per filter when ``use_bias``."""
        kh, kw = self.kernel_size
        return kh * kw * in_channels * self.filters + (self.filters if self.use_bias else 0)


@dataclass(frozen=True, init=False)
class Conv2DTransposeLayer:
    """The settings of one Conv2DTranspose (PyTorch: ConvTranspose2d) layer, named as in Keras.

    ``padding`` is Keras' ``"valid"``/``"same"`` or PyTorch's pixels cropped per side, an int or
    ``(rows, cols)``; ``output_padding`` None (Keras' default; 0 in PyTorch), an int or
    ``(rows, cols)``. Checked against the input size when the stack is summarised.
    """

    keras_type: ClassVar[str] = "Conv2DTranspose"
    keras_name: ClassVar[str] = "conv2d_transpose"

    filters: int
    kernel_size: tuple[int, int]
    strides: tuple[int, int]
    padding: str | int | tuple[int, int]
    output_padding: tuple[int, int] | None
    dilation_rate: tuple[int, int]
    use_bias: bool
    name: str | None

    def __init__(
        self,
        filters: int = 1,
        kernel_size: int | tuple[int, int] = 3,
        strides: int | tuple[int, int] = 1,
        padding: str | int | Sequence[int] = "valid",
        output_padding: int | tuple[int, int] | None = None,
        dilation_rate: int | tuple[int, int] = 1,
        use_bias: bool = True,
        name: str | None = None,
    ) -> None:
        object.__setattr__(self, "filters", check_count("filters", filters))
        object.__setattr__(self, "kernel_size", pair(kernel_size, "kernel size"))
        object.__setattr__(self, "strides", pair(strides, "stride"))
        object.__setattr__(self, "padding", _simple_padding(padding))
        object.__setattr__(self, "output_padding", None if output_padding is None else _counts(output_padding, "output padding"))
        object.__setattr__(self, "dilation_rate", pair(dilation_rate, "dilation"))
        object.__setattr__(self, "use_bias", use_bias)
        object.__setattr__(self, "name", name)

    def params(self, in_channels: int) -> int:
        """Weights ``kh·kw·c_out·c_in`` (Keras' kernel is (kh, kw, C_out, C_in)) plus one bias per filter."""
        kh, kw = self.kernel_size
        return kh * kw * self.filters * in_channels + (self.filters if self.use_bias else 0)


@dataclass(frozen=True, init=False)
class MaxPooling2DLayer:
    """A MaxPooling2D (PyTorch: MaxPool2d) layer. ``strides`` default to the pool size;
    ``padding`` is Keras' ``"valid"``/``"same"`` or PyTorch's pixels per side; ``ceil_mode`` and
    ``dilation`` are PyTorch's."""

    keras_type: ClassVar[str] = "MaxPooling2D"
    keras_name: ClassVar[str] = "max_pooling2d"
    kind: ClassVar[str] = "max"

    pool_size: tuple[int, int]
    strides: tuple[int, int]
    padding: str | int | tuple[int, int]
    ceil_mode: bool
    dilation: tuple[int, int]
    name: str | None

    def __init__(
        self,
        pool_size: int | tuple[int, int] = 2,
        strides: int | tuple[int, int] | None = None,
        padding: str | int | Sequence[int] = "valid",
        ceil_mode: bool = False,
        dilation: int | tuple[int, int] = 1,
        name: str | None = None,
    ) -> None:
        size = pair(pool_size, "pool size")
        object.__setattr__(self, "pool_size", size)
        object.__setattr__(self, "strides", size if strides is None else pair(strides, "stride"))
        object.__setattr__(self, "padding", _simple_padding(padding))
        object.__setattr__(self, "ceil_mode", bool(ceil_mode))
        object.__setattr__(self, "dilation", pair(dilation, "dilation"))
        object.__setattr__(self, "name", name)

    def params(self, in_channels: int) -> int:
        return 0


@dataclass(frozen=True, init=False)
class AveragePooling2DLayer:
    """An AveragePooling2D (PyTorch: AvgPool2d) layer. As :class:`MaxPooling2DLayer`, without
    dilation; ``count_include_pad`` is PyTorch's (Keras' 'same' never counts the padding)."""

    keras_type: ClassVar[str] = "AveragePooling2D"
    keras_name: ClassVar[str] = "average_pooling2d"
    kind: ClassVar[str] = "average"
    dilation: ClassVar[tuple[int, int]] = (1, 1)

    pool_size: tuple[int, int]
    strides: tuple[int, int]
    padding: str | int | tuple[int, int]
    ceil_mode: bool
    count_include_pad: bool
    name: str | None

    def __init__(
        self,
        pool_size: int | tuple[int, int] = 2,
        strides: int | tuple[int, int] | None = None,
        padding: str | int | Sequence[int] = "valid",
        ceil_mode: bool = False,
        count_include_pad: bool = True,
        name: str | None = None,
    ) -> None:
        size = pair(pool_size, "pool size")
        object.__setattr__(self, "pool_size", size)
        object.__setattr__(self, "strides", size if strides is None else pair(strides, "stride"))
        object.__setattr__(self, "padding", _simple_padding(padding))
        object.__setattr__(self, "ceil_mode", bool(ceil_mode))
        object.__setattr__(self, "count_include_pad", bool(count_include_pad))
        object.__setattr__(self, "name", name)

    def params(self, in_channels: int) -> int:
        return 0


#: The operations ``convtutor shape --op`` (and ``--layer op=...``) names, in that order.
OPERATIONS = ("conv", "transpose", "maxpool", "avgpool")

#: Every kind of layer a stack can hold.
Layer: TypeAlias = Conv2DLayer | Conv2DTransposeLayer | MaxPooling2DLayer | AveragePooling2DLayer
PoolingLayer: TypeAlias = MaxPooling2DLayer | AveragePooling2DLayer
#: What a layer's settings work out to, on both axes.
LayerPlan: TypeAlias = ConvPlan | TransposePlan | PoolPlan


#: The options only some operations take (``--layer`` keys), by operation.
OPTIONS_OF: dict[str, frozenset[str]] = {
    "conv": frozenset({"mode", "filters", "bias"}),
    "transpose": frozenset({"output_padding", "filters", "bias"}),
    "maxpool": frozenset({"ceil_mode"}),
    "avgpool": frozenset({"ceil_mode", "count_include_pad"}),
}
POOLS = ("maxpool", "avgpool")


def layer_from_options(
    op: str, *, kernel: tuple[int, int] | None, stride: tuple[int, int] | None, padding: Padding2D,
    dilation: tuple[int, int] = (1, 1), filters: int = 1, bias: bool = True, mode: str = "zeros",
    output_padding: tuple[int, int] | None = None, ceil_mode: bool = False, count_include_pad: bool | None = None,
    where: str = "",
) -> Layer:
    """The core's layer for the options of ``convtutor shape`` (and the playground's settings):
    ``kernel`` None is 3 (a pool's: 2), ``stride`` None is 1 (a pool's: its size). ValueError
    (starting with ``where``) says which option does not fit the operation."""
    pool = op in POOLS
    kernel = kernel or ((2, 2) if pool else (3, 3))
    if op == "conv":
        return Conv2DLayer(
            filters=filters, kernel_size=kernel, strides=stride or (1, 1), padding=padding,
            dilation_rate=dilation, use_bias=bias, padding_mode=mode,
        )
    if mode != "zeros":
        raise ValueError(f"{where}padding mode {mode} is for convolutions; {op} pads with zeros (or −inf for a max).")
    simple: str | int | tuple[int, int]
    if isinstance(padding, (str, int)):
        simple = padding
    else:
        first, second = padding
        if not (isinstance(first, int) and isinstance(second, int)):
            raise ValueError(
                f"{where}{op} takes padding valid or same (Keras), or pixels per side N or RxC (PyTorch), "
                "not top,bottom,left,right."
            )
        simple = (first, second)
    if op == "transpose":
        return Conv2DTransposeLayer(
            filters=filters, kernel_size=kernel, strides=stride or (1, 1), padding=simple,
            output_padding=output_padding, dilation_rate=dilation, use_bias=bias,
        )
    if op == "maxpool":
        return MaxPooling2DLayer(kernel, strides=stride, padding=simple, ceil_mode=ceil_mode, dilation=dilation)
    if dilation != (1, 1):
        raise ValueError(f"{where}average pooling has no dilation (PyTorch's AvgPool2d, Keras' AveragePooling2D).")
    if count_include_pad and isinstance(simple, str):
        raise ValueError(
            f"{where}Keras' {simple!r} never counts the padding in an average; "
            "count_include_pad is PyTorch's: give the padding in pixels (e.g. -p 1)."
        )
    return AveragePooling2DLayer(
        kernel, strides=stride, padding=simple, ceil_mode=ceil_mode, count_include_pad=count_include_pad is not False,
    )


def _simple_padding(padding: object) -> str | int | tuple[int, int]:
    """'valid' / 'same' / p / (p_rows, p_cols), stored hashable (the numbers are checked by the plan)."""
    if isinstance(padding, str):
        return padding.lower() if padding.lower() in KERAS_PADDING_NAMES else padding
    if isinstance(padding, (list, tuple)) and len(padding) == 2 and all(_is_int(v) for v in padding):
        return (int(padding[0]), int(padding[1]))
    if isinstance(padding, numbers.Integral) and not isinstance(padding, bool):
        return int(padding)
    raise ValueError(
        f"Cannot read padding {padding!r}: use 'valid' or 'same' (Keras), or pixels per side, "
        "p or (p_rows, p_cols) (PyTorch)."
    )


def _is_int(value: object) -> bool:
    """An int or a NumPy integer, but not a bool (the plan checks the value)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _counts(value: object, name: str) -> tuple[int, int]:
    """A pair of counts from 0: ``1`` -> ``(1, 1)``."""
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return (check_count(name, value[0], minimum=0), check_count(name, value[1], minimum=0))
    if isinstance(value, (list, tuple)):
        raise ValueError(f"{name.capitalize()} must be a whole number or (rows, cols); got {value!r}.")
    n = check_count(name, value, minimum=0)
    return (n, n)


def _tuples(value: object) -> object:
    """Lists, at any depth, as tuples (the structure, and so the padding it spells, is kept)."""
    if isinstance(value, (list, tuple)):
        return tuple(_tuples(v) for v in value)
    return value


@dataclass(frozen=True)
class MixedLayerSummary:
    """One layer of a stack, of any kind, worked out.

    ``receptive_field``: how many input pixels (of the stack's input) one output pixel can
    depend on, at most, ignoring the borders; ``jump``: input pixels between neighbouring
    outputs, a fraction after a transposed convolution (½ after one of stride 2).
    """

    name: str
    layer: Layer
    input_shape: tuple[int, int, int]
    output_shape: tuple[int, int, int]
    plan: LayerPlan
    receptive_field: tuple[int, int]
    jump: tuple[Fraction, Fraction]

    @property
    def keras_type(self) -> str:
        return self.layer.keras_type

    @property
    def weights(self) -> int:
        if isinstance(self.layer, (MaxPooling2DLayer, AveragePooling2DLayer)):
            return 0
        kh, kw = self.layer.kernel_size
        return kh * kw * self.input_shape[2] * self.layer.filters

    @property
    def biases(self) -> int:
        if isinstance(self.layer, (MaxPooling2DLayer, AveragePooling2DLayer)):
            return 0
        return self.layer.filters if self.layer.use_bias else 0

    @property
    def params(self) -> int:
        return self.weights + self.biases

    @property
    def keras_shape(self) -> str:
        return keras_shape(self.output_shape)

    def params_formula(self) -> str:
        """e.g. ``3·3·1·1 weights + 1 bias = 10``; a transposed layer's kernel is kh·kw·C_out·C_in."""
        layer = self.layer
        if isinstance(layer, (MaxPooling2DLayer, AveragePooling2DLayer)):
            return "0 (pooling has no weights)"
        kh, kw = layer.kernel_size
        c_in, c_out = self.input_shape[2], layer.filters
        if isinstance(layer, Conv2DTransposeLayer):
            text = f"{kh}·{kw}·{c_out}·{c_in} weights"
        else:
            text = f"{kh}·{kw}·{c_in}·{c_out} weights"
        if layer.use_bias:
            text += f" + {self.biases} bias{'es' * (self.biases != 1)}"
        return f"{text} = {self.params}"


@dataclass(frozen=True)
class LayerSummary(MixedLayerSummary):
    """One Conv2D layer of a stack, worked out (what a stack of Conv2D layers holds)."""

    layer: Conv2DLayer
    plan: ConvPlan


@dataclass(frozen=True)
class MixedStackSummary:
    """A stack that may mix layer kinds, worked out."""

    input_shape: tuple[int, int, int]
    layers: tuple[MixedLayerSummary, ...] = field(default_factory=tuple)

    @property
    def total_params(self) -> int:
        return sum(layer.params for layer in self.layers)

    @property
    def output_shape(self) -> tuple[int, int, int]:
        return self.layers[-1].output_shape if self.layers else self.input_shape

    def format_keras(self, model_name: str = "sequential") -> str:
        """A plain-text summary laid out like Keras 3's ``model.summary()``."""
        header = ("Layer (type)", "Output Shape", "Param #")
        rows = [(f"{s.name} ({s.keras_type})", s.keras_shape, f"{s.params:,}") for s in self.layers]
        widths = [max(len(r[i]) for r in [header, *rows]) + 2 for i in range(3)]
        widths = [max(widths[0], 31), max(widths[1], 22), max(widths[2], 13)]

        def line(left: str, mid: str, right: str, fill: str) -> str:
            return left + mid.join(fill * (w + 2) for w in widths) + right

        def cells(row: tuple[str, str, str], edge: str) -> str:
            a, b, c = row
            return f"{edge} {a:<{widths[0]}} {edge} {b:<{widths[1]}} {edge} {c:>{widths[2]}} {edge}"

        total = self.total_params
        out = [f'Model: "{model_name}"', line("┏", "┳", "┓", "━"), cells(header, "┃"), line("┡", "╇", "┩", "━")]
        for i, row in enumerate(rows):
            out.append(cells(row, "│"))
            if i < len(rows) - 1:
                out.append(line("├", "┼", "┤", "─"))
        out.append(line("└", "┴", "┘", "─"))
        out.append(f" Total params: {total:,} ({_bytes(total)})")
        out.append(f" Trainable params: {total:,} ({_bytes(total)})")
        out.append(" Non-trainable params: 0 (0.00 B)")
        return "\n".join(out)


@dataclass(frozen=True)
class StackSummary(MixedStackSummary):
    """A stack of Conv2D layers, worked out."""

    layers: tuple[LayerSummary, ...] = field(default_factory=tuple)


def _bytes(params: int) -> str:
    size = params * 4.0  # float32 weights, as Keras reports
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.2f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def keras_shape(hwc: Sequence[int]) -> str:
    """``(6, 6, 1)`` -> ``'(None, 6, 6, 1)'``, Keras' way of writing a batch of any size."""
    return "(None, " + ", ".join(str(v) for v in hwc) + ")"


def input_shape3(shape: Sequence[int]) -> tuple[int, int, int]:
    """``(H, W)`` or ``(H, W, C)`` -> ``(H, W, C)``."""
    if len(shape) == 2:
        shape = (*shape, 1)
    if len(shape) != 3:
        raise ValueError(f"An input shape is (height, width) or (height, width, channels); got {tuple(shape)}.")
    return (
        check_count("input height", shape[0]),
        check_count("input width", shape[1]),
        check_count("input channels", shape[2]),
    )


def plan_layer(layer: Layer, input_hw: tuple[int, int]) -> LayerPlan:
    """Check a layer's settings against the size that reaches it (raises ValueError)."""
    if isinstance(layer, Conv2DLayer):
        return plan_conv(
            input_hw, layer.kernel_size, stride=layer.strides, padding=layer.padding,
            dilation=layer.dilation_rate, padding_mode=layer.padding_mode,
        )
    if isinstance(layer, Conv2DTransposeLayer):
        return plan_transpose(
            input_hw, layer.kernel_size, stride=layer.strides, padding=layer.padding,
            output_padding=layer.output_padding, dilation=layer.dilation_rate,
        )
    return plan_pool(
        input_hw, layer.pool_size, strides=layer.strides, padding=layer.padding,
        ceil_mode=layer.ceil_mode, dilation=layer.dilation,
    )


@overload
def summarize_stack(input_shape: Sequence[int], layers: Sequence[Conv2DLayer]) -> StackSummary: ...
@overload
def summarize_stack(input_shape: Sequence[int], layers: Sequence[Layer]) -> MixedStackSummary: ...
def summarize_stack(input_shape: Sequence[int], layers: Sequence[Layer]) -> MixedStackSummary:
    """Shapes, parameters and receptive fields of a sequence of layers.

    Layers are named as Keras names them, a count per kind: ``conv2d``, ``conv2d_1``,
    ``max_pooling2d``, ...  Raises ValueError (naming the layer) when a layer's settings do not
    fit what reaches it. A stack of Conv2D layers only gives a :class:`StackSummary`.
    """
    shape = input_shape3(input_shape)
    summaries: list[MixedLayerSummary] = []
    rows_steps: list[_Step] = []
    cols_steps: list[_Step] = []
    seen: dict[str, int] = {}
    # (field, jump) per axis while no layer has been transposed: the recurrence carried forward,
    # instead of worked out again over every layer so far for each new one.
    plain: list[tuple[int, int] | None] = [(1, 1), (1, 1)]
    for i, layer in enumerate(layers):
        count = seen.get(layer.keras_name, 0)
        seen[layer.keras_name] = count + 1
        name = layer.name or (layer.keras_name if count == 0 else f"{layer.keras_name}_{count}")
        try:
            plan = plan_layer(layer, (shape[0], shape[1]))
        except ValueError as error:
            text = str(error)
            raise ValueError(
                f"Layer {i + 1} ({name}) gets a {shape[0]}×{shape[1]} input: {text[0].lower()}{text[1:]}"
            ) from None
        transposed = isinstance(plan, TransposePlan)
        for a, (steps, axis) in enumerate(((rows_steps, plan.rows), (cols_steps, plan.cols))):
            steps.append(_Step(transposed, axis.kernel, axis.stride, axis.dilation, axis.before))
            so_far = plain[a]
            plain[a] = None if transposed or so_far is None else grow_receptive_field(
                so_far[0], so_far[1], axis.dilation * (axis.kernel - 1) + 1, axis.stride)
        rows_rf, cols_rf = (
            _field_and_jump(steps) if grown is None else (grown[0], Fraction(grown[1]))
            for steps, grown in ((rows_steps, plain[0]), (cols_steps, plain[1]))
        )
        channels = shape[2] if isinstance(layer, (MaxPooling2DLayer, AveragePooling2DLayer)) else layer.filters
        out = (plan.output_shape[0], plan.output_shape[1], channels)
        fields = (shape, out)
        if isinstance(layer, Conv2DLayer) and isinstance(plan, ConvPlan):
            summaries.append(LayerSummary(name, layer, *fields, plan, (rows_rf[0], cols_rf[0]), (rows_rf[1], cols_rf[1])))
        else:
            summaries.append(MixedLayerSummary(name, layer, *fields, plan, (rows_rf[0], cols_rf[0]), (rows_rf[1], cols_rf[1])))
        shape = out
    convs = [ls for ls in summaries if isinstance(ls, LayerSummary)]
    if len(convs) == len(summaries):
        return StackSummary(input_shape3(input_shape), tuple(convs))
    return MixedStackSummary(input_shape3(input_shape), tuple(summaries))


# -- receptive field through any stack ---------------------------------------------------------
@dataclass(frozen=True)
class _Step:
    """One layer on one axis, as far as which input cells an output cell depends on.

    A window (convolution, pooling): output o reads ``o·s − offset + t·d`` for taps t < k.
    Transposed: output o gets input j wherever ``j·s + t·d = o + offset`` (offset: the crop).
    """

    transposed: bool
    kernel: int
    stride: int
    dilation: int
    offset: int


# Past this many outputs, the pattern of a stack of transposed layers is sampled, not exhausted.
_MAX_PERIOD = 4096


def _field_and_jump(steps: Sequence[_Step]) -> tuple[int, Fraction]:
    """(receptive field, jump) on one axis after the steps, ignoring the borders.

    Without transposed layers: the usual recurrence (grow_receptive_field). With them, which
    inputs an output depends on varies from output to output, with a period of the product of
    their strides; the receptive field is the widest over one period.
    """
    jump = Fraction(1)
    for step in steps:
        jump = jump / step.stride if step.transposed else jump * step.stride
    if not any(step.transposed for step in steps):
        field, whole_jump = 1, 1
        for step in steps:
            field, whole_jump = grow_receptive_field(field, whole_jump, step.dilation * (step.kernel - 1) + 1, step.stride)
        return field, jump
    period = 1
    for step in steps:
        if step.transposed:
            period *= step.stride
    return max(_reach(steps, o) for o in range(min(period, _MAX_PERIOD))), jump


def _reach(steps: Sequence[_Step], out_index: int) -> int:
    """How many consecutive input pixels span what output ``out_index`` of the last step depends on."""
    lo, hi = out_index, out_index
    for step in reversed(steps):
        if not step.transposed:
            lo = lo * step.stride - step.offset
            hi = hi * step.stride - step.offset + (step.kernel - 1) * step.dilation
            continue
        span = _transposed_inputs(step, lo, hi)
        if span is None:
            return 0  # these outputs get only the bias
        lo, hi = span
    return hi - lo + 1


def _transposed_inputs(step: _Step, lo: int, hi: int) -> tuple[int, int] | None:
    """The lowest and highest input a transposed step's outputs lo..hi get something from."""
    s, d, k = step.stride, step.dilation, step.kernel
    first_sum, last_sum = lo + step.offset, hi + step.offset  # j·s + t·d must lie in between

    def reaches(j: int) -> bool:
        t_low = max(0, -((j * s - first_sum) // d))  # ⌈(first_sum − j·s) / d⌉
        t_high = min(k - 1, (last_sum - j * s) // d)
        return t_low <= t_high

    first = -((-(first_sum - (k - 1) * d)) // s)  # ⌈(first_sum − (k − 1)·d) / s⌉
    last = last_sum // s
    low = next((j for j in range(first, last + 1) if reaches(j)), None)
    if low is None:
        return None
    high = next(j for j in range(last, low - 1, -1) if reaches(j))
    return low, high


def run_stack(
    x: object,
    layers: Sequence[Layer],
    weights: Sequence[tuple[object, object] | None],
) -> list[np.ndarray]:
    """Feed ``x`` (H, W) or (H, W, C) through the layers; return each layer's (H, W, C) output.

    ``weights[i]`` is ``(kernel, bias)`` for layer ``i``: for Conv2D the kernel
    ``(kh, kw, C_in, C_out)``, for Conv2DTranspose ``(kh, kw, C_out, C_in)`` (Keras' layouts; or
    ``(kh, kw)`` for one channel in and out) and the bias ``(C_out,)``, a scalar or None. A
    pooling layer has no weights: give None (or anything; it is not read).
    """
    import numpy as np  # only running a stack needs NumPy; summarising it does not

    from convtutor.core.conv import conv2d
    from convtutor.core.pooling import avg_pool2d, max_pool2d
    from convtutor.core.transposed import conv_transpose2d

    if len(weights) != len(layers):
        raise ValueError(f"Got weights for {len(weights)} layers but the stack has {len(layers)}.")
    current = np.asarray(x, dtype=float)
    if current.ndim == 2:
        current = current[:, :, np.newaxis]
    outputs = []
    for layer, pair_ in zip(layers, weights, strict=True):
        if isinstance(layer, MaxPooling2DLayer):
            current = max_pool2d(
                current, layer.pool_size, strides=layer.strides, padding=layer.padding,
                ceil_mode=layer.ceil_mode, dilation=layer.dilation,
            )
            outputs.append(current)
            continue
        if isinstance(layer, AveragePooling2DLayer):
            current = avg_pool2d(
                current, layer.pool_size, strides=layer.strides, padding=layer.padding,
                ceil_mode=layer.ceil_mode, count_include_pad=layer.count_include_pad,
            )
            outputs.append(current)
            continue
        if pair_ is None:
            raise ValueError(f"A {layer.keras_type} layer needs a (kernel, bias) pair, not None.")
        kernel, bias = pair_
        k = np.asarray(kernel, dtype=float)
        if k.ndim == 2:
            k = k[:, :, np.newaxis, np.newaxis]
        filters_axis = 2 if isinstance(layer, Conv2DTransposeLayer) else 3
        if k.ndim != 4 or tuple(k.shape[:2]) != layer.kernel_size or k.shape[filters_axis] != layer.filters:
            raise ValueError(
                f"A kernel of shape {k.shape} does not match a layer of {layer.filters} "
                f"{layer.kernel_size[0]}×{layer.kernel_size[1]} filters"
                + (" (a transposed kernel is (kh, kw, C_out, C_in))." if filters_axis == 2 else ".")
            )
        if isinstance(layer, Conv2DTransposeLayer):
            current = conv_transpose2d(
                current, k, bias if layer.use_bias else None, stride=layer.strides, padding=layer.padding,
                output_padding=layer.output_padding, dilation=layer.dilation_rate,
            )
        else:
            current = conv2d(
                current, k, bias if layer.use_bias else None, stride=layer.strides, padding=layer.padding,
                dilation=layer.dilation_rate, padding_mode=layer.padding_mode,
            )
        outputs.append(current)
    return outputs
