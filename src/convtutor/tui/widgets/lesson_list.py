"""The course as a list: a 'continue' entry, then each section's lessons with their status."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from convtutor.learning.status import LessonStatus, lesson_status, resume_target
from convtutor.lessons.summary import CourseIndex, LessonInfo
from convtutor.state.progress import Progress

CONTINUE = "continue"

ORIGIN_TITLES = {"extra": "from {folder}", "user": "your lessons folder"}


def fit(text: str, width: int) -> str:
    """``text`` cut or padded to ``width`` terminal cells (CJK and emoji take two)."""
    if cell_len(text) > width:
        text = set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def lesson_label(number: int, title: str, status: LessonStatus, width: int = 44) -> Text:
    text = Text()
    text.append(f" {status.glyph} ", "bold")
    text.append(f"{number:>2}. ")
    text.append(fit(title, width))
    if status.state == "done":
        detail = "done"
    elif status.state == "in progress":
        detail = f"step {status.resume_index + 1} of {status.steps}"  # where Continue opens it
    else:
        detail = "not started"
    if status.answered:  # "0/5 first try" before any answer would read as a failed quiz
        detail += f" · {status.correct}/{status.questions} first try"
    text.append("  " + detail, "dim" if status.state == "not started" else "")
    return text


class LessonList(OptionList):
    """Option ids are lesson ids (and 'continue')."""

    BINDINGS = [Binding("enter", "select", "Open")]

    DEFAULT_CSS = """
    LessonList { height: 1fr; border: none; padding: 0 1; }
    """

    def show(self, index: CourseIndex, progress: Progress) -> None:
        options: list[Option | None] = []
        resume = resume_target(index.lessons(), progress)
        if resume is not None:
            lesson, status = resume
            label = Text("▶ Continue: ", "bold")
            label.append(lesson.title)
            label.append(f" (step {status.resume_index + 1} of {status.steps})" if status.state != "not started" else " (start here)")
            options += [Option(label, id=CONTINUE), None]
        number = 0
        # Titles get what the terminal leaves after the glyph, number and status columns.
        room = max(20, self.app.size.width - 40)
        width = min(max((cell_len(lesson.title) for lesson in index.lessons()), default=20), 60, room)
        for section in index.sections:
            heading = section.title if section.origin == "bundled" else f"{section.title} — {ORIGIN_TITLES[section.origin].format(folder=section.folder)}"
            options.append(Option(Text(heading, "bold underline"), disabled=True))
            for lesson in section.lessons:
                number += 1
                status = lesson_status(lesson, progress.lessons.get(lesson.id))
                options.append(Option(lesson_label(number, lesson.title, status, width), id=lesson.id))
        highlighted = self.highlighted_option.id if self.highlighted_option is not None else None
        self.set_options(options)
        target = highlighted if highlighted and self._has(highlighted) else (CONTINUE if resume else None)
        if target is not None:
            self.highlighted = self.get_option_index(target)
        else:
            self.action_first()

    def _has(self, option_id: str) -> bool:
        try:
            self.get_option_index(option_id)
        except OptionDoesNotExist:
            return False
        return True

    def selected_lesson(self, index: CourseIndex, progress: Progress) -> LessonInfo | None:
        """The lesson of the highlighted entry ('continue' stands for the lesson it opens)."""
        option = self.highlighted_option
        if option is None or option.id is None:
            return None
        if option.id == CONTINUE:
            target = resume_target(index.lessons(), progress)
            return index.find(target[0].id) if target else None
        return index.find(option.id)
