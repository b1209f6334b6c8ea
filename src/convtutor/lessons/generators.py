"""Named inputs (generators) and kernels (presets) that lessons can ask for by name.

Everything here is plain Python: grids are lists of float rows, which the core's Sweep takes
as they are (and NumPy takes too).

A sweep's input and kernel may list ``channels`` (:class:`SweepInputSpec`,
:class:`SweepKernelSpec`): each channel is what a single-channel input or kernel is. The
``*_channels`` functions give one spec, shape or grid per channel for either kind of spec.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from convtutor.core.arithmetic import pair
from convtutor.lessons.fields import (
    GENERATOR_FIELDS,
    PRESET_FIELDS,
    Input,
    InputSpec,
    Kernel,
    KernelSpec,
    Matrix,
    SweepInput,
    SweepInputSpec,
    SweepKernel,
    SweepKernelSpec,
)
from convtutor.lessons.reporter import DataPath

#: A problem found in a spec: (field path relative to it, message, hint).
SpecProblem = tuple[DataPath, str, str]

_FIXED = {
    "sobel_x": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    "sobel_y": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
    "laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
}


def as_input(value: Input | SweepInput) -> InputSpec:
    """A step's ``input`` (a matrix or a spec) as an InputSpec (a SweepInputSpec stays one)."""
    return InputSpec(matrix=value) if isinstance(value, list) else value


def as_kernel(value: Kernel | SweepKernel) -> KernelSpec:
    """A step's ``kernel`` (a matrix, a preset name or a spec) as a KernelSpec (a SweepKernelSpec stays one)."""
    if isinstance(value, list):
        return KernelSpec(matrix=value)
    if isinstance(value, str):
        return KernelSpec(preset=value)
    return value


def _listed(spec: InputSpec | KernelSpec) -> list[Input] | list[Kernel] | None:
    """The channels a sweep's spec lists (None: it is one channel itself)."""
    if isinstance(spec, SweepInputSpec | SweepKernelSpec):
        return spec.channels
    return None


def _inputs(spec: InputSpec) -> list[Input] | None:
    return spec.channels if isinstance(spec, SweepInputSpec) else None


def _kernels(spec: KernelSpec) -> list[Kernel] | None:
    return spec.channels if isinstance(spec, SweepKernelSpec) else None


def input_channels(spec: InputSpec) -> list[InputSpec]:
    """One spec per channel of an input (a spec without ``channels`` is its only channel)."""
    listed = _inputs(spec)
    return [spec] if listed is None else [as_input(item) for item in listed]


def kernel_channels(spec: KernelSpec) -> list[KernelSpec]:
    """One spec per channel (slice) of a kernel."""
    listed = _kernels(spec)
    return [spec] if listed is None else [as_kernel(item) for item in listed]


def _pair(value: int | list[int] | None, default: tuple[int, int]) -> tuple[int, int]:
    return default if value is None else pair(value, "size")


# -- checks (relative field name, message, hint) -----------------------------------------------
def _set_fields(spec: InputSpec | KernelSpec, ignore: str) -> list[str]:
    return [name for name in spec.__struct_fields__ if name != ignore and getattr(spec, name) is not None]


def _matrix_problems(matrix: Matrix, limit: int, what: str) -> list[SpecProblem]:
    if not matrix or not matrix[0]:
        return [(("matrix",), f"the {what} matrix is empty", "write rows of numbers, e.g. [[0, 1], [1, 0]]")]
    width = len(matrix[0])
    for i, row in enumerate(matrix):
        if len(row) != width:
            return [(("matrix", i), f"row {i} has {len(row)} numbers but row 0 has {width}", "every row needs the same length")]
    if len(matrix) > limit or width > limit:
        return [(("matrix",), f"the {what} is {len(matrix)}×{width}; at most {limit}×{limit} is allowed", "")]
    return []


def _spec_problems(
    spec: InputSpec | KernelSpec, name_field: str, fields: dict[str, tuple[str, ...]], noun: str, limit: int, what: str,
    example: str,
) -> tuple[list[SpecProblem], bool]:
    """What input and kernel specs share: a matrix or a name (not both), settings that apply to
    that name, low <= high. The bool says whether the spec is sound enough to check further."""
    name = getattr(spec, name_field)
    if (spec.matrix is None) == (name is None):
        return [((), f"give either a matrix or a {noun}", example)], False
    if spec.matrix is not None:
        extra = _set_fields(spec, "matrix")
        if extra:
            return [((extra[0],), f"'{extra[0]}' applies to {noun}s, not to a matrix", "remove it")], False
        return _matrix_problems(spec.matrix, limit, what), False
    allowed = fields[name]
    problems: list[SpecProblem] = []
    for field in _set_fields(spec, name_field):
        if field not in allowed:
            takes = f"it takes: {', '.join(allowed)}" if allowed else "it is always 3×3"
            problems.append(((field,), f"'{field}' does not apply to the {name} {noun}", takes))
    if spec.low is not None and spec.high is not None and spec.low > spec.high:
        problems.append((("low",), f"low ({spec.low}) is above high ({spec.high})", "swap them"))
    return problems, True


