"""The line above a step: lesson, step number and title, and a dot for every step.

It is laid out for its width each time it is drawn. What must stay is "step N of M" and the
dots; the step's title comes next (shortened with … if it must be), and the lesson's title
gives way first (shortened with …, or left out).
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widget import Widget

SEPARATOR = "  ·  "
GAP = 2  # at least this much between the text and the dots
MIN_STEP_TITLE = 6  # a title shortened below this many cells (with its …) is left out instead
MIN_LESSON_TITLE = 12


def _cut(text: str, width: int, least: int) -> str:
    """``text`` in at most ``width`` cells, ending with … when shortened ('' if under ``least``)."""
    if cell_len(text) <= width:
        return text
    if width < least:
        return ""
    return set_cell_size(text, width - 1).rstrip(" :,;·-") + "…"


def header_text(lesson_title: str, index: int, titles: list[str], done: list[bool], width: int) -> Text:
    """The header laid out for ``width`` cells."""
    count = len(titles)
    step = f"step {index + 1} of {count}"
    dots = " ".join("◉" if i == index else "●" if d else "○" for i, d in enumerate(done))
    if cell_len(step) + GAP + cell_len(dots) > width:
        dots = ""  # too many steps for the width: "step N of M" says where the learner is
    room = width - (cell_len(dots) + GAP if dots else 0)
    step_title = titles[index]
    shown_step = step
    shortened = _cut(step_title, room - cell_len(step) - 2, MIN_STEP_TITLE) if step_title else ""
    if shortened:
        shown_step = f"{step}: {shortened}"
    lesson_room = room - cell_len(shown_step) - cell_len(SEPARATOR)
    lesson = _cut(lesson_title, lesson_room, MIN_LESSON_TITLE)
    text = Text()
    if lesson:
        text.append(lesson, "bold")
        text.append(SEPARATOR)
    text.append(shown_step)
    if dots:
        text.append(" " * max(width - text.cell_len - cell_len(dots), GAP) + dots)
    return text


class StepHeader(Widget):
    DEFAULT_CSS = """
    StepHeader { height: 1; padding: 0 1; background: $panel; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[str, int, list[str], list[bool]] = ("", 0, [""], [False])

    def show(self, lesson_title: str, index: int, titles: list[str], done: list[bool]) -> None:
        self._shown = (lesson_title, index, list(titles), list(done))
        self.refresh()

    def render(self) -> Text:
        return header_text(*self._shown, width=self.content_region.width)
