"""Served mode's first screen (``convtutor serve``): who is learning. The name picks the folder
of the learner's progress in the room's folder, so it is checked (``state/learners.py``) and a
bad one gets a short message in place; nothing else of the app is reachable before it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from convtutor.state.learners import MAX_LENGTH, InvalidName, check_name


class LearnerNameScreen(Screen[str]):
    """Asks for the learner's name; dismisses with the name as typed (checked, stripped)."""

    BINDINGS = [Binding("ctrl+c", "app.quit", "Quit", show=False)]
    DEFAULT_CSS = """
    LearnerNameScreen { align: center middle; }
    LearnerNameScreen > Vertical { width: 56; max-width: 100%; height: auto; border: thick $primary; background: $surface; padding: 0 1; }
    LearnerNameScreen #name-title { text-style: bold; padding-bottom: 1; }
    LearnerNameScreen #name-help { color: $text-muted; }
    LearnerNameScreen #name-error { color: $error; height: auto; min-height: 1; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("convtutor · who is learning?", id="name-title")
            yield Static(
                "Your name keeps your progress: use the same one next time, on any computer.\n"
                f"Letters, digits and - _ . (up to {MAX_LENGTH}), then Enter.",
                id="name-help",
            )
            yield Input(placeholder="your name", max_length=MAX_LENGTH + 8, id="name")
            yield Static("", id="name-error", markup=False)

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()  # served, the app stops its cursor blinking (frames)

    @on(Input.Changed, "#name")
    def _changed(self, event: Input.Changed) -> None:
        # Say at once when a character cannot be used; an empty box is not an error yet.
        self._show(self._problem(event.value) if event.value.strip() else "")

    @on(Input.Submitted, "#name")
    def _submitted(self, event: Input.Submitted) -> None:
        problem = self._problem(event.value)
        self._show(problem)
        if not problem:
            self.dismiss(event.value.strip())

    @staticmethod
    def _problem(text: str) -> str:
        try:
            check_name(text)
        except InvalidName as error:
            return str(error)
        return ""

    def _show(self, problem: str) -> None:
        self.query_one("#name-error", Static).update(problem)
