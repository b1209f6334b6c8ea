"""Markdown from a lesson, scrolling when it is taller than the room it is given."""

from __future__ import annotations

from textual.containers import ScrollableContainer
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from convtutor.tui import markdown_content


class MarkdownLines(Widget):
    """The text itself, laid out again whenever the width changes."""

    DEFAULT_CSS = "MarkdownLines { height: auto; }"

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.tokens = markdown_content.parse(markdown)
        self._laid_out: tuple[object, list[Content]] = (None, [])

    def palette(self) -> markdown_content.Palette:
        if self.app.ansi_color:
            return markdown_content.ANSI
        return markdown_content.DARK if self.app.current_theme.dark else markdown_content.LIGHT

    def lines(self, width: int) -> list[Content]:
        palette = self.palette()
        if self._laid_out[0] != (width, palette):  # again after a resize or a change of theme
            self._laid_out = ((width, palette), markdown_content.lay_out(self.tokens, width, palette))
        return self._laid_out[1]

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))


class TextBlock(ScrollableContainer, can_focus=False):
    """Not a VerticalScroll, so that the steps' rules for their own VerticalScroll miss it."""

    DEFAULT_CSS = """
    TextBlock {
        height: auto; overflow-x: hidden; overflow-y: auto; scrollbar-size-vertical: 1;
        margin: 0; padding: 0 1;
    }
    """

    def __init__(self, markdown: str, *, id: str | None = None) -> None:
        super().__init__(MarkdownLines(markdown), id=id)
