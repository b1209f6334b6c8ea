"""SweepSession: the sweep step's state machine, without a terminal.

Expected values are worked out by hand in the comments, or by the small NumPy convolution
below (which shares no code with convtutor); never by asking the session about itself.
"""

from __future__ import annotations

import msgspec
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convtutor.learning.sweep_session import Completion, SweepSession
from convtutor.lessons.steps.sweep import SweepStep

# A 5×7 input whose cell (r, c) holds 10·r + c, and a 3×3 kernel of ones, stride 2, 'valid':
# rows (5 − 3) // 2 + 1 = 2 and cols (7 − 3) // 2 + 1 = 3 → 6 windows, numbered row-major.
# The window with top-left (r0, c0) sums 9·(10·r0 + c0) + 3·(10 + 20) + 3·(1 + 2) = 9·(10·r0 + c0 + 11):
#   (0, 0) → 99, (0, 2) → 117, (0, 4) → 135, (2, 0) → 279, (2, 2) → 297, (2, 4) → 315.
GRID = [[10 * r + c for c in range(7)] for r in range(5)]
ONES = [[1, 1, 1]] * 3
GRID_OUTPUTS = [99, 117, 135, 279, 297, 315]
TOP_LEFTS = [(0, 0), (0, 2), (0, 4), (2, 0), (2, 2), (2, 4)]

# The article's line detector: an 8×8 image with columns 3 and 4 lit, a vertical-line kernel.
LINE = [[1 if c in (3, 4) else 0 for c in range(8)] for _ in range(8)]
DETECTOR = [[0, 1, 0]] * 3


def make_step(**fields: object) -> SweepStep:
    data = {"id": "s", "kind": "sweep", "input": GRID, "kernel": ONES, "stride": 2, **fields}
    return msgspec.convert(data, SweepStep, strict=True)


def session(*, position: int = 0, done: bool = False, score: int | None = None, predictions: dict[int, bool] | None = None,
            **fields: object) -> SweepSession:
    return SweepSession(make_step(**fields), position=position, done=done, score=score, predictions=predictions)


def numpy_outputs(image, kernel, *, stride=(1, 1), pads=((0, 0), (0, 0)), bias=0.0) -> list[float]:
    """Row-major outputs of a zero-padded cross-correlation, straight from the definition."""
    x = np.pad(np.asarray(image, dtype=float), pads)
    k = np.asarray(kernel, dtype=float)
    kh, kw = k.shape
    rows = (x.shape[0] - kh) // stride[0] + 1
    cols = (x.shape[1] - kw) // stride[1] + 1
    return [
        float((x[r * stride[0]: r * stride[0] + kh, c * stride[1]: c * stride[1] + kw] * k).sum()) + bias
        for r in range(rows) for c in range(cols)
    ]


def shown_values(s: SweepSession) -> dict[int, str]:
    """Window index → text of every output cell the session shows a value in (not '·' or '?')."""
    flat = [cell.strip() for row in s.output_cells() for cell in row]
    return {i: text for i, text in enumerate(flat) if text not in ("·", "?")}


def test_numpy_reference_agrees_with_the_hand_worked_grid():
    assert numpy_outputs(GRID, ONES, stride=(2, 2)) == GRID_OUTPUTS


# -- a fresh session ----------------------------------------------------------------------------
def test_a_new_session_shows_the_first_window_and_its_output_only():
    s = session()
    assert s.count == 6 and s.index == 0
    assert s.window.top_left == (0, 0)
    assert s.filled == {0}
    # blanks are right-aligned to the widest output text ("315": three characters)
    assert s.output_cells() == [["99", "  ·", "  ·"], ["  ·", "  ·", "  ·"]]
    assert s.take_completion() is None
    assert s.dot_product_text() == (
        "Window 1 of 6 → output (0, 0), pixel·weight:\n"
        "0·1 + 1·1 + 2·1 + 10·1 + 11·1 + 12·1 + 20·1 + 21·1 + 22·1 = 99"
    )


# -- moving -------------------------------------------------------------------------------------
def test_move_goes_one_stride_along_the_row():
    s = session()
    s.move(1)
    assert s.index == 1
    assert s.window.top_left == (0, 2)  # stride 2: two columns to the right
    assert s.window.cells() == [(r, c) for r in range(3) for c in range(2, 5)]
    assert s.window.result == 117
    assert shown_values(s) == {0: "99", 1: "117"}
    assert s.dot_product_text().startswith("Window 2 of 6 → output (0, 1), pixel·weight:\n")


