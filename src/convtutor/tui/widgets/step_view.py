"""What every step widget shares: it can take focus, and it says when the learner finished it."""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget


class StepView(Widget, can_focus=True):
    """Base of the four step widgets."""

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

    def __init__(self, step: object, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.step = step

    def focus_default(self) -> None:
        """Give focus to where the learner acts first (an answer box, or the step itself)."""
        self.focus()

    @property
    def position(self) -> int:
        """Where inside the step the learner is (saved so that the step resumes there)."""
        return 0
