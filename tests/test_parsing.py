"""Shapes and paddings as people type them."""

from __future__ import annotations

import pytest

from convtutor.parsing import TypedShape, parse_padding, parse_pair, parse_shape


@pytest.mark.parametrize("text", ["6x6", "6 x 6", "6×6", "(6, 6)", "[6,6]", " 6X6 ", "6*6", "6 6"])
def test_shape_forms(text):
    assert parse_shape(text) == TypedShape((6, 6))


def test_keras_style_shape():
    assert parse_shape("(None, 6, 6, 1)") == TypedShape((6, 6, 1), batch_none=True)


@pytest.mark.parametrize("text", ["", "six", "6x", "6 by 6", "(None)", "6x-1", "6.5x6"])
def test_not_shapes(text):
    with pytest.raises(ValueError):
        parse_shape(text)


def test_pairs_and_paddings():
    assert parse_pair("3") == (3, 3) and parse_pair("3x5") == (3, 5)
    with pytest.raises(ValueError, match="at least 1"):
        parse_pair("0")
    assert parse_padding("SAME") == "same"
    assert parse_padding("2") == 2
    assert parse_padding("1x2") == (1, 2)
    assert parse_padding("0,1,0,1") == ((0, 1), (0, 1))
    with pytest.raises(ValueError, match="not a padding"):
        parse_padding("1,2,3")
