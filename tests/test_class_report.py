"""`convtutor report`: a small room of learners, written through the real progress and practice
stores and the real quiz session, summed up per question and per learner, and printed as a
table, CSV and JSON; damaged and newer files are reported and skipped."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from convtutor.cli import main as cli
from convtutor.learning import class_report
from convtutor.learning.quiz_session import QuizSession
from convtutor.lessons.loader import load_catalog, load_lesson
from convtutor.lessons.steps.quiz import QuizStep
from convtutor.state import mastery, progress
from convtutor.state.mastery import PracticeStore
from convtutor.state.progress import Progress, ProgressStore

LESSON = """\
format_version: 1
id: room-check
title: Room check
summary: Two questions for a class report.
steps:
  - id: quiz
    kind: quiz
    title: Check yourself
    questions:
      - id: size
        kind: output_shape
        input: 8
        kernel: 3
        hints: [Count the positions of the window along one row.]
      - id: sum
        kind: numeric
        prompt: What is 3·0 + 2·1 + 1·2?
        answer: 4
        feedback:
          - answer: 5
            message: Check the last product.
"""
NOW = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


class Room:
    """The files of a class: a served room's folder, a file collected by hand, and the lessons."""

    def __init__(self, root: Path) -> None:
        self.lessons = root / "lessons"
        self.lessons.mkdir()
        (self.lessons / "room-check.yaml").write_text(LESSON, encoding="utf-8")
        loaded, problems = load_lesson(self.lessons / "room-check.yaml")
        assert loaded is not None, problems
        step = loaded.lesson.steps[0]
        assert isinstance(step, QuizStep)
        self.step = step
        self.room = root / "room"
        self.bob = root / "collected" / "bob.json"

    def save(self, path: Path, learner: Progress) -> None:
        store = ProgressStore(path)
        store.load()
        store.progress = learner
        assert store.save(), store.warnings

    def answer(self, learner: Progress, question: str, *typed: str, hint: bool = False, reveal: bool = False) -> None:
        session = QuizSession(self.step, learner.step("room-check", "quiz").questions)
        session.go_to([q.id for q in self.step.questions].index(question))
        if hint:
            assert session.hint()
        for text in typed:
            assert session.answer(text), text
        if reveal:
            assert session.reveal()


@pytest.fixture
def room(tmp_path: Path) -> Room:
    r = Room(tmp_path)
    # alice: both right at the first try, the lesson done, and a drill practised
    alice = Progress()
    r.answer(alice, "size", "6x6")
    r.answer(alice, "sum", "4")
    alice.step("room-check", "quiz").done = True
    r.save(r.room / "alice" / "progress.json", alice)
    practice = PracticeStore(r.room / "alice" / mastery.FILE_NAME)
    practice.load()
    mastery.record_answer(practice.practice, "output_size", right=True, now=NOW)
    assert practice.save()
    # bob (a file collected by hand): size right at the second try, sum shown after two wrong tries,
    # and a question of a lesson the course no longer has
    bob = Progress()
    r.answer(bob, "size", "5x5", "6x6")
    r.answer(bob, "sum", "5", "3", reveal=True)
    gone = bob.question("old-lesson", "quiz", "gone")
    gone.attempts, gone.correct, gone.first_try = 1, True, True
    r.save(r.bob, bob)
    # carol: a hint, two wrong sizes and the answer shown; sum right at once; a question the lesson lost
    carol = Progress()
    r.answer(carol, "size", "5x5", " 8X8 ", hint=True, reveal=True)
    r.answer(carol, "sum", "4")
    removed = carol.question("room-check", "quiz", "removed")
    removed.attempts = 1
    removed.note_wrong("9", ())
    carol.question("old-lesson", "quiz", "peeked").order = 7  # opened, never answered: not listed
    r.save(r.room / "carol" / "progress.json", carol)
    # dave's file is torn; eve's was written by a newer convtutor; zoe has not saved anything yet
    (r.room / "dave").mkdir()
    (r.room / "dave" / "progress.json").write_bytes(b'{"format": 1, "lessons": {"room-check": {')
    newer = progress.to_json(Progress())
    newer["format"] = progress.FORMAT + 1
    (r.room / "eve").mkdir()
    (r.room / "eve" / "progress.json").write_text(json.dumps(newer), encoding="utf-8")
    (r.room / "zoe").mkdir()
    return r


def run(capsys: pytest.CaptureFixture[str], room: Room, *extra: str) -> tuple[int, str, str]:
    code = cli.main(["report", "--progress-dir", str(room.room), str(room.bob), "--lessons", str(room.lessons), *extra])
    out, err = capsys.readouterr()
    return code, out, err


