"""Quiz questions: answer forms, marking, targeted feedback, parameters and safe constraints."""

from __future__ import annotations

import msgspec
import pytest

from convtutor.lessons import params, questions
from convtutor.lessons.questions.conv import PER_SIDE_NOTE
from convtutor.lessons.schema import Lesson


def question(**fields):
    lesson = msgspec.convert({
        "format_version": 1, "id": "t", "title": "t", "summary": "s",
        "steps": [{"id": "q", "kind": "quiz", "questions": [{"id": "q", **fields}]}],
    }, Lesson, strict=True)
    return lesson.steps[0].questions[0]


@pytest.mark.parametrize("typed", ["6x6", "6 x 6", "6×6", "(6, 6)", "[6,6]", " 6X6 "])
def test_shape_answers_in_every_common_form(typed):
    posed = questions.pose(question(kind="output_shape", input=8, kernel=3))
    assert posed.mark(typed).status == "correct"


@pytest.mark.parametrize("typed", ["(None, 6, 6, 4)", "6x6x4", "(6, 6, 4)"])
def test_keras_style_when_channels_are_asked(typed):
    posed = questions.pose(question(kind="output_shape", input=8, kernel=3, filters=4, include_channels=True))
    assert posed.mark(typed).status == "correct"
    assert posed.mark("6x6").status == "unparsed"
    assert "channels" in posed.mark("6x6").message


@pytest.mark.parametrize("typed, words", [("six", "two whole numbers with an x"), ("6", "both rows and cols"), ("(None, 6, 6, 1)", "Only rows × cols"), ("", "two whole numbers with an x")])
def test_unreadable_answers_cost_nothing_and_say_how(typed, words):
    mark = questions.pose(question(kind="output_shape", input=8, kernel=3)).mark(typed)
    assert mark.status == "unparsed" and words in mark.message


def test_named_mistake_feedback():
    q = question(kind="output_shape", input=8, kernel=3, stride=2, feedback=[
        {"mistake": "no_floor", "message": "round down"},
        {"mistake": "forgot_plus_one", "message": "plus one"},
        {"answer": "6x6", "message": "stride!"},
    ])
    posed = questions.pose(q)
    assert posed.mark("3x3").status == "correct"
    assert posed.mark("4x4") == questions.Mark("wrong", "round down", ("no_floor",))
    assert posed.mark("2x2") == questions.Mark("wrong", "plus one", ("forgot_plus_one",))
    assert posed.mark("(6, 6)") == questions.Mark("wrong", "stride!", ("answer",))
    assert posed.mark("5x5") == questions.Mark("wrong", "Not quite.")


def test_padding_question_sides_and_mistakes():
    q = question(kind="padding", input=8, kernel=4, padding="same", side="bottom",
                 feedback=[{"mistake": "wrong_side", "message": "other side"}, {"mistake": "total_padding", "message": "total"}])
    posed = questions.pose(q)
    assert posed.expected == 2
    assert posed.mark("1").message == "other side"
    assert posed.mark("3").message == "total"
    assert PER_SIDE_NOTE in posed.settings
    assert any("max((8 − 1)·1 + 4 − 8, 0) = 3" in line for line in posed.explanation)


def test_param_count_and_its_mistakes():
    q = question(kind="param_count", kernel=3, channels=3, filters=16,
                 feedback=[{"mistake": "forgot_bias", "message": "bias"}, {"mistake": "forgot_in_channels", "message": "channels"}])
    posed = questions.pose(q)
    assert posed.expected == 448
    assert posed.mark("432").message == "bias"
    assert posed.mark("160").message == "channels"
    assert posed.mark("4 4 8").status == "unparsed"
    assert posed.mark("448").status == "correct" and posed.mark("+448").status == "correct"


def test_window_positions_and_explanation():
    posed = questions.pose(question(kind="window_positions", input=8, kernel=3, along="total"))
    assert posed.expected == 36
    assert posed.explanation[-1] == "Positions in all = 6 · 6 = 36"


def test_multiple_choice_by_letter_number_or_text():
    posed = questions.pose(question(kind="multiple_choice", prompt="p", choices=["red", "green", "blue"], answer="green"))
    for typed in ("b", "B", "2", "green", " Green ", "b)"):
        assert posed.mark(typed).status == "correct", typed
    assert posed.mark("a").status == "wrong"
    assert posed.mark("z").status == "unparsed" and posed.mark("4").status == "unparsed"


def test_numeric_with_tolerance():
    posed = questions.pose(question(kind="numeric", prompt="p", answer=2.5, tolerance=0.1))
    assert posed.mark("2.55").status == "correct" and posed.mark("2.7").status == "wrong"
    assert posed.mark("two").status == "unparsed" and posed.mark("nan").status == "unparsed"


def test_variants_are_deterministic_and_respect_constraints():
    q = question(kind="output_shape", input="$n", kernel="$k", stride="$s",
                 params={"n": {"range": [5, 20]}, "k": {"choices": [1, 3, 5]}, "s": {"choices": [2, 3]}},
                 constraints=["k <= n", "(n - k) % s != 0"], variants={"seed": 9}, prompt="n={n} k={k}")
    first = [questions.pose(q, i).values for i in range(8)]
    assert first == [questions.pose(q, i).values for i in range(8)]
    assert len({tuple(v.items()) for v in first}) > 3
    for values in first:
        assert values["k"] <= values["n"] and (values["n"] - values["k"]) % values["s"] != 0
    posed = questions.pose(q, 2)
    assert posed.prompt == f"n={posed.values['n']} k={posed.values['k']}"


@pytest.mark.parametrize("text", [
    "__import__('os').system('x')", "n.__class__", "lambda: 1", "n ** 1000", "[n for n in range(9)]",
    "open('f')", "n if n else 1", "'a' * 5", "n / 2", "f'{n}'", "n[0]", "x := 1", "1.5 < n",
])
def test_constraints_refuse_anything_but_arithmetic(text):
    with pytest.raises(params.ExpressionError):
        params.parse_expression(text)


def test_constraint_evaluation():
    expression = params.parse_expression("k <= min(n, m) and not (n - k) % s == 0 or abs(-n) > 100")
    assert expression.names == {"k", "n", "m", "s"}
    assert expression.holds({"k": 3, "n": 8, "m": 9, "s": 2})
    assert not expression.holds({"k": 3, "n": 9, "m": 9, "s": 2})
    assert not params.parse_expression("n // s > 1").holds({"n": 5, "s": 0})  # division by zero: False


def test_substitution_only_replaces_names():
    assert questions.substitute("{n} and {n.__class__} and {0}", {"n": 5}) == "5 and {n.__class__} and {0}"


def test_feedback_fills_in_the_variants_parameters():
    # {p} in a feedback message names a parameter, as in prompts and hints: the learner reads its value
    q = question(kind="output_shape", params={"p": {"choices": [2, 3]}}, input=8, kernel=3, padding="$p", feedback=[
        {"mistake": "forgot_plus_one", "message": "With {p} pixel(s) of padding per side, count the first window too."},
        {"answer": "1x1", "message": "Not 1×1: {p} pixel(s) of padding makes the input larger."},
    ])
    for p in (2, 3):
        posed = questions.pose_values(q, {"p": p})
        slip = posed.mistakes["forgot_plus_one"]
        assert posed.mark(f"{slip[0]}x{slip[1]}").message == f"With {p} pixel(s) of padding per side, count the first window too."
        assert posed.mark("1x1").message == f"Not 1×1: {p} pixel(s) of padding makes the input larger."
