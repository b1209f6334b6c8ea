"""``convtutor export ... --format svg``: the app's own screen at a lesson's step (or the
playground at a settings line), as Textual's SVG screenshot.

The app runs headless (``App.run_test``) on a folder of its own: the learner's progress and
remembered playground settings are neither read nor changed (their theme is kept).
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from convtutor import paths
from convtutor.state import settings
from convtutor.state.progress import ProgressStore

if TYPE_CHECKING:
    from convtutor.lessons.loader import Catalog
    from convtutor.tui.app import ConvTutorApp

SIZE = (120, 40)  # columns, rows: the app's wide layout, kernel and output beside the input
MAX_WAITS = 50  # pauses (each one turn of the event loop) for the screen to be shown


@contextmanager
def _data_dir(folder: str) -> Iterator[None]:
    old = os.environ.get(paths.ENV_DATA_DIR)
    os.environ[paths.ENV_DATA_DIR] = folder
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(paths.ENV_DATA_DIR, None)
        else:
            os.environ[paths.ENV_DATA_DIR] = old


def screenshot(
    *, catalog: Catalog | None = None, lesson_id: str | None = None, step: int = 0, playground: str | None = None,
    title: str = "convtutor", size: tuple[int, int] = SIZE, theme: str | None = None,
) -> str:
    """The SVG of the screen showing step ``step`` (counting from 0) of lesson ``lesson_id``
    in ``catalog``, or the playground at the settings line ``playground``. ``theme``: a key of
    :data:`convtutor.state.settings.THEMES` (default: the learner's, else dark)."""
    if (lesson_id is None) == (playground is None):
        raise ValueError("give a lesson or a playground settings line")
    chosen = theme or settings.load().theme or "dark"
    with tempfile.TemporaryDirectory(prefix="convtutor-export-") as folder, _data_dir(folder):
        from convtutor.lessons.loader import Catalog
        from convtutor.tui.app import ConvTutorApp

        app = ConvTutorApp(
            store=ProgressStore(Path(folder) / "progress.json"), catalog=catalog if catalog is not None else Catalog(),
            include_user_lessons=False, playground=playground,
        )
        app.theme = settings.THEMES[chosen]
        return asyncio.run(_shoot(app, lesson_id, step, title, size))


async def _shoot(app: ConvTutorApp, lesson_id: str | None, step: int, title: str, size: tuple[int, int]) -> str:
    from convtutor.tui.messages import OpenLesson
    from convtutor.tui.screens.lesson import LessonScreen
    from convtutor.tui.screens.playground import PlaygroundScreen

    wanted = PlaygroundScreen if lesson_id is None else LessonScreen
    async with app.run_test(size=size, notifications=False) as pilot:
        if lesson_id is not None:
            app.post_message(OpenLesson(lesson_id, step))
        for _ in range(MAX_WAITS):
            await pilot.pause()
            if isinstance(app.screen, wanted) and app.screen.is_mounted:
                break
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        return app.export_screenshot(title=title)
