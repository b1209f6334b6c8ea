"""--watch: a changed lesson file comes back at the same step; a broken one shows its problems
in place and comes back once fixed. Run with the real file watcher."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest

from convtutor.lessons.loader import load_catalog
from convtutor.lessons.scaffold import lesson_template
from convtutor.tui.messages import OpenLesson

pytest.importorskip("watchfiles")


async def wait_for(pilot, condition, seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app did not reload in time")


async def test_a_saved_lesson_comes_back_at_its_step_and_a_broken_one_says_why(tmp_path):
    from convtutor.tui.app import ConvTutorApp
    from convtutor.tui.live_reload import BrokenLessonScreen
    from convtutor.tui.screens.lesson import LessonScreen

    lesson = tmp_path / "draft.yaml"
    lesson.write_text(lesson_template("draft", "Draft"), encoding="utf-8")
    app = ConvTutorApp([tmp_path], catalog=load_catalog([tmp_path], bundled=False, user=False), include_user_lessons=False, watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.5)  # the watcher starts
        app.post_message(OpenLesson("draft", 1))
        await wait_for(pilot, lambda: isinstance(app.screen, LessonScreen))
        first = app.screen
        assert first.index == 1
        await pilot.press("right", "right")  # the sweep's third window
        await pilot.pause()
        lesson.write_text(lesson_template("draft", "Draft").replace("title: \"Draft\"", "title: \"Draft, edited\""), encoding="utf-8")
        await wait_for(pilot, lambda: isinstance(app.screen, LessonScreen) and app.screen is not first)
        assert app.screen.index == 1 and app.screen.lesson.title == "Draft, edited"  # the same step, the new text
        await pilot.pause()
        assert app.screen.view.position == 2  # and the same window
        lesson.write_text(lesson_template("draft", "Draft").replace("kind: sweep", "kind: sweeep", 1), encoding="utf-8")
        await wait_for(pilot, lambda: isinstance(app.screen, BrokenLessonScreen))
        assert "unknown kind 'sweeep'" in "\n".join(app.screen.problems)
        lesson.write_text(lesson_template("draft", "Draft"), encoding="utf-8")
        await wait_for(pilot, lambda: isinstance(app.screen, LessonScreen))
        assert app.screen.index == 1
        await asyncio.sleep(0)


def test_watch_needs_lesson_folders_only_and_says_when_the_library_is_missing(tmp_path):
    script = "import sys; sys.modules['watchfiles'] = None; from convtutor.cli.main import main; sys.exit(main(['--watch']))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "pip install 'convtutor[watch]'" in result.stderr
