"""A lesson step's settings as the core takes them: pairs, tuples, plans, layers, sweeps.

YAML gives lists and single numbers; the core takes (rows, cols) tuples. Every reader of a
step (the checks, the app) goes through here, so they all see the same convolution.
"""

from __future__ import annotations

from convtutor.core.arithmetic import ConvPlan, plan_conv
from convtutor.core.layers import Conv2DLayer
from convtutor.lessons import generators
from convtutor.lessons.schema import LayerSpec, SweepStep


def pair(value: object) -> tuple[int, int]:
    """``3`` -> ``(3, 3)``; ``[3, 5]`` -> ``(3, 5)``."""
    return (value[0], value[1]) if isinstance(value, list) else (value, value)  # type: ignore[index,return-value]


def core_padding(padding: object) -> object:
    """Padding written in YAML (lists) in the form the core takes (tuples)."""
    if isinstance(padding, list):
        return tuple(tuple(p) if isinstance(p, list) else p for p in padding)
    return padding


def sweep_plan(step: SweepStep) -> ConvPlan:
    """Both axes of a sweep step, checked by the core (ValueError if the kernel does not fit)."""
    return plan_conv(
        generators.input_shape(generators.as_input(step.input)),
        generators.kernel_shape(generators.as_kernel(step.kernel)),
        stride=pair(step.stride), padding=core_padding(step.padding), dilation=pair(step.dilation),
        padding_mode=step.padding_mode,
    )


def make_sweep(step: SweepStep):  # type: ignore[no-untyped-def]
    """The core's Sweep for a sweep step."""
    from convtutor.core.sweep import Sweep

    return Sweep(
        generators.make_input(generators.as_input(step.input)),
        generators.make_kernel(generators.as_kernel(step.kernel)),
        step.bias, stride=pair(step.stride), padding=core_padding(step.padding), dilation=pair(step.dilation),
        padding_mode=step.padding_mode,
    )


def core_layer(layer: LayerSpec) -> Conv2DLayer:
    return Conv2DLayer(
        filters=layer.filters, kernel_size=pair(layer.kernel_size), strides=pair(layer.strides),
        padding=core_padding(layer.padding), dilation_rate=pair(layer.dilation_rate), use_bias=layer.use_bias,
        padding_mode=layer.padding_mode,
    )
