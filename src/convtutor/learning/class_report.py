"""A class's results, for the instructor: ``convtutor report`` reads the learners' progress
files (and their ``practice.json`` when one is beside them) and sums them up per question
and per learner. Plain objects; the command (``cli/report_command.py``) prints them.

Where the learners are found:

* a progress file given by path: the learner is its folder's name when the file is called
  ``progress.json`` (``room/alice/progress.json`` is alice), else the file's stem
  (``bob.json`` is bob, whose practice would be ``bob.practice.json``);
* a folder holding ``progress.json``: one learner, named after the folder;
* any other folder, and a served room's ``--progress-dir``: each subfolder ``NAME/`` holding a
  ``progress.json`` is the learner NAME; a folder given as a path also counts its loose
  ``*.json`` files (progress files collected by hand), a room folder does not.

Nothing is written: a damaged file is read as far as it can be (whole lessons, steps,
questions, as the app recovers it) and reported; one that cannot be read at all, or that a
newer convtutor wrote, is reported and skipped. Nothing here raises for a bad file.

What is counted, per question (in the course's order; records of questions the course no
longer has come last, as "unknown"):

* ``attempted``: learners who marked an answer or had the answer shown;
* ``first_try``: right at the first try, no hint, answer not shown (as the app scores it);
* ``correct``: right in the end (first try included);
* ``revealed``: had the answer shown and never answered it right;
* ``hinted``: of those, learners who asked for at least one hint;
* ``wrong``: the most common wrong answers (the latest :data:`~convtutor.state.progress.MAX_WRONG`
  each learner kept), grouped by their text (spaces and case aside) and the mistakes they fitted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from convtutor.learning import drills
from convtutor.learning.status import lesson_status
from convtutor.state import mastery, progress
from convtutor.state.files import read_file
from convtutor.state.mastery import Practice
from convtutor.state.progress import Progress, QuestionRecord

if TYPE_CHECKING:
    from convtutor.learning.status import LessonLike

FORMAT = 1  # of the JSON report
PROGRESS_FILE = "progress.json"
PRACTICE_SUFFIX = ".practice.json"  # bob.json's practice is bob.practice.json
TOP_WRONG = 5  # wrong answers kept per question, most common first
#: What the mistake name "answer" stands for: a wrong answer the lesson itself has feedback for.
AUTHORED = "a wrong answer the lesson has feedback for"


# -- finding and reading the files --------------------------------------------------------------------------
class Source(NamedTuple):
    """A learner's files: the progress file, and the practice file beside it (if there is one)."""

    name: str
    progress: Path
    practice: Path | None = None


class Notice(NamedTuple):
    """A file that could not be read in full, and what became of it."""

    path: Path
    message: str  # e.g. "it is not complete JSON; skipped"
    skipped: bool = True  # False: read in part, the rest counted


@dataclass
class LearnerData:
    name: str
    source: Path
    progress: Progress
    practice: Practice | None = None  # None: no practice file (or one that could not be read)


def find_sources(paths: Iterable[Path] = (), progress_dirs: Iterable[Path] = ()) -> tuple[list[Source], list[Notice]]:
    """The learners' files under ``paths`` (files or folders) and ``progress_dirs`` (served
    rooms), each file once, and what could not be looked into."""
    found: list[Source] = []
    notices: list[Notice] = []
    for path in paths:
        if _is_dir(path):
            if _is_file(path / PROGRESS_FILE):
                found.append(_beside(path / PROGRESS_FILE))
            else:
                _room(path, found, notices, loose=True)
        elif _exists(path):
            found.append(_beside(path))  # whatever it is, reading it says what is wrong with it
        else:
            notices.append(Notice(path, "there is no such file or folder; skipped"))
    for folder in progress_dirs:
        if _is_dir(folder):
            _room(folder, found, notices, loose=False)
        else:
            notices.append(Notice(folder, "there is no such folder; skipped"))
    seen: set[Path] = set()
    unique = []
    for source in found:
        key = _resolved(source.progress)
        if key not in seen:
            seen.add(key)
            unique.append(source)
    return _distinct_names(unique), notices


