"""A quiz being answered: the question on screen, its variant, hints, attempts, and when the
quiz counts as done. Records (saved progress) are updated as the learner goes.

The TUI's quiz view draws this and turns keys and buttons into calls; everything a learner can
do to a quiz is a method here, so it is tested without a terminal.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from convtutor.learning.answering import Answering, WrongBefore
from convtutor.lessons import questions
from convtutor.lessons.fields import QuestionBase
from convtutor.lessons.questions.posed import Posed
from convtutor.lessons.steps.quiz import QuizStep
from convtutor.state.progress import QuestionRecord

REVEAL_AFTER = 2  # wrong attempts before "show answer" is offered
MAX_SKIPPED_VARIANTS = 50  # impossible variants skipped in a row before the question is reported


@dataclass(frozen=True)
class Feedback:
    """What the learner sees after an action: a line, and its tone."""

    text: str
    tone: str = ""  # "correct", "wrong" or "" (neutral)


def pose(question: QuestionBase, record: QuestionRecord) -> Posed:
    """The record's variant, in the learner's own order of choices (drawn once, then kept in the
    record so that a resumed quiz shows the same order); a variant whose settings are
    impossible is skipped (the app checks only a sample of variants when it loads,
    `convtutor validate` checks them all)."""
    if record.order == 0:
        record.order = random.randrange(1, 2**31)
    for _ in range(MAX_SKIPPED_VARIANTS):
        try:
            return questions.pose(question, record.variant, record.order)
        except ValueError:
            record.variant += 1
    return questions.pose(question, record.variant, record.order)  # ValueError: the lesson screen reports it


class QuizSession(Answering):
    def __init__(self, step: QuizStep, records: dict[str, QuestionRecord], *, position: int = 0) -> None:
        self.step = step
        self.records = records
        self.index = self._resume_index(position)
        self.hints_shown = 0
        self.wrong_now = 0  # wrong attempts at the variant on screen
        self.solved_now = False  # the variant on screen is answered (or its answer shown)
        self.practice = False  # a new variant of a question already finished
        self.feedback = Feedback("")
        self.wrong_before = WrongBefore()  # of the variant on screen
        self.reported = all(self.record(q.id).finished for q in step.questions)
        self._score: int | None = None
        self.posed = self._show(fresh=False)

    # -- where we are -------------------------------------------------------------------------------
    @property
    def question(self) -> QuestionBase:
        return self.step.questions[self.index]

    @property
    def count(self) -> int:
        return len(self.step.questions)

    def record(self, question_id: str) -> QuestionRecord:
        return self.records.setdefault(question_id, QuestionRecord())

    @property
    def current(self) -> QuestionRecord:
        return self.record(self.question.id)

    def _resume_index(self, saved: int) -> int:
        """Where to start: the saved question, unless it is finished and another is not."""
        saved = min(max(saved, 0), len(self.step.questions) - 1)
        unfinished = [i for i, q in enumerate(self.step.questions) if not self.record(q.id).finished]
        if not unfinished or saved in unfinished:
            return saved
        return next((i for i in unfinished if i > saved), unfinished[0])

    def _show(self, *, fresh: bool) -> Posed:
        """Pose the current question; ``fresh`` opens a new variant even if the question is done."""
        record = self.current
        posed = pose(self.question, record)
        self.posed = posed
        self.hints_shown = 0
        self.wrong_now = 0
        self.wrong_before.forget()
        self.solved_now = record.finished and not fresh
        self.practice = fresh and record.finished
        if self.solved_now:
            self.feedback = self._finished_feedback(revealed=False)
        else:
            self.feedback = Feedback("")
        return posed

    # -- what is shown ---------------------------------------------------------------------------------
    def header(self) -> str:
        header = f"Question {self.index + 1} of {self.count}"
        if self.question.params:
            header += f" · variant {self.current.variant + 1}"
        if self.practice:
            header += " · practice"
        return header

    def placeholder(self) -> str:
        return questions.kind_of(self.question).answer_format(self.posed)

    def answer_chars(self) -> str:
        """A regex character class of what an answer to this question can contain."""
        return questions.kind_of(self.question).answer_chars(self.posed)

    @property
    def can_vary(self) -> bool:
        return bool(self.question.params)

    @property
    def can_reveal(self) -> bool:
        return not self.solved_now and self.wrong_now >= REVEAL_AFTER

    @property
    def can_go_on(self) -> bool:
        return self.solved_now and self.index < self.count - 1

    def _finished_feedback(self, *, revealed: bool) -> Feedback:
        record = self.current
        if record.correct and not record.revealed and not revealed:
            return Feedback(f"✓ Correct: {self.posed.answer_text}", "correct")
        return Feedback(f"The answer: {self.posed.answer_text}", "wrong")

    # -- what the learner does --------------------------------------------------------------------------
    def answer(self, text: str) -> bool:
        """Mark a typed answer; True if it counted as an attempt (one that cannot be read, one
        rounded, or the wrong one just given again cost nothing). What to tell the learner is
        then in :attr:`feedback`."""
        if self.solved_now:
            return False
        mark, counts = self.mark_typed(text)
        if not counts:
            self.feedback = Feedback(mark.message, "wrong" if mark.status == "wrong" else "")
            return False
        record = self.current
        if record.first_try is None:
            record.first_try = mark.status == "correct"
        record.attempts += 1
        if mark.status != "correct":
            record.note_wrong(text.strip(), mark.mistakes)
        if mark.status == "correct":
            record.correct = True
            record.revealed = False  # answering it yourself outweighs an earlier peek
            self.solved_now = True
            self.feedback = Feedback(f"✓ Correct: {self.posed.answer_text}", "correct")
        else:
            self.wrong_now += 1
            extra = "  Press s to see the answer." if self.wrong_now >= REVEAL_AFTER else ""
            self.feedback = Feedback(f"✗ {mark.message} (attempt {self.wrong_now}){extra}", "wrong")
        self._check_complete()
        return True

    def hint(self) -> bool:
        """Show one more hint; False if there is none to show."""
        if not self.can_hint:
            return False
        self.hints_shown += 1
        self.current.hints += 1
        return True

    def new_variant(self) -> bool:
        """Pose a new variant of a parameterized question (skipping ones that repeat the numbers on screen)."""
        if not self.can_vary:
            return False
        record = self.current
        previous = self.posed.values
        for _ in range(20):
            record.variant += 1
            if pose(self.question, record).values != previous:
                break
        self._show(fresh=True)
        return True

    def ask_again(self) -> None:
        """Ask the current question afresh, as practice: a new variant when it has parameters, the
        same question otherwise (a missed question, gone back to from the lesson's end)."""
        if not self.new_variant():
            self._show(fresh=True)

    def reveal(self) -> bool:
        """Show the answer, once the learner has tried enough; False if not allowed yet."""
        if self.solved_now or self.wrong_now < REVEAL_AFTER:
            return False
        record = self.current
        if not record.correct:
            record.revealed = True
        self.solved_now = True
        self.feedback = self._finished_feedback(revealed=True)
        self._check_complete()
        return True

    def go_to(self, index: int) -> bool:
        """Move to another question (False if there is none there)."""
        if not 0 <= index < self.count or index == self.index:
            return False
        self.index = index
        self._show(fresh=False)
        return True

    # -- completion ---------------------------------------------------------------------------------------
    def score(self) -> int:
        """Questions answered right at the first try (no hint, no answer shown)."""
        return sum(1 for q in self.step.questions if self.record(q.id).right_first_time)

    def _check_complete(self) -> None:
        if not self.reported and all(self.record(q.id).finished for q in self.step.questions):
            self.reported = True
            self._score = self.score()

    def take_completion(self) -> int | None:
        """The score, once, when the quiz has just been finished (None otherwise)."""
        score, self._score = self._score, None
        return score
