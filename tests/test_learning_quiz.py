"""QuizSession: the quiz step's state machine, without a terminal.

Right answers are worked out by hand in the comments (output size ⌊(n + 2p − k)/s⌋ + 1,
parameters kh·kw·c_in·filters + filters), never asked of the session or the question.
"""

from __future__ import annotations

import msgspec
import pytest

from convtutor.learning import quiz_session
from convtutor.learning.quiz_session import REVEAL_AFTER, QuizSession
from convtutor.lessons.steps.quiz import QuizStep
from convtutor.state.progress import QuestionRecord, WrongAnswer


class _AsWritten:
    """Choices in the order the file writes them, so answers can be named by letter."""

    @staticmethod
    def randrange(*args: int) -> int:
        return 0


@pytest.fixture(autouse=True)
def _choices_as_written(monkeypatch):
    monkeypatch.setattr(quiz_session, "random", _AsWritten)

SIZE = {  # 8 input, 3 kernel, valid, stride 1: 8 − 3 + 1 = 6 → 6×6; forgetting the +1 gives 5×5
    "id": "size", "kind": "output_shape", "input": 8, "kernel": 3,
    "hints": ["Count the positions along one row.", "The first position counts too."],
    "feedback": [{"mistake": "forgot_plus_one", "message": "Add one for the window's first position."}],
}
PARAMS = {  # 3·3·3·8 = 216 weights + 8 biases = 224; forgetting the biases gives 216
    "id": "params", "kind": "param_count", "kernel": 3, "channels": 3, "filters": 8,
    "feedback": [{"mistake": "forgot_bias", "message": "Each filter also has a bias."}],
}
SIDE = {  # Keras 'same' puts the odd pixel at the bottom/right: choice b
    "id": "side", "kind": "multiple_choice", "prompt": "Where does Keras put the odd pixel of 'same' padding?",
    "choices": ["top/left", "bottom/right", "it spreads it evenly"], "answer": "bottom/right",
}
ANY = {  # n × n input, 3 kernel, valid: (n − 2) × (n − 2)
    "id": "any", "kind": "output_shape", "input": "$n", "kernel": 3, "params": {"n": {"range": [5, 9]}},
    "hints": ["Subtract the kernel, add one."],
}
RIGHT = {"size": "6x6", "params": "224", "side": "b"}


def make_step(*questions: dict) -> QuizStep:
    return msgspec.convert({"id": "quiz", "kind": "quiz", "questions": list(questions)}, QuizStep, strict=True)


def quiz(*questions: dict, records: dict[str, QuestionRecord] | None = None, position: int = 0) -> QuizSession:
    return QuizSession(make_step(*(questions or (SIZE, PARAMS, SIDE, ANY))), {} if records is None else records, position=position)


def any_answer(s: QuizSession) -> str:
    """The right answer to the parameterized question on screen, from the size shown."""
    n = s.posed.values["n"]
    assert s.posed.settings[0].startswith(f"input {n}×{n}, kernel 3×3")  # the numbers the learner sees
    return f"{n - 2}x{n - 2}"


def fail_twice(s: QuizSession) -> None:
    """Two different wrong answers (the same one again would not count)."""
    first, second = {"size": ("1x1", "2x2"), "params": ("1", "2"), "side": ("a", "c"), "any": ("1x1", "2x2")}[s.question.id]
    assert s.answer(first) and s.answer(second)


# -- a fresh quiz -----------------------------------------------------------------------------------
def test_a_fresh_quiz_asks_the_first_question():
    records: dict[str, QuestionRecord] = {}
    s = quiz(records=records)
    assert s.index == 0 and s.count == 4
    assert s.header() == "Question 1 of 4"
    assert s.placeholder() == "rows x cols"
    assert s.feedback.text == "" and not s.solved_now
    assert s.hints() == [] and s.explanation() == []
    assert s.can_hint and not s.can_vary and not s.can_reveal and not s.can_go_on
    assert s.take_completion() is None
    assert records["size"] == QuestionRecord()  # the caller's dict holds the records


# -- answering --------------------------------------------------------------------------------------
def test_a_right_answer():
    records: dict[str, QuestionRecord] = {}
    s = quiz(records=records)
    assert s.answer("6x6") is True
    assert records["size"] == QuestionRecord(attempts=1, correct=True, first_try=True)
    assert s.solved_now
    assert (s.feedback.text, s.feedback.tone) == ("✓ Correct: 6×6", "correct")
    assert any(line.endswith("= 6") for line in s.explanation())  # the worked formula
    assert s.can_go_on and not s.can_hint and not s.can_reveal
    assert s.answer("6x6") is False  # already answered: nothing counts
    assert records["size"].attempts == 1