# Path.is_dir() and friends raise for a folder without permission: here it is just not there.
def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _exists(path: Path) -> bool:
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return True  # it is there, but cannot be looked at: reading it reports why


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a link loop: the path itself is as good a key
        return path.absolute()


def _beside(path: Path) -> Source:
    """A progress file, named after its folder (progress.json) or its stem, and its practice file."""
    if path.name == PROGRESS_FILE:
        name = _resolved(path).parent.name or path.stem
        practice = path.with_name(mastery.FILE_NAME)
    else:
        name = path.stem
        practice = path.with_name(path.stem + PRACTICE_SUFFIX)
    return Source(name, path, practice if _is_file(practice) else None)


def _room(folder: Path, found: list[Source], notices: list[Notice], *, loose: bool) -> None:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as error:
        notices.append(Notice(folder, f"the folder cannot be read: {error.strerror or error}; skipped"))
        return
    for entry in entries:
        if _is_dir(entry):
            if _is_file(entry / PROGRESS_FILE):
                found.append(_beside(entry / PROGRESS_FILE))
        elif loose and entry.suffix == ".json" and _is_file(entry) and not _practice_file(entry):
            found.append(_beside(entry))


def _practice_file(path: Path) -> bool:
    return path.name == mastery.FILE_NAME or path.name.endswith(PRACTICE_SUFFIX)


def _distinct_names(sources: list[Source]) -> list[Source]:
    """Two learners of one name (alice/progress.json from two rooms) become alice and alice (2)."""
    counts: dict[str, int] = {}
    named = []
    for source in sources:
        counts[source.name] = counts.get(source.name, 0) + 1
        number = counts[source.name]
        named.append(source._replace(name=source.name if number == 1 else f"{source.name} ({number})"))
    return named


def read_source(source: Source) -> tuple[LearnerData | None, list[Notice]]:
    """The learner's progress (None when none of it can be read) and practice, and what was wrong."""
    notices: list[Notice] = []
    read = read_file(source.progress, progress.MAX_BYTES)
    if read.data is None:
        problem = "it is missing" if read.missing else read.problem
        return None, [Notice(source.progress, f"{problem}; skipped")]
    if read.data == b"":
        return None, [Notice(source.progress, "it is empty; skipped")]
    try:
        decoded = progress.decode(read.data)
    except progress.ProgressFormatError as error:
        return None, [Notice(source.progress, f"{error}; skipped")]
    if decoded.version > progress.FORMAT:
        return None, [Notice(source.progress, f"a newer convtutor wrote it (format {decoded.version}); skipped"
                                              " (update convtutor to report it)")]
    if decoded.dropped:
        notices.append(Notice(source.progress, f"some of it could not be read ({_listed(decoded.dropped)}); the rest is counted",
                              skipped=False))
    learner = LearnerData(source.name, source.progress, decoded.progress)
    if source.practice is not None:
        learner.practice = _read_practice(source.practice, notices)
    return learner, notices


def _read_practice(path: Path, notices: list[Notice]) -> Practice | None:
    read = read_file(path, mastery.MAX_BYTES)
    if read.data is None or read.data == b"":
        if not read.missing:
            notices.append(Notice(path, f"{read.problem or 'it is empty'}; mastery left out"))
        return None
    try:
        decoded = mastery.decode(read.data)
    except mastery.PracticeFormatError as error:
        notices.append(Notice(path, f"{error}; mastery left out"))
        return None
    if decoded.version > mastery.FORMAT:
        notices.append(Notice(path, f"a newer convtutor wrote it (format {decoded.version}); mastery left out"))
        return None
    if decoded.dropped:
        notices.append(Notice(path, f"some of it could not be read ({_listed(decoded.dropped)}); the rest is counted",
                              skipped=False))
    return decoded.practice


