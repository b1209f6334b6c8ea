"""The convtutor app: configuration, theme, keys, and which screen is showing.

The course loads in a worker thread after the first paint, so the first screen never waits
on YAML, the schema or NumPy.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from convtutor import paths, settings
from convtutor.progress import ProgressStore, lesson_status
from convtutor.tui.screens.dialogs import (
    ConfirmScreen,
    LessonDoneScreen,
    TextDialog,
    TooSmallScreen,
    help_dialog,
)
from convtutor.tui.screens.home import HomeScreen

MIN_SIZE = (60, 18)
FULL_LOAD_DELAY = 0.1  # seconds after the quick list is shown


class ConvTutorApp(App[None]):
    TITLE = "convtutor"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-tall")]

    def __init__(
        self,
        extra_lessons: Sequence[Path] = (),
        *,
        store: ProgressStore | None = None,
        catalog: object | None = None,
        include_user_lessons: bool = True,
        open_at: str | None = None,
    ) -> None:
        super().__init__()
        self.open_at = open_at
        self.extra_lessons = [Path(p) for p in extra_lessons]
        self.store = store or ProgressStore(paths.progress_file())
        self.catalog = catalog  # the validated lessons; tests may hand one in
        self.index = None  # what the lesson list shows: quick at first, validated later
        self.include_user_lessons = include_user_lessons
        self.preferences = settings.load()
        self._too_small: TooSmallScreen | None = None
        self._pending_open: tuple[str, int | None] | None = None
        # Chosen before the first screen mounts, so that its styles are computed once.
        key = self.preferences.theme or settings.default_theme()
        # NO_COLOR: Textual greys out the dark theme's colours; the ANSI theme would go black on black.
        self.theme = settings.THEMES["dark" if self.no_color else key]

    # -- start-up --------------------------------------------------------------------------------
    # The list of lessons is painted from a quick, unvalidated scan of the YAML; the full load
    # (schema, checks) runs only after that first paint, in a worker thread.
    def on_mount(self) -> None:
        if self.catalog is None:
            # Quick enough to do before the first frame: a cached summary (or a YAML read) of
            # ids and titles. The list then appears in the very first paint.
            from convtutor.lessons.index import scan

            self.store.load()
            self.index = scan(self.extra_lessons, user=self.include_user_lessons)
            self.push_screen(HomeScreen())
            self.set_timer(FULL_LOAD_DELAY, self.load_course)
        else:
            from convtutor.lessons.index import from_catalog

            self.store.load()
            self.index = from_catalog(self.catalog)
            self.push_screen(HomeScreen())
        self.check_size()

    @work(thread=True, exclusive=True, group="load")
    def load_course(self) -> None:
        from convtutor.lessons.loader import load_catalog

        catalog = load_catalog(self.extra_lessons, user=self.include_user_lessons)
        self.call_from_thread(self._course_loaded, catalog)

    def _course_loaded(self, catalog: object) -> None:
        from convtutor.lessons.index import from_catalog

        self.catalog = catalog
        self.index = from_catalog(catalog)
        self.refresh_home()
        for warning in self.store.warnings:
            self.notify(warning, severity="warning", timeout=8)
        if self._pending_open is not None:
            lesson_id, start = self._pending_open
            self._pending_open = None
            self.open_lesson(lesson_id, start)
        elif self.open_at:
            self._open_requested(self.open_at)

    def _open_requested(self, request: str) -> None:
        lesson_id, _, step = request.partition(":")
        start = int(step) - 1 if step.isdigit() and int(step) > 0 else None
        item = self.catalog.find(lesson_id)  # type: ignore[attr-defined]
        if item is None:
            self.notify(f"--open: there is no lesson '{lesson_id}' (see the list, or convtutor validate).", severity="error", timeout=8)
            return
        if start is not None and start >= len(item.lesson.steps):
            start = len(item.lesson.steps) - 1
        self.open_lesson(lesson_id, start)

    def refresh_home(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_course()

    # -- size ------------------------------------------------------------------------------------------
    def check_size(self) -> None:
        """Cover the app while the terminal is below the minimum size (screens call this on resize)."""
        width, height = self.size
        small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        if small and self._too_small is None:
            self._too_small = TooSmallScreen(MIN_SIZE)
            self.push_screen(self._too_small)
        elif small and self._too_small is not None and self._too_small.is_mounted:
            self._too_small.update_size()
        elif not small and self._too_small is not None:
            if self.screen is self._too_small:
                self.pop_screen()
            self._too_small = None

    # -- lessons ---------------------------------------------------------------------------------------
    def open_lesson(self, lesson_id: str, start: int | None = None) -> None:
        from convtutor.tui.screens.lesson import LessonScreen

        if self.catalog is None:  # still validating: open it as soon as that is done
            self._pending_open = (lesson_id, start)
            self.notify("Opening as soon as the lessons are loaded…", timeout=2)
            return
        item = self.catalog.find(lesson_id)  # type: ignore[attr-defined]
        if item is None:
            self.notify(f"No lesson '{lesson_id}'.", severity="error")
            return
        status = lesson_status(item.lesson, self.store.progress.lessons.get(lesson_id))
        index = status.resume_index if start is None else start
        if status.state == "done" and start is None:
            index = 0  # revisiting a finished lesson starts at the top
        self.store.touch(lesson_id)
        self._show_lesson(LessonScreen(item, index))

    def _show_lesson(self, screen: Screen) -> None:
        # Never stack lessons on lessons: go back to the list first.
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        self.push_screen(screen)

    def lesson_finished(self, lesson_id: str) -> None:
        item = self.catalog.find(lesson_id)  # type: ignore[attr-defined]
        status = lesson_status(item.lesson, self.store.progress.lessons.get(lesson_id))
        lessons = list(self.catalog.lessons())  # type: ignore[attr-defined]
        position = next(i for i, other in enumerate(lessons) if other.lesson.id == lesson_id)
        following = lessons[position + 1] if position + 1 < len(lessons) else None
        lines = [f"[b]{item.lesson.title}[/b]", ""]
        lines.append(f"Steps done: {status.steps_done} of {status.steps}")
        if status.questions:
            lines.append(f"Questions right: {status.correct} of {status.questions}")
        if status.state != "done":
            lines.append("Some steps are not finished yet; the list marks this lesson as in progress.")
        lines.append("")
        lines.append(f"[b]enter[/b] next lesson: {following.lesson.title}" if following else "That was the last lesson.")
        lines.append("[b]esc[/b] back to the lessons")

        def chosen(onward: bool | None) -> None:
            self.pop_screen()  # the lesson
            self.refresh_home()
            if onward and following is not None:
                self.open_lesson(following.lesson.id)

        self.push_screen(LessonDoneScreen("\n".join(lines)), chosen)

    # -- progress ----------------------------------------------------------------------------------------
    def confirm_reset(self, lesson_id: str | None) -> None:
        if lesson_id is None:
            question = "Reset ALL progress? Every lesson goes back to 'not started'. This cannot be undone."
        else:
            found = self.index.find(lesson_id) if self.index is not None else None  # type: ignore[attr-defined]
            title = found.title if found is not None else lesson_id
            question = f"Reset your progress in '{title}'? This cannot be undone."

        def answered(yes: bool | None) -> None:
            if yes:
                self.store.reset(lesson_id)
                self.notify("Progress reset.")
                self.refresh_home()

        self.push_screen(ConfirmScreen(question), answered)

    def show_problems(self) -> None:
        problems = getattr(self.catalog, "problems", [])
        if not problems:
            self.notify("Every lesson file loaded without problems.")
            return
        text = "\n".join(p.format() for p in problems)
        self.push_screen(TextDialog("Lesson files that could not be loaded (fix them, then restart)", text, markup=False))

    # -- commands, help, theme -------------------------------------------------------------------------
    def action_help(self) -> None:
        if not isinstance(self.screen, TextDialog):
            self.push_screen(help_dialog())

    def set_theme(self, key: str) -> None:
        self.theme = settings.THEMES[key]
        self.preferences.theme = key
        settings.save(self.preferences)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for key, label in (("dark", "dark"), ("light", "light"), ("ansi", "ANSI colours (for terminals without true colour)")):
            yield SystemCommand(f"Theme: {label}", f"Switch to the {label} theme (remembered)", lambda key=key: self.set_theme(key))
        if self.index is not None:
            for lesson in self.index.lessons():  # type: ignore[attr-defined]
                yield SystemCommand(f"Open lesson: {lesson.title}", lesson.summary, lambda i=lesson.id: self.open_lesson(i))
            current = getattr(screen, "lesson", None)
            if current is not None:
                yield SystemCommand(f"Reset progress: {current.title}", "Forget this lesson's progress (asks first)", lambda: self.confirm_reset(current.id))
            yield SystemCommand("Reset all progress", "Forget all progress (asks first)", lambda: self.confirm_reset(None))

    # -- never a traceback on the learner's screen -------------------------------------------------
    def _fatal_error(self) -> None:
        import traceback

        error = self._exception
        log = paths.data_dir() / "crash.log"
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as handle:
                handle.write("".join(traceback.format_exception(error)) if error else "unknown error\n")
            where = f"The details are in {log}."
        except OSError:
            where = ""
        self.bell()
        self._exit_renderables.append(
            f"convtutor stopped because of an unexpected problem: {type(error).__name__}: {error}\n"
            f"Your progress up to the last answer is saved. {where}\n"
            "Please report it, with that file, to the convtutor developers."
        )
        self._close_messages_no_wait()


def run(extra_lessons: Sequence[Path] = (), open_at: str | None = None) -> int:
    missing = [p for p in extra_lessons if not Path(p).is_dir()]
    if missing:
        import sys

        print(f"convtutor: --lessons {missing[0]}: no such folder", file=sys.stderr)
        return 2
    app = ConvTutorApp(extra_lessons, open_at=open_at)
    app.run()
    return app.return_code or 0

