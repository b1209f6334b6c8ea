"""A grid of numbers drawn as text, with marks that never rely on colour alone.

* the kernel's window and the current cell: reverse video (and bold);
* the real image inside a padded grid: its edges drawn without a line of their own, so that
  every grid row is one screen line and a window reaching into the padding stays one block:
  '│' at its left and right on every image row, the row above it and its last row underlined
  between those bars, and '·' instead of a number in the rulers for padding rows and columns
  (whose values are also dim);
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
EDGE = Style(underline=True)  # the image's top and bottom edges, drawn under a row's cells


@dataclass
class GridPicture:
    """What to draw: cell texts and which cells carry which mark."""

    cells: list[list[str]]
    highlight: set[tuple[int, int]] = field(default_factory=set)
    padding: set[tuple[int, int]] | None = None  # None: no padding cells
    box: tuple[int, int, int, int] | None = None  # the image: rows r0..r1-1, cols c0..c1-1
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
        # Screen line of each grid row: the ruler, then one line per row (the image's edges
        # take no line of their own).
        self.row_y = [r + int(self.ruler) for r in range(rows)]
        self.height = rows + int(self.ruler)
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
        row = y - int(self.ruler)
        if not 0 <= row < len(self.row_y) or x < self.label_width:
            return None
        col = (x - self.label_width - 1) // (self.width + 1)
        return (row, col)


class Painter:
    """Draws a picture line by line; a single grid row can be drawn again on its own."""

    def __init__(self, picture: GridPicture, layout: Layout, styles: dict[str, Style] | None = None) -> None:
        self.picture = picture
        self.layout = layout
        self.styles = {
            "window": WINDOW, "padding": PADDING, "unread": UNREAD, "ruler": RULER, "box": BOX, "edge": EDGE, **(styles or {}),
        }
        self.pad = " " * layout.label_width
        self._styles: dict[tuple[str, ...], Style] = {}

    def lines(self) -> list[Text]:
        return [self.line(y) for y in range(self.layout.height)]

    def line(self, y: int) -> Text:
        """Screen line ``y``: the ruler (when there is one), then one line per grid row."""
        if self.picture.col_labels is None:
            return self.row(y)
        return self.ruler() if y == 0 else self.row(y - 1)

    def ruler(self) -> Text:
        picture = self.picture
        ruler = Text(self.pad + " ")
        for c, label in enumerate(picture.col_labels or []):
            ruler.append(("×" if c in picture.unread_cols else label).rjust(self.layout.width) + " ", self.styles["ruler"])
        return ruler

    def _edge_row(self, r: int) -> bool:
        """The row whose cells are underlined to draw the image's top or bottom edge: the row
        just above the image, and the image's last row when padding follows it."""
        box = self.picture.box
        if box is None:
            return False
        rows, _ = self.picture.shape
        return (r == box[0] - 1) or (r == box[1] - 1 and box[1] < rows)

    def _style(self, *names: str) -> Style | None:
        """The marks named, combined in that order (computed once per painter)."""
        found = self._styles.get(names)
        if found is None and names:
            found = self._styles[names] = Style.combine(self.styles[name] for name in names)
        return found

    def row(self, r: int) -> Text:
        picture, w = self.picture, self.layout.width
        _, cols = picture.shape
        box = picture.box
        highlight = picture.highlight
        padding = picture.padding or ()
        unread_cols = picture.unread_cols
        style_of = self._style
        line = Text()
        if picture.row_labels is not None:
            line.append(("×" if r in picture.unread_rows else picture.row_labels[r]).rjust(self.layout.label_width), self.styles["ruler"])
        inside = box is not None and box[0] <= r < box[1]
        row_unread = r in picture.unread_rows
        edges = (box[2], box[3]) if box is not None and inside else ()
        # The image's top or bottom edge: this row's cells and gaps are underlined from the
        # image's left bar to its right bar.
        under = range(box[2], box[3] + 1) if box is not None and self._edge_row(r) else range(0)
        for c in range(cols + 1):
            edge = c in edges
            # The gap between two highlighted cells is highlighted too, so a window reads as one
            # block (across the image's bar as well).
            joined = (r, c - 1) in highlight and (r, c) in highlight
            gap = ("box",) * edge + ("window",) * joined + ("edge",) * (c in under)
            line.append("│" if edge else " ", style_of(*gap))
            if c == cols:
                break
            marks = (
                ("padding",) * ((r, c) in padding) + ("unread",) * (row_unread or c in unread_cols)
                + ("edge",) * (c in under and c != under.stop - 1) + ("window",) * ((r, c) in highlight)
            )
            line.append(picture.cells[r][c].rjust(w), style_of(*marks))
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
        # Strips are drawn when a line is first shown: a 64×64 grid paints only what is on screen.
        self._strips: list[Strip | None] | None = None
        self._painter_now: Painter | None = None

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
        self._painter_now = None
        if self._strips is None or not _same_frame(old_picture, picture) or self._layout.width != old_layout.width:
            self._strips = None
            self.refresh(layout=(self._layout.total_width, self._layout.height) != (old_layout.total_width, old_layout.height))
            return
        dirty = {r for r, _ in old_picture.highlight} | {r for r, _ in picture.highlight}
        dirty |= {r for r in range(picture.shape[0]) if old_picture.cells[r] is not picture.cells[r] and old_picture.cells[r] != picture.cells[r]}
        for r in sorted(dirty):
            y = self._layout.row_y[r]
            self._strips[y] = None  # drawn again when painted
            self.refresh(Region(0, y, self.size.width, 1))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self._layout.total_width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._layout.height

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = None  # the theme changed: draw again
        self._painter_now = None

    def _painter(self) -> Painter:
        styles = None
        if not self.app.no_color and not self.app.native_ansi_color:
            # In true colour the window takes the theme's accent; without colour, or with the
            # terminal's own 16 colours (whose contrast we cannot know), it stays reverse video.
            styles = {"window": self.get_component_rich_style("grid--window")}
        return Painter(self._picture, self._layout, styles)

    def _strip(self, line: Text) -> Strip:
        return Strip(line.render(self.app.console, end="")).apply_style(self.rich_style)

    def render_line(self, y: int) -> Strip:
        # Drawn line by line from cached strips: exact columns (no wrapping), and cheap repaints.
        if self._strips is None:
            self._strips = [None] * self._layout.height
        width = self.size.width
        if y >= len(self._strips):
            return Strip.blank(width, self.rich_style)
        strip = self._strips[y]
        if strip is None:
            if self._painter_now is None:
                self._painter_now = self._painter()
            strip = self._strips[y] = self._strip(self._painter_now.line(y))
        return strip.extend_cell_length(width, self.rich_style).crop(0, width)

    def on_click(self, event: Click) -> None:
        cell = self._layout.cell_at(event.x, event.y)
        if cell is not None and 0 <= cell[1] < self._picture.shape[1]:
            self.post_message(self.CellClicked(self, *cell))