# -- the counts -----------------------------------------------------------------------------------------------
def test_the_room_is_summed_up_per_question_and_per_learner(room: Room) -> None:
    learners, notices = class_report.read_class([room.bob], [room.room])
    assert [learner.name for learner in learners] == ["alice", "bob", "carol"]
    assert sorted((n.path.parent.name, n.skipped) for n in notices) == [("dave", True), ("eve", True)]
    catalog = load_catalog([room.lessons])
    lessons = [item.lesson for item in catalog.lessons()]
    report = class_report.build(learners, lessons, NOW, notices)

    lesson = next(lesson for lesson in report.lessons if lesson.id == "room-check")
    assert (lesson.title, lesson.done, lesson.started) == ("Room check", 1, 3)  # alice done; bob and carol under way
    size, total = lesson.questions
    # size: alice right at once; bob right at the second try; carol (after a hint) shown the answer
    assert (size.kind, size.attempted, size.first_try, size.correct, size.revealed, size.hinted) == ("output_shape", 3, 1, 2, 1, 1)
    assert [(w.answer, w.times, w.learners, [m.name for m in w.mistakes]) for w in size.wrong] == [
        ("5x5", 2, 2, ["forgot_plus_one"]),  # bob and carol
        ("8X8", 1, 1, ["padded_input"]),  # carol, spaces trimmed
    ]
    assert size.wrong[0].mistakes[0].learner == "counted moves, not positions"  # the kind's own words
    # sum: alice and carol right at once; bob shown it after 5 (the lesson's own feedback) and 3 (nothing named)
    assert (total.attempted, total.first_try, total.correct, total.revealed, total.hinted) == (3, 2, 2, 1, 0)
    assert [(w.answer, w.times, [m.name for m in w.mistakes]) for w in total.wrong] == [("3", 1, []), ("5", 1, ["answer"])]
    assert total.wrong[1].mistakes[0].learner == class_report.AUTHORED

    # every bundled lesson is there too, in the course's order, before the extra folder's
    assert [lesson.id for lesson in report.lessons] == [lesson.id for lesson in lessons]
    assert [lesson.id for lesson in report.lessons][-1] == "room-check"
    untouched = report.lessons[0]
    assert untouched.questions and all(q.attempted == 0 and not q.wrong for q in untouched.questions)

    # records the course does not have come last
    assert [(q.lesson, q.step, q.question, q.kind) for q in report.unknown] == [
        ("old-lesson", "quiz", "gone", None), ("room-check", "quiz", "removed", None)]
    gone, removed = report.unknown
    assert (gone.attempted, gone.first_try, gone.correct) == (1, 1, 1)
    assert [(w.answer, w.mistakes) for w in removed.wrong] == [("9", ())]

    by_name = {learner.name: learner for learner in report.learners}
    assert {name: (r.lessons_done, r.tried, r.first_try, r.unknown) for name, r in by_name.items()} == {
        "alice": (1, 2, 2, 0), "bob": (0, 2, 0, 1), "carol": (0, 2, 1, 1)}
    assert all(r.lessons == len(lessons) for r in report.learners)
    assert all(r.questions == sum(len(lesson.questions) for lesson in report.lessons) for r in report.learners)
    assert by_name["carol"].score == 0.5
    alice_mastery = by_name["alice"].mastery
    assert alice_mastery is not None and set(alice_mastery) == set(class_report.skill_titles())
    assert 0 < (alice_mastery["output_size"] or 0) <= 1
    assert all(meter is None for skill, meter in alice_mastery.items() if skill != "output_size")
    assert by_name["bob"].mastery is None and by_name["carol"].mastery is None  # no practice file


def test_learners_are_named_after_their_folder_or_file(tmp_path: Path) -> None:
    for folder in ("a/ann", "b/ben", "c"):
        ProgressStore(tmp_path / folder / "progress.json").save()
    ProgressStore(tmp_path / "c" / "cy.json").save()
    ProgressStore(tmp_path / "d" / "ann" / "progress.json").save()
    sources, notices = class_report.find_sources(
        [tmp_path / "a" / "ann" / "progress.json", tmp_path / "b" / "ben", tmp_path / "c", tmp_path / "a" / "ann",
         tmp_path / "nowhere"],
        [tmp_path / "d"],
    )
    # c is a folder with a progress file of its own: one learner, its loose files are not looked at
    assert [s.name for s in sources] == ["ann", "ben", "c", "ann (2)"]  # the same file twice is read once
    assert [n.path.name for n in notices] == ["nowhere"]
    sources, _ = class_report.find_sources([tmp_path / "c" / "cy.json"])
    assert [(s.name, s.practice) for s in sources] == [("cy", None)]


