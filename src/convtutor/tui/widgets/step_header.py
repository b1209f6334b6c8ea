"""The line above a step: lesson, step number and title, and a dot for every step."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StepHeader(Static):
    DEFAULT_CSS = """
    StepHeader { height: 1; padding: 0 1; background: $panel; }
    """

    def show(self, lesson_title: str, index: int, titles: list[str], done: list[bool]) -> None:
        text = Text()
        text.append(lesson_title, "bold")
        text.append(f"  ·  step {index + 1} of {len(titles)}")
        if titles[index]:
            text.append(f": {titles[index]}")
        dots = " ".join("◉" if i == index else "●" if d else "○" for i, d in enumerate(done))
        available = max(self.size.width - text.cell_len - 4, 0) if self.size.width else 0
        if available >= len(dots):
            text.append(" " * (available - len(dots) + 2) + dots)
        self.update(text)