def test_move_wraps_to_the_next_row_of_windows():
    s = session()
    s.move(1)
    s.move(1)
    assert s.window.top_left == (0, 4)
    s.move(1)
    assert s.index == 3
    assert (s.window.out_row, s.window.out_col) == (1, 0)
    assert s.window.top_left == (2, 0)  # two rows down, back at the left edge
    s.move(-1)
    assert s.index == 2 and s.window.top_left == (0, 4)


def test_move_is_clamped_at_both_ends():
    s = session()
    s.move(-1)
    assert s.index == 0
    s.move(100)
    assert s.index == 5
    s.move(1)
    assert s.index == 5
    s.move(-100)
    assert s.index == 0


def test_move_rows_keeps_the_column_and_is_clamped():
    s = session()
    s.move(1)  # (0, 1)
    s.move_rows(1)
    assert s.index == 4 and s.window.top_left == (2, 2)
    s.move_rows(1)  # no third row of windows
    assert s.index == 4
    s.move_rows(-1)
    assert s.index == 1
    s.move_rows(-1)
    assert s.index == 1
    assert s.filled == {0, 1, 4}


def test_jump_to_the_last_and_first_window():
    s = session()
    s.jump(-1)
    assert s.index == 5 and s.window.top_left == (2, 4)
    assert shown_values(s) == {0: "99", 5: "315"}  # only what was visited
    s.jump(0)
    assert s.index == 0


def test_windows_follow_every_setting_of_the_step():
    # 8×8 input, 3×3 kernel, stride [2, 1], explicit padding [[1, 2], [0, 1]]:
    # padded 11×9; rows (11 − 3) // 2 + 1 = 5, cols (9 − 3) // 1 + 1 = 7.
    image = [[(r * 8 + c) % 5 - 2 for c in range(8)] for r in range(8)]
    kernel = [[1, -1, 0], [2, 0, 1], [0, 0, -3]]
    s = session(input=image, kernel=kernel, stride=[2, 1], padding=[[1, 2], [0, 1]], bias=0.5)
    assert s.count == 35
    s.fill()
    expected = numpy_outputs(image, kernel, stride=(2, 1), pads=((1, 2), (0, 1)), bias=0.5)
    assert {i: float(text) for i, text in shown_values(s).items()} == dict(enumerate(expected))
    s.jump(0)
    s.move_rows(1)
    assert s.window.top_left == (2, 0)
    s.move(1)
    assert s.window.top_left == (2, 1)


# -- filling ------------------------------------------------------------------------------------
def test_fill_shows_every_output_and_goes_to_the_last_window():
    s = session()
    s.fill()
    assert s.index == 5
    assert s.output_cells() == [["99", "117", "135"], ["279", "297", "315"]]
    assert s.task_text().endswith(" · all filled: n for the next step")


def test_fill_with_predictions_pending_goes_to_the_first_and_keeps_them_hidden():
    s = session(task={"kind": "predict", "count": 3})
    assert s.predict("99")  # window 0 right: on to window 1
    s.fill()
    assert s.index == 1
    assert s.awaiting_prediction()
    # window 1 is the one asked ('?'), window 2 is still to predict ('·'), the rest are shown
    assert s.output_cells() == [["99", "  ?", "  ·"], ["279", "297", "315"]]
    assert s.take_completion() is None


# -- playing --------------------------------------------------------------------------------------
def test_play_ticks_run_to_the_end_and_stop_there():
    s = session()
    s.start_playing()  # not at the end: stays where it is
    assert s.index == 0
    seen = []
    for _ in range(20):
        going = s.tick()
        seen.append((s.index, going))
        if not going:
            break
    assert seen == [(1, True), (2, True), (3, True), (4, True), (5, True), (5, False)]
    assert s.filled == set(range(6))


def test_playing_from_the_last_window_starts_again_at_the_first():
    s = session()
    s.jump(-1)
    s.start_playing()
    assert s.index == 0


def test_play_stops_on_a_window_whose_output_is_to_be_predicted():
    s = session(task={"kind": "predict", "count": 4})
    for value in ("99", "117", "135"):  # windows 0, 1, 2; then window 3 is asked
        assert s.predict(value)
    assert s.index == 3
    s.jump(0)
    s.start_playing()
    assert s.tick() and s.index == 1
    assert s.tick() and s.index == 2
    assert s.tick() is False  # window 3 is to predict: show it and stop
    assert s.index == 3 and s.awaiting_prediction()
    assert 3 not in shown_values(s)
    assert "= ?" in s.dot_product_text()


