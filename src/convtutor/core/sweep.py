"""The step-by-step view of one single-channel convolution, for animating and explaining it.

A :class:`Sweep` computes the whole output once (vectorised, through :func:`conv2d`) and then
answers questions about any one window in O(k²): where it sits on the padded grid, which output
cell it fills, the patch it reads, the products, their sum, the bias and the result. Windows
are numbered in row-major order, the order Keras and PyTorch slide them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convtutor.core.arithmetic import AxisPlan, Padding2D, plan_conv
from convtutor.core.conv import conv2d
from convtutor.core.formatting import format_number
from convtutor.core.padding import pad_array, source_index


@dataclass(frozen=True)
class Window:
    """One application of the kernel."""

    index: int
    out_row: int
    out_col: int
    rows: tuple[int, ...]  # padded row of each kernel row's tap
    cols: tuple[int, ...]  # padded column of each kernel column's tap
    patch: np.ndarray  # the input values the kernel reads, (kh, kw)
    weights: np.ndarray  # the kernel, (kh, kw)
    bias: float
    padding_taps: np.ndarray  # True where the tap reads a padding cell, (kh, kw)

    @property
    def products(self) -> np.ndarray:
        return self.patch * self.weights

    @property
    def total(self) -> float:
        """Sum of the element-wise products, before the bias."""
        return float(self.products.sum())

    @property
    def result(self) -> float:
        return self.total + self.bias

    @property
    def top_left(self) -> tuple[int, int]:
        return (self.rows[0], self.cols[0])

    def cells(self) -> list[tuple[int, int]]:
        """Padded (row, col) of every tap, row-major."""
        return [(r, c) for r in self.rows for c in self.cols]

    def terms(self) -> list[tuple[float, float]]:
        """(input value, weight) for every tap, row-major."""
        return list(zip(self.patch.ravel().tolist(), self.weights.ravel().tolist()))

    def expression(self, *, skip_zero_weights: bool = False) -> str:
        """The dot product written out, e.g. ``0·0 + 1·1 + 0·0 + ... = 3``, with the bias."""
        def term(value: float) -> str:
            text = format_number(value)
            return f"({text})" if value < 0 else text  # 2·(-1), not 2·-1

        parts = [f"{term(v)}·{term(w)}" for v, w in self.terms() if not (skip_zero_weights and w == 0)]
        text = " + ".join(parts) if parts else "0"
        if self.bias:
            sign = "+" if self.bias > 0 else "−"
            text += f" {sign} {format_number(abs(self.bias))}"
        return f"{text} = {format_number(self.result)}"


class Sweep:
    """A single-channel convolution laid out window by window.

    Args mirror :func:`conv2d`, with a 2-D image and a 2-D kernel.
    """

    def __init__(
        self,
        image: object,
        kernel: object,
        bias: float = 0.0,
        *,
        stride: int | tuple[int, int] = 1,
        padding: Padding2D = "valid",
        dilation: int | tuple[int, int] = 1,
        padding_mode: str = "zeros",
    ) -> None:
        image = np.asarray(image, dtype=float)
        kernel = np.asarray(kernel, dtype=float)
        if image.ndim != 2 or kernel.ndim != 2:
            raise ValueError(
                f"A sweep needs a 2-D image and a 2-D kernel; got {image.shape} and {kernel.shape}."
            )
        self.image = image
        self.kernel = kernel
        self.bias = float(bias)
        self.plan = plan_conv(
            image.shape, kernel.shape, stride=stride, padding=padding, dilation=dilation,
            padding_mode=padding_mode,
        )
        self.output = conv2d(
            image, kernel, self.bias, stride=stride, padding=padding, dilation=dilation,
            padding_mode=padding_mode,
        )
        self.padded = pad_array(image, self.rows, self.cols, self.padding_mode)
        # Padding cells are marked in their own array so that the UI never has to guess from values.
        self.padding_mask = np.ones(self.padded.shape, dtype=bool)
        self.padding_mask[
            self.rows.before : self.rows.before + self.rows.size,
            self.cols.before : self.cols.before + self.cols.size,
        ] = False
        self._row_source = source_index(self.rows, self.padding_mode)
        self._col_source = source_index(self.cols, self.padding_mode)

    # -- the layout -------------------------------------------------------------------------
    @property
    def rows(self) -> AxisPlan:
        return self.plan.rows

    @property
    def cols(self) -> AxisPlan:
        return self.plan.cols

    @property
    def padding_mode(self) -> str:
        return self.plan.padding_mode

    @property
    def shape(self) -> tuple[int, int]:
        """Output (rows, cols)."""
        return self.plan.output_shape

    @property
    def count(self) -> int:
        """Number of windows (= output cells)."""
        return self.shape[0] * self.shape[1]

    @property
    def unread_rows(self) -> tuple[int, ...]:
        """Padded rows no window reads (see :attr:`AxisPlan.unread`)."""
        return self.rows.unread

    @property
    def unread_cols(self) -> tuple[int, ...]:
        return self.cols.unread

    # -- moving around ----------------------------------------------------------------------
    def position(self, index: int) -> tuple[int, int]:
        """Output (row, col) of window ``index``."""
        self._check_index(index)
        return divmod(index, self.shape[1])

    def index_of(self, out_row: int, out_col: int) -> int:
        if not (0 <= out_row < self.shape[0] and 0 <= out_col < self.shape[1]):
            raise IndexError(f"Output cell ({out_row}, {out_col}) is outside the {self.shape} output.")
        return out_row * self.shape[1] + out_col

    def step(self, index: int, by: int = 1) -> int:
        """Move ``by`` windows in row-major order (one stride along the row, wrapping), clamped."""
        return min(max(index + by, 0), self.count - 1)

    def step_rows(self, index: int, by: int = 1) -> int:
        """Move ``by`` rows of windows (one stride down or up), keeping the column; clamped."""
        row, col = self.position(index)
        return self.index_of(min(max(row + by, 0), self.shape[0] - 1), col)

    def _check_index(self, index: int) -> None:
        if not 0 <= index < self.count:
            raise IndexError(f"Window {index} does not exist; there are {self.count} (0 to {self.count - 1}).")

    # -- one window -------------------------------------------------------------------------
    def window(self, index: int) -> Window:
        out_row, out_col = self.position(index)
        rows = self.rows.taps(out_row)
        cols = self.cols.taps(out_col)
        grid = np.ix_(rows, cols)
        return Window(
            index=index,
            out_row=out_row,
            out_col=out_col,
            rows=rows,
            cols=cols,
            patch=self.padded[grid],
            weights=self.kernel,
            bias=self.bias,
            padding_taps=self.padding_mask[grid],
        )

    def reads(self, out_row: int, out_col: int) -> list[tuple[int, int]]:
        """Padded (row, col) cells that output (out_row, out_col) reads: the reverse mapping."""
        return self.window(self.index_of(out_row, out_col)).cells()

    def readers(self, padded_row: int, padded_col: int) -> list[tuple[int, int]]:
        """Output cells whose window reads the padded cell (padded_row, padded_col)."""
        return [(r, c) for r in self.rows.readers(padded_row) for c in self.cols.readers(padded_col)]

    def source(self, padded_row: int, padded_col: int) -> tuple[int, int] | None:
        """Input (row, col) a padded cell's value comes from; None for a zero-padding cell."""
        r = int(self._row_source[padded_row])
        c = int(self._col_source[padded_col])
        return None if r < 0 or c < 0 else (r, c)
