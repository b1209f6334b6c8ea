"""The learner's progress: which steps are done, how each question went, where to resume.

Kept as JSON in the user data folder, keyed by lesson id, step id and question id, so that an
edited lesson keeps the progress of the steps it still has. Every save:

* takes a lock file, re-reads what is on disk and merges it in, so two convtutor windows
  saving at once lose neither's completed work;
* writes a temporary file, flushes it to disk and renames it over the old one, so a crash
  leaves either the old or the new file, never a torn one.

A damaged file is never lost: before anything is saved over it, a copy is kept beside it
(``progress.json.damaged-<time>``, the newest few), whatever can be read of it (whole
lessons, steps, questions) is recovered, and the learner is told where the copy is. A file
from a newer convtutor is left untouched and this session's progress is not saved. A file
that cannot be read at all (a folder, no permission) or a data folder that cannot be written
means progress is kept for the session only, and a warning says so.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import msgspec

from convtutor.state.files import atomic_write, keep_copy, read_file, temporaries

FORMAT = 1
MAX_BYTES = 5_000_000  # progress of hundreds of lessons is well under 1 MB
KEEP_DAMAGED = 3  # copies of damaged progress files kept beside it, newest first


# msgspec Structs rather than dataclasses: the same fields and equality, made in C, which keeps
# a few milliseconds off the way to the first frame.
class QuestionRecord(msgspec.Struct):
    attempts: int = 0
    hints: int = 0
    correct: bool = False
    revealed: bool = False  # the learner asked to see the answer
    variant: int = 0
    first_try: bool | None = None  # the first marked answer was right (None: not answered yet)
    order: int = 0  # seeds this learner's order of a question's choices (0: not drawn yet)
    wrong: list[WrongAnswer] = msgspec.field(default_factory=list)  # the latest wrong answers, oldest first

    @property
    def finished(self) -> bool:
        return self.correct or self.revealed

    @property
    def right_first_time(self) -> bool:
        """Answered right at the first try, with no hint and without the answer shown. Records
        saved before first tries were kept count one attempt, right, as a first-try answer."""
        first = self.first_try if self.first_try is not None else (self.correct and self.attempts == 1)
        return first and self.hints == 0 and not self.revealed

    def note_wrong(self, answer: str, mistakes: tuple[str, ...]) -> None:
        self.wrong.append(WrongAnswer(answer[:40], mistakes))
        del self.wrong[:-MAX_WRONG]


class WrongAnswer(NamedTuple):
    """A wrong answer as typed, and the named mistakes it fitted (feeds practice and reports)."""

    answer: str
    mistakes: tuple[str, ...]


MAX_WRONG = 10  # wrong answers kept per question


class StepRecord(msgspec.Struct):
    done: bool = False
    position: int = 0  # sweep: last window; quiz: current question
    score: int | None = None  # sweep tasks: predictions right, or 1/0 for a find task
    questions: dict[str, QuestionRecord] = msgspec.field(default_factory=dict)
    predictions: dict[int, bool] = msgspec.field(default_factory=dict)  # predict sweeps: window -> predicted right


class LessonRecord(msgspec.Struct):
    current: str | None = None  # step id to resume at
    steps: dict[str, StepRecord] = msgspec.field(default_factory=dict)
    updated: float = 0.0


class Progress(msgspec.Struct):
    lessons: dict[str, LessonRecord] = msgspec.field(default_factory=dict)
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
                        "predictions": {str(window): right for window, right in sorted(step.predictions.items())},
                        "questions": {
                            qid: {
                                "attempts": q.attempts, "hints": q.hints, "correct": q.correct, "revealed": q.revealed,
                                "variant": q.variant, "first_try": q.first_try, "order": q.order,
                                "wrong": [{"answer": w.answer, "mistakes": list(w.mistakes)} for w in q.wrong],
                            }
                            for qid, q in step.questions.items()
                        },
                    }
                    for step_id, step in record.steps.items()
                },
            }
            for lesson_id, record in progress.lessons.items()
        },
    }


class Decoded(NamedTuple):
    """What a progress file held: the progress that could be read, and what could not."""

    progress: Progress
    version: int
    dropped: tuple[str, ...] = ()  # e.g. "lesson 'padding', question 'q1'"


class _Unreadable(Exception):
    """One record has the wrong shape: it is dropped, and the rest of the file is kept."""


def _count(value: object, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31:
        return value
    raise _Unreadable


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise _Unreadable


def _text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise _Unreadable


def _mapping(value: object) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise _Unreadable


def _question(raw: object) -> QuestionRecord:
    q = _mapping(raw)
    first_try = q.get("first_try")
    wrong = q.get("wrong", [])
    if not isinstance(wrong, list):
        raise _Unreadable
    return QuestionRecord(
        attempts=_count(q.get("attempts", 0)) or 0, hints=_count(q.get("hints", 0)) or 0,
        correct=_flag(q.get("correct", False)), revealed=_flag(q.get("revealed", False)),
        variant=_count(q.get("variant", 0)) or 0,
        first_try=None if first_try is None else _flag(first_try),
        order=_count(q.get("order", 0)) or 0,
        wrong=[_wrong(w) for w in wrong][-MAX_WRONG:],
    )


def _wrong(raw: object) -> WrongAnswer:
    w = _mapping(raw)
    answer, mistakes = w.get("answer"), w.get("mistakes", [])
    if not isinstance(answer, str) or not isinstance(mistakes, list) or not all(isinstance(m, str) for m in mistakes):
        raise _Unreadable
    return WrongAnswer(answer, tuple(mistakes))


def _step(raw: object, where: str, dropped: list[str]) -> StepRecord:
    step_raw = _mapping(raw)
    step = StepRecord(
        done=_flag(step_raw.get("done", False)), position=_count(step_raw.get("position", 0)) or 0,
        score=_count(step_raw.get("score"), optional=True),
    )
    for window, right in _mapping(step_raw.get("predictions", {})).items():
        if not (isinstance(window, str) and window.isdigit() and len(window) < 10):
            raise _Unreadable
        step.predictions[int(window)] = _flag(right)
    for qid, q in _mapping(step_raw.get("questions", {})).items():
        try:
            step.questions[str(qid)] = _question(q)
        except _Unreadable:
            dropped.append(f"{where}, question '{qid}'")
    return step


def _lesson(raw: object, where: str, dropped: list[str]) -> LessonRecord:
    lesson_raw = _mapping(raw)
    updated = lesson_raw.get("updated", 0.0)
    if isinstance(updated, bool) or not isinstance(updated, (int, float)):
        raise _Unreadable
    record = LessonRecord(current=_text(lesson_raw.get("current")), updated=float(updated))
    for step_id, step_raw in _mapping(lesson_raw.get("steps", {})).items():
        try:
            record.steps[str(step_id)] = _step(step_raw, f"{where}, step '{step_id}'", dropped)
        except _Unreadable:
            dropped.append(f"{where}, step '{step_id}'")
    return record


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """Bring an older file's data up to :data:`FORMAT`, one version at a time."""
    if version == 0:  # before files carried a version; the same shape as format 1
        data = {**data, "format": 1}
    return data


