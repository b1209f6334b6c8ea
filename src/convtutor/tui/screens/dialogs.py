"""Small modal screens: confirm, help, load problems, lesson done, terminal too small."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from convtutor.tui import commands


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [Binding("y", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 60; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question)
            yield Static("\n[b]y[/b] yes    [b]n[/b] no")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class TextDialog(ModalScreen[None]):
    """A scrollable text with a title; any of Escape, q, Enter or ? closes it."""

    BINDINGS = [Binding("escape,q,enter,question_mark", "close", "Close")]
    DEFAULT_CSS = """
    TextDialog { align: center middle; }
    TextDialog > Vertical { width: 96; max-width: 100%; height: auto; max-height: 100%; border: thick $primary; background: $surface; padding: 0 1; }
    TextDialog #dialog-title { text-style: bold; padding-bottom: 1; }
    TextDialog VerticalScroll { height: auto; max-height: 30; }
    """

    def __init__(self, title: str, text: str, *, markup: bool = True) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.markup = markup

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, id="dialog-title")
            with VerticalScroll():
                yield Static(self.text, markup=self.markup)
            yield Static("[dim]↑ ↓ pgup pgdn scroll · esc to close[/dim]")

    def on_mount(self) -> None:
        self._fit()
        self.query_one(VerticalScroll).focus()  # arrows and page keys scroll the text

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        # Leave room for the border, the title and the closing line, so they stay on screen.
        self.query_one(VerticalScroll).styles.max_height = max(3, self.app.size.height - 7)

    def action_close(self) -> None:
        self.dismiss(None)


def help_dialog(*, served: bool = False) -> TextDialog:
    return TextDialog("Keys", commands.help_text(served=served))
