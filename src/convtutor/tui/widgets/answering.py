"""Drawing what a question shows as the learner works at it (feedback, hints, the worked
answer), the same in a lesson's quiz and in the drills: their widgets are named
``#{prefix}-feedback``, ``#{prefix}-hints`` and ``#{prefix}-explanation``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    from convtutor.learning.quiz_session import Feedback


class _Shown(Protocol):  # a quiz or drill session (learning.answering.Answering)
    def hints(self) -> list[str]: ...

    def explanation(self) -> list[str]: ...


def show_answering(root: Widget, prefix: str, session: _Shown, feedback: Feedback) -> None:
    line = root.query_one(f"#{prefix}-feedback", Static)
    line.update(feedback.text)
    line.set_class(feedback.tone == "correct", "-correct")
    line.set_class(feedback.tone == "wrong", "-wrong")
    root.query_one(f"#{prefix}-hints", Static).update("\n".join(session.hints()))
    explanation = root.query_one(f"#{prefix}-explanation", Static)
    explanation.update("\n".join(session.explanation()))
    explanation.display = bool(session.explanation())
