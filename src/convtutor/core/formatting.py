"""Numbers as learners read them: ``3`` rather than ``3.0``, a few decimals at most."""

from __future__ import annotations

import math
import re
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


# -- numbers as learners write them -----------------------------------------------------------------
# Digits with an optional point and exponent; thousands may be grouped (1,234 or 1 234 or 1_234),
# but a comma anywhere else is refused rather than dropped: "5,25" is not 525.
_UNSIGNED = r"(?:(?:[0-9]{1,3}(?:[,_ ][0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?"
_NUMBER = re.compile(rf"([+-]?)\s*({_UNSIGNED})")
_FRACTION = re.compile(rf"([+-]?)\s*({_UNSIGNED})\s*/\s*({_UNSIGNED})")
MAX_TYPED = 100  # characters: no one types a longer number, and Python refuses ints past 4,300 digits
#: How far a rounded value may be from the exact one: 5.3 for 5.25, 0.8 for 0.75 (a float's 0.05 and a hair).
ROUNDED_BY = 0.05 + 1e-9
#: What a learner reads when a number is right but rounded (no number in it: it could be the answer).
ROUNDED = "Close: that is rounded; give it exactly (a fraction like a/b or more decimals)."


def _unsigned(text: str) -> Fraction:
    return Fraction(re.sub(r"[,_ ]", "", text))


def parse_number(text: str) -> float | None:
    """A typed number (digits, a point, a sign, thousands grouped), or a fraction ``a/b``
    (``21/4`` is 5.25 exactly); None if the text is neither, or divides by zero."""
    cleaned = text.strip().replace("−", "-")  # the minus sign as format_number writes it
    if len(cleaned) > MAX_TYPED:
        return None
    found = _NUMBER.fullmatch(cleaned)
    if found is not None:
        value = _unsigned(found.group(2))
    else:
        found = _FRACTION.fullmatch(cleaned)
        if found is None:
            return None
        bottom = _unsigned(found.group(3))
        if bottom == 0:
            return None
        value = _unsigned(found.group(2)) / bottom  # exact: only the result is rounded to a float
    try:
        number = float(-value if found.group(1) == "-" else value)
    except OverflowError:  # 1e999
        return None
    return number if math.isfinite(number) else None


def is_rounded(typed: float, exact: float) -> bool:
    """Whether ``typed`` is ``exact`` rounded (within :data:`ROUNDED_BY`) but not equal to it."""
    return typed != exact and abs(typed - exact) <= ROUNDED_BY