# -- predictions ----------------------------------------------------------------------------------
def test_a_prediction_pending_hides_the_output_and_the_result():
    s = session(task={"kind": "predict", "count": 3, "show": "products"})
    assert s.awaiting_prediction()
    assert s.output_cells()[0][0] == "  ?"
    assert s.prediction_label() == "Output (0, 0) ="
    assert s.dot_product_text() == (
        "Window 1 of 6 → output (0, 0), pixel·weight:\n"
        "0·1 + 1·1 + 2·1 + 10·1 + 11·1 + 12·1 + 20·1 + 21·1 + 22·1 = ?"
    )
    assert s.task_text() == "Predict each output before it is shown.  (0 of 3 done, 0 right)"


@pytest.mark.parametrize(("show", "line"), [
    ("window", "each highlighted pixel times the kernel's weight over it, added up = ?"),  # the default
    ("nothing", "= ?"),
])
def test_the_lesson_chooses_how_much_of_the_sum_a_prediction_shows(show, line):
    task = {"kind": "predict", "count": 3} if show == "window" else {"kind": "predict", "count": 3, "show": show}
    s = session(task=task)
    assert s.dot_product_text().splitlines()[1] == line
    s.predict("99")
    s.jump(0)  # once predicted, the products are written out as everywhere else
    assert s.dot_product_text().splitlines()[1].startswith("0·1 + 1·1")


def test_a_right_prediction_shows_the_value_and_moves_to_the_next_one():
    s = session(task={"kind": "predict", "count": 3})
    assert s.predict("99") is True
    assert s.predictions == {0: True}
    assert s.result_text == "✓ (0, 0) is 99"
    assert s.index == 1 and s.awaiting_prediction()
    assert s.prediction_label() == "Output (0, 1) ="
    assert s.output_cells()[0][:2] == ["99", "  ?"]
    assert s.task_text() == "Predict each output before it is shown.  (1 of 3 done, 1 right)"


def test_a_wrong_prediction_says_why_and_gets_another_try():
    s = session(task={"kind": "predict", "count": 3})
    assert s.predict("77") is True  # 99 without the 22·1 in the corner
    assert s.predictions == {} and s.awaiting_prediction() and s.index == 0
    assert s.result_text.startswith("✗ (0, 0): not 77. A product is missing: the pixel 22 times the weight 1")
    assert s.result_text.endswith("Try again.")
    s.predict("99")
    assert s.predictions == {0: True}  # right at the second try counts as right


def test_a_wrong_prediction_counts_and_shows_the_right_value():
    s = session(task={"kind": "predict", "count": 3, "prompt": "Guess."})
    assert s.predict(" 100 ") is True
    assert "one product too many (1·1)" in s.result_text and "Try again" in s.result_text  # 99 + 1
    assert s.predict(" 101 ") is True  # the second wrong try shows the value
    assert s.predictions == {0: False}
    assert s.result_text == "✗ (0, 0): you said 101; it is 99"
    assert s.index == 1
    assert shown_values(s) == {0: "99"}
    assert s.task_text() == "Guess.  (1 of 3 done, 0 right)"


@pytest.mark.parametrize("text", ["", "abc", "9 9", "nan", "inf", "-inf", "1/0", "9,9", "99x"])
def test_unreadable_predictions_cost_nothing(text):
    s = session(task={"kind": "predict", "count": 3})
    assert s.predict(text) is False
    assert s.predictions == {}
    assert s.index == 0 and s.awaiting_prediction()
    assert s.result_text == "Type a number in digits, or a fraction a/b, with a minus sign if it is negative (that did not count)."
    assert s.take_completion() is None


@pytest.mark.parametrize("text", ["99", "198/2", "+99", "99.0", " 396 / 4 "])
def test_a_prediction_may_be_a_fraction(text):
    s = session(task={"kind": "predict", "count": 3})  # the first window's output is 99
    assert s.predict(text) is True
    assert s.predictions == {0: True} and s.result_text == "✓ (0, 0) is 99"


