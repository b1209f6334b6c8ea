"""The playground: any convolution, set by a settings line or a settings form, swept as in a
lesson, with the layer in Keras and PyTorch beside it and settings that cannot work explained."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from convtutor.learning import playground
from convtutor.learning.playground import PlayError, PlaySettings
from convtutor.lessons.steps.sweep import SweepStep
from convtutor.state import settings as user_settings
from convtutor.state.progress import StepRecord
from convtutor.tui import commands
from convtutor.tui.steps import view_class
from convtutor.tui.steps.base import StepView
from convtutor.tui.steps.sweep import SweepStepView
from convtutor.tui.widgets.grid import GridPicture, GridView
from convtutor.tui.widgets.key_footer import KeyFooter
from convtutor.tui.widgets.play_settings import PlaySettingsForm

FORM_WIDTH = 34  # the form's pane below 100 columns, where the code has no room beside the sweep


class PlaygroundScreen(Screen[None]):
    BINDINGS = commands.bindings("play")

    DEFAULT_CSS = f"""
    PlaygroundScreen #play-title {{ height: 1; padding: 0 1; background: $panel; text-style: bold; }}
    PlaygroundScreen #play-settings-row {{ height: 1; padding: 0 1; }}
    PlaygroundScreen #play-settings-row Label {{ width: auto; padding-right: 1; }}
    PlaygroundScreen #play-settings {{ width: 1fr; }}
    PlaygroundScreen #play-problems {{ height: auto; padding: 0 1; color: $warning; display: none; }}
    PlaygroundScreen #play-problems.-shown {{ display: block; }}
    PlaygroundScreen #play-body {{ height: 1fr; }}
    PlaygroundScreen #play-sweep {{ width: 1fr; height: 100%; }}
    PlaygroundScreen #play-side {{ width: 46; height: 100%; padding: 0 1; border-left: solid $primary 30%; }}
    PlaygroundScreen.-narrow #play-side {{ display: none; }}
    PlaygroundScreen.-narrow.-form #play-side {{ display: block; width: {FORM_WIDTH}; }}
    PlaygroundScreen.-narrow #play-code, PlaygroundScreen.-narrow .play-reads {{ display: none; }}
    PlaygroundScreen #play-form {{ display: none; }}
    PlaygroundScreen.-form #play-form {{ display: block; }}
    PlaygroundScreen #play-code {{ height: auto; }}
    PlaygroundScreen .play-reads {{ height: auto; display: none; }}
    PlaygroundScreen #play-reads {{ margin-top: 1; }}
    PlaygroundScreen.-reads .play-reads {{ display: block; }}
    """

    def __init__(self, line: str | None = None) -> None:
        super().__init__()
        self.preferences = user_settings.load()
        self.settings = PlaySettings()  # what the sweep shows
        self.wanted = PlaySettings()  # what the line and the form show (the same, unless it cannot be swept)
        self.view: StepView | None = None  # a sweep of the operation's kind
        self.filter_index = 0  # which filter's map the sweep writes (f: the next)
        self._initial = line or self.preferences.playground or playground.settings_line(PlaySettings())
        self.form: PlaySettingsForm | None = None  # mounted when first opened
        self._form_stale = True  # the form shows other settings than ``wanted`` (it is drawn when opened)

    def compose(self) -> ComposeResult:
        yield Static("Playground · any convolution, swept and explained", id="play-title")
        with Horizontal(id="play-settings-row"):
            yield Label("Settings (e)")
            yield Input(id="play-settings", compact=True, placeholder="e.g. the options of convtutor shape")
        yield Static(id="play-problems", markup=False)
        with Horizontal(id="play-body"):
            yield Container(id="play-sweep")
            with VerticalScroll(id="play-side"):  # the settings form goes first, when first opened
                yield Static(id="play-code", markup=False)
                yield Label("How often each input pixel is read", classes="pane-title play-reads", id="play-reads-title")
                yield GridView(id="play-reads", classes="play-reads")
        yield KeyFooter()

    async def on_mount(self) -> None:
        await self.apply(self._initial)
        if self.view is not None:
            self.view.focus()  # the arrows move the kernel at once; e edits the settings line, s opens the form

    @property
    def form_open(self) -> bool:
        return self.has_class("-form")

    # -- settings: the line and the form both come here ----------------------------------------------
    async def apply(self, line: str) -> bool:
        """Read a settings line and show what it makes; False (and why) if it cannot be read or swept."""
        try:
            new = playground.parse_line(line)
        except PlayError as error:
            self.query_one("#play-settings", Input).value = line
            self._problems([f"Cannot read the settings: {error}.", "Write them as for convtutor shape, e.g. 7x7 -k 3 -s 2 -p same."])
            return False
        return await self.apply_settings(new)

    async def apply_settings(self, new: PlaySettings) -> bool:
        """The one way the settings change (the line and the form): the line and the form show
        them, and the sweep follows if they can be swept; else the problems say why, and the
        last sweep that worked stays on screen. False if they cannot be swept."""
        self.wanted = new
        self.query_one("#play-settings", Input).value = playground.settings_line(new)  # always the current settings
        self._show_form()
        found = playground.problems(new)
        self._problems([p.text for p in found])
        if any(p.blocks for p in found):
            return False
        try:
            await self._show_sweep(new)
        except ValueError as error:  # the core refused what problems() let through: say so, never crash
            self._problems([str(error)])
            return False
        self.settings = new
        # The new sweep is painted first; then the code, the counts and the saved settings follow
        # (the code's pane and a file write took a few ms a change that the sweep can use).
        self.call_after_refresh(self._after_change, new)
        return True

    def on_unmount(self) -> None:
        line = playground.settings_line(self.settings)
        if self.view is not None and self.preferences.playground != line:  # left before the last change was saved
            self.preferences.playground = line
            user_settings.save(self.preferences)

    def _after_change(self, new: PlaySettings) -> None:
        if new != self.settings:
            return  # another change came first: it follows with its own
        self.query_one("#play-code", Static).update("\n".join(playground.code(new)))
        if self.has_class("-reads"):
            self._show_reads()
        self.preferences.playground = playground.settings_line(new)
        user_settings.save(self.preferences)

    def _problems(self, lines: list[str]) -> None:
        problems = self.query_one("#play-problems", Static)
        text = "\n".join(lines)
        if text != str(problems.content):  # the same text again would cost a layout
            problems.update(text)
            problems.set_class(bool(lines), "-shown")

    def _show_form(self) -> None:
        self._form_stale = not self.form_open
        if self.form is not None and self.form_open:
            self.form.show(self.wanted)

    async def _show_sweep(self, new: PlaySettings) -> None:
        if self.filter_index >= new.filters:
            self.filter_index = 0
        step = playground.to_step(new, self.filter_index)
        view = self.view
        if isinstance(step, SweepStep) and isinstance(view, SweepStepView) and view.is_mounted:
            # The same widgets: a change answers within 50 ms; the window stays where it was,
            # or the nearest that still exists.
            window = view.session.window
            rows, cols = playground.plan(new).output_shape
            view.output_note = f"×{new.filters}, filter {self.filter_index + 1}" if new.filters > 1 else ""
            view.reset(step, min(window.out_row, rows - 1) * cols + min(window.out_col, cols - 1))
            return
        # Another operation, or the first sweep: a view of the step's kind (its session keeps
        # the position when the operation stays the same and it still exists).
        position = view.position if view is not None and type(view) is view_class(step.kind) else 0
        replacement = view_class(step.kind)(step, StepRecord(position=position))
        replacement.in_lesson = False
        if isinstance(replacement, SweepStepView):
            replacement.output_note = f"×{new.filters}, filter {self.filter_index + 1}" if new.filters > 1 else ""
        focused = view is not None and view.has_focus_within
        await self.query_one("#play-sweep").mount(replacement)
        if view is not None:
            await view.remove()
        self.view = replacement
        if focused:
            replacement.focus()

    def _show_reads(self) -> None:
        counts = playground.read_counts(self.settings)
        self.query_one("#play-reads-title", Label).update(playground.counts_title(self.settings))
        self.query_one("#play-reads", GridView).show(GridPicture([[str(v) for v in row] for row in counts]))

    @on(Input.Submitted, "#play-settings")
    async def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if await self.apply(event.value) and self.view is not None:
            # After the new sweep is painted: moving the focus redraws the footer's keys, which
            # would hold the sweep back by a frame.
            self.call_after_refresh(self.view.focus)

    @on(PlaySettingsForm.Changed)
    async def _form_changed(self, event: PlaySettingsForm.Changed) -> None:
        event.stop()
        await self.apply_settings(event.settings)

    @on(PlaySettingsForm.Refused)
    def _form_refused(self, event: PlaySettingsForm.Refused) -> None:
        event.stop()
        self._problems([event.text, *playground.explain(self.wanted)])

    # -- keys -----------------------------------------------------------------------------------------
    def action_edit_settings(self) -> None:
        self.query_one("#play-settings", Input).focus()

    async def action_settings_form(self) -> None:
        """Open the form (its first setting takes the focus), or close it when it has the focus."""
        form = self.form
        if form is None:
            form = self.form = PlaySettingsForm(id="play-form")
            await self.query_one("#play-side").mount(form, before=0)
        if self.form_open and form.has_focus_within:
            self._close_form()
            return
        if not self.form_open:
            self.add_class("-form")
            if self._form_stale:
                form.show(self.wanted)
                self._form_stale = False
        form.focus_first()

    def _close_form(self) -> None:
        self.remove_class("-form")
        if self.view is not None:
            self.view.focus()
        else:
            self.set_focus(None)

    async def action_next_filter(self) -> None:
        filters = self.settings.filters
        if self.settings.pooling:
            self.notify("A pooling layer has no filters: it pools each channel on its own.", timeout=4)
            return
        if filters == 1:
            self.notify("The layer has one filter; add filters in the settings (s) to see the output grow a map per filter.", timeout=4)
            return
        self.filter_index = (self.filter_index + 1) % filters
        await self._show_sweep(self.settings)

    def action_copy_code(self) -> None:
        self.app.copy_to_clipboard("\n".join(playground.code(self.settings)))
        self.notify("The Keras and PyTorch code is copied.", timeout=2)

    def action_show_code(self) -> None:
        from convtutor.tui.screens.dialogs import TextDialog

        title = f"Keras and PyTorch · {playground.settings_line(self.settings)}"
        self.app.push_screen(TextDialog(title, "\n".join(playground.code(self.settings)), markup=False))

    def action_copy_settings(self) -> None:
        line = playground.settings_line(self.wanted)
        self.app.copy_to_clipboard(line)
        self.notify(f"Copied: {line}", timeout=2)

    def action_toggle_reads(self) -> None:
        if self.app.size.width < 100:  # no room beside the sweep: the counts in a dialog of their own
            from convtutor.tui.screens.dialogs import TextDialog

            counts = playground.read_counts(self.settings)
            width = max(len(str(v)) for row in counts for v in row)
            grid = "\n".join(" ".join(str(v).rjust(width) for v in row) for row in counts)
            title = playground.counts_title(self.settings) + ("" if self.settings.op == "transpose" else " (padding left out)")
            self.app.push_screen(TextDialog(title, grid, markup=False))
            return
        shown = not self.has_class("-reads")
        if shown:
            self._show_reads()
        self.set_class(shown, "-reads")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Esc leaves the settings line or closes the form while either is in use, and leaves the
        # screen otherwise: the footer shows the one that applies.
        if action in ("leave", "leave_box"):
            return (action == "leave_box") == (isinstance(self.focused, Input) or self.form_open)
        return True

    def action_leave_box(self) -> None:
        if self.form_open and self.focused is not self.query_one("#play-settings", Input):
            self._close_form()
        elif self.view is not None:
            self.view.focus()
        else:
            self.set_focus(None)

    def action_leave(self) -> None:
        self.app.pop_screen()
