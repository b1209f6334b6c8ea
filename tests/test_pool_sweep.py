"""The pooling sweep: every window's value equals max_pool2d / avg_pool2d on grids of settings
(Keras 'valid'/'same', PyTorch padding, ceil_mode, count_include_pad); the max's winners, the
average's divisor; and the session (moving, predicting, completing)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convtutor.core.pool_sweep import INPUT, OUTSIDE, PADDING, PoolSweep
from convtutor.core.pooling import avg_pool2d, max_pool2d
from convtutor.learning.pool_session import PoolSession


@st.composite
def cases(draw):
    h, w = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    image = [[float(draw(st.integers(-9, 9))) for _ in range(w)] for _ in range(h)]
    pool_size = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    strides = draw(st.none() | st.tuples(st.integers(1, 3), st.integers(1, 3)))
    form = draw(st.sampled_from(["valid", "same", "int", "pair"]))
    pads = (draw(st.integers(0, pool_size[0] // 2 + 1)), draw(st.integers(0, pool_size[1] // 2 + 1)))
    padding = {"int": min(pads), "pair": pads}.get(form, form)
    ceil_mode = draw(st.booleans()) if form in ("int", "pair") else False
    return {"image": image, "pool_size": pool_size, "strides": strides, "padding": padding,
            "ceil_mode": ceil_mode, "count_include_pad": draw(st.booleans())}


@pytest.mark.parametrize("pool", ["max", "average"])
@settings(max_examples=200, deadline=None)
@given(case=cases())
def test_every_window_equals_the_core_pooling(pool, case):
    common = {"strides": case["strides"], "padding": case["padding"], "ceil_mode": case["ceil_mode"]}
    try:
        if pool == "max":
            expected = max_pool2d(np.array(case["image"]), case["pool_size"], **common)
        else:
            expected = avg_pool2d(np.array(case["image"]), case["pool_size"], count_include_pad=case["count_include_pad"], **common)
    except ValueError:
        with pytest.raises(ValueError):
            PoolSweep(case["image"], pool, case["pool_size"], count_include_pad=case["count_include_pad"], **common)
        return
    sweep = PoolSweep(case["image"], pool, case["pool_size"], count_include_pad=case["count_include_pad"], **common)
    assert np.allclose(np.array(sweep.output), expected)
    for index in range(sweep.count):
        window = sweep.window(index)
        real = [v for v in window.values if v is not None]
        if pool == "max":
            assert window.winners and all(sweep.value(*cell) == max(real) for cell in window.winners)
        else:
            assert window.divisor == sum(
                1 for kind in window.kinds if kind == INPUT or (kind == PADDING and sweep.count_padding)
            )
        assert window.expression().endswith(f"= {window.expression().rsplit('= ', 1)[1]}")


def test_max_marks_every_winner():
    sweep = PoolSweep([[1, 5, 2, 0], [5, 3, 1, 1], [0, 0, 9, 9], [0, 0, 9, 1]], "max", 2)
    assert sweep.output == ((5, 2), (0, 9))
    window = sweep.window(0)
    assert window.winners == ((0, 1), (1, 0))
    assert window.expression() == "max(1, 5, 5, 3) = 5"
    assert sweep.window(3).winners == ((2, 2), (2, 3), (3, 2))


def test_average_says_whether_padding_counts():
    image = [[1, 2], [3, 4]]
    torch = PoolSweep(image, "average", 2, strides=1, padding=1)  # PyTorch: count_include_pad by default
    first = torch.window(0)
    assert first.kinds == (PADDING, PADDING, PADDING, INPUT)
    assert first.expression() == "([0] + [0] + [0] + 1) / 4 = 0.25"
    assert first.divisor_text() == "the 3 padded zeros count: divide by 1 + 3 = 4"
    excluded = PoolSweep(image, "average", 2, strides=1, padding=1, count_include_pad=False)
    assert excluded.window(0).expression() == "(1) / 1 = 1"
    keras = PoolSweep([[1, 2, 3]] * 3, "average", 2, strides=2, padding="same")  # Keras: padding never counts
    last = keras.window(keras.count - 1)
    assert last.expression() == "(3) / 1 = 3"
    assert last.divisor_text() == "padding does not count: divide by the 1 real pixel, not 4"
    assert keras.window(0).divisor_text() == ""


def test_ceil_mode_cells_past_the_padding_are_outside_and_never_count():
    sweep = PoolSweep([[1, 2, 3, 4, 5]], "average", (1, 2), padding=0, ceil_mode=True, count_include_pad=True)
    assert sweep.shape == (1, 3)
    last = sweep.window(2)
    assert last.kinds == (INPUT, OUTSIDE)
    assert last.result == 5 and last.divisor == 1
    assert sweep.grid_shape == (1, 6)


# -- the session ------------------------------------------------------------------------------------


def test_predictions_are_marked_and_scored():
    session = PoolSession(PoolSweep([[1, 5, 2, 0], [5, 3, 1, 1], [0, 0, 9, 9], [0, 0, 9, 1]], "max", 2), predict=2)
    assert session.awaiting_prediction() and session.output_cells()[0] == ["?", "·"]
    assert session.expression_text() == "Window 1 of 4 → output (0, 0): max(1, 5, 5, 3) = ?"
    assert session.winners() == []
    assert session.predict("3.5")  # the average: said, and a second try
    assert session.result_text.startswith("✗ (0, 0): not 3.5. That is the average")
    assert session.predict("5") and session.index == 1
    assert not session.predict("two") and session.index == 1  # unreadable: costs nothing
    assert session.predict("1") and session.predict("0")
    assert session.predictions == {0: True, 1: False}
    completion = session.take_completion()
    assert completion is not None and completion.score == 1
    assert session.task_text().startswith("✓ Predictions done: 1 of 2 right")
    session.go(0)
    assert session.winners() == [(0, 1), (1, 0)]
    assert "the winners, marked ▲: input (0,1) (1,0)" in session.expression_text()


def average_of_four() -> PoolSession:
    """One window, (7 + 9 + 0 + 5) / 4 = 21/4 = 5.25, to predict."""
    return PoolSession(PoolSweep([[7, 9], [0, 5]], "average", 2), predict=1)


@pytest.mark.parametrize("text", ["21/4", "5.25", " 21 / 4 ", "42/8", "5.250"])
def test_an_average_may_be_predicted_as_a_fraction(text):
    session = average_of_four()
    assert session.predict(text) and session.predictions == {0: True}
    assert session.result_text == "✓ (0, 0) is 5.25"


@pytest.mark.parametrize("rounded", ["5.3", "5.2", "5.26"])
def test_a_rounded_average_asks_for_the_exact_value_and_costs_nothing(rounded):
    session = average_of_four()
    assert not session.predict(rounded)
    assert session.result_text == ("Close: that is rounded; give it exactly (a fraction like a/b or more decimals). "
                                   "(That did not count.)")
    assert "divide by" not in session.result_text  # the method was right
    assert session.predictions == {} and session.awaiting_prediction()
    assert session.predict("21/4") and session.predictions == {0: True}  # still the first try


def test_the_same_wrong_prediction_again_costs_nothing():
    session = average_of_four()
    assert session.predict("214")
    assert session.result_text == "✗ (0, 0): not 214. Add the pixels, then divide by 4. Try again."
    assert not session.predict("214") and not session.predict("214.0")
    assert session.result_text == "Same answer as before: 214. Add the pixels, then divide by 4. (That did not count.)"
    assert session.predictions == {}
    assert session.predict("9")  # the largest pixel: a different answer, the second try
    assert session.predictions == {0: False}


def test_resuming_a_finished_task_keeps_its_score():
    sweep = PoolSweep([[1, 2], [3, 4]], "average", 1)
    session = PoolSession(sweep, predict=4, done=True, score=3)
    assert sum(session.predictions.values()) == 3 and session.completed


def test_average_session_explains_the_divisor_and_the_slip():
    session = PoolSession.from_settings([[1, 2, 3]] * 3, "average", 2, padding="same")
    session.jump(-1)
    assert session.expression_text().splitlines() == [
        "Window 4 of 4 → output (1, 1): (3) / 1 = 3",
        "padding does not count: divide by the 1 real pixel, not 4",
    ]
    assert "padding 'same' (Keras: padding never counts)" in session.settings_text()
    task = PoolSession(PoolSweep([[1, 2, 3]] * 3, "average", 2, padding="same"), predict=4)
    task.jump(-1)
    task.fill()
    assert task.index == 0  # fill goes to the first prediction still to make
    task.go(3)
    assert task.predict("0.75")
    assert "divide by the real pixels only" in task.result_text


def test_from_step_and_playing():
    import msgspec
    import yaml

    from convtutor.lessons.steps.pool_sweep import KIND

    step = msgspec.convert(yaml.safe_load(KIND.example)[0], KIND.struct, strict=True)
    session = PoolSession.from_step(step)
    assert session.predict_range == 2 and session.sweep.shape == (2, 2)
    assert not session.tick()  # the first window is to be predicted: playing stops
    free = PoolSession.from_settings([[1, 2, 3, 4]] * 4, "max", 2)
    assert free.tick() and free.tick() and free.tick() and not free.tick()
    assert free.completed


def test_pool_step_checks_name_the_field(tmp_path):
    from convtutor.lessons.loader import validate_paths

    path = tmp_path / "checks.yaml"
    path.write_text("""\
