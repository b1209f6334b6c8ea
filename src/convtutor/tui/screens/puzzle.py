"""One shape puzzle: the story, the target, the limits and par, the stack being built (one line
per layer, the shape flowing through) and the checker's verdict, re-checked after every key."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from convtutor.core.layers import AveragePooling2DLayer, Conv2DLayer, Layer, MaxPooling2DLayer
from convtutor.puzzles.check import Verdict, check, shape_text, target_text
from convtutor.puzzles.model import Puzzle
from convtutor.state.puzzle_results import PuzzleResults
from convtutor.tui import commands
from convtutor.tui.widgets.key_footer import KeyFooter

KERNELS = tuple(range(1, 12))
STRIDES = (1, 2, 3, 4)
PADDINGS = ("valid", "same")
MAX_FILTERS = 256
DEFAULT_FILTERS = 8
HEADER = f"   {'op':<7} {'size':<5} {'stride':>6} {'pad':<5} {'filters':>7}   {'output':<10}{'params':>7}"


@dataclass(frozen=True)
class LayerChoice:
    """One layer as the learner sets it."""

    op: str = "conv"
    kernel: int = 3
    stride: int = 1
    padding: str = "valid"
    filters: int = DEFAULT_FILTERS

    def layer(self) -> Layer:
        if self.op == "maxpool":
            return MaxPooling2DLayer(self.kernel, self.stride, self.padding)
        if self.op == "avgpool":
            return AveragePooling2DLayer(self.kernel, self.stride, self.padding)
        return Conv2DLayer(self.filters, self.kernel, self.stride, self.padding)


def _step(choices: tuple[int, ...], value: int, by: int) -> int:
    """The next choice up or down from ``value`` (which need not be one), stopping at the ends."""
    if by > 0:
        return next((c for c in choices if c > value), value)
    return next((c for c in reversed(choices) if c < value), value)


def stars_line(verdict: Verdict) -> str:
    return "★" * verdict.stars + "☆" * (2 - verdict.stars)


class PuzzleScreen(Screen[None]):
    BINDINGS = commands.bindings("puzzle")

    DEFAULT_CSS = """
    PuzzleScreen #puzzle-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    PuzzleScreen #puzzle-story { height: 1fr; min-height: 2; padding: 0 1; }
    PuzzleScreen #p-hints { color: $text-muted; }
    PuzzleScreen #p-stack { height: auto; padding: 0 1; border-top: solid $primary 30%; }
    PuzzleScreen #p-verdict { height: auto; padding: 0 1; color: $warning; }
    PuzzleScreen #p-verdict.-solved { color: $success; }
    PuzzleScreen #p-keys { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, puzzle: Puzzle, results: PuzzleResults) -> None:
        super().__init__()
        self.puzzle = puzzle
        self.results = results
        self.choices: list[LayerChoice] = []
        self.selected = 0
        self.hints_shown = 0
        self.verdict: Verdict = check(puzzle, [])

    # -- what the puzzle allows ------------------------------------------------------------------------
    @property
    def kernels(self) -> tuple[int, ...]:
        return tuple(sorted(self.puzzle.limits.kernel_sizes or KERNELS))

    @property
    def strides(self) -> tuple[int, ...]:
        return tuple(sorted(self.puzzle.limits.strides or STRIDES))

    @property
    def operations(self) -> list[str]:
        return list(self.puzzle.limits.operations)

    def new_layer(self) -> LayerChoice:
        kernel = 3 if 3 in self.kernels else min(self.kernels, key=lambda k: (abs(k - 3), k))
        op = "conv" if "conv" in self.operations else self.operations[0]
        return LayerChoice(op=op, kernel=kernel, stride=self.strides[0])

    # -- drawing -------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="puzzle-title", markup=False)
        with VerticalScroll(id="puzzle-story", can_focus=False):
            yield Static(id="p-text", markup=False)
            yield Static(id="p-hints", markup=False)
        yield Static(id="p-stack", markup=False)
        yield Static(id="p-verdict", markup=False)
        yield Static(id="p-keys", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        puzzle = self.puzzle
        limits = puzzle.limits
        parts = [f"≤ {limits.max_layers} layer{'s' * (limits.max_layers != 1)}"]
        if limits.max_params is not None:
            parts.append(f"≤ {limits.max_params:,} params")
        parts.append(" ".join(limits.operations))
        if limits.kernel_sizes is not None:
            parts.append("kernels " + ", ".join(str(k) for k in limits.kernel_sizes))
        if limits.strides is not None:
            parts.append("strides " + ", ".join(str(s) for s in limits.strides))
        par = f"{puzzle.par_layers} layer{'s' * (puzzle.par_layers != 1)}"
        if puzzle.par_params is not None:
            par += f", {puzzle.par_params:,} params"
        story = re.sub(r"(?<!\n)\n(?!\n)", " ", puzzle.text.strip())  # Markdown: a single line break is a space
        text = (f"{story}\n\nInput {shape_text(puzzle.input_shape)} · target: {target_text(puzzle)}\n"
                f"Limits: {' · '.join(parts)} · par: {par}")
        self.query_one("#p-text", Static).update(text)
        self.refresh_stack()

    def refresh_stack(self) -> None:
        """Check the stack and draw it, the flow of shapes, the parameters and the verdict."""
        puzzle = self.puzzle
        layers = [c.layer() for c in self.choices]
        self.verdict = verdict = check(puzzle, layers)
        stars = self.results.stars(puzzle.id)
        best = "" if stars is None else f" · best {'★' * stars + '☆' * (2 - stars)}"
        self.query_one("#puzzle-title", Static).update(f"Puzzle · {puzzle.title}{best}")
        summary = verdict.summary
        lines = [HEADER] if self.choices else []
        for i, choice in enumerate(self.choices):
            marker = "▸" if i == self.selected else " "
            filters = f"{choice.filters:>7}" if choice.op == "conv" else f"{'—':>7}"
            row = f"{marker}{i + 1} {choice.op:<7} {f'{choice.kernel}×{choice.kernel}':<5} {choice.stride:>6} {choice.padding:<5} {filters}"
            if summary is not None:
                info = summary.layers[i]
                row += f" → {shape_text(info.output_shape):<10}{info.layer.params(info.input_shape[2]):>7,}"
            lines.append(row)
        if not lines:
            lines.append("  (no layers yet: press a to add one)")
        if summary is not None:
            flow = " → ".join(shape_text(s) for s in [tuple(puzzle.input_shape), *(info.output_shape for info in summary.layers)])
            lines.append(f"{flow} · {summary.total_params:,} params")
        self.query_one("#p-stack", Static).update("\n".join(lines))
        verdict_box = self.query_one("#p-verdict", Static)
        if verdict.solved:
            verdict_box.update(f"Solved {stars_line(verdict)} · " + "; ".join(verdict.notes[-2:]))
        else:
            verdict_box.update("\n".join(f"✗ {problem}" for problem in verdict.problems) if self.choices else "")
        verdict_box.set_class(verdict.solved, "-solved")
        self.query_one("#p-keys", Static).update(commands.hint(
            ("puzzle-select", "layer"), ("puzzle-kernel", "size"), ("puzzle-stride", "stride"), ("puzzle-padding", "pad"),
            ("puzzle-filters", "filters"), ("puzzle-operation", "op")))
        if verdict.solved and self.results.record(puzzle.id, verdict.stars):
            if self.results.warning:
                self.notify(self.results.warning, severity="warning", timeout=8)
            self.query_one("#puzzle-title", Static).update(f"Puzzle · {puzzle.title} · best {stars_line(verdict)}")

    # -- keys -------------------------------------------------------------------------------------------
    def _change(self, **changes: object) -> None:
        if not self.choices:
            self.notify("No layer yet: press a to add one.", timeout=2)
            return
        self.choices[self.selected] = replace(self.choices[self.selected], **changes)  # type: ignore[arg-type]
        self.refresh_stack()

    def action_add_layer(self) -> None:
        if len(self.choices) >= 6:  # the most any puzzle allows
            self.notify("Six layers is the most a puzzle allows.", timeout=2)
            return
        at = self.selected + 1 if self.choices else 0
        self.choices.insert(at, self.new_layer())
        self.selected = at
        self.refresh_stack()

    def action_remove_layer(self) -> None:
        if not self.choices:
            return
        del self.choices[self.selected]
        self.selected = max(0, min(self.selected, len(self.choices) - 1))
        self.refresh_stack()

    def action_select(self, by: int) -> None:
        if self.choices:
            self.selected = max(0, min(len(self.choices) - 1, self.selected + by))
            self.refresh_stack()

    def action_kernel(self, by: int) -> None:
        if self.choices:
            self._change(kernel=_step(self.kernels, self.choices[self.selected].kernel, by))
        else:
            self._change()

    def action_stride(self, by: int) -> None:
        if self.choices:
            self._change(stride=_step(self.strides, self.choices[self.selected].stride, by))
        else:
            self._change()

    def action_padding(self) -> None:
        if self.choices:
            current = self.choices[self.selected].padding
            self._change(padding=PADDINGS[(PADDINGS.index(current) + 1) % len(PADDINGS)])
        else:
            self._change()

    def action_filters(self, by: int) -> None:
        if not self.choices:
            self._change()
            return
        choice = self.choices[self.selected]
        if choice.op != "conv":
            self.notify("Pooling keeps the channels: only a convolution has filters.", timeout=2)
            return
        filters = choice.filters * 2 if by > 0 else choice.filters // 2
        self._change(filters=max(1, min(MAX_FILTERS, filters)))

    def action_operation(self) -> None:
        if not self.choices:
            self._change()
            return
        ops = self.operations
        if len(ops) == 1:
            self.notify(f"This puzzle allows only {ops[0]}.", timeout=2)
            return
        current = self.choices[self.selected].op
        following = ops[(ops.index(current) + 1) % len(ops)] if current in ops else ops[0]
        self._change(op=following)

    def action_hint(self) -> None:
        hints = self.puzzle.hints
        if not hints:
            self.notify("This puzzle has no hints.", timeout=2)
            return
        if self.hints_shown >= len(hints):
            self.notify("Every hint is shown.", timeout=2)
            return
        self.hints_shown += 1
        self.query_one("#p-hints", Static).update("\n".join(f"Hint: {h}" for h in hints[:self.hints_shown]))
        self.query_one("#puzzle-story", VerticalScroll).scroll_end(animate=False)

    def action_leave(self) -> None:
        self.dismiss()
