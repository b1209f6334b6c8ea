"""Quizzes never give the answer away, and every wrong answer that fits a known slip is named."""

from __future__ import annotations

import msgspec
import pytest

from convtutor.lessons import questions
from convtutor.lessons.loader import load_catalog
from convtutor.lessons.steps.quiz import QuizStep

UNREADABLE = ["ten", "", "x", "1 2 3 4 5", "(None)", "a lot", "-"]


@pytest.fixture(scope="module")
def bundled():
    found = {}
    for item in load_catalog(user=False).lessons():
        for step in item.lesson.steps:
            if isinstance(step, QuizStep):
                for q in step.questions:
                    found[q.id] = q
    return found


def spellings(posed) -> set[str]:
    """The ways the answer could appear in a text: 6×6, 6x6, 6 x 6, (6, 6), 10..."""
    expected = posed.expected
    if isinstance(expected, tuple):
        parts = [str(v) for v in expected]
        return {"×".join(parts), "x".join(parts), " x ".join(parts), "(" + ", ".join(parts) + ")", "(None, " + ", ".join(parts) + ")"}
    if isinstance(expected, (int, float)) and not isinstance(expected, bool) and posed.tag != "multiple_choice":
        return {str(expected)}
    return set()


def test_no_hint_prompt_or_format_message_shows_the_answer(bundled):
    checked = 0
    for q in bundled.values():
        for variant in range(8 if q.params else 1):
            posed = questions.pose(q, variant)
            kind = questions.kind_of(q)
            texts = [kind.answer_format(posed), *(posed.read(text)[1] for text in UNREADABLE)]
            if not q.prompt:
                texts.append(posed.prompt)  # the kind's own prompt (an author's prompt is the author's)
            for text in texts:
                for spelling in spellings(posed):
                    assert not _contains_number(text, spelling), (q.id, posed.values, text)
            checked += 1
    assert checked > 60


def _contains_number(text: str, spelling: str) -> bool:
    """``spelling`` in ``text`` as a whole number, not as part of another (10 in 100)."""
    start = text.find(spelling)
    while start >= 0:
        before = text[start - 1] if start else " "
        after = text[start + len(spelling)] if start + len(spelling) < len(text) else " "
        if not before.isdigit() and not after.isdigit():
            return True
        start = text.find(spelling, start + 1)
    return False


@pytest.mark.parametrize(("question", "typed", "says"), [
    ("params-10x10", "100", "each filter also has a bias"),
    ("stride-two-windows", "9", "first position counts too"),
    ("stride-two-windows", "25", "rounds up"),
    ("stride-two-windows", "4", "one axis only"),
    ("full-shape", "12x12", "size of the input with its padding"),
    ("valid-shape", "18x9", "swapped"),
    ("valid-shape", "9x17", "rows are right but the columns are not"),
    ("keras-shape", "34x34x3", "one channel per filter"),
    ("keras-shape", "(None, 8, 34, 34)", "PyTorch's order"),
    ("rgb-output", "9x9x3", "one channel per filter"),
    ("pool-params", "6128", "0 parameters"),
    ("pool-shape", "38x38", "strides default to its pool size"),
    ("keras-corner", "1", "divide by the real pixels only"),
    ("pytorch-corner", "4.5", "counts the padded zeros too"),
    ("back-to-even", "19x19", "leaves out output_padding"),
    ("torch-up", "38x38", "n·s"),
    ("vgg-block", "11x11", "multiply each layer's k̂ − 1 by the jump"),
])
def test_a_known_slip_is_named_even_without_lesson_feedback(bundled, question, typed, says):
    q = bundled[question]
    q = msgspec.structs.replace(q, feedback=[])  # no help from the lesson file
    mark = questions.pose(q).mark(typed)
    assert mark.status == "wrong" and says in mark.message, mark


def test_every_declared_mistake_of_every_bundled_question_gets_a_message(bundled):
    for q in bundled.values():
        for variant in range(6 if q.params else 1):
            posed = questions.pose(msgspec.structs.replace(q, feedback=[]), variant)
            for name, wrong in posed.mistakes.items():
                if wrong == posed.expected:
                    continue
                typed = "x".join(str(v) for v in wrong) if isinstance(wrong, tuple) else str(wrong)
                mark = posed.mark(typed)
                assert mark.status == "wrong" and name in mark.mistakes and mark.message != "Not quite.", (q.id, name, typed)


def test_one_number_from_several_slips_names_them_all():
    q = msgspec.convert({"id": "q", "kind": "output_shape", "input": 8, "kernel": 3, "padding": 1}, questions.BY_TAG["output_shape"].struct)
    mark = questions.pose(q).mark("7x7")  # forgot the +1, or padded one side only: both give 7
    assert set(mark.mistakes) >= {"forgot_plus_one", "padded_one_side"}
    assert "more than one slip" in mark.message and "counted moves, not positions" in mark.message and "padding once" in mark.message


def test_a_lessons_own_feedback_still_comes_first():
    q = msgspec.convert({"id": "q", "kind": "param_count", "kernel": 3, "feedback": [{"mistake": "forgot_bias", "message": "Mind the bias!"}]},
                        questions.BY_TAG["param_count"].struct)
    assert questions.pose(q).mark("9").message == "Mind the bias!"


