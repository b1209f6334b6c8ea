"""What the transposed-convolution and the pooling sweep views share (not a step kind: no VIEW).

The layout, top to bottom: the lesson text (cut to a few lines on a small screen, ``t`` reads
it whole), the grids (the input, the kernel and the output side by side, rows being what a terminal is
short of; the input and output panes scroll to what is lit), the lines under the grids (what the current step adds up,
always shown), the secondary lines (settings, formula, legend: while they fit), and the task
line. The keys are the sweep's (arrows, Home/End, space, Enter, t) from ``tui/commands.py``.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Container, Horizontal, ScrollableContainer, Vertical
from textual.timer import Timer
from textual.widgets import Label, Static

from convtutor.state.progress import StepRecord
from convtutor.tui import commands
from convtutor.tui.steps.base import StepView
from convtutor.tui.widgets.grid import GridPicture, GridView
from convtutor.tui.widgets.text_block import TextBlock, TextPanel

PLAY_INTERVAL = 0.6  # seconds between steps while playing, as the sweep
#: The sweep's commands these views take (not its find task, channels, readers or export).
SWEEP_KEYS = ("move", "move-rows", "ends", "play", "fill", "read-text")
READ_HINT = commands.hint(("read-text", "read all"))
#: Rows the text may take: on a small screen the grids need them.
TEXT_LINES_SMALL, TEXT_LINES = 2, 5
OUTPUT_MIN_WIDTH = 16  # columns the output pane keeps before the kernel gives way


class LayerSweepView(StepView):
    """Subclasses set ``session`` (with move/move_rows/jump/fill/start_playing/tick/position,
    take_completion) and draw it in :meth:`draw`."""

    DEFAULT_CSS = """
    LayerSweepView { height: 1fr; layout: vertical; }
    LayerSweepView #layer-text { height: auto; overflow-y: hidden; }
    LayerSweepView #grids { height: 1fr; min-height: 4; }
    LayerSweepView #input-pane { width: auto; max-width: 55%; height: 100%; }
    LayerSweepView #side-pane { width: 1fr; height: 100%; padding-left: 2; layout: horizontal; }
    LayerSweepView #kernel-box { width: auto; height: auto; margin-right: 2; }
    LayerSweepView #output-box { width: 1fr; height: 1fr; }
    LayerSweepView .pane-title { text-style: bold; }
    LayerSweepView #input-scroll { width: auto; height: 1fr; scrollbar-size: 1 1; }
    LayerSweepView #output-scroll { width: 1fr; height: 1fr; scrollbar-size: 1 1; }
    LayerSweepView #sum { height: auto; max-height: 6; overflow-y: auto; padding: 0 1; border-top: solid $primary 30%; }
    LayerSweepView .secondary { height: auto; padding: 0 1; color: $text-muted; }
    LayerSweepView #task { height: auto; padding: 0 1; }
    """

    session: Any
    has_kernel = True

    def __init__(self, step: Any, record: StepRecord) -> None:
        super().__init__(step, record)
        self._timer: Timer | None = None

    # -- building ----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        if self.step.text:
            yield TextBlock(self.step.text, id="layer-text", more=READ_HINT)
        with Horizontal(id="grids"):
            with Vertical(id="input-pane"):
                yield Label(id="input-title", classes="pane-title", markup=False)
                with ScrollableContainer(id="input-scroll"):
                    yield GridView(id="input-grid")
            with Container(id="side-pane"):
                if self.has_kernel:
                    with Vertical(id="kernel-box"):
                        yield Label(id="kernel-title", classes="pane-title", markup=False)
                        yield GridView(id="kernel-grid")
                with Vertical(id="output-box"):
                    yield Label(id="output-title", classes="pane-title", markup=False)
                    with ScrollableContainer(id="output-scroll"):
                        yield GridView(id="output-grid")
        yield Static(id="sum", markup=False)
        for name in self.secondary_names():
            yield Static(id=name, classes="secondary", markup=False)
        yield from self.compose_task()

    def compose_task(self) -> ComposeResult:
        yield Static(id="task", markup=False)

    def secondary_names(self) -> tuple[str, ...]:
        return ("settings", "formula", "legend")

    def on_mount(self) -> None:
        self.refresh_view()

    def on_unmount(self) -> None:
        self._stop()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """The text and the secondary lines while they leave the grids room: the sum and the task
        line always show; each secondary line shows only if the grids keep their full height."""
        height, width = self.size.height, self.size.width
        if not height or not self.is_mounted:
            return
        limit = TEXT_LINES_SMALL if height < 22 else TEXT_LINES
        text = 0
        if self.step.text:
            block = self.query_one("#layer-text", TextBlock)
            text = min(block.line_count(width), limit)
            block.show_lines(limit)
        if self.has_kernel:
            self._fit_kernel(width)
        fixed = text + self.grid_rows() + 1 + _rows(str(self.query_one("#sum", Static).content), width)  # with its rule
        fixed += self.task_rows(width)
        spare = height - fixed
        for name in self.secondary_names():
            widget = self.query_one(f"#{name}", Static)
            rows = _rows(str(widget.content), width)
            widget.display = 0 < rows <= spare
            spare -= rows if widget.display else 0

    def _fit_kernel(self, width: int) -> None:
        """The kernel beside the output only while the output keeps room for a few cells (the sums
        under the grids write every weight out anyway)."""
        pane = self.query_one("#input-pane")
        kernel = self.query_one("#kernel-grid", GridView).layout_info.total_width
        title = len(str(self.query_one("#kernel-title", Static).content))
        side = width - min(pane.outer_size.width or width // 2, int(width * 0.55)) - 2
        self.query_one("#kernel-box").display = max(kernel, title) + 2 + OUTPUT_MIN_WIDTH <= side

    def task_rows(self, width: int) -> int:
        """Rows of what comes under the secondary lines (always kept): the task line."""
        return _rows(str(self.query_one("#task", Static).content), width)

    @staticmethod
    def rows_of(text: str, width: int) -> int:
        return _rows(text, width)

    def grid_rows(self) -> int:
        """Rows the grids want (titles, rulers and every row of the taller side)."""
        input_rows = 1 + self.query_one("#input-grid", GridView).layout_info.height
        side = 1 + self.query_one("#output-grid", GridView).layout_info.height
        if self.has_kernel:
            side = max(side, 1 + self.query_one("#kernel-grid", GridView).layout_info.height)
        return max(input_rows, side)

    @property
    def position(self) -> int:
        return int(self.session.position)

    # -- drawing ---------------------------------------------------------------------------------------
    def draw(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """Draw the session; return the input and output cells to scroll into view."""
        raise NotImplementedError

    def refresh_view(self) -> None:
        inputs, outputs = self.draw()
        self._fit()
        self.call_after_refresh(self._scroll, inputs, outputs)
        completion = self.session.take_completion()
        if completion is not None:
            self.post_message(self.Completed(self, completion.score))

    def show_grid(self, name: str, picture: GridPicture) -> None:
        self.query_one(f"#{name}", GridView).show(picture)

    def set_text(self, name: str, text: str) -> None:
        self.query_one(f"#{name}", Static).update(text)  # a Label is a Static too

    def _scroll(self, inputs: list[tuple[int, int]], outputs: list[tuple[int, int]]) -> None:
        if not self.is_mounted:
            return
        for grid, scroll, cells in (("#input-grid", "#input-scroll", inputs), ("#output-grid", "#output-scroll", outputs)):
            if cells:
                region = self.query_one(grid, GridView).layout_info.region(cells)
                self.query_one(scroll).scroll_to_region(region, animate=False, immediate=True)

    # -- actions -----------------------------------------------------------------------------------------
    def action_move(self, by: int) -> None:
        self.session.move(by)
        self.refresh_view()

    def action_move_rows(self, by: int) -> None:
        self.session.move_rows(by)
        self.refresh_view()

    def action_jump(self, where: int) -> None:
        self.session.jump(where)
        self.refresh_view()

    def action_fill(self) -> None:
        self._stop()
        self.session.fill()
        self.refresh_view()

    def action_play(self) -> None:
        if self._timer is not None:
            self._stop()
            self.notify("Paused", timeout=1)
            return
        self.session.start_playing()
        self.refresh_view()
        self._timer = self.set_interval(PLAY_INTERVAL, self._tick)

    def _tick(self) -> None:
        if not self.session.tick():
            self._stop()
        self.refresh_view()

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def action_read_text(self) -> None:
        self.app.push_screen(TextPanel(self.step.title or "", self.step.text or ""))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "read_text":
            return bool(self.step.text)
        return True


def _rows(text: str, width: int) -> int:
    """Lines a text takes in a Static ``width`` cells wide with one cell of padding each side."""
    room = max(width - 2, 1)
    return sum(max(-(-cell_len(line) // room), 1) for line in text.split("\n")) if text else 0
