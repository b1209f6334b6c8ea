"""``numeric``: a number the author gives, matched within a tolerance."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from convtutor.core.formatting import format_number
from convtutor.lessons.fields import Number, QuestionBase, Text
from convtutor.lessons.kinds import DECIMAL_CHARS, QuestionKind
from convtutor.lessons.questions.posed import Posed, read_number, substitute
from convtutor.lessons.reporter import DataPath, Reporter


class NumericQuestion(QuestionBase, tag="numeric", frozen=True, kw_only=True):
    """A number you give, matched within a tolerance (not checked by the core: prefer a computed kind)."""

    prompt: Annotated[Text, Meta(description="the question, e.g. What is 3·0 + 2·1 + 1·2?; {name} puts in a parameter")]
    answer: Annotated[Number, Meta(description="the right number, e.g. 4 or 0.25")]
    tolerance: Annotated[
        Annotated[float, Meta(ge=0, le=1e6)],
        Meta(description="how far off an answer may be and still count, e.g. 0.01 (default 0: exact)"),
    ] = 0


def pose(q: NumericQuestion, values: dict[str, int]) -> Posed:
    return Posed(
        q, values, substitute(q.prompt, values), [], format_number(q.answer), [],
        [substitute(h, values) for h in q.hints], q.answer, {},
    )


#: Words in a numeric question's prompt that a kind computed by the core asks better: the core
#: then checks the answer, names the learner's slips, and can vary the numbers.
COMPUTABLE = (
    (("transposed",), "transposed_output_shape"),
    (("pooling", "pooled"), "pool_output_shape or pool_value"),
    (("parameter", "weights and biases"), "param_count (or model_params for a stack)"),
    (("output size", "output shape", "feature map size", "size of the output"), "output_shape (or model_output_shape)"),
    (("padding",), "padding"),
    (("positions", "windows", "how many times"), "window_positions"),
    (("receptive field",), "receptive_field"),
)


def check(report: Reporter, q: NumericQuestion, path: DataPath) -> None:
    prompt = q.prompt.lower()
    for words, kind in COMPUTABLE:
        word = next((w for w in words if w in prompt), None)
        if word is not None:
            report.add((*path, "kind"), f"this numeric question asks about {word}, which the core can work out",
                       f"use kind: {kind}: the answer is then computed and checked, and the learner's slips named", warning=True)
            return


def matches(posed: Posed, value: object) -> bool:
    assert isinstance(value, float) and isinstance(posed.expected, float | int)
    return abs(value - float(posed.expected)) <= float(posed.question.tolerance) + 1e-9


KIND = QuestionKind(
    tag="numeric",
    struct=NumericQuestion,
    summary="a number, within the tolerance",
    settings="`prompt`, `answer`, `tolerance`",
    example="""\
- id: how-much
  kind: numeric
  prompt: What is 3·0 + 2·1 + 1·2?
  answer: 4
""",
    pose=pose,
    read=read_number,
    answer_format=lambda posed: "a number",
    answer_chars=lambda posed: DECIMAL_CHARS,
    computed_answer=False,
    matches=matches,
    check=check,
    order=95,
)