def test_one_bias_for_the_whole_layer_is_named():
    q = msgspec.convert({"id": "q", "kind": "param_count", "kernel": 3, "channels": 3, "filters": 8}, questions.BY_TAG["param_count"].struct)
    mark = questions.pose(q).mark("217")  # 3·3·3·8 weights + one bias instead of eight
    assert mark.mistakes == ("one_bias",) and "not one for the whole layer" in mark.message


CHOICE = {
    "id": "side", "kind": "multiple_choice", "prompt": "Where does Keras put the odd pixel?",
    "choices": ["bottom/right", {"text": "top/left", "why": "Keras pads after, not before."}, "both", "neither"],
    "answer": "bottom/right",
}


def choice(**changes):
    return msgspec.convert({**CHOICE, **changes}, questions.BY_TAG["multiple_choice"].struct)


def test_choices_are_shown_in_the_learners_own_order_and_the_answer_follows():
    orders = set()
    for seed in range(1, 40):
        posed = questions.pose(choice(), order=seed)
        assert sorted(posed.choices) == sorted(["bottom/right", "top/left", "both", "neither"])
        letter = "abcd"[posed.choices.index("bottom/right")]
        assert posed.answer_text == f"{letter}) bottom/right" and posed.mark(letter).status == "correct"
        assert questions.pose(choice(), order=seed).choices == posed.choices  # the same seed, the same order
        orders.add(tuple(posed.choices))
    assert len(orders) > 6
    firsts = {questions.pose(choice(), order=seed).choices.index("bottom/right") for seed in range(1, 40)}
    assert firsts == {0, 1, 2, 3}  # the right answer is not always a)


def test_shuffle_false_keeps_the_written_order():
    for seed in range(1, 10):
        assert questions.pose(choice(shuffle=False), order=seed).choices == ["bottom/right", "top/left", "both", "neither"]


def test_a_wrong_choice_says_why_whatever_its_letter():
    for seed in range(1, 10):
        posed = questions.pose(choice(), order=seed)
        mark = posed.mark("abcd"[posed.choices.index("top/left")])
        assert mark.status == "wrong" and mark.message == "Keras pads after, not before."
        assert posed.mark("abcd"[posed.choices.index("both")]).message == "Not quite."


def test_why_on_the_right_choice_is_refused(tmp_path):
    import yaml

    from convtutor.lessons.loader import validate_paths

    bad = {**CHOICE, "choices": [{"text": "bottom/right", "why": "because"}, "top/left"]}
    lesson = {"format_version": 1, "id": "l", "title": "t", "summary": "s", "steps": [{"id": "q", "kind": "quiz", "questions": [bad]}]}
    (tmp_path / "l.yaml").write_text(yaml.safe_dump(lesson))
    problems, _ = validate_paths([tmp_path / "l.yaml"])
    assert [p.field for p in problems] == ["steps[0].questions[0].choices[0].why"]


def test_a_resumed_quiz_shows_the_same_order():
    from convtutor.learning.quiz_session import QuizSession
    from convtutor.lessons.steps.quiz import QuizStep

    step = msgspec.convert({"id": "quiz", "kind": "quiz", "questions": [CHOICE]}, QuizStep)
    records: dict = {}
    first = QuizSession(step, records).posed.choices
    assert records["side"].order > 0
    assert QuizSession(step, records).posed.choices == first


# -- numbers: fractions, rounding, and format messages without numbers --------------------------------
def pool_value(**changes):
    data = {"id": "q", "kind": "pool_value", "input": [[7, 9], [0, 5]], "pool": "average", "pool_size": 2, "at": [0, 0], **changes}
    return questions.pose(msgspec.convert(data, questions.BY_TAG["pool_value"].struct))  # (7 + 9 + 0 + 5) / 4 = 5.25


@pytest.mark.parametrize("typed", ["21/4", "42 / 8", "5.25", "+21/4"])
def test_an_average_may_be_answered_as_a_fraction(typed):
    assert pool_value().mark(typed).status == "correct"


@pytest.mark.parametrize("typed", ["5.3", "5.2"])
def test_a_rounded_average_is_close_not_a_wrong_method(typed):
    mark = pool_value().mark(typed)
    assert mark == questions.Mark("close", "Close: that is rounded; give it exactly (a fraction like a/b or more decimals).")


def test_a_rounded_answer_to_every_bundled_number_question_is_close_or_a_named_slip(bundled):
    checked = 0
    for q in bundled.values():
        if q.kind not in ("pool_value", "numeric"):
            continue
        for variant in range(6 if q.params else 1):
            posed = questions.pose(q, variant)
            exact = float(posed.expected)
            for rounded in {round(exact, 1), round(exact + 0.04, 2), round(exact - 0.04, 2)}:
                mark = posed.mark(str(rounded))
                if mark.status == "correct":  # within the question's own tolerance
                    continue
                assert mark.status == "close" or mark.mistakes, (q.id, exact, rounded, mark)
                checked += 1
    assert checked > 5


def test_format_messages_hold_no_number():
    """A format message shows no example number: it could be the answer, or nudge toward one."""
    from convtutor.core.formatting import ROUNDED
    from convtutor.learning.answering import PREDICTION_FORMAT
    from convtutor.lessons.questions.posed import NUMBER, WHOLE_NUMBER

    for text in (NUMBER, WHOLE_NUMBER, PREDICTION_FORMAT, ROUNDED):
        assert not any(c.isdigit() for c in text), text
    assert "a/b" in NUMBER and "a/b" in PREDICTION_FORMAT
