"""Live preview for authors (``convtutor --lessons DIR --watch``): when a lesson file changes,
the course is loaded again and the lesson on screen comes back at the same step; a file that
turns invalid shows its problems in place of the lesson, and comes back once it is fixed.

Files are watched with ``watchfiles`` (the operating system's notifications, no polling while
nothing changes), only while the app runs with ``--watch``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from convtutor.lessons.folders import LESSON_SUFFIXES, folders
from convtutor.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from convtutor.lessons.loader import Catalog
    from convtutor.lessons.summary import CourseIndex
    from convtutor.tui.app import ConvTutorApp

MISSING_LIBRARY = "--watch needs the watchfiles package: pip install 'convtutor[watch]'"


class BrokenLessonScreen(Screen[None]):
    """Where a lesson was, while its file has problems: what they are, and that it comes back."""

    BINDINGS = [("escape", "app.pop_screen", "Lessons")]
    DEFAULT_CSS = """
    BrokenLessonScreen VerticalScroll { padding: 1 2; }
    BrokenLessonScreen #broken-title { text-style: bold; color: $warning; }
    """

    def __init__(self, lesson_id: str, path: Path, index: int, problems: list[str]) -> None:
        super().__init__()
        self.lesson_id, self.path, self.index, self.problems = lesson_id, path, index, problems

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(f"{self.path.name} has problems; the lesson comes back when the file is fixed and saved.", id="broken-title", markup=False)
            yield Static("\n".join(self.problems), id="broken-problems", markup=False)
        yield KeyFooter()

    def show(self, problems: list[str]) -> None:
        self.problems = problems
        self.query_one("#broken-problems", Static).update("\n".join(problems))


class LiveReload:
    """Watches the lesson folders of an app and reloads what changed."""

    def __init__(self, app: ConvTutorApp) -> None:
        self.app = app

    def folders(self) -> list[Path]:
        return [folder for folder, _ in folders(self.app.extra_lessons, user=self.app.include_user_lessons) if folder.is_dir()]

    async def watch(self) -> None:
        """Run until the app stops: each batch of changes to lesson files reloads the course."""
        try:
            from watchfiles import awatch
        except ImportError:
            self.app.notify(MISSING_LIBRARY, severity="error", timeout=10)
            return
        watched = self.folders()
        if not watched:
            return
        self.app.notify(f"Watching {len(watched)} lesson folder{'s' * (len(watched) != 1)} for changes.", timeout=3)
        async for changes in awatch(*watched, watch_filter=lambda _, path: path.endswith(LESSON_SUFFIXES)):
            self.app.reload_course({Path(path).resolve() for _, path in changes})

    def reloaded(self, catalog: Catalog, index: CourseIndex, changed: set[Path]) -> None:
        """Put the new course on screen: the lesson being read comes back at its step."""
        from convtutor.tui.screens.lesson import LessonScreen

        app = self.app
        app.course.catalog, app.course.index = catalog, index
        app.refresh_lists()
        screen = app.screen
        if isinstance(screen, LessonScreen):
            screen.remember_position()  # the window or question on screen comes back too
            lesson_id, path, index_now = screen.lesson.id, screen.loaded.path, screen.index
        elif isinstance(screen, BrokenLessonScreen):
            lesson_id, path, index_now = screen.lesson_id, screen.path, screen.index
        else:
            return
        if path.resolve() not in changed:
            return
        item = catalog.find(lesson_id)
        if item is not None:
            start = min(index_now, len(item.lesson.steps) - 1)
            app.switch_screen(LessonScreen(item, app.course.store, start))
            app.notify(f"Reloaded {path.name}.", timeout=2)
            return
        problems = [p.format() for p in catalog.problems if Path(p.file).resolve() == path.resolve()]
        problems = problems or [f"{path.name} no longer defines the lesson '{lesson_id}'."]
        if isinstance(screen, BrokenLessonScreen):
            screen.show(problems)
        else:
            app.switch_screen(BrokenLessonScreen(lesson_id, path, index_now, problems))
