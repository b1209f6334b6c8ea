"""The step-by-step view of one convolution filter, for animating and explaining it.

A :class:`Sweep` works out every window the way a learner would: the patch under the kernel,
the products, their sum, the bias. The input may have several channels, and then the kernel
has one slice per channel (Keras' kh×kw×C_in kernel of one filter): a window adds up every
channel's products, then the bias. It is plain Python (lists, no NumPy): the grids a learner
steps through are small, every product has to be written out anyway, and it keeps NumPy out
of the app. The tests check its output against :func:`conv2d` and PyTorch.

Windows are numbered in row-major order, the order Keras and PyTorch slide them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain as _chain
from typing import Any

from convtutor.core.arithmetic import AxisPlan, Padding2D, plan_conv, source_indices
from convtutor.core.formatting import format_number

Matrix = tuple[tuple[float, ...], ...]


def as_matrix(value: object, name: str) -> Matrix:
    """A 2-D grid of numbers (nested lists, tuples or a NumPy array) as a tuple of float rows."""
    if hasattr(value, "tolist"):
        value = value.tolist()  # a NumPy array
    if not isinstance(value, Sequence) or not value or not all(isinstance(row, Sequence) and not isinstance(row, str) for row in value):
        raise ValueError(f"A sweep needs a 2-D {name} (rows of numbers).")
    width = len(value[0])
    if width == 0 or any(len(row) != width for row in value):
        raise ValueError(f"Every row of the {name} needs the same number of values, and at least one.")
    try:
        return tuple(tuple(float(v) for v in row) for row in value)
    except (TypeError, ValueError):
        raise ValueError(f"The {name} must hold numbers only.") from None


def _is_grid3(value: object) -> bool:
    """Rows of pixels that are themselves lists: a (rows, cols, channels) grid."""
    try:
        first = value[0][0]  # type: ignore[index]
    except (TypeError, IndexError, KeyError):
        return False
    return isinstance(first, Sequence) and not isinstance(first, str)


def as_channels(value: object, name: str) -> tuple[Matrix, ...]:
    """A 2-D grid (one channel) or a 3-D grid ``(rows, cols, channels)``, channels last as in
    Keras, as one matrix per channel."""
    if hasattr(value, "tolist"):
        value = value.tolist()  # a NumPy array
    if not _is_grid3(value):
        return (as_matrix(value, name),)
    assert isinstance(value, Sequence)
    width = len(value[0])
    depth = len(value[0][0])
    if depth == 0 or any(
        not isinstance(row, Sequence) or len(row) != width
        or any(not isinstance(pixel, Sequence) or isinstance(pixel, str) or len(pixel) != depth for pixel in row)
        for row in value
    ):
        raise ValueError(
            f"A 3-D {name} is (rows, cols, channels): every row needs the same number of pixels, "
            "and every pixel the same number of channels, at least one."
        )
    try:
        return tuple(tuple(tuple(float(pixel[c]) for pixel in row) for row in value) for c in range(depth))
    except (TypeError, ValueError):
        raise ValueError(f"The {name} must hold numbers only.") from None


def _same_shape(channels: tuple[Matrix, ...], name: str) -> None:
    rows, cols = len(channels[0]), len(channels[0][0])
    for c, grid in enumerate(channels[1:], start=2):
        if (len(grid), len(grid[0])) != (rows, cols):
            raise ValueError(
                f"Channel {c} of the {name} is {len(grid)}×{len(grid[0])} but channel 1 is {rows}×{cols}; "
                "every channel needs the same size."
            )


@dataclass(frozen=True)
class Window:
    """One application of the kernel (over every channel)."""

    index: int
    out_row: int
    out_col: int
    rows: tuple[int, ...]  # padded row of each kernel row's tap
    cols: tuple[int, ...]  # padded column of each kernel column's tap
    patches: tuple[Matrix, ...]  # per channel: the values the kernel reads
    kernels: tuple[Matrix, ...]  # per channel: the kernel's slice
    bias: float
    padding_taps: tuple[tuple[bool, ...], ...]  # True where a tap reads a padding cell (the same in every channel)

    @property
    def channels(self) -> int:
        return len(self.patches)

    @property
    def patch(self) -> Matrix:
        """The values the kernel reads in the first channel (a single-channel sweep's only one)."""
        return self.patches[0]

    @property
    def weights(self) -> Matrix:
        """The kernel's first channel (a single-channel sweep's whole kernel)."""
        return self.kernels[0]

    @property
    def products(self) -> Matrix:
        """The first channel's products (see :meth:`channel_products`)."""
        return self.channel_products(0)

    def channel_products(self, channel: int) -> Matrix:
        return tuple(
            tuple(v * w for v, w in zip(prow, wrow, strict=True))
            for prow, wrow in zip(self.patches[channel], self.kernels[channel], strict=True)
        )

    def channel_terms(self, channel: int) -> list[tuple[float, float]]:
        """(input value, weight) for every tap of one channel, row-major."""
        # One zip over the flattened grids: every Sweep computes this for each window, and a
        # zip per row (each with strict=) made building a Sweep about 5% slower.
        return list(zip(_chain.from_iterable(self.patches[channel]), _chain.from_iterable(self.kernels[channel]), strict=True))

    def channel_total(self, channel: int) -> float:
        """One channel's products added up."""
        return float(sum(v * w for v, w in self.channel_terms(channel)))

    @property
    def total(self) -> float:
        """Sum of the element-wise products over every channel, before the bias: each channel's
        sum, then those sums added up (the order :class:`Sweep` adds them in)."""
        if len(self.patches) == 1:
            return self.channel_total(0)
        total = 0.0
        for channel in range(len(self.patches)):
            total += self.channel_total(channel)
        return total

    @property
    def result(self) -> float:
        return self.total + self.bias

    @property
    def top_left(self) -> tuple[int, int]:
        return (self.rows[0], self.cols[0])

    @property
    def padding_count(self) -> int:
        """Taps on the padding (counted once, not once per channel)."""
        return sum(sum(row) for row in self.padding_taps)

    def cells(self) -> list[tuple[int, int]]:
        """Padded (row, col) of every tap, row-major."""
        return [(r, c) for r in self.rows for c in self.cols]

    def terms(self) -> list[tuple[float, float]]:
        """(input value, weight) for every tap, row-major, channel after channel."""
        return [term for channel in range(len(self.patches)) for term in self.channel_terms(channel)]

    def _channel_expression(self, channel: int, skip_zero_weights: bool, mark_padding: bool) -> str:
        def term(value: float) -> str:
            text = format_number(value)
            return f"({text})" if value < 0 else text  # 2·(-1), not 2·-1

        padding = [tap for row in self.padding_taps for tap in row]
        parts = [
            (f"[{format_number(v)}]" if mark_padding and on_padding else term(v)) + f"·{term(w)}"
            for (v, w), on_padding in zip(self.channel_terms(channel), padding, strict=True)
            if not (skip_zero_weights and w == 0)
        ]
        return " + ".join(parts) if parts else "0"

    def expression(self, *, skip_zero_weights: bool = False, mark_padding: bool = False, hide_sums: bool = False) -> str:
        """The dot product written out, e.g. ``0·0 + 1·1 + 0·0 + ... = 3``, with the bias
        (pixel first, weight second). ``mark_padding`` writes pixels read from the padding in
        brackets: ``[0]·1``. ``hide_sums`` writes ``?`` for every sum (a value to predict).

        With several channels, one line per channel with its sum, then the sums added up and
        the bias: ``ch 1: 1·1 + ... = 12`` ... ``→ 12 + 3 − 2 + bias 1 = 14``."""
        if len(self.patches) == 1:
            text = self._channel_expression(0, skip_zero_weights, mark_padding)
            if self.bias:
                sign = "+" if self.bias > 0 else "−"
                text += f" {sign} {format_number(abs(self.bias))}"
            return f"{text} = {'?' if hide_sums else format_number(self.result)}"
        lines = []
        for channel in range(len(self.patches)):
            total = "?" if hide_sums else format_number(self.channel_total(channel))
            lines.append(f"ch {channel + 1}: {self._channel_expression(channel, skip_zero_weights, mark_padding)} = {total}")
        if hide_sums:
            sums = " + ".join(f"ch {channel + 1}" for channel in range(len(self.patches)))
        else:
            sums = ""
            for channel in range(len(self.patches)):
                value = self.channel_total(channel)
                if not sums:
                    sums = format_number(value)
                else:
                    sums += f" − {format_number(-value)}" if value < 0 else f" + {format_number(value)}"
        if self.bias:
            bias = format_number(self.bias)
            sums += f" + bias ({bias})" if self.bias < 0 else f" + bias {bias}"
        lines.append(f"→ {sums} = {'?' if hide_sums else format_number(self.result)}")
        return "\n".join(lines)


class Sweep:
    """One filter of a convolution laid out window by window.

    Arguments mirror :func:`conv2d`, with an image of one channel ``(rows, cols)`` or several
    ``(rows, cols, channels)`` (channels last, as in Keras) and a kernel of one filter:
    ``(kh, kw)`` or ``(kh, kw, channels)``. :meth:`from_channels` takes one matrix per
    channel instead. Each output is every channel's products added up, plus the bias: the
    same as ``conv2d(image, kernel[..., None], bias)``.
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
        self._build(
            as_channels(image, "image"), as_channels(kernel, "kernel"), bias,
            stride=stride, padding=padding, dilation=dilation, padding_mode=padding_mode,
        )

    @classmethod
    def from_channels(
        cls,
        images: Sequence[object],
        kernels: Sequence[object],
        bias: float = 0.0,
        *,
        stride: int | tuple[int, int] = 1,
        padding: Padding2D = "valid",
        dilation: int | tuple[int, int] = 1,
        padding_mode: str = "zeros",
    ) -> Sweep:
        """A sweep of one 2-D matrix per input channel and one 2-D kernel slice per channel
        (as a lesson lists them): ``images[c]`` is channel c, ``kernels[c]`` its slice."""
        if not images or not kernels:
            raise ValueError("A sweep needs at least one channel of image and of kernel.")
        sweep = cls.__new__(cls)
        sweep._build(
            tuple(as_matrix(grid, "image") for grid in images), tuple(as_matrix(grid, "kernel") for grid in kernels), bias,
            stride=stride, padding=padding, dilation=dilation, padding_mode=padding_mode,
        )
        return sweep

    def _build(
        self, images: tuple[Matrix, ...], kernels: tuple[Matrix, ...], bias: float, *,
        stride: int | tuple[int, int], padding: Padding2D, dilation: int | tuple[int, int], padding_mode: str,
    ) -> None:
        _same_shape(images, "image")
        _same_shape(kernels, "kernel")
        if len(images) != len(kernels):
            raise ValueError(
                f"The image has {len(images)} channel{'s' * (len(images) != 1)} but the kernel has {len(kernels)}; "
                "a kernel needs one slice per input channel (kh×kw×C_in, as in Keras)."
            )
        #: One matrix per channel; ``image`` and ``kernel`` are the first (a single-channel sweep's only one).
        self.images = images
        self.kernels = kernels
        self.image = images[0]
        self.kernel = kernels[0]
        self.bias = float(bias)
        self.plan = plan_conv(
            (len(self.image), len(self.image[0])), (len(self.kernel), len(self.kernel[0])),
            stride=stride, padding=padding, dilation=dilation, padding_mode=padding_mode,
        )
        self._row_source = source_indices(self.rows, self.padding_mode)
        self._col_source = source_indices(self.cols, self.padding_mode)
        # Padding cells are marked in their own grid so that the UI never has to guess from values.
        # (Row by row from two axis masks: a 68×68 grid cell by cell cost a few ms of every change.)
        col_mask = tuple(self.cols.is_padding(j) for j in range(self.cols.padded))
        all_padding = (True,) * self.cols.padded
        self.padding_mask = tuple(all_padding if self.rows.is_padding(i) else col_mask for i in range(self.rows.padded))
        #: The padded grid of every channel; ``padded`` is the first channel's.
        self.padded_channels = tuple(
            tuple(tuple(0.0 if r < 0 or c < 0 else image[r][c] for c in self._col_source) for r in self._row_source)
            for image in images
        )
        self.padded = self.padded_channels[0]
        self.output = self._outputs()

    @property
    def channels(self) -> int:
        """Input channels (= the kernel's slices)."""
        return len(self.images)

    def _outputs(self) -> Matrix:
        """Every window's result, as :meth:`Window.result` works it out (the same products added
        in the same order, so the numbers are identical) but without building each Window: a
        64×64 sweep takes a few milliseconds instead of tens."""
        rows_out, cols_out = self.shape
        col_taps = [self.cols.taps(c) for c in range(cols_out)]
        bias = self.bias
        output = []
        if len(self.images) == 1:
            kernel = [list(enumerate(row)) for row in self.kernel]
            for r in range(rows_out):
                lines = [self.padded[i] for i in self.rows.taps(r)]
                values = []
                for taps in col_taps:
                    total = 0.0
                    for line, weights in zip(lines, kernel, strict=True):
                        for j, weight in weights:
                            total += line[taps[j]] * weight
                    values.append(total + bias)
                output.append(tuple(values))
            return tuple(output)
        # Several channels: each channel's sum first, then the sums added (as Window.total).
        kernels = [[list(enumerate(row)) for row in kernel] for kernel in self.kernels]
        for r in range(rows_out):
            row_taps = self.rows.taps(r)
            channel_lines = [[padded[i] for i in row_taps] for padded in self.padded_channels]
            values = []
            for taps in col_taps:
                total = 0.0
                for lines, kernel in zip(channel_lines, kernels, strict=True):
                    channel_total = 0.0
                    for line, weights in zip(lines, kernel, strict=True):
                        for j, weight in weights:
                            channel_total += line[taps[j]] * weight
                    total += channel_total
                values.append(total + bias)
            output.append(tuple(values))
        return tuple(output)

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

    def output_values(self) -> list[float]:
        """The output, row-major."""
        return [v for row in self.output for v in row]

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
    def window_at(self, out_row: int, out_col: int) -> Window:
        rows = self.rows.taps(out_row)
        cols = self.cols.taps(out_col)
        return Window(
            index=out_row * self.shape[1] + out_col,
            out_row=out_row,
            out_col=out_col,
            rows=rows,
            cols=cols,
            patches=tuple(tuple(tuple(padded[r][c] for c in cols) for r in rows) for padded in self.padded_channels),
            kernels=self.kernels,
            bias=self.bias,
            padding_taps=tuple(tuple(self.padding_mask[r][c] for c in cols) for r in rows),
        )

    def window(self, index: int) -> Window:
        return self.window_at(*self.position(index))

    def reads(self, out_row: int, out_col: int) -> list[tuple[int, int]]:
        """Padded (row, col) cells that output (out_row, out_col) reads: the reverse mapping."""
        return self.window(self.index_of(out_row, out_col)).cells()

    def readers(self, padded_row: int, padded_col: int) -> list[tuple[int, int]]:
        """Output cells whose window reads the padded cell (padded_row, padded_col), row-major
        (in every channel: the channels share the windows)."""
        return [(r, c) for r in self.rows.readers(padded_row) for c in self.cols.readers(padded_col)]

    def source(self, padded_row: int, padded_col: int) -> tuple[int, int] | None:
        """Input (row, col) a padded cell's value comes from; None for a zero-padding cell."""
        r = self._row_source[padded_row]
        c = self._col_source[padded_col]
        return None if r < 0 or c < 0 else (r, c)


def chain(image: object, layers: Sequence[tuple[object, float, Mapping[str, Any]]]) -> list[Matrix]:
    """Run a single-channel stack: ``layers`` are (kernel, bias, settings for Sweep); each
    layer's output feeds the next. Returns every layer's feature map."""
    maps: list[Matrix] = []
    current: object = image
    for kernel, bias, settings in layers:
        current = Sweep(current, kernel, bias, **settings).output
        maps.append(current)
    return maps