format_version: 1
id: checks
title: Checks
summary: s
steps:
  - {id: a, kind: pool_sweep, input: [[1, 2], [3, 4]], pool: max, pool_size: 2, count_include_pad: true}
  - {id: b, kind: pool_sweep, input: [[1, 2], [3, 4]], pool: average, pool_size: 2, padding: same, count_include_pad: false}
  - {id: c, kind: pool_sweep, input: [[1, 2], [3, 4]], pool: average, pool_size: 2, padding: valid, ceil_mode: true}
  - {id: d, kind: pool_sweep, input: [[1, 2], [3, 4]], pool: max, pool_size: 3}
  - {id: e, kind: pool_sweep, input: [[1, 2], [3, 4]], pool: max, pool_size: 2, padding: 2}
  - {id: f, kind: pool_sweep, input: [[1, 2], [3, 4]], pool: max, pool_size: 2, task: {kind: predict, count: 2}}
  - {id: g, kind: pool_sweep, input: [[1, 2], [3, 4]], pool: average, pool_size: 2, strides: 1, padding: 1, ceil_mode: true,
     count_include_pad: false, task: {kind: predict}}
""", encoding="utf-8")
    problems, _ = validate_paths([path])
    found = [(p.field, p.message) for p in problems]
    assert [field for field, _ in found] == [
        "steps[0].count_include_pad", "steps[1].count_include_pad", "steps[2].ceil_mode", "steps[3].pool_size",
        "steps[4].padding", "steps[5].task.count",
    ], found
    assert "padding never wins a max" in found[0][1] and "never counts the padding" in found[1][1]
    assert "PyTorch's" in found[2][1] and "does not fit" in found[3][1] and "at most half" in found[4][1]
    assert "only 1 windows" in found[5][1]
