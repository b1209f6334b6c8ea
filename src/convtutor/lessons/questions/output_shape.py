"""``output_shape``: the size of the output, rows × cols (× filters when asked)."""

from __future__ import annotations

from convtutor.core.arithmetic import ConvPlan
from convtutor.lessons.fields import QCount
from convtutor.lessons.kinds import QuestionKind
from convtutor.lessons.questions.conv import COUNTING_MISTAKES, ConvQuestion, axis_mistakes, conv_settings, formula, setting_lines
from convtutor.lessons.questions.posed import Posed, Reading, resolve, size_text, texts
from convtutor.parsing import parse_shape


class OutputShapeQuestion(ConvQuestion, tag="output_shape", frozen=True, kw_only=True):
    channels: QCount = 1
    filters: QCount = 1
    include_channels: bool = False


def _shape_mistakes(conv: ConvPlan, channels: int | None) -> dict[str, object]:
    rows, cols = axis_mistakes(conv.rows), axis_mistakes(conv.cols)
    found: dict[str, object] = {}
    for name, row_value in rows.items():
        col_value = cols[name]
        if row_value is not None and col_value is not None:
            found[name] = (row_value, col_value) + ((channels,) if channels else ())
    return found


def pose(q: OutputShapeQuestion, values: dict[str, int]) -> Posed:
    conv = conv_settings(q, values)
    channels = int(resolve(q.channels, values))
    filters = int(resolve(q.filters, values))
    expected = conv.output_shape + ((filters,) if q.include_channels else ())
    settings = setting_lines(conv, channels if (q.include_channels or channels != 1) else None)
    if q.include_channels or filters != 1:
        settings.append(f"{filters} filter{'s' * (filters != 1)}")
    if q.include_channels:
        default = "What is the output shape? Write rows × cols × channels, e.g. 6x6x1 or (None, 6, 6, 1)."
        answer_text = f"{expected[0]}×{expected[1]}×{expected[2]}  (Keras: (None, {expected[0]}, {expected[1]}, {expected[2]}))"
    else:
        default = "What is the output size? Write rows × cols, e.g. 6x6."
        answer_text = size_text(*conv.output_shape)
    explanation = formula(conv)
    if q.include_channels:
        explanation.append(f"Channels out = number of filters = {filters}")
    prompt, hints = texts(q, values, default)
    return Posed(
        q, values, prompt, settings, answer_text, explanation, hints, expected,
        _shape_mistakes(conv, filters if q.include_channels else None),
    )


def read(posed: Posed, text: str) -> Reading:
    with_channels = bool(posed.question.include_channels)
    example = "6x6x1 or (None, 6, 6, 1)" if with_channels else "6x6"
    try:
        typed = parse_shape(text)
    except ValueError:
        return None, f"Write the shape as {example}."
    dims = typed.dims
    if with_channels:
        if len(dims) == 3:
            return dims, ""
        if len(dims) == 2:
            return None, f"Include the channels too: {example}."
        return None, f"Write rows, cols and channels: {example}."
    if typed.batch_none or len(dims) == 3:
        return None, "Only rows × cols are asked here, e.g. 6x6."
    if len(dims) == 1:
        return None, "Give both rows and cols, e.g. 6x6."
    if len(dims) != 2:
        return None, f"Write the size as {example}."
    return dims, ""


KIND = QuestionKind(
    tag="output_shape",
    struct=OutputShapeQuestion,
    summary="rows × cols (× filters when `include_channels: true`)",
    settings="`input`, `kernel`, `stride`, `padding`, `dilation`, `channels`, `filters`, `include_channels`",
    example="""\
- id: output-size
  kind: output_shape # the core computes the answer from these settings
  input: 8
  kernel: 3
  hints:
    - Count the positions of the window along one row.
  feedback:          # messages for known wrong answers
    - mistake: forgot_plus_one
      message: Add one for the window's first position.
""",
    pose=pose,
    read=read,
    answer_format=lambda posed: "e.g. 6x6x1 or (None, 6, 6, 1)" if posed.question.include_channels else "e.g. 6x6",
    mistakes=COUNTING_MISTAKES,
    order=10,
)
