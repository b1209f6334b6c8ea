"""A sweep being stepped through: which window is shown, which outputs are filled in, the
learner's predictions or search, and when the step counts as done.

The TUI's sweep view draws this and turns keys into calls; everything a learner can do to a
sweep is a method here, so it is tested without a terminal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from convtutor.core.formatting import ROUNDED, format_number, is_rounded, pair_text, parse_number
from convtutor.core.sweep import Sweep, Window
from convtutor.learning.answering import PREDICTION_FORMAT, PREDICTION_FREE, WrongBefore
from convtutor.lessons.steps.sweep import SweepStep, SweepTask, make_sweep

PREDICTION_TRIES = 2  # tries at one window's value before it is shown


@dataclass(frozen=True)
class Completion:
    """The learner has just finished the step (score: predictions right, or 1/0 for a find task)."""

    score: int | None


class SweepSession:
    def __init__(
        self, step: SweepStep, *, position: int = 0, done: bool = False, score: int | None = None,
        predictions: dict[int, bool] | None = None,
    ) -> None:
        self.step = step
        self.task: SweepTask | None = step.task
        self.sweep: Sweep = make_sweep(step)
        count = self.sweep.count
        self.index = min(max(position, 0), count - 1)
        self.filled: set[int] = set(range(count)) if done else set(range(self.index + 1)) | set(predictions or ())
        self.skip_zero_weights = False
        self.predict_range = (self.task.count or count) if self.task is not None and self.task.kind == "predict" else 0
        # ``predictions`` is the learner's record (kept up to date here, so it is saved as they go);
        # a finished task saved before predictions were recorded resumes with its score.
        self.predictions: dict[int, bool] = predictions if predictions is not None else {}
        for window in [w for w in self.predictions if not 0 <= w < self.predict_range]:
            del self.predictions[window]  # the lesson changed since: forget what no longer applies
        if done and len(self.predictions) < self.predict_range:
            right = self.predict_range if score is None else score
            self.predictions.update({i: i < right for i in range(self.predict_range) if i not in self.predictions})
        self.channel = 0  # the input channel (and kernel slice) shown
        #: The padded cell whose readers are shown ("who reads this pixel"); None: the windows are shown.
        self.pixel: tuple[int, int] | None = None
        self.find_attempts = 0
        self.found = done
        self.completed = done
        self.result_text = ""  # the answer to the learner's last prediction or "this one!"
        self._tries: dict[int, int] = {}  # wrong predictions so far, per window
        self._wrong_before = WrongBefore()  # per window
        self._output_texts: list[str] | None = None
        self._completion: Completion | None = None
        self._check_complete()  # a one-window sweep, or one resumed at its end, is done when shown

    # -- what is shown ---------------------------------------------------------------------------
    @property
    def count(self) -> int:
        return self.sweep.count

    @property
    def window(self) -> Window:
        return self.sweep.window(self.index)

    def awaiting_prediction(self, index: int | None = None) -> bool:
        """The learner still has to predict this window's output (the current one by default)."""
        index = self.index if index is None else index
        return index < self.predict_range and index not in self.predictions

    def pending_prediction(self) -> int | None:
        """The first window whose output is still to be predicted."""
        return next((i for i in range(self.predict_range) if self.awaiting_prediction(i)), None)

    def output_cells(self) -> list[list[str]]:
        """The output grid's texts: filled values, '?' for the one to predict, '·' for the rest."""
        if self._output_texts is None:  # the outputs never change: format them once
            self._output_texts = [format_number(v) for v in self.sweep.output_values()]
        texts = self._output_texts
        blank = "·".rjust(max(len(t) for t in texts))
        rows, cols = self.sweep.shape
        cells = []
        for r in range(rows):
            line = []
            for c in range(cols):
                i = r * cols + c
                if i == self.index and self.awaiting_prediction():
                    line.append("?".rjust(len(blank)))
                elif i in self.filled and not self.awaiting_prediction(i):
                    line.append(texts[i])
                else:
                    line.append(blank)
            cells.append(line)
        return cells

    @property
    def channels(self) -> int:
        """Input channels (1 for a single-channel sweep)."""
        return self.sweep.channels

    def dot_product_text(self, short: bool = False) -> str:
        """The window's dot product written out (its result hidden while it is to be predicted).
        With several channels: one line per channel with its sum, then the sums and the bias
        added up.

        ``short``: for a small screen, a head line that fits in fewer cells and already gives
        the result, so that the sum is read even where the terms are cut off."""
        window = self.window
        expression = window.expression(skip_zero_weights=self.skip_zero_weights, mark_padding=True)
        if self.awaiting_prediction():
            # Writing every product out would turn predicting into adding up: the lesson says how much to give.
            show = self.task.show if self.task is not None else "products"
            if show == "products":
                expression = window.expression(skip_zero_weights=self.skip_zero_weights, mark_padding=True, hide_sums=True)
            elif show == "window":
                bias = f", plus the bias {format_number(self.sweep.bias)}" if self.sweep.bias else ""
                every = f" in each of the {self.channels} channels" if self.channels > 1 else ""
                expression = f"each highlighted pixel times the kernel's weight over it{every}, added up{bias} = ?"
            else:
                expression = "= ?"
        n = window.padding_count
        if short:
            lines = expression.split("\n")
            if len(lines) > 1 and lines[-1].startswith("→ "):  # channel by channel: their sums go up into the head
                value, lines = lines[-1].removeprefix("→ "), lines[:-1]
            else:
                value = expression.rsplit(" = ", 1)[1]
            head = f"Window {self.index + 1} of {self.count} → output ({window.out_row}, {window.out_col}) = {value}"
            if n:
                head += f"  ([ ]: {n} on padding)"
            return "\n".join([head, *lines])
        per_channel = ", channel by channel" if self.channels > 1 else ""
        head = f"Window {self.index + 1} of {self.count} → output ({window.out_row}, {window.out_col}), pixel·weight{per_channel}:"
        if n:
            head += f"  ({n} tap{'s' * (n != 1)} on padding, in [ ])"
        return f"{head}\n{expression}"

    # -- channels ----------------------------------------------------------------------------------
    def show_channel(self, by: int) -> None:
        """The next (previous) input channel and its kernel slice, wrapping round."""
        self.channel = (self.channel + by) % self.channels

    # -- who reads this pixel ------------------------------------------------------------------------
    def toggle_readers(self) -> None:
        """Show which windows read a pixel (starting at the middle of the current window), or
        go back to showing the windows."""
        if self.pixel is not None:
            self.pixel = None
            return
        window = self.window
        self.pixel = (window.rows[len(window.rows) // 2], window.cols[len(window.cols) // 2])

    def leave_readers(self) -> None:
        self.pixel = None

    def move_pixel(self, rows: int, cols: int) -> None:
        """Move the pixel whose readers are shown, within the padded grid."""
        if self.pixel is None:
            return
        r, c = self.pixel
        self.pixel = (min(max(r + rows, 0), self.sweep.rows.padded - 1), min(max(c + cols, 0), self.sweep.cols.padded - 1))

    def pick_pixel(self, row: int, col: int) -> None:
        """Show the readers of this padded cell (a click on the input grid)."""
        if 0 <= row < self.sweep.rows.padded and 0 <= col < self.sweep.cols.padded:
            self.pixel = (row, col)

    def pixel_readers(self) -> list[tuple[int, int]]:
        """Output cells whose window reads the pixel (none when no pixel is chosen)."""
        return [] if self.pixel is None else self.sweep.readers(*self.pixel)

    def readers_text(self, keys: str = "", limit: int = 16) -> str:
        """What the chosen pixel is and which windows read it, e.g. ``Input pixel (1, 2) = 8:
        read by 4 windows: (0,0) (0,1) (1,0) (1,1)`` (at most ``limit`` listed); a padding
        cell says it is padding. ``keys``: a line saying how to move on."""
        if self.pixel is None:
            return ""
        sweep = self.sweep
        r, c = self.pixel
        rows, cols = sweep.rows, sweep.cols
        value = format_number(sweep.padded_channels[self.channel][r][c])
        channel = f", channel {self.channel + 1}" if self.channels > 1 else ""
        if sweep.padding_mask[r][c]:
            source = sweep.source(r, c)
            holds = "zero padding" if source is None else f"{sweep.padding_mode} padding, a copy of input pixel ({source[0]}, {source[1]})"
            what = f"Padding at padded ({r}, {c}){channel} = {value}, outside the image ({holds})"
        else:
            what = f"Input pixel ({r - rows.before}, {c - cols.before}){channel} = {value}"
        readers = sweep.readers(r, c)
        if readers:
            shown = " ".join(f"({row},{col})" for row, col in readers[:limit])
            more = f" … and {len(readers) - limit} more" if len(readers) > limit else ""
            read = f"read by {len(readers)} window{'s' * (len(readers) != 1)}: {shown}{more}"
        else:
            skipped = [name for name, unread in (("row", r in rows.unread), ("column", c in cols.unread)) if unread]
            read = f"read by no window: the windows step over its {' and '.join(skipped)} (× in the ruler)"
        return f"{what}: {read}" + (f"\n{keys}" if keys else "")

    def task_text(self, keys: str = "", *, in_lesson: bool = True) -> str:
        """The line that says what to do next, and how far the learner is (``keys``: the keys
        to move, play and fill, shown when there is no task; outside a lesson, as in the
        playground, there is no next step to point to)."""
        task = self.task
        if task is None:
            remaining = self.count - len(self.filled)
            all_filled = " · all filled: n for the next step" if in_lesson else " · all filled"
            return keys + (f" · {remaining} output{'s' * (remaining != 1)} to go" if remaining else all_filled)
        if task.kind == "predict":
            done = len(self.predictions)
            right = sum(self.predictions.values())
            if done >= self.predict_range:
                return f"✓ Predictions done: {right} of {self.predict_range} right. n for the next step, or keep exploring."
            prompt = task.prompt or "Predict each output before it is shown."
            return f"{prompt}  ({done} of {self.predict_range} done, {right} right)"
        target = "largest" if task.kind == "find_max" else "smallest"
        if self.found:
            return f"✓ Found: a window with the {target} output. n for the next step, or keep exploring."
        return (task.prompt or f"Step to a window with the {target} output.") + "  Press a on it."

    def prediction_label(self) -> str:
        if not self.awaiting_prediction():
            return ""
        row, col = divmod(self.index, self.sweep.shape[1])
        return f"Output ({row}, {col}) ="

    def input_title(self, short: bool = False) -> str:
        """``Input 7×7, padded to 9×9``; with channels ``Input 7×7×3, channel 2 of 3, ...``
        (``short``: without the padded size, which the rulers show too)."""
        rows, cols = self.sweep.rows, self.sweep.cols
        if self.channels > 1:
            title = f"Input {rows.size}×{cols.size}×{self.channels}, channel {self.channel + 1} of {self.channels}"
        else:
            title = f"Input {rows.size}×{cols.size}"
        if (rows.padded != rows.size or cols.padded != cols.size) and not short:
            title += f", padded to {rows.padded}×{cols.padded}"
        return title

    def kernel_title(self) -> str:
        kernel = self.sweep.kernel
        size = f"{len(kernel)}×{len(kernel[0])}" + (f"×{self.channels}, ch {self.channel + 1}" if self.channels > 1 else "")
        return f"Kernel {size}" + (f", bias {format_number(self.sweep.bias)}" if self.sweep.bias else "")

    def settings_text(self) -> str:
        rows, cols = self.sweep.rows, self.sweep.cols
        padding = self.step.padding
        name = f"'{padding}'" if isinstance(padding, str) else "explicit"
        depth = f"×{self.channels}" if self.channels > 1 else ""
        parts = [f"input {rows.size}×{cols.size}{depth}", f"kernel {rows.kernel}×{cols.kernel}{depth}", f"stride {pair_text(rows.stride, cols.stride)}"]
        if (rows.dilation, cols.dilation) != (1, 1):
            parts.append(f"dilation {pair_text(rows.dilation, cols.dilation)}")
        sides = (rows.before, rows.after, cols.before, cols.after)
        if len(set(sides)) == 1:
            parts.append(f"padding {name} = {sides[0]} per side")
        else:
            parts.append(f"padding {name}: top {sides[0]}, bottom {sides[1]}, left {sides[2]}, right {sides[3]}")
        if self.sweep.padding_mode != "zeros":
            parts.append(f"filled by {self.sweep.padding_mode}")
        text = " · ".join(parts)
        if padding == "same" and (rows.after > rows.before or cols.after > cols.before):
            text += " (Keras: the odd pixel goes bottom/right)"
        return text

    def formula_text(self) -> str:
        rows, cols = self.sweep.rows, self.sweep.cols
        r, c = rows.formula_lines(), cols.formula_lines()
        lines = [f"rows and cols: {'  ·  '.join(r)}"] if r == c else [f"rows: {'  ·  '.join(r)}", f"cols: {'  ·  '.join(c)}"]
        return "\n".join(lines + rows.unread_explanation("rows") + cols.unread_explanation("columns"))

    # -- moving --------------------------------------------------------------------------------------
    def go(self, index: int) -> None:
        if self.is_find_task and index != self.index and not self.found:
            self.result_text = ""  # the last verdict was about another window
        self.index = index
        if not self.awaiting_prediction(index):
            self.filled.add(index)
        self._check_complete()

    def move(self, by: int) -> None:
        """One stride along the row (wrapping to the next row of windows), clamped at the ends."""
        self.go(self.sweep.step(self.index, by))

    def move_rows(self, by: int) -> None:
        self.go(self.sweep.step_rows(self.index, by))

    def jump(self, where: int) -> None:
        """To the first window (0) or the last (-1)."""
        self.go(self.count - 1 if where < 0 else where)

    def fill(self) -> None:
        """Fill in every output; with predictions still to make, go to the first of them."""
        self.filled.update(range(self.count))
        pending = self.pending_prediction()
        self.go(self.count - 1 if pending is None else pending)

    def start_playing(self) -> None:
        """Playing starts again from the first window when the last one is shown."""
        if self.index >= self.count - 1:
            self.go(0)

    def tick(self) -> bool:
        """One step of playing; False when playing should stop (the end, or a prediction to make)."""
        following = self.sweep.step(self.index)
        if self.index >= self.count - 1 or self.awaiting_prediction(following):
            if self.index < self.count - 1:
                self.go(following)
            return False
        self.go(following)
        return True

    def toggle_zero_weights(self) -> None:
        self.skip_zero_weights = not self.skip_zero_weights

    def click_output(self, row: int, col: int) -> None:
        self.go(self.sweep.index_of(row, col))

    def click_input(self, row: int, col: int) -> int:
        """Go to the first window that reads a padded input cell; how many windows read it."""
        readers = self.sweep.readers(row, col)
        if readers:
            self.go(self.sweep.index_of(*readers[0]))
        return len(readers)

    # -- tasks ----------------------------------------------------------------------------------------
    @property
    def is_find_task(self) -> bool:
        return self.task is not None and self.task.kind in ("find_max", "find_min")

    def this_one(self) -> None:
        """The learner says the current window has the largest (smallest) output."""
        task = self.task
        if task is None or not self.is_find_task or self.found:
            return
        values = self.sweep.output_values()
        target = max(values) if task.kind == "find_max" else min(values)
        mine = self.window.result
        self.find_attempts += 1
        if math.isclose(mine, target, abs_tol=1e-9):
            self.found = True
            self.result_text = f"✓ Yes: {format_number(mine)} is the {'largest' if task.kind == 'find_max' else 'smallest'} output."
        else:
            word = "larger" if task.kind == "find_max" else "smaller"
            self.result_text = f"✗ This window gives {format_number(mine)}; some window gives a {word} value. Keep looking."
        self._check_complete()

    def predict(self, text: str) -> bool:
        """Mark a prediction of the current window's output; False if it costs nothing (not a
        number, a rounded one, or the wrong one just given again). A right or wrong prediction
        moves on to the next one to make."""
        if not self.awaiting_prediction():
            return False  # nothing to predict on this window (the box is not shown)
        guess = parse_number(text)
        if guess is None:
            self.result_text = PREDICTION_FORMAT
            return False
        actual = self.window.result
        # As shown (0.111 for 1/9) is right too: the learner reads values rounded to 3 decimals.
        right = math.isclose(guess, actual, abs_tol=1e-6) or format_number(guess) == format_number(actual)
        row, col = divmod(self.index, self.sweep.shape[1])
        slip = None if right else self._slip(guess, actual)
        same = None if right else self._wrong_before.again(self.index, guess, format_number(guess))
        if same is not None:
            self.result_text = f"{same} {PREDICTION_FREE}"
            return False
        if not right and slip is None and is_rounded(guess, actual):
            self.result_text = f"{ROUNDED} {PREDICTION_FREE}"
            return False
        tries = self._tries.get(self.index, 0) + 1
        self._tries[self.index] = tries
        if not right and tries < PREDICTION_TRIES:  # say what went wrong, and let them try again
            why = slip or "Multiply each pixel by the weight over it, then add them all up."
            self._wrong_before.note(self.index, guess, why)
            self.result_text = f"✗ ({row}, {col}): not {format_number(guess)}. {why} Try again."
            return True
        self.predictions[self.index] = right
        self.filled.add(self.index)
        self.result_text = (
            f"✓ ({row}, {col}) is {format_number(actual)}" if right
            else f"✗ ({row}, {col}): you said {format_number(guess)}; it is {format_number(actual)}"
        )
        pending = self.pending_prediction()
        if pending is not None:
            self.go(pending)
        else:
            self._check_complete()
        return True

    def _slip(self, guess: float, actual: float) -> str | None:
        """Which slip a wrong prediction fits: a product left out or counted twice, the bias, the
        sign (None: none of them)."""
        window = self.window
        missing = actual - guess

        def near(a: float, b: float) -> bool:
            return math.isclose(a, b, abs_tol=1e-6)

        if window.bias and near(missing, window.bias):
            return "The bias is missing."
        channels = window.channels
        if channels > 1:
            for channel in range(channels):
                total = window.channel_total(channel)
                if total and near(missing, total):
                    return (f"Channel {channel + 1} is missing (its products add up to {format_number(total)}): "
                            "a window adds up the products of every channel.")
        for channel in range(channels):
            of_channel = f"channel {channel + 1}, " if channels > 1 else ""
            for (r, c), (pixel, weight) in zip(window.cells(), window.channel_terms(channel), strict=True):
                product = pixel * weight
                if product and near(missing, product):
                    return (f"A product is missing: the pixel {format_number(pixel)} times the weight {format_number(weight)} "
                            f"({of_channel}row {r}, column {c} of the padded grid).")
                if product and near(-missing, product):
                    return (f"That is one product too many ({format_number(pixel)}·{format_number(weight)}): check which "
                            "pixels are under the window; a pixel on the padding is 0.")
        if actual and near(guess, -actual):
            return "The sign is wrong: check the negative weights."
        return None

    # -- completion -----------------------------------------------------------------------------------
    def _check_complete(self) -> None:
        if self.completed:
            return
        task = self.task
        score: int | None
        if task is None:
            finished = len(self.filled) >= self.count or self.index == self.count - 1
            score = None
        elif task.kind == "predict":
            finished = len(self.predictions) >= self.predict_range
            score = sum(self.predictions.values())
        else:
            finished = self.found
            score = 1 if self.find_attempts == 1 else 0
        if finished:
            self.completed = True
            self._completion = Completion(score)

    def take_completion(self) -> Completion | None:
        """The completion that has just happened, once (None if none since the last call)."""
        completion, self._completion = self._completion, None
        return completion
