"""``gif`` and ``png`` (animated PNG): a sweep drawn with Pillow, one frame per window, for
slides and projectors.

Each frame shows the padded input with the window highlighted, the kernel, the output map
filling in (the cell being written highlighted like the window), and under them the window's
sum in large type with its dot product written out: the texts of
:mod:`convtutor.export.frames`, which are the app's. Dark text on white, large cells and type:
what reads best on a projector.

Fast enough for slides made on the spot (a 36-window sweep in well under a second): the parts
that never change are drawn once; each frame adds only its window, its output cell and its
caption; every frame is mapped onto one fixed palette (no per-frame colour quantizing), and
Pillow's GIF and APNG writers store only the part of a frame that changed.

Pillow is imported when first used: it is the ``export`` extra (``pip install 'convtutor[export]'``).
"""

from __future__ import annotations

import io
import itertools
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from convtutor.export import ExportError
from convtutor.export.frames import MAX_WINDOWS, Frame, SweepFrames

if TYPE_CHECKING:
    from PIL import Image as PILImage
    from PIL import ImageDraw as PILImageDraw
    from PIL import ImageFont as PILImageFont

    Font = PILImageFont.FreeTypeFont | PILImageFont.ImageFont

MISSING_PILLOW = "gif and png exports are drawn with Pillow, which is not installed: pip install 'convtutor[export]' (or pip install pillow)"

# Pillow's writers keep every frame (a byte a pixel) until the end: an animation whose frames add
# up to more is refused (a 36-window sweep takes 30 MB, a 144-window one about 200 MB). A cast
# takes up to MAX_WINDOWS windows, txt any.
MAX_FRAME_BYTES = 256_000_000
KEPT_FRAME_BYTES = 64_000_000  # up to this, the frames are kept, not drawn again (see _Again)
DELAY_MS = 900  # each window's frame
FINAL_MS = 3000  # the whole output, before the animation starts again

RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
TEXT: RGB = (20, 20, 20)
MUTED: RGB = (105, 105, 105)
LINE: RGB = (175, 175, 175)
PADDING: RGB = (232, 232, 232)
KERNEL: RGB = (214, 232, 255)
WINDOW: RGB = (255, 196, 40)  # the window, and the output it writes
WINDOW_EDGE: RGB = (190, 105, 0)
IMAGE_EDGE: RGB = (40, 40, 40)  # around the input's own pixels, inside the padding
ACCENT: RGB = (150, 70, 0)  # the sum under the grids

MARGIN = 28
GRIDS_WIDTH = 1500  # pixels the three grids share, at most (unless cells at their smallest need more)
GRIDS_HEIGHT = 760
MIN_CELL, MAX_CELL = 16, 56  # a cell's height in pixels: large for a projector, down to 16 for the largest sweeps
GAP = 44  # between the grids
MAX_CAPTION_LINES = 6
MIN_WIDTH = 960  # pixels, unless the grids need more
MAX_WIDTH = 1600  # for the headings: a longer one is cut short
ASCII = {"→": "->", "−": "-", "×": "x", "·": "*", "…": "...", "⌈": "ceil(", "⌉": ")", "⌊": "floor(", "⌋": ")"}


def require_pillow() -> tuple[Any, Any, Any]:
    """Pillow's Image, ImageDraw and ImageFont; ExportError naming the extra when it is missing."""
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError:
        raise ExportError(MISSING_PILLOW) from None
    return Image, ImageDraw, ImageFont


@dataclass(frozen=True)
class Fonts:
    title: Font
    small: Font
    label: Font
    cell: Font
    head: Font
    caption: Font


#: The system's font files tried first, by name (Pillow looks in the system's font folders):
#: DejaVu has every character the app writes (→ − × ·). Without them: Pillow's own font.
FONT_FILES = ("DejaVuSans.ttf",)
BOLD_FONT_FILES = ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf")


@lru_cache(maxsize=32)
def _font(size: int, bold: bool = False) -> Font:
    """DejaVu Sans where the system has it, else Pillow's own font (Pillow ≥ 10.1; the few
    characters it lacks are written in ASCII)."""
    _, _, ImageFont = require_pillow()
    for name in BOLD_FONT_FILES if bold else FONT_FILES:
        try:
            return ImageFont.truetype(name, size)  # type: ignore[no-any-return]
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size)  # type: ignore[no-any-return]
    except (TypeError, OSError, ImportError):  # Pillow before 10.1, or built without FreeType: the small bitmap font
        return ImageFont.load_default()  # type: ignore[no-any-return]


