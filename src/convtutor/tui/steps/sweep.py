"""The view of a sweep step: the padded input, the kernel and the output, and the window's dot
product. The state (window, filled outputs, task) is a :class:`SweepSession`; this draws it.

On every screen, from the app's minimum of 60×18 up, the view keeps on screen what a learner
works with: the current window in the input grid, the output grid, the window's dot product
down to its sum, and the task line (with its answer box). :func:`plan` shares out the rows:
those first, then the grids and the lesson text, then the settings, formula and legend lines
while they fit whole. A text cut short ends with "… t read all"; ``t`` shows it whole, in a
panel that scrolls.

An input with several channels shows one channel at a time (``>`` and ``<`` go to the next and
previous), with the kernel's slice for that channel. ``w`` ("who reads this pixel") swaps the
window for a pixel cursor: the arrows (or a click) move it, and every output whose window reads
that pixel is lit; the dot product's place says how many windows read it. ``w`` or Esc goes
back to the windows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.cells import cell_len
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Container, Horizontal, ScrollableContainer, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from convtutor.core.formatting import format_number
from convtutor.learning.sweep_session import SweepSession
from convtutor.lessons.steps.sweep import SweepStep
from convtutor.state.progress import StepRecord
from convtutor.tui import commands
from convtutor.tui.steps.base import StepView
from convtutor.tui.widgets.answer_input import AnswerInput
from convtutor.tui.widgets.grid import GridPicture, GridView, Layout
from convtutor.tui.widgets.text_block import TextBlock, TextPanel

if TYPE_CHECKING:
    from textual.css.styles import RulesMap

PLAY_INTERVAL = 0.6  # seconds between windows while playing
MOVE_HINT = commands.hint(("move+move-rows", "move"), ("play", "play"), ("fill", "fill the rest"), ("zeros", "hide ·0 terms"))
READ_HINT = commands.hint(("read-text", "read all"))
CHANNEL_HINT = commands.hint(("channel", "channel"))
READERS_HINT = commands.hint(("move+move-rows", "move the pixel")) + f" · {commands.keys_of('readers')} or esc: back to the windows"
SIDE_GAP = 2  # columns between the input pane and the kernel/output pane, and between kernel and output


@dataclass(frozen=True)
class Room:
    """The rows each part of a sweep would take at the view's width."""

    height: int  # the view's
    text: int  # every line of the lesson text (0: none)
    dot: int  # the dot product, with its rule
    dot_short: int  # the same with the short head line
    task: int  # the task line(s) and the answer row
    input_min: int  # the input pane showing the ruler and the window's rows
    input_full: int  # the input pane showing every row
    kernel: int  # the kernel's title and grid
    output_full: int  # the output's title and every row
    beside: bool  # kernel and output fit side by side
    secondary: tuple[int, ...]  # settings, formula, legend


@dataclass(frozen=True)
class Plan:
    """How many rows each part gets."""

    text: int
    dot: int
    short_dot: bool
    grids: int
    side: str  # "stacked", "stacked-tight" (no blank line under the kernel), "beside", "no-kernel"
    secondary: tuple[bool, ...]


def _side(room: Room, grids: int) -> str:
    """Kernel and output side by side where the width allows (the same on every screen
    height), else one above the other, the kernel's grid left out if the output needs the room."""
    if room.beside:
        return "beside"
    if grids >= room.kernel + 1 + min(room.output_full, 4):
        return "stacked"
    if grids >= room.kernel + min(room.output_full, 3):
        return "stacked-tight"
    return "no-kernel"


def _side_rows(room: Room) -> int:
    """Rows for the kernel and the whole output."""
    return max(room.kernel, room.output_full) if room.beside else room.kernel + 1 + room.output_full


