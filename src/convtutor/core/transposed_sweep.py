"""The step-by-step view of a transposed convolution (one channel in, one out), in two views.

*Scatter*: input pixel (i, j) adds ``x[i, j]·w`` into the full result with its top-left tap at
``(i·s, j·s)`` (taps ``d`` apart); overlapping copies are summed. The layer keeps part of that
full result: :class:`~convtutor.core.arithmetic.TransposeAxisPlan` says how many cells it crops
before and after (a negative ``after``, from ``output_padding``, adds cells that get only the
bias). Each output cell is the sum of its contributions (input pixel, kernel tap, product),
plus the bias.

*Direct*: the same numbers as an ordinary stride-1 convolution: ``s − 1`` zeros inserted
between the input's pixels, ``k̂ − 1 − before`` cells of zero padding before and
``k̂ − 1 − after`` after (cropping the stuffed grid where that is negative: PyTorch's padding
above ``k̂ − 1``), and the kernel flipped. That is a :class:`~convtutor.core.sweep.Sweep`.

Plain Python (no NumPy), as :mod:`convtutor.core.sweep`: the grids a learner steps through are
small and every product is written out. The tests check both views against
:func:`convtutor.core.transposed.conv_transpose2d`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from convtutor.core.arithmetic import TransposeAxisPlan, TransposePlan, plan_transpose
from convtutor.core.formatting import format_number
from convtutor.core.sweep import Matrix, Sweep, Window, as_matrix

#: What a cell of the direct view's grid is.
INPUT, INSERTED, PADDING = "input", "inserted", "padding"


def _term(value: float) -> str:
    text = format_number(value)
    return f"({text})" if value < 0 else text  # 2·(-1), not 2·-1


@dataclass(frozen=True)
class Contribution:
    """One product added into an output cell: input pixel ``source`` times kernel tap ``tap``."""

    source: tuple[int, int]  # input (row, col)
    tap: tuple[int, int]  # kernel (row, col)
    value: float  # the input pixel
    weight: float  # the kernel's weight at the tap

    @property
    def product(self) -> float:
        return self.value * self.weight

    def text(self) -> str:
        """``3·2``: pixel first, weight second, as the sweep writes products."""
        return f"{_term(self.value)}·{_term(self.weight)}"


@dataclass(frozen=True)
class Landing:
    """Where one tap of an input pixel's scaled kernel copy lands."""

    tap: tuple[int, int]  # kernel (row, col)
    full: tuple[int, int]  # (row, col) in the full, uncropped result
    out: tuple[int, int] | None  # (row, col) in the output; None: cropped away
    product: float


@dataclass(frozen=True)
class Scatter:
    """Input pixel ``(row, col)``'s scaled copy of the kernel, and where each tap lands."""

    index: int
    row: int
    col: int
    value: float
    landings: tuple[Landing, ...]

    @property
    def kept(self) -> tuple[Landing, ...]:
        """The landings inside the output (not cropped)."""
        return tuple(landing for landing in self.landings if landing.out is not None)

    @property
    def cropped(self) -> int:
        return len(self.landings) - len(self.kept)

    def out_cells(self) -> list[tuple[int, int]]:
        return [landing.out for landing in self.landings if landing.out is not None]

    def full_cells(self) -> list[tuple[int, int]]:
        return [landing.full for landing in self.landings]