def _channel_problems(
    spec: InputSpec | KernelSpec, what: str, check: Callable[[Any], list[SpecProblem]], shape: Callable[[Any], tuple[int, int]],
    as_spec: Callable[[Any], InputSpec | KernelSpec], example: str,
) -> list[SpecProblem] | None:
    """Problems with a spec that lists channels (None: it lists none): nothing set beside
    ``channels``, each channel sound, all of one size."""
    listed = _listed(spec)
    if listed is None:
        return None
    extra = _set_fields(spec, "channels")
    if extra:
        return [((extra[0],), f"'{extra[0]}' cannot be set beside channels: each channel says what it holds", example)]
    problems: list[SpecProblem] = []
    shapes: list[tuple[int, tuple[int, int]]] = []
    for i, item in enumerate(listed):
        found = check(as_spec(item))
        # A channel written as a bare matrix has no 'matrix' key: point at its rows.
        bare = isinstance(item, list)
        problems += [(("channels", i, *(relative[1:] if bare and relative[:1] == ("matrix",) else relative)), message, hint)
                     for relative, message, hint in found]
        if not found:
            shapes.append((i, shape(as_spec(item))))
    for i, (rows, cols) in shapes[1:]:
        first, (rows0, cols0) = shapes[0]
        if (rows, cols) != (rows0, cols0):
            problems.append((
                ("channels", i), f"channel {i + 1} of the {what} is {rows}×{cols} but channel {first + 1} is {rows0}×{cols0}",
                f"every channel of the {what} has the same size",
            ))
    return problems


def input_problems(spec: InputSpec) -> list[SpecProblem]:
    """Problems with an input spec, as (field path relative to the input, message, hint)."""
    listed = _channel_problems(
        spec, "input", input_problems, input_shape, as_input, "e.g. channels: [{generator: random, size: 7}, [[0, 1], [1, 0]]]",
    )
    if listed is not None:
        return listed
    example = "e.g. generator: vertical_line with size: 8"
    if isinstance(spec, SweepInputSpec):
        example += ", or channels: [...], one input per channel"
    problems, named = _spec_problems(spec, "generator", GENERATOR_FIELDS, "generator", 64, "input", example)
    if not named:
        return problems
    if spec.size is None:
        problems.append(((), f"the {spec.generator} generator needs a size", "e.g. size: 8 or size: [8, 10]"))
        return problems
    rows, cols = _pair(spec.size, (1, 1))
    if spec.columns is not None and any(c >= cols for c in spec.columns):
        problems.append((("columns",), f"columns go from 0 to {cols - 1} in a {rows}×{cols} input", ""))
    if spec.rows is not None and any(r >= rows for r in spec.rows):
        problems.append((("rows",), f"rows go from 0 to {rows - 1} in a {rows}×{cols} input", ""))
    if spec.side is not None and spec.side > min(rows, cols):
        problems.append((("side",), f"a square of side {spec.side} does not fit a {rows}×{cols} input", ""))
    return problems


def kernel_problems(spec: KernelSpec) -> list[SpecProblem]:
    """Problems with a kernel spec, as (field path relative to the kernel, message, hint)."""
    listed = _channel_problems(spec, "kernel", kernel_problems, kernel_shape, as_kernel, "e.g. channels: [sobel_x, sobel_y, [[1, 0], [0, 1]]]")
    if listed is not None:
        return listed
    example = "e.g. kernel: vertical_line"
    if isinstance(spec, SweepKernelSpec):
        example += ", or channels: [...], one kernel per input channel"
    return _spec_problems(spec, "preset", PRESET_FIELDS, "preset", 16, "kernel", example)[0]


# -- shapes (no NumPy) -------------------------------------------------------------------------
def input_shape(spec: InputSpec) -> tuple[int, int]:
    """(rows, cols) of the input (of each of its channels)."""
    listed = _inputs(spec)
    if listed:
        return input_shape(as_input(listed[0]))
    if spec.matrix is not None:
        return (len(spec.matrix), len(spec.matrix[0]))
    return _pair(spec.size, (1, 1))


