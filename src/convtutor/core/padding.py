"""Two-dimensional padding: reading the ways padding can be written, and padding arrays.

Padding modes are PyTorch's ``padding_mode`` names: ``zeros`` (the default everywhere),
``reflect`` (mirror without repeating the edge), ``replicate`` (repeat the edge) and
``circular`` (wrap around).
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Union

import numpy as np

from convtutor.core.arithmetic import AxisPadding, AxisPlan, check_count

#: ``"valid" | "same" | "full" | p | (p_rows, p_cols) | ((top, bottom), (left, right))``
Padding2D = Union[str, int, Sequence]

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")

# np.pad's name for each PyTorch padding mode.
_NUMPY_MODE = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}


def pair(value: object, name: str) -> tuple[int, int]:
    """``3`` -> ``(3, 3)``; ``(2, 1)`` -> ``(2, 1)``; anything else is a ValueError."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        n = check_count(name, value)
        return (n, n)
    if isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 2:
        return (check_count(name, value[0]), check_count(name, value[1]))
    raise ValueError(f"{name.capitalize()} must be a whole number or (rows, cols); got {value!r}.")


def split_padding(padding: Padding2D) -> tuple[AxisPadding, AxisPadding]:
    """Split a 2-D padding into the padding of the rows axis and of the columns axis.

    A pair of ints means ``(p_rows, p_cols)`` (as PyTorch); a pair of pairs means
    ``((top, bottom), (left, right))`` (as Keras' ``ZeroPadding2D``).
    """
    if isinstance(padding, str):
        return (padding, padding)
    if isinstance(padding, numbers.Integral) and not isinstance(padding, bool):
        return (int(padding), int(padding))
    if isinstance(padding, Sequence) and len(padding) == 2:
        first, second = padding
        if all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in padding):
            return (int(first), int(second))
        if all(isinstance(v, Sequence) and not isinstance(v, str) and len(v) == 2 for v in padding):
            return (tuple(first), tuple(second))  # type: ignore[return-value]
    raise ValueError(
        f"Cannot read padding {padding!r}. Use 'valid', 'same', 'full', a number of pixels, "
        "(rows, cols), or ((top, bottom), (left, right))."
    )


def check_mode(mode: str) -> str:
    """Return the padding mode's canonical name or raise a ValueError listing the choices."""
    if isinstance(mode, str) and mode.lower() in PADDING_MODES:
        return mode.lower()
    raise ValueError(
        f"Unknown padding mode {mode!r}; choose one of {', '.join(PADDING_MODES)}."
    )


def check_mode_fits(mode: str, rows: AxisPlan, cols: AxisPlan) -> None:
    """Refuse pads that PyTorch refuses, so that our numbers always have a PyTorch twin."""
    for plan, axis in ((rows, "rows"), (cols, "columns")):
        biggest = max(plan.before, plan.after)
        if mode == "reflect" and biggest >= plan.size:
            raise ValueError(
                f"Reflect padding of {biggest} needs more than {biggest} {axis} of input "
                f"(there are {plan.size}); use less padding or mode 'replicate'."
            )
        if mode == "circular" and biggest > plan.size:
            raise ValueError(
                f"Circular padding of {biggest} cannot wrap around only {plan.size} {axis}; "
                "use less padding."
            )


def pad_array(
    x: np.ndarray, rows: AxisPlan, cols: AxisPlan, mode: str = "zeros", *, row_axis: int = 0
) -> np.ndarray:
    """Pad the two spatial axes of ``x`` (``row_axis`` and the one after it)."""
    widths = [(0, 0)] * x.ndim
    widths[row_axis] = (rows.before, rows.after)
    widths[row_axis + 1] = (cols.before, cols.after)
    if not (rows.before or rows.after or cols.before or cols.after):
        return x
    return np.pad(x, widths, mode=_NUMPY_MODE[mode])


def source_index(plan: AxisPlan, mode: str) -> np.ndarray:
    """For each padded index on an axis, the input index its value comes from (-1 for zeros)."""
    index = np.arange(plan.size)
    if mode == "zeros":
        return np.pad(index, (plan.before, plan.after), mode="constant", constant_values=-1)
    return np.pad(index, (plan.before, plan.after), mode=_NUMPY_MODE[mode])