def _listed(items: Sequence[str]) -> str:
    shown = "; ".join(items[:3])
    return shown + (f" and {len(items) - 3} more" if len(items) > 3 else "")


def read_class(paths: Iterable[Path] = (), progress_dirs: Iterable[Path] = ()) -> tuple[list[LearnerData], list[Notice]]:
    """Every learner whose progress could be read (by name), and every file reported."""
    sources, notices = find_sources(paths, progress_dirs)
    learners = []
    for source in sources:
        learner, found = read_source(source)
        notices.extend(found)
        if learner is not None:
            learners.append(learner)
    learners.sort(key=lambda learner: (learner.name.casefold(), learner.name))
    return learners, notices


# -- the report --------------------------------------------------------------------------------------------
class MistakeInfo(NamedTuple):
    name: str  # e.g. "forgot_plus_one"; "answer": the lesson's own feedback for this answer
    learner: str  # what the learner did, e.g. "counted moves, not positions"


class WrongAnswerCount(NamedTuple):
    answer: str  # as the first learner typed it
    times: int  # wrong answers given with this text (and these mistakes)
    learners: int  # learners who gave it
    mistakes: tuple[MistakeInfo, ...]  # empty: it fitted no named mistake


@dataclass
class QuestionReport:
    lesson: str
    step: str
    question: str
    kind: str | None  # None: unknown (the course has no such question)
    attempted: int = 0
    first_try: int = 0
    correct: int = 0
    revealed: int = 0
    hinted: int = 0
    wrong: list[WrongAnswerCount] = field(default_factory=list)


@dataclass
class LessonReport:
    id: str
    title: str
    questions: list[QuestionReport]
    done: int = 0  # learners who finished the lesson
    started: int = 0  # learners who began it (finished or not)


@dataclass
class LearnerReport:
    name: str
    source: Path
    lessons_done: int
    lessons: int  # in the course
    questions: int  # in the course
    tried: int  # questions answered (or answer shown)
    first_try: int  # right at the first try
    unknown: int = 0  # questions answered that the course does not have
    mastery: dict[str, float | None] | None = None  # skill -> meter (None: never practised); None: no practice file

    @property
    def score(self) -> float | None:
        """First-try right over questions tried (None: none tried)."""
        return self.first_try / self.tried if self.tried else None


@dataclass
class ClassReport:
    learners: list[LearnerReport]
    lessons: list[LessonReport]
    unknown: list[QuestionReport]
    notices: list[Notice] = field(default_factory=list)

    @property
    def skipped(self) -> list[Notice]:
        return [n for n in self.notices if n.skipped]

    def questions(self) -> list[QuestionReport]:
        """Every question, the course's first (in order), then the unknown ones."""
        return [q for lesson in self.lessons for q in lesson.questions] + self.unknown


def build(learners: Sequence[LearnerData], lessons: Sequence[LessonLike], now: datetime,
          notices: Sequence[Notice] = ()) -> ClassReport:
    """Sum up the learners' records against the course (``now``, aware: for the mastery meters)."""
    lessons = list(lessons)
    known: set[tuple[str, str, str]] = set()
    lesson_reports = []
    for lesson in lessons:
        questions = []
        for step in lesson.steps:
            for question in getattr(step, "questions", None) or []:
                known.add((lesson.id, step.id, question.id))
                records = [(learner.name, q) for learner in learners if (q := _record(learner.progress, lesson.id, step.id, question.id))]
                questions.append(_question(QuestionReport(lesson.id, step.id, question.id, question.kind), records))
        statuses = [lesson_status(lesson, learner.progress.lessons.get(lesson.id)).state for learner in learners]
        lesson_reports.append(LessonReport(lesson.id, lesson.title, questions, done=statuses.count("done"),
                                           started=sum(1 for s in statuses if s != "not started")))
    strays: dict[tuple[str, str, str], list[tuple[str, QuestionRecord]]] = {}
    for learner in learners:
        for where, record in _records(learner.progress):
            if where not in known and _answered(record):  # a question only opened is not news
                strays.setdefault(where, []).append((learner.name, record))
    unknown = [_question(QuestionReport(*where, kind=None), strays[where]) for where in sorted(strays)]
    learner_reports = [_learner(learner, lessons, known, now) for learner in learners]
    return ClassReport(learner_reports, lesson_reports, unknown, list(notices))