class TransposedSweep:
    """One channel in, one out: a transposed convolution laid out pixel by pixel (scatter) and
    window by window (direct). Arguments mirror :func:`~convtutor.core.transposed.conv_transpose2d`
    with a ``(rows, cols)`` image and a ``(kh, kw)`` kernel."""

    def __init__(
        self,
        image: object,
        kernel: object,
        bias: float = 0.0,
        *,
        stride: int | tuple[int, int] = 1,
        padding: str | int | Sequence[int] = "valid",
        output_padding: int | tuple[int, int] | None = None,
        dilation: int | tuple[int, int] = 1,
    ) -> None:
        self.image: Matrix = as_matrix(image, "image")
        self.kernel: Matrix = as_matrix(kernel, "kernel")
        self.bias = float(bias)
        self.plan: TransposePlan = plan_transpose(
            (len(self.image), len(self.image[0])), (len(self.kernel), len(self.kernel[0])),
            stride=stride, padding=padding, output_padding=output_padding, dilation=dilation,
        )
        self._sources: dict[tuple[int, int], tuple[Contribution, ...]] = {}
        self._direct: Sweep | None = None

    @cached_property
    def full(self) -> Matrix:
        """The full result, scattered pixel by pixel (row-major, the order every sum below adds in),
        when first asked: a lesson's check needs the plan's shapes only. Contributions are gathered
        only for the cells asked about: a 64×64 input with a 16×16 kernel has a million of them."""
        return self._scattered(self.pixels - 1)

    @cached_property
    def output(self) -> Matrix:
        """The layer's output: the full result cropped (or padded with zeros), plus the bias."""
        rows, cols = self.plan.rows, self.plan.cols
        return tuple(
            tuple(
                (self.full[r + rows.before][c + cols.before] if r + rows.before < rows.full and c + cols.before < cols.full else 0.0)
                + self.bias
                for c in range(cols.output)
            )
            for r in range(rows.output)
        )

    def _scattered(self, upto: int) -> Matrix:
        """The full result once input pixels 0..upto (row-major) have added their copies."""
        rows, cols = self.plan.rows, self.plan.cols
        full = [[0.0] * cols.full for _ in range(rows.full)]
        width = len(self.image[0])
        taps = [(a * rows.dilation, b * cols.dilation, weight) for a, line in enumerate(self.kernel) for b, weight in enumerate(line)]
        for index in range(upto + 1):
            i, j = divmod(index, width)
            value = self.image[i][j]
            top, left = i * rows.stride, j * cols.stride
            for da, db, weight in taps:
                full[top + da][left + db] += value * weight
        return tuple(tuple(line) for line in full)

    def _gather(self, out_row: int, out_col: int) -> tuple[Contribution, ...]:
        found = []
        for i, a in self.plan.rows.sources(out_row):
            for j, b in self.plan.cols.sources(out_col):
                found.append(Contribution((i, j), (a, b), self.image[i][j], self.kernel[a][b]))
        # In the order the scatter adds them: input pixels row-major.
        return tuple(sorted(found, key=lambda contribution: contribution.source))

    def _add(self, contributions: tuple[Contribution, ...]) -> float:
        total = 0.0
        for contribution in contributions:
            total += contribution.product
        return total + self.bias

    # -- the layout ------------------------------------------------------------------------------
    @property
    def rows(self) -> TransposeAxisPlan:
        return self.plan.rows

    @property
    def cols(self) -> TransposeAxisPlan:
        return self.plan.cols

    @property
    def shape(self) -> tuple[int, int]:
        """Output (rows, cols)."""
        return self.plan.output_shape

    @property
    def input_shape(self) -> tuple[int, int]:
        return (len(self.image), len(self.image[0]))

    @property
    def pixels(self) -> int:
        """Input pixels, each scattering one copy of the kernel."""
        return len(self.image) * len(self.image[0])

    @property
    def count(self) -> int:
        """Output cells (= the direct view's windows)."""
        return self.shape[0] * self.shape[1]

    def output_values(self) -> list[float]:
        return [v for row in self.output for v in row]

    def canvas_shape(self) -> tuple[int, int]:
        """The full result and the cells ``output_padding`` adds past it: the scatter view's canvas."""
        return (
            max(self.rows.full, self.rows.before + self.rows.output),
            max(self.cols.full, self.cols.before + self.cols.output),
        )

    def to_output(self, full_row: int, full_col: int) -> tuple[int, int] | None:
        """Output (row, col) of a cell of the canvas; None where the layer crops it."""
        r, c = full_row - self.rows.before, full_col - self.cols.before
        return (r, c) if 0 <= r < self.rows.output and 0 <= c < self.cols.output else None

    # -- scatter: one input pixel at a time --------------------------------------------------------
    def pixel_position(self, index: int) -> tuple[int, int]:
        if not 0 <= index < self.pixels:
            raise IndexError(f"Input pixel {index} does not exist; there are {self.pixels}.")
        return divmod(index, len(self.image[0]))

    def scatter(self, index: int) -> Scatter:
        """Input pixel ``index`` (row-major)'s scaled kernel copy and where it lands."""
        i, j = self.pixel_position(index)
        value = self.image[i][j]
        rows, cols = self.rows, self.cols
        landings = []
        for a, weights in enumerate(self.kernel):
            for b, weight in enumerate(weights):
                full = (i * rows.stride + a * rows.dilation, j * cols.stride + b * cols.dilation)
                landings.append(Landing((a, b), full, self.to_output(*full), value * weight))
        return Scatter(index, i, j, value, tuple(landings))

    def contributions(self, out_row: int, out_col: int) -> tuple[Contribution, ...]:
        """Every product added into output (out_row, out_col), input pixels row-major (empty:
        the bias only, a cell ``output_padding`` added or one the stride skips)."""
        key = (out_row, out_col)
        found = self._sources.get(key)
        if found is None:
            found = self._sources[key] = self._gather(out_row, out_col)
        return found

    def partial(self, out_row: int, out_col: int, upto: int) -> float | None:
        """The output cell as the scatter has built it once pixels 0..upto have added their
        copies (None: no copy has reached it yet)."""
        width = len(self.image[0])
        found = [c for c in self.contributions(out_row, out_col) if c.source[0] * width + c.source[1] <= upto]
        return None if not found else self._add(tuple(found))

    def expression(self, out_row: int, out_col: int, *, mark: tuple[int, int] | None = None, hide_sum: bool = False) -> str:
        """``o[2,2] = 1·1 + 2·1 + 3·1 + 4·1 = 10``: every contribution written out, plus the bias.
        ``mark``: the input pixel whose product is put in brackets (the one being scattered)."""
        parts = [f"[{c.text()}]" if c.source == mark else c.text() for c in self.contributions(out_row, out_col)]
        text = " + ".join(parts) if parts else "0 (no copy lands here)"
        if self.bias:
            text += f" {'+' if self.bias > 0 else '−'} {format_number(abs(self.bias))}"
        value = "?" if hide_sum else format_number(self.output[out_row][out_col])
        return f"o[{out_row},{out_col}] = {text} = {value}"

    # -- direct: a stride-1 convolution of the zero-stuffed, padded input -----------------------
    def direct_padding(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """Zero padding (before, after) per axis around the stuffed input, before any crop:
        ``k̂ − 1 − before`` and ``k̂ − 1 − after`` (negative: cells cropped off the stuffed grid)."""
        rows, cols = self.rows, self.cols
        return (
            (rows.effective_kernel - 1 - rows.before, rows.effective_kernel - 1 - rows.after),
            (cols.effective_kernel - 1 - cols.before, cols.effective_kernel - 1 - cols.after),
        )

    def direct_shape(self) -> tuple[int, int]:
        """The direct view's padded grid (rows, cols), worked out without building it."""
        (top, bottom), (left, right) = self.direct_padding()
        return (
            (len(self.image) - 1) * self.rows.stride + 1 + top + bottom,
            (len(self.image[0]) - 1) * self.cols.stride + 1 + left + right,
        )

    def direct(self) -> Sweep:
        """The equivalent ordinary sweep: stride 1, the flipped kernel (dilated as the layer is),
        over the zero-stuffed input padded (or cropped) as :meth:`direct_padding` says.

        The grid is built whole, padding included, and swept without padding of the Sweep's
        own: a crop can take more than the stuffed grid has (``output_padding`` above PyTorch's
        padding on a one-pixel axis leaves only padding), which a Sweep's image cannot be.
        :meth:`direct_cell` says what each cell is."""
        if self._direct is None:
            height, width = self.direct_shape()
            grid = [[self._direct_value(r, c) for c in range(width)] for r in range(height)]
            flipped = tuple(tuple(reversed(row)) for row in reversed(self.kernel))
            self._direct = Sweep(grid, flipped, self.bias, stride=1, dilation=(self.rows.dilation, self.cols.dilation))
        return self._direct

    def _stuffed_index(self, padded_row: int, padded_col: int) -> tuple[int, int]:
        """A direct-grid cell's (row, col) in the stuffed grid (outside it: padding)."""
        (top, _), (left, _) = self.direct_padding()
        return (padded_row - top, padded_col - left)

    def _direct_value(self, padded_row: int, padded_col: int) -> float:
        kind, source = self.direct_cell(padded_row, padded_col)
        return self.image[source[0]][source[1]] if kind == INPUT and source is not None else 0.0

    def stuffed_shape(self) -> tuple[int, int]:
        """The input with ``s − 1`` zeros between neighbouring pixels: ``(i − 1)·s + 1`` per axis."""
        return ((len(self.image) - 1) * self.rows.stride + 1, (len(self.image[0]) - 1) * self.cols.stride + 1)

    def stuffed_region(self) -> tuple[int, int, int, int] | None:
        """Where the stuffed grid lies in the direct grid: rows r0..r1-1, cols c0..c1-1 (as a
        GridPicture's box); None when the crop leaves none of it."""
        (top, _), (left, _) = self.direct_padding()
        height, width = self.direct_shape()
        rows, cols = self.stuffed_shape()
        r0, r1 = max(top, 0), min(top + rows, height)
        c0, c1 = max(left, 0), min(left + cols, width)
        return (r0, r1, c0, c1) if r0 < r1 and c0 < c1 else None

    def direct_cell(self, padded_row: int, padded_col: int) -> tuple[str, tuple[int, int] | None]:
        """What a cell of the direct view's grid is: ``input`` (with the input pixel it holds),
        ``inserted`` (a zero put between pixels) or ``padding``."""
        r, c = self._stuffed_index(padded_row, padded_col)
        rows, cols = self.stuffed_shape()
        if not (0 <= r < rows and 0 <= c < cols):
            return PADDING, None
        if r % self.rows.stride == 0 and c % self.cols.stride == 0:
            return INPUT, (r // self.rows.stride, c // self.cols.stride)
        return INSERTED, None

    def direct_window(self, out_row: int, out_col: int) -> Window:
        return self.direct().window_at(out_row, out_col)

    def why_same(self, out_row: int, out_col: int) -> str:
        """Why the direct window gives the scatter's number: its taps on real pixels are exactly
        the contributions, with the flipped kernel putting each weight where the copy put it."""
        contributions = self.contributions(out_row, out_col)
        window = self.direct_window(out_row, out_col)
        zeros = len(window.cells()) - len(contributions)
        if not contributions:
            return f"Same as the scatter: no copy lands on o[{out_row},{out_col}], and every tap of its window reads a zero."
        shown = " ".join(f"({c.source[0]},{c.source[1]})" for c in contributions[:6])
        pixels = f"input {'pixel' if len(contributions) == 1 else 'pixels'} {shown}{' …' if len(contributions) > 6 else ''}"
        return (
            f"Same as the scatter: the window meets {pixels}, each under the weight its copy put on o[{out_row},{out_col}]"
            + (f"; its other {zeros} tap{'s' * (zeros != 1)} read zeros." if zeros else ".")
        )
