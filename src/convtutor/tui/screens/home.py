"""The first screen: the course, each lesson's status, and 'continue where I left off'."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import OptionList, Static

from convtutor.learning.status import resume_target
from convtutor.lessons.summary import LessonInfo
from convtutor.tui import commands
from convtutor.tui.course_state import CourseState
from convtutor.tui.messages import OpenDrill, OpenLesson, OpenPlayground, OpenPuzzles, ResetProgress, ShowProblems
from convtutor.tui.widgets.key_footer import KeyFooter
from convtutor.tui.widgets.lesson_list import LessonList
from convtutor.tui.widgets.mastery_view import MasteryView

PRACTICE_DELAY = 0.05  # seconds after the first frame


class HomeScreen(Screen[None]):
    BINDINGS = commands.bindings("home")

    DEFAULT_CSS = """
    HomeScreen #title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    HomeScreen #summary { height: auto; max-height: 4; padding: 0 2; color: $text-muted; border-top: solid $primary 30%; }
    HomeScreen #notice { height: auto; padding: 0 2; color: $warning; display: none; }
    HomeScreen #notice.-shown { display: block; }
    """

    def __init__(self, course: CourseState) -> None:
        super().__init__()
        self.course = course

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "problems":  # only offered when some lesson file did not load
            return bool(self.course.index is not None and self.course.index.problem_files)
        return True

    def compose(self) -> ComposeResult:
        yield Static("convtutor · how kernel size, padding and stride shape a convolution", id="title")
        yield Static(id="notice")
        lessons = LessonList(id="lessons")
        lessons.add_option(None)  # replaced when the course is known
        yield lessons
        yield Static("Loading the course…", id="summary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_course()  # the summary is usually known already: list it in the first frame
        # practice.json, fsrs and the skills: not on the first frame's way (a refresh callback
        # still ran before the frame reached the terminal).
        self.set_timer(PRACTICE_DELAY, self._show_practice)

    async def _show_practice(self) -> None:
        # Mounted after the first frame: its layout and drawing cost the first frame 10 ms.
        from convtutor.tui.app import ConvTutorApp

        app = self.app
        if isinstance(app, ConvTutorApp) and not self.query(MasteryView):
            view = MasteryView(id="mastery")
            view.attach(app.practice, app.clock)
            await self.mount(view, before=self.query_one(KeyFooter))
            self.show_course()

    def _mastery(self) -> MasteryView | None:
        found = self.query(MasteryView)
        return found.first() if found else None

    def on_resize(self) -> None:
        self.show_course()  # titles are cut to the width there is

    def on_screen_resume(self) -> None:
        self.show_course()  # back from a lesson or a dialog: progress may have changed

    def show_course(self) -> None:
        """List the course (again: the app calls this when the course or progress changes)."""
        # The slip's words come from the question kinds: only once the loader has imported them.
        mastery = self._mastery()
        if mastery is not None:
            mastery.show(slip=self.course.catalog is not None)
        index = self.course.index
        if index is None:
            return
        store = self.course.store
        self.query_one(LessonList).show(index, store.progress)
        self._update_summary()
        notices = [*store.warnings, *(mastery.warnings() if mastery is not None else [])]
        if index.problem_files:
            count = index.problem_files
            notices.append(f"⚠ {count} lesson file{'s' * (count != 1)} could not be loaded; press e to see why.")
        notice = self.query_one("#notice", Static)
        notice.update("\n".join(notices))
        notice.set_class(bool(notices), "-shown")
        self.refresh_bindings()
        self.query_one(LessonList).focus()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._update_summary()

    def _update_summary(self) -> None:
        lesson = self._selected_lesson()
        summary = self.query_one("#summary", Static)
        if lesson is None or self.course.index is None:
            summary.update("")
            return
        text = lesson.summary
        if lesson.prerequisites:
            index = self.course.index
            titles = [found.title if (found := index.find(p)) else p for p in lesson.prerequisites]
            text += f"\nBuilds on: {', '.join(titles)}"
        summary.update(text)

    def _selected_lesson(self) -> LessonInfo | None:
        if self.course.index is None:
            return None
        return self.query_one(LessonList).selected_lesson(self.course.index, self.course.store.progress)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        lesson = self._selected_lesson()
        if lesson is not None:
            self.post_message(OpenLesson(lesson.id))

    def action_continue(self) -> None:
        if self.course.index is None:
            return
        target = resume_target(self.course.index.lessons(), self.course.store.progress)
        if target is not None:
            self.post_message(OpenLesson(target[0].id))
        else:
            self.notify("Every lesson is done. Pick any lesson to revisit it.")

    def action_playground(self) -> None:
        self.post_message(OpenPlayground())

    def action_practice(self) -> None:
        self.post_message(OpenDrill())

    def action_puzzles(self) -> None:
        self.post_message(OpenPuzzles())

    def action_reset_lesson(self) -> None:
        lesson = self._selected_lesson()
        if lesson is not None:
            self.post_message(ResetProgress(lesson.id))

    def action_problems(self) -> None:
        self.post_message(ShowProblems())