def _record(held: Progress, lesson_id: str, step_id: str, question_id: str) -> QuestionRecord | None:
    lesson = held.lessons.get(lesson_id)
    step = lesson.steps.get(step_id) if lesson is not None else None
    return step.questions.get(question_id) if step is not None else None


def _records(held: Progress) -> Iterable[tuple[tuple[str, str, str], QuestionRecord]]:
    for lesson_id, lesson in held.lessons.items():
        for step_id, step in lesson.steps.items():
            for question_id, record in step.questions.items():
                yield (lesson_id, step_id, question_id), record


def _answered(record: QuestionRecord) -> bool:
    """Tried (an answer marked) or given up on (the answer shown): counted as attempted."""
    return record.attempts > 0 or record.revealed


def _question(report: QuestionReport, records: Sequence[tuple[str, QuestionRecord]]) -> QuestionReport:
    groups: dict[tuple[str, tuple[str, ...]], tuple[str, int, set[str]]] = {}
    for name, q in records:
        if not _answered(q):
            continue
        report.attempted += 1
        report.first_try += q.right_first_time
        report.correct += q.correct
        report.revealed += q.revealed
        report.hinted += q.hints > 0
        for wrong in q.wrong:
            key = (" ".join(wrong.answer.split()).casefold(), tuple(wrong.mistakes))
            shown, times, who = groups.get(key, (wrong.answer.strip(), 0, set()))
            groups[key] = (shown, times + 1, who | {name})
    counted = [
        WrongAnswerCount(shown, times, len(who), tuple(MistakeInfo(m, mistake_words(report.kind, m)) for m in key[1]))
        for key, (shown, times, who) in groups.items()
    ]
    counted.sort(key=lambda w: (-w.learners, -w.times, w.answer))
    report.wrong = counted[:TOP_WRONG]
    return report


def mistake_words(kind: str | None, name: str) -> str:
    """What a learner did, in the words of the question's kind (any kind's when the question is
    unknown): "counted moves, not positions"."""
    if name == "answer":
        return AUTHORED
    from convtutor.lessons import questions

    own = questions.BY_TAG.get(kind) if kind is not None else None
    kinds = ([own] if own is not None else []) + list(questions.KINDS)
    found = next((m for k in kinds for m in k.mistakes if m.name == name), None)
    return found.learner if found is not None else name.replace("_", " ")


def _learner(learner: LearnerData, lessons: Sequence[LessonLike], known: set[tuple[str, str, str]], now: datetime) -> LearnerReport:
    statuses = [lesson_status(lesson, learner.progress.lessons.get(lesson.id)) for lesson in lessons]
    meters: dict[str, float | None] | None = None
    if learner.practice is not None:
        practice = learner.practice
        meters = {
            skill.id: mastery.mastery_meter(practice, skill.id, now)
            if (record := practice.skills.get(skill.id)) is not None and record.card is not None else None
            for skill in drills.SKILLS
        }
    return LearnerReport(
        learner.name, learner.source,
        lessons_done=sum(1 for s in statuses if s.state == "done"), lessons=len(statuses),
        questions=sum(s.questions for s in statuses), tried=sum(s.answered for s in statuses),
        first_try=sum(s.correct for s in statuses),
        unknown=sum(1 for where, record in _records(learner.progress) if where not in known and _answered(record)),
        mastery=meters,
    )


