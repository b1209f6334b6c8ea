"""The playground: any convolution, set by a settings line, swept as in a lesson, with the
layer in Keras and PyTorch beside it and settings that cannot work explained."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from convtutor.learning import playground
from convtutor.learning.playground import PlayError, PlaySettings
from convtutor.state import settings as user_settings
from convtutor.state.progress import StepRecord
from convtutor.tui import commands
from convtutor.tui.steps.sweep import SweepStepView
from convtutor.tui.widgets.grid import GridPicture, GridView
from convtutor.tui.widgets.key_footer import KeyFooter


class PlaygroundScreen(Screen[None]):
    BINDINGS = commands.bindings("play")

    DEFAULT_CSS = """
    PlaygroundScreen #play-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    PlaygroundScreen #play-settings-row { height: 1; padding: 0 1; }
    PlaygroundScreen #play-settings-row Label { width: auto; padding-right: 1; }
    PlaygroundScreen #play-settings { width: 1fr; }
    PlaygroundScreen #play-problems { height: auto; padding: 0 1; color: $warning; display: none; }
    PlaygroundScreen #play-problems.-shown { display: block; }
    PlaygroundScreen #play-body { height: 1fr; }
    PlaygroundScreen #play-sweep { width: 1fr; height: 100%; }
    PlaygroundScreen #play-side { width: 46; height: 100%; padding: 0 1; border-left: solid $primary 30%; }
    PlaygroundScreen.-narrow #play-side { display: none; }
    PlaygroundScreen #play-code { height: auto; }
    PlaygroundScreen #play-reads { height: auto; margin-top: 1; display: none; }
    PlaygroundScreen #play-reads.-shown { display: block; }
    """

    def __init__(self, line: str | None = None) -> None:
        super().__init__()
        self.preferences = user_settings.load()
        self.settings = PlaySettings()
        self.view: SweepStepView | None = None
        self._initial = line or self.preferences.playground or playground.settings_line(PlaySettings())

    def compose(self) -> ComposeResult:
        yield Static("Playground · any convolution, swept and explained", id="play-title")
        with Horizontal(id="play-settings-row"):
            yield Label("Settings")
            yield Input(id="play-settings", compact=True, placeholder="e.g. the options of convtutor shape")
        yield Static(id="play-problems")
        with Horizontal(id="play-body"):
            yield Container(id="play-sweep")
            with VerticalScroll(id="play-side"):
                yield Static(id="play-code")
                yield Label("How often each input pixel is read", classes="pane-title", id="play-reads-title")
                yield GridView(id="play-reads")
        yield KeyFooter()

    async def on_mount(self) -> None:
        self.query_one("#play-reads-title").display = False
        await self.apply(self._initial)
        if self.view is not None:
            self.view.focus()  # the arrows move the kernel at once; e edits the settings

    # -- settings ------------------------------------------------------------------------------------
    async def apply(self, line: str) -> bool:
        """Read a settings line and show what it makes; False (and why) if it cannot be read or swept."""
        box = self.query_one("#play-settings", Input)
        box.value = line
        try:
            new = playground.parse_line(line)
        except PlayError as error:
            self._problems([f"Cannot read the settings: {error}.", "Write them as for convtutor shape, e.g. 7x7 -k 3 -s 2 -p same."])
            return False
        problems = playground.explain(new)
        self._problems(problems)
        if any("does not fit" in p or "kernel spans" in p or "at most" in p for p in problems):
            return False  # the last sweep that worked stays on screen
        self.settings = new
        await self._show_sweep()
        self.query_one("#play-code", Static).update("\n".join(playground.code(new)))
        self._show_reads()
        self.preferences.playground = playground.settings_line(new)
        user_settings.save(self.preferences)
        return True

    def _problems(self, lines: list[str]) -> None:
        problems = self.query_one("#play-problems", Static)
        problems.update("\n".join(lines))
        problems.set_class(bool(lines), "-shown")

    async def _show_sweep(self) -> None:
        position = self.view.position if self.view is not None else 0  # the window stays where it was, if it still exists
        step = playground.to_step(self.settings)
        if self.view is not None and self.view.is_mounted:
            self.view.reset(step, position)  # the same widgets: a change answers within 50 ms
            return
        self.view = SweepStepView(step, StepRecord(position=position))
        self.view.in_lesson = False
        await self.query_one("#play-sweep").mount(self.view)

    def _show_reads(self) -> None:
        counts = playground.read_counts(self.settings)
        self.query_one("#play-reads", GridView).show(GridPicture([[str(v) for v in row] for row in counts]))

    @on(Input.Submitted, "#play-settings")
    async def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if await self.apply(event.value) and self.view is not None:
            self.view.focus()

    # -- keys -----------------------------------------------------------------------------------------
    def action_edit_settings(self) -> None:
        self.query_one("#play-settings", Input).focus()

    def action_copy_code(self) -> None:
        self.app.copy_to_clipboard("\n".join(playground.code(self.settings)))
        self.notify("The Keras and PyTorch code is copied.", timeout=2)

    def action_copy_settings(self) -> None:
        self.app.copy_to_clipboard(playground.settings_line(self.settings))
        self.notify(f"Copied: {playground.settings_line(self.settings)}", timeout=2)

    def action_toggle_reads(self) -> None:
        if self.app.size.width < 100:  # no room beside the sweep: the counts in a dialog of their own
            from convtutor.tui.screens.dialogs import TextDialog

            counts = playground.read_counts(self.settings)
            width = max(len(str(v)) for row in counts for v in row)
            grid = "\n".join(" ".join(str(v).rjust(width) for v in row) for row in counts)
            self.app.push_screen(TextDialog("How often each input pixel is read (padding left out)", grid, markup=False))
            return
        reads = self.query_one("#play-reads", GridView)
        shown = not reads.has_class("-shown")
        reads.set_class(shown, "-shown")
        self.query_one("#play-reads-title").display = shown
        self.set_class(shown, "-show-side")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Esc leaves the settings box while the box has the focus, and the screen otherwise: the
        # footer shows the one that applies.
        if action in ("leave", "leave_box"):
            return (action == "leave_box") == isinstance(self.focused, Input)
        return True

    def action_leave_box(self) -> None:
        if self.view is not None:
            self.view.focus()
        else:
            self.set_focus(None)

    def action_leave(self) -> None:
        self.app.pop_screen()
