"""Where a learner stands: lesson_status, resume_target, start_index, following, finished_text."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from convtutor.learning.scores import finished_text, quiz_score
from convtutor.learning.status import LessonStatus, following, lesson_status, resume_target, start_index
from convtutor.lessons.loader import load_catalog
from convtutor.state.progress import LessonRecord, Progress, QuestionRecord, StepRecord


@dataclass(frozen=True)
class Question:
    id: str


@dataclass(frozen=True)
class Step:
    id: str
    questions: list[Question] = field(default_factory=list)


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    steps: list[Step]


# intro (text), try (sweep), check (quiz with two questions), recap (text)
PADDING = Lesson("padding", "Padding [the border]", [
    Step("intro"), Step("try"), Step("check", [Question("q1"), Question("q2")]), Step("recap"),
])
STRIDE = Lesson("stride", "Stride [2]", [Step("one"), Step("two")])
REVIEW = Lesson("review", "Review", [Step("quiz", [Question("a")])])
COURSE = [PADDING, STRIDE, REVIEW]


def done(*step_ids: str, current: str | None = None) -> LessonRecord:
    return LessonRecord(current=current, steps={s: StepRecord(done=True) for s in step_ids})


def all_done(lesson: Lesson) -> LessonRecord:
    return done(*(s.id for s in lesson.steps))


# -- lesson_status --------------------------------------------------------------------------------
def test_a_lesson_never_opened_is_not_started():
    status = lesson_status(PADDING, None)
    assert status == LessonStatus("not started", 0, 4, 0, 2, 0)
    assert status.glyph == "○"


def test_a_record_without_steps_is_not_started():
    assert lesson_status(PADDING, LessonRecord()).state == "not started"


def test_a_lesson_with_a_step_opened_is_in_progress():
    record = LessonRecord(current="intro", steps={"intro": StepRecord()})
    status = lesson_status(PADDING, record)
    assert (status.state, status.steps_done, status.glyph) == ("in progress", 0, "◐")


def test_a_lesson_with_some_steps_done_is_in_progress():
    status = lesson_status(PADDING, done("intro", "try"))
    assert (status.state, status.steps_done, status.steps) == ("in progress", 2, 4)


def test_a_lesson_with_every_step_done_is_done():
    status = lesson_status(PADDING, all_done(PADDING))
    assert (status.state, status.steps_done, status.glyph) == ("done", 4, "✓")


def test_steps_no_longer_in_the_lesson_are_ignored():
    record = done("old-step", "another-gone")
    status = lesson_status(PADDING, record)
    assert (status.state, status.steps_done) == ("not started", 0)
    record = done("intro", "try", "check", "old-step")
    assert lesson_status(PADDING, record).state == "in progress"


def test_questions_right_without_revealing_are_counted():
    record = done("intro")
    record.steps["check"] = StepRecord(questions={
        "q1": QuestionRecord(attempts=1, correct=True),
        "q2": QuestionRecord(attempts=2, revealed=True),
        "gone": QuestionRecord(correct=True),  # a question no longer in the lesson
    })
    status = lesson_status(PADDING, record)
    assert (status.correct, status.questions) == (1, 2)
    record.steps["check"].questions["q2"] = QuestionRecord(attempts=3, correct=True, first_try=False)
    assert lesson_status(PADDING, record).correct == 1  # right in the end is not right at the first try
    record.steps["check"].questions["q2"] = QuestionRecord(attempts=1, correct=True, first_try=True, hints=1)
    assert lesson_status(PADDING, record).correct == 1  # nor is right after a hint


def test_the_list_shows_a_first_try_score_only_once_something_is_answered():
    from convtutor.tui.widgets.lesson_list import lesson_label

    record = done("intro")
    record.steps["check"] = StepRecord(questions={"q1": QuestionRecord()})  # the quiz opened, nothing typed
    status = lesson_status(PADDING, record)
    assert status.answered == 0 and "first try" not in lesson_label(1, "Padding", status).plain
    record.steps["check"].questions["q1"] = QuestionRecord(attempts=1, correct=True, first_try=True)
    status = lesson_status(PADDING, record)
    assert status.answered == 1 and "1/2 first try" in lesson_label(1, "Padding", status).plain


# -- where to resume --------------------------------------------------------------------------------
def test_resume_at_the_current_step():
    assert lesson_status(PADDING, done("intro", "try", current="intro")).resume_index == 0
    assert lesson_status(PADDING, done(current="check")).resume_index == 2


def test_resume_at_the_first_step_not_done_without_a_current_step():
    assert lesson_status(PADDING, done("intro")).resume_index == 1
    assert lesson_status(PADDING, done("intro", "try", "recap")).resume_index == 2
    assert lesson_status(PADDING, done("try")).resume_index == 0


def test_resume_at_the_first_step_not_done_when_the_current_step_is_gone():
    assert lesson_status(PADDING, done("intro", "try", current="removed")).resume_index == 2


def test_resume_at_the_top_of_a_finished_lesson_without_a_current_step():
    assert lesson_status(PADDING, all_done(PADDING)).resume_index == 0


# -- resume_target ------------------------------------------------------------------------------------
def test_continue_opens_the_last_lesson_opened_unless_it_is_done():
    progress = Progress(lessons={"stride": done("one", current="two")}, last_lesson="stride")
    lesson, status = resume_target(COURSE, progress)
    assert lesson is STRIDE and status.resume_index == 1


def test_continue_skips_a_last_lesson_that_is_done():
    progress = Progress(lessons={"stride": all_done(STRIDE), "padding": done("intro")}, last_lesson="stride")
    lesson, status = resume_target(COURSE, progress)
    assert lesson is PADDING and status.state == "in progress" and status.resume_index == 1


def test_continue_goes_to_the_first_lesson_not_done():
    progress = Progress(lessons={"padding": all_done(PADDING)})
    lesson, status = resume_target(COURSE, progress)
    assert lesson is STRIDE and status.state == "not started"
    assert resume_target(COURSE, Progress())[0] is PADDING


def test_continue_ignores_a_last_lesson_that_no_longer_exists():
    progress = Progress(lessons={"padding": all_done(PADDING)}, last_lesson="deleted")
    assert resume_target(COURSE, progress)[0] is STRIDE


def test_continue_has_nothing_to_open_when_every_lesson_is_done():
    progress = Progress(lessons={lesson.id: all_done(lesson) for lesson in COURSE}, last_lesson="review")
    assert resume_target(COURSE, progress) is None


# -- start_index -------------------------------------------------------------------------------------
def test_a_lesson_starts_where_it_was_left():
    progress = Progress(lessons={"padding": done("intro", "try")})
    assert start_index(PADDING, progress, None) == 2
    assert start_index(PADDING, Progress(), None) == 0


def test_a_finished_lesson_starts_again_at_the_top():
    progress = Progress(lessons={"padding": done("intro", "try", "check", "recap", current="recap")})
    assert start_index(PADDING, progress, None) == 0


@pytest.mark.parametrize(("start", "index"), [(0, 0), (2, 2), (3, 3), (4, 3), (99, 3), (-1, 0)])
def test_an_explicit_start_is_clamped(start, index):
    progress = Progress(lessons={"padding": done("intro", current="try")})
    assert start_index(PADDING, progress, start) == index


def test_an_explicit_start_wins_over_a_finished_lesson():
    progress = Progress(lessons={"padding": all_done(PADDING)})
    assert start_index(PADDING, progress, 2) == 2


# -- following ----------------------------------------------------------------------------------------
def test_following():
    assert following(COURSE, "padding") is STRIDE
    assert following(COURSE, "stride") is REVIEW
    assert following(COURSE, "review") is None
    assert following(COURSE, "unknown") is None
    assert following([], "padding") is None


# -- finished_text --------------------------------------------------------------------------------------
def escape(text: str) -> str:
    return text.replace("[", "\\[")


def test_finished_text_for_a_lesson_left_unfinished():
    record = done("intro", "check")
    record.steps["check"].questions = {"q1": QuestionRecord(correct=True, attempts=1), "q2": QuestionRecord(revealed=True, attempts=2)}
    text = finished_text(PADDING, lesson_status(PADDING, record), STRIDE, escape, quiz_score(PADDING, record))
    assert text.splitlines() == [
        "[b]Padding \\[the border][/b]",
        "",
        "Steps done: 2 of 4",
        "Questions: 1 of 2 right at the first try · 1 answer shown",
        "Not finished yet. The list marks this lesson as in progress.",
        "",
        "[b]enter[/b] next lesson: Stride \\[2]",
        "[b]esc[/b] back to the lessons",
    ]


def test_finished_text_for_the_last_lesson_done_without_questions():
    lesson = Lesson("end", "The [end]", [Step("a"), Step("b")])
    text = finished_text(lesson, lesson_status(lesson, all_done(lesson)), None, escape)
    assert text == "\n".join([
        "[b]The \\[end][/b]",
        "",
        "Steps done: 2 of 2",
        "",
        "That was the last lesson.",
        "[b]esc[/b] back to the lessons",
    ])


def test_finished_text_without_an_escape_function_keeps_titles():
    text = finished_text(STRIDE, lesson_status(STRIDE, all_done(STRIDE)), REVIEW)
    assert text.splitlines()[0] == "[b]Stride [2][/b]"
    assert "[b]enter[/b] next lesson: Review" in text


# -- with the bundled course --------------------------------------------------------------------------
def test_status_of_a_bundled_lesson():
    lessons = [item.lesson for item in load_catalog(user=False).lessons()]
    first = lessons[0]
    step_ids = [s.id for s in first.steps]
    question_count = sum(len(getattr(s, "questions", None) or []) for s in first.steps)
    assert question_count > 0
    record = done(*step_ids[:2])
    status = lesson_status(first, record)
    assert (status.state, status.steps_done, status.steps, status.questions, status.resume_index) == (
        "in progress", 2, len(step_ids), question_count, 2 if len(step_ids) > 2 else 0,
    )
    progress = Progress(lessons={first.id: done(*step_ids)}, last_lesson=first.id)
    assert resume_target(lessons, progress)[0] is lessons[1]
    assert following(lessons, first.id) is lessons[1]