# -- as data: JSON and CSV rows ------------------------------------------------------------------------
def skill_titles() -> dict[str, str]:
    return {skill.id: skill.title for skill in drills.SKILLS}


def question_dict(q: QuestionReport) -> dict[str, object]:
    return {
        "lesson": q.lesson, "step": q.step, "question": q.question, "kind": q.kind,
        "attempted": q.attempted, "first_try": q.first_try, "correct": q.correct, "revealed": q.revealed, "hinted": q.hinted,
        "wrong": [{"answer": w.answer, "times": w.times, "learners": w.learners,
                   "mistakes": [{"name": m.name, "learner": m.learner} for m in w.mistakes]} for w in q.wrong],
    }


def learner_dict(learner: LearnerReport, source: str) -> dict[str, object]:
    return {
        "name": learner.name, "source": source, "lessons_done": learner.lessons_done, "lessons": learner.lessons,
        "questions": learner.questions, "tried": learner.tried, "first_try": learner.first_try,
        "unknown": learner.unknown, "mastery": learner.mastery,
    }


def to_json(report: ClassReport, display: Callable[[Path], str] = str) -> dict[str, object]:
    """The report for scripts (``display`` writes a path as the user would)."""
    return {
        "format": FORMAT,
        "skills": skill_titles(),
        "learners": [learner_dict(learner, display(learner.source)) for learner in report.learners],
        "lessons": [{"id": lesson.id, "title": lesson.title, "done": lesson.done, "started": lesson.started,
                     "questions": [question_dict(q) for q in lesson.questions]} for lesson in report.lessons],
        "unknown": [question_dict(q) for q in report.unknown],
        "files": [{"path": display(n.path), "message": n.message, "skipped": n.skipped} for n in report.notices],
    }


QUESTION_COLUMNS = ("section", "lesson", "lesson_title", "step", "question", "kind", "learners",
                    "attempted", "first_try", "correct", "revealed", "hinted", "wrong_answers")


def question_rows(report: ClassReport) -> list[dict[str, object]]:
    """One row per question (the course's, then the unknown ones), for a spreadsheet."""
    titles = {lesson.id: lesson.title for lesson in report.lessons}
    rows: list[dict[str, object]] = []
    for q in report.questions():
        rows.append({
            "section": "course" if q.kind is not None else "unknown", "lesson": q.lesson,
            "lesson_title": titles.get(q.lesson, ""), "step": q.step, "question": q.question, "kind": q.kind or "",
            "learners": len(report.learners), "attempted": q.attempted, "first_try": q.first_try, "correct": q.correct,
            "revealed": q.revealed, "hinted": q.hinted,
            "wrong_answers": "; ".join(
                f'"{w.answer}" ×{w.times} ({w.learners} learner{"s" * (w.learners != 1)}): '
                + (", ".join(m.name for m in w.mistakes) or "no named mistake") for w in q.wrong
            ),
        })
    return rows


def learner_columns() -> tuple[str, ...]:
    return ("learner", "source", "lessons_done", "lessons", "questions", "tried", "first_try", "unknown",
            *(f"mastery_{skill.id}" for skill in drills.SKILLS))


def learner_rows(report: ClassReport, display: Callable[[Path], str] = str) -> list[dict[str, object]]:
    """One row per learner; a mastery column per drill skill (empty: never practised or no practice file)."""
    rows = []
    for learner in report.learners:
        row: dict[str, object] = {
            "learner": learner.name, "source": display(learner.source), "lessons_done": learner.lessons_done,
            "lessons": learner.lessons, "questions": learner.questions, "tried": learner.tried,
            "first_try": learner.first_try, "unknown": learner.unknown,
        }
        for skill in drills.SKILLS:
            meter = learner.mastery.get(skill.id) if learner.mastery is not None else None
            row[f"mastery_{skill.id}"] = "" if meter is None else round(meter, 3)
        rows.append(row)
    return rows