@pytest.mark.parametrize("text", ["6x6", "6 x 6", "(6, 6)", "6×6"])
def test_the_size_can_be_written_several_ways(text):
    s = quiz(SIZE)
    assert s.answer(text) and s.current.correct


def test_a_wrong_answer_with_a_named_mistake():
    records: dict[str, QuestionRecord] = {}
    s = quiz(records=records)
    assert s.answer("5x5") is True  # 8 − 3 = 5: counted the moves
    assert (s.feedback.text, s.feedback.tone) == ("✗ Add one for the window's first position. (attempt 1)", "wrong")
    # the wrong answer is kept with the slip it fits (it feeds practice and class reports)
    assert records["size"] == QuestionRecord(attempts=1, first_try=False, wrong=[WrongAnswer("5x5", ("forgot_plus_one",))])
    assert not s.solved_now and s.explanation() == []
    assert s.wrong_now == 1 and not s.can_reveal
    assert s.answer("7x7") is True  # no named mistake gives 7×7
    assert s.feedback.text == "✗ Not quite. (attempt 2)  Press s to see the answer."
    assert records["size"].attempts == 2 and s.can_reveal


def test_the_same_wrong_answer_again_costs_no_attempt():
    records: dict[str, QuestionRecord] = {}
    s = quiz(records=records)
    assert s.answer("5x5") is True
    for again in ("5x5", " 5 × 5 ", "(5, 5)"):  # Enter pressed again, or the same size written another way
        assert s.answer(again) is False
        assert (s.feedback.text, s.feedback.tone) == (
            f"Same answer as before: {again.strip()}. Add one for the window's first position. (That did not count as an attempt.)", "wrong")
        assert s.wrong_now == 1 and not s.can_reveal  # "show the answer" is not unlocked by repeating
    assert records["size"] == QuestionRecord(attempts=1, first_try=False, wrong=[WrongAnswer("5x5", ("forgot_plus_one",))])
    assert s.answer("7x7") is True and s.wrong_now == 2 and s.can_reveal  # a different answer counts


def test_a_new_variant_forgets_the_wrong_answer_before():
    s = quiz(ANY)
    wrong = "1x1"
    assert s.answer(wrong) and not s.answer(wrong)
    s.new_variant()
    assert s.answer(wrong) is True and s.wrong_now == 1


POOL = {  # (7 + 9 + 0 + 5) / 4 = 21/4 = 5.25
    "id": "pool", "kind": "pool_value", "input": [[7, 9], [0, 5]], "pool": "average", "pool_size": 2, "at": [0, 0],
}


def test_an_average_answered_as_a_fraction_is_right():
    s = quiz(POOL)
    assert s.answer("21/4") and s.current.correct and s.current.first_try


def test_a_rounded_average_asks_for_the_exact_value_without_an_attempt():
    records: dict[str, QuestionRecord] = {}
    s = quiz(POOL, records=records)
    assert s.answer("5.3") is False
    assert s.feedback.text == ("Close: that is rounded; give it exactly (a fraction like a/b or more decimals). "
                               "(That did not count as an attempt.)")
    assert records["pool"] == QuestionRecord() and s.wrong_now == 0
    assert s.answer("5.25") and s.current.first_try  # still the first try


def test_a_param_count_mistake_and_the_right_count():
    s = quiz(PARAMS)
    s.answer("216")  # the weights only
    assert s.feedback.text == "✗ Each filter also has a bias. (attempt 1)"
    s.answer("224")
    assert s.current.correct and s.feedback.text == "✓ Correct: 224"


@pytest.mark.parametrize("text", ["b", "B", "b)", "2", "bottom/right", " Bottom/Right "])
def test_a_multiple_choice_answer_as_a_letter_a_number_or_the_text(text):
    s = quiz(SIDE)
    assert s.placeholder() == "a letter, a to c"
    assert s.answer(text) and s.current.correct
    assert s.feedback.text == "✓ Correct: b) bottom/right"


@pytest.mark.parametrize(("question", "text"), [
    (SIZE, "six"), (SIZE, ""), (SIZE, "6"), (PARAMS, "lots"), (PARAMS, "2.5"), (SIDE, "z"), (SIDE, "4"),
])
def test_an_unreadable_answer_costs_no_attempt(question, text):
    records: dict[str, QuestionRecord] = {}
    s = quiz(question, records=records)
    assert s.answer(text) is False
    assert records[question["id"]] == QuestionRecord()
    assert s.wrong_now == 0 and not s.solved_now
    assert s.feedback.text.endswith("(That did not count as an attempt.)")
    assert s.feedback.tone == ""