def test_the_same_wrong_prediction_again_costs_nothing():
    s = session(task={"kind": "predict", "count": 3})
    assert s.predict("100") is True  # 99 + 1: a product too many; one try left
    why = s.result_text.split(". ", 1)[1].removesuffix(" Try again.")
    for again in ("100", " 100.0 ", "200/2"):  # the same number, however it is written
        assert s.predict(again) is False
        assert s.result_text == f"Same answer as before: 100. {why} (That did not count.)"
        assert s.predictions == {} and s.awaiting_prediction()
    assert s.predict("98") is True  # another wrong answer is the second try
    assert s.predictions == {0: False} and s.result_text == "✗ (0, 0): you said 98; it is 99"


def test_a_rounded_prediction_asks_for_the_exact_value_and_costs_nothing():
    # 1×3 input [1, 2, 0], kernel [0.25, 0.25]: the first output is (1 + 2)/4 = 0.75; 0.8 and 0.7 are it rounded
    s = session(input=[[1, 2, 0]], kernel=[[0.25, 0.25]], stride=1, task={"kind": "predict"})
    assert s.window.result == 0.75
    for rounded in ("0.8", "0.7", "0.76"):
        assert s.predict(rounded) is False
        assert s.result_text == ("Close: that is rounded; give it exactly (a fraction like a/b or more decimals). "
                                 "(That did not count.)")
    assert s.predict("3/4") is True and s.predictions == {0: True}


def test_predictions_accept_decimals_and_negative_numbers():
    # 1×3 input, kernel [[-0.5]], bias 0.25: outputs −0.5·v + 0.25 → 0.25, −0.25, −0.75
    s = session(input=[[0, 1, 2]], kernel=[[-0.5]], stride=1, bias=0.25, task={"kind": "predict"})
    assert s.count == 3
    assert s.predict("0.25") and s.predict("-0.25") and s.predict("-.75")
    assert s.predictions == {0: True, 1: True, 2: True}
    assert s.take_completion() == Completion(3)


def test_moving_past_pending_predictions_does_not_reveal_them():
    s = session(task={"kind": "predict", "count": 3})
    s.move(1)  # window 1: still to predict
    assert s.awaiting_prediction() and s.output_cells()[0][1] == "  ?"
    assert s.output_cells()[0][0] == "  ·"  # window 0 was not predicted either
    s.jump(-1)  # window 5 is not part of the task: shown at once
    assert not s.awaiting_prediction()
    assert shown_values(s) == {5: "315"}
    assert s.prediction_label() == ""
    assert s.dot_product_text().endswith("= 315")
    assert s.pending_prediction() == 0


def test_predictions_go_to_the_next_pending_one_even_behind():
    s = session(task={"kind": "predict", "count": 3})
    s.move(1)
    s.move(1)
    assert s.predict("135")  # window 2 first
    assert s.index == 0  # back to the first one still to predict
    assert s.predict("99")
    assert s.index == 1


def test_finishing_the_predictions_completes_once_with_the_number_right():
    s = session(task={"kind": "predict", "count": 3})
    s.predict("99")  # right
    s.predict("0")  # wrong (117)
    s.predict("1")  # wrong again: shown
    assert s.take_completion() is None
    s.predict("135")  # right; the last one
    assert s.index == 2
    assert s.take_completion() == Completion(2)
    assert s.take_completion() is None
    assert s.task_text() == "✓ Predictions done: 2 of 3 right. n for the next step, or keep exploring."
    s.jump(-1)
    s.fill()
    assert s.take_completion() is None


def test_without_a_count_every_window_is_predicted():
    s = session(task={"kind": "predict"})
    for value in GRID_OUTPUTS[:-1]:
        s.predict(str(value))
        assert s.take_completion() is None
    s.predict("315")
    assert s.take_completion() == Completion(6)


# -- find the largest / smallest --------------------------------------------------------------------
def test_find_max_wrong_then_right_scores_zero():
    s = session(task={"kind": "find_max"})
    assert s.is_find_task
    assert s.task_text() == "Step to a window with the largest output.  Press a on it."
    s.this_one()  # 99 is not the largest
    assert not s.found
    assert s.result_text == "✗ This window gives 99; some window gives a larger value. Keep looking."
    assert s.take_completion() is None
    s.jump(-1)  # 315, the largest
    s.this_one()
    assert s.found
    assert s.result_text == "✓ Yes: 315 is the largest output."
    assert s.take_completion() == Completion(0)
    assert s.task_text() == "✓ Found: a window with the largest output. n for the next step, or keep exploring."
    s.jump(0)
    s.this_one()  # nothing more to find
    assert s.find_attempts == 2 and s.found
    assert s.take_completion() is None


