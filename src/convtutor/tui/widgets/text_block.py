"""Markdown from a lesson, scrolling when it is taller than the room it is given; or cut to a
number of lines, the last one saying which key reads the rest (in a :class:`TextPanel`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from convtutor.tui import markdown_content


class MarkdownLines(Widget):
    """The text itself, laid out again whenever the width changes."""

    DEFAULT_CSS = "MarkdownLines { height: auto; }"

    def __init__(self, markdown: str, *, more: str = "") -> None:
        super().__init__()
        self.tokens = markdown_content.parse(markdown)
        self._laid_out: tuple[object, list[Content]] = (None, [])
        self.more = more  # the end of a cut text, e.g. "t: read all"
        self.max_lines: int | None = None  # None: every line

    def palette(self) -> markdown_content.Palette:
        if self.app.ansi_color:
            return markdown_content.ANSI
        return markdown_content.DARK if self.app.current_theme.dark else markdown_content.LIGHT

    def lines(self, width: int) -> list[Content]:
        """Every line of the text at ``width``."""
        palette = self.palette()
        if self._laid_out[0] != (width, palette):  # again after a resize or a change of theme
            self._laid_out = ((width, palette), markdown_content.lay_out(self.tokens, width, palette))
        return self._laid_out[1]

    def shown_lines(self, width: int) -> list[Content]:
        """The lines drawn: all of them, or the first ``max_lines``, the last ending with … and
        the ``more`` hint."""
        lines = self.lines(width)
        shown = self.max_lines
        if shown is None or len(lines) <= shown:
            return lines
        shown = max(shown, 1)
        hint = Content.styled(f"… {self.more}" if self.more else "…", "$text-muted")
        last = lines[shown - 1].truncate(max(width - hint.cell_length, 0)).rstrip()
        return [*lines[: shown - 1], last + hint]

    def render(self) -> Content:
        return Content("\n").join(self.shown_lines(self.size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.shown_lines(width))


class TextBlock(ScrollableContainer, can_focus=False):
    """Not a VerticalScroll, so that the steps' rules for their own VerticalScroll miss it."""

    DEFAULT_CSS = """
    TextBlock {
        height: auto; overflow-x: hidden; overflow-y: auto; scrollbar-size-vertical: 1;
        margin: 0; padding: 0 1;
    }
    """

    def __init__(self, markdown: str, *, id: str | None = None, more: str = "") -> None:
        super().__init__(MarkdownLines(markdown, more=more), id=id)

    @property
    def text_lines(self) -> MarkdownLines:
        return self.query_one(MarkdownLines)

    def line_count(self, width: int) -> int:
        """How many lines the whole text takes in a block ``width`` cells wide (no scrollbar)."""
        return len(self.text_lines.lines(max(width - self.styles.gutter.width, 1)))

    def show_lines(self, count: int | None) -> None:
        """Draw only the first ``count`` lines (None: all of them, scrolling if need be)."""
        lines = self.text_lines
        if lines.max_lines != count:
            lines.max_lines = count
            lines.refresh(layout=True)


class _PanelText(TextBlock, can_focus=True):
    """The panel's text takes the focus, so that the arrow and page keys scroll it."""


class TextPanel(ModalScreen[None]):
    """A lesson text in full, over the step it belongs to: the arrow and page keys scroll it;
    t (the key that opened it), Escape, Enter or q close it."""

    BINDINGS = [Binding("t,escape,enter,q", "close", "Close")]
    DEFAULT_CSS = """
    TextPanel { align: center middle; }
    TextPanel > Vertical {
        width: 96; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    TextPanel #panel-title { text-style: bold; padding-bottom: 1; }
    TextPanel _PanelText { height: auto; padding: 0; }
    TextPanel #panel-keys { color: $text-muted; }
    """

    def __init__(self, title: str, markdown: str) -> None:
        super().__init__()
        self.title_text = title
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with Vertical():
            if self.title_text:
                yield Static(self.title_text, id="panel-title", markup=False)
            yield _PanelText(self.markdown, id="panel-text")
            yield Static("↑ ↓ pgup pgdn scroll · t or esc closes", id="panel-keys", markup=False)

    def on_mount(self) -> None:
        self._fit()
        self.query_one(_PanelText).focus()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        # Room for the border, the title and the closing line, so that they stay on screen.
        self.query_one(_PanelText).styles.max_height = max(3, self.app.size.height - (7 if self.title_text else 5))

    def action_close(self) -> None:
        self.dismiss(None)
