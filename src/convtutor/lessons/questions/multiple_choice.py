"""``multiple_choice``: pick the right one of a few written choices."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from convtutor.lessons.explain import did_you_mean
from convtutor.lessons.fields import QuestionBase, Text
from convtutor.lessons.kinds import QuestionKind
from convtutor.lessons.questions.posed import Posed, Reading, substitute
from convtutor.lessons.reporter import DataPath, Reporter

LETTERS = "abcdefgh"


class ChoiceQuestion(QuestionBase, tag="multiple_choice", frozen=True, kw_only=True):
    prompt: Text
    choices: Annotated[list[Text], Meta(min_length=2, max_length=8)]
    answer: Annotated[Text, Meta(description="the text of the correct choice")]


def pose(q: ChoiceQuestion, values: dict[str, int]) -> Posed:
    index = q.choices.index(q.answer) if q.answer in q.choices else -1
    letter = LETTERS[index] if index >= 0 else "?"
    return Posed(
        q, values, substitute(q.prompt, values), [], f"{letter}) {q.answer}",
        [], [substitute(h, values) for h in q.hints],
        index, {}, [substitute(c, values) for c in q.choices],
    )


def read(posed: Posed, text: str) -> Reading:
    cleaned = text.strip().lower().rstrip(")").strip()
    count = len(posed.choices)
    letters = LETTERS[:count]
    if len(cleaned) == 1 and cleaned in letters:
        return letters.index(cleaned), ""
    if cleaned.isdigit() and 1 <= int(cleaned) <= count:
        return int(cleaned) - 1, ""
    for i, choice in enumerate(posed.choices):
        if cleaned == choice.strip().lower():
            return i, ""
    return None, f"Type a letter from a to {letters[-1]}."


def check(report: Reporter, q: ChoiceQuestion, path: DataPath) -> None:
    if len(set(q.choices)) != len(q.choices):
        report.add((*path, "choices"), "two choices are the same")
    if q.answer not in q.choices:
        suggestion = did_you_mean(q.answer, q.choices)
        report.add((*path, "answer"), "the answer must be the text of one of the choices" + (f"; {suggestion}" if suggestion else ""))


def answer_format(posed: Posed) -> str:
    return f"a letter, a to {LETTERS[len(posed.choices) - 1]}"


KIND = QuestionKind(
    tag="multiple_choice",
    struct=ChoiceQuestion,
    summary="one of the choices (a letter, its number or its text)",
    settings="`prompt`, `choices` (2 to 8), `answer` (the text of the right choice)",
    example="""\
- id: which-side
  kind: multiple_choice
  prompt: Where does Keras put the odd pixel of 'same' padding?
  choices: [top/left, bottom/right, it spreads it evenly]
  answer: bottom/right
""",
    pose=pose,
    read=read,
    answer_format=answer_format,
    computed_answer=False,
    check=check,
    order=90,
)
