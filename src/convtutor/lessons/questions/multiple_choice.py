"""``multiple_choice``: pick the right one of a few written choices."""

from __future__ import annotations

import random
from typing import Annotated

from msgspec import Meta

from convtutor.lessons.explain import did_you_mean
from convtutor.lessons.fields import Model, QuestionBase, Text
from convtutor.lessons.kinds import QuestionKind
from convtutor.lessons.questions.posed import Posed, Reading, substitute
from convtutor.lessons.reporter import DataPath, Reporter

LETTERS = "abcdefgh"


class Choice(Model, frozen=True, kw_only=True):
    """A choice with what the learner reads when they pick it (for a wrong one: why it is wrong)."""

    text: Annotated[Text, Meta(description="the choice as shown, e.g. bottom/right")]
    why: Annotated[
        Text | None,
        Meta(description="for a wrong choice: why it is wrong, shown when the learner picks it (not allowed on the right one)"),
    ] = None


class ChoiceQuestion(QuestionBase, tag="multiple_choice", frozen=True, kw_only=True):
    """Pick the right one of 2 to 8 written choices."""

    prompt: Annotated[Text, Meta(description="the question, e.g. Where does 'same' put an odd extra pixel?; {name} puts in a parameter")]
    choices: Annotated[
        list[Text | Choice],
        Meta(min_length=2, max_length=8, description="2 to 8 texts, or {text, why} to explain a wrong one, e.g. [top/left, bottom/right]; quote numbers: [\"1\", \"2\"]"),
    ]
    answer: Annotated[Text, Meta(description="the text of the correct choice, exactly as in choices, e.g. bottom/right")]
    shuffle: Annotated[
        bool,
        Meta(description="true (default): each learner sees the choices in an order of their own; false: as written"),
    ] = True

    @property
    def texts(self) -> list[str]:
        return [c if isinstance(c, str) else c.text for c in self.choices]

    @property
    def whys(self) -> list[str | None]:
        return [None if isinstance(c, str) else c.why for c in self.choices]


def pose(q: ChoiceQuestion, values: dict[str, int]) -> Posed:
    texts = q.texts
    index = texts.index(q.answer) if q.answer in texts else -1
    letter = LETTERS[index] if index >= 0 else "?"
    notes = {i: substitute(why, values) for i, why in enumerate(q.whys) if why is not None and i != index}
    return Posed(
        q, values, substitute(q.prompt, values), [], f"{letter}) {q.answer}",
        [], [substitute(h, values) for h in q.hints],
        index, {}, [substitute(c, values) for c in texts], notes,
    )


def arrange(posed: Posed, order: int) -> None:
    """Show the choices in the learner's own order (``order`` seeds it, so a resumed quiz shows
    the same one); the answer's letter and the notes follow the choices."""
    question: ChoiceQuestion = posed.question
    if not question.shuffle or order == 0:
        return
    shown = list(range(len(posed.choices)))
    random.Random(f"{order}:{question.id}").shuffle(shown)
    posed.choices = [posed.choices[i] for i in shown]
    posed.notes = {shown.index(i): note for i, note in posed.notes.items()}
    if isinstance(posed.expected, int) and posed.expected >= 0:
        posed.expected = shown.index(posed.expected)
        posed.answer_text = f"{LETTERS[posed.expected]}) {question.answer}"


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
    texts = q.texts
    if len(set(texts)) != len(texts):
        report.add((*path, "choices"), "two choices are the same")
    if q.answer not in texts:
        suggestion = did_you_mean(q.answer, texts)
        report.add((*path, "answer"), "the answer must be the text of one of the choices" + (f"; {suggestion}" if suggestion else ""))
    elif q.whys[texts.index(q.answer)] is not None:
        report.add((*path, "choices", texts.index(q.answer), "why"), "why explains a wrong choice; this is the right one",
                   "put what the right answer means in the question's explanation")


def answer_chars(posed: Posed) -> str:
    # The choice's letter (either case) or its number, as read accepts; typing a choice's
    # whole text is not offered, so that h, s and v stay the quiz's keys.
    count = len(posed.choices)
    return f"[{LETTERS[:count]}{LETTERS[:count].upper()}1-{min(count, 9)}) ]"


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
  choices:               # shown in an order of each learner's own (shuffle: false keeps this one)
    - bottom/right
    - {text: top/left, why: That is where some other tools put it; Keras pads after.}
    - {text: it spreads it evenly, why: One pixel cannot be split in two.}
  answer: bottom/right
""",
    pose=pose,
    read=read,
    answer_chars=answer_chars,
    answer_format=answer_format,
    computed_answer=False,
    check=check,
    arrange=arrange,
    order=90,
)
