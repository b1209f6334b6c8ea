"""``convtutor shape``: output shape, padding, formula, parameters and framework code of a layer stack.

Convolutions, transposed convolutions and max/average pooling (``--op``, ``--layer op=...``).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, TypedDict, TypeVar

from convtutor.core.arithmetic import PADDING_MODES
from convtutor.parsing import (
    add_layer_options,
    add_operation_options,
    count_argument,
    parse_counts,
    parse_padding,
    parse_pair,
    parse_shape,
)

if TYPE_CHECKING:
    from convtutor.parsing import TypedPadding

if TYPE_CHECKING:
    from fractions import Fraction

    from convtutor.core.layers import Layer, MixedLayerSummary, MixedStackSummary

#: ``--op`` and ``--layer op=...``: the core's operations, and other names people write for them.
OPERATIONS = ("conv", "transpose", "maxpool", "avgpool")  # = convtutor.core.layers.OPERATIONS (checked by a test)
_OP_NAMES = {
    **{name: name for name in OPERATIONS},
    "conv2d": "conv",
    "transposed": "transpose", "conv_transpose": "transpose", "convtranspose": "transpose",
    "conv2dtranspose": "transpose", "deconv": "transpose",
    "max": "maxpool", "max_pool": "maxpool", "maxpool2d": "maxpool", "maxpooling2d": "maxpool",
    "avg": "avgpool", "average": "avgpool", "avg_pool": "avgpool", "avgpool2d": "avgpool",
    "averagepooling2d": "avgpool",
}

_Parser = TypeVar("_Parser", bound=argparse.ArgumentParser)  # main passes its own ArgumentParser subclass

EXAMPLES = f"""\
examples:
  convtutor shape 8x8 --kernel 3
  convtutor shape 8x8 --kernel 3 --stride 2 --padding same
  convtutor shape 32x32x3 --kernel 5 --filters 16 --padding 2
  convtutor shape 8x8 --padding same --layer k=3 --layer k=3 --layer k=3
  convtutor shape 28x28 --layer k=5,f=6 --layer op=maxpool,k=2,s=2 --json
  convtutor shape 5x5 --op transpose --kernel 1 --stride 3
  convtutor shape 7x7 --op avgpool --kernel 3 --stride 2 --padding 1 --ceil-mode
  convtutor shape 16x16x3 --layer k=3,s=2,f=8 --layer op=transpose,k=2,s=2,f=8

--op:    conv (default) | transpose (Conv2DTranspose / ConvTranspose2d) |
         maxpool | avgpool (MaxPooling2D / MaxPool2d, AveragePooling2D / AvgPool2d).
         Pooling takes --kernel as the pool size (default 2) and --stride (default: the pool size).