def test_find_min_right_first_scores_one():
    s = session(task={"kind": "find_min", "prompt": "Where is it darkest?"})
    assert s.task_text() == "Where is it darkest?  Press a on it."
    s.this_one()  # window 0: 99, the smallest
    assert s.result_text == "✓ Yes: 99 is the smallest output."
    assert s.take_completion() == Completion(1)


def test_find_min_wrong_answer_says_smaller():
    s = session(task={"kind": "find_min"})
    s.move(1)
    s.this_one()
    assert s.result_text == "✗ This window gives 117; some window gives a smaller value. Keep looking."


def test_find_max_accepts_any_window_sharing_the_largest_value():
    # the line detector's first row is 0 0 3 3 0 0: windows 2 and 3 both give 3
    s = session(input=LINE, kernel=DETECTOR, stride=1, task={"kind": "find_max"})
    s.move(1)
    s.move(1)
    s.move(1)
    s.this_one()
    assert s.found and s.take_completion() == Completion(1)


def test_moving_and_filling_do_not_finish_a_find_task():
    s = session(task={"kind": "find_max"})
    s.fill()
    s.jump(0)
    assert s.take_completion() is None and not s.found


def test_this_one_does_nothing_without_a_find_task():
    for task in (None, {"kind": "predict"}):
        s = session(task=task)
        assert not s.is_find_task
        s.this_one()
        assert s.find_attempts == 0 and s.result_text == "" and s.take_completion() is None


# -- clicks --------------------------------------------------------------------------------------
def test_clicking_an_output_cell_goes_to_its_window():
    s = session()
    s.click_output(1, 1)
    assert s.index == 4 and s.window.top_left == (2, 2)
    assert shown_values(s) == {0: "99", 4: "297"}
    with pytest.raises(IndexError):
        s.click_output(2, 0)


def _readers_by_hand(cell: int, size: int, kernel: int, stride: int) -> list[int]:
    """Output indices along one axis whose window [o·s, o·s + k) covers a padded index."""
    outputs = (size - kernel) // stride + 1
    return [o for o in range(outputs) if o * stride <= cell < o * stride + kernel]


def test_clicking_an_input_cell_goes_to_the_first_window_that_reads_it():
    # 8×8 input, 3×3 kernel, padding 1, stride 2: padded 10×10, (10 − 3) // 2 + 1 = 4 windows per axis
    # starting at 0, 2, 4, 6; the last padded row and column (9) is read by no window.
    s = session(input=LINE, kernel=DETECTOR, padding=1, stride=2)
    assert s.count == 16
    assert _readers_by_hand(4, 10, 3, 2) == [1, 2]
    assert s.click_input(4, 4) == 4  # rows 1, 2 × cols 1, 2
    assert s.index == 1 * 4 + 1
    assert s.click_input(0, 0) == 1  # the padding corner: window (0, 0) only
    assert s.index == 0
    assert s.click_input(3, 8) == len(_readers_by_hand(3, 10, 3, 2)) * len(_readers_by_hand(8, 10, 3, 2)) == 1
    assert s.index == 1 * 4 + 3


def test_clicking_a_padding_cell_no_window_reads_changes_nothing():
    s = session(input=LINE, kernel=DETECTOR, padding=1, stride=2)
    s.move(1)
    assert _readers_by_hand(9, 10, 3, 2) == []
    assert s.click_input(9, 9) == 0
    assert s.click_input(9, 0) == 0
    assert s.click_input(0, 9) == 0
    assert s.index == 1 and s.filled == {0, 1}


def test_clicking_an_input_cell_past_the_last_window_changes_nothing():
    # 8×8 valid, 3×3, stride 3: windows start at 0 and 3 and end at 5; input rows/cols 6, 7 are never read
    s = session(input=LINE, kernel=DETECTOR, stride=3)
    assert s.click_input(7, 2) == 0 and s.click_input(6, 6) == 0
    assert s.index == 0


# -- resuming ------------------------------------------------------------------------------------
def test_resuming_at_a_position_shows_everything_up_to_it():
    s = session(position=4)
    assert s.index == 4 and s.window.top_left == (2, 2)
    assert shown_values(s) == {i: str(v) for i, v in enumerate(GRID_OUTPUTS[:5])}
    assert s.take_completion() is None
    s.move(1)  # the last window: done now
    assert s.take_completion() == Completion(None)


@pytest.mark.parametrize(("position", "index"), [(-3, 0), (0, 0), (5, 5), (99, 5)])
def test_a_saved_position_is_clamped(position, index):
    assert session(position=position).index == index


