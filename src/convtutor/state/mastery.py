"""The learner's practice: one spaced-repetition card per skill, the slips made, a daily streak
and a history of drill sessions, kept in ``practice.json`` beside the progress file.

Scheduling is FSRS (the ``fsrs`` package): every answered drill problem is a review of its
skill's card, graded Again (wrong), Hard (right with a hint), Good (right) or Easy (right
within :data:`QUICK_ANSWER_SECONDS`). The mastery meter is the card's retrievability
:data:`MASTERY_HORIZON` ahead (how likely the learner is to still get the skill right then),
weighted by the share of first tries right. (Retrievability today is 1.0 after any answer,
wrong ones too, so it cannot be a meter.)

Nothing here reads the clock: every function that needs the time takes ``now``, an aware
datetime. Its own time zone decides which day it is for the streak (the app passes local
time, tests a fixed UTC time); FSRS gets it in UTC.

The file is kept as the progress file is (see :mod:`convtutor.state.progress`): written
atomically under a lock after merging what another window saved meanwhile; a damaged file is
copied aside (``practice.json.damaged-<time>``) before anything is saved over it, and whatever
can be read of it (whole skills, sessions) is recovered; a file from a newer convtutor is left
untouched and this session's practice is not saved. Reading never raises.
"""

from __future__ import annotations

import contextlib
import json
import math
import time
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, NamedTuple

import msgspec
from fsrs import Card, Rating, Scheduler, State

from convtutor import paths
from convtutor.state.files import atomic_write, keep_copy, read_file, temporaries

FORMAT = 1
FILE_NAME = "practice.json"
MAX_BYTES = 2_000_000  # a few hundred sessions and a dozen skills are well under 100 kB
KEEP_DAMAGED = 3  # copies of damaged practice files kept beside it, newest first
MAX_SESSIONS = 200  # drill sessions kept in the history, newest last
MAX_MISTAKE_COUNT = 1_000_000

#: A first try right, without a hint, within this many seconds of the problem appearing is Easy.
QUICK_ANSWER_SECONDS = 20.0
#: The mastery meter is the retrievability this far ahead.
MASTERY_HORIZON = timedelta(days=30)

#: No fuzzing: with a dozen skills there is no pile-up of cards due on one day to spread out,
#: and the same answers at the same times must give the same schedule (tests, reports).
SCHEDULER = Scheduler(enable_fuzzing=False)
CARD_ID = 1  # FSRS wants an id per card; a skill's card is found by the skill's id instead


def practice_file() -> Path:
    """Where the practice state lives: beside progress.json in the user data folder."""
    return paths.data_dir() / FILE_NAME


# -- records ---------------------------------------------------------------------------------------
class CardRecord(msgspec.Struct):
    """An FSRS card's state, as saved (datetimes in UTC)."""

    state: int = int(State.Learning)
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: datetime = datetime(1970, 1, 1, tzinfo=timezone.utc)
    last_review: datetime | None = None

    def card(self) -> Card:
        return Card(card_id=CARD_ID, state=State(self.state), step=self.step, stability=self.stability,
                    difficulty=self.difficulty, due=self.due, last_review=self.last_review)

    @classmethod
    def of(cls, card: Card) -> CardRecord:
        return cls(int(card.state), card.step, card.stability, card.difficulty, card.due, card.last_review)


class SkillRecord(msgspec.Struct):
    card: CardRecord | None = None  # None: never practised
    answered: int = 0  # problems answered (a first marked answer)
    first_try: int = 0  # of which right at the first try, without a hint
    mistakes: dict[str, int] = msgspec.field(default_factory=dict)  # named mistake -> wrong answers that fitted it


class Streak(msgspec.Struct):
    last_day: date | None = None  # the latest day with an answer
    days: int = 0  # days in a row with an answer, up to last_day
    best: int = 0


class Tally(msgspec.Struct):
    answered: int = 0
    first_try: int = 0


class SessionRecord(msgspec.Struct):
    started: datetime  # UTC; identifies the session
    answered: int = 0
    first_try: int = 0
    skills: dict[str, Tally] = msgspec.field(default_factory=dict)


class Practice(msgspec.Struct):
    skills: dict[str, SkillRecord] = msgspec.field(default_factory=dict)
    streak: Streak = msgspec.field(default_factory=Streak)
    sessions: list[SessionRecord] = msgspec.field(default_factory=list)

    def skill(self, skill_id: str) -> SkillRecord:
        return self.skills.setdefault(skill_id, SkillRecord())


