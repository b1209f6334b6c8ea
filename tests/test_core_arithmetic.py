"""Per-axis arithmetic: padding rules, formulas with numbers in, cells no window reads."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from convtutor.core import output_length, plan_axis, resolve_padding
from reference_conv import keras_same


@pytest.mark.parametrize(
    "n, k, s, d, expected",
    [
        (8, 3, 2, 1, (0, 1)),  # the odd pixel goes after (bottom/right), as in TensorFlow
        (8, 4, 1, 1, (1, 2)),
        (7, 3, 2, 1, (1, 1)),
        (8, 1, 4, 1, (0, 0)),  # never negative
        (5, 3, 1, 2, (2, 2)),
        (10, 2, 3, 1, (0, 1)),
    ],
)
def test_same_follows_tensorflow(n, k, s, d, expected):
    assert resolve_padding(n, k, stride=s, padding="same", dilation=d) == expected
    assert output_length(n, k, stride=s, padding="same", dilation=d) == math.ceil(n / s)


@given(n=st.integers(1, 40), k=st.integers(1, 7), s=st.integers(1, 5), d=st.integers(1, 3))
def test_same_properties(n, k, s, d):
    before, after = resolve_padding(n, k, stride=s, padding="same", dilation=d)
    assert (before, after) == keras_same(n, k, s, d)
    assert after - before in (0, 1)  # extra pixel, if any, after
    assert output_length(n, k, stride=s, padding="same", dilation=d) == -(-n // s)


@given(n=st.integers(1, 30), k=st.integers(1, 6), s=st.integers(1, 4), d=st.integers(1, 3), b=st.integers(0, 4), a=st.integers(0, 4))
def test_taps_and_readers_are_inverse(n, k, s, d, b, a):
    if d * (k - 1) + 1 > n + b + a:
        return
    plan = plan_axis(n, k, stride=s, padding=(b, a), dilation=d)
    # From the definitions: window o reads padded cells o·s + j·d, and every window must fit.
    padded = n + b + a
    windows = [tuple(o * s + j * d for j in range(k)) for o in range(padded) if o * s + d * (k - 1) < padded]
    assert plan.padded == padded and plan.output == len(windows)
    assert [plan.taps(o) for o in range(plan.output)] == windows
    for cell in range(padded):
        assert plan.readers(cell) == tuple(o for o, taps in enumerate(windows) if cell in taps)
    read = {tap for taps in windows for tap in taps}
    assert plan.unread == tuple(cell for cell in range(padded) if cell not in read)
    assert plan.unread_inputs == tuple(i for i in range(n) if i + b not in read)
    assert plan.trailing == tuple(range(windows[-1][-1] + 1, padded))
    assert set(plan.trailing) <= set(plan.unread)
    assert plan.leftover == len(plan.trailing)


def test_formula_lines_put_the_numbers_in():
    valid = plan_axis(8, 3)
    assert valid.formula_lines() == ["o = ⌊(i + 2p − k) / s⌋ + 1 = ⌊(8 + 2·0 − 3) / 1⌋ + 1 = 6"]
    same = plan_axis(8, 3, stride=2, padding="same")
    assert same.formula_lines() == [
        "o = ⌈i / s⌉ = ⌈8 / 2⌉ = 4",
        "total padding = max((o − 1)·s + k − i, 0) = max((4 − 1)·2 + 3 − 8, 0) = 1 → 0 before, 1 after",
        "o = ⌊(i + p_before + p_after − k) / s⌋ + 1 = ⌊(8 + 0 + 1 − 3) / 2⌋ + 1 = 4",
    ]
    dilated = plan_axis(9, 3, dilation=2, padding="full")
    assert dilated.formula_lines()[0] == "k̂ = d·(k − 1) + 1 = 2·(3 − 1) + 1 = 5"
    assert dilated.formula_lines()[1] == "p = k̂ − 1 = 4 on each side"
    assert dilated.output == 13


def test_unread_rows_are_explained():
    plan = plan_axis(8, 3, stride=3)
    assert plan.unread_inputs == (6, 7)
    (sentence,) = plan.unread_explanation("rows")
    assert sentence.startswith("input rows 6, 7 are never read")
    assert "5 is not a multiple of the stride 3" in sentence
    gaps = plan_axis(9, 3, stride=3, dilation=2)
    assert gaps.unread_inputs == (1, 6, 8)
    trailing, between = gaps.unread_explanation("columns")
    assert trailing.startswith("input column 8 is never read")
    assert between.startswith("input columns 1, 6 are never read: they fall between the taps")
    assert plan_axis(8, 3, stride=1).unread_explanation() == []


def test_full_padding():
    assert resolve_padding(5, 3, padding="full") == (2, 2)
    assert output_length(5, 3, padding="full") == 7
    assert output_length(5, 3, stride=2, padding="full") == 4