def test_resuming_a_done_sweep_shows_everything_and_never_completes_again():
    s = session(position=2, done=True)
    assert s.index == 2
    assert s.output_cells() == [["99", "117", "135"], ["279", "297", "315"]]
    s.jump(-1)
    s.fill()
    assert s.take_completion() is None


def test_resuming_a_done_predict_step_asks_nothing():
    s = session(done=True, task={"kind": "predict", "count": 3})
    assert not s.awaiting_prediction() and s.pending_prediction() is None
    assert s.output_cells()[0][0] == "99"
    assert "= 99" in s.dot_product_text()
    assert s.task_text().startswith("✓ Predictions done:")
    assert s.take_completion() is None


def test_resuming_a_done_find_step_is_found():
    s = session(done=True, task={"kind": "find_min"})
    assert s.found
    s.this_one()
    assert s.find_attempts == 0 and s.take_completion() is None
    assert s.task_text().startswith("✓ Found: a window with the smallest output.")


# -- completion without a task ------------------------------------------------------------------------
def test_reaching_the_last_window_completes_once_without_a_score():
    s = session()
    s.move(1)
    assert s.take_completion() is None
    s.jump(-1)
    assert s.take_completion() == Completion(None)
    assert s.take_completion() is None
    s.jump(0)
    s.fill()
    assert s.take_completion() is None


def test_visiting_every_window_completes_even_if_the_last_is_left():
    s = session()
    s.fill()
    assert s.take_completion() == Completion(None)


# -- texts ---------------------------------------------------------------------------------------------
def test_task_line_without_a_task_counts_the_outputs_to_go():
    keys = "→ ← ↑ ↓ move · space play · enter fill the rest"  # the view passes the keys it binds
    s = session()
    assert s.task_text(keys) == f"{keys} · 5 outputs to go"
    for _ in range(4):
        s.move(1)
    assert s.task_text(keys) == f"{keys} · 1 output to go"
    s.move(1)
    assert s.task_text(keys) == f"{keys} · all filled: n for the next step"


def test_settings_line_for_same_padding_with_the_odd_pixel():
    # Keras 'same', 8 input, 3 kernel, stride 2: out = ⌈8/2⌉ = 4, total = max((4 − 1)·2 + 3 − 8, 0) = 1,
    # split 0 before and 1 after: the odd pixel goes to the bottom/right.
    s = session(input=LINE, kernel=DETECTOR, padding="same", stride=2)
    assert s.settings_text() == (
        "input 8×8 · kernel 3×3 · stride 2 · padding 'same': top 0, bottom 1, left 0, right 1"
        " (Keras: the odd pixel goes bottom/right)"
    )
    assert s.input_title() == "Input 8×8, padded to 9×9"
    assert s.count == 16


def test_settings_line_for_even_same_padding_has_no_odd_pixel_note():
    # stride 1, kernel 3: total padding 2 → 1 per side
    s = session(input=LINE, kernel=DETECTOR, padding="same", stride=1)
    assert s.settings_text() == "input 8×8 · kernel 3×3 · stride 1 · padding 'same' = 1 per side"


def test_settings_line_for_valid_explicit_and_uneven_settings():
    assert session().settings_text() == "input 5×7 · kernel 3×3 · stride 2 · padding 'valid' = 0 per side"
    s = session(input=LINE, kernel=DETECTOR, stride=[2, 1], dilation=[1, 2], padding=[[1, 2], [0, 3]])
    assert s.settings_text() == (
        "input 8×8 · kernel 3×3 · stride 2×1 · dilation 1×2 · padding explicit: top 1, bottom 2, left 0, right 3"
    )
    s = session(input=LINE, kernel=DETECTOR, padding=2, padding_mode="reflect", stride=1)
    assert s.settings_text() == "input 8×8 · kernel 3×3 · stride 1 · padding explicit = 2 per side · filled by reflect"


def test_titles():
    assert session().input_title() == "Input 5×7"
    assert session().kernel_title() == "Kernel 3×3"
    assert session(kernel=[[1, 2]], bias=-1.5).kernel_title() == "Kernel 1×2, bias -1.5"
    assert session(input=LINE, kernel=DETECTOR, padding=1).input_title() == "Input 8×8, padded to 10×10"