def test_a_partly_damaged_file_is_counted_as_far_as_it_can_be_read(room: Room) -> None:
    path = room.room / "alice" / "progress.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["lessons"]["room-check"]["steps"]["quiz"]["questions"]["sum"]["attempts"] = "many"
    path.write_text(json.dumps(data), encoding="utf-8")
    learners, notices = class_report.read_class([], [room.room])
    alice = next(learner for learner in learners if learner.name == "alice")
    assert set(alice.progress.lessons["room-check"].steps["quiz"].questions) == {"size"}
    partly = [n for n in notices if not n.skipped]
    assert len(partly) == 1 and "question 'sum'" in partly[0].message and "the rest is counted" in partly[0].message
    assert sorted(p.name for p in (room.room / "alice").iterdir()) == ["practice.json", "practice.json.lock",
                                                                       "progress.json", "progress.json.lock"]  # nothing kept aside


# -- the command ----------------------------------------------------------------------------------------------
def test_damaged_and_newer_files_are_reported_and_skipped(capsys: pytest.CaptureFixture[str], room: Room) -> None:
    code, out, err = run(capsys, room)
    assert code == 0
    warnings = err.splitlines()
    assert any("dave" in line and "it is not complete JSON; skipped" in line for line in warnings)
    assert any("eve" in line and f"newer convtutor wrote it (format {progress.FORMAT + 1}); skipped" in line for line in warnings)
    assert not any("zoe" in line for line in warnings)
    assert "2 files could not be read and were skipped" in out
    assert sorted(p.name for p in (room.room / "dave").iterdir()) == ["progress.json"]  # nothing written beside it
    assert (room.room / "eve" / "progress.json").read_text(encoding="utf-8").count(f'"format": {progress.FORMAT + 1}') == 1


def test_nothing_readable_is_exit_status_1(capsys: pytest.CaptureFixture[str], room: Room) -> None:
    code = cli.main(["report", str(room.room / "dave" / "progress.json"), str(room.room / "eve")])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert "no learner's progress could be read" in err
    assert cli.main(["report", "--progress-dir", str(room.room / "zoe")]) == 1
    assert "no progress files found" in capsys.readouterr().err
    assert cli.main(["report"]) == 2


def test_the_table_fits_80_columns_and_names_what_matters(capsys: pytest.CaptureFixture[str], room: Room) -> None:
    code, out, _ = run(capsys, room)
    assert code == 0
    lines = out.splitlines()
    assert all(len(line) < 80 for line in lines), max(lines, key=len)
    assert lines[0].startswith("Class report: 3 learners · ")

    def counts(line: str) -> list[str]:
        return line.split()[-4:]

    header = next(line for line in lines if line.startswith("QUESTIONS"))
    assert counts(header) == ["tried", "first", "right", "shown"]
    assert any(line.startswith("Room check (room-check): done by 1 of 3, started by 3") for line in lines)
    assert "The convolutional layer (convolutional-layer): no answers yet (3 questions)" in lines
    assert not any(line.split()[:1] == ["params-3x3"] for line in lines)  # a lesson nobody answered in is one line
    size = lines.index(next(line for line in lines if line.split()[:1] == ["size"]))
    assert counts(lines[size]) == ["3", "1", "2", "1"]
    assert lines[size + 1].strip() == '"5x5" ×2 (2 learners): counted moves, not positions [forgot_plus_one]'
    assert lines[size + 2].strip().startswith('"8X8" ×1 (1 learner): gave the size of the (padded) input')
    sum_line = next(line for line in lines if line.split()[:1] == ["sum"])
    assert counts(sum_line) == ["3", "2", "2", "1"]
    assert f'"5" ×1 (1 learner): {class_report.AUTHORED}' in out
    assert '"3" ×1 (1 learner): no named mistake' in out
    unknown = lines.index(next(line for line in lines if line.startswith("NOT IN THE COURSE")))
    assert counts(lines[unknown + 1]) == ["1", "1", "1", "0"] and lines[unknown + 1].split()[0] == "old-lesson/quiz/gone"
    learners = lines.index(next(line for line in lines if line.startswith("LEARNERS")))
    rows = {line.split()[0]: line.split()[1:] for line in lines[learners + 1:] if not line.startswith(" ")}
    total = len(load_catalog([room.lessons]).sections[0].lessons) + 1
    assert rows == {"alice": ["1", "of", str(total), "2", "2", "100%"], "bob": ["0", "of", str(total), "2", "0", "0%"],
                    "carol": ["0", "of", str(total), "2", "1", "50%"]}
    assert any(line.startswith("  mastery: Output size ") for line in lines)
    assert "  1 answered question not in the course" in lines


