"""A sweep as frames: one per window, as the app shows it when the learner steps to that window
(the window highlighted, the outputs so far filled in, the dot product written out with its
sum), then a last frame with the whole output.

Everything is taken from :class:`~convtutor.learning.sweep_session.SweepSession`, the state
machine the app's sweep view draws: the titles, the output grid's texts and the dot product are
the same strings the learner reads. A task (predict, find) is left out: an export shows the
answers.
"""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from convtutor.core.formatting import format_number
from convtutor.export import ExportError
from convtutor.learning.sweep_session import SweepSession
from convtutor.lessons.steps.sweep import SweepStep

MAX_WINDOWS = 1600  # an animation of more windows than this (40×40 outputs) is refused: use txt (a gif: see image.py)

Cells = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Frame:
    """One frame: a window (or, for the last frame, none) and what is written for it."""

    index: int  # the window's index, row-major, counting from 0; the last frame's is the window count
    window: frozenset[tuple[int, int]]  # padded (row, col) of every tap of the window; empty on the last frame
    output: tuple[int, int] | None  # the output cell it writes; None on the last frame
    value: str  # its sum (with the bias), as the app writes it; the last frame: ""
    head: str  # "Window 1 of 36 → output (0, 0) = 2" (the last frame: "Output 6×6: all 36 windows")
    lines: tuple[str, ...]  # the dot product written out, as the app writes it (its short form, whose head is ``head``)
    dot_product: str  # the app's dot product text (head and expression), one or more lines
    outputs: Cells  # the output grid's texts: the values so far, "·" for the rest

    @property
    def is_final(self) -> bool:
        return self.output is None


@dataclass(frozen=True)
class SweepFrames:
    """A sweep step laid out for export: its grids, its texts and one frame per window."""

    title: str  # the slide's heading
    settings: str  # "input 8×8 · kernel 3×3 · stride 1 · padding 'valid' = 0 per side"
    formula: str
    input_title: str
    kernel_title: str
    output_title: str
    input_cells: Cells  # the padded input (channel 1), formatted
    padding: frozenset[tuple[int, int]]  # padded (row, col) of the cells that are padding
    kernel_cells: Cells  # the kernel (its slice for channel 1), formatted
    shape: tuple[int, int]  # output rows, cols
    values: tuple[float, ...]  # every output, row-major (the numbers, not their texts)
    windows: tuple[Frame, ...]  # one per window, row-major
    final: Frame  # every output filled in, no window

    @property
    def count(self) -> int:
        """Windows (= outputs)."""
        return len(self.windows)

    @property
    def frames(self) -> tuple[Frame, ...]:
        """What an animation shows: every window, then the whole output."""
        return (*self.windows, self.final)

    @property
    def padded_shape(self) -> tuple[int, int]:
        return len(self.input_cells), len(self.input_cells[0])


def _cells(grid: object) -> Cells:
    return tuple(tuple(format_number(v) for v in row) for row in grid)  # type: ignore[attr-defined]


def sweep_frames(step: SweepStep, title: str = "", *, limit: int | None = MAX_WINDOWS) -> SweepFrames:
    """The frames of a sweep step (``limit``: ExportError above this many windows)."""
    try:
        session = SweepSession(msgspec.structs.replace(step, task=None))
    except ValueError as error:  # a lesson's sweep the core refuses (the validator says so too)
        raise ExportError(f"this sweep cannot be swept: {error}") from None
    sweep = session.sweep
    count = session.count
    if limit is not None and count > limit:
        raise ExportError(f"this sweep has {count} windows; an animation takes at most {limit} (txt takes any)")
    rows_out, cols_out = sweep.shape
    windows = []
    for index in range(count):
        session.go(index)
        window = session.window
        short = session.dot_product_text(short=True).split("\n")
        windows.append(Frame(
            index=index, window=frozenset(window.cells()), output=(window.out_row, window.out_col),
            value=format_number(window.result), head=short[0], lines=tuple(short[1:]),
            dot_product=session.dot_product_text(), outputs=tuple(tuple(row) for row in session.output_cells()),
        ))
    output_title = f"Output {rows_out}×{cols_out}"
    final = Frame(
        index=count, window=frozenset(), output=None, value="",
        head=f"{output_title}: all {count} window{'s' * (count != 1)}",
        lines=tuple(session.formula_text().split("\n")), dot_product=f"{output_title}: all {count} window{'s' * (count != 1)}",
        outputs=tuple(tuple(row) for row in session.output_cells()),
    )
    mask = sweep.padding_mask
    return SweepFrames(
        title=title or step.title or step.id, settings=session.settings_text(), formula=session.formula_text(),
        input_title=session.input_title(), kernel_title=session.kernel_title(), output_title=output_title,
        input_cells=_cells(sweep.padded_channels[0]),
        padding=frozenset((r, c) for r, row in enumerate(mask) for c, marked in enumerate(row) if marked),
        kernel_cells=_cells(sweep.kernels[0]), shape=(rows_out, cols_out), values=tuple(sweep.output_values()),
        windows=tuple(windows), final=final,
    )
