"""conv_transpose2d against the slow reference: Keras' 'valid'/'same' and PyTorch's padding,
output_padding, stride and dilation; its arithmetic, its formulas, and what it refuses."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from convtutor.core import (
    conv2d,
    conv_transpose2d,
    plan_transpose,
    transposed_output_length,
)
from convtutor.core.arithmetic import plan_transpose_axis
from reference_transposed import axis_rule, expected_valid, reference_conv_transpose2d

small = st.integers(0, 3)
padding_forms = st.one_of(st.sampled_from(["valid", "same"]), small, st.tuples(small, small))
output_paddings = st.one_of(st.none(), small, st.tuples(small, small))


def per_axis(value, axis):
    return value[axis] if isinstance(value, tuple) else value


@st.composite
def cases(draw):
    n, h, w = draw(st.integers(1, 2)), draw(st.integers(1, 6)), draw(st.integers(1, 6))
    c_in, c_out = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    values = st.integers(-4, 4)
    x = draw(arrays(np.int64, (n, h, w, c_in), elements=values)).astype(float)
    kernel = draw(arrays(np.int64, (kh, kw, c_out, c_in), elements=values)).astype(float)
    bias = draw(st.none() | arrays(np.int64, (c_out,), elements=values).map(lambda b: b.astype(float)))
    return {
        "x": x, "w": kernel, "b": bias,
        "stride": (draw(st.integers(1, 3)), draw(st.integers(1, 3))),
        "dilation": (draw(st.integers(1, 3)), draw(st.integers(1, 3))),
        "padding": draw(padding_forms),
        "output_padding": draw(output_paddings),
    }


def axis_settings(case, axis):
    """(i, k, s, d, padding, output_padding) of one axis."""
    return (
        case["x"].shape[1 + axis], case["w"].shape[axis], case["stride"][axis], case["dilation"][axis],
        per_axis(case["padding"], axis), per_axis(case["output_padding"], axis),
    )


@settings(max_examples=300, deadline=None)
@given(cases())
def test_conv_transpose2d_matches_reference(case):
    kwargs = {k: case[k] for k in ("stride", "padding", "output_padding", "dilation")}
    if not all(expected_valid(*axis_settings(case, axis)) for axis in (0, 1)):
        event("refused")
        with pytest.raises(ValueError):
            conv_transpose2d(case["x"], case["w"], case["b"], **kwargs)
        return
    event(f"padding {type(case['padding']).__name__}")
    got = conv_transpose2d(case["x"], case["w"], case["b"], **kwargs)
    rows, cols = (axis_rule(*axis_settings(case, axis)) for axis in (0, 1))
    want = reference_conv_transpose2d(case["x"], case["w"], case["b"], case["stride"], case["dilation"], rows, cols)
    # Small integers: float64 arithmetic is exact, so demand equality, not closeness.
    np.testing.assert_array_equal(got, want)
    for axis in (0, 1):
        i, k, s, d, p, op = axis_settings(case, axis)
        assert transposed_output_length(i, k, stride=s, padding=p, output_padding=op, dilation=d) == got.shape[1 + axis]


@settings(max_examples=200, deadline=None)
@given(cases())
def test_transpose_is_the_adjoint_of_the_convolution(case):
    """<conv2d(y), x> = <y, conv_transpose2d(x)>: Keras' Conv2DTranspose is the gradient of a
    Conv2D with the same padding name, PyTorch's of a Conv2d with the same padding, whenever that
    Conv2D maps the transposed output's size back to the input's."""
    kwargs = {k: case[k] for k in ("stride", "padding", "output_padding", "dilation")}
    if not all(expected_valid(*axis_settings(case, axis)) for axis in (0, 1)):
        return
    x, w = case["x"], case["w"]
    out = conv_transpose2d(x, w, **kwargs)
    y = np.arange(out.size, dtype=float).reshape(out.shape) % 7 - 3
    try:
        back = conv2d(y, w, stride=case["stride"], padding=case["padding"], dilation=case["dilation"])
    except ValueError:
        event("the forward convolution does not fit")
        return
    if back.shape != x.shape:
        event("the forward convolution gives another size")  # e.g. TensorFlow's 'same', even kernel, output_padding 0
        return
    event(f"compared, padding {type(case['padding']).__name__}")
    assert float(np.sum(back * x)) == float(np.sum(y * out))


def test_valid_keras_and_torch_differ_when_the_stride_beats_the_kernel():
    """The issue's example: kernel 1, stride 3 on 5×5: Keras 15×15, PyTorch 13×13."""
    x = np.arange(25.0).reshape(5, 5)
    keras = conv_transpose2d(x, np.ones((1, 1)), 0.5, stride=3, padding="valid")
    torch = conv_transpose2d(x, np.ones((1, 1)), 0.5, stride=3, padding=0)
    assert keras.shape == (15, 15) and torch.shape == (13, 13)
    np.testing.assert_array_equal(keras[:13, :13], torch)
    assert (keras[13:, :] == 0.5).all() and (keras[:, 13:] == 0.5).all()  # only the bias
    assert torch[::3, ::3].tolist() == (x + 0.5).tolist()
    np.testing.assert_array_equal(conv_transpose2d(x, np.ones((1, 1)), 0.5, stride=3, padding=0, output_padding=2), keras)


