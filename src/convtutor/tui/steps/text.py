"""The view of a text step: Markdown to read."""

from __future__ import annotations

from textual.app import ComposeResult

from convtutor.lessons.steps.text import TextStep
from convtutor.tui.steps.base import StepView
from convtutor.tui.widgets.text_block import TextBlock


class TextStepView(StepView):
    DEFAULT_CSS = """
    TextStepView TextBlock { height: 1fr; max-height: 100%; }
    """

    step: TextStep

    def compose(self) -> ComposeResult:
        yield TextBlock(self.step.text)

    def on_mount(self) -> None:
        self.post_message(self.Completed(self))  # reading it is doing it

    def key_down(self) -> None:
        self.query_one(TextBlock).scroll_down(animate=False)

    def key_up(self) -> None:
        self.query_one(TextBlock).scroll_up(animate=False)


VIEW = TextStepView
