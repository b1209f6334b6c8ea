"""The playground's settings form: every setting on a line of its own, changed with the keys.

↑ ↓ choose a setting, ← → change it (the next size, padding, preset...), and typing replaces
it (⏎ or leaving the setting applies what was typed; esc puts it back). The input's own
numbers are typed as rows (``1 2 3; 4 5 6``); the kernel's weights are changed cell by cell.
What each setting does is :data:`convtutor.learning.playground.FIELDS`; this draws it and
turns keys into changes, which it posts to the screen (``Changed``) or, when a typed value
cannot be read, explains (``Refused``)."""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from convtutor.core.formatting import format_number
from convtutor.learning import playground
from convtutor.learning.playground import Field, PlayError, PlaySettings
from convtutor.tui.widgets.grid import GridPicture, GridView

CURSOR = "▏"
TYPING = "0123456789.-"  # what a kernel cell takes
def _always(s: PlaySettings) -> bool:
    return True


#: The form's lines: a label, the fields on that line (by id), and when the line applies (a pool
#: has no weights, only a transposed convolution has output padding...): the others are hidden.
ROWS: tuple[tuple[str, tuple[str, ...], Callable[[PlaySettings], bool]], ...] = (
    ("Layer", ("op",), _always),
    ("Input", ("rows", "cols"), _always), ("Content", ("input",), _always), ("Values", (), _always),
    ("Kernel", ("kernel_rows", "kernel_cols"), _always),
    ("Weights", ("weights",), lambda s: s.weighted), ("Cells", (), lambda s: s.weighted), ("Bias", ("bias",), lambda s: s.weighted),
    ("Padding", ("padding",), _always), ("Mode", ("mode",), lambda s: s.op == "conv"),
    ("Stride", ("stride_rows", "stride_cols"), _always),
    ("Dilation", ("dilation_rows", "dilation_cols"), lambda s: s.op != "avgpool"),
    ("Out pad", ("output_padding",), lambda s: s.op == "transpose"),
    ("Ceil", ("ceil_mode",), lambda s: s.pooling), ("Count pad", ("count_include_pad",), lambda s: s.op == "avgpool"),
    ("Channels", ("channels",), _always), ("Filters", ("filters",), lambda s: s.weighted),
)
FORM_HINT = "↑ ↓ a setting · ← → change it · or type a value and ⏎ · esc closes"