def test_same_gives_input_times_stride_and_crops_the_start_by_floor():
    # k = 3, s = 2: the full result is 2·(i − 1) + 3; Keras keeps the first 2·i (TensorFlow crops ⌊(k − s)/2⌋ = 0).
    x = np.arange(1.0, 5.0).reshape(2, 2)
    full = conv_transpose2d(x, np.ones((3, 3)), stride=2, padding=0)
    same = conv_transpose2d(x, np.ones((3, 3)), stride=2, padding="same")
    assert full.shape == (5, 5) and same.shape == (4, 4)
    np.testing.assert_array_equal(same, full[:4, :4])
    # k = 4, s = 2: crop 1 at each end, as PyTorch's padding=1.
    np.testing.assert_array_equal(
        conv_transpose2d(x, np.ones((4, 4)), stride=2, padding="same"), conv_transpose2d(x, np.ones((4, 4)), stride=2, padding=1)
    )


@pytest.mark.parametrize(
    "i, k, s, d, padding, op, expected",
    [
        (5, 1, 3, 1, "valid", None, 15),  # (i − 1)·s + max(k, s)
        (5, 3, 2, 1, "valid", None, 11),
        (5, 3, 2, 1, "valid", 1, 12),
        (5, 3, 2, 1, "same", None, 10),  # i·s
        (5, 3, 2, 1, "same", 1, 10),  # (i − 1)·s + k mod 2 + output_padding
        (5, 4, 2, 1, "same", 0, 8),
        (5, 3, 1, 2, "same", None, 5),
        (5, 3, 2, 1, 1, 1, 10),  # (i − 1)·s − 2p + k̂ + output_padding
        (5, 3, 1, 2, 0, 1, 10),  # PyTorch: output_padding below the dilation will do
        (4, 3, 3, 1, 2, 0, 8),
    ],
)
def test_output_lengths(i, k, s, d, padding, op, expected):
    assert transposed_output_length(i, k, stride=s, padding=padding, output_padding=op, dilation=d) == expected


def test_formula_lines_put_the_numbers_in():
    assert plan_transpose_axis(5, 1, stride=3).formula_lines() == [
        "o = (i − 1)·s + max(k, s) = (5 − 1)·3 + max(1, 3) = 15",
        "(Keras' output_padding defaults to max(k, s) − k = 2)",
    ]
    assert plan_transpose_axis(5, 1, stride=3, padding=0).formula_lines() == [
        "o = (i − 1)·s − 2p + k + output_padding = (5 − 1)·3 − 2·0 + 1 + 0 = 13",
    ]
    assert plan_transpose_axis(5, 3, stride=2, padding="same").formula_lines() == [
        "o = i·s = 5·2 = 10",
        "full result (i − 1)·s + k = (5 − 1)·2 + 3 = 11: 0 cropped before, 1 cropped after",
    ]
    assert plan_transpose_axis(4, 3, stride=1, padding=1, output_padding=1, dilation=2).formula_lines() == [
        "k̂ = d·(k − 1) + 1 = 2·(3 − 1) + 1 = 5",
        "o = (i − 1)·s − 2p + k̂ + output_padding = (4 − 1)·1 − 2·1 + 5 + 1 = 7",
    ]
    assert plan_transpose_axis(5, 3, stride=2, padding="same", output_padding=1).formula_lines()[0] == (
        "o = (i − 1)·s + k mod 2 + output_padding = (5 − 1)·2 + 3 mod 2 + 1 = 10"
    )