_MISSING: weakref.WeakKeyDictionary[Font, dict[str, bool]] = weakref.WeakKeyDictionary()


def _drawable(text: str, font: Font) -> str:
    """The text with the characters the font has no glyph for written in ASCII."""
    if not any(ch in ASCII for ch in text):
        return text
    known = _MISSING.setdefault(font, {})
    out = []
    for ch in text:
        if ch in ASCII:
            missing = known.get(ch)
            if missing is None:
                try:
                    missing = bytes(font.getmask(ch)) == bytes(font.getmask("\U000f0000"))  # the "no glyph" box
                except (UnicodeEncodeError, ValueError):
                    missing = True
                known[ch] = missing
            if missing:
                out.append(ASCII[ch])
                continue
        out.append(ch)
    return "".join(out)


def _length(font: Font, text: str) -> float:
    return float(font.getlength(_drawable(text, font)))


def _height(font: Font) -> int:
    box = font.getbbox("Hg(8)")
    return int(box[3]) + 2


def _fit(text: str, font: Font, width: float) -> str:
    """The text, cut short with "…" if it is wider than ``width`` pixels."""
    if _length(font, text) <= width:
        return text
    while text and _length(font, text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _wrap(text: str, font: Font, width: float) -> list[str]:
    """Words on lines no wider than ``width`` pixels (a word wider than that is cut)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if _length(font, candidate) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = "  " + word
    lines.append(line)
    return lines


@dataclass(frozen=True)
class ImageLayout:
    """Where everything is in a frame, in pixels (tests sample it)."""

    width: int
    height: int
    cell_width: int
    cell_height: int
    input_at: tuple[int, int]  # the input grid's top left
    kernel_at: tuple[int, int]
    output_at: tuple[int, int]
    grids_title_y: int
    head_y: int  # the line with the sum
    caption_y: int  # the dot product's first line
    caption_lines: int
    fonts: Fonts

    def _cell(self, at: tuple[int, int], row: int, col: int) -> tuple[int, int, int, int]:
        x, y = at[0] + col * self.cell_width, at[1] + row * self.cell_height
        return x, y, x + self.cell_width, y + self.cell_height

    def input_cell(self, row: int, col: int) -> tuple[int, int, int, int]:
        """A padded input cell's box (left, top, right, bottom)."""
        return self._cell(self.input_at, row, col)

    def kernel_cell(self, row: int, col: int) -> tuple[int, int, int, int]:
        return self._cell(self.kernel_at, row, col)

    def output_cell(self, row: int, col: int) -> tuple[int, int, int, int]:
        return self._cell(self.output_at, row, col)


def layout(frames: SweepFrames) -> ImageLayout:
    """The frame's size and where its parts go: cells as large as a projector wants (up to 56
    pixels, down to 16 for the largest sweeps), wide enough for the widest number."""
    in_rows, in_cols = frames.padded_shape
    k_rows, k_cols = len(frames.kernel_cells), len(frames.kernel_cells[0])
    out_rows, out_cols = frames.shape
    columns = in_cols + k_cols + out_cols
    rows = max(in_rows, k_rows, out_rows)
    room = GRIDS_WIDTH - 2 * GAP
    cell = int(max(MIN_CELL, min(MAX_CELL, room / columns, GRIDS_HEIGHT / rows)))
    texts = [t.strip() for grid in (frames.input_cells, frames.kernel_cells, frames.final.outputs) for row in grid for t in row]
    longest = max(texts, key=len)
    for _ in range(8):  # wide numbers ("-12.5"): smaller cells until the grids fit their room
        cell_font = _font(max(10, round(cell * 0.46)))
        widest = max(_length(cell_font, t) for t in texts if len(t) >= len(longest) - 1)
        cell_width = max(cell, int(widest) + 10)
        if cell_width * columns <= room or cell <= MIN_CELL:
            break
        cell = max(MIN_CELL, int(cell * room / (cell_width * columns)))
    fonts = Fonts(
        title=_font(30, bold=True), small=_font(18), label=_font(21, bold=True),
        cell=cell_font, head=_font(30, bold=True), caption=_font(20),
    )
    cell_height = cell
    label_h = _height(fonts.label)
    grids_title_y = MARGIN + _height(fonts.title) + _height(fonts.small) + 18
    grid_y = grids_title_y + label_h + 8
    x = MARGIN
    input_at = (x, grid_y)
    x += max(in_cols * cell_width, int(_length(fonts.label, frames.input_title))) + GAP
    kernel_at = (x, grid_y)
    x += max(k_cols * cell_width, int(_length(fonts.label, frames.kernel_title))) + GAP
    output_at = (x, grid_y)
    x += max(out_cols * cell_width, int(_length(fonts.label, frames.output_title)))
    lines = [(fonts.title, frames.title), (fonts.small, frames.settings), *((fonts.head, frame.head) for frame in frames.frames)]
    # As wide as the grids, or the longest heading (a longer one is cut short with "…").
    width = max(x + MARGIN, min(MIN_WIDTH, MAX_WIDTH), min(max(int(_length(font, text)) + 2 * MARGIN for font, text in lines), MAX_WIDTH))
    head_y = grid_y + rows * cell_height + 24
    caption_y = head_y + _height(fonts.head) + 8
    room = width - 2 * MARGIN
    caption_lines = min(MAX_CAPTION_LINES, max(
        sum(len(_wrap(line, fonts.caption, room)) for line in frame.lines) for frame in frames.frames
    ))
    height = caption_y + caption_lines * _height(fonts.caption) + MARGIN
    return ImageLayout(width, height, cell_width, cell_height, input_at, kernel_at, output_at, grids_title_y,
                       head_y, caption_y, caption_lines, fonts)


def _palette() -> list[int]:
    """The one palette every frame is mapped onto: the colours drawn, and the shades that
    anti-aliased text makes between each text colour and each background."""
    solid = [WHITE, TEXT, MUTED, LINE, PADDING, KERNEL, WINDOW, WINDOW_EDGE, IMAGE_EDGE, ACCENT]
    colours = list(solid)
    for fg in (TEXT, MUTED, ACCENT):
        for bg in (WHITE, PADDING, KERNEL, WINDOW):
            for step in range(1, 12):
                t = step / 12
                colours.append((round(bg[0] + (fg[0] - bg[0]) * t), round(bg[1] + (fg[1] - bg[1]) * t), round(bg[2] + (fg[2] - bg[2]) * t)))
    flat = [v for colour in colours[:256] for v in colour]
    return flat + flat[:3] * (256 - len(flat) // 3)


class _Painter:
    def __init__(self, frames: SweepFrames, where: ImageLayout) -> None:
        self.frames = frames
        self.at = where
        self.Image, self.ImageDraw, _ = require_pillow()

    def text(self, draw: PILImageDraw.ImageDraw, xy: tuple[float, float], text: str, font: Font, fill: RGB, anchor: str = "la") -> None:
        if anchor == "la":
            text = _fit(text, font, self.at.width - xy[0] - MARGIN)
        draw.text(xy, _drawable(text, font), font=font, fill=fill, anchor=anchor)

    def cell(self, draw: PILImageDraw.ImageDraw, box: tuple[int, int, int, int], text: str, fill: RGB, ink: RGB,
             edge: RGB = LINE, bold_edge: bool = False) -> None:
        draw.rectangle(box, fill=fill, outline=edge, width=3 if bold_edge else 1)
        if text.strip():
            self.text(draw, ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), text.strip(), self.at.fonts.cell, ink, "mm")

    def base(self) -> PILImage.Image:
        """What every frame shares: the headings, the input, the kernel and the empty output."""
        frames, at = self.frames, self.at
        image: PILImage.Image = self.Image.new("RGB", (at.width, at.height), WHITE)
        draw = self.ImageDraw.Draw(image)
        self.text(draw, (MARGIN, MARGIN), frames.title, at.fonts.title, TEXT)
        self.text(draw, (MARGIN, MARGIN + _height(at.fonts.title) + 6), frames.settings, at.fonts.small, MUTED)
        for (x, _), title in ((at.input_at, frames.input_title), (at.kernel_at, frames.kernel_title), (at.output_at, frames.output_title)):
            self.text(draw, (x, at.grids_title_y), title, at.fonts.label, TEXT)
        for r, row in enumerate(frames.input_cells):
            for c, text in enumerate(row):
                padding = (r, c) in frames.padding
                self.cell(draw, at.input_cell(r, c), text, PADDING if padding else WHITE, MUTED if padding else TEXT)
        if frames.padding:  # the input's own pixels, framed inside the padding
            inner = [(r, c) for r in range(len(frames.input_cells)) for c in range(len(frames.input_cells[0])) if (r, c) not in frames.padding]
            if inner:
                top_left, bottom_right = at.input_cell(*min(inner)), at.input_cell(*max(inner))
                draw.rectangle((top_left[0], top_left[1], bottom_right[2], bottom_right[3]), outline=IMAGE_EDGE, width=2)
        for r, row in enumerate(frames.kernel_cells):
            for c, text in enumerate(row):
                self.cell(draw, at.kernel_cell(r, c), text, KERNEL, TEXT)
        rows, cols = frames.shape
        for r in range(rows):
            for c in range(cols):
                self.cell(draw, at.output_cell(r, c), "", WHITE, TEXT)
        return image

    def frame(self, filled: PILImage.Image, frame: Frame) -> PILImage.Image:
        """One frame over the outputs filled so far: the window, the output it writes, the sum."""
        frames, at = self.frames, self.at
        image = filled.copy()
        draw = self.ImageDraw.Draw(image)
        for r, c in sorted(frame.window):
            self.cell(draw, at.input_cell(r, c), frames.input_cells[r][c], WINDOW, TEXT, WINDOW_EDGE, bold_edge=True)
        if frame.output is not None:
            r, c = frame.output
            self.cell(draw, at.output_cell(r, c), frame.outputs[r][c], WINDOW, TEXT, WINDOW_EDGE, bold_edge=True)
        self.text(draw, (MARGIN, at.head_y), frame.head, at.fonts.head, ACCENT)
        lines = [wrapped for line in frame.lines for wrapped in _wrap(line, at.fonts.caption, at.width - 2 * MARGIN)]
        if len(lines) > at.caption_lines:
            lines = [*lines[: at.caption_lines - 1], lines[at.caption_lines - 1] + " …"]
        for i, line in enumerate(lines):
            self.text(draw, (MARGIN, at.caption_y + i * _height(at.fonts.caption)), line, at.fonts.caption, TEXT)
        return image

    def fill(self, filled: PILImage.Image, frame: Frame) -> None:
        """Write the frame's output into the picture of the outputs so far."""
        if frame.output is None:
            return
        r, c = frame.output
        self.cell(self.ImageDraw.Draw(filled), self.at.output_cell(r, c), frame.outputs[r][c], WHITE, TEXT)


def _frames(frames: SweepFrames, where: ImageLayout) -> Iterator[PILImage.Image]:
    """Every frame as a palette image, one at a time."""
    Image, _, _ = require_pillow()
    painter = _Painter(frames, where)
    palette = Image.new("P", (1, 1))
    palette.putpalette(_palette())
    filled = painter.base()
    for frame in frames.frames:
        yield painter.frame(filled, frame).quantize(palette=palette, dither=Image.Dither.NONE)
        painter.fill(filled, frame)


class _Again:
    """The frames after the first, drawn again each time they are gone through (Pillow's PNG
    writer goes through them twice) rather than all kept: Pillow keeps its own copy of each."""

    def __init__(self, frames: SweepFrames, where: ImageLayout) -> None:
        self.frames = frames
        self.where = where

    def __iter__(self) -> Iterator[PILImage.Image]:
        return itertools.islice(_frames(self.frames, self.where), 1, None)


def draw_frames(frames: SweepFrames) -> tuple[list[PILImage.Image], ImageLayout]:
    """Every frame as a palette image (one per window, then the whole output), and the layout."""
    where = layout(frames)
    return list(_frames(frames, where)), where


def render(frames: SweepFrames, format_name: str, *, delay_ms: int = DELAY_MS, final_ms: int = FINAL_MS) -> bytes:
    """The animation as the bytes of a GIF (``gif``) or an animated PNG (``png``), looping.
    ExportError when its frames would take more than :data:`MAX_FRAME_BYTES`."""
    if format_name not in ("gif", "png"):
        raise ValueError(f"not an image format: {format_name}")
    where = layout(frames)
    size = len(frames.frames) * where.width * where.height
    if size > MAX_FRAME_BYTES:
        raise ExportError(
            f"this sweep has {frames.count} windows of {where.width}×{where.height} pixels: {size / 1e6:.0f} MB of frames, "
            f"more than a {format_name} is drawn with ({MAX_FRAME_BYTES / 1e6:.0f} MB); export it as cast (up to {MAX_WINDOWS} windows) or txt"
        )
    drawn = _frames(frames, where)
    first = next(drawn)
    images: Iterable[PILImage.Image] = list(drawn) if size <= KEPT_FRAME_BYTES else _Again(frames, where)
    durations = [delay_ms] * frames.count + [final_ms]
    out = io.BytesIO()
    options: dict[str, object] = {"save_all": True, "append_images": images, "duration": durations, "loop": 0}
    if format_name == "gif":
        first.save(out, format="GIF", optimize=False, **options)
    else:
        first.save(out, format="PNG", **options)
    return out.getvalue()
