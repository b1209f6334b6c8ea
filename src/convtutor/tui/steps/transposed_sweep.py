"""The view of a transposed-convolution step, in the two views the learner toggles (``o``: the other view).

Scatter: the input with the pixel being scattered; the kernel; the full result with that
pixel's scaled kernel copy lit where it lands (the layer's output boxed by │ edges, the cells
it crops dim, · in the rulers); under the grids, the output cell's sum written out with the
current pixel's product in brackets. Direct: the zero-stuffed, padded input (the stuffed grid
boxed, padding outside the box, inserted rows and columns marked - in the rulers) with the
window of the flipped kernel, the output filling in, the window's products and why it is the
same number. The state is a :class:`TransposedSession`.
"""

from __future__ import annotations

from textual import on

from convtutor.core.formatting import format_number
from convtutor.core.transposed_sweep import PADDING
from convtutor.learning.transposed_session import TransposedSession
from convtutor.lessons.steps.transposed_sweep import TransposedSweepStep
from convtutor.state.progress import StepRecord
from convtutor.tui import commands
from convtutor.tui.steps.layer_sweep import SWEEP_KEYS, LayerSweepView
from convtutor.tui.widgets.grid import GridPicture, GridView

MOVE_HINT = commands.hint(("move+move-rows", "move"), ("play", "play"), ("fill", "fill"), ("toggle-view", "scatter/direct"))


class TransposedSweepStepView(LayerSweepView):
    BINDINGS = commands.bindings("sweep", only=SWEEP_KEYS) + commands.bindings("transposed")

    step: TransposedSweepStep

    def __init__(self, step: TransposedSweepStep, record: StepRecord) -> None:
        super().__init__(step, record)
        self.session = TransposedSession.from_step(step, position=record.position, done=record.done)

    def secondary_names(self) -> tuple[str, ...]:
        # The scatter view's promise that a plain sweep gives the same numbers comes first (the
        # direct view says why under its sum).
        return ("why", "settings", "formula", "legend")

    # -- drawing -----------------------------------------------------------------------------------------
    def draw(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        session = self.session
        self.set_text("input-title", session.input_title())
        self.set_text("kernel-title", session.kernel_title())
        self.show_grid("kernel-grid", GridPicture(session.kernel_cells()))
        if session.scatter:
            inputs, outputs = self._draw_scatter()
        else:
            inputs, outputs = self._draw_direct()
        self.set_text("sum", session.lines_under_grids())
        self.set_text("why", session.why_text() if session.scatter else "")
        self.set_text("settings", session.settings_text())
        self.set_text("formula", session.formula_text())
        self.set_text("legend", self._legend())
        self.set_text("task", session.task_text(MOVE_HINT, in_lesson=self.in_lesson))
        return inputs, outputs

    def _draw_scatter(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        session = self.session
        sweep = session.sweep
        copy = sweep.scatter(session.pixel)
        height, width = sweep.input_shape
        texts = [[format_number(v) for v in row] for row in sweep.image]
        size = max(len(t) for row in texts for t in row)
        self.show_grid("input-grid", GridPicture(
            [[t.rjust(size) for t in row] for row in texts], {(copy.row, copy.col)},
            row_labels=[str(r) for r in range(height)], col_labels=[str(c) for c in range(width)],
        ))
        rows, cols = sweep.rows, sweep.cols
        canvas_h, canvas_w = sweep.canvas_shape()
        cropped = {(r, c) for r in range(canvas_h) for c in range(canvas_w) if sweep.to_output(r, c) is None}
        box = (rows.before, rows.before + rows.output, cols.before, cols.before + cols.output) if cropped else None
        lit = set(copy.full_cells())
        focus = (session.focus[0] + rows.before, session.focus[1] + cols.before)
        lit.add(focus)
        self.show_grid("output-grid", GridPicture(
            session.canvas_cells(), lit, cropped or None, box,
            row_labels=[_label(r - rows.before, rows.output) for r in range(canvas_h)],
            col_labels=[_label(c - cols.before, cols.output) for c in range(canvas_w)],
        ))
        title = session.output_title()
        if cropped:
            title += f" (of the full {canvas_h}×{canvas_w})"
        self.set_text("output-title", title)
        return [(copy.row, copy.col)], sorted(lit)

    def _draw_direct(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        session = self.session
        sweep = session.sweep
        direct = sweep.direct()
        texts = [[format_number(v) for v in row] for row in direct.padded]
        size = max(len(t) for row in texts for t in row)
        height, width = sweep.direct_shape()
        padding = {(r, c) for r in range(height) for c in range(width) if sweep.direct_cell(r, c)[0] == PADDING}
        box = sweep.stuffed_region() if padding else None
        window = sweep.direct_window(*session.focus)
        self.show_grid("input-grid", GridPicture(
            [[t.rjust(size) for t in row] for row in texts], set(window.cells()), padding or None, box,
            row_labels=[self._direct_label(r, 0) for r in range(height)],
            col_labels=[self._direct_label(c, 1) for c in range(width)],
        ))
        self.show_grid("output-grid", GridPicture(session.output_cells(), {session.focus}))
        self.set_text("output-title", session.output_title())
        return window.cells(), [session.focus]

    def _direct_label(self, index: int, axis: int) -> str:
        """The direct grid's ruler: the input row (column) a line holds, - for inserted zeros, · for padding."""
        sweep = self.session.sweep
        stuffed = index - sweep.direct_padding()[axis][0]  # the line in the stuffed grid
        stride = (sweep.rows if axis == 0 else sweep.cols).stride
        if not 0 <= stuffed < sweep.stuffed_shape()[axis]:
            return "·"
        return str(stuffed // stride) if stuffed % stride == 0 else "-"

    def _legend(self) -> str:
        if self.session.scatter:
            parts = ["lit: the current pixel's kernel copy, and the output cell written out"]
            if self.session.sweep.canvas_shape() != self.session.sweep.shape:
                parts.append("│ edges: the layer's output (outside, dim, · in the rulers: cropped)")
            return " · ".join(parts)
        return ("lit: the window of the flipped kernel · │ edges: the stuffed input (- in the rulers: inserted zeros) · "
                "outside, dim, · in the rulers: padding")

    # -- actions ---------------------------------------------------------------------------------------
    def action_toggle_view(self) -> None:
        self._stop()
        self.session.toggle_view()
        self.refresh_view()
        self.post_message(self.Changed())  # the view is part of the saved position

    @on(GridView.CellClicked, "#output-grid")
    def _clicked_output(self, event: GridView.CellClicked) -> None:
        event.stop()
        session = self.session
        if session.scatter:
            out = session.sweep.to_output(event.row, event.col)
            if out is None:
                self.notify("The layer crops this cell: it is not in the output.", timeout=2)
                return
            session.click_output(*out)
        else:
            session.click_output(event.row, event.col)
        self.refresh_view()

    @on(GridView.CellClicked, "#input-grid")
    def _clicked_input(self, event: GridView.CellClicked) -> None:
        event.stop()
        if self.session.scatter:
            self.session.click_input(event.row, event.col)
            self.refresh_view()


def _label(index: int, size: int) -> str:
    return str(index) if 0 <= index < size else "·"


VIEW = TransposedSweepStepView
