"""A question posed: one variant, with its settings, its answer, and how to mark a reply.

Question kinds build a :class:`Posed` (see ``KIND.pose`` in each module of this package);
readers here turn what a learner types into a value, or say how to write it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from msgspec import Struct

from convtutor.core.formatting import ROUNDED, is_rounded, parse_number

if TYPE_CHECKING:
    from convtutor.lessons.fields import QuestionBase
    from convtutor.lessons.kinds import QuestionKind

#: "close": a number within rounding of the answer, which (as "unparsed") costs no attempt.
Status = Literal["correct", "wrong", "unparsed", "close"]
#: What a reader gives: (the value, "") or (None, how to write the answer).
Reading = tuple[object | None, str]


@dataclass(frozen=True)
class Mark:
    """The result of marking one answer."""

    status: Status
    message: str
    mistakes: tuple[str, ...] = ()  # the named mistakes the answer fits ("answer": a lesson's exact wrong answer)


@dataclass
class Posed:
    """One variant of a question, ready to ask."""

    question: Any  # the question kind's struct
    values: dict[str, int]
    prompt: str
    settings: list[str]
    answer_text: str
    explanation: list[str]
    hints: list[str]
    expected: object = None
    mistakes: dict[str, object] = field(default_factory=dict)  # mistake name -> the wrong answer it gives
    choices: list[str] = field(default_factory=list)
    notes: dict[Any, str] = field(default_factory=dict)  # a wrong value -> what the author wrote about it
    kind: QuestionKind | None = None  # set by questions.pose_values

    @property
    def tag(self) -> str:
        tag: str = self.question.kind
        return tag

    def _kind(self) -> QuestionKind:
        if self.kind is None:
            raise RuntimeError("a Posed question is made by convtutor.lessons.questions.pose")
        return self.kind

    def read(self, text: str) -> Reading:
        """Parse an answer: (value, "") or (None, how to write it)."""
        return self._kind().read(self, text)

    def is_right(self, value: object) -> bool:
        matches = self._kind().matches
        return matches(self, value) if matches is not None else value == self.expected

    def mark(self, text: str) -> Mark:
        value, problem = self.read(text)
        if value is None:
            return Mark("unparsed", problem)
        if self.is_right(value):
            return Mark("correct", "Correct!")
        question: QuestionBase = self.question
        kind = self._kind()
        for item in question.feedback:  # the author's own wrong answers first: they know their question
            if item.answer is not None and self.read(answer_text(item.answer))[0] == value:
                return Mark("wrong", substitute(item.message, self.values), ("answer",))
        note = self.notes.get(value) if isinstance(value, (int, str, tuple)) else None
        if note is not None:
            return Mark("wrong", note, ("answer",))
        fits = tuple(name for name, wrong in self.mistakes.items() if wrong == value)
        if len(fits) > 1:  # the same number from several slips: name them all rather than blame one
            slips = [kind.mistake(name).learner for name in fits]
            return Mark("wrong", f"That answer fits more than one slip: you {'; or you '.join(slips)}. Which one was it?", fits)
        if fits:
            own = next((item.message for item in question.feedback if item.mistake == fits[0]), None)
            return Mark("wrong", substitute(own, self.values) if own else kind.mistake(fits[0]).message, fits)
        diagnosis = kind.diagnose(self, value) if kind.diagnose is not None else None
        if diagnosis is not None:
            name, message = diagnosis
            own = next((item.message for item in question.feedback if item.mistake == name), None)
            return Mark("wrong", substitute(own, self.values) if own else message, (name,))
        if isinstance(value, float) and isinstance(self.expected, int | float) and is_rounded(value, float(self.expected)):
            return Mark("close", ROUNDED)  # the right idea, rounded: "Not quite" would say the method was wrong
        return Mark("wrong", "Not quite.")


def answer_text(answer: object) -> str:
    """An answer written in a lesson file (text, a number or a list) as a learner would type it."""
    return ", ".join(str(a) for a in answer) if isinstance(answer, list) else str(answer)


# -- filling in parameters ----------------------------------------------------------------------
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def substitute(text: str, values: dict[str, int]) -> str:
    """Replace {name} with a parameter's value (only names; no format-string features)."""
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def resolve(value: Any, values: dict[str, int]) -> Any:
    """``"$n"`` -> its value; lists element-wise; other values unchanged."""
    if isinstance(value, str) and value.startswith("$"):
        return values[value[1:]]
    if isinstance(value, list):
        return [resolve(v, values) for v in value]
    return value


def refs(value: object) -> list[str]:
    """Parameter names a setting refers to (in lists and nested settings too)."""
    if isinstance(value, str) and value.startswith("$"):
        return [value[1:]]
    if isinstance(value, list):
        return [name for v in value for name in refs(v)]
    if isinstance(value, Struct):
        return [name for field_name in value.__struct_fields__ for name in refs(getattr(value, field_name))]
    return []


def texts(question: QuestionBase, values: dict[str, int], default_prompt: str) -> tuple[str, list[str]]:
    """The prompt (or the kind's default) and the hints, with the parameters filled in."""
    prompt = substitute(question.prompt, values) if question.prompt else default_prompt
    return prompt, [substitute(h, values) for h in question.hints]


def size_text(a: int, b: int) -> str:
    return f"{a}×{b}"


# -- readers ------------------------------------------------------------------------------------
_WHOLE = re.compile(r"[+-]?(\d+|\d{1,3}([,_ ]\d{3})+)")  # 1234, 1,234, 1 234, 1_234


# Format hints never show an example number: it could be the answer, or nudge toward one.
WHOLE_NUMBER = "Type a whole number, in digits."
NUMBER = "Type a number in digits, or a fraction a/b (a point for decimals, a minus sign if it is negative)."


def read_int(posed: Posed, text: str) -> Reading:
    cleaned = text.strip()
    if _WHOLE.fullmatch(cleaned):
        return int(re.sub(r"[,_ ]", "", cleaned)), ""
    return None, WHOLE_NUMBER


def read_number(posed: Posed, text: str) -> Reading:
    value = parse_number(text)
    return (None, NUMBER) if value is None else (value, "")
