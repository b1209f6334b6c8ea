"""How a lesson's questions went: first-try scores, the slips made, the questions missed, and
the end-of-lesson and course summaries (after a lesson, not on the way to the first frame)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple

from convtutor.learning.status import LessonStatus
from convtutor.state.progress import LessonRecord, Progress

if TYPE_CHECKING:
    from convtutor.learning.status import LessonLike


class QuizScore(NamedTuple):
    """How a lesson's questions went: first tries, later tries, answers shown, and the slips."""

    questions: int
    first_try: int  # right at the first try, no hint, no answer shown
    later: int  # right in the end, after a wrong try or a hint
    shown: int  # the answer was shown
    slips: dict[str, int]  # named mistake -> how many wrong answers fitted it


def quiz_score(lesson: LessonLike, record: LessonRecord | None) -> QuizScore:
    first = later = shown = total = 0
    slips: dict[str, int] = {}
    for step in lesson.steps:
        for question in getattr(step, "questions", None) or []:
            total += 1
            step_record = record.steps.get(step.id) if record is not None else None
            q = step_record.questions.get(question.id) if step_record is not None else None
            if q is None:
                continue
            if q.right_first_time:
                first += 1
            elif q.correct:
                later += 1
            elif q.revealed:
                shown += 1
            for wrong in q.wrong:
                for name in wrong.mistakes:
                    if name != "answer":
                        slips[name] = slips.get(name, 0) + 1
    return QuizScore(total, first, later, shown, slips)


def slip_words(name: str) -> str:
    """A named mistake as the learner did it ("counted moves, not positions")."""
    from convtutor.lessons import questions

    found = next((m for kind in questions.KINDS for m in kind.mistakes if m.name == name), None)
    return found.learner if found is not None else name.replace("_", " ")


def score_lines(score: QuizScore) -> list[str]:
    if not score.questions:
        return []
    lines = [f"Questions: {score.first_try} of {score.questions} right at the first try"
             + (f" · {score.later} right after another try" if score.later else "")
             + (f" · {score.shown} answer{'s' * (score.shown != 1)} shown" if score.shown else "")]
    if score.slips:
        top = sorted(score.slips.items(), key=lambda item: -item[1])[:3]
        lines.append("Slips to watch: " + "; ".join(f"{slip_words(name)} ({count}×)" for name, count in top))
    return lines


class Missed(NamedTuple):
    """A question not answered right at the first try, and where to find it."""

    lesson_id: str
    lesson_title: str
    step_index: int
    question_index: int
    question_id: str


def missed_questions(lessons: Iterable[LessonLike], progress: Progress) -> list[Missed]:
    found = []
    for lesson in lessons:
        record = progress.lessons.get(lesson.id)
        for s, step in enumerate(lesson.steps):
            for n, question in enumerate(getattr(step, "questions", None) or []):
                step_record = record.steps.get(step.id) if record is not None else None
                q = step_record.questions.get(question.id) if step_record is not None else None
                if q is not None and q.attempts and not q.right_first_time:
                    found.append(Missed(lesson.id, lesson.title, s, n, question.id))
    return found


def finished_text(
    lesson: LessonLike, status: LessonStatus, after: LessonLike | None, escape: Callable[[str], str] = str,
    score: QuizScore | None = None, course: list[str] | None = None, missed: int = 0, unfinished: list[str] | None = None,
) -> str:
    """What the learner reads at the end of a lesson, in Textual markup ([b] for the title and
    keys; ``escape`` makes the titles safe to put in markup). After the last lesson, ``course``
    holds the course summary's lines and ``missed`` the questions to go back to."""
    lines = [f"[b]{escape(lesson.title)}[/b]", "", f"Steps done: {status.steps_done} of {status.steps}"]
    lines += [escape(line) for line in score_lines(score)] if score is not None else []
    if status.state != "done":
        which = f": {escape(', '.join(unfinished))}" if unfinished else ""
        lines.append(f"Not finished yet{which}. The list marks this lesson as in progress.")
    if course:
        lines += ["", "[b]The course[/b]", *(escape(line) for line in course)]
    lines.append("")
    lines.append(f"[b]enter[/b] next lesson: {escape(after.title)}" if after else "That was the last lesson.")
    if missed:
        lines.append(f"[b]m[/b] go back to the {missed} question{'s' * (missed != 1)} not right at the first try")
    lines.append("[b]esc[/b] back to the lessons")
    return "\n".join(lines)


def unfinished_steps(lesson: LessonLike, record: LessonRecord | None) -> list[str]:
    """The steps not done yet, as the learner finds them: "step 2 (A vertical-line detector)"."""
    found = []
    for number, step in enumerate(lesson.steps, 1):
        step_record = record.steps.get(step.id) if record is not None else None
        if step_record is None or not step_record.done:
            title = getattr(step, "title", None)
            found.append(f"step {number}" + (f" ({title})" if title else ""))
    return found


def course_lines(lessons: Iterable[LessonLike], progress: Progress) -> list[str]:
    """One line per lesson with its first-try score, then the slips made most often."""
    lines: list[str] = []
    slips: dict[str, int] = {}
    for lesson in lessons:
        score = quiz_score(lesson, progress.lessons.get(lesson.id))
        if score.questions:
            lines.append(f"{lesson.title}: {score.first_try}/{score.questions} at the first try")
        for name, count in score.slips.items():
            slips[name] = slips.get(name, 0) + count
    if slips:
        top = sorted(slips.items(), key=lambda item: -item[1])[:3]
        lines.append("Your most frequent slips: " + "; ".join(f"{slip_words(name)} ({count}×)" for name, count in top))
    return lines