def test_formula_text_names_the_rows_and_columns_never_read():
    # 8 input, 3 kernel, stride 3, valid: o = ⌊(8 − 3)/3⌋ + 1 = 2; windows cover 0–2 and 3–5; 6 and 7
    # are never read because 8 − 3 = 5 leaves 5 mod 3 = 2 cells after the last window.
    s = session(input=LINE, kernel=DETECTOR, stride=3)
    assert s.formula_text().splitlines() == [
        "rows and cols: o = ⌊(i + 2p − k) / s⌋ + 1 = ⌊(8 + 2·0 − 3) / 3⌋ + 1 = 2",
        "input rows 6, 7 are never read: (8 + 0 + 0 − 3) = 5 is not a multiple of the stride 3, "
        "so the last 2 rows of the padded input fit no window",
        "input columns 6, 7 are never read: (8 + 0 + 0 − 3) = 5 is not a multiple of the stride 3, "
        "so the last 2 columns of the padded input fit no window",
    ]


def test_formula_text_with_different_rows_and_columns():
    # rows: 8 input, o = ⌊(8 − 3)/3⌋ + 1 = 2, rows 6, 7 unread;
    # cols: 7 input, o = ⌊(7 − 3)/3⌋ + 1 = 2, windows cover 0–5, column 6 unread (4 mod 3 = 1 left over)
    s = session(input={"generator": "zeros", "size": [8, 7]}, kernel=DETECTOR, stride=3)
    lines = s.formula_text().splitlines()
    assert lines[0] == "rows: o = ⌊(i + 2p − k) / s⌋ + 1 = ⌊(8 + 2·0 − 3) / 3⌋ + 1 = 2"
    assert lines[1] == "cols: o = ⌊(i + 2p − k) / s⌋ + 1 = ⌊(7 + 2·0 − 3) / 3⌋ + 1 = 2"
    assert lines[2].startswith("input rows 6, 7 are never read:")
    assert lines[3] == (
        "input column 6 is never read: (7 + 0 + 0 − 3) = 4 is not a multiple of the stride 3, "
        "so the last column of the padded input fits no window"
    )
    assert len(lines) == 4


def test_formula_text_when_every_row_is_read():
    assert session(input=LINE, kernel=DETECTOR, stride=1).formula_text() == (
        "rows and cols: o = ⌊(i + 2p − k) / s⌋ + 1 = ⌊(8 + 2·0 − 3) / 1⌋ + 1 = 6"
    )


def test_dot_product_notes_taps_on_padding():
    # padding 1: window (0, 0) of a 3×3 kernel reads the top padding row (3) and left column (3),
    # sharing the corner: 5 padding taps. Window (0, 1) reads only the top row: 3.
    s = session(input=LINE, kernel=DETECTOR, padding=1, stride=1)
    assert s.dot_product_text().splitlines()[0] == "Window 1 of 64 → output (0, 0), pixel·weight:  (5 taps on padding, in [ ])"
    s.move(1)
    assert s.dot_product_text().splitlines()[0] == "Window 2 of 64 → output (0, 1), pixel·weight:  (3 taps on padding, in [ ])"
    # a 1×2 kernel on a 2×3 input padded by one column on the right: window (0, 2) reads column 3
    s = session(input=[[1, 2, 3], [4, 5, 6]], kernel=[[1, 1]], stride=1, padding=[[0, 0], [0, 1]])
    s.move(2)
    # the pixel read from the padding is marked in the sum itself
    assert s.dot_product_text() == "Window 3 of 6 → output (0, 2), pixel·weight:  (1 tap on padding, in [ ])\n3·1 + [0]·1 = 3"


def test_hiding_zero_weight_terms():
    # the article's window 3 of the line detector: only the middle column of the kernel is 1
    s = session(input=LINE, kernel=DETECTOR, stride=1)
    s.move(2)
    assert s.dot_product_text().endswith("\n0·0 + 1·1 + 1·0 + 0·0 + 1·1 + 1·0 + 0·0 + 1·1 + 1·0 = 3")
    s.toggle_zero_weights()
    assert s.dot_product_text().endswith("\n1·1 + 1·1 + 1·1 = 3")
    s.toggle_zero_weights()
    assert s.dot_product_text().endswith("1·0 = 3")


