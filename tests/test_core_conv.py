"""conv2d against the slow reference: every padding form and mode, random shapes and settings."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from convtutor.core import PADDING_MODES, PADDING_NAMES, conv2d, output_length
from reference_conv import axis_padding, reference_conv2d, split_2d

MODES = ("zeros", "reflect", "replicate", "circular")
small = st.integers(0, 3)
padding_forms = st.one_of(
    st.sampled_from(["valid", "same", "full"]),
    small,
    st.tuples(small, small),
    st.tuples(st.tuples(small, small), st.tuples(small, small)),
)


def test_the_tests_cover_every_mode_and_name():
    """If the core gains a padding mode or name, these tests (and reference_conv) must learn it too."""
    assert set(MODES) == set(PADDING_MODES)
    assert set(PADDING_NAMES) == {"valid", "same", "full"}


@st.composite
def cases(draw):
    n, h, w = draw(st.integers(1, 2)), draw(st.integers(1, 9)), draw(st.integers(1, 9))
    c, o = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    values = st.integers(-4, 4)
    x = draw(arrays(np.int64, (n, h, w, c), elements=values)).astype(float)
    kernel = draw(arrays(np.int64, (kh, kw, c, o), elements=values)).astype(float)
    bias = draw(st.none() | arrays(np.int64, (o,), elements=values).map(lambda b: b.astype(float)))
    return {
        "x": x, "kernel": kernel, "bias": bias,
        "stride": (draw(st.integers(1, 3)), draw(st.integers(1, 3))),
        "dilation": (draw(st.integers(1, 3)), draw(st.integers(1, 3))),
        "padding": draw(padding_forms),
        "mode": draw(st.sampled_from(MODES)),
    }


def expected_validity(case) -> bool:
    x, kernel = case["x"], case["kernel"]
    ok = True
    for axis, spec in enumerate(split_2d(case["padding"])):
        n, k = x.shape[1 + axis], kernel.shape[axis]
        s, d = case["stride"][axis], case["dilation"][axis]
        before, after = axis_padding(spec, n, k, s, d)
        ok &= d * (k - 1) + 1 <= n + before + after
        if case["mode"] == "reflect":
            ok &= max(before, after) < n
        if case["mode"] == "circular":
            ok &= max(before, after) <= n
    return ok


@settings(max_examples=300, deadline=None)
@given(cases())
def test_conv2d_matches_reference(case):
    x, kernel = case["x"], case["kernel"]
    kwargs = {"stride": case["stride"], "padding": case["padding"], "dilation": case["dilation"], "padding_mode": case["mode"]}
    if not expected_validity(case):
        with pytest.raises(ValueError):
            conv2d(x, kernel, case["bias"], **kwargs)
        return
    got = conv2d(x, kernel, case["bias"], **kwargs)
    pads = []
    for axis, spec in enumerate(split_2d(case["padding"])):
        pads.append(axis_padding(spec, x.shape[1 + axis], kernel.shape[axis], case["stride"][axis], case["dilation"][axis]))
    want = reference_conv2d(x, kernel, case["bias"], case["stride"], pads, case["dilation"], case["mode"])
    # Small integers: float64 arithmetic is exact, so demand equality, not closeness.
    np.testing.assert_array_equal(got, want)
    # The per-axis size function agrees with the shape conv2d produced.
    rows_spec, cols_spec = split_2d(case["padding"])
    assert got.shape[1] == output_length(x.shape[1], kernel.shape[0], stride=case["stride"][0], padding=rows_spec, dilation=case["dilation"][0])
    assert got.shape[2] == output_length(x.shape[2], kernel.shape[1], stride=case["stride"][1], padding=cols_spec, dilation=case["dilation"][1])


def test_ranks_and_layouts():
    rng = np.random.default_rng(1)
    image = rng.integers(-3, 4, (7, 6)).astype(float)
    k2 = rng.integers(-3, 4, (3, 2)).astype(float)
    out2 = conv2d(image, k2)
    assert out2.shape == (5, 5)
    out3 = conv2d(image[:, :, None], k2)
    assert out3.shape == (5, 5, 1)
    np.testing.assert_array_equal(out3[:, :, 0], out2)
    out4 = conv2d(np.stack([image[:, :, None]] * 2), k2[:, :, None, None])
    assert out4.shape == (2, 5, 5, 1)
    np.testing.assert_array_equal(out4[1, :, :, 0], out2)
    # A 2-D image with a 4-D kernel keeps the channel axis.
    assert conv2d(image, np.ones((3, 3, 1, 4))).shape == (5, 4, 4)


def test_bias_scalar_and_vector():
    x = np.ones((4, 4, 2))
    k = np.ones((3, 3, 2, 3))
    np.testing.assert_array_equal(conv2d(x, k, 1.5), np.full((2, 2, 3), 19.5))
    np.testing.assert_array_equal(conv2d(x, k, [0, 1, -1])[0, 0], [18, 19, 17])


def test_dtypes():
    x32 = np.ones((5, 5), dtype=np.float32)
    assert conv2d(x32, np.ones((3, 3), np.float32)).dtype == np.float32
    assert conv2d(np.ones((5, 5), dtype=int), np.ones((3, 3), dtype=int)).dtype == np.float64
    assert conv2d([[True, False], [False, True]], [[1]]).tolist() == [[1.0, 0.0], [0.0, 1.0]]


def test_no_kernel_flip():
    """Cross-correlation: an off-centre kernel picks the neighbour on the same side."""
    x = np.arange(9.0).reshape(3, 3)
    kernel = np.zeros((3, 3))
    kernel[0, 0] = 1  # top-left tap
    assert conv2d(x, kernel).tolist() == [[0.0]]
    assert conv2d(x, kernel, padding="same")[1, 1] == 0.0


def test_float32_against_float64_reference():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((2, 9, 11, 3)).astype(np.float32)
    k = rng.standard_normal((3, 2, 3, 4)).astype(np.float32)
    got = conv2d(x, k, np.ones(4, np.float32), stride=(2, 1), padding="same", dilation=(1, 2))
    want = reference_conv2d(x, k, np.ones(4), (2, 1), [(1, 1), (1, 1)], (1, 2), "zeros")
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("block_bytes", [64, 700, 5000, 4 << 20])
def test_blocked_im2col_gives_the_same_numbers(monkeypatch, block_bytes):
    """Blocks of whole images and blocks of rows within one image both cover every pixel once."""
    import convtutor.core.conv as conv_module

    monkeypatch.setattr(conv_module, "_BLOCK_BYTES", block_bytes)
    rng = np.random.default_rng(3)
    x = rng.integers(-3, 4, (3, 11, 9, 2)).astype(float)
    kernel = rng.integers(-3, 4, (3, 2, 2, 4)).astype(float)
    want = reference_conv2d(x, kernel, None, (2, 1), [(1, 1), (0, 1)], (1, 2), "zeros")
    got = conv2d(x, kernel, stride=(2, 1), padding=((1, 1), (0, 1)), dilation=(1, 2))
    np.testing.assert_array_equal(got, want)
