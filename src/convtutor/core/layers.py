"""Stacks of Conv2D layers: Keras-style shapes, parameter counts and receptive fields.

Summarising a stack is plain Python (no NumPy import), so lesson checks stay light.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from convtutor.core.arithmetic import ConvPlan, Padding2D, check_count, check_mode, grow_receptive_field, pair, plan_conv

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True, init=False)
class Conv2DLayer:
    """The settings of one Conv2D layer, named as in Keras.

    Sizes may be given as one number or ``(rows, cols)``; they are stored as ``(rows, cols)``
    pairs, so that every reader sees pairs. A list padding is stored as tuples (hashable).
    """

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


def _tuples(value: object) -> object:
    """Lists, at any depth, as tuples (the structure, and so the padding it spells, is kept)."""
    if isinstance(value, (list, tuple)):
        return tuple(_tuples(v) for v in value)
    return value


@dataclass(frozen=True)
class LayerSummary:
    """One layer of a stack, worked out."""

    name: str
    layer: Conv2DLayer
    input_shape: tuple[int, int, int]
    output_shape: tuple[int, int, int]
    plan: ConvPlan
    receptive_field: tuple[int, int]
    jump: tuple[int, int]

    @property
    def weights(self) -> int:
        kh, kw = self.layer.kernel_size
        return kh * kw * self.input_shape[2] * self.layer.filters

    @property
    def biases(self) -> int:
        return self.layer.filters if self.layer.use_bias else 0

    @property
    def params(self) -> int:
        return self.weights + self.biases

    @property
    def keras_shape(self) -> str:
        return keras_shape(self.output_shape)

    def params_formula(self) -> str:
        """e.g. ``3·3·1·1 weights + 1 bias = 10``."""
        kh, kw = self.layer.kernel_size
        text = f"{kh}·{kw}·{self.input_shape[2]}·{self.layer.filters} weights"
        if self.layer.use_bias:
            text += f" + {self.biases} bias{'es' * (self.biases != 1)}"
        return f"{text} = {self.params}"


@dataclass(frozen=True)
class StackSummary:
    input_shape: tuple[int, int, int]
    layers: tuple[LayerSummary, ...] = field(default_factory=tuple)

    @property
    def total_params(self) -> int:
        return sum(layer.params for layer in self.layers)

    @property
    def output_shape(self) -> tuple[int, int, int]:
        return self.layers[-1].output_shape if self.layers else self.input_shape

    def format_keras(self, model_name: str = "sequential") -> str:
        """A plain-text summary laid out like Keras 3's ``model.summary()``."""
        header = ("Layer (type)", "Output Shape", "Param #")
        rows = [(f"{s.name} (Conv2D)", s.keras_shape, f"{s.params:,}") for s in self.layers]
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


def summarize_stack(input_shape: Sequence[int], layers: Sequence[Conv2DLayer]) -> StackSummary:
    """Shapes, parameters and receptive fields of a sequence of Conv2D layers.

    Layers are named as Keras names them: ``conv2d``, ``conv2d_1``, ...  Raises ValueError
    (naming the layer) when a kernel does not fit what reaches it.
    """
    shape = input_shape3(input_shape)
    summaries = []
    rows_rf, cols_rf = (1, 1), (1, 1)  # (receptive field, jump) on each axis
    for i, layer in enumerate(layers):
        name = layer.name or ("conv2d" if i == 0 else f"conv2d_{i}")
        try:
            plan = plan_conv(
                shape[:2], layer.kernel_size, stride=layer.strides, padding=layer.padding,
                dilation=layer.dilation_rate, padding_mode=layer.padding_mode,
            )
        except ValueError as error:
            text = str(error)
            raise ValueError(
                f"Layer {i + 1} ({name}) gets a {shape[0]}×{shape[1]} input: {text[0].lower()}{text[1:]}"
            ) from None
        rows_rf = grow_receptive_field(*rows_rf, plan.rows.effective_kernel, plan.rows.stride)
        cols_rf = grow_receptive_field(*cols_rf, plan.cols.effective_kernel, plan.cols.stride)
        out = (plan.rows.output, plan.cols.output, layer.filters)
        summaries.append(LayerSummary(name, layer, shape, out, plan, (rows_rf[0], cols_rf[0]), (rows_rf[1], cols_rf[1])))
        shape = out
    return StackSummary(input_shape3(input_shape), tuple(summaries))


def run_stack(
    x: object,
    layers: Sequence[Conv2DLayer],
    weights: Sequence[tuple[object, object]],
) -> list[np.ndarray]:
    """Feed ``x`` (H, W) or (H, W, C) through the layers; return each layer's (H, W, C) output.

    ``weights[i]`` is ``(kernel, bias)`` for layer ``i``: the kernel ``(kh, kw, C_in, C_out)``
    (or ``(kh, kw)`` for one channel in and out) and the bias ``(C_out,)``, a scalar or None.
    """
    import numpy as np  # only running a stack needs NumPy; summarising it does not

    from convtutor.core.conv import conv2d

    if len(weights) != len(layers):
        raise ValueError(f"Got weights for {len(weights)} layers but the stack has {len(layers)}.")
    current = np.asarray(x, dtype=float)
    if current.ndim == 2:
        current = current[:, :, np.newaxis]
    outputs = []
    for layer, (kernel, bias) in zip(layers, weights, strict=True):
        k = np.asarray(kernel, dtype=float)
        if k.ndim == 2:
            k = k[:, :, np.newaxis, np.newaxis]
        if tuple(k.shape[:2]) != layer.kernel_size or k.shape[3] != layer.filters:
            raise ValueError(
                f"A kernel of shape {k.shape} does not match a layer of {layer.filters} "
                f"{layer.kernel_size[0]}×{layer.kernel_size[1]} filters."
            )
        current = conv2d(
            current, k, bias if layer.use_bias else None, stride=layer.strides, padding=layer.padding,
            dilation=layer.dilation_rate, padding_mode=layer.padding_mode,
        )
        outputs.append(current)
    return outputs
