"""Is a stack of layers a solution to a puzzle? Computed by the core, never a stored answer.

:func:`check` works the stack out with :func:`convtutor.core.layers.summarize_stack` and says
what is off, in sentences a screen can show ("the output is 14×14×32; the target is
7×7×32"), how its parameters compare with the limit, and which stars it earns: one for
meeting par in layers, one for meeting par in parameters (a solution only).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from convtutor.core.layers import (
    AveragePooling2DLayer,
    Conv2DLayer,
    Layer,
    MaxPooling2DLayer,
    MixedStackSummary,
    summarize_stack,
)
from convtutor.puzzles.model import Puzzle, Target

OPERATION_WORDS = {"conv": "a convolution", "maxpool": "max pooling", "avgpool": "average pooling", "transpose": "a transposed convolution"}


def operation(layer: Layer) -> str:
    """The puzzle's name for a layer's kind: conv, maxpool, avgpool (or transpose, never allowed)."""
    if isinstance(layer, Conv2DLayer):
        return "conv"
    if isinstance(layer, MaxPooling2DLayer):
        return "maxpool"
    if isinstance(layer, AveragePooling2DLayer):
        return "avgpool"
    return "transpose"


def shape_text(shape: Sequence[int]) -> str:
    """``(14, 14, 32)`` -> ``'14×14×32'``."""
    return "×".join(str(v) for v in shape)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' * (n != 1)}"


def meets_target(target: Target, input_shape: Sequence[int], output_shape: Sequence[int], field: int) -> bool:
    """The target's test alone (the search calls it for every state it keeps)."""
    if target.output_shape is not None and tuple(output_shape) != tuple(target.output_shape):
        return False
    if target.keep_size and tuple(output_shape[:2]) != tuple(input_shape[:2]):
        return False
    if target.channels is not None and output_shape[2] != target.channels:
        return False
    return target.receptive_field_at_least is None or field >= target.receptive_field_at_least


def target_gaps(target: Target, input_shape: Sequence[int], output_shape: Sequence[int], field: tuple[int, int]) -> list[str]:
    """What the output misses of the target, one sentence each (empty when met)."""
    gaps = []
    if target.output_shape is not None and tuple(output_shape) != tuple(target.output_shape):
        gaps.append(f"the output is {shape_text(output_shape)}; the target is {shape_text(target.output_shape)}")
    if target.keep_size and tuple(output_shape[:2]) != tuple(input_shape[:2]):
        gaps.append(f"the output is {shape_text(output_shape[:2])}; the target keeps the input's {shape_text(input_shape[:2])}")
    if target.channels is not None and output_shape[2] != target.channels:
        gaps.append(f"the output has {_plural(output_shape[2], 'channel')}; the target is {target.channels}")
    wanted = target.receptive_field_at_least
    if wanted is not None and min(field) < wanted:
        gaps.append(f"the receptive field is {shape_text(field)}; the target is at least {wanted}×{wanted}")
    return gaps


def target_text(puzzle: Puzzle) -> str:
    """The target in words, e.g. 'an output of 7×7×32' or 'the same 9×9 size, a receptive field of at least 5'."""
    target, parts = puzzle.target, []
    if target.output_shape is not None:
        parts.append(f"an output of {shape_text(target.output_shape)}")
    if target.keep_size:
        parts.append(f"the input's {shape_text(puzzle.input_shape[:2])} size kept")
    if target.channels is not None:
        parts.append(_plural(target.channels, "output channel"))
    if target.receptive_field_at_least is not None:
        parts.append(f"a receptive field of at least {target.receptive_field_at_least}")
    return ", ".join(parts)


@dataclass(frozen=True)
class Verdict:
    """A stack checked against a puzzle."""

    solved: bool
    #: What is off (limits broken, target missed, a layer that does not fit): one sentence each.
    problems: tuple[str, ...]
    #: What holds, for the screen's feedback (e.g. "the output is 7×7×32, as the target asks").
    notes: tuple[str, ...]
    summary: MixedStackSummary | None  # None when a layer does not fit what reaches it
    layers: int
    params: int
    layers_star: bool  # solved, in at most par_layers layers
    params_star: bool  # solved, with at most par_params parameters

    @property
    def stars(self) -> int:
        return int(self.layers_star) + int(self.params_star)

    @property
    def output_shape(self) -> tuple[int, int, int] | None:
        return None if self.summary is None else self.summary.output_shape


def check(puzzle: Puzzle, layers: Sequence[Layer]) -> Verdict:
    """Check a candidate stack: its layers against the limits, its output against the target."""
    limits = puzzle.limits
    problems: list[str] = []
    notes: list[str] = []
    if len(layers) > limits.max_layers:
        problems.append(f"the stack has {_plural(len(layers), 'layer')}; at most {limits.max_layers} are allowed")
    for i, layer in enumerate(layers, 1):
        op = operation(layer)
        if op not in limits.operations:
            allowed = ", ".join(OPERATION_WORDS[o] for o in limits.operations)
            problems.append(f"layer {i} is {OPERATION_WORDS[op]}, which this puzzle does not allow (allowed: {allowed})")
            continue
        size = layer.kernel_size if isinstance(layer, Conv2DLayer) else layer.pool_size  # type: ignore[union-attr]
        if limits.kernel_sizes is not None and not all(side in limits.kernel_sizes for side in size):
            allowed = " or ".join(f"{k}×{k}" for k in limits.kernel_sizes)
            problems.append(f"layer {i}'s {'kernel' if op == 'conv' else 'pool'} is {shape_text(size)}; this puzzle allows {allowed}")
        if limits.strides is not None and not all(side in limits.strides for side in layer.strides):
            allowed = " or ".join(str(s) for s in limits.strides)
            problems.append(f"layer {i}'s stride is {shape_text(layer.strides)}; this puzzle allows {allowed}")
    try:
        summary: MixedStackSummary | None = summarize_stack(puzzle.input_shape, layers)
    except ValueError as error:
        summary = None
        text = str(error)
        problems.append(text[0].lower() + text[1:].rstrip("."))
    params = 0
    if summary is not None:
        params = summary.total_params
        if limits.max_params is not None:
            if params > limits.max_params:
                problems.append(f"the stack has {_plural(params, 'parameter')}; the limit is {limits.max_params:,}")
            else:
                notes.append(f"{_plural(params, 'parameter')}, within the limit of {limits.max_params:,}")
        field = summary.layers[-1].receptive_field if summary.layers else (1, 1)
        gaps = target_gaps(puzzle.target, puzzle.input_shape, summary.output_shape, field)
        problems.extend(gaps)
        if not gaps:
            notes.append(f"the output is {shape_text(summary.output_shape)}"
                         + (f" with a receptive field of {shape_text(field)}" if puzzle.target.receptive_field_at_least else "")
                         + ", as the target asks")
    solved = summary is not None and not problems
    layers_star = solved and len(layers) <= puzzle.par_layers
    params_star = solved and puzzle.par_params is not None and params <= puzzle.par_params
    if solved:
        notes.append(f"par is {_plural(puzzle.par_layers, 'layer')}: " + ("met ★" if layers_star else f"this stack has {len(layers)}"))
        if puzzle.par_params is not None:
            notes.append(f"par is {_plural(puzzle.par_params, 'parameter')}: " + ("met ★" if params_star else f"this stack has {params:,}"))
    return Verdict(solved, tuple(problems), tuple(notes), summary, len(layers), params, layers_star, params_star)