def kernel_shape(spec: KernelSpec) -> tuple[int, int]:
    """(rows, cols) of the kernel (of each of its channels)."""
    listed = _kernels(spec)
    if listed:
        return kernel_shape(as_kernel(listed[0]))
    if spec.matrix is not None:
        return (len(spec.matrix), len(spec.matrix[0]))
    if spec.preset in _FIXED:
        return (3, 3)
    return _pair(spec.size, (3, 3))


# -- grids (plain lists of floats) --------------------------------------------------------------
Grid = list[list[float]]


def make_input_channels(spec: InputSpec) -> list[Grid]:
    """One grid per channel of the input."""
    return [make_input(channel) for channel in input_channels(spec)]


def make_kernel_channels(spec: KernelSpec) -> list[Grid]:
    """One grid per channel (slice) of the kernel."""
    return [make_kernel(channel) for channel in kernel_channels(spec)]


def _one_channel(spec: InputSpec | KernelSpec, what: str) -> None:
    listed = _listed(spec)
    if listed is not None and len(listed) != 1:
        raise ValueError(f"this {what} has {len(listed)} channels: make_{what}_channels gives one grid per channel")


def make_input(spec: InputSpec) -> Grid:
    """The grid of a one-channel input (a spec listing one channel gives that channel)."""
    _one_channel(spec, "input")
    listed = _inputs(spec)
    if listed:
        return make_input(as_input(listed[0]))
    if spec.matrix is not None:
        return [[float(v) for v in row] for row in spec.matrix]
    rows, cols = input_shape(spec)
    value = 1.0 if spec.value is None else float(spec.value)
    grid = [[0.0] * cols for _ in range(rows)]
    name = spec.generator
    if name == "vertical_line":
        for c in spec.columns if spec.columns is not None else _middle(cols):
            for r in range(rows):
                grid[r][c] = value
    elif name == "horizontal_line":
        for r in spec.rows if spec.rows is not None else _middle(rows):
            grid[r] = [value] * cols
    elif name == "diagonal":
        for i in range(min(rows, cols)):
            grid[i][cols - 1 - i if spec.anti else i] = value
    elif name == "checkerboard":
        cell = spec.cell or 1
        grid = [[value if ((r // cell) + (c // cell)) % 2 == 1 else 0.0 for c in range(cols)] for r in range(rows)]
    elif name == "square":
        side = spec.side or max(1, min(rows, cols) // 2)
        top, left = (rows - side) // 2, (cols - side) // 2
        for r in range(top, top + side):
            for c in range(left, left + side):
                grid[r][c] = value
    elif name == "ramp":
        grid = [[float(r if spec.along == "rows" else c) for c in range(cols)] for r in range(rows)]
    elif name == "numbered":
        grid = [[float(r * cols + c + 1) for c in range(cols)] for r in range(rows)]
    elif name == "random":
        rng = random.Random(spec.seed or 0)
        low = 0 if spec.low is None else spec.low
        high = 9 if spec.high is None else spec.high
        grid = [[float(rng.randint(low, high)) for _ in range(cols)] for _ in range(rows)]
    return grid


def make_kernel(spec: KernelSpec) -> Grid:
    """The grid of a one-channel kernel (a spec listing one channel gives that channel)."""
    _one_channel(spec, "kernel")
    listed = _kernels(spec)
    if listed:
        return make_kernel(as_kernel(listed[0]))
    if spec.matrix is not None:
        return [[float(v) for v in row] for row in spec.matrix]
    if spec.preset in _FIXED:
        return [[float(v) for v in row] for row in _FIXED[spec.preset]]
    rows, cols = kernel_shape(spec)
    kernel = [[0.0] * cols for _ in range(rows)]
    name = spec.preset
    if name == "vertical_line":
        for r in range(rows):
            kernel[r][cols // 2] = 1.0
    elif name == "horizontal_line":
        kernel[rows // 2] = [1.0] * cols
    elif name == "diagonal":
        for i in range(min(rows, cols)):
            kernel[i][i] = 1.0
    elif name == "box_blur":
        kernel = [[1.0 / (rows * cols)] * cols for _ in range(rows)]
    elif name == "ones":
        kernel = [[1.0] * cols for _ in range(rows)]
    elif name == "identity":
        kernel[rows // 2][cols // 2] = 1.0
    elif name == "random":
        rng = random.Random(spec.seed or 0)
        low = -2 if spec.low is None else spec.low
        high = 2 if spec.high is None else spec.high
        kernel = [[float(rng.randint(low, high)) for _ in range(cols)] for _ in range(rows)]
    return kernel


def _middle(n: int) -> list[int]:
    """The middle column(s): two for an even width (as in the article's 8×8 image), one for odd."""
    return [n // 2 - 1, n // 2] if n % 2 == 0 and n > 1 else [n // 2]
