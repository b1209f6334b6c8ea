"""The view of a pooling step: the (padded) input with the window lit, the output filling in,
and under them the window written out: ``max(1, 5, 2, 0) = 5`` with the winning pixels marked ▲
in the grid, or ``(a + b + c + d) / 4`` and whether the padding counts in the divisor. Padding
shows as 0 where it counts in an average and · where it does not (Keras, max, or PyTorch's
count_include_pad false); cells a ceil_mode window reaches past the padding are blank. A
predict task asks for each value as the sweep's does. The state is a :class:`PoolSession`.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from convtutor.core.formatting import format_number
from convtutor.core.pool_sweep import INPUT, PADDING
from convtutor.learning.pool_session import PoolSession
from convtutor.lessons.steps.pool_sweep import PoolSweepStep
from convtutor.state.progress import StepRecord
from convtutor.tui import commands
from convtutor.tui.steps.layer_sweep import SWEEP_KEYS, LayerSweepView
from convtutor.tui.widgets.answer_input import AnswerInput
from convtutor.tui.widgets.grid import GridPicture, GridView

MOVE_HINT = commands.hint(("move+move-rows", "move"), ("play", "play"), ("fill", "fill the rest"))
WINNER = "▲"


class PoolSweepStepView(LayerSweepView):
    BINDINGS = commands.bindings("sweep", only=SWEEP_KEYS)
    DEFAULT_CSS = """
    PoolSweepStepView #answer-row { height: auto; padding: 0 1; display: none; }
    PoolSweepStepView #answer-row.-shown { display: block; }
    PoolSweepStepView #predict-label { width: auto; }
    PoolSweepStepView #predict { width: 10; margin: 0 1; display: none; }
    PoolSweepStepView #predict.-asking { display: block; }
    PoolSweepStepView #task-result { width: 1fr; height: auto; }
    """

    step: PoolSweepStep
    has_kernel = False

    def __init__(self, step: PoolSweepStep, record: StepRecord) -> None:
        super().__init__(step, record)
        self.session = PoolSession.from_step(
            step, position=record.position, done=record.done, score=record.score, predictions=record.predictions,
        )
        self._values = self._value_texts()

    def compose_task(self) -> ComposeResult:
        yield Static(id="task", markup=False)
        with Horizontal(id="answer-row"):
            yield Label(id="predict-label", markup=False)
            yield AnswerInput(placeholder="value", id="predict", compact=True)
            yield Static(id="task-result", markup=False)

    def task_rows(self, width: int) -> int:
        """The task line, and with a task the answer row (the box, then the last answer's result)."""
        rows = super().task_rows(width)
        if self.session.has_task:
            rows += max(self.rows_of(self.session.result_text, width - 20), 1)
        return rows

    def _value_texts(self) -> list[list[str]]:
        """Every grid cell's text, without the winner's mark (room is kept for it)."""
        sweep = self.session.sweep
        height, width = sweep.grid_shape
        texts = []
        for r in range(height):
            line = []
            for c in range(width):
                kind = sweep.cell_kind(r, c)
                if kind == INPUT:
                    line.append(format_number(sweep.value(r, c) or 0.0))
                elif kind == PADDING:
                    line.append("0" if sweep.count_padding else "·")
                else:
                    line.append("")
            texts.append(line)
        return texts

    def focus_default(self) -> None:
        if self.session.awaiting_prediction():
            self.query_one("#predict", Input).focus()
        else:
            self.focus()

    # -- drawing -----------------------------------------------------------------------------------------
    def draw(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        session = self.session
        sweep = session.sweep
        winners = set(session.winners())
        mark = sweep.pool == "max"
        size = max(len(t) for row in self._values for t in row) + int(mark)
        cells = [
            [((WINNER if (r, c) in winners else "") + text).rjust(size) for c, text in enumerate(row)]
            for r, row in enumerate(self._values)
        ]
        height, width = sweep.grid_shape
        rows, cols = sweep.rows, sweep.cols
        padding = {(r, c) for r in range(height) for c in range(width) if sweep.cell_kind(r, c) != INPUT}
        box = (rows.before, rows.before + rows.size, cols.before, cols.before + cols.size) if padding else None
        window = session.window
        self.show_grid("input-grid", GridPicture(
            cells, set(window.cells), padding or None, box,
            row_labels=[_label(r - rows.before, rows.size) for r in range(height)],
            col_labels=[_label(c - cols.before, cols.size) for c in range(width)],
        ))
        out = (window.out_row, window.out_col)
        self.show_grid("output-grid", GridPicture(session.output_cells(), {out}))
        self.set_text("input-title", session.input_title())
        self.set_text("output-title", session.output_title())
        self.set_text("sum", session.expression_text())
        self.set_text("settings", session.settings_text())
        self.set_text("formula", session.formula_text())
        self.set_text("legend", self._legend(bool(padding)))
        self._update_task()
        return list(window.cells), [out]

    def _legend(self, padded: bool) -> str:
        parts = ["lit: the window"]
        if self.session.sweep.pool == "max":
            parts.append(f"{WINNER}: the largest pixel (ties: each)")
        if padded:
            sweep = self.session.sweep
            counts = "0: padding counted in the average" if sweep.count_padding else "· in the grid: padding, never counted"
            parts.append(f"│ edges: the image (outside, dim: padding; {counts})")
        return " · ".join(parts)

    def _update_task(self) -> None:
        session = self.session
        asking = session.awaiting_prediction()
        predict = self.query_one("#predict", Input)
        predict.set_class(asking, "-asking")
        self.query_one("#answer-row").set_class(session.has_task, "-shown")
        self.set_text("task", session.task_text(MOVE_HINT, in_lesson=self.in_lesson))
        self.set_text("predict-label", session.prediction_label())
        self.set_text("task-result", session.result_text)
        if asking and self.is_mounted and self.has_focus_within and not predict.has_focus:
            predict.value = ""
            predict.focus()

    # -- actions ---------------------------------------------------------------------------------------
    @on(Input.Submitted, "#predict")
    def _predicted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.session.predict(event.value):  # free: unreadable, rounded, or the same wrong answer again
            event.input.select_all()  # kept to correct with the arrows; typing replaces it
            self._update_task()
            return
        event.input.value = ""
        self.post_message(self.Changed())  # the prediction is in the record: save it
        if not self.session.awaiting_prediction():
            self.focus()
        self.refresh_view()

    @on(GridView.CellClicked, "#output-grid")
    def _clicked_output(self, event: GridView.CellClicked) -> None:
        event.stop()
        self.session.click_output(event.row, event.col)
        self.refresh_view()

    @on(GridView.CellClicked, "#input-grid")
    def _clicked_input(self, event: GridView.CellClicked) -> None:
        event.stop()
        if self.session.click_input(event.row, event.col):
            self.refresh_view()


def _label(index: int, size: int) -> str:
    return str(index) if 0 <= index < size else "·"


VIEW = PoolSweepStepView