# -- bugs found when the session was first tested on its own ---------------------------------------------
def test_a_prediction_on_a_window_not_awaiting_one_does_not_count():
    s = session(task={"kind": "predict", "count": 2})
    s.jump(-1)  # window 5: not part of the task, its value is shown
    assert not s.awaiting_prediction()
    assert s.predict("315") is False  # not counted: nothing to predict here
    assert s.predictions == {}
    s.jump(0)
    s.predict("99")  # window 0; window 1 is still to predict
    assert s.awaiting_prediction(1)
    assert s.take_completion() is None
    assert s.predictions == {0: True}


def test_typing_the_value_as_shown_is_a_right_prediction():
    # one lit pixel under a 3×3 box blur (every weight 1/9): the only output is 1/9
    s = session(input=[[1, 0, 0], [0, 0, 0], [0, 0, 0]], kernel={"preset": "box_blur", "size": 3}, stride=1,
                task={"kind": "predict"})
    assert s.count == 1
    s.fill()
    assert s.awaiting_prediction()
    s.predict("0.111")
    assert s.predictions == {0: True}, s.result_text


# -- a property: whatever the learner does, the view stays consistent -----------------------------------
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("move"), st.integers(-3, 3)),
        st.tuples(st.just("move_rows"), st.integers(-2, 2)),
        st.tuples(st.just("jump"), st.sampled_from([0, -1])),
        st.tuples(st.just("fill"), st.just(0)),
        st.tuples(st.just("tick"), st.just(0)),
        st.tuples(st.just("play"), st.just(0)),
        st.tuples(st.just("click_output"), st.integers(0, 5)),
        st.tuples(st.just("click_input"), st.integers(0, 34)),
        st.tuples(st.just("predict"), st.integers(0, 6)),
        st.tuples(st.just("this_one"), st.just(0)),
    ),
    max_size=25,
)
TASKS = st.sampled_from([None, {"kind": "predict", "count": 3}, {"kind": "predict"}, {"kind": "find_max"}, {"kind": "find_min"}])


@settings(max_examples=150, deadline=None)
@given(task=TASKS, actions=ACTIONS, position=st.integers(-1, 7))
def test_any_sequence_of_actions_keeps_the_view_consistent(task, actions, position):
    s = session(task=task, position=position)
    completions = []
    for name, arg in actions:
        if name == "move":
            s.move(arg)
        elif name == "move_rows":
            s.move_rows(arg)
        elif name == "jump":
            s.jump(arg)
        elif name == "fill":
            s.fill()
        elif name == "tick":
            s.tick()
        elif name == "play":
            s.start_playing()
        elif name == "click_output":
            s.click_output(*divmod(arg, 3))
        elif name == "click_input":
            s.click_input(*divmod(arg, 7))
        elif name == "predict":
            if s.awaiting_prediction():  # as the app does: the box is only there when asked
                s.predict(str(GRID_OUTPUTS[s.index]) if arg % 2 else "-1")
        else:
            s.this_one()
        completion = s.take_completion()
        if completion is not None:
            completions.append(completion)
        assert 0 <= s.index < 6
        shown = shown_values(s)
        # a value is shown exactly for the windows filled in and not waiting for a prediction,
        # and it is the right value
        assert shown == {i: str(GRID_OUTPUTS[i]) for i in s.filled if not s.awaiting_prediction(i)}
        assert (s.output_cells()[s.index // 3][s.index % 3].strip() == "?") == s.awaiting_prediction()
        assert s.dot_product_text().endswith(" = ?") == s.awaiting_prediction()
    assert len(completions) <= 1
    acted = any(name not in ("this_one", "predict") for name, _ in actions)
    if task is None and acted and s.count - 1 in s.filled:
        assert completions == [Completion(None)]
    if completions:
        (completion,) = completions
        if task is None:
            assert completion.score is None
        elif task["kind"] == "predict":
            assert completion.score == sum(s.predictions.values())
            assert s.pending_prediction() is None
        else:
            assert s.found and completion.score in (0, 1)


def test_a_finished_predict_task_resumes_with_its_saved_score():
    s = session(task={"kind": "predict", "count": 3}, done=True, score=1)
    assert s.predictions == {0: True, 1: False, 2: False}
    assert "1 of 3 right" in s.task_text()


def test_saved_predictions_resume_and_stay_the_records():
    record: dict[int, bool] = {0: True, 1: False, 9: True}  # 9: the lesson has fewer windows now
    s = session(task={"kind": "predict", "count": 3}, predictions=record)
    assert record == {0: True, 1: False} and s.predictions is record
    assert s.awaiting_prediction(2) and not s.awaiting_prediction(1)
    assert "(2 of 3 done, 1 right)" in s.task_text()
