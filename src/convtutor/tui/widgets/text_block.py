"""Markdown from a lesson, scrolling when it is taller than the room it is given."""

from __future__ import annotations

from textual.widgets import Markdown


class TextBlock(Markdown, can_focus=False):
    DEFAULT_CSS = """
    TextBlock { height: auto; overflow-y: auto; scrollbar-size-vertical: 1; margin: 0; padding: 0 1; }
    TextBlock > MarkdownBlock:last-child { margin-bottom: 0; }
    """
