"""The Keras and PyTorch lines that build a given layer, and where the two frameworks differ."""

from __future__ import annotations

from dataclasses import dataclass

from convtutor.core.arithmetic import PADDING_MODES, ConvPlan
from convtutor.core.layers import Conv2DLayer

# keras.ops.pad's name for each padding mode other than zeros (ZeroPadding2D does those).
_KERAS_PAD_MODE = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}
if {"zeros", *_KERAS_PAD_MODE} != set(PADDING_MODES):  # PADDING_MODES is the one list; this table follows it
    raise ImportError(
        f"convtutor.core.frameworks knows the modes {sorted(_KERAS_PAD_MODE)} besides zeros, but PADDING_MODES "
        f"is {sorted(PADDING_MODES)}."
    )


@dataclass(frozen=True)
class Snippet:
    """Code lines for one framework, and plain-language notes about them."""

    framework: str
    lines: tuple[str, ...]
    notes: tuple[str, ...] = ()


def _size(pair: tuple[int, int]) -> str:
    return f"({pair[0]}, {pair[1]})"


def _padding_name(layer: Conv2DLayer) -> str | None:
    return layer.padding.lower() if isinstance(layer.padding, str) else None


def _sides(plan: ConvPlan) -> tuple[int, int, int, int]:
    """(top, bottom, left, right)."""
    return (plan.rows.before, plan.rows.after, plan.cols.before, plan.cols.after)


def keras_snippet(layer: Conv2DLayer, plan: ConvPlan) -> Snippet:
    """``keras.layers`` lines that reproduce the layer (Keras 3)."""
    name = _padding_name(layer)
    top, bottom, left, right = _sides(plan)
    lines: list[str] = []
    notes: list[str] = []
    native = name in ("valid", "same") and layer.padding_mode == "zeros"
    if not native and any((top, bottom, left, right)):
        widths = f"(({top}, {bottom}), ({left}, {right}))"
        if layer.padding_mode == "zeros":
            lines.append(f"layers.ZeroPadding2D(padding={widths})")
        else:
            mode = _KERAS_PAD_MODE[layer.padding_mode]
            lines.append(
                f'layers.Lambda(lambda t: keras.ops.pad(t, ((0, 0), ({top}, {bottom}), ({left}, {right}), (0, 0)), mode="{mode}"))'
            )
            notes.append(f"Keras has no {layer.padding_mode} padding layer; keras.ops.pad does it.")
        if name == "full":
            notes.append("Keras has no padding='full'; pad k − 1 on each side, then use 'valid'.")
    args = [str(layer.filters), _size(layer.kernel_size)]
    if layer.strides != (1, 1):
        args.append(f"strides={_size(layer.strides)}")
    if native and name == "same":
        args.append('padding="same"')
    if layer.dilation_rate != (1, 1):
        args.append(f"dilation_rate={_size(layer.dilation_rate)}")
    if not layer.use_bias:
        args.append("use_bias=False")
    lines.append(f"layers.Conv2D({', '.join(args)})")
    if layer.strides != (1, 1) and layer.dilation_rate != (1, 1):
        notes.append(
            "Keras refuses strides > 1 together with dilation_rate > 1; "
            "use strides=1 and keep every s-th output instead."
        )
    if native and name == "same" and (bottom > top or right > left):
        notes.append("Keras puts the odd padding pixel at the bottom/right, as here.")
    return Snippet("Keras", tuple(lines), tuple(notes))


def pytorch_snippet(layer: Conv2DLayer, plan: ConvPlan, in_channels: int) -> Snippet:
    """``torch.nn`` lines that reproduce the layer (tensors are (N, C, H, W) in PyTorch)."""
    name = _padding_name(layer)
    top, bottom, left, right = _sides(plan)
    symmetric = top == bottom and left == right
    stride_one = layer.strides == (1, 1)
    lines: list[str] = []
    notes: list[str] = []
    padding_arg: str | None = None
    explicit_pad = False
    if name == "same" and stride_one:
        padding_arg = '"same"'
        if not symmetric:
            notes.append("PyTorch's padding='same' also puts the odd pixel at the bottom/right.")
    elif name == "same" and not stride_one:
        notes.append(
            "PyTorch refuses padding='same' with a stride above 1"
            + (f"; padding={_int_or_pair(top, left)} gives the same result." if symmetric else
               "; pad explicitly with F.pad first, because the padding is uneven.")
        )
        explicit_pad = not symmetric
        if symmetric and (top or left):
            padding_arg = _int_or_pair(top, left)
    elif symmetric:
        if top or left:
            padding_arg = _int_or_pair(top, left)
    else:
        explicit_pad = True
        notes.append(
            "PyTorch's padding= is the same on both sides of an axis; this uneven padding "
            "needs an explicit F.pad before the layer."
        )
    if explicit_pad:
        mode = "" if layer.padding_mode == "zeros" else f', mode="{layer.padding_mode}"'
        lines.append(f"x = F.pad(x, ({left}, {right}, {top}, {bottom}){mode})  # (left, right, top, bottom)")
    args = [str(in_channels), str(layer.filters), f"kernel_size={_size(layer.kernel_size)}"]
    if not stride_one:
        args.append(f"stride={_size(layer.strides)}")
    if padding_arg is not None:
        args.append(f"padding={padding_arg}")
    if layer.dilation_rate != (1, 1):
        args.append(f"dilation={_size(layer.dilation_rate)}")
    if not layer.use_bias:
        args.append("bias=False")
    if layer.padding_mode != "zeros" and not explicit_pad and padding_arg is not None:
        args.append(f'padding_mode="{layer.padding_mode}"')
    lines.append(f"nn.Conv2d({', '.join(args)})")
    return Snippet("PyTorch", tuple(lines), tuple(notes))


def _int_or_pair(rows: int, cols: int) -> str:
    return str(rows) if rows == cols else f"({rows}, {cols})"
