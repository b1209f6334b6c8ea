"""The sweep step: slide the kernel over the padded input, one stride at a time."""

from __future__ import annotations

import math

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, ScrollableContainer, Vertical
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from convtutor.core.formatting import format_number
from convtutor.lessons.step_settings import make_sweep
from convtutor.lessons.schema import SweepStep
from convtutor.tui.widgets.grid import GridPicture, GridView
from convtutor.tui.widgets.number_input import NumberInput
from convtutor.tui.widgets.step_view import StepView
from convtutor.tui.widgets.text_block import TextBlock

PLAY_INTERVAL = 0.6


def _pair_text(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}×{b}"


class SweepStepView(StepView):
    """Grids for the padded input, the kernel and the output, and the dot product of the window."""

    BINDINGS = [
        Binding("right", "move(1)", "Next window", show=False),
        Binding("left", "move(-1)", "Previous window", show=False),
        Binding("down", "move_rows(1)", "Row of windows down", show=False),
        Binding("up", "move_rows(-1)", "Row of windows up", show=False),
        Binding("home", "jump(0)", "First window", show=False),
        Binding("end", "jump(-1)", "Last window", show=False),
        Binding("space", "play", "Play"),
        Binding("enter", "fill", "Fill"),
        Binding("a", "answer", "This one!"),
        Binding("z", "toggle_zeros", "Hide 0-weight terms", show=False),
    ]

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

    def __init__(self, step: SweepStep, *, position: int = 0, done: bool = False) -> None:
        super().__init__(step)
        self.step = step
        self.sweep = make_sweep(step)
        self.index = min(max(position, 0), self.sweep.count - 1)
        self.filled: set[int] = set(range(self.sweep.count)) if done else set(range(self.index + 1))
        self.skip_zero_weights = False
        self._timer: Timer | None = None
        task = step.task
        self.predict_range = (task.count or self.sweep.count) if task is not None and task.kind == "predict" else 0
        self.predictions: dict[int, bool] = {}
        if done:
            self.predictions = {i: True for i in range(self.predict_range)}
        self.find_attempts = 0
        self.found = done
        self._completed = done
        self._prepare_static_parts()

    # -- building ------------------------------------------------------------------------------
    def _prepare_static_parts(self) -> None:
        sweep = self.sweep
        rows, cols = sweep.rows, sweep.cols
        self._cells = [[format_number(v) for v in row] for row in sweep.padded]
        has_padding = bool(rows.before or rows.after or cols.before or cols.after)
        self._padding = (
            frozenset((r, c) for r, row in enumerate(sweep.padding_mask) for c, marked in enumerate(row) if marked)
            if has_padding else None
        )
        self._box = (rows.before, rows.before + rows.size, cols.before, cols.before + cols.size) if has_padding else None
        self._row_labels = ["·" if rows.is_padding(i) else str(i - rows.before) for i in range(rows.padded)]
        self._col_labels = ["·" if cols.is_padding(i) else str(i - cols.before) for i in range(cols.padded)]
        self._outputs = [format_number(v) for v in sweep.output_values()]
        width = max(len(t) for t in self._outputs)
        self._blank = "·".rjust(width)

    def compose(self) -> ComposeResult:
        if self.step.text:
            yield TextBlock(self.step.text, id="sweep-text")
        with Horizontal(id="grids"):
            with Vertical(id="input-pane"):
                yield Label(self._input_title(), classes="pane-title")
                with ScrollableContainer(id="input-scroll"):
                    yield GridView(id="input-grid")
            with Vertical(id="side-pane"):
                yield Label(f"Kernel {len(self.sweep.kernel)}×{len(self.sweep.kernel[0])}"
                            + (f", bias {format_number(self.sweep.bias)}" if self.sweep.bias else ""), classes="pane-title")
                yield GridView(self._kernel_picture(), id="kernel-grid")
                yield Label(f"Output {self.sweep.shape[0]}×{self.sweep.shape[1]}", classes="pane-title")
                with ScrollableContainer(id="output-scroll"):
                    yield GridView(id="output-grid")
        yield Static(id="dot-product")
        yield Static(self._settings_text(), id="settings")
        yield Static(self._formula_text(), id="formula")
        yield Static("highlight: the kernel's window · box: the image (outside it, padding) · ×: never read", id="legend")
        with Vertical(id="task"):
            yield Static(id="task-text")
            with Horizontal(id="answer-row"):
                yield Label(id="predict-label")
                yield NumberInput(placeholder="value", id="predict", compact=True)
                yield Static(id="task-result")

    def _input_title(self) -> str:
        rows, cols = self.sweep.rows, self.sweep.cols
        title = f"Input {rows.size}×{cols.size}"
        if rows.padded != rows.size or cols.padded != cols.size:
            title += f", padded to {rows.padded}×{cols.padded}"
        return title

    def _kernel_picture(self) -> GridPicture:
        return GridPicture([[format_number(v) for v in row] for row in self.sweep.kernel])

    def _settings_text(self) -> str:
        s, rows, cols = self.sweep, self.sweep.rows, self.sweep.cols
        padding = self.step.padding
        name = f"'{padding}'" if isinstance(padding, str) else "explicit"
        parts = [f"input {rows.size}×{cols.size}", f"kernel {rows.kernel}×{cols.kernel}", f"stride {_pair_text(rows.stride, cols.stride)}"]
        if (rows.dilation, cols.dilation) != (1, 1):
            parts.append(f"dilation {_pair_text(rows.dilation, cols.dilation)}")
        sides = (rows.before, rows.after, cols.before, cols.after)
        if len(set(sides)) == 1:
            parts.append(f"padding {name} = {sides[0]} per side")
        else:
            parts.append(f"padding {name}: top {sides[0]}, bottom {sides[1]}, left {sides[2]}, right {sides[3]}")
        if s.padding_mode != "zeros":
            parts.append(f"filled by {s.padding_mode}")
        text = " · ".join(parts)
        if padding == "same" and (rows.after > rows.before or cols.after > cols.before):
            text += " (Keras: the odd pixel goes bottom/right)"
        return text

    def _formula_text(self) -> str:
        rows, cols = self.sweep.rows, self.sweep.cols
        r, c = rows.formula_lines(), cols.formula_lines()
        lines = [f"rows and cols: {'  ·  '.join(r)}"] if r == c else [f"rows: {'  ·  '.join(r)}", f"cols: {'  ·  '.join(c)}"]
        lines += rows.unread_explanation("rows") + cols.unread_explanation("columns")
        return "\n".join(lines)

    def on_mount(self) -> None:
        self.refresh_view(scroll=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            return self.step.task is not None and self.step.task.kind in ("find_max", "find_min")
        return True

    def focus_default(self) -> None:
        if self._awaiting_prediction(self.index):
            self.query_one("#predict", Input).focus()
        else:
            self.focus()

    def on_unmount(self) -> None:
        self._stop()

    # -- state shown -----------------------------------------------------------------------------
    @property
    def position(self) -> int:
        return self.index

    def _awaiting_prediction(self, index: int) -> bool:
        return index < self.predict_range and index not in self.predictions

    def refresh_view(self, scroll: bool = False) -> None:
        window = self.sweep.window(self.index)
        input_grid = self.query_one("#input-grid", GridView)
        input_grid.show(GridPicture(
            self._cells, set(window.cells()), self._padding, self._box,
            set(self.sweep.unread_rows), set(self.sweep.unread_cols), self._row_labels, self._col_labels,
        ))
        hidden = self._awaiting_prediction(self.index)
        rows_out, cols_out = self.sweep.shape
        cells = []
        for r in range(rows_out):
            line = []
            for c in range(cols_out):
                i = r * cols_out + c
                if i == self.index and hidden:
                    line.append("?".rjust(len(self._blank)))
                elif i in self.filled and not self._awaiting_prediction(i):
                    line.append(self._outputs[i])
                else:
                    line.append(self._blank)
            cells.append(line)
        self.query_one("#output-grid", GridView).show(GridPicture(cells, {(window.out_row, window.out_col)}))
        expression = window.expression(skip_zero_weights=self.skip_zero_weights)
        if hidden:
            expression = expression.rsplit(" = ", 1)[0] + " = ?"
        head = f"Window {self.index + 1} of {self.sweep.count} → output ({window.out_row}, {window.out_col}):"
        padding_note = ""
        if window.padding_count:
            n = window.padding_count
            padding_note = f"  ({n} tap{'s' * (n != 1)} on padding)"
        self.query_one("#dot-product", Static).update(f"{head}{padding_note}\n{expression}")
        self._update_task()
        if scroll:
            self._scroll_into_view(window.cells(), (window.out_row, window.out_col))

    def _scroll_into_view(self, cells: list[tuple[int, int]], out_cell: tuple[int, int]) -> None:
        grid = self.query_one("#input-grid", GridView)
        self.query_one("#input-scroll").scroll_to_region(grid.layout_info.region(cells), animate=False, immediate=True)
        output = self.query_one("#output-grid", GridView)
        self.query_one("#output-scroll").scroll_to_region(output.layout_info.region([out_cell]), animate=False, immediate=True)

    def _update_task(self) -> None:
        task = self.step.task
        text = self.query_one("#task-text", Static)
        predict = self.query_one("#predict", Input)
        asking = self._awaiting_prediction(self.index)
        predict.set_class(asking, "-asking")
        self.query_one("#answer-row").set_class(task is not None, "-shown")
        label = self.query_one("#predict-label", Label)
        if task is None:
            remaining = self.sweep.count - len(self.filled)
            text.update("→ ← ↑ ↓ move · space play · enter fill the rest" + (f" · {remaining} output{'s' * (remaining != 1)} to go" if remaining else " · all filled: n for the next step"))
            return
        if task.kind == "predict":
            done = len(self.predictions)
            right = sum(self.predictions.values())
            prompt = task.prompt or "Predict each output before it is shown."
            if done >= self.predict_range:
                text.update(f"✓ Predictions done: {right} of {self.predict_range} right. n for the next step, or keep exploring.")
            else:
                text.update(f"{prompt}  ({done} of {self.predict_range} done, {right} right)")
            row, col = divmod(self.index, self.sweep.shape[1])
            label.update(f"Output ({row}, {col}) =" if asking else "")
            if asking and self.is_mounted and self.has_focus_within and not predict.has_focus:
                predict.value = ""
                predict.focus()
            return
        target = "largest" if task.kind == "find_max" else "smallest"
        label.update("")
        if self.found:
            text.update(f"✓ Found: a window with the {target} output. n for the next step, or keep exploring.")
        else:
            text.update((task.prompt or f"Step to a window with the {target} output.") + "  Press a on it.")

    # -- actions ---------------------------------------------------------------------------------
    def _go(self, index: int) -> None:
        self.index = index
        if not self._awaiting_prediction(index):
            self.filled.add(index)
        self.refresh_view(scroll=True)
        self._check_complete()

    def action_move(self, by: int) -> None:
        self._go(self.sweep.step(self.index, by))

    def action_move_rows(self, by: int) -> None:
        self._go(self.sweep.step_rows(self.index, by))

    def action_jump(self, where: int) -> None:
        self._go(self.sweep.count - 1 if where < 0 else where)

    def action_fill(self) -> None:
        self._stop()
        self.filled.update(range(self.sweep.count))
        self._go(self.sweep.count - 1 if not self._next_prediction() else self._next_prediction_index())

    def _next_prediction(self) -> bool:
        return any(self._awaiting_prediction(i) for i in range(self.predict_range))

    def _next_prediction_index(self) -> int:
        return next(i for i in range(self.predict_range) if self._awaiting_prediction(i))

    def action_play(self) -> None:
        if self._timer is not None:
            self._stop()
            self.notify("Paused", timeout=1)
            return
        if self.index >= self.sweep.count - 1:
            self._go(0)
        self._timer = self.set_interval(PLAY_INTERVAL, self._tick)

    def _tick(self) -> None:
        if self.index >= self.sweep.count - 1 or self._awaiting_prediction(self.sweep.step(self.index)):
            self._stop()
            if self.index < self.sweep.count - 1:
                self._go(self.sweep.step(self.index))
            return
        self._go(self.sweep.step(self.index))

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def action_toggle_zeros(self) -> None:
        self.skip_zero_weights = not self.skip_zero_weights
        self.refresh_view()

    def action_answer(self) -> None:
        task = self.step.task
        if task is None or task.kind not in ("find_max", "find_min"):
            return
        values = self.sweep.output_values()
        target = max(values) if task.kind == "find_max" else min(values)
        mine = self.sweep.window(self.index).result
        if self.found:
            return
        self.find_attempts += 1
        result = self.query_one("#task-result", Static)
        if math.isclose(mine, target, abs_tol=1e-9):
            self.found = True
            result.update(f"✓ Yes: {format_number(mine)} is the {'largest' if task.kind == 'find_max' else 'smallest'} output.")
        else:
            word = "larger" if task.kind == "find_max" else "smaller"
            result.update(f"✗ This window gives {format_number(mine)}; some window gives a {word} value. Keep looking.")
        self._update_task()
        self._check_complete()

    @on(Input.Submitted, "#predict")
    def _predicted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        try:
            guess = float(text)
        except ValueError:
            self.query_one("#task-result", Static).update("Type a number, e.g. 3 or -1.5 (that did not count).")
            return
        actual = self.sweep.window(self.index).result
        right = math.isclose(guess, actual, abs_tol=1e-6)
        self.predictions[self.index] = right
        self.filled.add(self.index)
        row, col = divmod(self.index, self.sweep.shape[1])
        message = f"✓ ({row}, {col}) is {format_number(actual)}" if right else f"✗ ({row}, {col}): you said {format_number(guess)}; it is {format_number(actual)}"
        self.query_one("#task-result", Static).update(message)
        event.input.value = ""
        if self._next_prediction():
            self._go(self._next_prediction_index())
        else:
            self.focus()
            self.refresh_view()
            self._check_complete()

    @on(GridView.CellClicked, "#output-grid")
    def _clicked_output(self, event: GridView.CellClicked) -> None:
        event.stop()
        self._go(self.sweep.index_of(event.row, event.col))

    @on(GridView.CellClicked, "#input-grid")
    def _clicked_input(self, event: GridView.CellClicked) -> None:
        event.stop()
        readers = self.sweep.readers(event.row, event.col)
        if readers:
            self._go(self.sweep.index_of(*readers[0]))
            if len(readers) > 1:
                self.notify(f"{len(readers)} windows read this cell; showing the first.", timeout=2)
        else:
            self.notify("No window reads this cell.", timeout=2)

    # -- completion --------------------------------------------------------------------------------
    def _check_complete(self) -> None:
        if self._completed:
            return
        reached_end = len(self.filled) >= self.sweep.count or self.index == self.sweep.count - 1
        task = self.step.task
        if task is None:
            finished = reached_end
            score = None
        elif task.kind == "predict":
            finished = len(self.predictions) >= self.predict_range
            score = sum(self.predictions.values())
        else:
            finished = self.found
            score = 1 if self.find_attempts == 1 else 0
        if finished:
            self._completed = True
            self.post_message(self.Completed(self, score))
