"""The step-by-step view of max and average pooling, window by window (one channel).

Windows are placed as :func:`~convtutor.core.arithmetic.plan_pool` places them (Keras'
'valid'/'same', or PyTorch's pixels per side with ``ceil_mode``). What a window's cells count
for follows :mod:`convtutor.core.pooling`:

* max: the padding never wins (Keras ignores it, PyTorch pads with −inf), so the winner is the
  largest real pixel; ties are all marked;
* average: Keras divides by the real pixels only; PyTorch counts the padded zeros when
  ``count_include_pad`` (its default) and never the cells a ``ceil_mode`` window reaches past
  the padding.

Plain Python, as :mod:`convtutor.core.sweep`; the tests check it against ``max_pool2d`` and
``avg_pool2d``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from convtutor.core.arithmetic import PoolAxisPlan, PoolPlan, plan_pool
from convtutor.core.formatting import format_number
from convtutor.core.sweep import Matrix, as_matrix

POOLS = ("max", "average")
#: What a cell of the pooling grid is: the image, padding, or past the padding (ceil_mode).
INPUT, PADDING, OUTSIDE = "input", "padding", "outside"


@dataclass(frozen=True)
class PoolWindow:
    """One window: its cells (grid row, col) row-major, what each is, and the result."""

    index: int
    out_row: int
    out_col: int
    pool: str
    cells: tuple[tuple[int, int], ...]
    kinds: tuple[str, ...]  # INPUT, PADDING or OUTSIDE per cell
    values: tuple[float | None, ...]  # None: not an input pixel
    counted: tuple[bool, ...]  # counted in the average's divisor (max: the real pixels)
    winners: tuple[tuple[int, int], ...]  # max: the cells holding the maximum
    result: float

    @property
    def divisor(self) -> int:
        return sum(self.counted)

    @property
    def padding_cells(self) -> int:
        return self.kinds.count(PADDING)

    @property
    def padding_counts(self) -> bool:
        """An average whose divisor counts padded zeros."""
        return any(counted and kind == PADDING for counted, kind in zip(self.counted, self.kinds, strict=True))

    def expression(self, hide_result: bool = False) -> str:
        """``max(1, 5, 2, 0) = 5`` or ``(1 + 2 + [0] + [0]) / 4 = 0.75`` (padded zeros in brackets)."""
        result = "?" if hide_result else format_number(self.result)
        if self.pool == "max":
            shown = [format_number(v) for v in self.values if v is not None]
            return f"max({', '.join(shown)}) = {result}"
        terms = []
        for value, kind, counted in zip(self.values, self.kinds, self.counted, strict=True):
            if value is not None:
                text = format_number(value)
                terms.append(f"({text})" if value < 0 else text)
            elif kind == PADDING and counted:
                terms.append("[0]")
        return f"({' + '.join(terms)}) / {self.divisor} = {result}"

    def divisor_text(self) -> str:
        """Why the divisor is what it is, when padding is in the window."""
        pads = self.padding_cells
        if self.pool != "average" or (not pads and OUTSIDE not in self.kinds):
            return ""
        real = self.kinds.count(INPUT)
        if self.padding_counts:
            return f"the {pads} padded zero{'s' * (pads != 1)} count: divide by {real} + {pads} = {self.divisor}"
        if pads:
            return f"padding does not count: divide by the {real} real pixel{'s' * (real != 1)}, not {real + pads}"
        return f"cells past the padding never count: divide by {self.divisor}"

    def other_result(self, count_padding: bool) -> float:
        """What the other pooling makes of these same cells: the largest real pixel, or their mean
        (dividing by the padded cells too when ``count_padding``), added in the order a sweep adds."""
        real = [v for v in self.values if v is not None]
        if self.pool == "average":
            return max(real)
        total = 0.0
        for v in real:
            total += v
        return total / (len(real) + (self.padding_cells if count_padding else 0))


class PoolSweep:
    """Max or average pooling of one channel, window by window. Arguments mirror
    :func:`~convtutor.core.pooling.max_pool2d` / :func:`~convtutor.core.pooling.avg_pool2d`."""

    def __init__(
        self,
        image: object,
        pool: str,
        pool_size: int | tuple[int, int],
        *,
        strides: int | tuple[int, int] | None = None,
        padding: str | int | Sequence[int] = "valid",
        ceil_mode: bool = False,
        count_include_pad: bool = True,
    ) -> None:
        if pool not in POOLS:
            raise ValueError(f"Pooling is 'max' or 'average'; got {pool!r}.")
        self.image: Matrix = as_matrix(image, "image")
        self.pool = pool
        self.plan: PoolPlan = plan_pool(
            (len(self.image), len(self.image[0])), pool_size, strides=strides, padding=padding, ceil_mode=ceil_mode,
        )
        #: Whether padded zeros count in the average: PyTorch's count_include_pad; never in Keras.
        self.count_padding = pool == "average" and count_include_pad and not self.rows.is_keras
        rows, cols = self.rows, self.cols
        # The grid drawn: the padding, and any cells a ceil_mode window reaches past it.
        self.grid_shape = (
            max(rows.padded, (rows.output - 1) * rows.stride + rows.effective_kernel),
            max(cols.padded, (cols.output - 1) * cols.stride + cols.effective_kernel),
        )

    @cached_property
    def output(self) -> Matrix:
        """Every window's result, worked out when first asked: a question or a check needs the plan
        or one window only (every window holds a real pixel, so none can fail later)."""
        return tuple(
            tuple(self.window_at(r, c).result for c in range(self.cols.output)) for r in range(self.rows.output)
        )

    @property
    def rows(self) -> PoolAxisPlan:
        return self.plan.rows

    @property
    def cols(self) -> PoolAxisPlan:
        return self.plan.cols

    @property
    def shape(self) -> tuple[int, int]:
        return self.plan.output_shape

    @property
    def count(self) -> int:
        return self.shape[0] * self.shape[1]

    def output_values(self) -> list[float]:
        return [v for row in self.output for v in row]

    def cell_kind(self, row: int, col: int) -> str:
        """What grid cell (row, col) is (grid indices count from the first padding cell)."""
        rows, cols = self.rows, self.cols
        if row >= rows.padded or col >= cols.padded:
            return OUTSIDE
        if rows.is_padding(row) or cols.is_padding(col):
            return PADDING
        return INPUT

    def value(self, row: int, col: int) -> float | None:
        """The input pixel at a grid cell; None for padding and cells past it."""
        if self.cell_kind(row, col) != INPUT:
            return None
        return self.image[row - self.rows.before][col - self.cols.before]

    def position(self, index: int) -> tuple[int, int]:
        if not 0 <= index < self.count:
            raise IndexError(f"Window {index} does not exist; there are {self.count}.")
        return divmod(index, self.shape[1])

    def window(self, index: int) -> PoolWindow:
        return self.window_at(*self.position(index))

    def window_at(self, out_row: int, out_col: int) -> PoolWindow:
        rows, cols = self.rows, self.cols
        # What each row and each column of the window is, once per axis (not per cell): a cell is
        # past the padding if either is, padding if either is, else an input pixel (as cell_kind).
        grid_rows = [out_row * rows.stride + a * rows.dilation for a in range(rows.kernel)]
        grid_cols = [out_col * cols.stride + b * cols.dilation for b in range(cols.kernel)]
        row_kinds = [_axis_kind(rows, r) for r in grid_rows]
        col_kinds = [_axis_kind(cols, c) for c in grid_cols]
        cells = tuple((r, c) for r in grid_rows for c in grid_cols)
        kinds = tuple(
            OUTSIDE if OUTSIDE in (rk, ck) else PADDING if PADDING in (rk, ck) else INPUT
            for rk in row_kinds for ck in col_kinds
        )
        values = tuple(
            self.image[r - rows.before][c - cols.before] if kind == INPUT else None
            for (r, c), kind in zip(cells, kinds, strict=True)
        )
        counted = tuple(kind == INPUT or (kind == PADDING and self.count_padding) for kind in kinds)
        real = [v for v in values if v is not None]
        winners: tuple[tuple[int, int], ...] = ()
        if self.pool == "max":
            result = max(real)
            winners = tuple(cell for cell, v in zip(cells, values, strict=True) if v == result)
        else:
            total = 0.0
            for v in real:
                total += v
            result = total / sum(counted)
        return PoolWindow(out_row * self.shape[1] + out_col, out_row, out_col, self.pool, cells, kinds, values, counted, winners, result)

    def readers(self, row: int, col: int) -> list[tuple[int, int]]:
        """Output cells whose window covers grid cell (row, col)."""
        return [(r, c) for r in self.rows.readers(row) for c in self.cols.readers(col)]


def _axis_kind(axis: PoolAxisPlan, index: int) -> str:
    """What row (or column) ``index`` of the pooling grid is along one axis."""
    if index >= axis.padded:
        return OUTSIDE
    return PADDING if axis.is_padding(index) else INPUT
