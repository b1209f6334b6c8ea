"""What a question on screen shows while a learner works at it, the same in a lesson's quiz and
in the drills: the hints asked for so far, and the worked answer once it is solved; and what
every answer box shares, the drills', the quizzes' and the sweeps' predictions: an answer marked
wrong just before, typed again, is not marked (nor counted) again."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from convtutor.lessons.questions.posed import Mark, Posed

FREE = "(That did not count as an attempt.)"
#: A sweep's prediction: how to write one that cannot be read, and what one that costs nothing says.
PREDICTION_FORMAT = "Type a number in digits, or a fraction a/b, with a minus sign if it is negative (that did not count)."
PREDICTION_FREE = "(That did not count.)"


class _Working(Protocol):
    @property
    def posed(self) -> Posed: ...

    @property
    def wrong_before(self) -> WrongBefore: ...

    @property
    def hints_shown(self) -> int: ...

    @property
    def solved_now(self) -> bool: ...  # answered right, or its answer shown


class Answering:
    """Mixed into the quiz and drill sessions, which keep ``posed``, ``hints_shown`` and
    ``solved_now`` up to date, and forget ``wrong_before`` when another question is posed."""

    def mark_typed(self: _Working, text: str) -> tuple[Mark, bool]:
        """Mark a typed answer, and whether it counts as an attempt: one that cannot be read,
        one within rounding of a number answer, or the wrong answer just given again costs
        nothing (its mark's message then says so)."""
        from convtutor.lessons.questions.posed import Mark  # not at import: the home screen imports no question kind

        value = self.posed.read(text)[0]
        same = self.wrong_before.again(0, value, text)
        if same is not None:
            return Mark("wrong", f"{same} {FREE}"), False
        mark = self.posed.mark(text)
        if mark.status in ("unparsed", "close"):
            return Mark(mark.status, f"{mark.message} {FREE}"), False
        if mark.status == "wrong":
            self.wrong_before.note(0, value, mark.message)
        return mark, True

    def hints(self: _Working) -> list[str]:
        return [f"Hint {i + 1}: {h}" for i, h in enumerate(self.posed.hints[: self.hints_shown])]

    def explanation(self: _Working) -> list[str]:
        """The worked answer: shown once the question is solved or its answer shown."""
        return self.posed.explanation if self.solved_now else []

    @property
    def can_hint(self: _Working) -> bool:
        return self.hints_shown < len(self.posed.hints) and not self.solved_now


class WrongBefore:
    """The answer last marked wrong at each item (a quiz's or drill's question, a sweep's window).

    Enter pressed again on the same wrong answer would cost a second attempt (and in a quiz
    unlock "show the answer") for nothing the learner did: it is said to be the same instead.
    Answers are compared as read, so ``5x5`` and ``5 × 5`` are the same answer.
    """

    def __init__(self) -> None:
        self._last: dict[object, tuple[object, str]] = {}  # item -> (the value read, what was said)

    def note(self, item: object, value: object, message: str) -> None:
        self._last[item] = (value, message)

    def again(self, item: object, value: object, text: str) -> str | None:
        """What to say when ``value`` (typed as ``text``) is the answer marked wrong just before
        at ``item``; None if it is not."""
        last = self._last.get(item)
        if last is None or not _same(last[0], value):
            return None
        return f"Same answer as before: {text.strip()}. {last[1]}"

    def forget(self) -> None:
        self._last.clear()


def _same(a: object, b: object) -> bool:
    if isinstance(a, float | int) and isinstance(b, float | int):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return a == b
