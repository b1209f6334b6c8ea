"""A bounded search over stacks of layers: proof that a puzzle can be solved, and its best par.

The space: Conv2D with square kernels 1–7 (plus any size the puzzle's limits name), strides
1–3, 'valid' or 'same' padding, no dilation, filters from a small set derived from the target
(1, the input's channels, the target's channels and its half and quarter); pooling (when
allowed) 2×2 or 3×3 at strides 1–3, 'valid' or 'same'; up to ``max_layers`` layers. Sizes come
from the core's plans (:func:`convtutor.core.layers.plan_layer`), receptive fields from its
recurrence (:func:`convtutor.core.arithmetic.grow_receptive_field`).

It is a search by layers over states (rows, cols, channels, receptive field, jump), keeping the
fewest parameters that reach each state, and pruning states that can no longer reach the
target (sizes never grow; a receptive field grows at most so fast) or that break max_params.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field

from convtutor.core.arithmetic import grow_receptive_field
from convtutor.core.layers import AveragePooling2DLayer, Conv2DLayer, Layer, MaxPooling2DLayer, plan_layer
from convtutor.puzzles.check import meets_target
from convtutor.puzzles.model import Puzzle

KERNELS = tuple(range(1, 8))
POOLS = (2, 3)
STRIDES = (1, 2, 3)
PADDINGS = ("valid", "same")

#: One layer as the search writes it: (operation, size, stride, padding, filters or 0).
Op = tuple[str, int, int, str, int]
#: (rows, cols, channels, receptive field, jump): all that decides what can follow (sizes are 0
#: when the target names none).
State = tuple[int, int, int, int, int]


def to_layer(op: Op) -> Layer:
    kind, size, stride, padding, filters = op
    if kind == "conv":
        return Conv2DLayer(filters, size, stride, padding)
    if kind == "maxpool":
        return MaxPooling2DLayer(size, stride, padding)
    return AveragePooling2DLayer(size, stride, padding)


def describe(op: Op) -> str:
    """e.g. 'conv 3×3/2 same ×32' or 'maxpool 2×2/2 valid'."""
    kind, size, stride, padding, filters = op
    return f"{kind} {size}×{size}/{stride} {padding}" + (f" ×{filters}" if kind == "conv" else "")


@functools.lru_cache(maxsize=65536)
def _out(kind: str, size: int, stride: int, padding: str, rows: int, cols: int) -> tuple[int, int] | None:
    """What the core makes of one layer on a rows×cols input (None: the layer does not fit)."""
    try:
        plan = plan_layer(to_layer((kind, size, stride, padding, 1)), (rows, cols))
    except ValueError:
        return None
    return plan.output_shape


@dataclass(frozen=True)
class Found:
    ops: tuple[Op, ...]
    params: int

    @property
    def layers(self) -> list[Layer]:
        return [to_layer(op) for op in self.ops]

    def text(self) -> str:
        return "the empty stack" if not self.ops else ", then ".join(describe(op) for op in self.ops)


#: The search gives up past this many states or seconds (the bundled puzzles need milliseconds;
#: only a large input with many layers and a receptive field to reach comes near).
MAX_STATES = 40_000
MAX_SECONDS = 0.8


@dataclass
class SearchResult:
    #: Solutions by number of layers (0 … max_layers): the cheapest the search kept at that depth
    #: (a state already reached in fewer layers with no more parameters is not kept again, so the
    #: fewest layers and the fewest parameters overall are exact within the space).
    best: dict[int, Found] = field(default_factory=dict)
    states: int = 0
    seconds: float = 0.0
    filters: tuple[int, ...] = ()
    sizes: tuple[int, ...] = ()  # the kernel and pool sizes tried
    strides: tuple[int, ...] = ()  # the strides tried
    #: False when the search stopped at MAX_STATES or MAX_SECONDS: "no solution" is then not a proof.
    complete: bool = True

    @property
    def solvable(self) -> bool:
        return bool(self.best)

    @property
    def fewest_layers(self) -> Found | None:
        return self.best[min(self.best)] if self.best else None

    @property
    def fewest_params(self) -> Found | None:
        return min(self.best.values(), key=lambda f: (f.params, len(f.ops))) if self.best else None


def filter_choices(puzzle: Puzzle) -> tuple[int, ...]:
    wanted = {1, puzzle.input_shape[2]}
    target = puzzle.target
    channels = target.output_shape[2] if target.output_shape is not None else target.channels
    if channels is not None:
        wanted |= {channels, max(1, channels // 2), max(1, channels // 4)}
    return tuple(sorted(wanted))


def operations(puzzle: Puzzle, filters: tuple[int, ...]) -> list[Op]:
    limits = puzzle.limits
    strides = [s for s in sorted({*STRIDES, *(limits.strides or ())}) if limits.strides is None or s in limits.strides]
    ops: list[Op] = []
    # max and average pooling make the same shapes at no cost: searching one of them is enough
    kinds = [k for k in limits.operations if not (k == "avgpool" and "maxpool" in limits.operations)]
    for kind in kinds:
        sizes = KERNELS if kind == "conv" else POOLS
        sizes = tuple(sorted({*sizes, *(limits.kernel_sizes or ())}))
        if limits.kernel_sizes is not None:
            sizes = tuple(k for k in sizes if k in limits.kernel_sizes)
        for size in sizes:
            for stride in strides:
                for padding in PADDINGS:
                    if kind == "conv":
                        ops.extend((kind, size, stride, padding, f) for f in filters)
                    else:
                        ops.append((kind, size, stride, padding, 0))
    return ops


def search(puzzle: Puzzle) -> SearchResult:
    """Every stack of the space, by layers, keeping the cheapest way to each state."""
    start_time = time.perf_counter()
    target, limits = puzzle.target, puzzle.limits
    rows0, cols0, channels0 = puzzle.input_shape
    filters = filter_choices(puzzle)
    # Without a size in the target, sizes do not matter: 'same' padding fits any size, and padding
    # does not change a receptive field. So the search drops sizes and tries 'same' only.
    sizeless = target.output_shape is None and not target.keep_size
    ops = [op for op in operations(puzzle, filters) if not sizeless or op[3] == "same"]
    result = SearchResult(filters=filters, sizes=tuple(sorted({op[1] for op in ops})), strides=tuple(sorted({op[2] for op in ops})))
    wanted_field = target.receptive_field_at_least
    max_params = limits.max_params
    biggest = max((op[1] for op in ops), default=1)
    fastest = max((op[2] for op in ops), default=1)
    min_rows = target.output_shape[0] if target.output_shape is not None else (rows0 if target.keep_size else 1)
    min_cols = target.output_shape[1] if target.output_shape is not None else (cols0 if target.keep_size else 1)

    def key(rows: int, cols: int, channels: int, rf: int, jump: int) -> State:
        if wanted_field is None:
            return (rows, cols, channels, 0, 0)
        if rf >= wanted_field:
            return (rows, cols, channels, wanted_field, 0)  # met: how far past it does not matter
        return (rows, cols, channels, rf, jump)

    def hopeful(state: State, left: int) -> bool:
        rows, cols, _, rf, jump = state
        if wanted_field is not None and rf < wanted_field:
            reach, step = rf, jump
            for _ in range(left):
                reach, step = reach + (biggest - 1) * step, step * fastest
            if reach < wanted_field:
                return False
        if target.output_shape is not None:
            # the smallest size `left` more layers can make: a 'valid' layer of the biggest kernel
            # at the fastest stride, over and over
            for _ in range(left):
                rows, cols = max(1, (rows - biggest) // fastest + 1), max(1, (cols - biggest) // fastest + 1)
            if rows > target.output_shape[0] or cols > target.output_shape[1]:
                return False
        return True

    if sizeless:
        min_rows = min_cols = 0
    first = key(0 if sizeless else rows0, 0 if sizeless else cols0, channels0, 1, 1)
    seen: dict[State, int] = {first: 0}
    level: dict[State, Found] = {first: Found((), 0)}
    if meets_target(target, puzzle.input_shape, (rows0, cols0, channels0), 1):
        result.best[0] = Found((), 0)
    for depth in range(1, limits.max_layers + 1):
        left = limits.max_layers - depth
        following: dict[State, Found] = {}
        for (rows, cols, channels, rf, jump), found in level.items():
            if result.states + len(following) > MAX_STATES or time.perf_counter() - start_time > MAX_SECONDS:
                result.complete = False  # what this level found so far still counts
                break
            tried: set[tuple[str, int, int, int, int, int]] = set()  # padding that changes nothing is not tried twice
            for op in ops:
                kind, size, stride, padding, count = op
                out = (0, 0) if sizeless else _out(kind, size, stride, padding, rows, cols)
                if out is None or out[0] < min_rows or out[1] < min_cols:
                    continue
                geometry = (kind, size, stride, count, *out)
                if geometry in tried:
                    continue
                tried.add(geometry)
                if kind == "conv":
                    params = found.params + size * size * channels * count + count
                    if max_params is not None and params > max_params:
                        continue
                    out_channels = count
                else:
                    params, out_channels = found.params, channels
                if wanted_field is not None and jump:
                    new_rf, new_jump = grow_receptive_field(rf, jump, size, stride)
                else:
                    new_rf, new_jump = rf, jump
                state = key(out[0], out[1], out_channels, new_rf, new_jump)
                if seen.get(state, params + 1) <= params:
                    continue  # reached before with no more parameters (and no more layers)
                if not hopeful(state, left):
                    continue
                seen[state] = params
                following[state] = Found((*found.ops, op), params)
        result.states += len(following)
        for state, found in following.items():
            if meets_target(target, puzzle.input_shape, state[:3], state[3] if wanted_field is not None else 1):
                best = result.best.get(depth)
                if best is None or found.params < best.params:
                    result.best[depth] = found
        if not result.complete:
            break
        level = following
    result.seconds = time.perf_counter() - start_time
    return result
