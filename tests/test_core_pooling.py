"""max_pool2d and avg_pool2d against the slow reference: Keras' 'valid'/'same' and PyTorch's
padding, ceil_mode, dilation and count_include_pad; their arithmetic, formulas and refusals."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from convtutor.core import avg_pool2d, max_pool2d, plan_pool, pool_output_length
from convtutor.core.arithmetic import plan_pool_axis
from reference_pool import axis_rule, expected_valid, reference_pool2d


def per_axis(value, axis):
    return value[axis] if isinstance(value, tuple) else value


@st.composite
def cases(draw, kind):
    n, h, w, c = draw(st.integers(1, 2)), draw(st.integers(1, 7)), draw(st.integers(1, 7)), draw(st.integers(1, 2))
    x = draw(arrays(np.int64, (n, h, w, c), elements=st.integers(-9, 9))).astype(float)
    pool = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    strides = draw(st.none() | st.tuples(st.integers(1, 3), st.integers(1, 3)))
    # What the frameworks refuse (PyTorch's options with Keras' names, padding over half the pool
    # size) is tried now and then, not half the time.
    now_and_then = st.sampled_from([False] * 5 + [True])
    form = draw(st.sampled_from(["valid", "same", "int", "int", "pair", "pair"]))
    over = int(draw(now_and_then))
    rows_pad, cols_pad = (draw(st.integers(0, pool[axis] // 2 + over)) for axis in (0, 1))
    padding = {"int": min(rows_pad, cols_pad), "pair": (rows_pad, cols_pad)}.get(form, form)
    keras = isinstance(padding, str)
    ceil_mode = draw(now_and_then) if keras else draw(st.booleans())
    dilated = kind == "max" and (draw(now_and_then) if keras else draw(st.booleans()))
    dilation = (draw(st.integers(1, 3)), draw(st.integers(1, 3))) if dilated else (1, 1)
    return {
        "x": x, "pool": pool, "strides": strides, "dilation": dilation,
        "padding": padding, "ceil_mode": ceil_mode, "count_include_pad": draw(st.booleans()),
    }


def axis_settings(case, axis):
    stride = case["pool"][axis] if case["strides"] is None else case["strides"][axis]
    return (
        case["x"].shape[1 + axis], case["pool"][axis], stride, case["dilation"][axis],
        per_axis(case["padding"], axis), case["ceil_mode"],
    )


def run(case, kind):
    common = {"strides": case["strides"], "padding": case["padding"], "ceil_mode": case["ceil_mode"]}
    if kind == "max":
        return max_pool2d(case["x"], case["pool"], dilation=case["dilation"], **common)
    return avg_pool2d(case["x"], case["pool"], count_include_pad=case["count_include_pad"], **common)


@pytest.mark.parametrize("kind", ["max", "avg"])
@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_pooling_matches_reference(kind, data):
    case = data.draw(cases(kind))
    if not all(expected_valid(*axis_settings(case, axis)) for axis in (0, 1)):
        event("refused")
        with pytest.raises(ValueError):
            run(case, kind)
        return
    event(f"padding {type(case['padding']).__name__}" + (", ceil_mode" if case["ceil_mode"] else ""))
    got = run(case, kind)
    rows, cols = (axis_rule(*axis_settings(case, axis)) for axis in (0, 1))
    stride = tuple(axis_settings(case, axis)[2] for axis in (0, 1))
    count = case["count_include_pad"] and not isinstance(case["padding"], str)
    want = reference_pool2d(case["x"], kind, case["pool"], stride, case["dilation"], rows, cols, count)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=0)
    for axis in (0, 1):
        i, k, s, d, p, ceil = axis_settings(case, axis)
        assert pool_output_length(i, k, stride=s, padding=p, ceil_mode=ceil, dilation=d) == got.shape[1 + axis]


def test_keras_same_average_leaves_the_padding_out_and_pytorch_counts_it():
    x = np.ones((3, 3))
    keras = avg_pool2d(x, 2, strides=1, padding="same")  # pads one row/col at the bottom/right
    assert keras.tolist() == [[1.0] * 3] * 3
    torch_default = avg_pool2d(x, 3, strides=1, padding=1)
    assert torch_default[0, 0] == pytest.approx(4 / 9) and torch_default[1, 1] == 1.0
    assert avg_pool2d(x, 3, strides=1, padding=1, count_include_pad=False).tolist() == [[1.0] * 3] * 3
    assert avg_pool2d(x, 3, strides=1, padding="same", count_include_pad=True).tolist() == [[1.0] * 3] * 3  # ignored


def test_max_never_takes_the_padding():
    x = -np.arange(1.0, 10.0).reshape(3, 3)
    assert max_pool2d(x, 2, strides=1, padding="same").tolist() == [[-1, -2, -3], [-4, -5, -6], [-7, -8, -9]]
    assert max_pool2d(x, 3, strides=1, padding=1)[0, 0] == -1.0
    # A dilated window whose taps all fall in the padding: PyTorch gives −inf.
    assert max_pool2d(np.array([[5.0, 6.0]]), (1, 2), strides=1, padding=(0, 1), dilation=(1, 3)).tolist() == [[-math.inf]]


def test_ceil_mode_keeps_a_window_starting_inside_and_drops_one_starting_in_the_padding():
    assert pool_output_length(5, 2, stride=2, padding=0) == 2
    assert pool_output_length(5, 2, stride=2, padding=0, ceil_mode=True) == 3  # starts at 4, inside
    assert pool_output_length(5, 2, stride=2, padding=1, ceil_mode=True) == 3  # ⌈5/2⌉ + 1 = 4, but the 4th starts at 6 ≥ 5 + 1
    # The ceil window's cells past the padding are not counted in the average.
    out = avg_pool2d(np.ones((4, 4)), 3, strides=2, padding=1, ceil_mode=True)
    assert out[2, 2] == pytest.approx(1 / 4) and out[0, 0] == pytest.approx(4 / 9)


@pytest.mark.parametrize(
    "i, k, s, padding, ceil, expected",
    [
        (8, 2, None, "valid", False, 4),
        (7, 2, None, "valid", False, 3),
        (7, 2, None, "same", False, 4),
        (7, 3, 2, "same", False, 4),
        (7, 3, 2, 1, False, 4),
        (6, 3, 2, 1, True, 4),
        (1, 1, 3, "same", False, 1),
    ],
)
def test_output_lengths(i, k, s, padding, ceil, expected):
    assert pool_output_length(i, k, stride=s, padding=padding, ceil_mode=ceil) == expected


def test_formula_lines():
    assert plan_pool_axis(5, 2, stride=2, padding=1, ceil_mode=True).formula_lines() == [
        "o = ⌈(i + 2p − k) / s⌉ + 1 = ⌈(5 + 2·1 − 2) / 2⌉ + 1 = 4",
        "the last window would start at (o − 1)·s = 6 ≥ i + p = 6, in the right padding, so ceil_mode drops it: o = 3",
    ]
    assert plan_pool_axis(7, 2, padding="same").formula_lines()[0] == "o = ⌈i / s⌉ = ⌈7 / 2⌉ = 4"
    assert plan_pool_axis(8, 2).formula_lines() == ["o = ⌊(i + 2p − k) / s⌋ + 1 = ⌊(8 + 2·0 − 2) / 2⌋ + 1 = 4"]


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: max_pool2d(np.ones((4, 4)), 2, padding=2), ["at most half the pool size", "⌊2 / 2⌋ = 1, but got 2"]),
        (lambda: avg_pool2d(np.ones((4, 4)), 3, padding=2), ["at most half"]),
        (lambda: max_pool2d(np.ones((4, 4)), 2, padding="same", ceil_mode=True), ["ceil_mode is PyTorch's"]),
        (lambda: max_pool2d(np.ones((4, 4)), 2, padding="valid", dilation=2), ["Keras' pooling has none"]),
        (lambda: max_pool2d(np.ones((4, 4)), 2, padding="full"), ["'valid', 'same'", "'full'"]),
        (lambda: max_pool2d(np.ones((4, 4)), 5, padding="valid"), ["pool window does not fit along the rows", "'same' padding"]),
        (lambda: max_pool2d(np.ones((1, 1)), 2, padding=1, dilation=3), ["spans 4 pixels", "dilated by 3"]),
        (lambda: max_pool2d(np.ones((4, 4)), 2, padding=((0, 1), (0, 1))), ["Cannot read padding"]),
        (lambda: max_pool2d(np.ones((4, 4)), 0), ["Pool size must be at least 1"]),
        (lambda: max_pool2d(np.ones((4, 4)), 2, strides=0), ["Stride must be at least 1"]),
        (lambda: max_pool2d(np.ones(4), 2), ["(H, W), (H, W, C) or (N, H, W, C)"]),
        (lambda: avg_pool2d(np.ones((0, 4)), 2), ["must not be empty"]),
    ],
)
def test_refusals_say_what_is_wrong(call, words):
    with pytest.raises(ValueError) as info:
        call()
    for word in words:
        assert word in str(info.value), str(info.value)


def test_shapes_and_dtypes():
    x32 = np.arange(16, dtype=np.float32).reshape(4, 4)
    assert max_pool2d(x32, 2).dtype == np.float32 and avg_pool2d(x32, 2).dtype == np.float32
    assert max_pool2d(np.arange(16).reshape(4, 4), 2).dtype == np.float64
    assert max_pool2d(x32, 2).tolist() == [[5, 7], [13, 15]]
    assert avg_pool2d(x32, 2).tolist() == [[2.5, 4.5], [10.5, 12.5]]
    assert max_pool2d(np.ones((4, 4, 3)), 2).shape == (2, 2, 3)
    assert avg_pool2d(np.ones((2, 4, 6, 3)), (2, 3), strides=(1, 3)).shape == (2, 3, 2, 3)
    plan = plan_pool((4, 6), (2, 3), strides=(1, 3), padding=(1, 0))
    assert plan.output_shape == (5, 2)
