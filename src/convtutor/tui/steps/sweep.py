"""The view of a sweep step: the padded input, the kernel and the output, and the window's dot
product. The state (window, filled outputs, task) is a :class:`SweepSession`; this draws it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from convtutor.core.formatting import format_number
from convtutor.learning.sweep_session import SweepSession
from convtutor.lessons.steps.sweep import SweepStep
from convtutor.state.progress import StepRecord
from convtutor.tui import commands
from convtutor.tui.steps.base import StepView
from convtutor.tui.widgets.grid import GridPicture, GridView
from convtutor.tui.widgets.number_input import NumberInput
from convtutor.tui.widgets.text_block import TextBlock

PLAY_INTERVAL = 0.6  # seconds between windows while playing
MOVE_HINT = commands.hint(("move+move-rows", "move"), ("play", "play"), ("fill", "fill the rest"), ("zeros", "hide ·0 terms"))


class SweepStepView(StepView):
    BINDINGS = commands.bindings("sweep")

    DEFAULT_CSS = """
    SweepStepView { height: 1fr; layout: vertical; }
    SweepStepView #sweep-text { max-height: 5; }
    SweepStepView #grids { height: 1fr; min-height: 5; }
    SweepStepView #input-pane { width: auto; max-width: 70%; height: 100%; }
    SweepStepView #side-pane { width: 1fr; height: 100%; padding-left: 2; }
    SweepStepView .pane-title { text-style: bold; }
    SweepStepView #input-scroll { width: auto; height: 1fr; scrollbar-size: 1 1; }
    SweepStepView #output-scroll { width: 1fr; height: 1fr; scrollbar-size: 1 1; }
    SweepStepView #kernel-grid { margin-bottom: 1; }
    SweepStepView #dot-product { max-height: 4; overflow-y: auto; padding: 0 1; border-top: solid $primary 30%; }
    SweepStepView #settings, SweepStepView #formula { padding: 0 1; color: $text-muted; }
    SweepStepView #task { height: auto; padding: 0 1; }
    SweepStepView #task-text { height: auto; }
    SweepStepView #answer-row { height: 1; display: none; }
    SweepStepView #answer-row.-shown { display: block; }
    SweepStepView #predict-label { width: auto; }
    SweepStepView #predict { width: 10; margin: 0 1; display: none; }
    SweepStepView #predict.-asking { display: block; }
    SweepStepView #task-result { width: 1fr; }
    SweepStepView #legend { color: $text-muted; padding: 0 1; }
    """

    step: SweepStep

    def __init__(self, step: SweepStep, record: StepRecord) -> None:
        super().__init__(step, record)
        self.session = SweepSession(
            step, position=record.position, done=record.done, score=record.score, predictions=record.predictions,
        )
        self._timer: Timer | None = None
        self._prepare_static_parts()

    # -- building ------------------------------------------------------------------------------
    def _prepare_static_parts(self) -> None:
        sweep = self.session.sweep
        rows, cols = sweep.rows, sweep.cols
        self._cells = [[format_number(v) for v in row] for row in sweep.padded]
        has_padding = bool(rows.before or rows.after or cols.before or cols.after)
        self._padding = (
            {(r, c) for r, row in enumerate(sweep.padding_mask) for c, marked in enumerate(row) if marked}
            if has_padding else None
        )
        self._box = (rows.before, rows.before + rows.size, cols.before, cols.before + cols.size) if has_padding else None
        self._row_labels = ["·" if rows.is_padding(i) else str(i - rows.before) for i in range(rows.padded)]
        self._col_labels = ["·" if cols.is_padding(i) else str(i - cols.before) for i in range(cols.padded)]
        self._unread = (set(sweep.unread_rows), set(sweep.unread_cols))

    def compose(self) -> ComposeResult:
        session = self.session
        if self.step.text:
            yield TextBlock(self.step.text, id="sweep-text")
        with Horizontal(id="grids"):
            with Vertical(id="input-pane"):
                yield Label(session.input_title(), classes="pane-title")
                with ScrollableContainer(id="input-scroll"):
                    yield GridView(id="input-grid")
            with Vertical(id="side-pane"):
                yield Label(session.kernel_title(), classes="pane-title")
                kernel = [[format_number(v) for v in row] for row in session.sweep.kernel]
                yield GridView(GridPicture(kernel), id="kernel-grid")
                yield Label(f"Output {session.sweep.shape[0]}×{session.sweep.shape[1]}", classes="pane-title")
                with ScrollableContainer(id="output-scroll"):
                    yield GridView(id="output-grid")
        yield Static(id="dot-product")
        yield Static(session.settings_text(), id="settings")
        yield Static(session.formula_text(), id="formula")
        yield Static("highlight: the kernel's window · box: the image (outside it, padding) · ×: never read", id="legend")
        with Vertical(id="task"):
            yield Static(id="task-text")
            with Horizontal(id="answer-row"):
                yield Label(id="predict-label")
                yield NumberInput(placeholder="value", id="predict", compact=True)
                yield Static(id="task-result")

    def on_mount(self) -> None:
        self.refresh_view(scroll=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            return self.session.is_find_task
        return True

    def focus_default(self) -> None:
        if self.session.awaiting_prediction():
            self.query_one("#predict", Input).focus()
        else:
            self.focus()

    def on_unmount(self) -> None:
        self._stop()

    @property
    def position(self) -> int:
        return self.session.index

    # -- drawing ---------------------------------------------------------------------------------
    def refresh_view(self, scroll: bool = False) -> None:
        session = self.session
        window = session.window
        self.query_one("#input-grid", GridView).show(GridPicture(
            self._cells, set(window.cells()), self._padding, self._box, *self._unread, self._row_labels, self._col_labels,
        ))
        out_cell = (window.out_row, window.out_col)
        self.query_one("#output-grid", GridView).show(GridPicture(session.output_cells(), {out_cell}))
        self.query_one("#dot-product", Static).update(session.dot_product_text())
        self._update_task()
        if scroll:
            self._scroll_into_view(window.cells(), out_cell)
        self._report_completion()

    def _scroll_into_view(self, cells: list[tuple[int, int]], out_cell: tuple[int, int]) -> None:
        grid = self.query_one("#input-grid", GridView)
        self.query_one("#input-scroll").scroll_to_region(grid.layout_info.region(cells), animate=False, immediate=True)
        output = self.query_one("#output-grid", GridView)
        self.query_one("#output-scroll").scroll_to_region(output.layout_info.region([out_cell]), animate=False, immediate=True)

    def _update_task(self) -> None:
        session = self.session
        asking = session.awaiting_prediction()
        predict = self.query_one("#predict", Input)
        predict.set_class(asking, "-asking")
        self.query_one("#answer-row").set_class(session.task is not None, "-shown")
        self.query_one("#task-text", Static).update(session.task_text(MOVE_HINT))
        self.query_one("#predict-label", Label).update(session.prediction_label())
        self.query_one("#task-result", Static).update(session.result_text)
        if asking and self.is_mounted and self.has_focus_within and not predict.has_focus:
            predict.value = ""
            predict.focus()

    def _report_completion(self) -> None:
        completion = self.session.take_completion()
        if completion is not None:
            self.post_message(self.Completed(self, completion.score))

    # -- actions ---------------------------------------------------------------------------------
    def action_move(self, by: int) -> None:
        self.session.move(by)
        self.refresh_view(scroll=True)

    def action_move_rows(self, by: int) -> None:
        self.session.move_rows(by)
        self.refresh_view(scroll=True)

    def action_jump(self, where: int) -> None:
        self.session.jump(where)
        self.refresh_view(scroll=True)

    def action_fill(self) -> None:
        self._stop()
        self.session.fill()
        self.refresh_view(scroll=True)

    def action_play(self) -> None:
        if self._timer is not None:
            self._stop()
            self.notify("Paused", timeout=1)
            return
        self.session.start_playing()
        self.refresh_view(scroll=True)
        self._timer = self.set_interval(PLAY_INTERVAL, self._tick)

    def _tick(self) -> None:
        if not self.session.tick():
            self._stop()
        self.refresh_view(scroll=True)

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def action_toggle_zeros(self) -> None:
        self.session.toggle_zero_weights()
        self.refresh_view()

    def action_answer(self) -> None:
        self.session.this_one()
        self.refresh_view()

    @on(Input.Submitted, "#predict")
    def _predicted(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.session.predict(event.value):
            self._update_task()
            return
        event.input.value = ""
        self.post_message(self.Changed())  # the prediction is in the record: save it
        if not self.session.awaiting_prediction():
            self.focus()
        self.refresh_view(scroll=True)

    @on(GridView.CellClicked, "#output-grid")
    def _clicked_output(self, event: GridView.CellClicked) -> None:
        event.stop()
        self.session.click_output(event.row, event.col)
        self.refresh_view(scroll=True)

    @on(GridView.CellClicked, "#input-grid")
    def _clicked_input(self, event: GridView.CellClicked) -> None:
        event.stop()
        readers = self.session.click_input(event.row, event.col)
        if readers:
            self.refresh_view(scroll=True)
            if readers > 1:
                self.notify(f"{readers} windows read this cell; showing the first.", timeout=2)
        else:
            self.notify("No window reads this cell.", timeout=2)


VIEW = SweepStepView
