"""``receptive_field``: how many input pixels one output pixel sees through a stack of layers."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from convtutor.core.arithmetic import effective_kernel, grow_receptive_field, pair
from convtutor.core.formatting import pair_text
from convtutor.lessons.fields import AnswerText, Model, QKernel, QStep, QuestionBase
from convtutor.lessons.kinds import SIZE_CHARS, Mistake, QuestionKind
from convtutor.lessons.questions.posed import Posed, Reading, resolve, size_text, texts
from convtutor.lessons.reporter import DataPath, Reporter
from convtutor.parsing import parse_shape


class StackLayer(Model, frozen=True, kw_only=True):
    """One layer of the stack, as far as the receptive field cares (padding does not change it)."""

    kernel: Annotated[QKernel, Meta(description="the kernel's size: 3, [rows, cols] such as [3, 5], or $k (default 3)")] = 3
    stride: Annotated[QStep, Meta(description="the layer's stride: 2, [rows, cols] or $s (default 1)")] = 1
    dilation: Annotated[QStep, Meta(description="the layer's dilation: 2, [rows, cols] or $d (default 1)")] = 1


class ReceptiveFieldQuestion(QuestionBase, tag="receptive_field", frozen=True, kw_only=True):
    """How many input pixels one output pixel of the last layer sees."""

    layers: Annotated[
        list[StackLayer],
        Meta(min_length=1, max_length=12, description="1 to 12 layers in order, e.g. [{kernel: 3}, {kernel: 3, stride: 2}]"),
    ]
    layer: Annotated[
        Annotated[int, Meta(ge=1)] | None,
        Meta(description="optional: ask about the output of this layer (1 is the first) instead of the last, e.g. 2"),
    ] = None
    answer: Annotated[
        AnswerText | None,
        Meta(description="optional: the answer as you worked it out, e.g. 7 or 7x7; the validator checks it against the core's"),
    ] = None


def check(report: Reporter, q: ReceptiveFieldQuestion, path: DataPath) -> None:
    if q.layer is not None and q.layer > len(q.layers):
        report.add((*path, "layer"), f"the stack has {len(q.layers)} layer{'s' * (len(q.layers) != 1)}, so there is no layer {q.layer}")


def _axis(layers: list[tuple[int, int, int]]) -> dict[str, int]:
    """The right field on one axis and what each named mistake gives instead."""
    field, jump = 1, 1
    without_stride = 1
    without_dilation = 1
    dilation_jump = 1
    for kernel, stride, dilation in layers:
        field, jump = grow_receptive_field(field, jump, effective_kernel(kernel, dilation), stride)
        without_stride += effective_kernel(kernel, dilation) - 1
        without_dilation, dilation_jump = grow_receptive_field(without_dilation, dilation_jump, kernel, stride)
    return {
        "right": field,
        "added_kernels": sum(effective_kernel(k, d) for k, _, d in layers),
        "ignored_stride": without_stride,
        "ignored_dilation": without_dilation,
    }


def pose(q: ReceptiveFieldQuestion, values: dict[str, int]) -> Posed:
    resolved = [
        (pair(resolve(layer.kernel, values), "kernel size"), pair(resolve(layer.stride, values), "stride"),
         pair(resolve(layer.dilation, values), "dilation"))
        for layer in q.layers[: q.layer]  # up to the layer asked about (all of them by default)
    ]
    rows = _axis([(k[0], s[0], d[0]) for k, s, d in resolved])
    cols = _axis([(k[1], s[1], d[1]) for k, s, d in resolved])
    expected = (rows["right"], cols["right"])
    settings = []
    for number, (k, s, d) in enumerate(resolved, 1):
        line = f"layer {number}: kernel {pair_text(*k)}, stride {pair_text(*s)}"
        settings.append(line + (f", dilation {pair_text(*d)}" if d != (1, 1) else ""))
    explanation = ["Receptive field r and jump j (input pixels between neighbouring outputs) start at 1;",
                   "each layer does r ← r + (k̂ − 1)·j, then j ← j·s."]
    field, jump = 1, 1
    for number, (k, s, d) in enumerate(resolved, 1):
        k_eff = effective_kernel(k[0], d[0])
        new_field, new_jump = grow_receptive_field(field, jump, k_eff, s[0])
        explanation.append(f"layer {number}: r = {field} + ({k_eff} − 1)·{jump} = {new_field}, j = {jump}·{s[0]} = {new_jump}")
        field, jump = new_field, new_jump
    if rows["right"] != cols["right"]:
        explanation.append(f"Columns work the same way: {cols['right']}.")
    mistakes: dict[str, object] = {name: (rows[name], cols[name]) for name in ("added_kernels", "ignored_stride", "ignored_dilation")}
    prompt, hints = texts(q, values, "How many input pixels (rows × cols) does one pixel of the last layer's output see?")
    return Posed(q, values, prompt, settings, size_text(*expected), explanation, hints, expected, mistakes)


def read(posed: Posed, text: str) -> Reading:
    try:
        dims = parse_shape(text).dims
    except ValueError:
        return None, FORMAT
    if len(dims) == 1:
        return (dims[0], dims[0]), ""
    if len(dims) == 2:
        return dims, ""
    return None, FORMAT


FORMAT = "Write the receptive field as rows × cols (two whole numbers with an x between), or one number when it is square."


KIND = QuestionKind(
    tag="receptive_field",
    struct=ReceptiveFieldQuestion,
    summary="rows × cols of input pixels one output pixel sees (one number when square)",
    settings="`layers`: a list of `{kernel, stride, dilation}` (padding does not change it)",
    example="""\
- id: seen
  kind: receptive_field
  layers:
    - {kernel: 3}
    - {kernel: 3, stride: 2}
    - {kernel: 3}
  feedback:
    - mistake: ignored_stride
      message: After a stride of 2, each step of the next kernel covers 2 input pixels.
""",
    pose=pose,
    read=read,
    check=check,
    answer_chars=lambda posed: SIZE_CHARS,
    answer_format=lambda posed: "rows × cols",
    mistakes=(
        Mistake("added_kernels", "added the kernel sizes instead of growing by k̂ − 1 per layer",
                "Adding the kernel sizes counts the shared pixel between layers twice: each layer adds k̂ − 1 steps."),
        Mistake("ignored_stride", "grew by k̂ − 1 per layer without multiplying by the jump of earlier strides",
                "After a stride, one step of the next kernel covers several input pixels: multiply each layer's k̂ − 1 by the jump."),
        Mistake("ignored_dilation", "used k instead of k̂",
                "That uses the kernel's number of taps, not how far it reaches: dilated by d, it spans d·(k − 1) + 1 pixels."),
    ),
    order=50,
)