class PlayField(Widget, can_focus=True):
    """One setting: its value, between ◂ ▸ while it has the focus; typing replaces it."""

    DEFAULT_CSS = """
    PlayField { width: auto; height: 1; min-width: 5; }
    """

    class Stepped(Message):
        def __init__(self, field: PlayField, by: int) -> None:
            super().__init__()
            self.field = field
            self.by = by

    class Typed(Message):
        def __init__(self, field: PlayField, text: str) -> None:
            super().__init__()
            self.field = field
            self.text = text

    def __init__(self, field: Field) -> None:
        super().__init__(id=f"play-field-{field.id}", classes="play-setting")
        self.field = field
        self.text = ""
        self.buffer: str | None = None  # what is being typed

    def show(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.refresh(layout=True)

    def render(self) -> Text:
        body = self.text if self.buffer is None else self.buffer + CURSOR
        if self.has_focus:
            return Text.assemble(("◂ ", Style(dim=True)), (body, Style(reverse=True, bold=True)), (" ▸", Style(dim=True)))
        return Text(f"  {body}  ")

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if key in ("left", "right"):
            return True
        if self.buffer is not None and key in ("backspace", "enter", "escape"):
            return True
        return character is not None and character in self.field.chars

    def on_key(self, event: events.Key) -> None:
        key, character = event.key, event.character
        if key in ("left", "right"):
            self.buffer = None
            self.post_message(self.Stepped(self, 1 if key == "right" else -1))
        elif character is not None and character in self.field.chars and key != "space":
            self.buffer = (self.buffer or "") + character
            self.refresh(layout=True)
        elif self.buffer is not None and key == "backspace":
            self.buffer = self.buffer[:-1]
            self.refresh(layout=True)
        elif self.buffer is not None and key == "enter":
            self.commit()
        elif self.buffer is not None and key == "escape":
            self.buffer = None
            self.refresh(layout=True)
        else:
            return
        event.stop()
        event.prevent_default()

    def commit(self) -> None:
        """Apply what was typed (nothing typed: nothing changes)."""
        typed, self.buffer = self.buffer, None
        if typed:
            self.post_message(self.Typed(self, typed))
        self.refresh(layout=True)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.commit()  # leaving a setting applies what was typed into it


class PlayCells(GridView, can_focus=True):
    """The kernel's weights, one cell at a time: arrows choose a cell, typing replaces its value."""

    DEFAULT_CSS = """
    PlayCells { width: auto; height: auto; }
    """

    class Typed(Message):
        def __init__(self, cells: PlayCells, row: int, col: int, text: str) -> None:
            super().__init__()
            self.cells = cells
            self.row = row
            self.col = col
            self.text = text

    def __init__(self) -> None:
        super().__init__(id="play-cells", classes="play-setting")
        self.matrix: list[list[float]] = [[0.0]]
        self.cursor = (0, 0)
        self.buffer: str | None = None

    def show_matrix(self, matrix: list[list[float]]) -> None:
        self.matrix = matrix
        self.cursor = (min(self.cursor[0], len(matrix) - 1), min(self.cursor[1], len(matrix[0]) - 1))
        self._draw()

    def _draw(self) -> None:
        cells = [[format_number(v) for v in row] for row in self.matrix]
        row, col = self.cursor
        if self.buffer is not None:
            cells[row][col] = self.buffer + CURSOR
        self.show(GridPicture(cells, {self.cursor} if self.has_focus else set()))
        box = self.parent
        if self.has_focus and isinstance(box, Widget):  # its box scrolls a kernel too wide for the pane
            box.scroll_to_region(self.layout_info.region([self.cursor]), animate=False)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if key in ("left", "right"):
            return True
        if self.buffer is not None and key in ("backspace", "enter", "escape"):
            return True
        return character is not None and character in TYPING

    def on_key(self, event: events.Key) -> None:
        key, character = event.key, event.character
        moves = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}
        if key in moves:
            row, col = self.cursor[0] + moves[key][0], self.cursor[1] + moves[key][1]
            if not (0 <= row < len(self.matrix) and 0 <= col < len(self.matrix[0])):
                if key in ("up", "down"):
                    return  # past the first or last row: the form's previous or next setting
                row, col = self.cursor
            self.commit()
            self.cursor = (row, col)
            self._draw()
        elif character is not None and character in TYPING:
            self.buffer = (self.buffer or "") + character
            self._draw()
        elif self.buffer is not None and key == "backspace":
            self.buffer = self.buffer[:-1]
            self._draw()
        elif self.buffer is not None and key == "enter":
            self.commit()
        elif self.buffer is not None and key == "escape":
            self.buffer = None
            self._draw()
        else:
            return
        event.stop()
        event.prevent_default()

    def commit(self) -> None:
        typed, self.buffer = self.buffer, None
        if typed:
            self.post_message(self.Typed(self, *self.cursor, typed))
        self._draw()

    def on_focus(self) -> None:
        self._draw()

    def on_blur(self) -> None:
        self.commit()

    @on(GridView.CellClicked)
    def _clicked(self, event: GridView.CellClicked) -> None:
        event.stop()
        self.commit()
        self.cursor = (event.row, event.col)
        self.focus()
        self._draw()


