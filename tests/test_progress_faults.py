"""Progress under faults: killed mid-save, two windows at once, damaged files, no usable folder."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from app_helpers import make_app
from convtutor import paths
from convtutor.state.progress import ProgressStore, from_json
from convtutor.tui.messages import OpenLesson
from convtutor.tui.widgets.lesson_list import LessonList

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from convtutor.state.progress import ProgressStore
    store = ProgressStore(Path(sys.argv[1]))
    store.load()
    tag = sys.argv[2]
    rounds = int(sys.argv[3])
    for n in range(rounds):
        # a big enough file that a save takes a moment, so kills land mid-write
        for lesson in range(60):
            for step in range(20):
                store.progress.step(f"{tag}-lesson-{lesson}", f"step-{step}").position = n
        store.progress.step(tag, f"done-{n}").done = True
        store.progress.last_lesson = f"{tag}:{n}"
        store.save()
        print(n, flush=True)
""")


def run_writer(path, tag: str, rounds: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag, str(rounds)], stdout=subprocess.PIPE, text=True)


def test_killed_in_the_middle_of_saving_never_tears_the_file(tmp_path):
    path = tmp_path / "progress.json"
    rng = random.Random(7)
    for _ in range(25):
        writer = run_writer(path, "w", 10_000)
        writer.stdout.readline()  # it has saved at least once
        time.sleep(rng.uniform(0.0, 0.08))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        data = json.loads(path.read_text())  # never torn: always complete JSON
        progress = from_json(data)
        n = int(progress.last_lesson.split(":")[1])
        # The old or the new state, consistent within itself: every step of round n is there.
        assert progress.lessons["w-lesson-0"].steps["step-0"].position == n
        assert all(progress.lessons["w"].steps[f"done-{k}"].done for k in range(n + 1))


def test_two_windows_saving_at_once_lose_nothing(tmp_path):
    path = tmp_path / "progress.json"
    first, second = run_writer(path, "a", 40), run_writer(path, "b", 40)
    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
    final = ProgressStore(path).load()
    for tag in ("a", "b"):
        assert all(final.lessons[tag].steps[f"done-{n}"].done for n in range(40)), tag


def test_a_full_disk_keeps_progress_for_the_session(tmp_path, monkeypatch):
    store = ProgressStore(tmp_path / "progress.json")
    store.load()
    store.progress.step("a", "s").done = True
    assert store.save()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    store.progress.step("a", "t").done = True
    assert store.save() is False
    assert "No space left on device" in store.warnings[0]
    assert store.progress.lessons["a"].steps["t"].done  # kept in memory
    assert json.loads((tmp_path / "progress.json").read_text())["lessons"]["a"]["steps"]["s"]["done"]  # old file intact
    assert not list(tmp_path.glob(".progress-*.tmp"))


def test_stale_temporary_files_are_tidied(tmp_path):
    leftover = tmp_path / ".progress.json-abc.tmp"
    leftover.write_text("{half")
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    fresh = tmp_path / ".progress.json-new.tmp"
    fresh.write_text("{being written")
    ProgressStore(tmp_path / "progress.json").load()
    assert not leftover.exists() and fresh.exists()


async def test_app_goes_on_after_a_corrupt_progress_file():
    paths.data_dir().mkdir(parents=True, exist_ok=True)
    paths.progress_file().write_text("\x00\x01 this is not json")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        notice = str(app.screen.query_one("#notice").content)
        assert "could not be used in full (it is not complete JSON)" in notice and "kept as progress.json.damaged-" in notice
        assert app.screen.query_one(LessonList).option_count > 7
    kept = list(paths.data_dir().glob("progress.json.damaged-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"\x00\x01")


@pytest.mark.parametrize("version", [2, 99])
async def test_app_goes_on_after_a_progress_file_from_the_future(version):
    paths.data_dir().mkdir(parents=True, exist_ok=True)
    paths.progress_file().write_text(json.dumps({"format": version, "lessons": {"x": {}}}))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert f"newer convtutor (format {version})" in str(app.screen.query_one("#notice").content)


async def test_app_with_an_unusable_data_folder_keeps_progress_for_the_session(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("CONVTUTOR_DATA_DIR", str(blocker))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.post_message(OpenLesson("convolutional-layer", 0))
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.course.store.progress.lessons["convolutional-layer"].steps["idea"].done
        assert not app.course.store.persistent
        assert any("kept for this session only" in w for w in app.course.store.warnings)
        await pilot.press("escape")
        await pilot.pause()
        assert "kept for this session only" in str(app.screen.query_one("#notice").content)
