"""``window_positions``: how many places the kernel takes, along one axis or in all."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from convtutor.lessons.kinds import Mistake, QuestionKind
from convtutor.lessons.questions.conv import COUNTING_MISTAKES, ConvQuestion, axis_mistakes, conv_settings, formula, setting_lines
from convtutor.lessons.questions.posed import Posed, read_int, texts


class WindowCountQuestion(ConvQuestion, tag="window_positions", frozen=True, kw_only=True):
    """How many places the kernel takes, down the rows, across the columns or in all."""

    along: Annotated[
        Literal["rows", "cols", "total"],
        Meta(description="which count: rows (positions down), cols (positions across) or total (both multiplied, the default)"),
    ] = "total"


PROMPTS = {
    "rows": "How many positions does the kernel take down the rows?",
    "cols": "How many positions does the kernel take across the columns?",
    "total": "How many positions does the kernel take in all (one per output pixel)?",
}


def pose(q: WindowCountQuestion, values: dict[str, int]) -> Posed:
    conv = conv_settings(q, values)
    rows, cols = conv.output_shape
    along = q.along
    expected = rows if along == "rows" else cols if along == "cols" else rows * cols
    explanation = formula(conv)
    if along == "total":
        explanation.append(f"Positions in all = {rows} · {cols} = {rows * cols}")
    rm, cm = axis_mistakes(conv.rows), axis_mistakes(conv.cols)
    mistakes: dict[str, object] = {}
    for name, row_value in rm.items():
        col_value = cm[name]
        if along == "rows":
            value = row_value
        elif along == "cols":
            value = col_value
        else:
            value = row_value * col_value if row_value is not None and col_value is not None else None
        if value is not None:
            mistakes[name] = value
    prompt, hints = texts(q, values, PROMPTS[along])
    return Posed(q, values, prompt, setting_lines(conv), str(expected), explanation, hints, expected, mistakes)


def diagnose(posed: Posed, value: object) -> tuple[str, str] | None:
    """In all, the positions of one axis only (down the rows or across the columns)."""
    if posed.question.along != "total" or not isinstance(value, int):
        return None
    conv = conv_settings(posed.question, posed.values)
    if value in conv.output_shape and value != posed.expected:
        kind = posed.kind
        assert kind is not None
        return "one_axis", kind.mistake("one_axis").message
    return None


KIND = QuestionKind(
    tag="window_positions",
    struct=WindowCountQuestion,
    summary="number of kernel positions",
    settings="`input`, `kernel`, `stride`, `padding`, `dilation`, `along: rows/cols/total`",
    example="""\
- id: positions
  kind: window_positions
  input: 7
  kernel: 3
  stride: 2
  along: rows
""",
    pose=pose,
    read=read_int,
    answer_format=lambda posed: "a whole number",
    diagnose=diagnose,
    mistakes=(
        *COUNTING_MISTAKES,
        Mistake("one_axis", "counted the positions along one axis only",
                "That counts one axis only: multiply the positions down the rows by the positions across the columns.",
                diagnosed=True),
    ),
    order=30,
)
