"""The sweep: one window at a time, its products and sum, moving around, both mappings."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convtutor.core import Sweep, conv2d
from reference_conv import axis_padding, padded_image, reference_conv2d, split_2d

LINE = np.zeros((8, 8))
LINE[:, 3:5] = 1
DETECTOR = np.array([[0, 1, 0]] * 3, dtype=float)


def test_first_row_of_the_article_sweep():
    sweep = Sweep(LINE, DETECTOR)
    assert sweep.shape == (6, 6) and sweep.count == 36
    results = [sweep.window(i).result for i in range(6)]
    assert results == [0, 0, 3, 3, 0, 0]
    window = sweep.window(2)
    assert window.expression() == "0·0 + 1·1 + 1·0 + 0·0 + 1·1 + 1·0 + 0·0 + 1·1 + 1·0 = 3"
    assert window.expression(skip_zero_weights=True) == "1·1 + 1·1 + 1·1 = 3"
    assert window.cells()[:3] == [(0, 2), (0, 3), (0, 4)]


def test_bias_is_written_out():
    window = Sweep(LINE, DETECTOR, bias=-1.5).window(3)
    assert window.total == 3 and window.result == 1.5
    assert window.expression().endswith(" − 1.5 = 1.5")


def test_padding_cells_are_marked_and_stride_moves_two():
    sweep = Sweep(LINE, DETECTOR, padding="same", stride=2)
    mask = np.array(sweep.padding_mask)
    assert np.array(sweep.padded).shape == (9, 9)
    assert mask[8].all() and mask[:, 8].all()
    assert not mask[:8, :8].any()
    last = sweep.window(sweep.count - 1)
    assert last.top_left == (6, 6)
    taps = np.array(last.padding_taps)
    assert taps[2].all() and taps[:, 2].all() and last.padding_count == 5
    # Window by window, against the naive loop with TensorFlow's 'same' for 8, k=3, s=2: (0, 1).
    want = reference_conv2d(LINE[None, :, :, None], DETECTOR[:, :, None, None], None, (2, 2), [(0, 1), (0, 1)], (1, 1), "zeros")
    assert [sweep.window(i).result for i in range(sweep.count)] == want.ravel().tolist()
    assert sweep.output_values() == want.ravel().tolist()


def test_moving_around_is_clamped_and_wraps_rows():
    sweep = Sweep(LINE, DETECTOR, stride=2)  # 3x3 windows
    assert sweep.step(2) == 3  # right from the end of a row wraps to the next row
    assert sweep.step(0, -1) == 0 and sweep.step(8, 1) == 8
    assert sweep.step_rows(1) == 4 and sweep.step_rows(7) == 7 and sweep.step_rows(4, -1) == 1
    assert sweep.position(5) == (1, 2) and sweep.index_of(1, 2) == 5
    with pytest.raises(IndexError):
        sweep.window(9)
    with pytest.raises(IndexError):
        sweep.index_of(3, 0)


def test_reverse_and_forward_mappings():
    sweep = Sweep(np.arange(25.0).reshape(5, 5), np.ones((2, 2)), stride=2, dilation=1)
    assert sweep.reads(1, 1) == [(2, 2), (2, 3), (3, 2), (3, 3)]
    assert sweep.readers(2, 2) == [(1, 1)]
    assert sweep.readers(4, 4) == []  # row/col 4 is never read with k=2, s=2 on 5
    assert sweep.unread_rows == (4,) and sweep.unread_cols == (4,)


@pytest.mark.parametrize("mode, expected", [("zeros", None), ("replicate", (0, 0)), ("reflect", (1, 1)), ("circular", (3, 3))])
def test_padding_sources_follow_the_mode(mode, expected):
    sweep = Sweep(np.arange(16.0).reshape(4, 4), np.ones((3, 3)), padding=1, padding_mode=mode)
    assert sweep.source(0, 0) == expected
    assert sweep.source(1, 1) == (0, 0)
    if expected is not None:
        assert sweep.padded[0][0] == sweep.image[expected[0]][expected[1]]


MODES = ("zeros", "reflect", "replicate", "circular")


@settings(max_examples=120, deadline=None)
@given(
    h=st.integers(3, 9), w=st.integers(3, 9), kh=st.integers(1, 3), kw=st.integers(1, 3), s=st.integers(1, 3),
    d=st.integers(1, 2), p=st.sampled_from(["valid", "same", "full", 1, (0, 2), ((1, 0), (0, 1))]),
    mode=st.sampled_from(MODES), seed=st.integers(0, 100),
)
def test_every_window_agrees_with_numpy_conv2d(h, w, kh, kw, s, d, p, mode, seed):
    """The plain-Python sweep and the NumPy core give the same numbers, window by window."""
    rng = np.random.default_rng(seed)
    image = rng.integers(-3, 4, (h, w)).astype(float)
    kernel = rng.integers(-2, 3, (kh, kw)).astype(float)
    # Which settings are refused, worked out here: the kernel must fit the padded input, and
    # reflect needs padding < n, circular padding <= n (PyTorch's limits).
    pads = [axis_padding(spec, n, k, s, d) for spec, n, k in zip(split_2d(p), (h, w), (kh, kw), strict=True)]
    fits = all(
        d * (k - 1) + 1 <= n + before + after
        and not (mode == "reflect" and max(before, after) >= n)
        and not (mode == "circular" and max(before, after) > n)
        for (before, after), n, k in zip(pads, (h, w), (kh, kw), strict=True)
    )
    if not fits:
        with pytest.raises(ValueError):
            Sweep(image, kernel, 1.0, stride=s, padding=p, dilation=d, padding_mode=mode)
        return
    expected = conv2d(image, kernel, 1.0, stride=s, padding=p, dilation=d, padding_mode=mode)
    sweep = Sweep(image, kernel, 1.0, stride=s, padding=p, dilation=d, padding_mode=mode)
    np.testing.assert_array_equal(np.array(sweep.output), expected)
    # The padded grid and its padding mask, against the reference's own padding (no np.pad).
    values, is_padding = padded_image(image, pads, mode)
    assert [list(row) for row in sweep.padded] == values
    assert [list(row) for row in sweep.padding_mask] == is_padding
    for index in range(sweep.count):
        window = sweep.window(index)
        r, c = window.out_row, window.out_col
        assert (r, c) == divmod(index, expected.shape[1])  # row-major, as Keras and PyTorch slide
        # Where the window sits, from the definitions: output r reads padded rows r·s + i·d.
        rows = tuple(r * s + i * d for i in range(kh))
        cols = tuple(c * s + j * d for j in range(kw))
        assert (window.rows, window.cols) == (rows, cols)
        assert [list(row) for row in window.patch] == [[values[y][z] for z in cols] for y in rows]
        assert [list(row) for row in window.padding_taps] == [[is_padding[y][z] for z in cols] for y in rows]
        assert [list(row) for row in window.products] == [[values[y][z] * kernel[i, j] for j, z in enumerate(cols)] for i, y in enumerate(rows)]
        assert window.total == expected[r, c] - 1.0 and window.result == expected[r, c]


def test_sweep_takes_plain_lists_and_chains():
    from convtutor.core.sweep import chain

    maps = chain(LINE.tolist(), [(DETECTOR.tolist(), 0.0, {}), (DETECTOR.tolist(), 0.0, {})])
    assert [len(m) for m in maps] == [6, 4]
    np.testing.assert_array_equal(np.array(maps[1]), conv2d(conv2d(LINE, DETECTOR), DETECTOR))


def test_bad_grids_are_refused():
    with pytest.raises(ValueError, match="same number of values"):
        Sweep([[1, 2], [3]], [[1]])
    with pytest.raises(ValueError, match="numbers only"):
        Sweep([["a"]], [[1]])


def test_a_sweep_needs_2d_or_channels_last_3d_arrays():
    # (rows, cols, 1) is one channel, as conv2d reads it; a 2-D kernel fits it.
    one = Sweep(np.arange(16.0).reshape(4, 4, 1), np.ones((3, 3)))
    assert one.channels == 1 and one.output == Sweep(np.arange(16.0).reshape(4, 4), np.ones((3, 3))).output
    with pytest.raises(ValueError, match="2 channels but the kernel has 1"):
        Sweep(np.zeros((4, 4, 2)), np.ones((3, 3)))
    with pytest.raises(ValueError, match="numbers only"):
        Sweep(np.zeros((4, 4, 1, 1)), np.ones((3, 3)))
    with pytest.raises(ValueError, match="same number of channels"):
        Sweep([[[1, 2], [3]]], [[1]])
    with pytest.raises(ValueError, match="2-D image"):
        Sweep([1, 2, 3], [[1]])


@settings(max_examples=80, deadline=None)
@given(
    h=st.integers(1, 9), w=st.integers(1, 9), kh=st.integers(1, 3), kw=st.integers(1, 3), s=st.integers(1, 3),
    d=st.integers(1, 2), padding=st.sampled_from(["valid", "same", "full", 1]), seed=st.integers(0, 10_000),
)
def test_the_fast_outputs_are_exactly_each_windows_result(h, w, kh, kw, s, d, padding, seed):
    """Sweep computes its outputs without building each Window; the numbers must be identical,
    not just close: the learner sees a window's sum and the output grid side by side."""
    import random

    rng = random.Random(seed)
    image = [[rng.uniform(-5, 5) for _ in range(w)] for _ in range(h)]
    kernel = [[rng.uniform(-2, 2) for _ in range(kw)] for _ in range(kh)]
    try:
        sweep = Sweep(image, kernel, rng.uniform(-1, 1), stride=s, padding=padding, dilation=d)
    except ValueError:
        return
    for r in range(sweep.shape[0]):
        for c in range(sweep.shape[1]):
            assert sweep.output[r][c] == sweep.window_at(r, c).result