def test_inputs_cropped_away_are_named():
    plan = plan_transpose_axis(4, 1, stride=1, padding=0)
    assert plan.unread_inputs == ()
    crop = plan_transpose_axis(5, 1, stride=2, padding=2)  # full 9, output 5: inputs 0 and 4 land in the crop
    assert crop.unread_inputs == (0, 4) and crop.output == 5
    assert "input rows 0, 4 are never used" in crop.unread_explanation("rows")[0]
    assert crop.sources(0) == ((1, 0),) and crop.sources(1) == () and crop.targets(1) == (0,)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"stride": 2, "padding": "same", "output_padding": 2}, ["Keras' Conv2DTranspose", "output_padding 2 with stride 2"]),
        ({"stride": 2, "padding": 1, "output_padding": 2}, ["below the stride or the dilation", "PyTorch"]),
        ({"stride": 1, "padding": "valid", "output_padding": 1, "dilation": 2}, ["below the stride"]),
        ({"padding": "full"}, ["'valid', 'same'", "'full'"]),
        ({"padding": ((0, 1), (0, 1))}, ["Cannot read padding"]),
        ({"padding": 4}, ["no output along the rows", "use less padding"]),
        ({"padding": -1}, ["at least 0"]),
        ({"output_padding": -1, "padding": 0}, ["Output padding must be at least 0"]),
        ({"stride": 0}, ["Stride must be at least 1"]),
    ],
)
def test_refusals_say_what_is_wrong(kwargs, words):
    with pytest.raises(ValueError) as info:
        conv_transpose2d(np.ones((3, 3)), np.ones((3, 3)), **kwargs)
    for word in words:
        assert word in str(info.value), str(info.value)


def test_refusals_of_arrays():
    with pytest.raises(ValueError, match=r"kernel expects 2; a transposed kernel is \(kh, kw, C_out, C_in\)"):
        conv_transpose2d(np.ones((3, 3, 1)), np.ones((2, 2, 4, 2)))
    with pytest.raises(ValueError, match="must not be empty"):
        conv_transpose2d(np.ones((0, 3)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="real numbers"):
        conv_transpose2d(np.array([["a"]]), np.ones((1, 1)))
    with pytest.raises(ValueError, match="one per filter"):
        conv_transpose2d(np.ones((3, 3)), np.ones((2, 2, 2, 1)), np.ones(3))
    with pytest.raises(ValueError, match=r"\(kh, kw, C_out, C_in\)"):
        conv_transpose2d(np.ones((3, 3)), np.ones((2, 2, 2)))


def test_shapes_and_dtypes_follow_conv2d():
    x32 = np.ones((4, 4), dtype=np.float32)
    assert conv_transpose2d(x32, np.ones((2, 2), dtype=np.float32), stride=2).dtype == np.float32
    assert conv_transpose2d(np.ones((4, 4), dtype=int), np.ones((2, 2), dtype=int)).dtype == np.float64
    assert conv_transpose2d(np.ones((4, 4)), np.ones((2, 2))).shape == (5, 5)
    assert conv_transpose2d(np.ones((4, 4)), np.ones((2, 2, 3, 1))).shape == (5, 5, 3)
    assert conv_transpose2d(np.ones((4, 4, 2)), np.ones((2, 2, 3, 2))).shape == (5, 5, 3)
    assert conv_transpose2d(np.ones((2, 4, 4, 2)), np.ones((2, 2, 3, 2)), stride=(2, 1)).shape == (2, 8, 5, 3)


def test_plan_checks_both_axes_and_names_them():
    plan = plan_transpose((3, 4), (2, 3), stride=(2, 1), padding=(0, 1), output_padding=(1, 0))
    assert plan.output_shape == (3 * 2 - 2 + 2 + 1, 4 - 1 - 2 + 3 + 0) and plan.full_shape == (6, 6)
    with pytest.raises(ValueError, match="along the columns"):
        plan_transpose((3, 3), (2, 2), stride=(2, 1), output_padding=(1, 1), padding="valid")
