"""The convtutor app: configuration, theme, which screen is showing, and the requests screens
post (open a lesson, reset progress...). The course loads in a worker thread after the first
paint, so the first screen never waits on YAML, the schema or NumPy."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, SystemCommand
from textual.events import DescendantFocus, Resize
from textual.screen import Screen
from textual.widgets import Input

from convtutor import paths
from convtutor.learning import status
from convtutor.lessons.folders import folders
from convtutor.lessons.summary import CourseIndex, cached
from convtutor.state import settings
from convtutor.state.progress import ProgressStore
from convtutor.tui import commands, crash
from convtutor.tui.course_state import CourseState
from convtutor.tui.messages import LessonFinished, OpenDrill, OpenLesson, OpenPlayground, OpenPuzzles, ResetProgress, ShowProblems
from convtutor.tui.screens.dialogs import ConfirmScreen, TextDialog, help_dialog
from convtutor.tui.screens.home import HomeScreen
from convtutor.tui.screens.too_small import SizeGuard

if TYPE_CHECKING:
    from convtutor.learning.practice import Clock
    from convtutor.lessons.loader import Catalog
    from convtutor.state.mastery import PracticeStore
    from convtutor.state.puzzle_results import PuzzleResults
    from convtutor.tui.live_reload import LiveReload

FULL_LOAD_DELAY = 0.1  # seconds after the first paint


class ConvTutorApp(App[None]):
    course: CourseState  # served: set once the learner's name is known
    TITLE = "convtutor"
    CSS_PATH = "app.tcss"
    BINDINGS = commands.bindings("app")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-tall")]

    def __init__(
        self, extra_lessons: Sequence[Path] = (), *, store: ProgressStore | None = None, catalog: Catalog | None = None,
        include_user_lessons: bool = True, open_at: str | None = None, playground: str | None = None, watch: bool = False,
        drill: OpenDrill | None = None, clock: Clock | None = None, puzzles: OpenPuzzles | None = None,
        served: Path | None = None,
    ) -> None:
        super().__init__()
        # Served mode (convtutor serve): the room's folder. The learner's name comes first; until
        # then no state file is read, since which files are theirs depends on it.
        self.served = served
        self.extra_lessons = [Path(p) for p in extra_lessons]
        self.include_user_lessons = include_user_lessons
        self.open_at = open_at
        self.playground = playground  # a settings line: open the playground at start
        self.watch_files = watch  # live preview for authors: reload lessons when their files change
        self.drill = drill  # open the drill screen at start
        self.puzzles = puzzles  # open the shape puzzles at start
        self._puzzle_results: PuzzleResults | None = None  # puzzles.json, read when the puzzles first open
        self._practice: PracticeStore | None = None  # the drills' mastery (practice.json), read when first shown
        self._clock = clock  # practice's time (tests pass a fixed one; None: the local time)
        self.live: LiveReload | None = None
        self._crash_reported = False
        self.size_guard = SizeGuard(self)
        self._pending: OpenLesson | None = None
        if served is None:
            self._open_state(store, catalog)
        else:
            assert store is None, "a served app keeps each learner's progress in the room's folder"
            self._served_catalog = catalog  # the lessons are no learner's state: tests pass them loaded
            self.include_user_lessons = False  # the instructor's folders only: nothing of the learner's folder is loaded
            self.use_command_palette = False  # nothing but the name until the learner is known
            self.preferences = settings.Settings()
            self.theme = settings.THEMES["dark"]  # a browser's terminal has true colour

    def _open_state(self, store: ProgressStore | None, catalog: Catalog | None) -> None:
        self.course = CourseState(store or ProgressStore(paths.progress_file()), catalog=catalog)
        self.preferences = settings.load()
        # Chosen before the first screen mounts, so that its styles are computed once. Under
        # NO_COLOR Textual greys the dark theme; the ANSI theme would go black on black.
        default = "dark" if self.served is not None else settings.default_theme()
        self.theme = settings.THEMES["dark" if self.no_color else self.preferences.theme or default]

    # -- practice: read after the first frame (fsrs and the drills are not on its way) ---------------
    @property
    def practice(self) -> PracticeStore:
        if self._practice is None:
            from convtutor.state.mastery import PracticeStore

            self._practice = PracticeStore()
            self._practice.load()
        return self._practice

    @property
    def clock(self) -> Clock:
        if self._clock is None:
            from convtutor.learning.practice import local_now

            self._clock = local_now
        return self._clock

    # -- start-up: the list from the last run's summary in the first frame, the lessons after -------
    def on_mount(self) -> None:
        if self.served is not None:
            from convtutor.tui.screens.learner_name import LearnerNameScreen

            self.push_screen(LearnerNameScreen(), self._learner_named)
            self.size_guard.check(self.size.width, self.size.height)
            return
        self._start()

    def _learner_named(self, name: str | None) -> None:
        from convtutor.state.learners import learner_dir

        assert self.served is not None and name is not None
        folder = learner_dir(self.served, name)  # checked again: the screen checked it as typed
        paths.use_data_dir(folder)  # before any state file is read: progress, settings, practice, puzzles, the cache
        self._open_state(None, self._served_catalog)
        self.use_command_palette = True
        self._start()
        returning = bool(self.course.store.progress.lessons)
        self.notify(f"{'Welcome back' if returning else 'Hello'}, {folder.name}: your progress is saved as you go.", timeout=4, markup=False)

    def _start(self) -> None:
        self.course.store.load()
        if self.course.catalog is not None:
            from convtutor.lessons.summary import summarize

            self.course.index = summarize(self.course.catalog)
        else:
            self.course.index = cached(folders(self.extra_lessons, user=self.include_user_lessons))
            self.set_timer(FULL_LOAD_DELAY, self.load_course)
        self.push_screen(HomeScreen(self.course))
        if self.watch_files:
            from convtutor.tui.live_reload import LiveReload

            self.live = LiveReload(self)
            self.run_worker(self.live.watch(), exclusive=True, group="watch")
        if self.playground is not None:
            self.open_playground(OpenPlayground(self.playground))
        if self.drill is not None:
            self.open_drill(self.drill)
        if self.puzzles is not None:
            self.open_puzzles(self.puzzles)
        self.size_guard.check(self.size.width, self.size.height)

    @work(thread=True, exclusive=True, group="load")
    def load_course(self) -> None:
        from convtutor.lessons.loader import load_course

        self.call_from_thread(self._course_loaded, *load_course(self.extra_lessons, user=self.include_user_lessons))

    @work(thread=True, exclusive=True, group="load")
    def reload_course(self, changed: set[Path]) -> None:
        """Load the course again after lesson files changed (``--watch``)."""
        from convtutor.lessons.loader import load_course

        assert self.live is not None
        self.call_from_thread(self.live.reloaded, *load_course(self.extra_lessons, user=self.include_user_lessons), changed)

    def refresh_lists(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_course()

    def _course_loaded(self, catalog: Catalog, index: CourseIndex) -> None:
        self.course.catalog = catalog
        self.course.index = index
        self.refresh_lists()
        for warning in self.course.store.warnings:
            self.notify(warning, severity="warning", timeout=8)
        if self._pending is not None:
            self.open_lesson(self._pending)
        elif self.open_at:
            lesson_id, start = status.open_request(self.open_at)
            if catalog.find(lesson_id) is None:
                self.notify(f"--open: there is no lesson '{lesson_id}' (see the list, or convtutor validate).", severity="error", timeout=8)
            else:
                self.open_lesson(OpenLesson(lesson_id, start))

    # -- what screens ask for ------------------------------------------------------------------------
    @on(OpenLesson)
    def open_lesson(self, request: OpenLesson) -> None:
        from convtutor.tui.screens.lesson import LessonScreen

        catalog = self.course.catalog
        if catalog is None:  # still loading: open it as soon as that is done
            self._pending = request
            self.notify("Opening as soon as the lessons are loaded…", timeout=2)
            return
        self._pending = None
        item = catalog.find(request.lesson_id)
        if item is None:
            self.notify(f"No lesson '{request.lesson_id}'.", severity="error")
            return
        store = self.course.store
        start = status.start_index(item.lesson, store.progress, request.start)
        store.touch(item.lesson.id)
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()  # never stack lessons on lessons: back to the list first
        self.push_screen(LessonScreen(item, store, start, request.question))

    @on(OpenPlayground)
    def open_playground(self, request: OpenPlayground) -> None:
        from convtutor.tui.screens.playground import PlaygroundScreen

        self.push_screen(PlaygroundScreen(request.line))

    @on(OpenDrill)
    def open_drill(self, request: OpenDrill) -> None:
        from convtutor.tui.screens.drill import DrillScreen

        self.push_screen(DrillScreen(self.practice, skill=request.skill, seed=request.seed, clock=self.clock))

    @on(OpenPuzzles)
    def open_puzzles(self, request: OpenPuzzles) -> None:
        from convtutor.puzzles.loader import bundled_puzzles_dir, load_pack
        from convtutor.state.puzzle_results import PuzzleResults, results_file
        from convtutor.tui.screens.puzzle import PuzzleScreen
        from convtutor.tui.screens.puzzles import PuzzlesScreen

        if self._puzzle_results is None:
            self._puzzle_results = PuzzleResults(results_file())
            self._puzzle_results.load()
        title, loaded, problems = load_pack(request.folder or bundled_puzzles_dir())
        if problems:  # an instructor's pack: what did not load is said, the rest is played
            self.notify("\n".join(p.format() for p in problems[:3]) + ("\n(convtutor validate shows them all)" if len(problems) > 3 else ""),
                        severity="warning", timeout=10, markup=False)
        self.push_screen(PuzzlesScreen(title, loaded, self._puzzle_results))
        if request.puzzle_id is not None:
            found = next((item.puzzle for item in loaded if item.puzzle.id == request.puzzle_id), None)
            if found is None:
                self.notify(f"There is no puzzle '{request.puzzle_id}'.", severity="error", timeout=8)
            else:
                self.push_screen(PuzzleScreen(found, self._puzzle_results))

    @on(LessonFinished)
    def lesson_finished(self, message: LessonFinished) -> None:
        from convtutor.tui.screens.lesson_done import LessonDoneScreen, MissedScreen, lesson_done

        done = lesson_done(self.course, message.lesson_id)
        if done is None:
            return
        self.clear_notifications()  # e.g. "Quiz done", which would cover the dialog

        def chosen(choice: str | None) -> None:
            self.pop_screen()  # the lesson
            if choice == "next" and done.after is not None:
                self.open_lesson(OpenLesson(done.after.id))
            elif choice == "missed":
                self.push_screen(MissedScreen(done.missed))

        self.push_screen(LessonDoneScreen(done), chosen)

    @on(ResetProgress)
    def reset_progress(self, request: ResetProgress) -> None:
        lesson_id = request.lesson_id
        if lesson_id is None:
            question = "Reset ALL progress? Every lesson goes back to 'not started'. This cannot be undone."
        else:
            found = self.course.index.find(lesson_id) if self.course.index is not None else None
            question = f"Reset your progress in '{found.title if found is not None else lesson_id}'? This cannot be undone."

        def answered(yes: bool | None) -> None:
            if yes:
                self.course.store.reset(lesson_id)
                self.notify("Progress reset.")

        self.push_screen(ConfirmScreen(question), answered)

    @on(ShowProblems)
    def show_problems(self) -> None:
        problems = self.course.catalog.problems if self.course.catalog is not None else []
        if not problems:
            self.notify("Every lesson file loaded without problems.")
            return
        text = "\n".join(p.format() for p in problems)
        self.push_screen(TextDialog("Lesson files that could not be loaded (fix them, then restart)", text, markup=False))

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        # Served, a blinking cursor is a frame to the browser twice a second for as long as a
        # tab sits on a question: 30 idle learners would keep a core busy. The cursor stays on.
        if self.served is not None and isinstance(event.widget, Input):
            event.widget.cursor_blink = False

    # -- size, help, theme, palette ------------------------------------------------------------------
    def on_resize(self, event: Resize) -> None:
        if len(self.screen_stack) > 1:  # before on_mount the home screen is not up: on_mount checks then
            self.size_guard.check(event.size.width, event.size.height)

    def action_help(self) -> None:
        if not isinstance(self.screen, TextDialog):
            self.push_screen(help_dialog(served=self.served is not None))

    def set_theme(self, key: str) -> None:
        self.theme = settings.THEMES[key]
        self.preferences.theme = key
        settings.save(self.preferences)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Textual's own theme picker would not save the choice: the palette's own entries do.
        yield from (command for command in super().get_system_commands(screen) if command.title != "Theme")
        from convtutor.tui import palette  # only once the palette opens: not on the way to the first frame

        yield from palette.entries(self, screen)

    # -- never a traceback on the learner's screen (a private hook: see convtutor.compat) ----------
    def _fatal_error(self) -> None:
        if self._crash_reported:
            return  # a second error while closing after the first: one message, one log
        self._crash_reported = True
        error = self._exception
        self.bell()
        course = getattr(self, "course", None)  # served: none before the learner's name
        saved = course.store.last_save_ok if course is not None else True
        self._exit_renderables.append(crash.message(error, crash.write_log(error), saved))
        self._close_messages_no_wait()

