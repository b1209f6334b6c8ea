"""``output_shape``: the size of the output, rows × cols (× filters when asked)."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from convtutor.core.arithmetic import ConvPlan
from convtutor.lessons.fields import QCount
from convtutor.lessons.kinds import SHAPE_CHARS, SIZE_CHARS, Mistake, QuestionKind
from convtutor.lessons.questions.conv import (
    COUNTING_MISTAKES,
    SWAPPED_AXES,
    ConvQuestion,
    axis_mistakes,
    conv_settings,
    formula,
    setting_lines,
)
from convtutor.lessons.questions.posed import Posed, Reading, resolve, size_text, texts
from convtutor.parsing import parse_shape


class OutputShapeQuestion(ConvQuestion, tag="output_shape", frozen=True, kw_only=True):
    """The output's size, rows × cols (× filters with include_channels), computed by the core."""

    channels: Annotated[QCount, Meta(description="the input's channels, e.g. 3 or $c (default 1); shown when include_channels is true")] = 1
    filters: Annotated[QCount, Meta(description="the layer's filters, the output's channels, e.g. 16 or $f (default 1)")] = 1
    include_channels: Annotated[
        bool, Meta(description="true: the answer is rows × cols × filters, as Keras shows it; false (default): rows × cols"),
    ] = False


def _shape_mistakes(conv: ConvPlan, filters: int | None, in_channels: int) -> dict[str, object]:
    """The shape each named slip gives (``filters``: None when channels are not asked)."""
    rows, cols = axis_mistakes(conv.rows), axis_mistakes(conv.cols)
    depth = (filters,) if filters else ()
    found: dict[str, object] = {}
    for name, row_value in rows.items():
        col_value = cols[name]
        if row_value is not None and col_value is not None:
            found[name] = (row_value, col_value, *depth)
    out_rows, out_cols = conv.output_shape
    if out_rows != out_cols:
        found["swapped_axes"] = (out_cols, out_rows, *depth)
    if filters:
        found["pytorch_order"] = (filters, out_rows, out_cols)
        if in_channels != filters:
            found["input_channels"] = (out_rows, out_cols, in_channels)
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
        default = "What is the output shape (rows × cols × channels)?"
        answer_text = f"{expected[0]}×{expected[1]}×{expected[2]}  (Keras: (None, {expected[0]}, {expected[1]}, {expected[2]}))"
    else:
        default = "What is the output size (rows × cols)?"
        answer_text = size_text(*conv.output_shape)
    explanation = formula(conv)
    if q.include_channels:
        explanation.append(f"Channels out = number of filters = {filters}")
    prompt, hints = texts(q, values, default)
    return Posed(
        q, values, prompt, settings, answer_text, explanation, hints, expected,
        _shape_mistakes(conv, filters if q.include_channels else None, channels),
    )


# The format in words: an example number could be the answer.
ROWS_COLS = "rows × cols: two whole numbers with an x between them"
WITH_CHANNELS = "rows × cols × channels, or Keras' (None, rows, cols, channels)"


def read(posed: Posed, text: str) -> Reading:
    if not posed.question.include_channels:
        return read_rows_cols(posed, text)
    try:
        dims = parse_shape(text).dims
    except ValueError:
        return None, f"Write the shape as {WITH_CHANNELS}."
    if len(dims) == 3:
        return dims, ""
    if len(dims) == 2:
        return None, f"Include the channels too: {WITH_CHANNELS}."
    return None, f"Write rows, cols and channels: {WITH_CHANNELS}."


def read_rows_cols(posed: Posed, text: str) -> Reading:
    """A size, rows × cols, without batch or channels (every kind that asks a 2-D size reads it so)."""
    try:
        typed = parse_shape(text)
    except ValueError:
        return None, f"Write the shape as {ROWS_COLS}."
    dims = typed.dims
    if typed.batch_none or len(dims) == 3:
        return None, "Only rows × cols are asked here, without the batch or the channels."
    if len(dims) == 1:
        return None, f"Give both rows and cols: {ROWS_COLS}."
    if len(dims) != 2:
        return None, f"Write the size as {ROWS_COLS}."
    return dims, ""


def diagnose(posed: Posed, value: object) -> tuple[str, str] | None:
    """One axis right and the other wrong: say which, so the learner redoes only that one."""
    expected = posed.expected
    if not (isinstance(value, tuple) and isinstance(expected, tuple) and len(value) == len(expected) >= 2):
        return None
    rows_right, cols_right = value[0] == expected[0], value[1] == expected[1]
    if rows_right != cols_right:
        right, wrong = ("rows", "columns") if rows_right else ("columns", "rows")
        return "one_axis_right", f"The {right} are right but the {wrong} are not: work the {wrong} out on their own."
    return None


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
    answer_chars=lambda posed: SHAPE_CHARS if isinstance(posed.expected, tuple) and len(posed.expected) == 3 else SIZE_CHARS,
    answer_format=lambda posed: "rows x cols x channels" if posed.question.include_channels else "rows x cols",
    mistakes=(
        *COUNTING_MISTAKES,
        SWAPPED_AXES,
        Mistake("pytorch_order", "wrote PyTorch's channels-first order",
                "That is PyTorch's order, channels first. Keras puts channels last: (None, rows, cols, channels)."),
        Mistake("input_channels", "gave the input's channels instead of the filters",
                "The output has one channel per filter, whatever the input's channels."),
        Mistake("one_axis_right", "got one axis right and the other wrong", "One axis is right and the other is not.", diagnosed=True),
    ),
    diagnose=diagnose,
    order=10,
)