padding: valid | same (Keras/TensorFlow: the odd pixel goes bottom/right) | full |
         N pixels per side | RxC (rows, cols) | T,B,L,R (top, bottom, left, right).
         A transposed layer or a pooling layer takes valid | same (Keras' rules) or N | RxC
         (PyTorch's: pixels cropped from each side / padded on each side).
--layer: comma-separated key=value; keys op, kernel (k), stride (s), padding (p), dilation (d),
         filters (f), bias (on/off), mode ({"/".join(PADDING_MODES)}), output_padding (out_pad),
         ceil (on/off), count_include_pad (on/off). Keys not given take the values of the options above."""

_LAYER_KEYS = {
    "op": "op", "operation": "op", "type": "op",
    "k": "kernel", "kernel": "kernel", "kernel_size": "kernel", "pool_size": "kernel",
    "s": "stride", "stride": "stride", "strides": "stride",
    "p": "padding", "padding": "padding",
    "d": "dilation", "dilation": "dilation", "dilation_rate": "dilation",
    "f": "filters", "filters": "filters",
    "bias": "bias", "use_bias": "bias",
    "mode": "mode", "padding_mode": "mode",
    "out_pad": "output_padding", "output_padding": "output_padding",
    "ceil": "ceil_mode", "ceil_mode": "ceil_mode",
    "count_include_pad": "count_include_pad", "include_pad": "count_include_pad",
}
_SWITCHES = {"on": True, "true": True, "yes": True, "1": True, "off": False, "false": False, "no": False, "0": False}


def add_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "shape",
        help="work out a convolution's output shape, padding and parameters",
        description="Work out the output shape, the padding on each side, the formula with the "
        "numbers put in, unread rows/cols, the parameter count, and the Keras and PyTorch lines.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("input", type=_shape_arg, help="input size: 8x8, 8x8x3 (channels last) or 8")
    add_layer_options(p, PADDING_MODES)
    add_operation_options(p, OPERATIONS)
    # Not given: a pooling layer's kernel is 2 and its stride its pool size; a convolution's 3 and 1.
    p.set_defaults(kernel=None, stride=None)
    p.add_argument("--layer", action="append", default=[], type=_layer_arg, metavar="SPEC", help="add a layer (repeatable); see below")
    p.add_argument("--json", action="store_true", help="print JSON for scripts")
    p.set_defaults(run=run)


# -- argument types: each raises ArgumentTypeError, which argparse turns into one line ------
def _shape_arg(text: str) -> tuple[int, ...]:
    try:
        dims = parse_shape(text).dims
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if len(dims) == 1:
        dims = dims * 2
    if len(dims) not in (2, 3) or min(dims) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not an input size: write 8x8 or 8x8x3 (height x width x channels)")
    return dims


def _layer_arg(text: str) -> dict[str, object]:
    """``k=3,s=2,p=same`` -> {'kernel': (3, 3), 'stride': (2, 2), 'padding': 'same'}."""
    items: list[list[str]] = []
    for token in text.split(","):
        if "=" in token:
            key, value = token.split("=", 1)
            items.append([key.strip().lower(), value.strip()])
        elif items and token.strip():
            items[-1][1] += "," + token.strip()  # p=0,1,0,1 spans several commas
        elif token.strip():
            raise argparse.ArgumentTypeError(f"{token.strip()!r} in --layer {text!r} is not key=value (e.g. k=3,s=2)")
    spec: dict[str, object] = {}
    for key, value in items:
        name = _LAYER_KEYS.get(key)
        if name is None:
            known = ", ".join(sorted(set(_LAYER_KEYS.values())))
            raise argparse.ArgumentTypeError(f"unknown key {key!r} in --layer {text!r}; known keys: {known}")
        try:
            if name in ("kernel", "stride", "dilation"):
                spec[name] = parse_pair(value, name)
            elif name == "padding":
                spec[name] = parse_padding(value)
            elif name == "filters":
                spec[name] = count_argument(value)
            elif name == "output_padding":
                spec[name] = parse_counts(value, "output padding")
            elif name == "op":
                op = _OP_NAMES.get(value.lower())
                if op is None:
                    raise ValueError(f"op={value!r}: write op={', op='.join(OPERATIONS)}")
                spec[name] = op
            elif name in ("bias", "ceil_mode", "count_include_pad"):
                if value.lower() not in _SWITCHES:
                    raise ValueError(f"{key}={value!r}: write {key}=on or {key}=off")
                spec[name] = _SWITCHES[value.lower()]
            else:
                spec[name] = value.lower()
        except (ValueError, argparse.ArgumentTypeError) as error:
            raise argparse.ArgumentTypeError(f"--layer {text!r}: {error}") from None
    return spec


# -- running ---------------------------------------------------------------------------------
def run(args: argparse.Namespace) -> int:
    from convtutor.core.layers import summarize_stack

    h, w, *rest = args.input
    channels = args.channels or (rest[0] if rest else 1)
    defaults = {
        "op": args.op, "kernel": args.kernel, "stride": args.stride, "padding": args.padding,
        "dilation": args.dilation, "filters": args.filters, "bias": not args.no_bias,
        "mode": args.padding_mode, "output_padding": args.output_padding, "ceil_mode": args.ceil_mode,
        "count_include_pad": args.count_include_pad,
    }
    try:
        specs = [({**defaults, **layer}, set(layer)) for layer in args.layer] or [(defaults, set())]
        _check_options_apply(args, [spec["op"] for spec, _ in specs])
        layers = [_build_layer(spec, given, i) for i, (spec, given) in enumerate(specs)]
        summary = summarize_stack((h, w, channels), layers)
    except ValueError as error:
        print(f"convtutor shape: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(to_json(summary), indent=2, ensure_ascii=False))
    else:
        print(to_text(summary))
    return 0


# (option, the ops it applies to, is it set) for the options only some operations have.
def _op_only_options(args: argparse.Namespace) -> list[tuple[str, tuple[str, ...], bool]]:
    return [
        ("--output-padding", ("transpose",), args.output_padding is not None),
        ("--ceil-mode", ("maxpool", "avgpool"), args.ceil_mode),
        ("--count-include-pad", ("avgpool",), args.count_include_pad is not None),
        ("--padding-mode", ("conv",), args.padding_mode != "zeros"),
    ]


def _check_options_apply(args: argparse.Namespace, ops: list[object]) -> None:
    """An option no layer of the stack can use is a mistake worth a sentence, not silence."""
    for option, fits, given in _op_only_options(args):
        if given and not any(op in fits for op in ops):
            which = " or ".join(f"--op {op}" for op in fits)
            raise ValueError(f"{option} applies to {_OP_WORDS[fits[0]]} ({which}); this stack has none.")


_OP_WORDS = {"conv": "convolutions", "transpose": "transposed convolutions", "maxpool": "pooling layers", "avgpool": "average pooling"}


def _pair_of(value: object) -> tuple[int, int] | None:
    """A (rows, cols) the parser made, or None (not given)."""
    if value is None:
        return None
    if not (isinstance(value, tuple) and len(value) == 2):
        raise TypeError(f"expected (rows, cols), got {value!r}")  # the parser only makes pairs
    return (int(value[0]), int(value[1]))


def _padding_of(value: object) -> TypedPadding:
    if not isinstance(value, (str, int, tuple)):
        raise TypeError(f"expected a padding, got {value!r}")
    return value


def _build_layer(spec: dict[str, object], given: set[str], index: int) -> Layer:
    """The core's layer for one spec; keys given in ``--layer`` must fit its operation."""
    from convtutor.core.layers import OPTIONS_OF, layer_from_options

    op = str(spec["op"])
    for key in ("mode", "output_padding", "ceil_mode", "count_include_pad", "filters", "bias"):
        if key in given and key not in OPTIONS_OF[op]:
            raise ValueError(f"layer {index + 1}: {key}= does not apply to op={op}.")
    include = spec["count_include_pad"]
    return layer_from_options(
        op, kernel=_pair_of(spec["kernel"]), stride=_pair_of(spec["stride"]), padding=_padding_of(spec["padding"]),
        dilation=_pair_of(spec["dilation"]) or (1, 1), filters=int(str(spec["filters"])), bias=bool(spec["bias"]),
        mode=str(spec["mode"]), output_padding=_pair_of(spec["output_padding"]), ceil_mode=bool(spec["ceil_mode"]),
        count_include_pad=None if include is None else bool(include), where=f"layer {index + 1}: ",
    )


class PaddingSidesJSON(TypedDict):
    top: int
    bottom: int
    left: int
    right: int


class FormulaJSON(TypedDict):
    rows: list[str]
    cols: list[str]


class UnreadJSON(TypedDict):
    rows: list[int]
    cols: list[int]


class CodeJSON(TypedDict):
    lines: list[str]
    notes: list[str]


class _LayerJSON(TypedDict):
    name: str
    op: str
    input_shape: list[int]
    kernel_size: list[int]
    strides: list[int]
    dilation_rate: list[int]
    padding: str
    padding_mode: str
    filters: int
    use_bias: bool
    padding_sides: PaddingSidesJSON
    output_shape: list[int]
    keras_shape: str
    pytorch_shape: list[str | int]
    params: int
    weights: int
    biases: int
    params_formula: str
    formula: FormulaJSON
    unread_inputs: UnreadJSON
    unread_explanation: list[str]
    receptive_field: list[int]
    jump: list[int | float]
    keras: CodeJSON
    pytorch: CodeJSON


class LayerJSON(_LayerJSON, total=False):
    """One layer in ``convtutor shape --json``.

    ``kernel_size`` is a pooling layer's pool size and ``filters`` its channels (kept). A
    transposed layer's ``padding_sides`` are the cells cropped from each side of its
    ``full_shape`` (negative: added, as ``output_padding`` adds them).
    """

    output_padding: list[int] | None
    full_shape: list[int]
    ceil_mode: bool
    count_include_pad: bool


class SummaryJSON(TypedDict):
    """What ``convtutor shape --json`` prints."""

    input_shape: list[int]
    output_shape: list[int]
    total_params: int
    layers: list[LayerJSON]


_OP_OF = {"Conv2D": "conv", "Conv2DTranspose": "transpose", "MaxPooling2D": "maxpool", "AveragePooling2D": "avgpool"}


def _number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


def _describe_layer(ls: MixedLayerSummary) -> LayerJSON:
    from convtutor.core.arithmetic import TransposePlan
    from convtutor.core.frameworks import layer_snippets
    from convtutor.core.layers import AveragePooling2DLayer, Conv2DTransposeLayer, MaxPooling2DLayer

    rows, cols = ls.plan.rows, ls.plan.cols
    layer = ls.layer
    keras, torch = layer_snippets(ls)
    extra: dict[str, object] = {}
    if isinstance(layer, (MaxPooling2DLayer, AveragePooling2DLayer)):
        kernel, strides, dilation = layer.pool_size, layer.strides, layer.dilation
        filters, use_bias, mode = ls.output_shape[2], False, "zeros"
        extra["ceil_mode"] = layer.ceil_mode
        if isinstance(layer, AveragePooling2DLayer):
            extra["count_include_pad"] = layer.count_include_pad and not isinstance(layer.padding, str)
    else:
        kernel, strides, dilation = layer.kernel_size, layer.strides, layer.dilation_rate
        filters, use_bias = layer.filters, layer.use_bias
        mode = "zeros" if isinstance(layer, Conv2DTransposeLayer) else layer.padding_mode
        if isinstance(layer, Conv2DTransposeLayer):
            extra["output_padding"] = None if layer.output_padding is None else list(layer.output_padding)
            extra["full_shape"] = list(ls.plan.full_shape) if isinstance(ls.plan, TransposePlan) else []
    described: LayerJSON = {
        "name": ls.name,
        "op": _OP_OF[ls.keras_type],
        "input_shape": list(ls.input_shape),
        "kernel_size": list(kernel),
        "strides": list(strides),
        "dilation_rate": list(dilation),
        "padding": layer.padding if isinstance(layer.padding, str) else "explicit",
        "padding_mode": mode,
        "filters": filters,
        "use_bias": use_bias,
        "padding_sides": {"top": rows.before, "bottom": rows.after, "left": cols.before, "right": cols.after},
        "output_shape": list(ls.output_shape),
        "keras_shape": ls.keras_shape,
        "pytorch_shape": ["N", ls.output_shape[2], ls.output_shape[0], ls.output_shape[1]],
        "params": ls.params,
        "weights": ls.weights,
        "biases": ls.biases,
        "params_formula": ls.params_formula(),
        "formula": {"rows": rows.formula_lines(), "cols": cols.formula_lines()},
        "unread_inputs": {"rows": list(rows.unread_inputs), "cols": list(cols.unread_inputs)},
        "unread_explanation": rows.unread_explanation("rows") + cols.unread_explanation("columns"),
        "receptive_field": list(ls.receptive_field),
        "jump": [_number(ls.jump[0]), _number(ls.jump[1])],
        "keras": {"lines": list(keras.lines), "notes": list(keras.notes)},
        "pytorch": {"lines": list(torch.lines), "notes": list(torch.notes)},
    }
    described.update(extra)  # type: ignore[typeddict-item]  # the optional keys, set above by name
    return described


def to_json(summary: MixedStackSummary) -> SummaryJSON:
    return {
        "input_shape": list(summary.input_shape),
        "output_shape": list(summary.output_shape),
        "total_params": summary.total_params,
        "layers": [_describe_layer(ls) for ls in summary.layers],
    }


def _hw(pair: tuple[int, int]) -> str:
    return f"{pair[0]}×{pair[1]}"


def _padding_words(layer: Layer) -> str:
    from convtutor.core.layers import Conv2DLayer

    if isinstance(layer.padding, str):
        text = f"'{layer.padding}'"
    elif isinstance(layer, Conv2DLayer):
        text = "explicit"
    else:
        rows, cols = layer.padding if isinstance(layer.padding, tuple) else (layer.padding, layer.padding)
        text = f"{rows if rows == cols else _hw((rows, cols))} per side (PyTorch)"
    return text if not isinstance(layer, Conv2DLayer) or layer.padding_mode == "zeros" else f"{text}, {layer.padding_mode}"


def _header(ls: MixedLayerSummary) -> str:
    from convtutor.core.layers import AveragePooling2DLayer, Conv2DTransposeLayer, MaxPooling2DLayer

    h, w, c = ls.input_shape
    layer = ls.layer
    if isinstance(layer, (MaxPooling2DLayer, AveragePooling2DLayer)):
        kind = "max" if isinstance(layer, MaxPooling2DLayer) else "average"
        text = f"{ls.name}: {h}×{w}×{c} input, {kind} pool of {_hw(layer.pool_size)}, stride {_hw(layer.strides)}"
        if layer.dilation != (1, 1):
            text += f", dilation {_hw(layer.dilation)}"
        text += f", padding {_padding_words(layer)}"
        if layer.ceil_mode:
            text += ", ceil_mode"
        if isinstance(layer, AveragePooling2DLayer) and not isinstance(layer.padding, str):
            text += f", count_include_pad={layer.count_include_pad}"
        return text
    what = "transposed " if isinstance(layer, Conv2DTransposeLayer) else ""
    text = (
        f"{ls.name}: {h}×{w}×{c} input, {layer.filters} {what}filter{'s' * (layer.filters != 1)} of "
        f"{_hw(layer.kernel_size)}, stride {_hw(layer.strides)}"
        + (f", dilation {_hw(layer.dilation_rate)}" if layer.dilation_rate != (1, 1) else "")
        + f", padding {_padding_words(layer)}"
    )
    if isinstance(layer, Conv2DTransposeLayer) and layer.output_padding is not None:
        text += f", output_padding {_hw(layer.output_padding)}"
    return text


def _sides_text(top: int, bottom: int, left: int, right: int) -> str:
    return f"top {top}, bottom {bottom}, left {left}, right {right}"


def _layer_text(ls: MixedLayerSummary, label_width: int = 16) -> list[str]:
    from convtutor.core.arithmetic import TransposePlan
    from convtutor.core.formatting import fraction_text
    from convtutor.core.layers import AveragePooling2DLayer, Conv2DLayer, MaxPooling2DLayer

    d = _describe_layer(ls)
    layer = ls.layer
    pad = " " * label_width
    out: list[str] = []

    def field(label: str, lines: list[str]) -> None:
        for i, line in enumerate(lines):
            out.append((f"{label:<{label_width}}" if i == 0 else pad) + line)

    out.append(_header(ls))
    oh, ow, oc = ls.output_shape
    torch_shape = f"(N, {oc}, {oh}, {ow})"
    width = max(len(ls.keras_shape), len(torch_shape)) + 3
    field("Output shape", [f"{ls.keras_shape:<{width}}Keras, channels last", f"{torch_shape:<{width}}PyTorch, channels first"])
    sides = d["padding_sides"]
    top, bottom, left, right = sides["top"], sides["bottom"], sides["left"], sides["right"]
    plan = ls.plan
    if isinstance(plan, TransposePlan):
        rows, cols = plan.rows, plan.cols
        k_sym = "k̂" if (rows.dilation, cols.dilation) != (1, 1) else "k"
        field("Full result", [f"{_hw(plan.full_shape)}: (i − 1)·s + {k_sym} = ({rows.size} − 1)·{rows.stride} + {rows.effective_kernel}"
                              + ("" if (rows.size, rows.stride, rows.effective_kernel) == (cols.size, cols.stride, cols.effective_kernel)
                                 else f" rows, ({cols.size} − 1)·{cols.stride} + {cols.effective_kernel} cols")])
        cropped = _sides_text(top, bottom, left, right)
        if min(bottom, right) < 0:
            cropped += "  (negative: added, holding only the bias)"
        field("Cropped", [cropped])
    else:
        pad_line = _sides_text(top, bottom, left, right)
        if layer.padding == "same" and (bottom > top or right > left):
            pad_line += "  (Keras 'same': the odd pixel goes bottom/right)"
        if isinstance(layer, Conv2DLayer):
            pad_line += "" if layer.padding_mode == "zeros" else f", filled by {layer.padding_mode}"
        elif top or bottom or left or right:
            if isinstance(layer, MaxPooling2DLayer):
                pad_line += ", never the maximum"
            elif isinstance(layer, AveragePooling2DLayer):
                counted = layer.count_include_pad and not isinstance(layer.padding, str)
                pad_line += ", counted in the average" if counted else ", not counted in the average"
        field("Padding", [pad_line])
    rows_f, cols_f = d["formula"]["rows"], d["formula"]["cols"]
    if rows_f == cols_f:
        field("Rows and cols", rows_f)
    else:
        field("Rows", rows_f)
        field("Columns", cols_f)
    unread = d["unread_explanation"]
    if isinstance(plan, TransposePlan):
        field("Never used", unread or ["none: every input pixel adds to some output pixel"])
    else:
        field("Never read", unread or ["none: every input row and column is read by some window"])
    field("Parameters", [ls.params_formula()])
    jump = f"{fraction_text(ls.jump[0])}×{fraction_text(ls.jump[1])}"
    field("Receptive field", [f"{_hw(ls.receptive_field)} input pixels (jump {jump})"])
    for label, code in (("Keras", d["keras"]), ("PyTorch", d["pytorch"])):
        field(label, list(code["lines"]) + [f"note: {n}" for n in code["notes"]])
    return out


def to_text(summary: MixedStackSummary) -> str:
    blocks = []
    if len(summary.layers) > 1:
        blocks.append(summary.format_keras())
    blocks.extend("\n".join(_layer_text(ls)) for ls in summary.layers)
    return "\n\n".join(blocks)
