"""Where a learner stands in each lesson, what 'continue' opens, and the end-of-lesson summary."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol

from convtutor.state.progress import LessonRecord, Progress

if TYPE_CHECKING:  # shapes for type checkers only: Protocol classes cost start-up time

    class StepLike(Protocol):
        @property
        def id(self) -> str: ...


    class LessonLike(Protocol):
        """A lesson, or its summary in the lesson list: an id, a title and steps with ids
        (quiz steps also have ``questions`` with ids)."""

        @property
        def id(self) -> str: ...

        @property
        def title(self) -> str: ...

        @property
        def steps(self) -> Sequence[StepLike]: ...


class LessonStatus(NamedTuple):
    state: str  # "not started", "in progress" or "done"
    steps_done: int
    steps: int
    correct: int  # questions answered right at the first try (no hint, no answer shown)
    questions: int
    resume_index: int  # the step to open
    answered: int = 0  # questions tried at least once (or their answer shown)

    @property
    def glyph(self) -> str:
        return {"done": "✓", "in progress": "◐"}.get(self.state, "○")


def lesson_status(lesson: LessonLike, record: LessonRecord | None) -> LessonStatus:
    """How far the learner is in a lesson."""
    steps = list(lesson.steps)
    ids = [s.id for s in steps]
    question_ids = [(s.id, q.id) for s in steps for q in getattr(s, "questions", None) or []]
    if record is None:
        return LessonStatus("not started", 0, len(steps), 0, len(question_ids), 0)
    done = sum(1 for i in ids if (step := record.steps.get(i)) is not None and step.done)
    records = [q for sid, qid in question_ids if (s := record.steps.get(sid)) and (q := s.questions.get(qid))]
    correct = sum(1 for q in records if q.right_first_time)
    answered = sum(1 for q in records if q.attempts or q.revealed)
    started = done > 0 or any(record.steps.get(i) for i in ids)
    state = "done" if done == len(ids) else "in progress" if started else "not started"
    resume = ids.index(record.current) if record.current in ids else next(
        (n for n, i in enumerate(ids) if not ((step := record.steps.get(i)) is not None and step.done)), 0
    )
    return LessonStatus(state, done, len(ids), correct, len(question_ids), resume, answered)


def resume_target(lessons: Iterable[LessonLike], progress: Progress) -> tuple[LessonLike, LessonStatus] | None:
    """The lesson 'continue' opens: the last one opened unless it is done, else the first not done."""
    lessons = list(lessons)
    last = next((lesson for lesson in lessons if lesson.id == progress.last_lesson), None)
    if last is not None:
        status = lesson_status(last, progress.lessons.get(last.id))
        if status.state != "done":
            return last, status
    for lesson in lessons:
        status = lesson_status(lesson, progress.lessons.get(lesson.id))
        if status.state != "done":
            return lesson, status
    return None


def start_index(lesson: LessonLike, progress: Progress, start: int | None) -> int:
    """The step a lesson opens at: the one asked for, else where the learner left it (a
    finished lesson starts again at the top)."""
    if start is not None:
        return min(max(start, 0), len(lesson.steps) - 1)
    status = lesson_status(lesson, progress.lessons.get(lesson.id))
    return 0 if status.state == "done" else status.resume_index


def open_request(text: str) -> tuple[str, int | None]:
    """``--open LESSON[:STEP]`` as (lesson id, step index counting from 0, or None)."""
    lesson_id, _, step = text.partition(":")
    return lesson_id, int(step) - 1 if step.isdigit() and int(step) > 0 else None


def following(lessons: Iterable[LessonLike], lesson_id: str) -> LessonLike | None:
    """The lesson after ``lesson_id`` in the list, if any."""
    lessons = list(lessons)
    ids = [lesson.id for lesson in lessons]
    position = ids.index(lesson_id) if lesson_id in ids else len(ids)
    return lessons[position + 1] if position + 1 < len(lessons) else None
