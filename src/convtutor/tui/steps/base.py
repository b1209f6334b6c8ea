"""What every step view shares: it can take focus, and it says when the learner finished it."""

from __future__ import annotations

from typing import Any

from textual.message import Message
from textual.widget import Widget

from convtutor.state.progress import StepRecord


class StepView(Widget, can_focus=True):
    """Base of the step views; built from the step and the learner's record of it."""

    DEFAULT_CSS = """
    StepView { height: 1fr; }
    StepView:focus { background-tint: $foreground 0%; }
    """

    class Completed(Message):
        """The learner finished the step (score: task or quiz score, if the step has one)."""

        def __init__(self, view: StepView, score: int | None = None) -> None:
            super().__init__()
            self.view = view
            self.score = score

    class Changed(Message):
        """The learner's record of the step changed; the lesson saves progress."""

    in_lesson = True  # False in the playground: no next step to point to

    def __init__(self, step: Any, record: StepRecord) -> None:
        super().__init__()
        self.step = step
        self.record = record

    def ask_again(self, index: int) -> None:
        """Go back to one item inside the step (a quiz's question the learner missed) and ask it
        afresh."""

    def focus_default(self) -> None:
        """Give focus to where the learner acts first (an answer box, or the step itself)."""
        self.focus()

    @property
    def position(self) -> int:
        """Where inside the step the learner is (saved so that the step resumes there)."""
        return 0