# -- hints --------------------------------------------------------------------------------------------
def test_hints_are_shown_one_by_one_and_counted():
    records: dict[str, QuestionRecord] = {}
    s = quiz(records=records)
    assert s.hint() is True
    assert s.hints() == ["Hint 1: Count the positions along one row."]
    assert records["size"].hints == 1
    assert s.hint() is True
    assert s.hints() == ["Hint 1: Count the positions along one row.", "Hint 2: The first position counts too."]
    assert records["size"].hints == 2 and not s.can_hint
    assert s.hint() is False  # no third hint
    assert records["size"].hints == 2
    assert records["size"].attempts == 0  # hints are not attempts


def test_no_hints_once_solved_or_when_there_are_none():
    s = quiz(SIZE)
    s.answer("6x6")
    assert s.hint() is False and s.current.hints == 0
    s = quiz(PARAMS)
    assert not s.can_hint and s.hint() is False and s.current.hints == 0


# -- showing the answer -----------------------------------------------------------------------------------
def test_reveal_is_refused_before_two_wrong_tries():
    assert REVEAL_AFTER == 2
    records: dict[str, QuestionRecord] = {}
    s = quiz(records=records)
    assert s.reveal() is False
    s.answer("what")  # unreadable: not a try
    assert s.reveal() is False
    s.answer("5x5")
    assert s.reveal() is False
    assert records["size"].attempts == 1 and records["size"].first_try is False
    assert not s.solved_now


def test_reveal_after_two_wrong_tries_shows_the_answer_but_does_not_count_it_right():
    records: dict[str, QuestionRecord] = {}
    s = quiz(records=records)
    fail_twice(s)
    assert s.reveal() is True
    assert (records["size"].attempts, records["size"].revealed, records["size"].first_try, len(records["size"].wrong)) == (2, True, False, 2)
    assert records["size"].finished and not records["size"].correct
    assert s.solved_now and (s.feedback.text, s.feedback.tone) == ("The answer: 6×6", "wrong")
    assert s.explanation() != []
    assert s.score() == 0
    assert s.reveal() is False  # once
    assert s.answer("6x6") is False  # too late for this variant
    assert not records["size"].correct and s.can_go_on


# -- variants ------------------------------------------------------------------------------------------
def test_a_new_variant_changes_the_numbers_and_resets_wrong_attempts():
    records: dict[str, QuestionRecord] = {}
    s = quiz(ANY, records=records)
    assert s.can_vary
    assert s.header() == "Question 1 of 1 · variant 1"
    before = s.posed.values["n"]
    assert 5 <= before <= 9
    s.hint()
    fail_twice(s)
    assert s.can_reveal
    assert s.new_variant() is True
    after = s.posed.values["n"]
    assert after != before and 5 <= after <= 9
    assert s.header() == f"Question 1 of 1 · variant {records['any'].variant + 1}"
    assert records["any"].variant >= 1
    assert s.wrong_now == 0 and not s.can_reveal and s.reveal() is False
    assert s.hints() == [] and s.feedback.text == ""
    assert records["any"].attempts == 2 and records["any"].hints == 1  # the record keeps the history
    assert s.answer(any_answer(s)) and records["any"].correct


def test_the_right_answer_of_the_old_variant_is_wrong_for_the_new_one():
    s = quiz(ANY)
    old = any_answer(s)
    s.new_variant()
    assert s.answer(old) and not s.current.correct


def test_variants_only_for_parameterized_questions():
    records: dict[str, QuestionRecord] = {}
    s = quiz(SIZE, records=records)
    assert not s.can_vary and s.new_variant() is False
    assert records["size"].variant == 0 and s.posed.settings[0].startswith("input 8×8")


def test_a_new_variant_of_a_finished_question_is_practice():
    records: dict[str, QuestionRecord] = {}
    s = quiz(ANY, SIZE, records=records)
    s.answer(any_answer(s))
    s.new_variant()
    assert s.practice and not s.solved_now
    assert s.header().endswith(" · practice")
    fail_twice(s)
    assert records["any"].correct  # practice does not undo the right answer
    s.reveal()
    assert records["any"].correct and not records["any"].revealed


def test_a_missed_question_asked_again_is_open_practice():
    records: dict[str, QuestionRecord] = {}
    s = quiz(SIDE, ANY, records=records)
    fail_twice(s)
    s.reveal()
    s.ask_again()  # no parameters: the same question, open again
    assert s.practice and not s.solved_now and s.feedback.text == "" and s.explanation() == []
    assert s.answer("b") and s.solved_now
    assert records["side"].first_try is False  # practice does not rewrite the first try
    s.go_to(1)
    fail_twice(s)
    s.reveal()
    n = s.posed.values["n"]
    s.ask_again()  # parameters: a new variant, other numbers
    assert s.practice and not s.solved_now and s.posed.values["n"] != n