# -- grading, scheduling, the meter ------------------------------------------------------------------
def utc(now: datetime) -> datetime:
    if now.tzinfo is None:
        raise ValueError("the time must be timezone-aware")
    return now.astimezone(timezone.utc)


def grade(*, right: bool, hinted: bool = False, seconds: float | None = None) -> Rating:
    """A problem's grade from its first marked answer: wrong → Again, right with a hint → Hard,
    right → Good, right within :data:`QUICK_ANSWER_SECONDS` → Easy."""
    if not right:
        return Rating.Again
    if hinted:
        return Rating.Hard
    if seconds is not None and 0 <= seconds <= QUICK_ANSWER_SECONDS:
        return Rating.Easy
    return Rating.Good


def review(practice: Practice, skill_id: str, rating: Rating, now: datetime) -> SkillRecord:
    """Schedule the skill's card after an answer graded ``rating`` at ``now``."""
    record = practice.skill(skill_id)
    when = utc(now)
    card = record.card.card() if record.card is not None else Card(card_id=CARD_ID, due=when)
    if card.last_review is not None and when < card.last_review:  # the clock went back: keep the order
        when = card.last_review
    card, _log = SCHEDULER.review_card(card, rating, when)
    record.card = CardRecord.of(card)
    return record


def mastery_meter(practice: Practice, skill_id: str, now: datetime) -> float:
    """The mastery meter, 0..1: the card's retrievability :data:`MASTERY_HORIZON` after ``now``,
    times the share of problems right at the first try (0 for a skill never practised).

    FSRS's forgetting curve has a long tail: one wrong answer on a new card alone would read
    47% thirty days ahead. Weighting by first tries, a wrong answer never raises the meter."""
    record = practice.skills.get(skill_id)
    if record is None or record.card is None:
        return 0.0
    value = float(SCHEDULER.get_card_retrievability(record.card.card(), utc(now) + MASTERY_HORIZON))
    share = min(record.first_try / record.answered, 1.0) if record.answered else 1.0  # reviews with no tally: the card alone
    return min(max(value, 0.0), 1.0) * share


def is_due(practice: Practice, skill_id: str, now: datetime) -> bool:
    """Practised before and due again (a skill never practised is new, not due)."""
    record = practice.skills.get(skill_id)
    return record is not None and record.card is not None and record.card.due <= utc(now)


def due_skills(practice: Practice, skill_ids: Iterable[str], now: datetime) -> list[str]:
    """The skills due for review, the longest overdue first."""
    found = [s for s in skill_ids if is_due(practice, s, now)]
    return sorted(found, key=lambda s: _due(practice, s))


def order_skills(practice: Practice, skill_ids: Iterable[str], now: datetime) -> list[str]:
    """What to practise next, best first: due skills (longest overdue first), then skills never
    practised (in the order given), then the rest (soonest due first)."""
    ids = list(dict.fromkeys(skill_ids))
    due = due_skills(practice, ids, now)
    new = [s for s in ids if s not in practice.skills or practice.skills[s].card is None]
    rest = sorted((s for s in ids if s not in due and s not in new), key=lambda s: _due(practice, s))
    return [*due, *new, *rest]


def _due(practice: Practice, skill_id: str) -> datetime:
    card = practice.skills[skill_id].card
    assert card is not None
    return card.due


# -- the streak ------------------------------------------------------------------------------------------
def note_day(practice: Practice, now: datetime) -> None:
    """Count ``now``'s day (in ``now``'s own time zone) as a day with an answer."""
    today = now.date()
    streak = practice.streak
    if streak.last_day is not None and today <= streak.last_day:  # the same day (or the clock went back)
        return
    streak.days = streak.days + 1 if streak.last_day == today - timedelta(days=1) else 1
    streak.last_day = today
    streak.best = max(streak.best, streak.days)


def streak_days(practice: Practice, now: datetime) -> int:
    """Days in a row with at least one answer, up to today; a streak that reached yesterday is
    still alive today (0 once a whole day was missed)."""
    streak = practice.streak
    if streak.last_day is None or streak.last_day < now.date() - timedelta(days=1):
        return 0
    return streak.days


