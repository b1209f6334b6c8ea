"""Why settings cannot be swept, or are not all used, each said with what would make them work."""

from __future__ import annotations

import math
from typing import NamedTuple

import msgspec

from convtutor.core.arithmetic import AxisPadding, TransposePlan, plan_axis
from convtutor.core.formatting import pair_text
from convtutor.learning.playground.grids import layer_plan, plan, to_step
from convtutor.learning.playground.settings import (
    FIXED_KERNELS,
    MAX_KERNEL,
    MAX_PADDING,
    MAX_SIDE,
    MAX_STEP,
    PlaySettings,
    number_text,
)
from convtutor.lessons.fields import (
    MAX_CHANNELS,
)
from convtutor.lessons.steps.sweep import MAX_PADDED


class Problem(NamedTuple):
    """Why settings cannot work as asked; ``blocks``: they cannot be swept at all."""

    text: str
    blocks: bool = True


def problems(s: PlaySettings) -> list[Problem]:
    """Why the settings cannot be swept, or are not all used, each with what would make them work."""
    found: list[Problem] = []
    axes = _axes(s)
    for axis, n, k, stride, dilation, _ in axes:
        for what, value, limit, unit in (("input", n, MAX_SIDE, " pixels"), ("kernel", k, MAX_KERNEL, " taps"),
                                         ("stride", stride, MAX_STEP, ""), ("dilation", dilation, MAX_STEP, "")):
            if value > limit:
                found.append(Problem(f"Along the {axis}, the {what} is {value}{unit}; the playground takes at most {limit}."))
    if found:
        return found
    found += _conv_fit(s, axes) if s.op == "conv" else _layer_fit(s)
    found += _unused(s)
    if not any(p.blocks for p in found):
        try:
            to_step(s)
        except (msgspec.ValidationError, ValueError) as error:  # a limit of lessons' sweeps not named above
            found.append(Problem(f"These settings cannot be swept: {error}."))
    return found


def _conv_fit(s: PlaySettings, axes: list[tuple[str, int, int, int, int, AxisPadding]]) -> list[Problem]:
    """Why a convolution does not fit, or does not fit on screen, with the padding that would."""
    found: list[Problem] = []
    for axis, n, k, stride, dilation, padding in axes:
        k_eff = dilation * (k - 1) + 1
        try:
            axis_plan = plan_axis(n, k, stride=stride, padding=padding, dilation=dilation)
        except ValueError:
            before_after = _sides(n, k, stride, padding, dilation)
            padded = n + sum(before_after)
            more = math.ceil((k_eff - padded) / 2)
            found.append(Problem(
                f"Along the {axis}, the kernel spans {k_eff} pixels" + (f" ({k} taps dilated by {dilation})" if dilation > 1 else "")
                + f" but the padded input has only {padded}: add {more} more pixel{'s' * (more != 1)} of padding per side,"
                " or use a smaller kernel" + (" or dilation" if dilation > 1 else "") + "."
            ))
            continue
        if axis_plan.padded > MAX_PADDED:
            found.append(Problem(f"Along the {axis}, the padded input has {axis_plan.padded} pixels; the playground shows at most {MAX_PADDED}."))
        elif max(axis_plan.before, axis_plan.after) > MAX_PADDING:
            found.append(Problem(f"Along the {axis}, the padding is {max(axis_plan.before, axis_plan.after)} pixels on one side; "
                                 f"the playground takes at most {MAX_PADDING}."))
    if not found:
        try:
            plan(s)  # the padding mode: PyTorch refuses some pads, and so do we
        except ValueError as error:
            found.append(Problem(str(error)))
    return found


def _layer_fit(s: PlaySettings) -> list[Problem]:
    """Why a transposed convolution or a pool does not fit (the core says why), or does not fit on screen."""
    try:
        found = layer_plan(s)
    except ValueError as error:
        return [Problem(str(error))]
    if isinstance(found, TransposePlan):
        axes = (("rows", found.rows.output), ("columns", found.cols.output))
        return [Problem(f"Along the {axis}, the output has {length} cells; the playground shows at most {MAX_PADDED}.")
                for axis, length in axes if length > MAX_PADDED]
    return [Problem(f"Along the {axis}, the padded input has {a.padded} pixels; the playground shows at most {MAX_PADDED}.")
            for axis, a in (("rows", found.rows), ("columns", found.cols)) if a.padded > MAX_PADDED]


def _unused(s: PlaySettings) -> list[Problem]:
    """Settings that do not block the sweep but are not used, said so that nobody wonders."""
    found: list[Problem] = []
    if s.pooling:
        if s.filters != 1:
            found.append(Problem(f"A pooling layer keeps the input's channels: the {s.filters} filters are not used.", blocks=False))
        if s.weights != "ones" or s.weights_values is not None:
            found.append(Problem("A pool has no weights: it takes the largest value or the mean; the kernel's weights are not used.",
                                 blocks=False))
        if s.bias_value:
            found.append(Problem(f"A pool adds no bias: the bias of {number_text(s.bias_value)} is not used.", blocks=False))
        return found
    if s.weights in FIXED_KERNELS and s.kernel != (3, 3):
        found.append(Problem(f"The {s.weights} kernel is always 3×3; the kernel size {pair_text(*s.kernel)} is not used.", blocks=False))
    if not s.bias and s.bias_value:
        found.append(Problem(f"With --no-bias the layer has no bias, so the bias of {number_text(s.bias_value)} is not added.",
                             blocks=False))
    if s.channels > MAX_CHANNELS:
        found.append(Problem(f"The sweep shows the first {MAX_CHANNELS} of the {s.channels} channels; the code and the "
                             "parameters count them all.", blocks=False))
    return found


def explain(s: PlaySettings) -> list[str]:
    """Why the settings cannot be swept (empty when they can), each with what would make them work."""
    return [p.text for p in problems(s)]


def can_sweep(s: PlaySettings) -> bool:
    return not any(p.blocks for p in problems(s))


def _axes(s: PlaySettings) -> list[tuple[str, int, int, int, int, AxisPadding]]:
    from convtutor.core.arithmetic import split_padding

    rows_padding, cols_padding = split_padding(s.padding)
    kh, kw = s.kernel_shape
    return [
        ("rows", s.size[0], kh, s.stride[0], s.dilation[0], rows_padding),
        ("columns", s.size[1], kw, s.stride[1], s.dilation[1], cols_padding),
    ]


def _sides(n: int, k: int, stride: int, padding: AxisPadding, dilation: int) -> tuple[int, int]:
    from convtutor.core.arithmetic import resolve_padding

    return resolve_padding(n, k, stride=stride, padding=padding, dilation=dilation)


