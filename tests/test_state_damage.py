"""Every file the app keeps survives any bytes, and damaged progress is kept, never overwritten.

Each named kind of damage is its own test; hypothesis then throws arbitrary bytes and arbitrary
JSON at each state file (progress, settings, the lesson-list cache) and the app must start and
list the course, with the progress file's original bytes still in the data folder after a save.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app_helpers import make_app
from convtutor import paths
from convtutor.state import files
from convtutor.state.progress import FORMAT, MAX_BYTES, ProgressStore, decode
from convtutor.tui.messages import OpenLesson
from convtutor.tui.widgets.lesson_list import LessonList

GOOD = {"format": 1, "last_lesson": "padding", "lessons": {"padding": {"current": "intro", "updated": 1.0, "steps": {
    "intro": {"done": True, "position": 0, "score": None, "questions": {}}}}}}


def data_folder():
    folder = paths.data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def kept_copies():
    return sorted(data_folder().glob("progress.json.damaged-*"))


def bytes_survive(original: bytes) -> bool:
    return any(f.is_file() and f.read_bytes() == original for f in data_folder().iterdir())


async def start_and_save(app=None) -> tuple[object, str]:
    """Start the app, check it lists the course, open a lesson (which saves); the notices."""
    app = app or make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(LessonList).option_count > 7
        notice = str(app.screen.query_one("#notice").content)
        app.post_message(OpenLesson("padding", 0))
        await pilot.pause()
        await pilot.pause()
        assert type(app.screen).__name__ == "LessonScreen"
    return app, notice


# -- named kinds of damage ------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "content", "why"), [
    ("not UTF-8", b'{"format": 1, "lessons": {"caf\xe9": {}}}', "not text (UTF-8)"),
    ("truncated", json.dumps(GOOD).encode()[:40], "not complete JSON"),
    ("wrong shape", b'[1, 2, 3]', "not a convtutor progress file"),
    ("only spaces", b"   \n", "not complete JSON"),
    ("bad format", b'{"format": "one", "lessons": {}}', "is not a version number"),
])
async def test_damaged_progress_is_kept_and_the_course_opens(name, content, why):
    (data_folder() / "progress.json").write_bytes(content)
    _app, notice = await start_and_save()
    assert why in notice and "kept as progress.json.damaged-" in notice
    (copy,) = kept_copies()
    assert copy.read_bytes() == content and copy.name in notice
    assert json.loads((data_folder() / "progress.json").read_text())["format"] == FORMAT  # saved afresh


async def test_a_60_mb_progress_file_is_not_read_but_kept():
    path = data_folder() / "progress.json"
    with path.open("wb") as handle:
        handle.truncate(60_000_000)  # sparse: 60 MB of zero bytes
    _app, notice = await start_and_save()
    assert "larger than 5 MB" in notice
    (copy,) = kept_copies()
    assert copy.stat().st_size == 60_000_000


async def test_records_of_the_wrong_type_are_dropped_and_the_rest_recovered():
    damaged = json.loads(json.dumps(GOOD))
    damaged["lessons"]["stride"] = {"steps": {"intro": {"done": "yes"}}}
    (data_folder() / "progress.json").write_text(json.dumps(damaged))
    app, notice = await start_and_save()
    assert "some of it could not be read: lesson 'stride', step 'intro'" in notice and "the rest was recovered" in notice
    assert app.course.store.progress.lessons["padding"].steps["intro"].done  # recovered
    assert json.loads(kept_copies()[0].read_text()) == damaged


async def test_an_empty_file_starts_afresh_and_says_so():
    (data_folder() / "progress.json").write_bytes(b"")
    _, notice = await start_and_save()
    assert "was empty" in notice and kept_copies() == []


async def test_a_folder_in_place_of_the_file_keeps_progress_for_the_session():
    (data_folder() / "progress.json").mkdir()
    app, notice = await start_and_save()
    assert "kept for this session only" in notice and (data_folder() / "progress.json").is_dir()
    assert not app.course.store.last_save_ok


async def test_a_fifo_in_place_of_the_file_never_blocks():
    os.mkfifo(data_folder() / "progress.json")
    _, notice = await start_and_save()
    assert "not a regular file" in notice and "kept for this session only" in notice


async def test_a_dangling_link_reads_as_no_progress_yet():
    (data_folder() / "progress.json").symlink_to(data_folder() / "gone.json")
    app, notice = await start_and_save()
    assert notice == "" and app.course.store.last_save_ok
    assert json.loads((data_folder() / "progress.json").read_text())["format"] == FORMAT


def test_a_file_that_cannot_be_read_is_left_alone(monkeypatch, tmp_path):
    path = tmp_path / "progress.json"
    path.write_text(json.dumps(GOOD))
    real_open = os.open

    def refuse(name, *args, **kwargs):  # tests run as root, where chmod 000 does not stop a read
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(files.os, "open", refuse)
    store = ProgressStore(path)
    store.load()
    assert "Permission denied" in store.warnings[0] and not store.persistent
    assert store.save() is False
    assert json.loads(path.read_text()) == GOOD


async def test_a_newer_format_is_left_untouched_and_not_saved():
    newer = json.dumps({"format": FORMAT + 1, "lessons": {"padding": ["a", "later", "shape"]}}).encode()
    (data_folder() / "progress.json").write_bytes(newer)
    _app, notice = await start_and_save()
    assert f"newer convtutor (format {FORMAT + 1})" in notice and "kept for this session only" in notice
    assert (data_folder() / "progress.json").read_bytes() == newer and kept_copies() == []


async def test_an_older_file_without_a_format_is_migrated():
    older = {k: v for k, v in GOOD.items() if k != "format"}
    (data_folder() / "progress.json").write_text(json.dumps(older))
    app, notice = await start_and_save()
    assert notice == "" and app.course.store.progress.lessons["padding"].steps["intro"].done
    assert json.loads((data_folder() / "progress.json").read_text())["format"] == FORMAT


def test_damage_that_appears_while_the_app_runs_is_kept_before_the_save(tmp_path):
    path = tmp_path / "progress.json"
    store = ProgressStore(path)
    store.load()
    path.write_bytes(b"\x00 written by something else")
    store.progress.step("a", "s").done = True
    assert store.save()
    (copy,) = tmp_path.glob("progress.json.damaged-*")
    assert copy.read_bytes() == b"\x00 written by something else"


def test_only_the_newest_few_copies_are_kept(tmp_path):
    path = tmp_path / "progress.json"
    for number in range(5):
        path.write_bytes(b"damaged %d" % number)
        files.keep_copy(path, "damaged", 3)
        time.sleep(0.01)
    kept = sorted(p.read_bytes() for p in tmp_path.glob("progress.json.damaged-*"))
    assert kept == [b"damaged 2", b"damaged 3", b"damaged 4"]


KILLED_COPY = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from convtutor.state import files
    files.COPY_CHUNK = 1000
    real_fsync = files.os.fsync
    def slow_fsync(fd):
        print("copying", flush=True)
        time.sleep(30)  # killed here, after the copy's bytes are written and before it is renamed
    files.os.fsync = slow_fsync
    from convtutor.state.progress import ProgressStore
    ProgressStore(Path(sys.argv[1])).load()
""")


