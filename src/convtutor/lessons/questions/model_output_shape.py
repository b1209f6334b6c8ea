"""``model_output_shape``: the shape a stack of layers (or one of its layers) gives."""

from __future__ import annotations

from convtutor.lessons.kinds import SHAPE_CHARS, Mistake, QuestionKind
from convtutor.lessons.questions import stack
from convtutor.lessons.questions.conv import formula
from convtutor.lessons.questions.output_shape import KIND as SINGLE_LAYER
from convtutor.lessons.questions.output_shape import WITH_CHANNELS, diagnose
from convtutor.lessons.questions.posed import Posed, Reading, texts
from convtutor.parsing import parse_shape


class ModelOutputShapeQuestion(stack.StackQuestion, tag="model_output_shape", frozen=True, kw_only=True):
    """The output shape (rows × cols × channels) of the stack or of layer ``layer``."""


def pose(q: ModelOutputShapeQuestion, values: dict[str, int]) -> Posed:
    worked = stack.summary(q)
    at = worked.layers[-1 if q.layer is None else q.layer - 1]
    expected = at.output_shape
    mistakes: dict[str, object] = {}
    for name, slip in (("ignored_stride", stack.stride_one), ("ignored_padding", stack.unpadded)):
        slipped = stack.try_summary(q, slip)
        if slipped is not None:
            mistakes[name] = slipped.layers[-1 if q.layer is None else q.layer - 1].output_shape
    rows, cols, depth = expected
    mistakes["pytorch_order"] = (depth, rows, cols)
    if at.input_shape[2] != depth:
        mistakes["input_channels"] = (rows, cols, at.input_shape[2])
    mistakes = {name: value for name, value in mistakes.items() if value != expected}
    which = "the stack" if q.layer is None else f"layer {q.layer}"
    prompt, hints = texts(q, values, f"What shape does {which} give (rows × cols × channels)?")
    upto = worked.layers[: worked.layers.index(at) + 1]
    flow = " → ".join(f"{layer.name} {'×'.join(str(v) for v in layer.output_shape)}" for layer in upto)
    explanation = [f"{'×'.join(str(v) for v in worked.input_shape)} → {flow}"]
    for layer in upto:
        explanation += [f"{layer.name}: " + line for line in formula(layer.plan)]
        if isinstance(layer.layer, stack.POOLING):
            explanation.append(f"{layer.name}: channels out = channels in = {layer.output_shape[2]} (pooling keeps the channels)")
        else:
            explanation.append(f"{layer.name}: channels out = its filters = {layer.layer.filters}")
    answer = f"{rows}×{cols}×{depth}  (Keras: (None, {rows}, {cols}, {depth}))"
    return Posed(q, values, prompt, stack.settings(q, worked), answer, explanation, hints, expected, mistakes)


def read(posed: Posed, text: str) -> Reading:
    try:
        dims = parse_shape(text).dims
    except ValueError:
        return None, f"Write the shape as {WITH_CHANNELS}."
    if len(dims) == 2:
        return None, f"Include the channels too: {WITH_CHANNELS}."
    if len(dims) != 3:
        return None, f"Write rows, cols and channels: {WITH_CHANNELS}."
    return dims, ""


KIND = QuestionKind(
    tag="model_output_shape",
    struct=ModelOutputShapeQuestion,
    summary="rows × cols × channels out of a stack of layers (or of `layer: N`)",
    settings="`input_shape`, `layers` (as in a model step), `layer`",
    example="""\
- id: stack-shape
  kind: model_output_shape
  input_shape: [28, 28, 1]
  layers:
    - {filters: 8, kernel_size: 3, padding: same}
    - {filters: 16, kernel_size: 3, strides: 2}
  feedback:
    - mistake: ignored_stride
      message: The second layer moves two pixels at a time.
""",
    pose=pose,
    read=read,
    answer_chars=lambda posed: SHAPE_CHARS,
    answer_format=lambda posed: "rows x cols x channels",
    mistakes=(
        Mistake("ignored_stride", "left out the strides",
                "That is the shape with a stride of 1 everywhere (a pooling layer's strides default to its pool size): "
                "each stride divides the size, or multiplies it in a transposed layer."),
        Mistake("ignored_padding", "left out the padding",
                "That is the shape without padding: 'same' keeps the size (at stride 1), and PyTorch's padding of a transposed layer crops its output."),
        *(SINGLE_LAYER.mistake(name) for name in ("pytorch_order", "input_channels", "one_axis_right")),
    ),
    diagnose=diagnose,
    check=stack.check,
    order=15,
)