# -- one answer ------------------------------------------------------------------------------------------
def record_answer(
    practice: Practice, skill_id: str, *, right: bool, hinted: bool = False, seconds: float | None = None,
    now: datetime, session: SessionRecord | None = None,
) -> Rating:
    """A problem's first marked answer: grade it, schedule the card, count it (in ``session``
    too) and the day. Returns the grade."""
    rating = grade(right=right, hinted=hinted, seconds=seconds)
    record = review(practice, skill_id, rating, now)
    first = right and not hinted
    record.answered += 1
    record.first_try += first
    if session is not None:
        tally = session.skills.setdefault(skill_id, Tally())
        tally.answered += 1
        tally.first_try += first
        session.answered += 1
        session.first_try += first
    note_day(practice, now)
    return rating


def count_mistakes(practice: Practice, skill_id: str, names: Iterable[str]) -> None:
    """Count the named mistakes a wrong answer fitted ("answer", a lesson's own wrong answer, is no name)."""
    counts = practice.skill(skill_id).mistakes
    for name in names:
        if name != "answer":
            counts[name] = min(counts.get(name, 0) + 1, MAX_MISTAKE_COUNT)


def start_session(practice: Practice, now: datetime) -> SessionRecord:
    """A new session in the history (the oldest are dropped beyond :data:`MAX_SESSIONS`)."""
    started = utc(now)
    while any(s.started == started for s in practice.sessions):  # two sessions in one microsecond
        started += timedelta(microseconds=1)
    session = SessionRecord(started)
    practice.sessions.append(session)
    del practice.sessions[:-MAX_SESSIONS]
    return session


# -- JSON <-> records ----------------------------------------------------------------------------------
class PracticeFormatError(ValueError):
    pass


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def to_json(practice: Practice) -> dict[str, Any]:
    def card(c: CardRecord) -> dict[str, Any]:
        return {"state": c.state, "step": c.step, "stability": c.stability, "difficulty": c.difficulty,
                "due": _time(c.due), "last_review": _time(c.last_review)}

    streak = practice.streak
    return {
        "format": FORMAT,
        "skills": {
            skill_id: {"card": card(r.card) if r.card is not None else None, "answered": r.answered,
                       "first_try": r.first_try, "mistakes": dict(sorted(r.mistakes.items()))}
            for skill_id, r in practice.skills.items()
        },
        "streak": {"last_day": streak.last_day.isoformat() if streak.last_day else None, "days": streak.days, "best": streak.best},
        "sessions": [
            {"started": _time(s.started), "answered": s.answered, "first_try": s.first_try,
             "skills": {skill_id: [t.answered, t.first_try] for skill_id, t in s.skills.items()}}
            for s in practice.sessions
        ],
    }


class Decoded(NamedTuple):
    practice: Practice
    version: int
    dropped: tuple[str, ...] = ()  # e.g. "skill 'output_size'"


class _Unreadable(Exception):
    """One record has the wrong shape: it is dropped, and the rest of the file is kept."""


