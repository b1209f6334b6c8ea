"""The Keras and PyTorch lines that build a given layer, and where the two frameworks differ.

Conv2D (:func:`keras_snippet`, :func:`pytorch_snippet`), Conv2DTranspose and the poolings
(:func:`keras_transpose_snippet` ... ; :func:`layer_snippets` picks the right pair for any layer).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from convtutor.core.arithmetic import PADDING_MODES, ConvPlan, PoolPlan, TransposeAxisPlan, TransposePlan, resolve_padding
from convtutor.core.layers import (
    AveragePooling2DLayer,
    Conv2DLayer,
    Conv2DTransposeLayer,
    MaxPooling2DLayer,
    MixedLayerSummary,
    PoolingLayer,
)

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


def _hw(rows: int, cols: int) -> str:
    return f"{rows}×{cols}"


def _on_axes(rows: TransposeAxisPlan, cols: TransposeAxisPlan, test: Callable[[TransposeAxisPlan], bool]) -> str | None:
    """`` on the rows``, `` on the columns``, ``""`` (both) or None (neither): where ``test`` holds."""
    hits = [word for axis, word in ((rows, "rows"), (cols, "columns")) if test(axis)]
    if not hits:
        return None
    return f" on the {hits[0]}" if len(hits) == 1 else ""


def _slice(before_r: int, after_r: int, before_c: int, after_c: int) -> str:
    """``y[:, :, 0:-1, :]``-style slicing of (N, C, H, W) rows and columns."""
    def one(before: int, after: int) -> str:
        if not before and not after:
            return ":"
        return f"{before or ''}:{-after if after else ''}"

    return f"y = y[:, :, {one(before_r, after_r)}, {one(before_c, after_c)}]"


# -- Conv2DTranspose / ConvTranspose2d --------------------------------------------------------
def keras_transpose_snippet(layer: Conv2DTransposeLayer, plan: TransposePlan) -> Snippet:
    """``keras.layers`` lines that reproduce a transposed convolution (Keras 3)."""
    rows, cols = plan.rows, plan.cols
    lines: list[str] = []
    notes: list[str] = []
    args = [str(layer.filters), _size(layer.kernel_size)]
    if layer.strides != (1, 1):
        args.append(f"strides={_size(layer.strides)}")
    crop: tuple[int, int, int, int] | None = None
    if rows.is_keras:
        if layer.padding == "same":
            args.append('padding="same"')
        if layer.output_padding is not None:
            args.append(f"output_padding={_size(layer.output_padding)}")
        filled = [axis.stride - axis.effective_kernel for axis in (rows, cols)
                  if axis.padding == "valid" and axis.output_padding is None and axis.effective_kernel < axis.stride]
        if filled:
            notes.append(
                f"Keras' 'valid' fills in output_padding = max(k, s) − k = {_int_or_pair(*filled) if len(filled) == 2 else filled[0]} "
                f"when none is given: (i − 1)·s + max(k, s){_on_axes(rows, cols, lambda a: a.padding == 'valid' and a.output_padding is None and a.effective_kernel < a.stride)}."
            )
        refused = _on_axes(rows, cols, lambda a: a.padding == "same" and a.output_padding == 0 and a.effective_kernel % 2 == 0)
        if refused is not None:
            notes.append(
                f"Keras' TensorFlow backend refuses 'same' with an even kernel and output_padding 0{refused}; "
                "its JAX and PyTorch backends give these numbers."
            )
    else:
        # PyTorch's crop: 'valid' with the cells output_padding adds past the full result, then Cropping2D.
        extra = (max(-rows.after, 0), max(-cols.after, 0))
        if extra != (0, 0) or rows.effective_kernel < rows.stride or cols.effective_kernel < cols.stride:
            args.append(f"output_padding={_size(extra)}")
        crop = (rows.before, max(rows.after, 0), cols.before, max(cols.after, 0))
        notes.append("Keras' Conv2DTranspose has no padding in pixels: use 'valid', then crop what PyTorch's padding crops.")
        if extra[0] >= rows.stride or extra[1] >= cols.stride:
            notes.append("Keras refuses output_padding ≥ strides, which this layer would need; PyTorch allows it below the dilation.")
        sizes = []
        for axis in (rows, cols):
            keras_default = (axis.size - 1) * axis.stride + max(axis.effective_kernel, axis.stride)
            sizes.append(keras_default)
        if extra == (0, 0) and (rows.effective_kernel < rows.stride or cols.effective_kernel < cols.stride):
            notes.append(
                f"Without output_padding Keras' 'valid' would give {_hw(*sizes)} ((i − 1)·s + max(k, s)) where "
                f"PyTorch gives {_hw(rows.full, cols.full)} ((i − 1)·s + k): pass output_padding={_size(extra)}."
            )
    if layer.dilation_rate != (1, 1):
        args.append(f"dilation_rate={_size(layer.dilation_rate)}")
    if not layer.use_bias:
        args.append("use_bias=False")
    lines.append(f"layers.Conv2DTranspose({', '.join(args)})")
    if crop is not None and any(crop):
        top, bottom, left, right = crop
        lines.append(f"layers.Cropping2D(cropping=(({top}, {bottom}), ({left}, {right})))")
    if layer.strides != (1, 1) and layer.dilation_rate != (1, 1):
        notes.append("Keras refuses strides > 1 together with dilation_rate > 1 (PyTorch allows it).")
    return Snippet("Keras", tuple(lines), tuple(notes))


def pytorch_transpose_snippet(layer: Conv2DTransposeLayer, plan: TransposePlan, in_channels: int) -> Snippet:
    """``torch.nn`` lines that reproduce a transposed convolution (tensors are (N, C, H, W))."""
    rows, cols = plan.rows, plan.cols
    lines: list[str] = []
    notes: list[str] = []
    # PyTorch crops `padding` from both ends, then gives back `output_padding` at the end; what
    # more is cropped at the end than at the start needs a slice.
    padding = (rows.before, cols.before)
    output_padding = (max(rows.before - rows.after, 0), max(cols.before - cols.after, 0))
    sliced = (max(rows.after - rows.before, 0), max(cols.after - cols.before, 0))
    args = [str(in_channels), str(layer.filters), f"kernel_size={_size(layer.kernel_size)}"]
    if layer.strides != (1, 1):
        args.append(f"stride={_size(layer.strides)}")
    if padding != (0, 0):
        args.append(f"padding={_int_or_pair(*padding)}")
    if output_padding != (0, 0):
        args.append(f"output_padding={_int_or_pair(*output_padding)}")
    if layer.dilation_rate != (1, 1):
        args.append(f"dilation={_size(layer.dilation_rate)}")
    if not layer.use_bias:
        args.append("bias=False")
    lines.append(f"nn.ConvTranspose2d({', '.join(args)})")
    if sliced != (0, 0):
        lines.append(_slice(0, sliced[0], 0, sliced[1]) + "  # one more row/column off the end")
    if rows.is_keras:
        notes.append("PyTorch's ConvTranspose2d has no 'valid' or 'same': padding crops each side, output_padding adds at the end.")
        if sliced != (0, 0):
            notes.append(
                f"Keras' 'same' crops {rows.before} at the top and {rows.after} at the bottom"
                + (f", {cols.before} left and {cols.after} right" if (cols.before, cols.after) != (rows.before, rows.after) else "")
                + " here: PyTorch's padding cannot crop unevenly, so slice (as Keras' own PyTorch backend does)."
            )
        if rows.padding == "valid" and output_padding != (0, 0) and layer.output_padding is None:
            notes.append(
                f"Keras' 'valid' gives {_hw(rows.output, cols.output)} here and PyTorch's ConvTranspose2d with padding=0 "
                f"{_hw(rows.full, cols.full)} ((i − 1)·s + k): output_padding={_int_or_pair(*output_padding)} "
                "gives Keras' size (the added rows and columns hold only the bias)."
            )
    return Snippet("PyTorch", tuple(lines), tuple(notes))


# -- MaxPooling2D / AveragePooling2D, MaxPool2d / AvgPool2d -----------------------------------
def _keras_pool_args(layer: PoolingLayer, same: bool) -> str:
    args = [_size(layer.pool_size)]
    if layer.strides != layer.pool_size:
        args.append(f"strides={_size(layer.strides)}")
    if same:
        args.append('padding="same"')
    return ", ".join(args)


def _equals_keras_same(plan: PoolPlan) -> bool:
    """PyTorch's pixels per side that place the windows exactly as Keras' 'same' does."""
    for axis in (plan.rows, plan.cols):
        if axis.dilation != 1:
            return False
        keras = resolve_padding(axis.size, axis.kernel, stride=axis.stride, padding="same")
        if keras != (axis.before, axis.after) or -(-axis.size // axis.stride) != axis.output:
            return False
    return True


def _extent(plan: PoolPlan) -> tuple[int, int]:
    """Cells below/right of the input that windows reach: the padding, and past it with ceil_mode."""
    found = []
    for axis in (plan.rows, plan.cols):
        end = (axis.output - 1) * axis.stride + axis.effective_kernel
        found.append(max(end, axis.padded) - axis.before - axis.size)
    return (found[0], found[1])


def keras_pool_snippet(layer: PoolingLayer, plan: PoolPlan) -> Snippet:
    """``keras.layers`` lines that reproduce a pooling layer (Keras 3)."""
    rows, cols = plan.rows, plan.cols
    is_max = isinstance(layer, MaxPooling2DLayer)
    kind = layer.keras_type
    lines: list[str] = []
    notes: list[str] = []
    top, left = rows.before, cols.before
    bottom, right = _extent(plan)
    if rows.is_keras:
        lines.append(f"layers.{kind}({_keras_pool_args(layer, layer.padding == 'same')})")
        if not is_max and layer.padding == "same" and (rows.before + rows.after + cols.before + cols.after):
            notes.append("Keras' average pooling 'same' divides by the real pixels only: the padding is not counted.")
        if is_max and layer.padding == "same" and (rows.before + rows.after + cols.before + cols.after):
            notes.append("Keras' max pooling 'same': the padding never wins.")
        return Snippet("Keras", tuple(lines), tuple(notes))
    if not any((top, bottom, left, right)):
        lines.append(f"layers.{kind}({_keras_pool_args(layer, False)})")
        if layer.ceil_mode:
            notes.append("ceil_mode changes nothing here: the windows fit exactly.")
        return Snippet("Keras", tuple(lines), tuple(notes))
    exact_same = _equals_keras_same(plan) and (is_max or not _count_include_pad(layer))
    if exact_same:
        lines.append(f"layers.{kind}({_keras_pool_args(layer, True)})")
        notes.append("Keras' 'same' pads exactly as this PyTorch padding does here.")
        return Snippet("Keras", tuple(lines), tuple(notes))
    widths = f"((0, 0), ({top}, {bottom}), ({left}, {right}), (0, 0))"
    if layer.dilation != (1, 1):
        notes.append("Keras' pooling has no dilation: keep the dilated taps yourself, e.g. with keras.ops.")
    if is_max:
        lines.append(f'layers.Lambda(lambda t: keras.ops.pad(t, {widths}, constant_values=float("-inf")))')
        lines.append(f"layers.MaxPooling2D({_keras_pool_args(layer, False)})")
        notes.append("Keras pads a max pool only for 'same'; pad with −inf (as PyTorch does), then pool 'valid'.")
    elif _count_include_pad(layer) and (bottom, right) == (rows.after, cols.after):
        lines.append(f"layers.ZeroPadding2D(padding=(({top}, {bottom}), ({left}, {right})))")
        lines.append(f"layers.AveragePooling2D({_keras_pool_args(layer, False)})")
        notes.append(
            "PyTorch's average counts the padded zeros (count_include_pad=True, its default); Keras' 'same' never does, "
            "so pad with ZeroPadding2D and pool 'valid'."
        )
    else:
        # The sum over the window, divided by a pooled count of the cells PyTorch counts.
        size, strides = _size(layer.pool_size), _size(layer.strides)
        if _count_include_pad(layer):  # the padding counts, the cells ceil_mode reaches past it do not
            pads = f"((0, 0), ({rows.before}, {rows.after}), ({cols.before}, {cols.after}), (0, 0))"
            past = f"((0, 0), (0, {bottom - rows.after}), (0, {right - cols.after}), (0, 0))"
            counted = f"keras.ops.pad(keras.ops.pad(keras.ops.ones_like(t), {pads}, constant_values=1), {past})"
            notes.append(
                "PyTorch counts the padding in this average but not the cells ceil_mode's last window reaches past it; "
                "Keras has neither rule, so divide by a pooled count of the cells PyTorch counts."
            )
        else:
            counted = f"keras.ops.pad(keras.ops.ones_like(t), {widths})"
            notes.append("Keras leaves padding out of an average only with 'same', which pads differently here: divide by a pooled count.")
        lines.append(
            f"layers.Lambda(lambda t: keras.ops.average_pool(keras.ops.pad(t, {widths}), {size}, {strides}) / "
            f"keras.ops.average_pool({counted}, {size}, {strides}))"
        )
    if layer.ceil_mode:
        notes.append("Keras has no ceil_mode: the padding above includes the cells the last window reaches.")
    return Snippet("Keras", tuple(lines), tuple(notes))


def _count_include_pad(layer: PoolingLayer) -> bool:
    return isinstance(layer, AveragePooling2DLayer) and layer.count_include_pad


def pytorch_pool_snippet(layer: PoolingLayer, plan: PoolPlan) -> Snippet:
    """``torch.nn`` lines that reproduce a pooling layer (tensors are (N, C, H, W))."""
    rows, cols = plan.rows, plan.cols
    is_max = isinstance(layer, MaxPooling2DLayer)
    kind = "MaxPool2d" if is_max else "AvgPool2d"
    lines: list[str] = []
    notes: list[str] = []
    args = [f"kernel_size={_size(layer.pool_size)}"]
    if layer.strides != layer.pool_size:
        args.append(f"stride={_size(layer.strides)}")
    sides = (rows.before, rows.after, cols.before, cols.after)
    if rows.is_keras:
        top, bottom, left, right = sides
        if top == bottom and left == right:
            if top or left:
                args.append(f"padding={_int_or_pair(top, left)}")
                if not is_max:
                    args.append("count_include_pad=False")
                    notes.append("Keras' average pooling 'same' excludes the padding where PyTorch's default counts it: count_include_pad=False.")
            lines.append(f"nn.{kind}({', '.join(args)})")
        elif is_max:
            lines.append(f'x = F.pad(x, ({left}, {right}, {top}, {bottom}), value=float("-inf"))  # (left, right, top, bottom)')
            lines.append(f"nn.{kind}({', '.join(args)})")
            notes.append("PyTorch's padding is the same on both sides of an axis; Keras' 'same' puts the odd pixel at the bottom/right, so pad with −inf first.")
        else:
            pad = f"({left}, {right}, {top}, {bottom})"
            size, stride = _size(layer.pool_size), _size(layer.strides)
            lines.append(
                f"y = F.avg_pool2d(F.pad(x, {pad}), {size}, {stride}) / F.avg_pool2d(F.pad(torch.ones_like(x), {pad}), {size}, {stride})"
            )
            notes.append(
                "Keras' 'same' pads unevenly here (the odd pixel bottom/right) and leaves the padding out of the average: "
                "PyTorch needs F.pad and a pooled count of the real pixels (as Keras' own PyTorch backend does)."
            )
        return Snippet("PyTorch", tuple(lines), tuple(notes))
    if rows.before or cols.before:
        args.append(f"padding={_int_or_pair(rows.before, cols.before)}")
    if layer.dilation != (1, 1):
        args.append(f"dilation={_size(layer.dilation)}")
    if layer.ceil_mode:
        args.append("ceil_mode=True")
    if isinstance(layer, AveragePooling2DLayer) and not layer.count_include_pad:
        args.append("count_include_pad=False")
    lines.append(f"nn.{kind}({', '.join(args)})")
    if isinstance(layer, AveragePooling2DLayer) and layer.count_include_pad and (rows.before or cols.before):
        notes.append("PyTorch's average counts the padded zeros by default (count_include_pad=True); Keras' 'same' never does.")
    return Snippet("PyTorch", tuple(lines), tuple(notes))


def layer_snippets(summary: MixedLayerSummary) -> tuple[Snippet, Snippet]:
    """The Keras and the PyTorch snippet of any layer of a worked-out stack."""
    layer, plan, in_channels = summary.layer, summary.plan, summary.input_shape[2]
    if isinstance(layer, Conv2DLayer) and isinstance(plan, ConvPlan):
        return keras_snippet(layer, plan), pytorch_snippet(layer, plan, in_channels)
    if isinstance(layer, Conv2DTransposeLayer) and isinstance(plan, TransposePlan):
        return keras_transpose_snippet(layer, plan), pytorch_transpose_snippet(layer, plan, in_channels)
    if isinstance(layer, (MaxPooling2DLayer, AveragePooling2DLayer)) and isinstance(plan, PoolPlan):
        return keras_pool_snippet(layer, plan), pytorch_pool_snippet(layer, plan)
    raise TypeError(f"No snippets for a {type(layer).__name__} worked out as a {type(plan).__name__}.")