def plan(room: Room) -> Plan:
    """Share out the view's rows (see the module's docstring)."""
    height = room.height
    text_min = 1 if room.text else 0
    grids_min = max(room.input_min, 3)
    grids_full = max(room.input_full, _side_rows(room), grids_min)
    dot, short = room.dot, False
    if room.dot_short < dot and room.dot + room.task + text_min + grids_full > height:
        dot, short = room.dot_short, True  # the short head saves a line the grids can use
    if dot + room.task + text_min + grids_min > height:
        dot = max(height - room.task - text_min - grids_min, 3)  # the rule, the head (with the sum), a line of terms
        grids_min = max(min(grids_min, height - dot - room.task - text_min), 3)  # the grids scroll to the window
    extra = max(height - dot - room.task - text_min - grids_min, 0)
    grids, text = grids_min, text_min

    def give(have: int, want: int) -> int:
        nonlocal extra
        take = max(min(extra, want - have), 0)
        extra -= take
        return have + take

    grids = give(grids, min(grids_full, max(grids_min, height // 2 + 2)))  # the grids first, up to half the view
    text = give(text, room.text)  # then the whole text
    grids = give(grids, grids_full)  # then whole grids
    shown = []
    for rows in room.secondary:  # then each of the secondary lines that fits whole
        shown.append(0 < rows <= extra)
        extra -= rows if shown[-1] else 0
    # What is left stays below everything: given to the grids, it would open a gap between the
    # grids and the sum written under them.
    return Plan(text, dot, short, grids, _side(room, grids), tuple(shown))


class SweepStepView(StepView):
    BINDINGS = commands.bindings("sweep")

    DEFAULT_CSS = """
    SweepStepView { height: 1fr; layout: vertical; }
    SweepStepView #sweep-text { height: auto; overflow-y: hidden; }
    SweepStepView #grids { height: 1fr; min-height: 3; }
    SweepStepView #input-pane { width: auto; max-width: 70%; height: 100%; }
    SweepStepView #side-pane { width: 1fr; height: 100%; padding-left: 2; layout: vertical; }
    SweepStepView #side-pane.-beside { layout: horizontal; }
    SweepStepView #kernel-box { width: 100%; height: auto; margin-bottom: 1; }
    SweepStepView #side-pane.-tight #kernel-box { margin-bottom: 0; }
    SweepStepView #side-pane.-beside #kernel-box { width: auto; margin: 0 2 0 0; }
    SweepStepView #side-pane.-no-kernel #kernel-grid { display: none; }
    SweepStepView #side-pane.-no-kernel #kernel-box { margin-bottom: 0; }
    SweepStepView #output-box { width: 1fr; height: 1fr; }
    SweepStepView .pane-title { text-style: bold; }
    SweepStepView #input-scroll { width: auto; height: 1fr; scrollbar-size: 1 1; }
    SweepStepView #output-scroll { width: 1fr; height: 1fr; scrollbar-size: 1 1; }
    SweepStepView #dot-product { height: auto; overflow-y: auto; padding: 0 1; border-top: solid $primary 30%; }
    SweepStepView #settings, SweepStepView #formula { padding: 0 1; color: $text-muted; }
    SweepStepView #task { height: auto; padding: 0 1; }
    SweepStepView #task-text { height: auto; }
    SweepStepView #answer-row { height: auto; display: none; }
    SweepStepView #answer-row.-shown { display: block; }
    SweepStepView #predict-label { width: auto; }
    SweepStepView #predict { width: 10; margin: 0 1; display: none; }
    SweepStepView #predict.-asking { display: block; }
    SweepStepView #task-result { width: 1fr; height: auto; }
    SweepStepView #legend { color: $text-muted; padding: 0 1; }
    """

    step: SweepStep
    output_note = ""  # after the output's title, e.g. the playground's "×4, filter 2 of 4"

    def __init__(self, step: SweepStep, record: StepRecord) -> None:
        super().__init__(step, record)
        self.session = SweepSession(
            step, position=record.position, done=record.done, score=record.score, predictions=record.predictions,
        )
        self._timer: Timer | None = None
        self._plan: Plan | None = None
        self._fitted: tuple[object, ...] | None = None
        self._task_text = ""
        self._heights: dict[tuple[str, str, int], int] = {}  # rows of a text at a width, for _fit
        self._prepare_static_parts()

    # -- building ------------------------------------------------------------------------------
    def _prepare_static_parts(self) -> None:
        sweep = self.session.sweep
        rows, cols = sweep.rows, sweep.cols
        # Every channel's cells are as wide as the widest of any channel, so that the grids keep
        # their size (and the rows shared out stay right) when another channel is shown.
        self._channel_cells = _same_width([[[format_number(v) for v in row] for row in padded] for padded in sweep.padded_channels])
        has_padding = bool(rows.before or rows.after or cols.before or cols.after)
        self._padding = (
            {(r, c) for r, row in enumerate(sweep.padding_mask) for c, marked in enumerate(row) if marked}
            if has_padding else None
        )
        self._box = (rows.before, rows.before + rows.size, cols.before, cols.before + cols.size) if has_padding else None
        self._row_labels = ["·" if rows.is_padding(i) else str(i - rows.before) for i in range(rows.padded)]
        self._col_labels = ["·" if cols.is_padding(i) else str(i - cols.before) for i in range(cols.padded)]
        self._unread = (set(sweep.unread_rows), set(sweep.unread_cols))
        self._channel_kernels = _same_width([[[format_number(v) for v in row] for row in kernel] for kernel in sweep.kernels])
        self._kernel_layout = Layout(GridPicture(self._kernel))
        self._short_title = False  # the input's title without the padded size (a narrow screen)
        self._showing_windows = True  # False: who reads a pixel (the legend says which)

    @property
    def _cells(self) -> list[list[str]]:
        """The padded input's texts, of the channel shown."""
        return self._channel_cells[self.session.channel]

    @property
    def _kernel(self) -> list[list[str]]:
        """The kernel's texts, of the channel shown."""
        return self._channel_kernels[self.session.channel]

    def legend_text(self) -> str:
        parts = ["highlight: the pixel, and every output whose window reads it" if self.session.pixel is not None else "highlight: the kernel's window"]
        if self._padding is not None:
            parts.append("│ and underlines: the image's edges (outside them, and · in the rulers: padding)")
        if self._unread[0] or self._unread[1]:
            parts.append("×: never read")
        return " · ".join(parts)

    def compose(self) -> ComposeResult:
        session = self.session
        if self.step.text:
            yield TextBlock(self.step.text, id="sweep-text", more=READ_HINT)
        with Horizontal(id="grids"):
            with Vertical(id="input-pane"):
                yield Label(session.input_title(), classes="pane-title", id="input-title")
                with ScrollableContainer(id="input-scroll"):
                    yield GridView(id="input-grid")
            with Container(id="side-pane"):
                with Vertical(id="kernel-box"):
                    yield Label(session.kernel_title(), classes="pane-title", id="kernel-title")
                    yield GridView(GridPicture(self._kernel), id="kernel-grid")
                with Vertical(id="output-box"):
                    yield Label(self._output_title(), classes="pane-title", id="output-title")
                    with ScrollableContainer(id="output-scroll"):
                        yield GridView(id="output-grid")
        yield Static(id="dot-product", markup=False)
        for name, text in self._secondary_texts():
            yield Static(text, id=name, markup=False)
        with Vertical(id="task"):
            yield Static(id="task-text", markup=False)
            with Horizontal(id="answer-row"):
                yield Label(id="predict-label", markup=False)
                yield AnswerInput(placeholder="value", id="predict", compact=True)
                yield Static(id="task-result", markup=False)

    def reset(self, step: SweepStep, position: int = 0) -> None:
        """Show another sweep in the same widgets (the playground's settings change: rebuilding
        the widgets took longer than the 50 ms a change should take). Position is kept when it exists."""
        self._stop()
        self.step = step
        self.session = SweepSession(step, position=position)
        self._prepare_static_parts()
        self._show_channel()
        self.query_one("#output-title", Label).update(self._output_title())
        for name, text in self._secondary_texts():
            self.query_one(f"#{name}", Static).update(text)
        self._fitted = None
        self._heights.clear()
        self.refresh_view(scroll=True)
        self._fit()

    def _show_channel(self) -> None:
        """The titles and the kernel's grid, for the channel shown."""
        self.query_one("#input-title", Label).update(self.session.input_title(short=self._short_title))
        self.query_one("#kernel-title", Label).update(self.session.kernel_title())
        self.query_one("#kernel-grid", GridView).show(GridPicture(self._kernel))

    def _output_title(self) -> str:
        rows, cols = self.session.sweep.shape
        return f"Output {rows}×{cols}{self.output_note}"

    def on_mount(self) -> None:
        try:
            self.refresh_view(scroll=True)
        except NoMatches:
            return  # removed while its parts were being mounted: its screen was replaced at once (--watch)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            return self.session.is_find_task
        if action == "read_text":
            return bool(self.step.text)
        if action == "channel":
            return self.session.channels > 1
        return commands.offered(self.app, action)

    def focus_default(self) -> None:
        if self.session.awaiting_prediction() and self.session.pixel is None:
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
        if (session.pixel is None) != self._showing_windows:
            self._showing_windows = session.pixel is None
            self._update_legend()
        cells, outputs = self._lit()
        self.query_one("#input-grid", GridView).show(GridPicture(
            self._cells, set(cells), self._padding, self._box, *self._unread, self._row_labels, self._col_labels,
        ))
        self.query_one("#output-grid", GridView).show(GridPicture(session.output_cells(), set(outputs)))
        self._update_task()  # and the dot product, whose head depends on the room (see _fit)
        if scroll:
            self._scroll_into_view(cells, outputs)
        self._report_completion()

    def _lit(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """The input cells and the output cells lit: the window and its output, or the pixel
        chosen and every output whose window reads it."""
        session = self.session
        if session.pixel is not None:
            return [session.pixel], session.pixel_readers()
        window = session.window
        return window.cells(), [(window.out_row, window.out_col)]

    def _dot_texts(self) -> tuple[str, str]:
        """The text under the grids, and its short form: the dot product, or who reads the pixel."""
        session = self.session
        if session.pixel is not None:
            text = session.readers_text(READERS_HINT)
            return text, text
        return session.dot_product_text(), session.dot_product_text(short=True)

    # -- fitting the rows ------------------------------------------------------------------------
    def _room_size(self) -> Size:
        """The view's size; before its first layout, the room its parent gives it."""
        if self.size.height:
            return self.size
        parent = self.parent
        return parent.content_region.size if isinstance(parent, Widget) else Size(0, 0)

    def _fit(self) -> None:
        """Share out the rows (see :func:`plan`) again when the size or a text's height changed."""
        size = self._room_size()
        texts = self._dot_texts()
        task = (self._task_text, self.session.result_text, self.query_one("#answer-row").has_class("-shown"))
        key = (size, texts, task, self.app.current_theme.name)
        if key == self._fitted:
            return
        self._fitted = key
        dot = self.query_one("#dot-product", Static)
        if not size.height:
            dot.update(texts[0])
            return
        room = self._measure(size, texts)
        chosen = plan(room)
        dot.update(texts[1] if chosen.short_dot else texts[0])
        if chosen == self._plan:
            return
        self._plan = chosen
        dot.styles.max_height = chosen.dot
        self.query_one("#grids").styles.height = chosen.grids
        if self.step.text:
            self.query_one("#sweep-text", TextBlock).show_lines(None if chosen.text >= room.text else chosen.text)
        for name, shown in zip(("#settings", "#formula", "#legend"), chosen.secondary, strict=True):
            self.query_one(name).display = shown
        side = self.query_one("#side-pane")
        side.set_class(chosen.side == "beside", "-beside")
        side.set_class(chosen.side == "stacked-tight", "-tight")
        side.set_class(chosen.side == "no-kernel", "-no-kernel")
        self.call_after_refresh(self._scroll_to_window)  # the grids' panes changed size

    def _measure(self, size: Size, dot_texts: tuple[str, str]) -> Room:
        width = size.width
        session = self.session
        sweep = session.sweep

        def rows_of(selector: str, text: str, inner: int | None = None) -> int:
            key = (selector, text, width if inner is None else inner)
            rows = self._heights.get(key)
            if rows is None:
                widget = self.query_one(selector)
                gutter = widget.styles.gutter
                room = max(key[2] - gutter.width, 1)
                rows = Content(text).get_height(cast("RulesMap", widget.styles), room) + gutter.height  # as Textual measures
                if len(self._heights) > 64:
                    self._heights.clear()
                self._heights[key] = rows
            return rows

        task_width = width - self.query_one("#task").styles.gutter.width
        task = rows_of("#task-text", self._task_text, task_width)
        if self.query_one("#answer-row").has_class("-shown"):
            # The answer row: the label and the box, then the last answer's result, which wraps.
            label = cell_len(session.prediction_label())
            box = self.query_one("#predict")
            box_width = (box.styles.width.value if box.styles.width else 10) + box.styles.margin.width
            used = label + (int(box_width) if session.awaiting_prediction() else 0)
            task += max(rows_of("#task-result", session.result_text, task_width - used), 1) if session.result_text else 1
        text = self.query_one("#sweep-text", TextBlock).line_count(width) if self.step.text else 0
        # The input pane: its width, and whether it needs a horizontal scrollbar.
        layout = self.query_one("#input-grid", GridView).layout_info
        pane_max = int(width * (0.6 if width < 100 else 0.7))
        grid_width = layout.total_width + 1  # and a vertical scrollbar
        short_title = len(session.input_title()) > max(pane_max, grid_width)  # "padded to" is left to the rulers
        if short_title != self._short_title:
            self._short_title = short_title
            self.query_one("#input-title", Label).update(session.input_title(short=short_title))
        pane_width = min(max(len(session.input_title(short=short_title)), grid_width), pane_max)
        input_bar = int(grid_width > pane_width)
        extent = (sweep.rows.kernel - 1) * sweep.rows.dilation + 1
        input_min = 1 + int(layout.ruler) + min(extent, len(layout.row_y)) + input_bar
        input_full = 1 + layout.height + input_bar
        # The kernel and the output: side by side if both fit whole in the width left.
        side_width = width - pane_width - SIDE_GAP
        kernel_layout = self._kernel_layout
        kernel_width = max(len(session.kernel_title()), kernel_layout.total_width)
        out_layout = self.query_one("#output-grid", GridView).layout_info
        out_width = max(len(self._output_title()), out_layout.total_width + 1)
        beside = kernel_width + SIDE_GAP + out_width <= side_width
        output_bar = int(out_layout.total_width + 1 > side_width)
        secondary = tuple(rows_of(f"#{name}", text) for name, text in self._secondary_texts())
        return Room(
            height=size.height, text=text,
            dot=rows_of("#dot-product", dot_texts[0]), dot_short=rows_of("#dot-product", dot_texts[1]),
            task=task, input_min=input_min, input_full=input_full,
            kernel=1 + kernel_layout.height, output_full=1 + out_layout.height + output_bar,
            beside=beside, secondary=secondary,
        )

    def _secondary_texts(self) -> list[tuple[str, str]]:
        session = self.session
        return [("settings", session.settings_text()), ("formula", session.formula_text()), ("legend", self.legend_text())]

    def _scroll_to_window(self) -> None:
        if self.is_mounted:
            self._scroll_into_view(*self._lit())

    def on_resize(self) -> None:
        self._fit()

    def _scroll_into_view(self, cells: list[tuple[int, int]], out_cells: list[tuple[int, int]]) -> None:
        grid = self.query_one("#input-grid", GridView)
        self.query_one("#input-scroll").scroll_to_region(grid.layout_info.region(cells), animate=False, immediate=True)
        if not out_cells:  # a pixel no window reads: the output stays where it is
            return
        output = self.query_one("#output-grid", GridView)
        self.query_one("#output-scroll").scroll_to_region(output.layout_info.region(out_cells), animate=False, immediate=True)

    def _update_task(self) -> None:
        session = self.session
        asking = session.awaiting_prediction()
        predict = self.query_one("#predict", Input)
        predict.set_class(asking, "-asking")
        self.query_one("#answer-row").set_class(session.task is not None, "-shown")
        hint = MOVE_HINT + (f" · {CHANNEL_HINT}" if session.channels > 1 else "")
        self._task_text = session.task_text(hint, in_lesson=self.in_lesson)
        self.query_one("#task-text", Static).update(self._task_text)
        self.query_one("#predict-label", Label).update(session.prediction_label())
        self.query_one("#task-result", Static).update(session.result_text)
        if asking and session.pixel is None and self.is_mounted and self.has_focus_within and not predict.has_focus:
            predict.value = ""
            predict.focus()
        self._fit()  # the task line may take another number of lines

    def _report_completion(self) -> None:
        completion = self.session.take_completion()
        if completion is not None:
            self.post_message(self.Completed(self, completion.score))

    # -- actions ---------------------------------------------------------------------------------
    def action_move(self, by: int) -> None:
        if self.session.pixel is not None:
            self.session.move_pixel(0, by)
        else:
            self.session.move(by)
        self.refresh_view(scroll=True)

    def action_move_rows(self, by: int) -> None:
        if self.session.pixel is not None:
            self.session.move_pixel(by, 0)
        else:
            self.session.move_rows(by)
        self.refresh_view(scroll=True)

    def action_jump(self, where: int) -> None:
        self.session.leave_readers()
        self.session.jump(where)
        self.refresh_view(scroll=True)

    def action_fill(self) -> None:
        self._stop()
        self.session.leave_readers()
        self.session.fill()
        self.refresh_view(scroll=True)

    def action_channel(self, by: int) -> None:
        self.session.show_channel(by)
        self._show_channel()
        self.refresh_view()

    def action_readers(self) -> None:
        """Who reads this pixel: into the mode (the pixel cursor), or back to the windows."""
        self._stop()
        self.session.toggle_readers()
        if self.session.pixel is not None:
            self.focus()  # the arrows move the pixel, not the answer box's cursor
        self.refresh_view(scroll=True)
        if self.session.pixel is None:
            self.focus_default()

    def _update_legend(self) -> None:
        self.query_one("#legend", Static).update(self.legend_text())

    def on_key(self, event: events.Key) -> None:
        # Esc leaves the "who reads this pixel" mode. It is not a binding: Esc already means
        # "leave the box" or "back to the lessons" to the screens around the sweep.
        if event.key == "escape" and self.session.pixel is not None:
            event.stop()
            event.prevent_default()
            self.action_readers()

    def action_play(self) -> None:
        if self._timer is not None:
            self._stop()
            self.notify("Paused", timeout=1)
            return
        self.session.leave_readers()
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

    def action_export(self) -> None:
        if commands.offered(self.app, "export"):  # served: the key is not bound either (check_action)
            self._export()

    @work(thread=True, exclusive=True, group="export")
    def _export(self) -> None:
        """This sweep as an animated GIF in the working folder, for slides (convtutor export
        does the same from the command line). Off the UI thread: a sweep takes about 0.2 s."""
        from convtutor.export import ExportError
        from convtutor.export.formats import export_step

        path = Path.cwd() / f"{self.step.id}.gif"
        try:
            out = export_step(self.step, "gif", title=self.step.title or "convtutor")
            path.write_bytes(out.data)
        except ExportError as error:
            self.app.call_from_thread(self.notify, str(error), severity="warning", timeout=8)
        except OSError as error:
            self.app.call_from_thread(self.notify, f"Cannot write {path}: {error.strerror or error}", severity="error", timeout=8)
        else:
            self.app.call_from_thread(self.notify, f"Saved {path} ({out.frames} frames).", timeout=6)

    def action_read_text(self) -> None:
        self.app.push_screen(TextPanel(self.step.title or "", self.step.text or ""))

    def action_answer(self) -> None:
        self.session.this_one()
        self.refresh_view()

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
        self.refresh_view(scroll=True)

    @on(GridView.CellClicked, "#output-grid")
    def _clicked_output(self, event: GridView.CellClicked) -> None:
        event.stop()
        self.session.leave_readers()
        self.session.click_output(event.row, event.col)
        self.refresh_view(scroll=True)

    @on(GridView.CellClicked, "#input-grid")
    def _clicked_input(self, event: GridView.CellClicked) -> None:
        event.stop()
        if self.session.pixel is not None:  # who reads this pixel: the one clicked
            self.session.pick_pixel(event.row, event.col)
            self.refresh_view(scroll=True)
            return
        readers = self.session.click_input(event.row, event.col)
        if readers:
            self.refresh_view(scroll=True)
            if readers > 1:
                self.notify(f"{readers} windows read this cell; showing the first.", timeout=2)
        else:
            self.notify("No window reads this cell.", timeout=2)


def _same_width(grids: list[list[list[str]]]) -> list[list[list[str]]]:
    """Several channels' texts, each right-aligned to the widest text of any channel."""
    if len(grids) == 1:
        return grids
    width = max(len(text) for grid in grids for row in grid for text in row)
    return [[[text.rjust(width) for text in row] for row in grid] for grid in grids]


VIEW = SweepStepView
