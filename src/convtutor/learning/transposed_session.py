"""A transposed convolution being stepped through, in the view the learner chose: *scatter*
(one input pixel at a time, its scaled kernel copy landing in the output, the sums building
up) or *direct* (one output window at a time over the zero-stuffed, padded input with the
flipped kernel). Toggling keeps the output cell in focus, so the learner sees both views give
it the same number; the outputs the scatter has finished stay filled in the direct view, which
counts the outputs filled in (its window number is only where the window is).

Built from a lesson step (:meth:`TransposedSession.from_step`) or from plain settings
(:meth:`TransposedSession.from_settings`, for the playground). The TUI view draws it; every
move is a method here, tested without a terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from convtutor.core.formatting import format_number, pair_text
from convtutor.core.transposed_sweep import INPUT, TransposedSweep
from convtutor.lessons.steps.transposed_sweep import TransposedSweepStep, make_transposed_sweep

VIEWS = ("scatter", "direct")


@dataclass(frozen=True)
class Completion:
    """The learner has just finished the step (no task: no score)."""

    score: int | None = None


def _span(values: list[int]) -> str:
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}–{high}"


class TransposedSession:
    def __init__(self, sweep: TransposedSweep, *, view: str = "scatter", position: int = 0, done: bool = False) -> None:
        if view not in VIEWS:
            raise ValueError(f"A transposed sweep's view is scatter or direct, not {view!r}.")
        self.sweep = sweep
        self.view = view
        # One number saves where the learner is: the index in the view, and the view (its low bit).
        index, direct = divmod(max(position, 0), 2) if position else (0, view == "direct")
        if position:
            self.view = "direct" if direct else "scatter"
        self.pixel = 0
        self.reached = sweep.pixels - 1 if done else -1  # the last input pixel scattered so far
        self.window = 0
        self.filled: set[int] = set(range(sweep.count)) if done else set()
        self.focus: tuple[int, int] = (0, 0)
        self.completed = done
        self._completion: Completion | None = None
        # The canvas as the copies scattered so far have built it, kept up to date pixel by pixel
        # (a key adds one copy, not all of them again).
        height, width = sweep.canvas_shape()
        self._canvas: list[list[float | None]] = [[None] * width for _ in range(height)]
        self._canvas_upto = -1
        if self.view == "scatter":
            self.go_pixel(min(index, sweep.pixels - 1))
        else:
            self.go_window(min(index, sweep.count - 1))

    @classmethod
    def from_step(cls, step: TransposedSweepStep, *, position: int = 0, done: bool = False) -> TransposedSession:
        return cls(make_transposed_sweep(step), view=step.view, position=position, done=done)

    @classmethod
    def from_settings(
        cls, image: object, kernel: object, bias: float = 0.0, *, stride: int | tuple[int, int] = 1,
        padding: str | int | Sequence[int] = "valid", output_padding: int | tuple[int, int] | None = None,
        dilation: int | tuple[int, int] = 1, view: str = "scatter",
    ) -> TransposedSession:
        """A session from settings as the core takes them (the playground's)."""
        sweep = TransposedSweep(image, kernel, bias, stride=stride, padding=padding, output_padding=output_padding, dilation=dilation)
        return cls(sweep, view=view)

    # -- where the learner is ----------------------------------------------------------------------
    @property
    def scatter(self) -> bool:
        return self.view == "scatter"

    @property
    def index(self) -> int:
        return self.pixel if self.scatter else self.window

    @property
    def count(self) -> int:
        """Steps in the current view: input pixels (scatter) or output windows (direct)."""
        return self.sweep.pixels if self.scatter else self.sweep.count

    @property
    def position(self) -> int:
        """What the record saves: the index in the view, and the view."""
        return self.index * 2 + (0 if self.scatter else 1)

    # -- moving --------------------------------------------------------------------------------------
    def go_pixel(self, index: int) -> None:
        """Scatter input pixel ``index``; the output cell in focus becomes the last cell its copy
        lands on (the one with the most copies summed so far)."""
        self.pixel = min(max(index, 0), self.sweep.pixels - 1)
        self.reached = max(self.reached, self.pixel)
        kept = self.sweep.scatter(self.pixel).out_cells()
        if kept:
            self.focus = kept[-1]
        self._check_complete()

    def go_window(self, index: int, *, stepped: bool = True) -> None:
        """Window ``index``, its output cell filled in. ``stepped``: the learner moved there (a
        toggle only shows the window of the cell in focus: landing on the last one is no finish)."""
        self.window = min(max(index, 0), self.sweep.count - 1)
        self.focus = divmod(self.window, self.sweep.shape[1])
        self.filled.add(self.window)
        self._check_complete(stepped=stepped)

    def go(self, index: int) -> None:
        (self.go_pixel if self.scatter else self.go_window)(index)

    def move(self, by: int) -> None:
        """The next (previous) pixel or window, row-major, clamped."""
        self.go(self.index + by)

    def move_rows(self, by: int) -> None:
        """One row of input pixels (scatter) or of windows (direct), keeping the column; clamped."""
        width = self.sweep.input_shape[1] if self.scatter else self.sweep.shape[1]
        row, col = divmod(self.index, width)
        rows = self.count // width
        self.go(min(max(row + by, 0), rows - 1) * width + col)

    def jump(self, where: int) -> None:
        """To the first (0) or the last (-1) pixel or window."""
        self.go(self.count - 1 if where < 0 else where)

    def fill(self) -> None:
        """Every pixel scattered and every output filled in; on to the last one."""
        self.reached = self.sweep.pixels - 1
        self.filled.update(range(self.sweep.count))
        self.jump(-1)

    def start_playing(self) -> None:
        if self.index >= self.count - 1:
            self.go(0)

    def tick(self) -> bool:
        """One step of playing; False at the end."""
        if self.index >= self.count - 1:
            return False
        self.move(1)
        return self.index < self.count - 1

    def toggle_view(self) -> None:
        """Scatter ↔ direct, keeping the output cell in focus: the direct view shows its window;
        the scatter view the last input pixel that adds into it."""
        focus = self.focus
        if self.scatter:
            self.view = "direct"
            # The outputs the scatter has finished stay filled in: the direct view counts them.
            self.filled.update(self.scatter_finished())
            self.go_window(focus[0] * self.sweep.shape[1] + focus[1], stepped=False)
            return
        self.view = "scatter"
        contributions = self.sweep.contributions(*focus)
        if contributions:
            i, j = contributions[-1].source
            self.go_pixel(i * self.sweep.input_shape[1] + j)
        self.focus = focus

    def scatter_finished(self) -> set[int]:
        """Output cells (row-major indices) whose every copy has landed once the pixels up to
        ``reached`` are scattered: the same numbers the direct view gives. A cell's last
        contribution comes from the last input row and column that reach it, worked out per axis."""
        sweep = self.sweep
        rows, cols = sweep.shape
        if self.reached >= sweep.pixels - 1:
            return set(range(sweep.count))
        last_rows = [max((i for i, _ in sweep.rows.sources(r)), default=-1) for r in range(rows)]
        last_cols = [max((j for j, _ in sweep.cols.sources(c)), default=-1) for c in range(cols)]
        width = sweep.input_shape[1]
        return {
            r * cols + c
            for r, i in enumerate(last_rows) if i >= 0
            for c, j in enumerate(last_cols) if j >= 0 and i * width + j <= self.reached
        }

    def click_output(self, row: int, col: int) -> None:
        """An output cell: its sum is written out (direct: its window is shown)."""
        if not (0 <= row < self.sweep.shape[0] and 0 <= col < self.sweep.shape[1]):
            return
        if self.scatter:
            self.focus = (row, col)
        else:
            self.go_window(row * self.sweep.shape[1] + col)

    def click_input(self, row: int, col: int) -> None:
        """An input pixel (scatter): scatter it."""
        height, width = self.sweep.input_shape
        if self.scatter and 0 <= row < height and 0 <= col < width:
            self.go_pixel(row * width + col)

    # -- what is shown ---------------------------------------------------------------------------------
    def _built(self) -> list[list[float | None]]:
        """The canvas with every copy up to ``reached`` added (in pixel order, as the core adds)."""
        sweep = self.sweep
        rows, cols = sweep.rows, sweep.cols
        taps = [(a * rows.dilation, b * cols.dilation, w) for a, line in enumerate(sweep.kernel) for b, w in enumerate(line)]
        width = sweep.input_shape[1]
        canvas = self._canvas
        for index in range(self._canvas_upto + 1, self.reached + 1):
            i, j = divmod(index, width)
            value = sweep.image[i][j]
            top, left = i * rows.stride, j * cols.stride
            for da, db, weight in taps:  # the copy's landings (Scatter.landings), without building them
                line = canvas[top + da]
                before = line[left + db]
                line[left + db] = (0.0 if before is None else before) + value * weight
        self._canvas_upto = max(self._canvas_upto, self.reached)
        return self._canvas

    def output_value(self, row: int, col: int) -> float | None:
        """An output cell as far as the learner has got: the copies scattered so far (scatter) or
        the windows visited (direct); None: not reached yet."""
        sweep = self.sweep
        if self.scatter:
            if self.reached >= sweep.pixels - 1:
                return sweep.output[row][col]
            value = self._built()[row + sweep.rows.before][col + sweep.cols.before]
            return None if value is None else value + sweep.bias
        return sweep.output[row][col] if row * sweep.shape[1] + col in self.filled else None

    def output_cells(self) -> list[list[str]]:
        """The output grid's texts ('·' where nothing has arrived yet), all of one width."""
        rows, cols = self.sweep.shape
        values = [[self.output_value(r, c) for c in range(cols)] for r in range(rows)]
        width = max(len(format_number(v)) for v in self.sweep.output_values())
        return [["·".rjust(width) if v is None else format_number(v).rjust(width) for v in line] for line in values]

    def canvas_cells(self) -> list[list[str]]:
        """The scatter view's output pane: the full result (and the cells output_padding adds),
        as far as the copies scattered so far have built it. Kept cells are the output's values;
        cropped cells show what landed there (no bias: the layer drops them)."""
        sweep = self.sweep
        built = self._built()
        texts = []
        for r, line in enumerate(built):
            row = []
            for c, landed in enumerate(line):
                out = sweep.to_output(r, c)
                value = landed if out is None else self.output_value(*out)
                row.append("·" if value is None else format_number(value))
            texts.append(row)
        size = max(len(t) for row in texts for t in row)
        return [[t.rjust(size) for t in row] for row in texts]

    def lit_output(self) -> list[tuple[int, int]]:
        """Output cells lit: the current copy's landing cells (scatter) or the window's cell."""
        if self.scatter:
            return self.sweep.scatter(self.pixel).out_cells()
        return [self.focus]

    def head_text(self) -> str:
        """What the current step is, in one line."""
        sweep = self.sweep
        if not self.scatter:
            r, c = self.focus
            return f"Window {self.window + 1} of {sweep.count} → o[{r},{c}]"
        copy = sweep.scatter(self.pixel)
        value = format_number(copy.value)
        head = f"Pixel {self.pixel + 1} of {sweep.pixels}: input ({copy.row},{copy.col}) = {value} adds {value} × kernel"
        kept = copy.out_cells()
        if kept:
            head += f" at output rows {_span([r for r, _ in kept])}, cols {_span([c for _, c in kept])}"
        if copy.cropped:
            every = " (all of it)" if not kept else ""
            head += f"; {copy.cropped} of {len(copy.landings)} products land in the crop{every}"
        return head

    def sum_text(self) -> str:
        """The output cell in focus written out: its contributions (scatter: the current pixel's
        in brackets) or the window's products on real pixels (direct)."""
        sweep = self.sweep
        r, c = self.focus
        if self.scatter:
            text = sweep.expression(r, c, mark=(sweep.scatter(self.pixel).row, sweep.scatter(self.pixel).col))
            so_far = self.output_value(r, c)
            if self.reached < sweep.pixels - 1 and so_far != sweep.output[r][c]:
                text += f"   (so far {'nothing' if so_far is None else format_number(so_far)})"
            return text
        window = sweep.direct_window(r, c)
        terms = []
        zeros = 0
        for cell, (value, weight) in zip(window.cells(), window.terms(), strict=True):
            if sweep.direct_cell(*cell)[0] == INPUT:
                terms.append(f"{_term(value)}·{_term(weight)}")
            else:
                zeros += 1
        text = " + ".join(terms) if terms else "0"
        if sweep.bias:
            text += f" {'+' if sweep.bias > 0 else '−'} {format_number(abs(sweep.bias))}"
        return f"o[{r},{c}] = {text} = {format_number(sweep.output[r][c])}   ({zeros} tap{'s' * (zeros != 1)} on zeros left out)"

    def lines_under_grids(self) -> str:
        """What the current step adds up. Scatter: the pixel and its copy, then the output cell
        in focus written out. Direct: the window's products on real pixels, then why that is
        the scatter's number (the point of the direct view, so it is never left out)."""
        if self.scatter:
            return f"{self.head_text()}\n{self.sum_text()}"
        return f"Window {self.window + 1} of {self.sweep.count}: {self.sum_text()}\n{self.why_text()}"

    def why_text(self) -> str:
        """Direct view: why it is the same as the scatter (scatter: the toggle's promise)."""
        if self.scatter:
            rule, after, note = self.padding_rule()
            return (f"The same numbers come from an ordinary sweep: s − 1 zeros between the pixels, {rule} padding"
                    f"{f' (bottom/right {after})' if after else ''}, the kernel flipped{f' ({note})' if note else ''}.")
        return self.sweep.why_same(*self.focus)

    def input_title(self) -> str:
        if self.scatter:
            h, w = self.sweep.input_shape
            return f"Input {h}×{w}"
        rows, cols = self.sweep.stuffed_shape()
        height, width = self.sweep.direct_shape()
        cropped = any(pad < 0 for side in self.sweep.direct_padding() for pad in side)
        return f"Stuffed {rows}×{cols}, {'cropped and padded' if cropped else 'padded'} to {height}×{width}"

    def kernel_title(self) -> str:
        """``Kernel 3×3``, or ``Flipped 3×3`` in the direct view (the bias is in the sums)."""
        kernel = self.sweep.kernel
        return f"{'Kernel' if self.scatter else 'Flipped'} {len(kernel)}×{len(kernel[0])}"

    def kernel_cells(self) -> list[list[str]]:
        kernel = self.sweep.kernel if self.scatter else self.sweep.direct().kernel
        return [[format_number(v) for v in row] for row in kernel]

    def output_title(self) -> str:
        rows, cols = self.sweep.shape
        return f"Output {rows}×{cols}"

    def settings_text(self) -> str:
        rows, cols = self.sweep.rows, self.sweep.cols
        parts = [f"stride {pair_text(rows.stride, cols.stride)}"]
        if rows.is_keras:
            parts.append(f"padding '{rows.padding}' (Keras)")
        else:
            parts.append(f"padding {pair_text(int(rows.padding), int(cols.padding))} (PyTorch: cropped from each side)")
        if rows.output_padding is not None or cols.output_padding is not None:
            parts.append(f"output_padding {pair_text(rows.output_padding or 0, cols.output_padding or 0)}")
        parts.append(self.direct_padding_text())
        return " · ".join(parts)

    def padding_rule(self) -> tuple[str, str, str]:
        """How much the direct view pads each side, in the lesson's symbols: the rule (``k − 1 − p``),
        what the bottom and right get on top of it (``+ output_padding``; '' when nothing), and
        what a symbol in them means ('' when the lesson has said: k̂ only for a dilated kernel)."""
        rows, cols = self.sweep.rows, self.sweep.cols
        dilated = (rows.dilation, cols.dilation) != (1, 1)
        k = "k̂" if dilated else "k"
        notes = [f"k̂ = d·(k − 1) + 1 = {pair_text(rows.effective_kernel, cols.effective_kernel)}, the dilated kernel's span"] if dilated else []
        if not rows.is_keras:
            rule, after = (f"{k} − 1 − p" if rows.padding or cols.padding else f"{k} − 1"), ""
            if rows.output_padding or cols.output_padding:
                after = "+ output_padding"
        elif rows.padding == "valid":  # nothing cropped; a kernel shorter than the stride leaves s − k more cells
            rule, after = f"{k} − 1", (f"+ s − {k}" if rows.after < 0 or cols.after < 0 else "")
        elif all(axis.before == axis.after == 0 for axis in (rows, cols)):
            rule, after = f"{k} − 1", ""
        else:
            rule, after = f"{k} − 1 − c", ""
            notes.insert(0, "c: what 'same' crops from that side")
        return rule, after, "; ".join(notes)

    def direct_padding_text(self) -> str:
        """``direct view pads top/left 1 (k − 1 − p), bottom/right 2 (+ output_padding)``."""
        (top, bottom), (left, right) = self.sweep.direct_padding()
        rule, after, note = self.padding_rule()
        note = f"; {note}" if note else ""

        def sides(first: int, second: int, names: tuple[str, str]) -> str:
            return f"{names[0]}/{names[1]} {first}" if first == second else f"{names[0]} {first}, {names[1]} {second}"

        before_text, after_text = sides(top, left, ("top", "left")), sides(bottom, right, ("bottom", "right"))
        if after:
            return f"direct view pads {before_text} ({rule}{note}), {after_text} ({after})"
        if top == bottom == left == right:
            return f"direct view pads {top} on each side ({rule}{note})"
        return f"direct view pads {before_text}, {after_text} ({rule}{note})"

    def formula_text(self) -> str:
        r, c = self.sweep.rows.formula_lines(), self.sweep.cols.formula_lines()
        lines = [f"rows and cols: {'  ·  '.join(r)}"] if r == c else [f"rows: {'  ·  '.join(r)}", f"cols: {'  ·  '.join(c)}"]
        return "\n".join(lines + self.sweep.rows.unread_explanation("rows") + self.sweep.cols.unread_explanation("columns"))

    def task_text(self, keys: str = "", *, in_lesson: bool = True) -> str:
        done = self.reached >= self.sweep.pixels - 1 if self.scatter else len(self.filled) >= self.sweep.count
        if done:
            return keys + (" · all done: n for the next step" if in_lesson else " · all done")
        if not self.scatter:
            # Not "windows to go": the window's number is where it is, and cells the scatter
            # finished are filled in without their windows being visited.
            return keys + f" · {len(self.filled)} of {self.sweep.count} filled in"
        left = self.sweep.pixels - 1 - self.reached
        return keys + f" · {left} pixel{'s' * (left != 1)} to go"

    # -- completion ------------------------------------------------------------------------------------
    def _check_complete(self, *, stepped: bool = True) -> None:
        """Finished: the last pixel or window stepped to, or every output filled in."""
        if self.completed:
            return
        if (stepped and self.index >= self.count - 1) or len(self.filled) >= self.sweep.count:
            self.completed = True
            self._completion = Completion()

    def take_completion(self) -> Completion | None:
        completion, self._completion = self._completion, None
        return completion


def _term(value: float) -> str:
    text = format_number(value)
    return f"({text})" if value < 0 else text
