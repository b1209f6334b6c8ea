"""Text exports: ``txt`` (a step as plain text; a sweep one line per window with its sum, for
screen readers and notes) and ``cast`` (an asciicast v2 recording of a sweep, for asciinema
players: a JSON header line, then ``[time, "o", text]`` events, one frame per window)."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence

from convtutor.export.frames import Cells, Frame, SweepFrames
from convtutor.lessons.fields import StepBase

CAST_DELAY = 0.8  # seconds per window in a recording
CAST_FINAL = 3.0  # seconds the whole output stays before the recording ends
CAST_MIN_WIDTH = 80

# ANSI: what a terminal player draws the window and the output being written with.
_HOME = "\x1b[H"
_CLEAR = "\x1b[2J\x1b[H"
_CLEAR_LINE = "\x1b[K"
_CLEAR_BELOW = "\x1b[J"
_RESET = "\x1b[0m"
_WINDOW = "\x1b[1;30;43m"  # bold black on yellow
_PADDING = "\x1b[2m"  # dim
_TITLE = "\x1b[1m"


# -- txt ---------------------------------------------------------------------------------------------
def _grid_lines(cells: Cells, indent: str = "  ") -> list[str]:
    width = max(len(text) for row in cells for text in row)
    return [indent + " ".join(text.rjust(width) for text in row) for row in cells]


def sweep_text(frames: SweepFrames, label: str = "") -> str:
    """A sweep as plain text: its settings and grids, then one line per window with its sum,
    then the output."""
    lines = [frames.title, *([f"from {label}"] if label else []), frames.settings, *frames.formula.split("\n"), ""]
    input_title = frames.input_title
    if frames.padding:
        input_title += " (the padding included: the outer rows and columns)"
    lines += [f"{input_title}:", *_grid_lines(frames.input_cells), ""]
    lines += [f"{frames.kernel_title}:", *_grid_lines(frames.kernel_cells), ""]
    lines.append(f"{frames.count} window{'s' * (frames.count != 1)}, row by row (pixel·weight; [ ] marks a pixel read from the padding):")
    lines += [window_line(frame) for frame in frames.windows]
    lines += ["", f"{frames.output_title}:", *_grid_lines(frames.final.outputs)]
    return "\n".join(lines) + "\n"


def window_line(frame: Frame) -> str:
    """One window on one line, as the app writes its dot product: ``Window 1 of 36 → output
    (0, 0), pixel·weight: 0·0 + 0·1 + … = 2`` (several channels: their lines joined by ``;``)."""
    head, _, expression = frame.dot_product.partition("\n")
    return f"{head} {'; '.join(expression.split(chr(10)))}".rstrip()


def step_text(step: StepBase, title: str, label: str = "") -> str:
    """Any other step as plain text: its title and its text (Markdown as written)."""
    lines = [title, *([f"from {label}"] if label else []), f"({step.kind} step)", ""]
    text = getattr(step, "text", None)
    if isinstance(text, str) and text.strip():
        lines.append(text.strip())
    return "\n".join(lines) + "\n"


# -- cast --------------------------------------------------------------------------------------------
def _block(title: str, cells: Cells, marked: frozenset[tuple[int, int]], dim: frozenset[tuple[int, int]],
           ansi: bool) -> tuple[list[str], int]:
    """A titled grid as terminal lines (with ANSI colours), and its width in cells."""
    cell = max(len(text) for row in cells for text in row)
    grid_width = len(cells[0]) * (cell + 1) - 1
    block_width = max(len(title), grid_width)
    lines = [(_TITLE + title + _RESET if ansi else title) + " " * (block_width - len(title))]
    for r, row in enumerate(cells):
        parts = []
        for c, text in enumerate(row):
            shown = text.rjust(cell)
            if ansi and (r, c) in marked:
                shown = _WINDOW + shown + _RESET
            elif ansi and (r, c) in dim:
                shown = _PADDING + shown + _RESET
            parts.append(shown)
        lines.append(" ".join(parts) + " " * (block_width - grid_width))
    return lines, block_width


def _side_by_side(blocks: Sequence[tuple[list[str], int]], gap: int = 4) -> list[str]:
    height = max(len(lines) for lines, _ in blocks)
    out = []
    for i in range(height):
        parts = [lines[i] if i < len(lines) else " " * width for lines, width in blocks]
        out.append((" " * gap).join(parts).rstrip())
    return out


def frame_lines(frames: SweepFrames, frame: Frame, *, width: int | None = None, ansi: bool = True) -> list[str]:
    """One frame as the lines of a terminal screen: the title, the three grids side by side
    (the window and the output it writes highlighted), then the dot product, wrapped at ``width``."""
    output_marked = frozenset() if frame.output is None else frozenset({frame.output})
    blocks = [
        _block(frames.input_title, frames.input_cells, frame.window, frames.padding, ansi),
        _block(frames.kernel_title, frames.kernel_cells, frozenset(), frozenset(), ansi),
        _block(frames.output_title, frame.outputs, output_marked, frozenset(), ansi),
    ]
    grids = _side_by_side(blocks)
    if width is None:
        width = cast_width(frames)
    title = frames.title[:width]
    lines = [(_TITLE + title + _RESET) if ansi else title, frames.settings[:width], "", *grids, ""]
    for text in frame.dot_product.split("\n"):
        lines += textwrap.wrap(text, width, break_on_hyphens=False, subsequent_indent="  ") or [""]
    return lines


def cast_width(frames: SweepFrames) -> int:
    """The recording's width: the grids side by side, and at least 80 columns."""
    grids = _side_by_side([
        _block(frames.input_title, frames.input_cells, frozenset(), frozenset(), False),
        _block(frames.kernel_title, frames.kernel_cells, frozenset(), frozenset(), False),
        _block(frames.output_title, frames.final.outputs, frozenset(), frozenset(), False),
    ])
    return max(CAST_MIN_WIDTH, *(len(line) for line in grids))


def asciicast(frames: SweepFrames, *, delay: float = CAST_DELAY, final: float = CAST_FINAL, timestamp: int | None = None) -> str:
    """An asciicast v2 recording: a header line, then one ``[time, "o", text]`` event per frame
    (each drawn from the top left over the last: cursor home, every line cleared to its end),
    and a last event that ends the recording after ``final`` seconds on the whole output."""
    width = cast_width(frames)
    screens = [frame_lines(frames, frame, width=width) for frame in frames.frames]
    height = max(len(lines) for lines in screens)
    header: dict[str, object] = {"version": 2, "width": width, "height": height}
    if timestamp is not None:
        header["timestamp"] = timestamp
    header["title"] = frames.title
    header["env"] = {"TERM": "xterm-256color"}
    events = [json.dumps(header, ensure_ascii=False)]
    time = 0.0
    for i, lines in enumerate(screens):
        text = (_CLEAR if i == 0 else _HOME) + "\r\n".join(line + _CLEAR_LINE for line in lines) + _CLEAR_BELOW
        events.append(json.dumps([round(time, 3), "o", text], ensure_ascii=False))
        time += delay
    # The player stops at the last event: one more, empty, keeps the whole output on screen a while.
    events.append(json.dumps([round(time - delay + final, 3), "o", ""], ensure_ascii=False))
    return "\n".join(events) + "\n"