def test_a_saved_variant_is_posed_again():
    first = quiz(ANY)
    first.new_variant()
    first.new_variant()
    n = first.posed.values["n"]
    resumed = quiz(ANY, records={"any": QuestionRecord(variant=first.current.variant)})
    assert resumed.posed.values["n"] == n


# -- moving between questions -----------------------------------------------------------------------------
def test_moving_between_questions():
    s = quiz()
    s.hint()
    s.answer("5x5")
    assert s.go_to(1) is True
    assert s.index == 1 and s.header() == "Question 2 of 4"
    assert s.wrong_now == 0 and s.hints_shown == 0 and s.feedback.text == ""
    assert s.go_to(1) is False
    assert s.go_to(-1) is False and s.go_to(4) is False
    assert s.index == 1
    assert s.go_to(0) is True
    assert s.current.attempts == 1 and s.wrong_now == 0 and not s.can_reveal  # a fresh look at it


def test_going_back_to_a_finished_question_shows_it_solved():
    s = quiz()
    s.answer("6x6")
    s.go_to(1)
    fail_twice(s)
    s.reveal()
    s.go_to(0)
    assert s.solved_now and s.feedback.text == "✓ Correct: 6×6" and s.explanation() != []
    s.go_to(1)
    assert s.solved_now and (s.feedback.text, s.feedback.tone) == ("The answer: 224", "wrong")
    assert s.answer("224") is False


# -- resuming ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("finished", "position", "index"), [
    ((), 0, 0),
    (("size",), 0, 1),  # the saved question is done: the next one not done
    (("size", "params"), 0, 2),
    (("params",), 1, 2),
    (("side", "any"), 3, 0),  # nothing not done after it: the first one not done
    (("size",), 2, 2),  # the saved question is not done: stay there
    (("size", "params", "side", "any"), 2, 2),  # everything done: where it was left
    ((), 9, 3),  # clamped
    ((), -1, 0),
])
def test_resuming_at_the_first_unanswered_question(finished, position, index):
    records = {qid: QuestionRecord(attempts=1, correct=True) for qid in finished}
    assert quiz(records=records, position=position).index == index


def test_resuming_on_a_finished_question_shows_how_it_went():
    records = {q: QuestionRecord(attempts=1, correct=True) for q in ("size", "params", "side", "any")}
    records["params"] = QuestionRecord(attempts=2, revealed=True)
    s = quiz(records=records, position=1)
    assert s.solved_now and s.feedback.text == "The answer: 224"
    s = quiz(records=records, position=2)
    assert s.solved_now and s.feedback.text == "✓ Correct: b) bottom/right"


# -- completion -------------------------------------------------------------------------------------------
def test_completion_reports_the_score_once():
    s = quiz()
    assert s.answer("6x6")
    assert s.take_completion() is None
    s.go_to(1)
    fail_twice(s)
    s.reveal()  # not counted
    s.go_to(2)
    s.answer("a")
    s.answer("b")  # right on the second try: right in the end, not at the first try
    assert s.take_completion() is None
    s.go_to(3)
    s.answer(any_answer(s))
    assert s.take_completion() == 2  # first tries only
    assert s.take_completion() is None
    s.new_variant()
    s.answer(any_answer(s))
    assert s.take_completion() is None


def test_completion_by_revealing_the_last_answer():
    s = quiz(SIZE, PARAMS)
    s.answer("6x6")
    s.go_to(1)
    fail_twice(s)
    assert s.take_completion() is None
    s.reveal()
    assert s.take_completion() == 1


def test_a_quiz_already_finished_is_not_reported_again():
    records = {q: QuestionRecord(attempts=1, correct=True) for q in ("size", "any")}
    s = quiz(SIZE, ANY, records=records)
    s.go_to(1)
    s.new_variant()
    s.answer(any_answer(s))
    assert s.take_completion() is None


def test_answering_right_after_a_peek_clears_revealed():
    records: dict[str, QuestionRecord] = {}
    s = quiz(ANY, records=records)
    fail_twice(s)
    s.reveal()
    assert records["any"].revealed and s.score() == 0
    assert s.take_completion() == 0
    s.new_variant()
    assert s.practice and not s.solved_now
    assert s.answer(any_answer(s))
    assert records["any"].correct and not records["any"].revealed
    assert records["any"].attempts == 3
    assert s.score() == 0 and records["any"].first_try is False  # right in the end, not at the first try
    assert s.take_completion() is None  # the quiz was reported once, when first finished
