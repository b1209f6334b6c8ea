"""The end of a lesson: how it went, the course so far after the last one, and where to go next."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from convtutor.learning import scores, status
from convtutor.tui.messages import OpenLesson

if TYPE_CHECKING:
    from convtutor.learning.status import LessonLike
    from convtutor.tui.course_state import CourseState


class LessonDone(NamedTuple):
    text: str
    after: LessonLike | None
    missed: list[scores.Missed]


def lesson_done(course: CourseState, lesson_id: str) -> LessonDone | None:
    """What the end-of-lesson dialog says (None if the lesson is not in the catalog)."""
    catalog = course.catalog
    item = catalog.find(lesson_id) if catalog is not None else None
    if catalog is None or item is None:
        return None
    progress = course.store.progress
    lessons = [loaded.lesson for loaded in catalog.lessons()]
    after = status.following(lessons, lesson_id)
    record = progress.lessons.get(lesson_id)
    summary = status.lesson_status(item.lesson, record)
    score = scores.quiz_score(item.lesson, record)
    last = after is None
    missed = scores.missed_questions(lessons if last else [item.lesson], progress)
    course_lines = scores.course_lines(lessons, progress) if last else None
    text = scores.finished_text(
        item.lesson, summary, after, escape, score, course_lines, len(missed), scores.unfinished_steps(item.lesson, record),
    )
    return LessonDone(text, after, missed)


class LessonDoneScreen(ModalScreen[str]):
    """Dismissed with "next" (the next lesson), "missed" (the questions to go back to) or "list"."""

    BINDINGS = [
        Binding("enter", "choose('next')", "Next lesson"),
        Binding("m", "choose('missed')", "Missed questions"),
        Binding("escape,q", "choose('list')", "Lessons"),
    ]
    DEFAULT_CSS = """
    LessonDoneScreen { align: center middle; }
    LessonDoneScreen > Vertical { width: 72; max-width: 100%; height: auto; max-height: 100%; border: thick $success; background: $surface; padding: 1 2; }
    LessonDoneScreen VerticalScroll { height: auto; max-height: 100%; }
    """

    def __init__(self, done: LessonDone) -> None:
        super().__init__()
        self.done = done

    def compose(self) -> ComposeResult:
        with Vertical(), VerticalScroll():
            yield Static(self.done.text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and parameters == ("missed",):
            return bool(self.done.missed)
        return True

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


class MissedScreen(ModalScreen[None]):
    """The questions not answered right at the first try: choosing one opens it in its lesson."""

    BINDINGS = [Binding("escape,q", "close", "Close")]
    DEFAULT_CSS = """
    MissedScreen { align: center middle; }
    MissedScreen > Vertical { width: 72; max-width: 100%; height: auto; max-height: 100%; border: thick $primary; background: $surface; padding: 0 1; }
    MissedScreen OptionList { height: auto; max-height: 20; border: none; }
    """

    def __init__(self, missed: list[scores.Missed]) -> None:
        super().__init__()
        self.missed = missed

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]Questions to go back to[/b] (enter opens one; esc closes)")
            yield OptionList(*(Option(f"{m.lesson_title} · question {m.question_index + 1} ({m.question_id})") for m in self.missed))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        missed = self.missed[event.option_index]
        self.dismiss(None)
        self.app.post_message(OpenLesson(missed.lesson_id, missed.step_index, question=missed.question_index))

    def action_close(self) -> None:
        self.dismiss(None)
