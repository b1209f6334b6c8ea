"""A drill session: problems one after another, each marked as a quiz question is, each first
answer graded and scheduled, and a summary at the end. Plain objects, tested without a terminal.

The session works on a :class:`~convtutor.state.mastery.Practice` (the caller loads it from
a :class:`~convtutor.state.mastery.PracticeStore` and saves the store after each answer). The
clock is passed in: the app gives :func:`local_now`, tests a fixed time they move on.

One problem is one review of its skill's card, graded at its first marked answer (see
:func:`convtutor.state.mastery.grade`); later tries count the slips but not the grade again.

The home screen's part (:func:`overview`, :func:`due_count`) imports no question kind, so it
costs the first frame only the ``fsrs`` import; :func:`common_slip` and a session import the
question kinds (and the YAML reader behind their registry).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

import msgspec

from convtutor.learning import drills
from convtutor.learning.answering import Answering, WrongBefore
from convtutor.state import mastery
from convtutor.state.mastery import Practice, SessionRecord

if TYPE_CHECKING:
    from convtutor.learning.drills import Problem
    from convtutor.lessons.questions.posed import Posed

Clock = Callable[[], datetime]
MIN_SLIPS_TO_MENTION = 2  # the home screen names a slip once it was made this often


def local_now() -> datetime:
    """The clock the app passes: the local time, time-zone aware (its day is the streak's day)."""
    return datetime.now().astimezone()


# -- the home screen's view of practice ---------------------------------------------------------------------
class SkillStatus(NamedTuple):
    skill: str
    title: str
    meter: float  # mastery, 0..1
    level: int  # the level its next problem starts at
    due: bool  # practised before and due again
    new: bool  # never practised


def overview(practice: Practice, now: datetime) -> list[SkillStatus]:
    """Every skill with its mastery meter, in the order of :data:`drills.SKILLS`."""
    found = []
    for skill in drills.SKILLS:
        meter = mastery.mastery_meter(practice, skill.id, now)
        record = practice.skills.get(skill.id)
        found.append(SkillStatus(skill.id, skill.title, meter, drills.level_for(meter),
                                 mastery.is_due(practice, skill.id, now), record is None or record.card is None))
    return found


def due_count(practice: Practice, now: datetime) -> int:
    """How many skills are due ("3 skills due")."""
    return len(mastery.due_skills(practice, drills.SKILL_IDS, now))


def common_slip(practice: Practice) -> str | None:
    """The learner's most frequent named mistake in drills, as a sentence (None: no slip made
    :data:`MIN_SLIPS_TO_MENTION` times yet)."""
    totals: dict[str, tuple[int, str]] = {}  # mistake name -> (count, a skill it was made in)
    for skill_id, record in practice.skills.items():
        if skill_id not in drills.BY_ID:
            continue
        for name, count in record.mistakes.items():
            before, where = totals.get(name, (0, skill_id))
            totals[name] = (before + count, where)
    if not totals:
        return None
    name, (count, where) = min(totals.items(), key=lambda item: (-item[1][0], item[0]))
    if count < MIN_SLIPS_TO_MENTION:
        return None
    return f"Your most frequent slip: you {drills.mistake_words(where, name)} ({count} times)."


# -- the end of a session ---------------------------------------------------------------------------------
class SkillChange(msgspec.Struct, frozen=True):
    skill: str
    title: str
    answered: int
    first_try: int
    before: float  # mastery meter before the session's first answer in this skill
    after: float


class Summary(msgspec.Struct, frozen=True):
    answered: int
    first_try: int  # right at the first try, without a hint
    skills: tuple[SkillChange, ...]

    def lines(self) -> list[str]:
        if not self.answered:
            return ["No problems answered."]
        lines = [f"Answered: {self.answered} · right at the first try: {self.first_try}"]
        for change in self.skills:
            lines.append(f"{change.title}: {change.first_try} of {change.answered} at the first try · "
                         f"mastery {percent(change.before)} → {percent(change.after)}")
        return lines


def percent(meter: float) -> str:
    return f"{round(meter * 100)}%"


# -- the session ----------------------------------------------------------------------------------------
class DrillSession(Answering):
    """Problems of one chosen skill, or of whichever skill is due first."""

    def __init__(self, practice: Practice, *, clock: Clock, seed: int | None = None, skill: str | None = None,
                 skills: Sequence[str] = drills.SKILL_IDS) -> None:
        for known in (skill,) if skill is not None else skills:
            drills.skill(known)  # LookupError naming the skills
        if not skills:
            raise ValueError("a drill session needs at least one skill")
        self.practice = practice
        self.clock = clock
        self.chosen = skill
        self.skills = tuple(skills)
        self.seed = seed if seed is not None else random.randrange(2**31)
        self._seeds = random.Random(self.seed)  # one seed per problem, drawn in turn
        self.record: SessionRecord | None = None  # in the practice's history from the first answer on
        self.before: dict[str, float] = {}  # skill -> mastery meter before its first answer this session
        self.runs: dict[str, int] = {}  # skill -> first-try answers in a row this session
        self.problems = 0
        self.wrong_before = WrongBefore()  # of the problem on screen
        from convtutor.learning.quiz_session import REVEAL_AFTER  # the same rule as in lessons

        self.reveal_after = REVEAL_AFTER
        self.next()

    # -- the problem on screen ------------------------------------------------------------------------------
    def next(self) -> Problem:
        """Pose the next problem (the one on screen is left as it is, answered or not)."""
        from convtutor.learning.quiz_session import Feedback

        now = self.clock()
        skill_id = self.chosen or self._pick(now)
        record = self.practice.skills.get(skill_id)
        level = drills.level_for(mastery.mastery_meter(self.practice, skill_id, now), self.runs.get(skill_id, 0))
        problem = drills.generate(skill_id, level, self._seeds.randrange(2**31), record.mistakes if record is not None else None)
        self.problem = problem
        self.problems += 1
        self.shown_at = now
        self.hints_shown = 0
        self.hinted = False  # a hint was shown before the first answer
        self.wrong_now = 0
        self.wrong_before.forget()
        self.graded = False
        self.revealed = False
        self.solved_now = False
        self.feedback = Feedback("")
        return problem

    def _pick(self, now: datetime) -> str:
        """Due skills first, then new ones, then the soonest due; not the same skill twice in a
        row while another is as pressing."""
        order = mastery.order_skills(self.practice, self.skills, now)
        if len(order) > 1 and self.problems and order[0] == self.problem.skill and self._urgency(order[1], now) <= self._urgency(order[0], now):
            return order[1]
        return order[0]

    def _urgency(self, skill_id: str, now: datetime) -> int:
        if mastery.is_due(self.practice, skill_id, now):
            return 0
        record = self.practice.skills.get(skill_id)
        return 1 if record is None or record.card is None else 2

    @property
    def posed(self) -> Posed:
        return self.problem.posed

    @property
    def skill(self) -> drills.Skill:
        return drills.skill(self.problem.skill)

    def header(self) -> str:
        header = f"{self.skill.title} · level {self.problem.level + 1} of {drills.MAX_LEVEL + 1}"
        due = due_count(self.practice, self.clock())
        if due:
            header += f" · {due} skill{'s' * (due != 1)} due"
        return header

    def placeholder(self) -> str:
        kind = self.posed.kind
        assert kind is not None
        return kind.answer_format(self.posed)

    def answer_chars(self) -> str:
        """A regex character class of what an answer to this problem can contain."""
        kind = self.posed.kind
        assert kind is not None
        return kind.answer_chars(self.posed)

    @property
    def can_reveal(self) -> bool:
        return not self.solved_now and self.wrong_now >= self.reveal_after

    # -- what the learner does -------------------------------------------------------------------------------
    def answer(self, text: str) -> bool:
        """Mark a typed answer; True if it counted as an attempt (one that cannot be read, one
        rounded, or the wrong one just given again cost nothing). The first counted attempt
        grades the problem and schedules its skill; what to tell the learner is then in
        :attr:`feedback` (never the answer, until it is right or shown)."""
        from convtutor.learning.quiz_session import Feedback

        if self.solved_now:
            return False
        mark, counts = self.mark_typed(text)
        if not counts:
            self.feedback = Feedback(mark.message, "wrong" if mark.status == "wrong" else "")
            return False
        right = mark.status == "correct"
        if not self.graded:
            self._grade(right, self.clock())
        if right:
            self.solved_now = True
            self.feedback = Feedback(f"✓ Correct: {self.posed.answer_text}", "correct")
            return True
        mastery.count_mistakes(self.practice, self.problem.skill, mark.mistakes)
        self.wrong_now += 1
        extra = " You can now see the answer." if self.can_reveal else ""
        self.feedback = Feedback(f"✗ {mark.message} (attempt {self.wrong_now}){extra}", "wrong")
        return True

    def _grade(self, right: bool, now: datetime) -> None:
        skill_id = self.problem.skill
        if self.record is None:
            self.record = mastery.start_session(self.practice, now)
        self.before.setdefault(skill_id, mastery.mastery_meter(self.practice, skill_id, now))
        seconds = (now - self.shown_at).total_seconds()
        mastery.record_answer(self.practice, skill_id, right=right, hinted=self.hinted, seconds=seconds, now=now, session=self.record)
        self.runs[skill_id] = (self.runs.get(skill_id, 0) + 1) if right and not self.hinted else 0
        self.graded = True

    def hint(self) -> bool:
        """Show one more hint; False if there is none to show. A hint before the first answer
        makes a right answer count as Hard."""
        if not self.can_hint:
            return False
        self.hints_shown += 1
        if not self.graded:
            self.hinted = True
        return True

    def reveal(self) -> bool:
        """Show the answer, once the learner has tried ``REVEAL_AFTER`` times (as in a quiz); False if not allowed yet."""
        from convtutor.learning.quiz_session import Feedback

        if not self.can_reveal:
            return False
        self.solved_now = True
        self.revealed = True
        self.feedback = Feedback(f"The answer: {self.posed.answer_text}", "wrong")
        return True

    # -- the end ------------------------------------------------------------------------------------------------
    def summary(self) -> Summary:
        """What this session did: problems answered, first tries, and each skill's mastery before and now."""
        if self.record is None:
            return Summary(0, 0, ())
        now = self.clock()
        changes = tuple(
            SkillChange(skill_id, drills.skill(skill_id).title, tally.answered, tally.first_try,
                        self.before.get(skill_id, 0.0), mastery.mastery_meter(self.practice, skill_id, now))
            for skill_id, tally in self.record.skills.items()
        )
        return Summary(self.record.answered, self.record.first_try, changes)