def _count(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31:
        return value
    raise _Unreadable


def _mapping(value: object) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise _Unreadable


def _datetime(value: object, *, optional: bool = False) -> datetime | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise _Unreadable
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _Unreadable from None
    if parsed.tzinfo is None:
        raise _Unreadable
    return parsed.astimezone(timezone.utc)


def _float(value: object, low: float, high: float) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not low <= value <= high:
        raise _Unreadable
    return float(value)


def _card(raw: object) -> CardRecord | None:
    if raw is None:
        return None
    c = _mapping(raw)
    state = c.get("state")
    if state not in (int(State.Learning), int(State.Review), int(State.Relearning)) or isinstance(state, bool):
        raise _Unreadable
    step = c.get("step")
    step = None if step is None else _count(step)
    stability = _float(c.get("stability"), 1e-6, 1e6)
    difficulty = _float(c.get("difficulty"), 0.0, 11.0)
    last_review = _datetime(c.get("last_review"), optional=True)
    due = _datetime(c.get("due"))
    assert due is not None
    reviewed = stability is not None and difficulty is not None and last_review is not None
    if state != int(State.Learning) and not reviewed:  # FSRS asserts these for reviewed cards
        raise _Unreadable
    if state != int(State.Review) and step is None:
        raise _Unreadable
    return CardRecord(int(state), step, stability, difficulty, due, last_review)


def _skill(raw: object) -> SkillRecord:
    s = _mapping(raw)
    mistakes: dict[str, int] = {}
    for name, count in _mapping(s.get("mistakes", {})).items():
        if not isinstance(name, str) or len(name) > 64:
            raise _Unreadable
        mistakes[name] = min(_count(count), MAX_MISTAKE_COUNT)
    return SkillRecord(card=_card(s.get("card")), answered=_count(s.get("answered", 0)),
                       first_try=_count(s.get("first_try", 0)), mistakes=mistakes)


def _streak(raw: object) -> Streak:
    s = _mapping(raw)
    last = s.get("last_day")
    if last is None:
        last_day = None
    elif isinstance(last, str) and len(last) <= 10:
        try:
            last_day = date.fromisoformat(last)
        except ValueError:
            raise _Unreadable from None
    else:
        raise _Unreadable
    return Streak(last_day, _count(s.get("days", 0)), _count(s.get("best", 0)))


def _session(raw: object) -> SessionRecord:
    s = _mapping(raw)
    started = _datetime(s.get("started"))
    assert started is not None
    skills: dict[str, Tally] = {}
    for skill_id, tally in _mapping(s.get("skills", {})).items():
        if not (isinstance(tally, list) and len(tally) == 2):
            raise _Unreadable
        skills[str(skill_id)] = Tally(_count(tally[0]), _count(tally[1]))
    return SessionRecord(started, _count(s.get("answered", 0)), _count(s.get("first_try", 0)), skills)


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """Bring an older file's data up to :data:`FORMAT`, one version at a time."""
    if version == 0:  # a file without a version: the shape of format 1
        data = {**data, "format": 1}
    return data


def decode(raw: bytes) -> Decoded:
    """Read a practice file's bytes, recovering every skill and session that can be read.
    PracticeFormatError when nothing of it is practice; a newer format is returned undecoded
    (``version`` > FORMAT) so that the caller leaves the file alone."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise PracticeFormatError("it is not text (UTF-8)") from None
    except (ValueError, RecursionError):
        raise PracticeFormatError("it is not complete JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("skills"), dict):
        raise PracticeFormatError("it is not a convtutor practice file")
    version = data.get("format", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise PracticeFormatError(f"its format {version!r} is not a version number")
    if version > FORMAT:
        return Decoded(Practice(), version)
    data = migrate(data, version)
    dropped: list[str] = []
    practice = Practice()
    for skill_id, skill_raw in data["skills"].items():
        try:
            practice.skills[str(skill_id)] = _skill(skill_raw)
        except _Unreadable:
            dropped.append(f"skill '{skill_id}'")
    try:
        practice.streak = _streak(data.get("streak", {}))
    except _Unreadable:
        dropped.append("the streak")
    sessions = data.get("sessions", [])
    if not isinstance(sessions, list):
        dropped.append("the sessions")
        sessions = []
    for number, session_raw in enumerate(sessions, 1):
        try:
            practice.sessions.append(_session(session_raw))
        except _Unreadable:
            dropped.append(f"session {number}")
    practice.sessions.sort(key=lambda s: s.started)
    del practice.sessions[:-MAX_SESSIONS]
    if dropped and not practice.skills and not practice.sessions:
        raise PracticeFormatError("none of its skills or sessions could be read")
    return Decoded(practice, version, tuple(dropped))


def merge(ours: Practice, theirs: Practice) -> Practice:
    """Fold ``theirs`` (what another window saved) into ``ours``, in place: each skill keeps the
    card reviewed last and the larger counts, the sessions of both are kept, and the streak
    that reaches the later day."""
    for skill_id, their in theirs.skills.items():
        mine = ours.skills.get(skill_id)
        if mine is None:
            ours.skills[skill_id] = their
            continue
        if _reviewed(their.card) > _reviewed(mine.card):
            mine.card = their.card
        mine.answered = max(mine.answered, their.answered)
        mine.first_try = max(mine.first_try, their.first_try)
        for name, count in their.mistakes.items():
            mine.mistakes[name] = max(mine.mistakes.get(name, 0), count)
    _merge_streaks(ours.streak, theirs.streak)
    known = {s.started for s in ours.sessions}
    ours.sessions.extend(s for s in theirs.sessions if s.started not in known)
    ours.sessions.sort(key=lambda s: s.started)
    del ours.sessions[:-MAX_SESSIONS]
    return ours


def _merge_streaks(ours: Streak, theirs: Streak) -> None:
    """A streak is a run of days; two runs that meet or overlap make one."""
    best = max(ours.best, theirs.best)
    if theirs.last_day is not None and theirs.days > 0:
        if ours.last_day is None or ours.days <= 0:
            ours.last_day, ours.days = theirs.last_day, theirs.days
        else:
            runs = sorted([(ours.last_day - timedelta(days=ours.days - 1), ours.last_day),
                           (theirs.last_day - timedelta(days=theirs.days - 1), theirs.last_day)], key=lambda run: run[1])
            (start, end), (later_start, later_end) = runs
            if later_start <= end + timedelta(days=1):
                later_start = min(start, later_start)
            ours.last_day, ours.days = later_end, (later_end - later_start).days + 1
    ours.best = max(best, ours.days)


def _reviewed(card: CardRecord | None) -> datetime:
    never = datetime.min.replace(tzinfo=timezone.utc)
    return (card.last_review or never) if card is not None else never


# -- the store -----------------------------------------------------------------------------------------
class PracticeStore:
    """Loads, keeps and saves the practice state; never raises for a bad file or an unusable
    folder, and never writes over a file it could not read without keeping a copy first."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else practice_file()
        self.practice = Practice()
        self.warnings: list[str] = []  # for the UI to show once
        self.persistent = True
        self.last_save_ok = True
        self._kept: tuple[int, int, int] | None = None  # the damaged file already copied aside
        self._seen: tuple[int, int, int] | None = None  # the file as last loaded or written

    def load(self) -> Practice:
        self._remove_stale_temporaries()
        self.practice = Practice()
        read = read_file(self.path, MAX_BYTES)
        if read.missing:
            return self.practice
        if read.data is None and not read.too_large:  # a folder, a FIFO, no permission: leave it be
            self._degrade(f"cannot read {self.path}: {read.problem}")
            return self.practice
        if read.data == b"":
            self.warnings.append("Your practice file was empty (nothing in it to keep); practice starts afresh.")
            return self.practice
        decoded = self._decode(read.data, read.problem)
        if decoded is not None:
            self.practice = decoded.practice
            self._seen = self._stamp()
        return self.practice

    def _decode(self, data: bytes | None, problem: str) -> Decoded | None:
        if data is None:
            self._keep_damaged(problem)
            return None
        try:
            decoded = decode(data)
        except PracticeFormatError as error:
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
        stamp = self._stamp()
        if stamp is not None and stamp == self._kept:
            return
        try:
            kept = keep_copy(self.path, "damaged", KEEP_DAMAGED)
            self._kept = stamp
        except OSError as error:
            self._degrade(f"the practice file could not be used ({why}) nor copied aside: {error.strerror or error}")
            return
        self.warnings.append(f"Your practice file could not be used in full ({why}). A copy of it was kept as {kept}.")

    def _remove_stale_temporaries(self) -> None:
        for leftover in temporaries(self.path):
            with contextlib.suppress(OSError):
                if time.time() - leftover.stat().st_mtime > 60:
                    leftover.unlink()

    def _degrade(self, why: str) -> None:
        self.last_save_ok = False
        if self.persistent:
            self.persistent = False
            self.warnings.append(f"Practice will be kept for this session only: {why}.")

    def save(self) -> bool:
        """Merge what another window saved meanwhile, then write atomically. False (with a
        warning) if it could not."""
        if not self.persistent:
            self.last_save_ok = False
            return False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._locked():
                stamp = self._stamp()
                if stamp is not None and stamp != self._seen and stamp != self._kept:
                    read = read_file(self.path, MAX_BYTES)
                    if read.data is None and not read.missing and not read.too_large:
                        self._degrade(f"cannot read {self.path}: {read.problem}")
                        return False
                    if not read.missing and read.data != b"":
                        on_disk = self._decode(read.data, read.problem)  # damaged meanwhile: a copy is kept
                        if not self.persistent:  # a newer convtutor wrote it meanwhile
                            return False
                        if on_disk is not None:
                            merge(self.practice, on_disk.practice)
                atomic_write(self.path, json.dumps(to_json(self.practice), indent=1).encode("utf-8"))
                self._seen = self._stamp()
        except OSError as error:
            self._degrade(f"cannot write to {self.path.parent}: {error.strerror or error}")
            return False
        self.last_save_ok = True
        return True

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
