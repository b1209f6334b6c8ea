"""Shared helpers for the Pilot tests of the app."""

from __future__ import annotations

from convtutor import paths
from convtutor.lessons.loader import load_catalog
from convtutor.state.progress import ProgressStore
from convtutor.tui.messages import OpenLesson

_CATALOG = None


def catalog():
    """The bundled course, loaded once per test session (it is read-only)."""
    global _CATALOG
    if _CATALOG is None:
        _CATALOG = load_catalog(user=False)
    return _CATALOG


def make_app(**kwargs):
    from convtutor.tui.app import ConvTutorApp

    kwargs.setdefault("catalog", catalog())
    return ConvTutorApp(store=ProgressStore(paths.progress_file()), **kwargs)


async def open_lesson(app, pilot, lesson_id: str, step: int = 0):
    app.post_message(OpenLesson(lesson_id, step))
    await pilot.pause()
    await pilot.pause()
    return app.screen


def screen_lines(app) -> list[str]:
    """The text of every line on screen, as the learner sees it."""
    return ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]