def decode(raw: bytes) -> Decoded:
    """Read a progress file's bytes, recovering every whole lesson, step and question that can be
    read. ProgressFormatError when nothing of it is progress; a newer format is returned
    undecoded (``version`` > FORMAT) so that the caller leaves the file alone."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProgressFormatError("it is not text (UTF-8)") from None
    except (ValueError, RecursionError):
        raise ProgressFormatError("it is not complete JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("lessons"), dict):
        raise ProgressFormatError("it is not a convtutor progress file")
    version = data.get("format", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise ProgressFormatError(f"its format {version!r} is not a version number")
    if version > FORMAT:
        return Decoded(Progress(), version)
    data = migrate(data, version)
    dropped: list[str] = []
    last = data.get("last_lesson")
    progress = Progress(last_lesson=last if isinstance(last, str) else None)
    for lesson_id, lesson_raw in data["lessons"].items():
        try:
            progress.lessons[str(lesson_id)] = _lesson(lesson_raw, f"lesson '{lesson_id}'", dropped)
        except _Unreadable:
            dropped.append(f"lesson '{lesson_id}'")
    if dropped and not progress.lessons and data["lessons"]:
        raise ProgressFormatError("none of its lessons could be read")
    return Decoded(progress, version, tuple(dropped))


def from_json(data: object) -> Progress:
    """Progress from parsed JSON (the parts that can be read); ProgressFormatError if none."""
    return decode(json.dumps(data).encode("utf-8")).progress


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
            for window, right in their_step.predictions.items():
                step.predictions.setdefault(window, right)
            for qid, their_q in their_step.questions.items():
                q = step.questions.get(qid)
                if q is None:
                    step.questions[qid] = their_q
                    continue
                q.attempts = max(q.attempts, their_q.attempts)
                q.hints = max(q.hints, their_q.hints)
                q.first_try = q.first_try if q.first_try is not None else their_q.first_try  # the earliest answer's
                q.order = q.order or their_q.order
                if len(their_q.wrong) > len(q.wrong):
                    q.wrong = list(their_q.wrong)
                q.correct = q.correct or their_q.correct
                q.revealed = (q.revealed or their_q.revealed) and not q.correct
    return ours


# -- the store ------------------------------------------------------------------------------------
class ProgressStore:
    """Loads, keeps and saves progress; never raises for a bad file or an unusable folder, and
    never writes over progress it could not read without keeping a copy first."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.progress = Progress()
        self.warnings: list[str] = []  # for the UI to show once
        self.persistent = True
        self.last_save_ok = True  # False once a save failed (the crash message must not claim otherwise)
        self._kept: tuple[int, int, int] | None = None  # the damaged file already copied aside

    # reading
    def load(self) -> Progress:
        self._remove_stale_temporaries()
        self.progress = Progress()
        read = read_file(self.path, MAX_BYTES)
        if read.missing:
            return self.progress
        if read.data is None and not read.too_large:  # a folder, a FIFO, no permission: leave it be
            self._degrade(f"cannot read {self.path}: {read.problem}")
            return self.progress
        if read.data == b"":
            self.warnings.append("Your progress file was empty (nothing in it to keep); progress starts afresh.")
            return self.progress
        decoded = self._decode(read.data, read.problem)
        if decoded is not None:
            self.progress = decoded.progress
        return self.progress

    def _decode(self, data: bytes | None, problem: str) -> Decoded | None:
        """Decode the file's bytes; keep a copy of a damaged file (None: nothing could be read)."""
        if data is None:
            self._keep_damaged(problem)
            return None
        try:
            decoded = decode(data)
        except ProgressFormatError as error:
            self._keep_damaged(str(error))
            return None
        if decoded.version > FORMAT:
            self._degrade(
                f"{self.path.name} was written by a newer convtutor (format {decoded.version}); it is left as it is"
                " (update convtutor to go on with it)"
            )
            return None
        if decoded.dropped:
            shown = "; ".join(decoded.dropped[:3]) + (f" and {len(decoded.dropped) - 3} more" if len(decoded.dropped) > 3 else "")
            self._keep_damaged(f"some of it could not be read: {shown}; the rest was recovered")
        return decoded

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return (info.st_ino, info.st_size, info.st_mtime_ns)

    def _keep_damaged(self, why: str) -> None:
        """Copy the file aside before anything is saved over it, and say where (once per file)."""
        stamp = self._stamp()
        if stamp is not None and stamp == self._kept:
            return
        try:
            kept = keep_copy(self.path, "damaged", KEEP_DAMAGED)
            self._kept = stamp
        except OSError as error:
            self._degrade(f"the progress file could not be used ({why}) nor copied aside: {error.strerror or error}")
            return
        self.warnings.append(f"Your progress file could not be used in full ({why}). A copy of it was kept as {kept}.")

    def _remove_stale_temporaries(self) -> None:
        """A crash between writing and renaming leaves a temporary file; tidy old ones away
        (not recent ones: another window may be writing right now)."""
        for leftover in temporaries(self.path):
            with contextlib.suppress(OSError):
                if time.time() - leftover.stat().st_mtime > 60:
                    leftover.unlink()

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
                read = read_file(self.path, MAX_BYTES)
                if read.data is None and not read.missing and not read.too_large:
                    self._degrade(f"cannot read {self.path}: {read.problem}")
                    return False
                if not read.missing and read.data != b"" and self._stamp() != self._kept:
                    on_disk = self._decode(read.data, read.problem)  # damaged since we loaded: a copy is kept
                    if not self.persistent:  # a newer convtutor wrote it meanwhile
                        return False
                    if on_disk is not None:
                        merge(self.progress, on_disk.progress)
                self._write()
        except OSError as error:
            self._degrade(f"cannot write to {self.path.parent}: {error.strerror or error}")
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
