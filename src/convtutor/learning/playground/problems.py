"""Why settings cannot be swept, or are not all used, each said with what would make them work."""

from __future__ import annotations

import math
from typing import NamedTuple

import msgspec

from convtutor.core.arithmetic import AxisPadding, plan_axis
from convtutor.core.formatting import pair_text
from convtutor.learning.playground.grids import plan, to_step
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
    if s.weights in FIXED_KERNELS and s.kernel != (3, 3):
        found.append(Problem(f"The {s.weights} kernel is always 3×3; the kernel size {pair_text(*s.kernel)} is not used.", blocks=False))
    if not s.bias and s.bias_value:
        found.append(Problem(f"With --no-bias the layer has no bias, so the bias of {number_text(s.bias_value)} is not added.",
                             blocks=False))
    if s.channels > MAX_CHANNELS:
        found.append(Problem(f"The sweep shows the first {MAX_CHANNELS} of the {s.channels} channels; the code and the "
                             "parameters count them all.", blocks=False))
    if not any(p.blocks for p in found):
        try:
            to_step(s)
        except (msgspec.ValidationError, ValueError) as error:  # a limit of lessons' sweeps not named above
            found.append(Problem(f"These settings cannot be swept: {error}."))
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


