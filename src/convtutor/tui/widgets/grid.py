"""A grid of numbers drawn as text, with marks that never rely on colour alone.

* the kernel's window and the current cell: reverse video (and bold);
* the real image inside a padded grid: a box drawn around it (padding is outside the box,
  and its values are dim);
* rows and columns no window reads: '×' in the ruler, and their values struck through.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.style import Style
from rich.text import Text
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

WINDOW = Style(reverse=True, bold=True)
PADDING = Style(dim=True, italic=True)
UNREAD = Style(dim=True, strike=True)
RULER = Style(dim=True)
BOX = Style(bold=True)


@dataclass
class GridPicture:
    """What to draw: cell texts and which cells carry which mark."""

    cells: list[list[str]]
    highlight: set[tuple[int, int]] = field(default_factory=set)
    padding: set[tuple[int, int]] | None = None  # None: no padding cells
    box: tuple[int, int, int, int] | None = None  # image rows r0..r1-1, cols c0..c1-1
    unread_rows: set[int] = field(default_factory=set)
    unread_cols: set[int] = field(default_factory=set)
    row_labels: list[str] | None = None
    col_labels: list[str] | None = None

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.cells), len(self.cells[0]) if self.cells else 0)


class Layout:
    """Where each cell lands on screen, so that clicks and scrolling can find it."""

    def __init__(self, picture: GridPicture) -> None:
        rows, cols = picture.shape
        texts = [t for row in picture.cells for t in row]
        labels = (picture.col_labels or []) + (picture.row_labels or [])
        self.width = max([len(t) for t in texts + labels] + [1])
        labels_width = max([len(t) for t in picture.row_labels or []] + [0])
        self.label_width = labels_width + 1 if labels_width else 0  # a space after the row labels
        self.ruler = picture.col_labels is not None
        box = picture.box
        # Screen line of each grid row, counting the ruler and the box's top and bottom lines
        # exactly where Painter.lines puts them.
        y = int(self.ruler)
        self.row_y = []
        for r in range(rows):
            if box is not None and r == box[0] and r > 0:
                y += 1
            self.row_y.append(y)
            y += 1
            if box is not None and r == box[1] - 1 and box[1] < rows:
                y += 1
        self.height = y
        self.total_width = self.label_width + cols * (self.width + 1) + 1

    def cell_x(self, col: int) -> int:
        return self.label_width + col * (self.width + 1) + 1

    def region(self, cells: list[tuple[int, int]]) -> Region:
        rows = [r for r, _ in cells]
        cols = [c for _, c in cells]
        x0 = self.cell_x(min(cols)) - 1
        x1 = self.cell_x(max(cols)) + self.width + 1
        y0 = self.row_y[min(rows)] - (1 if self.ruler else 0)
        y1 = self.row_y[max(rows)] + 1
        return Region(x0, max(y0, 0), x1 - x0, y1 - max(y0, 0))

    def cell_at(self, x: int, y: int) -> tuple[int, int] | None:
        if y not in self.row_y or x < self.label_width:
            return None
        col = (x - self.label_width - 1) // (self.width + 1)
        return (self.row_y.index(y), col)


class Painter:
    """Draws a picture line by line; a single grid row can be drawn again on its own."""

    def __init__(self, picture: GridPicture, layout: Layout, styles: dict[str, Style] | None = None) -> None:
        self.picture = picture
        self.layout = layout
        self.styles = {"window": WINDOW, "padding": PADDING, "unread": UNREAD, "ruler": RULER, "box": BOX, **(styles or {})}
        self.pad = " " * layout.label_width

    def lines(self) -> list[Text]:
        picture, styles = self.picture, self.styles
        rows, _ = picture.shape
        box = picture.box
        lines: list[Text] = []
        if picture.col_labels is not None:
            ruler = Text(self.pad + " ")
            for c, label in enumerate(picture.col_labels):
                ruler.append(("×" if c in picture.unread_cols else label).rjust(self.layout.width) + " ", styles["ruler"])
            lines.append(ruler)
        for r in range(rows):
            if box is not None and r == box[0] and r > 0:
                lines.append(self._box_line("┌", "┐"))
            lines.append(self.row(r))
            if box is not None and r == box[1] - 1 and box[1] < rows:
                lines.append(self._box_line("└", "┘"))
        return lines

    def _box_line(self, left: str, right: str) -> Text:
        box = self.picture.box
        assert box is not None
        _, cols = self.picture.shape
        _, _, c0, c1 = box
        chars = []
        for c in range(cols + 1):
            chars.append(left if c == c0 else right if c == c1 else "─" if c0 < c < c1 else " ")
            if c < cols:
                chars.append(("─" if c0 <= c < c1 else " ") * self.layout.width)
        return Text(self.pad + "".join(chars).rstrip(), self.styles["box"])

    def row(self, r: int) -> Text:
        picture, styles, w = self.picture, self.styles, self.layout.width
        _, cols = picture.shape
        box = picture.box
        highlight = picture.highlight
        line = Text()
        if picture.row_labels is not None:
            line.append(("×" if r in picture.unread_rows else picture.row_labels[r]).rjust(self.layout.label_width), styles["ruler"])
        inside = box is not None and box[0] <= r < box[1]
        row_unread = r in picture.unread_rows
        edges = (box[2], box[3]) if box is not None and inside else ()
        for c in range(cols + 1):
            edge = c in edges
            # The gap between two highlighted cells is highlighted too, so a window reads as one block.
            joined = (r, c - 1) in highlight and (r, c) in highlight
            line.append("│" if edge else " ", styles["box"] if edge else styles["window"] if joined else None)
            if c == cols:
                break
            style = Style()
            if picture.padding is not None and (r, c) in picture.padding:
                style += styles["padding"]
            if row_unread or c in picture.unread_cols:
                style += styles["unread"]
            if (r, c) in highlight:
                style += styles["window"]
            line.append(picture.cells[r][c].rjust(w), style)
        line.rstrip()
        return line


def draw(picture: GridPicture, layout: Layout, styles: dict[str, Style] | None = None) -> Text:
    """The whole grid as one text (for tests and plain output)."""
    return Text("\n", no_wrap=True, overflow="crop").join(Painter(picture, layout, styles).lines())


def _same_frame(a: GridPicture, b: GridPicture) -> bool:
    """Everything but the cell texts and the highlight is the same: rows can be redrawn alone."""
    return (
        a.shape == b.shape and a.box == b.box and (a.padding is b.padding or a.padding == b.padding)
        and a.unread_rows == b.unread_rows
        and a.unread_cols == b.unread_cols and a.row_labels == b.row_labels and a.col_labels == b.col_labels
    )


class GridView(Widget):
    """Draws a GridPicture; posts CellClicked when a cell is clicked."""

    COMPONENT_CLASSES = {"grid--window"}
    DEFAULT_CSS = """
    GridView { width: auto; height: auto; }
    GridView > .grid--window { background: $accent; color: $text; text-style: bold; }
    """

    class CellClicked(Message):
        def __init__(self, grid: GridView, row: int, col: int) -> None:
            super().__init__()
            self.grid = grid
            self.row = row
            self.col = col

        @property
        def control(self) -> GridView:
            return self.grid

    def __init__(self, picture: GridPicture | None = None, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._picture = picture or GridPicture([[""]])
        self._layout = Layout(self._picture)
        self._strips: list[Strip] | None = None

    @property
    def picture(self) -> GridPicture:
        return self._picture

    @property
    def layout_info(self) -> Layout:
        return self._layout

    def show(self, picture: GridPicture) -> None:
        """Draw a new picture; when only cells and highlight changed, only their rows repaint."""
        old_picture, old_layout = self._picture, self._layout
        self._picture = picture
        self._layout = Layout(picture)
        if self._strips is None or not _same_frame(old_picture, picture) or self._layout.width != old_layout.width:
            self._strips = None
            self.refresh(layout=(self._layout.total_width, self._layout.height) != (old_layout.total_width, old_layout.height))
            return
        dirty = {r for r, _ in old_picture.highlight} | {r for r, _ in picture.highlight}
        dirty |= {r for r in range(picture.shape[0]) if old_picture.cells[r] is not picture.cells[r] and old_picture.cells[r] != picture.cells[r]}
        painter = self._painter()
        for r in sorted(dirty):
            y = self._layout.row_y[r]
            self._strips[y] = self._strip(painter.row(r))
            self.refresh(Region(0, y, self.size.width, 1))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self._layout.total_width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._layout.height

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = None  # the theme changed: draw again

    def _painter(self) -> Painter:
        styles = None
        if not self.app.no_color and not self.app.ansi_color:
            # In true colour the window takes the theme's accent; without colour, or with the
            # terminal's own 16 colours (whose contrast we cannot know), it stays reverse video.
            styles = {"window": self.get_component_rich_style("grid--window")}
        return Painter(self._picture, self._layout, styles)

    def _strip(self, line: Text) -> Strip:
        return Strip(line.render(self.app.console, end="")).apply_style(self.rich_style)

    def _build(self) -> list[Strip]:
        return [self._strip(line) for line in self._painter().lines()]

    def render_line(self, y: int) -> Strip:
        # Drawn line by line from cached strips: exact columns (no wrapping), and cheap repaints.
        if self._strips is None:
            self._strips = self._build()
        width = self.size.width
        if y < len(self._strips):
            return self._strips[y].extend_cell_length(width, self.rich_style).crop(0, width)
        return Strip.blank(width, self.rich_style)

    def on_click(self, event: Click) -> None:
        cell = self._layout.cell_at(event.x, event.y)
        if cell is not None and 0 <= cell[1] < self._picture.shape[1]:
            self.post_message(self.CellClicked(self, *cell))
