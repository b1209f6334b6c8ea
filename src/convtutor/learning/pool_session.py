"""A pooling sweep being stepped through: the window shown, the outputs filled in, the
learner's predictions (as in :class:`~convtutor.learning.sweep_session.SweepSession`'s predict
task), and when the step counts as done.

Built from a lesson step (:meth:`PoolSession.from_step`) or from plain settings
(:meth:`PoolSession.from_settings`, for the playground). Tested without a terminal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from convtutor.core.formatting import ROUNDED, format_number, is_rounded, pair_text, parse_number
from convtutor.core.pool_sweep import PoolSweep, PoolWindow
from convtutor.learning.answering import PREDICTION_FORMAT, PREDICTION_FREE, WrongBefore
from convtutor.lessons.steps.pool_sweep import PoolSweepStep, make_pool_sweep

PREDICTION_TRIES = 2  # tries at one window's value before it is shown


@dataclass(frozen=True)
class Completion:
    """The learner has just finished the step (score: predictions right, if there was a task)."""

    score: int | None


class PoolSession:
    def __init__(
        self, sweep: PoolSweep, *, predict: int = 0, prompt: str | None = None, position: int = 0, done: bool = False,
        score: int | None = None, predictions: dict[int, bool] | None = None,
    ) -> None:
        """``predict``: how many windows (the first ones) the learner predicts (0: no task)."""
        self.sweep = sweep
        count = sweep.count
        self.predict_range = min(predict, count)
        self.prompt = prompt
        self.index = min(max(position, 0), count - 1)
        self.filled: set[int] = set(range(count)) if done else set(range(self.index + 1)) | set(predictions or ())
        # The learner's record, kept up to date here so that it is saved as they go.
        self.predictions: dict[int, bool] = predictions if predictions is not None else {}
        for window in [w for w in self.predictions if not 0 <= w < self.predict_range]:
            del self.predictions[window]  # the lesson changed since: forget what no longer applies
        if done and len(self.predictions) < self.predict_range:
            right = self.predict_range if score is None else score
            self.predictions.update({i: i < right for i in range(self.predict_range) if i not in self.predictions})
        self.completed = done
        self.result_text = ""
        self._tries: dict[int, int] = {}
        self._wrong_before = WrongBefore()  # per window
        self._completion: Completion | None = None
        self._check_complete()

    @classmethod
    def from_step(
        cls, step: PoolSweepStep, *, position: int = 0, done: bool = False, score: int | None = None,
        predictions: dict[int, bool] | None = None,
    ) -> PoolSession:
        sweep = make_pool_sweep(step)
        task = step.task
        predict = (task.count or sweep.count) if task is not None else 0
        return cls(sweep, predict=predict, prompt=task.prompt if task else None, position=position, done=done, score=score,
                   predictions=predictions)

    @classmethod
    def from_settings(
        cls, image: object, pool: str, pool_size: int | tuple[int, int], *, strides: int | tuple[int, int] | None = None,
        padding: str | int | Sequence[int] = "valid", ceil_mode: bool = False, count_include_pad: bool = True,
    ) -> PoolSession:
        """A session from settings as the core takes them (the playground's)."""
        return cls(PoolSweep(image, pool, pool_size, strides=strides, padding=padding, ceil_mode=ceil_mode,
                             count_include_pad=count_include_pad))

    # -- what is shown ---------------------------------------------------------------------------
    @property
    def count(self) -> int:
        return self.sweep.count

    @property
    def position(self) -> int:
        return self.index

    @property
    def window(self) -> PoolWindow:
        return self.sweep.window(self.index)

    @property
    def has_task(self) -> bool:
        return self.predict_range > 0

    def awaiting_prediction(self, index: int | None = None) -> bool:
        index = self.index if index is None else index
        return index < self.predict_range and index not in self.predictions

    def pending_prediction(self) -> int | None:
        return next((i for i in range(self.predict_range) if self.awaiting_prediction(i)), None)

    def output_cells(self) -> list[list[str]]:
        """Filled values, '?' for the one to predict, '·' for the rest, all of one width."""
        texts = [format_number(v) for v in self.sweep.output_values()]
        width = max(len(t) for t in texts)
        rows, cols = self.sweep.shape
        cells = []
        for r in range(rows):
            line = []
            for c in range(cols):
                i = r * cols + c
                if i == self.index and self.awaiting_prediction():
                    line.append("?".rjust(width))
                elif i in self.filled and not self.awaiting_prediction(i):
                    line.append(texts[i].rjust(width))
                else:
                    line.append("·".rjust(width))
            cells.append(line)
        return cells

    def expression_text(self) -> str:
        """The window's sum or max written out (its result hidden while it is to be predicted),
        then, for an average with padding in it, why the divisor is what it is."""
        window = self.window
        head = f"Window {self.index + 1} of {self.count} → output ({window.out_row}, {window.out_col}): "
        lines = [head + window.expression(hide_result=self.awaiting_prediction())]
        if window.pool == "max" and not self.awaiting_prediction():
            where = " ".join(f"({r - self.sweep.rows.before},{c - self.sweep.cols.before})" for r, c in window.winners)
            lines.append(f"the winner{'s' * (len(window.winners) != 1)}, marked ▲: input {where}"
                         + ("; padding never wins" if window.padding_cells else ""))
        divisor = window.divisor_text()
        if divisor:
            lines.append(divisor)
        return "\n".join(lines)

    def winners(self) -> list[tuple[int, int]]:
        """Grid cells to mark as the max's winners (none for average, or while predicting)."""
        if self.sweep.pool != "max" or self.awaiting_prediction():
            return []
        return list(self.window.winners)

    def input_title(self) -> str:
        rows, cols = self.sweep.rows, self.sweep.cols
        title = f"Input {rows.size}×{cols.size}"
        height, width = self.sweep.grid_shape
        if (height, width) != (rows.size, cols.size):
            title += f", padded to {height}×{width}"
        return title

    def output_title(self) -> str:
        rows, cols = self.sweep.shape
        return f"Output {rows}×{cols} ({'max' if self.sweep.pool == 'max' else 'average'})"

    def settings_text(self) -> str:
        sweep = self.sweep
        rows, cols = sweep.rows, sweep.cols
        parts = [f"{sweep.pool} pooling", f"pool {pair_text(rows.kernel, cols.kernel)}", f"strides {pair_text(rows.stride, cols.stride)}"]
        if rows.is_keras:
            parts.append(f"padding '{rows.padding}' (Keras: padding never counts)")
        else:
            parts.append(f"padding {pair_text(rows.before, cols.before)} (PyTorch)")
            if rows.ceil_mode:
                parts.append("ceil_mode")
            if sweep.pool == "average" and (rows.before or cols.before):
                parts.append("padded zeros count in the divisor" if sweep.count_padding else "padded zeros do not count")
        return " · ".join(parts)

    def formula_text(self) -> str:
        r, c = self.sweep.rows.formula_lines(), self.sweep.cols.formula_lines()
        return f"rows and cols: {'  ·  '.join(r)}" if r == c else f"rows: {'  ·  '.join(r)}\ncols: {'  ·  '.join(c)}"

    def task_text(self, keys: str = "", *, in_lesson: bool = True) -> str:
        if not self.has_task:
            remaining = self.count - len(self.filled)
            all_filled = " · all filled: n for the next step" if in_lesson else " · all filled"
            return keys + (f" · {remaining} output{'s' * (remaining != 1)} to go" if remaining else all_filled)
        done = len(self.predictions)
        right = sum(self.predictions.values())
        if done >= self.predict_range:
            return f"✓ Predictions done: {right} of {self.predict_range} right. n for the next step, or keep exploring."
        word = "maximum" if self.sweep.pool == "max" else "average"
        prompt = self.prompt or f"Predict each window's {word} before it is shown."
        return f"{prompt}  ({done} of {self.predict_range} done, {right} right)"

    def prediction_label(self) -> str:
        if not self.awaiting_prediction():
            return ""
        window = self.window
        return f"Output ({window.out_row}, {window.out_col}) ="

    # -- moving ------------------------------------------------------------------------------------
    def go(self, index: int) -> None:
        self.index = min(max(index, 0), self.count - 1)
        if not self.awaiting_prediction():
            self.filled.add(self.index)
        self._check_complete()

    def move(self, by: int) -> None:
        self.go(self.index + by)

    def move_rows(self, by: int) -> None:
        rows, cols = self.sweep.shape
        row, col = divmod(self.index, cols)
        self.go(min(max(row + by, 0), rows - 1) * cols + col)

    def jump(self, where: int) -> None:
        self.go(self.count - 1 if where < 0 else where)

    def fill(self) -> None:
        """Fill in every output; with predictions still to make, go to the first of them."""
        self.filled.update(range(self.count))
        pending = self.pending_prediction()
        self.go(self.count - 1 if pending is None else pending)

    def start_playing(self) -> None:
        if self.index >= self.count - 1:
            self.go(0)

    def tick(self) -> bool:
        """One step of playing; False when playing should stop (the end, or a prediction to make)."""
        following = min(self.index + 1, self.count - 1)
        if self.index >= self.count - 1 or self.awaiting_prediction(following):
            if self.index < self.count - 1:
                self.go(following)
            return False
        self.go(following)
        return True

    def click_output(self, row: int, col: int) -> None:
        rows, cols = self.sweep.shape
        if 0 <= row < rows and 0 <= col < cols:
            self.go(row * cols + col)

    def click_input(self, row: int, col: int) -> int:
        """Go to the first window covering a grid cell; how many windows cover it."""
        readers = self.sweep.readers(row, col)
        if readers:
            self.click_output(*readers[0])
        return len(readers)

    # -- predicting ----------------------------------------------------------------------------------
    def predict(self, text: str) -> bool:
        """Mark a prediction of the current window; False if it costs nothing (not a number, a
        rounded one, or the wrong one just given again). A right or wrong prediction moves on
        to the next one to make."""
        if not self.awaiting_prediction():
            return False
        guess = parse_number(text)
        if guess is None:
            self.result_text = PREDICTION_FORMAT
            return False
        window = self.window
        actual = window.result
        right = math.isclose(guess, actual, abs_tol=1e-6) or format_number(guess) == format_number(actual)
        where = f"({window.out_row}, {window.out_col})"
        slip = None if right else self._slip(guess)
        same = None if right else self._wrong_before.again(self.index, guess, format_number(guess))
        if same is not None:
            self.result_text = f"{same} {PREDICTION_FREE}"
            return False
        if not right and slip is None and is_rounded(guess, actual):
            self.result_text = f"{ROUNDED} {PREDICTION_FREE}"
            return False
        tries = self._tries.get(self.index, 0) + 1
        self._tries[self.index] = tries
        if not right and tries < PREDICTION_TRIES:
            why = slip or self._method()
            self._wrong_before.note(self.index, guess, why)
            self.result_text = f"✗ {where}: not {format_number(guess)}. {why} Try again."
            return True
        self.predictions[self.index] = right
        self.filled.add(self.index)
        self.result_text = (
            f"✓ {where} is {format_number(actual)}" if right
            else f"✗ {where}: you said {format_number(guess)}; it is {format_number(actual)}"
        )
        pending = self.pending_prediction()
        if pending is not None:
            self.go(pending)
        else:
            self._check_complete()
        return True

    def _slip(self, guess: float) -> str | None:
        """Which slip a wrong prediction fits: the other pool, the padding counted or not (None: none of them)."""
        window = self.window
        real = [v for v in window.values if v is not None]

        def near(a: float, b: float) -> bool:
            return math.isclose(a, b, abs_tol=1e-6) or format_number(a) == format_number(b)

        total = sum(real)
        if window.pool == "max":
            if near(guess, total / len(real)):
                return "That is the average; max pooling keeps the largest pixel."
            return None
        if near(guess, max(real)):
            return "That is the largest pixel; average pooling adds the pixels and divides."
        cells = len(window.cells) - window.kinds.count("outside")
        if window.padding_cells and not window.padding_counts and near(guess, total / cells):
            return "The padding does not count here: divide by the real pixels only."
        if window.padding_counts and near(guess, total / len(real)):
            return "The padded zeros count here (PyTorch's count_include_pad): divide by the whole window."
        return None

    def _method(self) -> str:
        """How the window's value is found, for a wrong prediction that fits no slip."""
        window = self.window
        if window.pool == "max":
            return "Max pooling keeps the largest pixel under the window."
        return f"Add the pixels, then divide by {window.divisor}."

    # -- completion ------------------------------------------------------------------------------------
    def _check_complete(self) -> None:
        if self.completed:
            return
        if self.has_task:
            finished = len(self.predictions) >= self.predict_range
            score: int | None = sum(self.predictions.values())
        else:
            finished = len(self.filled) >= self.count or self.index == self.count - 1
            score = None
        if finished:
            self.completed = True
            self._completion = Completion(score)

    def take_completion(self) -> Completion | None:
        completion, self._completion = self._completion, None
        return completion
