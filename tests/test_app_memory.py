"""Stepping through lessons must not keep the widgets of earlier steps alive.

Two Textual behaviours did (see convtutor.compat): a class-wide
cache that kept every removed widget's render cache, and the Footer keeping every key it had
ever drawn. The first two tests fail if their workaround is taken out; the third guards the
lesson screen itself.
"""

from __future__ import annotations

import gc
import weakref

from textual.widgets._footer import FooterKey

from app_helpers import make_app, open_lesson
from convtutor.tui.screens.home import HomeScreen
from convtutor.tui.screens.lesson import LessonScreen


async def _walk(app, pilot, steps: int):
    """Open the first lesson and step through it; weak references to what each step showed."""
    views, caches, keys = [], [], []
    screen = await open_lesson(app, pilot, "convolutional-layer")
    for _ in range(steps):
        views.append(weakref.ref(screen.view))
        caches.append(weakref.ref(screen.view._styles_cache))
        keys.extend(weakref.ref(key) for key in screen.query(FooterKey))
        await pilot.press("pagedown")
        await pilot.pause()
    return screen, views, caches, keys


async def test_earlier_steps_are_freed():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen, views, caches, _ = await _walk(app, pilot, 4)
        assert isinstance(screen, LessonScreen) and screen.index == 4
        gc.collect()
        assert [ref() for ref in views] == [None] * 4
        # The render caches (with their strips) went with their widgets.
        assert [ref() for ref in caches] == [None] * 4


async def test_footer_keys_of_earlier_steps_are_freed():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen, _, _, keys = await _walk(app, pilot, 4)
        gc.collect()
        shown = {id(key) for key in screen.query(FooterKey)}
        alive = [ref() for ref in keys if ref() is not None and id(ref()) not in shown]
        assert alive == []


async def test_a_closed_lesson_is_freed():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen, _, _, _ = await _walk(app, pilot, 2)
        lesson = weakref.ref(screen)
        del screen
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        gc.collect()
        assert lesson() is None
