"""The transposed-convolution sweep: both views (scatter and direct) give conv_transpose2d's
numbers on grids of settings (Keras 'valid'/'same', PyTorch padding and output_padding), and the
session moves, toggles and completes as a learner expects."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from convtutor.core.transposed import conv_transpose2d
from convtutor.core.transposed_sweep import INPUT, INSERTED, PADDING, TransposedSweep
from convtutor.learning.transposed_session import TransposedSession


@st.composite
def cases(draw):
    h, w = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    image = [[float(draw(st.integers(-9, 9))) for _ in range(w)] for _ in range(h)]
    kernel = [[float(draw(st.integers(-3, 3))) for _ in range(kw)] for _ in range(kh)]
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    dilation = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    form = draw(st.sampled_from(["valid", "same", "int", "pair"]))
    if form in ("valid", "same"):
        padding: object = form
        dilation = (1, 1) if draw(st.booleans()) else dilation
        limits = stride
    else:
        pads = (draw(st.integers(0, 4)), draw(st.integers(0, 4)))
        padding = pads[0] if form == "int" else pads
        limits = (max(stride[0], dilation[0]), max(stride[1], dilation[1]))
    output_padding = draw(st.none() | st.tuples(st.integers(0, limits[0] - 1), st.integers(0, limits[1] - 1)))
    bias = float(draw(st.integers(-2, 2)))
    return {"image": image, "kernel": kernel, "bias": bias, "stride": stride, "padding": padding,
            "output_padding": output_padding, "dilation": dilation}


def build(case):
    try:
        return TransposedSweep(
            case["image"], case["kernel"], case["bias"], stride=case["stride"], padding=case["padding"],
            output_padding=case["output_padding"], dilation=case["dilation"],
        )
    except ValueError:
        return None


@settings(max_examples=300, deadline=None)
@given(cases())
# output_padding above PyTorch's padding on a one-pixel axis: the direct view crops the whole
# stuffed grid and reads only padding (found with 3,000 examples).
@example({"image": [[0.0]], "kernel": [[0.0], [0.0], [0.0]], "bias": 0.0, "stride": (1, 3), "padding": 1,
          "output_padding": (0, 2), "dilation": (1, 1)})
def test_scatter_and_direct_give_conv_transpose2d(case):
    sweep = build(case)
    try:
        expected = conv_transpose2d(
            np.array(case["image"]), np.array(case["kernel"]), case["bias"], stride=case["stride"],
            padding=case["padding"], output_padding=case["output_padding"], dilation=case["dilation"],
        )
    except ValueError:
        assert sweep is None  # the sweep refuses exactly what the core refuses
        return
    assert sweep is not None
    assert np.allclose(np.array(sweep.output), expected)
    # The direct view: an ordinary stride-1 sweep over the stuffed, padded input.
    direct = sweep.direct()
    assert direct.shape == sweep.shape
    assert np.allclose(np.array(direct.output), expected)
    # Every output cell is its contributions summed, plus the bias; every contribution is one
    # landing of one input pixel's scaled copy.
    landed: dict[tuple[int, int], list[float]] = {}
    for index in range(sweep.pixels):
        for landing in sweep.scatter(index).kept:
            landed.setdefault(landing.out, []).append(landing.product)
    for r in range(sweep.shape[0]):
        for c in range(sweep.shape[1]):
            products = [x.product for x in sweep.contributions(r, c)]
            assert sorted(products) == sorted(landed.get((r, c), []))
            assert sum(products) + case["bias"] == pytest.approx(expected[r, c])
            assert sweep.partial(r, c, sweep.pixels - 1) == (None if not products else pytest.approx(expected[r, c]))
            # The direct window's taps on input pixels are exactly the contributions' pixels.
            window = direct.window_at(r, c)
            sources = sorted(sweep.direct_cell(*cell)[1] for cell in window.cells() if sweep.direct_cell(*cell)[0] == INPUT)
            assert sources == sorted(x.source for x in sweep.contributions(r, c))


def test_the_brief_example_written_out():
    sweep = TransposedSweep([[1, 2], [3, 4]], [[1, 1], [1, 1]], stride=1, padding="valid")
    assert sweep.shape == (3, 3)
    assert sweep.expression(1, 1) == "o[1,1] = 1·1 + 2·1 + 3·1 + 4·1 = 10"
    assert sweep.expression(1, 1, mark=(0, 1)) == "o[1,1] = 1·1 + [2·1] + 3·1 + 4·1 = 10"
    copy = sweep.scatter(3)  # pixel (1, 1) = 4
    assert (copy.row, copy.col, copy.value) == (1, 1, 4)
    assert copy.out_cells() == [(1, 1), (1, 2), (2, 1), (2, 2)]


def test_stride_two_copies_do_not_overlap_and_the_direct_grid_marks_zeros():
    sweep = TransposedSweep([[1, 2], [3, 4]], [[1, 2], [3, 4]], stride=2, padding="valid")
    assert sweep.output == ((1, 2, 2, 4), (3, 4, 6, 8), (3, 6, 4, 8), (9, 12, 12, 16))
    assert sweep.direct_padding() == ((1, 1), (1, 1))
    kinds = [[sweep.direct_cell(r, c)[0] for c in range(5)] for r in range(5)]
    assert kinds[0] == [PADDING] * 5
    assert kinds[1] == [PADDING, INPUT, INSERTED, INPUT, PADDING]
    assert kinds[2][1:4] == [INSERTED] * 3
    assert sweep.why_same(0, 0) == (
        "Same as the scatter: the window meets input pixel (0,0), each under the weight its copy put on o[0,0]; "
        "its other 3 taps read zeros."
    )


def test_keras_valid_with_a_kernel_smaller_than_the_stride_adds_bias_only_cells():
    # Keras 'valid' with k=1, s=3 on 1×2 pixels: (i − 1)·3 + max(1, 3): 3×6 (PyTorch would give 1×4).
    sweep = TransposedSweep([[5, 7]], [[2]], 1, stride=3, padding="valid")
    assert sweep.shape == (3, 6)
    assert sweep.output[0] == (11, 1, 1, 15, 1, 1)
    assert sweep.contributions(0, 5) == ()
    assert sweep.expression(0, 5) == "o[0,5] = 0 (no copy lands here) + 1 = 1"
    assert sweep.output[1] == (1,) * 6
    assert sweep.canvas_shape() == (3, 6)


def test_pytorch_padding_crops_and_output_padding_adds():
    sweep = TransposedSweep([[1, 2], [3, 4]], [[1, 1, 1]] * 3, stride=2, padding=1, output_padding=1)
    assert sweep.shape == (4, 4)
    assert sweep.canvas_shape() == (5, 5)  # the full result: 1 cropped before, 1 − 1 = 0 after
    added = TransposedSweep([[1, 2], [3, 4]], [[1, 1]] * 2, stride=2, padding=0, output_padding=1)
    assert added.canvas_shape() == (5, 5) and added.shape == (5, 5)  # output_padding adds past the full 4×4
    assert added.contributions(4, 4) == ()
    assert sweep.to_output(0, 0) is None and sweep.to_output(1, 1) == (0, 0)
    copy = sweep.scatter(0)
    assert copy.cropped == 5  # its top row and left column land in the crop
    # Padding above k̂ − 1 crops the stuffed grid in the direct view.
    wide = TransposedSweep([[1, 2, 3]] * 3, [[1, 2]] * 2, stride=2, padding=2)
    assert wide.direct_padding()[0][0] == -1
    assert np.allclose(wide.direct().output, wide.output)
    assert TransposedSession(wide, view="direct").input_title() == "Stuffed 5×5, cropped and padded to 3×3"
    # A one-pixel axis whose output_padding outgrows the crop: nothing of the stuffed grid is left.
    bare = TransposedSweep([[5]], [[2]], 1, stride=(1, 3), padding=(0, 1), output_padding=(0, 2))
    assert bare.shape == (1, 1) and bare.output == ((1,),) and bare.stuffed_region() is None
    assert bare.direct_cell(0, 0) == (PADDING, None) and bare.direct().output == ((1,),)


# -- the session ------------------------------------------------------------------------------------


def example_session(**settings):
    return TransposedSession.from_settings([[1, 2], [3, 4]], [[1, 1], [1, 1]], stride=1, **settings)


def test_scatter_builds_the_sums_pixel_by_pixel():
    session = example_session()
    assert (session.view, session.pixel, session.focus) == ("scatter", 0, (1, 1))
    assert session.output_cells() == [[" 1", " 1", " ·"], [" 1", " 1", " ·"], [" ·", " ·", " ·"]]
    assert session.head_text() == "Pixel 1 of 4: input (0,0) = 1 adds 1 × kernel at output rows 0–1, cols 0–1"
    assert session.sum_text() == "o[1,1] = [1·1] + 2·1 + 3·1 + 4·1 = 10   (so far 1)"
    session.move(1)
    assert session.output_cells()[0] == [" 1", " 3", " 2"]
    assert session.focus == (1, 2)
    session.move_rows(1)
    assert session.pixel == 3 and session.completed
    assert session.take_completion() is not None and session.take_completion() is None
    assert session.sum_text() == "o[2,2] = [4·1] = 4"
    assert session.output_cells()[1] == [" 4", "10", " 6"]


def test_toggle_keeps_the_output_cell_and_both_views_agree():
    session = example_session()
    session.click_output(1, 1)
    session.toggle_view()
    assert (session.view, session.window, session.focus) == ("direct", 4, (1, 1))
    assert session.sum_text() == "o[1,1] = 1·1 + 2·1 + 3·1 + 4·1 = 10   (0 taps on zeros left out)"
    assert session.input_title() == "Stuffed 2×2, padded to 4×4"
    assert session.kernel_title() == "Flipped 2×2"
    assert "Same as the scatter" in session.why_text()
    assert session.lines_under_grids().splitlines() == [
        "Window 5 of 9: o[1,1] = 1·1 + 2·1 + 3·1 + 4·1 = 10   (0 taps on zeros left out)", session.why_text(),
    ]
    # o[0,0] is pixel (0,0)'s alone, finished by the scatter: filled in; o[0,1] waits for pixel (0,1).
    assert session.output_cells()[1][1] == "10" and session.output_cells()[0][:2] == [" 1", " ·"]
    session.toggle_view()
    assert session.view == "scatter" and session.focus == (1, 1) and session.pixel == 3  # the last pixel adding into it


def test_toggling_to_direct_keeps_the_outputs_the_scatter_finished():
    # The walkthrough's lesson 10 step 2: four pixels, a 3×3 kernel of ones, stride 2, 'valid'.
    session = TransposedSession.from_settings([[1, 2], [3, 4]], [[1] * 3] * 3, stride=2)
    session.toggle_view()  # at the start: pixel (0,0) alone has finished the 2×2 corner only it reaches
    assert session.head_text() == "Window 13 of 25 → o[2,2]"  # the window of the cell in focus
    assert session.filled == {0, 1, 5, 6, 12} and not session.completed
    assert session.task_text("keys") == "keys · 5 of 25 filled in"
    assert [row[:3] for row in session.output_cells()[:3]] == [[" 1", " 1", " ·"], [" 1", " 1", " ·"], [" ·", " ·", "10"]]
    for index in session.filled:  # what the direct view shows is the scatter's number
        assert session.output_value(*divmod(index, 5)) == session.sweep.output[index // 5][index % 5]

    walked = TransposedSession.from_settings([[1, 2], [3, 4]], [[1] * 3] * 3, stride=2)
    walked.jump(-1)  # every pixel scattered: the direct view is all filled in, and says so
    walked.take_completion()
    walked.toggle_view()
    assert walked.head_text() == "Window 25 of 25 → o[4,4]" and walked.filled == set(range(25))
    assert "·" not in "".join(cell for row in walked.output_cells() for cell in row)
    assert walked.task_text("keys").endswith("all done: n for the next step")


def test_a_toggle_onto_the_last_window_is_no_finish():
    session = example_session()
    session.click_output(2, 2)  # the last output cell, only pixel (1,1) reaches it
    session.toggle_view()
    assert (session.window, session.filled) == (8, {0, 8}) and not session.completed  # o[0,0]: pixel (0,0)'s alone
    session.move(1)  # stepping onto the last window finishes, as in the scatter
    assert session.completed


def test_position_saves_the_view_and_resumes_it():
    session = example_session(view="direct")
    session.move(5)
    assert session.window == 5
    again = TransposedSession(session.sweep, position=session.position)
    assert (again.view, again.window) == ("direct", 5)
    assert TransposedSession(session.sweep, position=0).view == "scatter"


def test_fill_completes_and_stride_two_direct_text_leaves_out_zeros():
    session = TransposedSession.from_settings([[1, 2], [3, 4]], [[1, 2], [3, 4]], stride=2, padding="valid", view="direct")
    assert session.input_title() == "Stuffed 3×3, padded to 5×5"
    assert session.sum_text() == "o[0,0] = 1·1 = 1   (3 taps on zeros left out)"
    session.fill()
    assert session.completed and session.take_completion() is not None
    assert session.task_text("keys").endswith("all done: n for the next step")
    assert "direct view pads 1 on each side (k − 1)" in session.settings_text()
    assert session.formula_text().startswith("rows and cols: o = (i − 1)·s + max(k, s)")


def test_the_direct_padding_is_told_in_the_lessons_symbols():
    def texts(**settings):
        session = TransposedSession.from_settings([[1, 2], [3, 4]], [[1] * 3] * 3, **settings)
        return session.settings_text().split(" · ")[-1], session.why_text()

    setting, why = texts(stride=2, padding=1, output_padding=1)  # lesson 10's PyTorch step
    assert setting == "direct view pads top/left 1 (k − 1 − p), bottom/right 2 (+ output_padding)"
    assert "s − 1 zeros between the pixels, k − 1 − p padding (bottom/right + output_padding), the kernel flipped." in why
    assert texts(stride=2)[0] == "direct view pads 2 on each side (k − 1)"  # Keras 'valid', nothing cropped
    assert texts(stride=2, padding="same")[0] == (
        "direct view pads top/left 2, bottom/right 1 (k − 1 − c; c: what 'same' crops from that side)")
    assert texts(stride=4)[0] == "direct view pads top/left 2 (k − 1), bottom/right 3 (+ s − k)"  # kernel shorter than the stride
    for text in texts(stride=2, padding=0, dilation=2):  # k̂ only when dilated, and always defined beside it
        assert "k̂ − 1" in text and "k̂ = d·(k − 1) + 1 = 5, the dilated kernel's span" in text
    for text in texts(stride=2, padding=1, output_padding=1) + texts(stride=2, padding="same"):
        assert "k̂" not in text


def test_a_pixel_whose_copy_is_all_cropped_says_so():
    session = TransposedSession.from_settings([[1, 2, 3]] * 3, [[1, 1]] * 2, stride=2, padding=2)
    assert session.head_text().endswith("4 of 4 products land in the crop (all of it)")


def test_the_direct_shape_is_worked_out_without_building_it():
    for padding, output_padding in (("valid", None), ("same", None), (1, 1), (2, 0), ((0, 2), (1, 0))):
        sweep = TransposedSweep([[1, 2, 3], [4, 5, 6]], [[1, 2], [3, 4], [5, 6]], stride=2, padding=padding, output_padding=output_padding)
        direct = sweep.direct()
        assert sweep.direct_shape() == (direct.rows.padded, direct.cols.padded)


# -- the step's checks of meaning, reported at the field -----------------------------------------------
HEADER = "format_version: 1\nid: checks\ntitle: Checks\nsummary: s\nsteps:\n"


def problems_of(tmp_path, steps: str) -> list[tuple[str, str]]:
    from convtutor.lessons.loader import validate_paths

    path = tmp_path / "checks.yaml"
    path.write_text(HEADER + steps, encoding="utf-8")
    problems, _ = validate_paths([path])
    return [(p.field, p.message) for p in problems]


def test_transposed_step_checks_name_the_field(tmp_path):
    found = problems_of(tmp_path, """\
  - {id: a, kind: transposed_sweep, input: [[1, 2]], kernel: [[1, 1]], stride: 2, output_padding: 2}
  - {id: b, kind: transposed_sweep, input: [[1, 2]], kernel: [[1, 1]], stride: 1, padding: 3, output_padding: 0}
  - {id: c, kind: transposed_sweep, input: {generator: numbered, size: 30}, kernel: ones, stride: 3}
  - {id: d, kind: transposed_sweep, input: [[1, 2]], kernel: [[1, 1]], padding: full}
  - {id: e, kind: transposed_sweep, input: [[1, 2]], kernel: [[1, 1]], stride: 2, padding: 0, output_padding: 1, view: direct}
""")
    by_field = dict(found)
    assert sorted(by_field) == ["steps[0].output_padding", "steps[1].padding", "steps[2].input", "steps[3].padding"], found
    assert "below the stride" in by_field["steps[0].output_padding"]
    assert "no output" in by_field["steps[1].padding"]
    assert "at most 80" in by_field["steps[2].input"]
    assert "'full' is not allowed" in by_field["steps[3].padding"]  # the schema: a transposed convolution has no 'full'
    # (steps[4], PyTorch's output_padding 1 with stride 2, is fine.)


def test_why_same_when_no_copy_lands():
    sweep = TransposedSweep([[5]], [[2]], 1, stride=(1, 3), padding="valid")  # Keras: 1×3, two bias-only cells
    assert sweep.why_same(0, 2) == "Same as the scatter: no copy lands on o[0,2], and every tap of its window reads a zero."
    assert sweep.why_same(0, 0) == "Same as the scatter: the window meets input pixel (0,0), each under the weight its copy put on o[0,0]."
