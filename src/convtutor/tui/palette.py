"""The command palette's own entries: themes, commands defined in tui/commands.py, lessons in
course order, resets and the questions to go back to."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.screen import Screen

from convtutor.learning import scores
from convtutor.state import settings
from convtutor.tui import commands
from convtutor.tui.messages import OpenLesson, ResetProgress
from convtutor.tui.screens.home import HomeScreen
from convtutor.tui.screens.lesson_done import MissedScreen

if TYPE_CHECKING:
    from convtutor.tui.app import ConvTutorApp


def entries(app: ConvTutorApp, screen: Screen[object]) -> Iterable[SystemCommand]:
    for key, label in settings.THEME_LABELS.items():
        yield SystemCommand(f"Theme: {label}", f"Switch to the {label} theme (remembered)", lambda key=key: app.set_theme(key))
    scopes = ("app", "home") if isinstance(screen, HomeScreen) else ("app",)
    for command, action in commands.palette_commands(scopes):
        yield SystemCommand(command.palette, command.help, lambda action=action: app.call_later(screen.run_action, action))
    index = app.course.index
    if index is not None:
        lessons = list(index.lessons())
        width = len(str(len(lessons)))
        for number, lesson in enumerate(lessons, 1):
            # numbered, and padded with spaces as in the lesson list: the palette sorts by title, and " 2" sorts before "10"
            yield SystemCommand(f"Open lesson {number:>{width}}: {lesson.title}", lesson.summary,
                                lambda i=lesson.id: app.open_lesson(OpenLesson(i)))
        current = getattr(screen, "lesson", None)
        if current is not None:
            yield SystemCommand(f"Reset progress: {current.title}", "Forget this lesson's progress (asks first)",
                                lambda: app.reset_progress(ResetProgress(current.id)))
        yield SystemCommand("Reset all progress", "Forget all progress (asks first)", lambda: app.reset_progress(ResetProgress(None)))
        if app.course.catalog is not None:
            missed = scores.missed_questions((i.lesson for i in app.course.catalog.lessons()), app.course.store.progress)
            yield SystemCommand("Go back to the questions you missed", f"{len(missed)} not right at the first try",
                                lambda: app.push_screen(MissedScreen(missed)))