def test_learners_only_table(capsys: pytest.CaptureFixture[str], room: Room) -> None:
    _, out, _ = run(capsys, room, "--learners")
    assert "QUESTIONS" not in out and "LEARNERS" in out and "alice" in out


def test_csv_has_one_row_per_question(capsys: pytest.CaptureFixture[str], room: Room) -> None:
    code, out, _ = run(capsys, room, "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == class_report.QUESTION_COLUMNS
    course = [row for row in rows if row["section"] == "course"]
    unknown = [row for row in rows if row["section"] == "unknown"]
    assert [(row["lesson"], row["question"]) for row in unknown] == [("old-lesson", "gone"), ("room-check", "removed")]
    assert rows[-2:] == unknown  # last
    size = next(row for row in course if (row["lesson"], row["question"]) == ("room-check", "size"))
    assert {k: size[k] for k in ("lesson_title", "step", "kind", "learners", "attempted", "first_try", "correct", "revealed", "hinted")} == {
        "lesson_title": "Room check", "step": "quiz", "kind": "output_shape", "learners": "3", "attempted": "3",
        "first_try": "1", "correct": "2", "revealed": "1", "hinted": "1"}
    assert size["wrong_answers"] == '"5x5" ×2 (2 learners): forgot_plus_one; "8X8" ×1 (1 learner): padded_input'


def test_csv_of_learners(capsys: pytest.CaptureFixture[str], room: Room) -> None:
    _, out, _ = run(capsys, room, "--csv", "--learners")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0]) == class_report.learner_columns()
    assert [row["learner"] for row in rows] == ["alice", "bob", "carol"]
    alice, bob, _ = rows
    assert (alice["lessons_done"], alice["tried"], alice["first_try"]) == ("1", "2", "2")
    assert 0 < float(alice["mastery_output_size"]) <= 1 and alice["mastery_param_count"] == ""
    assert bob["mastery_output_size"] == "" and bob["unknown"] == "1"
    assert bob["source"].endswith("bob.json")


def test_json_for_scripts(capsys: pytest.CaptureFixture[str], room: Room) -> None:
    code, out, _ = run(capsys, room, "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"format", "skills", "learners", "lessons", "unknown", "files"}
    assert data["format"] == class_report.FORMAT
    assert [learner["name"] for learner in data["learners"]] == ["alice", "bob", "carol"]
    assert set(data["learners"][0]) == {"name", "source", "lessons_done", "lessons", "questions", "tried", "first_try",
                                        "unknown", "mastery"}
    assert data["learners"][1]["mastery"] is None
    lesson = data["lessons"][-1]
    assert (lesson["id"], lesson["done"], lesson["started"]) == ("room-check", 1, 3)
    size = lesson["questions"][0]
    assert size["wrong"][0] == {"answer": "5x5", "times": 2, "learners": 2,
                                "mistakes": [{"name": "forgot_plus_one", "learner": "counted moves, not positions"}]}
    assert [q["question"] for q in data["unknown"]] == ["gone", "removed"]
    assert sorted((Path(f["path"]).parent.name, f["skipped"]) for f in data["files"]) == [("dave", True), ("eve", True)]
    with pytest.raises(SystemExit) as exit_:
        cli.main(["report", "--json", "--csv", str(room.bob)])
    assert exit_.value.code == 2
    assert cli.main(["report", "--json", "--learners", str(room.bob)]) == 2


def test_text_from_learners_files_cannot_reach_a_terminal_or_a_formula(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    learner = Progress()
    record = learner.question("lost", "quiz", "q\x1b[2J")
    record.attempts = 1
    record.note_wrong("\x1b]0;owned\x07", ())
    ProgressStore(tmp_path / "=HYPERLINK(1).json").save()
    store = ProgressStore(tmp_path / "=HYPERLINK(1).json")
    store.progress = learner
    assert store.save()
    assert cli.main(["report", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "lost/quiz/q?[2J" in out
    assert cli.main(["report", "--csv", "--learners", str(tmp_path)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["learner"] == "'=HYPERLINK(1)"