class PlaySettingsForm(Vertical):
    """Every setting of the playground, changed with the keys (see the module's docstring)."""

    DEFAULT_CSS = """
    PlaySettingsForm { height: auto; width: 100%; padding: 0 0 1 0; }
    PlaySettingsForm #play-form-title { text-style: bold; }
    PlaySettingsForm #play-form-hint { color: $text-muted; height: 3; }
    PlaySettingsForm .play-form-row { height: auto; width: 100%; }
    PlaySettingsForm .play-form-label { width: 9; }
    PlaySettingsForm .play-form-by { width: 1; }
    PlaySettingsForm #play-values { width: 1fr; }
    PlaySettingsForm #play-cells-box { width: 1fr; height: auto; max-height: 17; overflow-x: auto; overflow-y: auto; scrollbar-size: 1 1; }
    """

    class Changed(Message):
        """The form changed the settings."""

        def __init__(self, settings: PlaySettings) -> None:
            super().__init__()
            self.settings = settings

    class Refused(Message):
        """A typed value could not be read: why."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.settings = PlaySettings()
        self._values_text = ""  # what the values box was given (so that leaving it unchanged changes nothing)
        self._values_of: object = None  # the input those numbers are of

    def compose(self) -> ComposeResult:
        yield Static("Settings", id="play-form-title")
        yield Static(FORM_HINT, id="play-form-hint", markup=False)
        for index, (label, ids, _) in enumerate(ROWS):
            with Horizontal(classes="play-form-row", id=f"play-form-row-{index}"):
                yield Label(label, classes="play-form-label")
                if label == "Values":
                    yield Input(id="play-values", compact=True, placeholder="rows: 1 2 3; 4 5 6", classes="play-setting")
                elif label == "Cells":
                    with Vertical(id="play-cells-box"):
                        yield PlayCells()
                for i, field_id in enumerate(ids):
                    if i:
                        yield Label("×", classes="play-form-by")
                    yield PlayField(playground.FIELDS[field_id])

    # -- showing the settings ---------------------------------------------------------------------
    def show(self, settings: PlaySettings) -> None:
        """Show these settings in every field (the screen calls this after every change)."""
        self.settings = settings
        for index, (_, _, applies) in enumerate(ROWS):
            self.query_one(f"#play-form-row-{index}").display = applies(settings)
        for field in self.query(PlayField):
            field.show(field.field.show(settings))
        self.query_one(PlayCells).show_matrix(playground.kernel_matrix(settings))
        values = self.query_one("#play-values", Input)
        if not values.has_focus:
            self._fill_values(settings.values is not None)

    def _fill_values(self, filled: bool) -> None:
        """The input's numbers as rows: always for typed numbers, else while the box has the focus
        (a 64×64 input makes a long line, better not written on every change)."""
        shown = (self.settings.input, self.settings.size, self.settings.values) if filled else None
        if shown == self._values_of:
            return
        self._values_of = shown
        text = playground.rows_text(playground.input_matrix(self.settings)) if filled else ""
        self._values_text = text
        box = self.query_one("#play-values", Input)
        if box.value != text:
            box.value = text
            box.cursor_position = 0

    def focus_first(self) -> None:
        self.query_one("#play-field-rows", PlayField).focus()  # the layer (op) is the line above

    # -- changes ----------------------------------------------------------------------------------
    def _change(self, make: Callable[[], PlaySettings]) -> bool:
        try:
            new = make()
        except PlayError as error:
            self.post_message(self.Refused(_sentence(str(error))))
            return False
        self.settings = new  # the next key builds on this, even before the screen has shown it
        self.post_message(self.Changed(new))
        return True

    @on(PlayField.Stepped)
    def _stepped(self, event: PlayField.Stepped) -> None:
        event.stop()
        field = event.field.field
        self._change(lambda: field.step(self.settings, event.by))

    @on(PlayField.Typed)
    def _typed(self, event: PlayField.Typed) -> None:
        event.stop()
        field = event.field.field
        self._change(lambda: field.typed(self.settings, event.text))

    @on(PlayCells.Typed)
    def _cell_typed(self, event: PlayCells.Typed) -> None:
        event.stop()
        self._change(lambda: playground.with_cell(self.settings, event.row, event.col, event.text))

    @on(Input.Submitted, "#play-values")
    def _values_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._apply_values(event.value)

    @on(Input.Blurred, "#play-values")
    def _values_left(self, event: Input.Blurred) -> None:
        event.stop()
        if event.value == self._values_text or self._apply_values(event.value):
            self._fill_values(self.settings.values is not None)
        # else the numbers that could not be read stay, beside the reason, to be mended

    def _apply_values(self, text: str) -> bool:
        if not self._change(lambda: playground.with_values(self.settings, text)):
            return False
        self._values_text = text
        return True

    # -- keys -------------------------------------------------------------------------------------
    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        if isinstance(widget, PlayField):
            hint = widget.field.hint
        elif isinstance(widget, PlayCells):
            hint = playground.CELLS_HINT
        else:
            hint = playground.VALUES_HINT
            if isinstance(widget, Input) and not self._values_text:
                self._fill_values(True)
                widget.select_all()  # typing replaces them, as in the settings line
        self.query_one("#play-form-hint", Static).update(hint)

    def on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if event.key in ("up", "down"):
            settings = [w for w in self.query(".play-setting") if w.parent is not None and _row_of(w).display]
            if focused in settings:
                index = settings.index(focused) + (1 if event.key == "down" else -1)
                settings[min(max(index, 0), len(settings) - 1)].focus()
                event.stop()
                event.prevent_default()
        elif event.key == "escape" and isinstance(focused, Input) and focused.value != self._values_text:
            focused.value = self._values_text  # esc puts the numbers back; a second esc leaves the form
            event.stop()
            event.prevent_default()


def _row_of(widget: Widget) -> Widget:
    """The form's line a setting is on."""
    node = widget
    while not node.has_class("play-form-row") and isinstance(node.parent, Widget):
        node = node.parent
    return node


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."

