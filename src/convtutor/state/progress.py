"""The learner's progress: which steps are done, how each question went, where to resume.

Kept as JSON in the user data folder, keyed by lesson id, step id and question id, so that an
edited lesson keeps the progress of the steps it still has. Every save:

* takes a lock file, re-reads what is on disk and merges it in, so two convtutor windows
  saving at once lose neither's completed work;
* writes a temporary file, flushes it to disk and renames it over the old one, so a crash
  leaves either the old or the new file, never a torn one.

A file that cannot be read (corrupt, or from a newer convtutor) is moved aside with a
message, never overwritten. If the data folder cannot be written at all, progress is kept for
the session and a warning says so.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from convtutor.state.files import atomic_write, read_file, temporaries

FORMAT = 1
MAX_BYTES = 5_000_000  # progress of hundreds of lessons is well under 1 MB


@dataclass
class QuestionRecord:
    attempts: int = 0
    hints: int = 0
    correct: bool = False
    revealed: bool = False  # the learner asked to see the answer
    variant: int = 0

    @property
    def finished(self) -> bool:
        return self.correct or self.revealed


@dataclass
class StepRecord:
    done: bool = False
    position: int = 0  # sweep: last window; quiz: current question
    score: int | None = None  # sweep tasks: predictions right, or 1/0 for a find task
    questions: dict[str, QuestionRecord] = field(default_factory=dict)


@dataclass
class LessonRecord:
    current: str | None = None  # step id to resume at
    steps: dict[str, StepRecord] = field(default_factory=dict)
    updated: float = 0.0


@dataclass
class Progress:
    lessons: dict[str, LessonRecord] = field(default_factory=dict)
    last_lesson: str | None = None

    def lesson(self, lesson_id: str) -> LessonRecord:
        return self.lessons.setdefault(lesson_id, LessonRecord())

    def step(self, lesson_id: str, step_id: str) -> StepRecord:
        return self.lesson(lesson_id).steps.setdefault(step_id, StepRecord())

    def question(self, lesson_id: str, step_id: str, question_id: str) -> QuestionRecord:
        return self.step(lesson_id, step_id).questions.setdefault(question_id, QuestionRecord())


# -- JSON <-> records -----------------------------------------------------------------------------
class ProgressFormatError(ValueError):
    pass


def _int(value: object, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


def to_json(progress: Progress) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "last_lesson": progress.last_lesson,
        "lessons": {
            lesson_id: {
                "current": record.current,
                "updated": record.updated,
                "steps": {
                    step_id: {
                        "done": step.done,
                        "position": step.position,
                        "score": step.score,
                        "questions": {
                            qid: {"attempts": q.attempts, "hints": q.hints, "correct": q.correct, "revealed": q.revealed, "variant": q.variant}
                            for qid, q in step.questions.items()
                        },
                    }
                    for step_id, step in record.steps.items()
                },
            }
            for lesson_id, record in progress.lessons.items()
        },
    }


def from_json(data: object) -> Progress:
    """Read progress; ProgressFormatError if it is not progress or comes from a newer version."""
    if not isinstance(data, dict) or not isinstance(data.get("lessons"), dict):
        raise ProgressFormatError("it is not a convtutor progress file")
    version = data.get("format")
    if not isinstance(version, int) or version > FORMAT:
        raise ProgressFormatError(f"it was written by a newer convtutor (format {version!r})")
    progress = Progress(last_lesson=data.get("last_lesson") if isinstance(data.get("last_lesson"), str) else None)
    for lesson_id, raw in data["lessons"].items():
        if not isinstance(raw, dict):
            continue
        record = progress.lesson(str(lesson_id))
        record.current = raw.get("current") if isinstance(raw.get("current"), str) else None
        record.updated = float(raw.get("updated", 0.0)) if isinstance(raw.get("updated"), (int, float)) else 0.0
        for step_id, step_raw in (raw.get("steps") or {}).items():
            if not isinstance(step_raw, dict):
                continue
            step = record.steps.setdefault(str(step_id), StepRecord())
            step.done = step_raw.get("done") is True
            step.position = _int(step_raw.get("position"))
            step.score = _int(step_raw.get("score"), -1) if step_raw.get("score") is not None else None
            if step.score == -1:
                step.score = None
            for qid, q in (step_raw.get("questions") or {}).items():
                if isinstance(q, dict):
                    step.questions[str(qid)] = QuestionRecord(
                        attempts=_int(q.get("attempts")), hints=_int(q.get("hints")), correct=q.get("correct") is True,
                        revealed=q.get("revealed") is True, variant=_int(q.get("variant")),
                    )
    return progress


def merge(ours: Progress, theirs: Progress) -> Progress:
    """Fold ``theirs`` into ``ours`` (in place, so that records held by the UI stay live).

    Completed work from either side survives: done and correct are kept if either has them,
    counts take the larger. Where to resume (current step, positions) stays ours: we are the
    session that is writing.
    """
    ours.last_lesson = ours.last_lesson or theirs.last_lesson
    for lesson_id, their_lesson in theirs.lessons.items():
        mine = ours.lessons.get(lesson_id)
        if mine is None:
            ours.lessons[lesson_id] = their_lesson
            continue
        mine.updated = max(mine.updated, their_lesson.updated)
        mine.current = mine.current or their_lesson.current
        for step_id, their_step in their_lesson.steps.items():
            step = mine.steps.get(step_id)
            if step is None:
                mine.steps[step_id] = their_step
                continue
            step.done = step.done or their_step.done
            if their_step.score is not None:
                step.score = max(step.score or 0, their_step.score)
            for qid, their_q in their_step.questions.items():
                q = step.questions.get(qid)
                if q is None:
                    step.questions[qid] = their_q
                    continue
                q.attempts = max(q.attempts, their_q.attempts)
                q.hints = max(q.hints, their_q.hints)
                q.correct = q.correct or their_q.correct
                q.revealed = (q.revealed or their_q.revealed) and not q.correct
    return ours


# -- the store ------------------------------------------------------------------------------------
class ProgressStore:
    """Loads, keeps and saves progress; never raises for a bad file or an unusable folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.progress = Progress()
        self.warnings: list[str] = []  # for the UI to show once
        self.persistent = True
        self.last_save_ok = True  # False once a save failed (the crash message must not claim otherwise)

    # reading
    def load(self) -> Progress:
        self._remove_stale_temporaries()
        read = read_file(self.path, MAX_BYTES)
        if read.missing:
            self.progress = Progress()
            return self.progress
        if read.data is None:
            if read.too_large:
                self._move_aside(read.problem)
            else:
                self._degrade(f"cannot read {self.path}: {read.problem}")
            self.progress = Progress()
            return self.progress
        try:
            self.progress = from_json(json.loads(read.data.decode("utf-8")))
        except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
            self._move_aside(str(error) if isinstance(error, ProgressFormatError) else "it is damaged")
            self.progress = Progress()
        return self.progress

    def _remove_stale_temporaries(self) -> None:
        """A crash between writing and renaming leaves a temporary file; tidy old ones away
        (not recent ones: another window may be writing right now)."""
        for leftover in temporaries(self.path):
            with contextlib.suppress(OSError):
                if time.time() - leftover.stat().st_mtime > 60:
                    leftover.unlink()

    def _on_disk(self) -> Progress | None:
        read = read_file(self.path, MAX_BYTES)
        if read.data is None:
            return None
        try:
            return from_json(json.loads(read.data.decode("utf-8")))
        except (ValueError, RecursionError):
            return None  # damaged since we loaded: ours replaces it

    def _move_aside(self, why: str) -> None:
        target = self.path.with_name(f"{self.path.stem}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}{self.path.suffix}")
        try:
            os.replace(self.path, target)
            self.warnings.append(f"Your progress file could not be used ({why}); it was kept as {target.name} and a new one started.")
        except OSError as error:
            self._degrade(f"the progress file could not be used ({why}) nor moved aside: {error.strerror or error}")

    def _degrade(self, why: str) -> None:
        self.last_save_ok = False
        if self.persistent:
            self.persistent = False
            self.warnings.append(f"Progress will be kept for this session only: {why}.")

    # writing
    def save(self) -> bool:
        """Merge with what is on disk and write atomically. False (with a warning) if it could not."""
        if not self.persistent:
            self.last_save_ok = False
            return False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._locked():
                on_disk = self._on_disk()
                if on_disk is not None:
                    merge(self.progress, on_disk)
                self._write()
        except OSError as error:
            self._degrade(f"cannot write to {self.path.parent}: {error.strerror or error}")
            self.last_save_ok = False
            return False
        self.last_save_ok = True
        return True

    def _write(self) -> None:
        atomic_write(self.path, json.dumps(to_json(self.progress), indent=1, sort_keys=True).encode("utf-8"))

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        lock_path = self.path.with_name(self.path.name + ".lock")
        with open(lock_path, "a+b") as lock:
            try:
                import fcntl
            except ImportError:  # pragma: no cover - Windows: the merge still protects most cases
                yield
                return
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    # changes
    def touch(self, lesson_id: str) -> LessonRecord:
        record = self.progress.lesson(lesson_id)
        record.updated = time.time()
        self.progress.last_lesson = lesson_id
        return record

    def reset(self, lesson_id: str | None = None) -> None:
        """Forget one lesson's progress, or everything; saved at once (no merge brings it back)."""
        if lesson_id is None:
            self.progress = Progress()
        else:
            self.progress.lessons.pop(lesson_id, None)
            if self.progress.last_lesson == lesson_id:
                self.progress.last_lesson = None
        if not self.persistent:
            self.last_save_ok = False
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._locked():
                self._write()
        except OSError as error:
            self._degrade(f"cannot write to {self.path.parent}: {error.strerror or error}")
            self.last_save_ok = False
        else:
            self.last_save_ok = True
