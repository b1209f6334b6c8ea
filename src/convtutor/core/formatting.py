"""Numbers as learners read them: ``3`` rather than ``3.0``, a few decimals at most."""

from __future__ import annotations

import math
from fractions import Fraction


def format_number(value: float) -> str:
    """Whole numbers without a decimal point; others to at most 3 decimals; huge/tiny in e-notation."""
    v = float(value)
    if v.is_integer() and -1e9 < v < 1e9:  # the common case, first (a 64×64 grid formats 4,000 cells)
        return str(int(v))  # int(-0.0) is 0: no "-0"
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v == 0:
        return "0"  # also turns -0.0 into 0
    if abs(v) >= 1e9 or abs(v) < 1e-3:
        return f"{v:.3g}"
    if v.is_integer():
        return str(int(v))
    text = f"{v:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "0") else text


def pair_text(rows: int, cols: int) -> str:
    """A size, stride or dilation as a learner reads it: ``3`` when both axes agree, else ``3×5``."""
    return str(rows) if rows == cols else f"{rows}×{cols}"


def fraction_text(value: Fraction | int) -> str:
    """A ratio as a learner reads it: ``2``, or ``1/2`` (a jump after a transposed convolution)."""
    ratio = Fraction(value)
    return str(ratio.numerator) if ratio.denominator == 1 else f"{ratio.numerator}/{ratio.denominator}"
