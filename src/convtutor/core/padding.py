"""Padding arrays with PyTorch's padding modes.

``zeros`` (the default everywhere), ``reflect`` (mirror without repeating the edge),
``replicate`` (repeat the edge) and ``circular`` (wrap around).
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from convtutor.core.arithmetic import PADDING_MODES, AxisPlan

# np.pad's name for each PyTorch padding mode.
_NUMPY_MODE: dict[str, Literal["constant", "reflect", "edge", "wrap"]] = {
    "zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap",
}
if set(_NUMPY_MODE) != set(PADDING_MODES):  # PADDING_MODES is the one list; this table follows it
    raise ImportError(
        f"convtutor.core.padding knows the modes {sorted(_NUMPY_MODE)} but PADDING_MODES is {sorted(PADDING_MODES)}."
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