def test_killed_during_the_backup_copy_the_damaged_bytes_survive(tmp_path):
    path = tmp_path / "progress.json"
    damaged = b"\xff" + b"x" * 100_000
    path.write_bytes(damaged)
    process = subprocess.Popen([sys.executable, "-c", KILLED_COPY, str(path)], stdout=subprocess.PIPE)
    assert process.stdout is not None and process.stdout.readline() == b"copying\n"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert path.read_bytes() == damaged and not list(tmp_path.glob("progress.json.damaged-*"))
    store = ProgressStore(path)  # the next start copies it again, whole, and tidies what was left
    store.load()
    (copy,) = tmp_path.glob("progress.json.damaged-*")
    assert copy.read_bytes() == damaged
    assert store.save() and path.read_bytes() != damaged and copy.read_bytes() == damaged


# -- anything at all ----------------------------------------------------------------------------------
FEW = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**40, 2**40) | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["format", "lessons", "steps", "questions", "done", "theme", "version", "x"]) | st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)
progress_like = st.fixed_dictionaries({"format": st.integers(-1, 3) | json_values, "lessons": st.dictionaries(st.text(max_size=5), json_values, max_size=3)})
anything = st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()) | progress_like.map(lambda v: json.dumps(v).encode())


def _clean():
    for f in data_folder().iterdir():
        if f.is_file():
            f.unlink()


@FEW
@given(content=anything)
async def test_any_progress_file_opens_the_course_and_its_bytes_survive_a_save(content):
    _clean()
    (data_folder() / "progress.json").write_bytes(content)
    _app, _ = await start_and_save()
    try:
        fully_read = decode(content).dropped == () and decode(content).version <= FORMAT
    except ValueError:
        fully_read = False
    if content and not fully_read:
        assert bytes_survive(content)


@FEW
@given(content=anything)
async def test_any_settings_file_opens_the_course(content):
    _clean()
    (data_folder() / "settings.json").write_bytes(content)
    await start_and_save()


@FEW
@given(content=anything)
async def test_any_cached_lesson_list_opens_the_course(content):
    from convtutor.tui.app import ConvTutorApp

    _clean()
    (data_folder() / "cache").mkdir(exist_ok=True)
    (data_folder() / "cache" / "lesson-index.json").write_bytes(content)
    app = ConvTutorApp(include_user_lessons=False)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.course.catalog is not None:
                break
        assert app.screen.query_one(LessonList).option_count > 7


def test_the_reader_reads_no_more_than_its_limit(tmp_path):
    path = tmp_path / "big"
    path.write_bytes(b"x" * (MAX_BYTES + 10))
    read = files.read_file(path, MAX_BYTES)
    assert read.data is None and read.too_large and "larger than 5 MB" in read.problem
