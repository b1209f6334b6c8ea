"""A bug in convtutor stops the app with a short message and a crash.log, never a traceback, and
the message says progress is saved only when the last save worked."""

from __future__ import annotations

import pytest

from app_helpers import make_app
from convtutor import paths
from convtutor.state.progress import ProgressStore
from convtutor.tui import crash
from convtutor.tui.messages import OpenLesson
from convtutor.tui.steps.sweep import SweepStepView


def test_the_message_claims_saved_progress_only_when_it_is(tmp_path):
    error = ValueError("bad")
    log = crash.write_log(error, tmp_path)
    assert log is not None and "ValueError: bad" in log.read_text()
    saved = crash.message(error, log, progress_saved=True)
    unsaved = crash.message(error, log, progress_saved=False)
    assert "progress up to the last answer is saved" in saved and str(log) in saved
    assert "is saved" not in unsaved and "could not be saved" in unsaved
    assert "Traceback" not in saved


def test_an_unwritable_log_is_not_mentioned(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert crash.write_log(ValueError("x"), blocker / "sub") is None
    assert "details are in" not in crash.message(ValueError("x"), None, True)


async def _crash_in_a_sweep(app, monkeypatch) -> str:
    def boom(self, scroll=False):
        raise RuntimeError("boom")

    monkeypatch.setattr(SweepStepView, "refresh_view", boom)
    shown: list[str] = []
    real = crash.message
    monkeypatch.setattr(crash, "message", lambda *a: shown.append(real(*a)) or shown[-1])
    with pytest.raises(RuntimeError, match="boom"):
        async with app.run_test(size=(100, 30)) as pilot:
            app.post_message(OpenLesson("convolutional-layer", 1))
            await pilot.pause()
            await pilot.pause()
    assert len(shown) == 1
    return shown[0]


async def test_an_exception_in_a_step_writes_crash_log(monkeypatch):
    message = await _crash_in_a_sweep(make_app(), monkeypatch)
    log = paths.data_dir() / "crash.log"
    assert "RuntimeError: boom" in log.read_text(encoding="utf-8")
    assert message.startswith("convtutor stopped because of an unexpected problem: RuntimeError: boom")
    assert "progress up to the last answer is saved" in message and str(log) in message


async def test_after_a_failed_save_the_message_does_not_claim_progress_is_saved(monkeypatch, tmp_path):
    folder = tmp_path / "not-a-folder"
    folder.write_text("a file where the data folder should be")
    app = make_app()
    app.course.store = ProgressStore(folder / "progress.json")  # every save fails
    message = await _crash_in_a_sweep(app, monkeypatch)
    assert "could not be saved" in message and "is saved" not in message
