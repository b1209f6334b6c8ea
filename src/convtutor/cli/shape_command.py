"""``convtutor shape``: output shape, padding, formula, parameters and framework code of a layer stack."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, TypedDict, TypeVar

from convtutor.core.arithmetic import PADDING_MODES
from convtutor.parsing import add_layer_options, count_argument, parse_padding, parse_pair, parse_shape

if TYPE_CHECKING:
    from convtutor.core.layers import Conv2DLayer, LayerSummary, StackSummary

_Parser = TypeVar("_Parser", bound=argparse.ArgumentParser)  # main passes its own ArgumentParser subclass

EXAMPLES = f"""\
examples:
  convtutor shape 8x8 --kernel 3
  convtutor shape 8x8 --kernel 3 --stride 2 --padding same
  convtutor shape 32x32x3 --kernel 5 --filters 16 --padding 2
  convtutor shape 8x8 --padding same --layer k=3 --layer k=3 --layer k=3
  convtutor shape 28x28 --layer k=5,f=6 --layer k=2,s=2 --json

padding: valid | same (Keras/TensorFlow: the odd pixel goes bottom/right) | full |
         N pixels per side | RxC (rows, cols) | T,B,L,R (top, bottom, left, right)
--layer: comma-separated key=value; keys kernel (k), stride (s), padding (p), dilation (d),
         filters (f), bias (on/off), mode ({"/".join(PADDING_MODES)}).
         Keys not given take the values of the options above."""

_LAYER_KEYS = {
    "k": "kernel", "kernel": "kernel", "kernel_size": "kernel",
    "s": "stride", "stride": "stride", "strides": "stride",
    "p": "padding", "padding": "padding",
    "d": "dilation", "dilation": "dilation", "dilation_rate": "dilation",
    "f": "filters", "filters": "filters",
    "bias": "bias", "use_bias": "bias",
    "mode": "mode", "padding_mode": "mode",
}


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
            known = ", ".join(sorted({"kernel", "stride", "padding", "dilation", "filters", "bias", "mode"}))
            raise argparse.ArgumentTypeError(f"unknown key {key!r} in --layer {text!r}; known keys: {known}")
        try:
            if name in ("kernel", "stride", "dilation"):
                spec[name] = parse_pair(value, name)
            elif name == "padding":
                spec[name] = parse_padding(value)
            elif name == "filters":
                spec[name] = count_argument(value)
            elif name == "bias":
                if value.lower() not in ("on", "off", "true", "false", "yes", "no", "1", "0"):
                    raise ValueError(f"bias={value!r}: write bias=on or bias=off")
                spec[name] = value.lower() in ("on", "true", "yes", "1")
            else:
                spec[name] = value.lower()
        except (ValueError, argparse.ArgumentTypeError) as error:
            raise argparse.ArgumentTypeError(f"--layer {text!r}: {error}") from None
    return spec


# -- running ---------------------------------------------------------------------------------
def run(args: argparse.Namespace) -> int:
    from convtutor.core.layers import Conv2DLayer, summarize_stack

    h, w, *rest = args.input
    channels = args.channels or (rest[0] if rest else 1)
    defaults = {
        "kernel": args.kernel, "stride": args.stride, "padding": args.padding,
        "dilation": args.dilation, "filters": args.filters, "bias": not args.no_bias,
        "mode": args.padding_mode,
    }
    specs = [{**defaults, **layer} for layer in args.layer] or [defaults]
    try:
        layers = [
            Conv2DLayer(
                filters=s["filters"], kernel_size=s["kernel"], strides=s["stride"], padding=s["padding"],
                dilation_rate=s["dilation"], use_bias=s["bias"], padding_mode=s["mode"],
            )
            for s in specs
        ]
        summary = summarize_stack((h, w, channels), layers)
    except ValueError as error:
        print(f"convtutor shape: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(to_json(summary), indent=2, ensure_ascii=False))
    else:
        print(to_text(summary))
    return 0


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


class LayerJSON(TypedDict):
    """One layer in ``convtutor shape --json``."""

    name: str
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
    jump: list[int]
    keras: CodeJSON
    pytorch: CodeJSON


class SummaryJSON(TypedDict):
    """What ``convtutor shape --json`` prints."""

    input_shape: list[int]
    output_shape: list[int]
    total_params: int
    layers: list[LayerJSON]


def _describe_layer(ls: LayerSummary) -> LayerJSON:
    from convtutor.core.frameworks import keras_snippet, pytorch_snippet

    rows, cols = ls.plan.rows, ls.plan.cols
    layer = ls.layer
    keras = keras_snippet(layer, ls.plan)
    torch = pytorch_snippet(layer, ls.plan, ls.input_shape[2])
    return {
        "name": ls.name,
        "input_shape": list(ls.input_shape),
        "kernel_size": list(layer.kernel_size),
        "strides": list(layer.strides),
        "dilation_rate": list(layer.dilation_rate),
        "padding": layer.padding if isinstance(layer.padding, str) else "explicit",
        "padding_mode": layer.padding_mode,
        "filters": layer.filters,
        "use_bias": layer.use_bias,
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
        "jump": list(ls.jump),
        "keras": {"lines": list(keras.lines), "notes": list(keras.notes)},
        "pytorch": {"lines": list(torch.lines), "notes": list(torch.notes)},
    }


def to_json(summary: StackSummary) -> SummaryJSON:
    return {
        "input_shape": list(summary.input_shape),
        "output_shape": list(summary.output_shape),
        "total_params": summary.total_params,
        "layers": [_describe_layer(ls) for ls in summary.layers],
    }


def _hw(pair: tuple[int, int]) -> str:
    return f"{pair[0]}×{pair[1]}"


def _padding_words(layer: Conv2DLayer) -> str:
    if isinstance(layer.padding, str):
        text = f"'{layer.padding}'"
    else:
        text = "explicit"
    return text if layer.padding_mode == "zeros" else f"{text}, {layer.padding_mode}"


def _layer_text(ls: LayerSummary, label_width: int = 16) -> list[str]:
    d = _describe_layer(ls)
    layer = ls.layer
    pad = " " * label_width
    out: list[str] = []

    def field(label: str, lines: list[str]) -> None:
        for i, line in enumerate(lines):
            out.append((f"{label:<{label_width}}" if i == 0 else pad) + line)

    h, w, c = ls.input_shape
    out.append(
        f"{ls.name}: {h}×{w}×{c} input, {layer.filters} filter{'s' * (layer.filters != 1)} of "
        f"{_hw(layer.kernel_size)}, stride {_hw(layer.strides)}"
        + (f", dilation {_hw(layer.dilation_rate)}" if layer.dilation_rate != (1, 1) else "")
        + f", padding {_padding_words(layer)}"
    )
    oh, ow, oc = ls.output_shape
    torch_shape = f"(N, {oc}, {oh}, {ow})"
    width = max(len(ls.keras_shape), len(torch_shape)) + 3
    field("Output shape", [f"{ls.keras_shape:<{width}}Keras, channels last", f"{torch_shape:<{width}}PyTorch, channels first"])
    sides = d["padding_sides"]
    pad_line = f"top {sides['top']}, bottom {sides['bottom']}, left {sides['left']}, right {sides['right']}"
    if layer.padding == "same" and (sides["bottom"] > sides["top"] or sides["right"] > sides["left"]):
        pad_line += "  (Keras 'same': the odd pixel goes bottom/right)"
    field("Padding", [pad_line + ("" if layer.padding_mode == "zeros" else f", filled by {layer.padding_mode}")])
    rows_f, cols_f = d["formula"]["rows"], d["formula"]["cols"]
    if rows_f == cols_f:
        field("Rows and cols", rows_f)
    else:
        field("Rows", rows_f)
        field("Columns", cols_f)
    unread = d["unread_explanation"]
    field("Never read", unread or ["none: every input row and column is read by some window"])
    field("Parameters", [ls.params_formula()])
    field("Receptive field", [f"{_hw(ls.receptive_field)} input pixels (jump {_hw(ls.jump)})"])
    for label, code in (("Keras", d["keras"]), ("PyTorch", d["pytorch"])):
        field(label, list(code["lines"]) + [f"note: {n}" for n in code["notes"]])
    return out


def to_text(summary: StackSummary) -> str:
    blocks = []
    if len(summary.layers) > 1:
        blocks.append(summary.format_keras())
    blocks.extend("\n".join(_layer_text(ls)) for ls in summary.layers)
    return "\n\n".join(blocks)
