"""Progress: round trip, merging, damaged files, unusable folders."""

from __future__ import annotations

import json

from convtutor.learning.status import lesson_status
from convtutor.lessons.loader import load_catalog
from convtutor.state.progress import Progress, ProgressStore, decode, merge, to_json


def filled() -> Progress:
    p = Progress(last_lesson="padding")
    p.step("padding", "intro").done = True
    p.step("padding", "sweep").position = 7
    q = p.question("padding", "check", "q1")
    q.attempts, q.hints, q.correct, q.variant = 3, 1, True, 2
    p.lesson("padding").current = "sweep"
    return p


def test_round_trip(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    store.progress = filled()
    assert store.save()
    again = ProgressStore(tmp_path / "progress.json")
    assert to_json(again.load()) == to_json(filled())
    assert not list(tmp_path.glob(".progress-*"))  # no temporary files left behind


def test_merge_keeps_completed_work_from_both():
    a, b = filled(), Progress()
    b.step("padding", "other").done = True
    b.question("padding", "check", "q1").attempts = 5
    b.step("stride", "intro").done = True
    merged = merge(a, b)
    assert merged.lessons["padding"].steps["intro"].done and merged.lessons["padding"].steps["other"].done
    assert merged.lessons["stride"].steps["intro"].done
    q = merged.lessons["padding"].steps["check"].questions["q1"]
    assert (q.attempts, q.correct) == (5, True)


def test_two_stores_saving_lose_nothing(tmp_path):
    path = tmp_path / "progress.json"
    first, second = ProgressStore(path), ProgressStore(path)
    first.load(), second.load()
    first.progress.step("a", "s1").done = True
    second.progress.step("b", "s2").done = True
    first.save()
    second.save()
    final = ProgressStore(path).load()
    assert final.lessons["a"].steps["s1"].done and final.lessons["b"].steps["s2"].done


def test_a_corrupt_file_is_copied_aside_before_it_is_saved_over(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text("{ not json")
    store = ProgressStore(path)
    assert store.load().lessons == {}
    kept = list(tmp_path.glob("progress.json.damaged-*"))
    assert len(kept) == 1 and kept[0].read_text() == "{ not json"
    assert "could not be used in full (it is not complete JSON)" in store.warnings[0] and kept[0].name in store.warnings[0]
    assert store.save() and json.loads(path.read_text())["format"] == 1
    assert kept[0].read_text() == "{ not json"  # still there after the save


def test_a_future_version_is_left_untouched_and_not_saved_over(tmp_path):
    path = tmp_path / "progress.json"
    original = json.dumps({"format": 99, "lessons": {"x": "whatever a later version writes"}})
    path.write_text(original)
    store = ProgressStore(path)
    store.load()
    assert "newer convtutor (format 99)" in store.warnings[0] and "left as it is" in store.warnings[0]
    store.progress.step("a", "s").done = True
    assert store.save() is False and not store.persistent
    assert path.read_text() == original and not list(tmp_path.glob("progress.json.damaged-*"))


def test_unusable_folder_keeps_progress_for_the_session(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    store = ProgressStore(blocker / "progress.json")
    store.load()
    store.progress.step("a", "s").done = True
    assert store.save() is False
    assert store.progress.lessons["a"].steps["s"].done  # still there for this session
    assert "kept for this session only" in store.warnings[0]
    assert store.save() is False and len(store.warnings) == 1  # said once


def test_records_of_the_wrong_shape_are_dropped_whole_and_the_rest_recovered():
    decoded = decode(json.dumps({"format": 1, "lessons": {
        "a": {"steps": {"s": {"done": "yes"}, "t": {"done": True, "questions": {"q": {"attempts": "many"}, "r": {"correct": True}}}}},
        "b": 7,
    }}).encode())
    assert set(decoded.progress.lessons) == {"a"}
    steps = decoded.progress.lessons["a"].steps
    assert set(steps) == {"t"} and steps["t"].done and set(steps["t"].questions) == {"r"} and steps["t"].questions["r"].correct
    assert decoded.dropped == ("lesson 'a', step 's'", "lesson 'a', step 't', question 'q'", "lesson 'b'")


def test_reset_one_lesson_and_all(tmp_path):
    store = ProgressStore(tmp_path / "progress.json")
    store.progress = filled()
    store.progress.step("stride", "intro").done = True
    store.save()
    store.reset("padding")
    assert "padding" not in ProgressStore(tmp_path / "progress.json").load().lessons
    store.reset()
    assert ProgressStore(tmp_path / "progress.json").load().lessons == {}


def test_lesson_status_and_edited_lessons():
    catalog = load_catalog(user=False)
    lesson = catalog.find("convolutional-layer").lesson
    progress = Progress()
    assert lesson_status(lesson, None).state == "not started"
    progress.step(lesson.id, "idea").done = True
    progress.step(lesson.id, "gone-step").done = True  # a step the edited lesson no longer has
    progress.lesson(lesson.id).current = "line-image"
    status = lesson_status(lesson, progress.lessons[lesson.id])
    assert (status.state, status.steps_done, status.resume_index) == ("in progress", 1, 1)
    for step in lesson.steps:
        progress.step(lesson.id, step.id).done = True
    progress.question(lesson.id, "check", "params-3x3").correct = True
    progress.question(lesson.id, "check", "params-3x3").first_try = True
    status = lesson_status(lesson, progress.lessons[lesson.id])
    assert (status.state, status.correct, status.questions, status.glyph) == ("done", 1, 3, "✓")
