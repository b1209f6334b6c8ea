"""The first screen: the course, each lesson's status, and 'continue where I left off'."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static

from convtutor.tui.screens.size_watch import WatchesSize
from convtutor.tui.widgets.key_footer import KeyFooter
from convtutor.tui.widgets.lesson_list import CONTINUE, LessonList


class HomeScreen(WatchesSize, Screen):
    BINDINGS = [
        Binding("enter", "open", "Open", show=True, priority=False),
        Binding("c", "continue", "Continue", id="continue"),
        Binding("r", "reset_lesson", "Reset lesson", id="reset-lesson"),
        Binding("e", "problems", "Load problems"),
    ]

    DEFAULT_CSS = """
    HomeScreen #title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    HomeScreen #summary { height: auto; max-height: 4; padding: 0 2; color: $text-muted; border-top: solid $primary 30%; }
    HomeScreen #notice { height: auto; padding: 0 2; color: $warning; display: none; }
    HomeScreen #notice.-shown { display: block; }
    """

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "problems":  # only offered when some lesson file did not load
            index = getattr(self.app, "index", None)
            return bool(index is not None and index.problem_files)
        return True

    def compose(self) -> ComposeResult:
        yield Static("convtutor · how kernel size, padding and stride shape a convolution", id="title")
        yield Static(id="notice")
        lessons = LessonList(id="lessons")
        lessons.add_option(None)  # replaced when the course has loaded
        yield lessons
        yield Static("Loading the course…", id="summary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_course()  # the index is usually there already: list it in the first frame

    def on_resize(self, event) -> None:  # type: ignore[no-untyped-def]
        self.show_course()  # titles are cut to the width there is

    def show_course(self) -> None:
        """Called by the app once the course is loaded (and again whenever progress changes)."""
        app = self.app
        index = app.index  # type: ignore[attr-defined]
        if index is None:
            return
        self.query_one(LessonList).show(index, app.store.progress)  # type: ignore[attr-defined]
        self._update_summary()
        notices = list(app.store.warnings)  # type: ignore[attr-defined]
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
        if lesson is None:
            summary.update("")
            return
        text = lesson.summary
        if lesson.prerequisites:
            index = self.app.index  # type: ignore[attr-defined]
            titles = [(index.find(p).title if index.find(p) else p) for p in lesson.prerequisites]
            text += f"\nBuilds on: {', '.join(titles)}"
        summary.update(text)

    def _selected_lesson(self):  # type: ignore[no-untyped-def]
        index = getattr(self.app, "index", None)
        option = self.query_one(LessonList).highlighted_option
        if index is None or option is None or option.id is None:
            return None
        if option.id == CONTINUE:
            target = LessonList._resume_target(index, self.app.store.progress)  # type: ignore[attr-defined]
            return target[0] if target else None
        return index.find(option.id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        lesson = self._selected_lesson()
        if lesson is not None:
            self.app.open_lesson(lesson.id)  # type: ignore[attr-defined]

    def action_continue(self) -> None:
        index = getattr(self.app, "index", None)
        if index is None:
            return
        target = LessonList._resume_target(index, self.app.store.progress)  # type: ignore[attr-defined]
        if target is not None:
            self.app.open_lesson(target[0].id)  # type: ignore[attr-defined]
        else:
            self.notify("Every lesson is done. Pick any lesson to revisit it.")

    def action_reset_lesson(self) -> None:
        lesson = self._selected_lesson()
        if lesson is not None:
            self.app.confirm_reset(lesson.id)  # type: ignore[attr-defined]

    def action_problems(self) -> None:
        self.app.show_problems()  # type: ignore[attr-defined]
