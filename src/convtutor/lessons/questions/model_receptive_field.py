"""``model_receptive_field``: how far one output of a stack of layers (or of one of its
layers) sees, the stack written as in model steps."""

from __future__ import annotations

from convtutor.core.arithmetic import effective_kernel
from convtutor.core.layers import Conv2DTransposeLayer
from convtutor.lessons.kinds import SIZE_CHARS, QuestionKind
from convtutor.lessons.questions import stack
from convtutor.lessons.questions.posed import Posed, texts
from convtutor.lessons.questions.receptive_field import KIND as RECEPTIVE_FIELD
from convtutor.lessons.questions.receptive_field import read as read_field


class ModelReceptiveFieldQuestion(stack.StackQuestion, tag="model_receptive_field", frozen=True, kw_only=True):
    """How many input pixels one output of the stack (or of layer ``layer``) sees, worked out by the core."""


def pose(q: ModelReceptiveFieldQuestion, values: dict[str, int]) -> Posed:
    worked = stack.summary(q)
    last = len(worked.layers) if q.layer is None else q.layer
    upto = worked.layers[:last]
    expected = upto[-1].receptive_field
    mistakes: dict[str, object] = {}
    for name, slip in (("ignored_stride", stack.stride_one), ("ignored_dilation", stack.undilated)):
        slipped = stack.try_summary(q, slip)
        if slipped is not None:
            mistakes[name] = slipped.layers[last - 1].receptive_field
    windows = [stack.window(layer.layer) for layer in upto]
    mistakes["added_kernels"] = tuple(sum(effective_kernel(size[axis], dilation[axis]) for size, dilation in windows) for axis in (0, 1))
    mistakes = {name: value for name, value in mistakes.items() if value != expected}
    which = "the stack's output" if q.layer is None else f"layer {q.layer}'s output"
    prompt, hints = texts(q, values, f"How many input pixels (rows × cols) does one pixel of {which} see?")
    explanation = ["Receptive field r and jump j start at 1; each layer does r ← r + (k̂ − 1)·j, then j ← j·s."]
    if any(isinstance(layer.layer, Conv2DTransposeLayer) for layer in upto):
        explanation.append("A transposed layer divides the jump by its stride instead; the field is the widest over its outputs.")
    explanation += [f"{layer.name}: r = {layer.receptive_field[0]}×{layer.receptive_field[1]}, "
                    f"j = {layer.jump[0]}×{layer.jump[1]}" for layer in upto]
    answer = f"{expected[0]}×{expected[1]}"
    return Posed(q, values, prompt, stack.settings(q, worked), answer, explanation, hints, expected, mistakes)


KIND = QuestionKind(
    tag="model_receptive_field",
    struct=ModelReceptiveFieldQuestion,
    summary="receptive field of a stack of layers (or of `layer: N`), rows × cols",
    settings="`input_shape`, `layers` (as in a model step), `layer`",
    example="""\
- id: stack-field
  kind: model_receptive_field
  input_shape: [32, 32, 3]
  layers:
    - {filters: 8, kernel_size: 3}
    - {filters: 8, kernel_size: 3, strides: 2}
    - {filters: 8, kernel_size: 3}
  feedback:
    - mistake: ignored_stride
      message: After the stride of 2, each step of the last kernel covers 2 input pixels.
""",
    pose=pose,
    read=read_field,
    answer_chars=lambda posed: SIZE_CHARS,
    answer_format=lambda posed: "rows x cols",
    mistakes=RECEPTIVE_FIELD.mistakes,  # the same slips as a stack written with kernel/stride/dilation
    check=stack.check,
    order=52,
)
