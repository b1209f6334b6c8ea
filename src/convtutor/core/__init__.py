"""convtutor's convolution core: plain Python and NumPy, no UI.

The names below are the interface the lessons, the CLI and the app rely on. They are loaded
on first use (PEP 562), so that code needing only the arithmetic never pays for importing
NumPy: the app's first screen and the lesson checks stay fast.

Each name is written three times: in ``__all__`` (for readers and tools), in ``_EXPORTS``
(where ``__getattr__`` finds it) and in the ``TYPE_CHECKING`` imports (what type checkers
see). An import-time check keeps the first two equal, and tests/test_core_exports.py the
third, so that no name can reach mypy as a bare ``object`` from ``__getattr__``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__all__ = [
    "PADDING_MODES",
    "PADDING_NAMES",
    "AveragePooling2DLayer",
    "AxisPlan",
    "Conv2DLayer",
    "Conv2DTransposeLayer",
    "ConvPlan",
    "LayerSummary",
    "MaxPooling2DLayer",
    "MixedLayerSummary",
    "MixedStackSummary",
    "PoolAxisPlan",
    "PoolPlan",
    "Snippet",
    "StackSummary",
    "Sweep",
    "TransposeAxisPlan",
    "TransposePlan",
    "Window",
    "avg_pool2d",
    "conv2d",
    "conv_transpose2d",
    "effective_kernel",
    "format_number",
    "keras_pool_snippet",
    "keras_shape",
    "keras_snippet",
    "keras_transpose_snippet",
    "layer_snippets",
    "max_pool2d",
    "output_length",
    "plan_axis",
    "plan_conv",
    "plan_layer",
    "plan_pool",
    "plan_transpose",
    "pool_output_length",
    "pytorch_pool_snippet",
    "pytorch_snippet",
    "pytorch_transpose_snippet",
    "resolve_padding",
    "run_stack",
    "split_padding",
    "summarize_stack",
    "transposed_output_length",
]

_EXPORTS = {
    "arithmetic": [
        "PADDING_MODES", "PADDING_NAMES", "AxisPlan", "ConvPlan", "PoolAxisPlan", "PoolPlan", "TransposeAxisPlan",
        "TransposePlan", "effective_kernel", "output_length", "plan_axis", "plan_conv", "plan_pool", "plan_transpose",
        "pool_output_length", "resolve_padding", "split_padding", "transposed_output_length",
    ],
    "conv": ["conv2d"],
    "formatting": ["format_number"],
    "frameworks": [
        "Snippet", "keras_pool_snippet", "keras_snippet", "keras_transpose_snippet", "layer_snippets",
        "pytorch_pool_snippet", "pytorch_snippet", "pytorch_transpose_snippet",
    ],
    "layers": [
        "AveragePooling2DLayer", "Conv2DLayer", "Conv2DTransposeLayer", "LayerSummary", "MaxPooling2DLayer",
        "MixedLayerSummary", "MixedStackSummary", "StackSummary", "keras_shape", "plan_layer", "run_stack",
        "summarize_stack",
    ],
    "pooling": ["avg_pool2d", "max_pool2d"],
    "sweep": ["Sweep", "Window"],
    "transposed": ["conv_transpose2d"],
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
if sorted(_WHERE) != sorted(__all__):
    raise ImportError(f"convtutor.core: __all__ and _EXPORTS differ in {sorted(set(_WHERE) ^ set(__all__))}.")


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'convtutor.core' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"convtutor.core.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # for type checkers and editors
    from convtutor.core.arithmetic import (
        PADDING_MODES,
        PADDING_NAMES,
        AxisPlan,
        ConvPlan,
        PoolAxisPlan,
        PoolPlan,
        TransposeAxisPlan,
        TransposePlan,
        effective_kernel,
        output_length,
        plan_axis,
        plan_conv,
        plan_pool,
        plan_transpose,
        pool_output_length,
        resolve_padding,
        split_padding,
        transposed_output_length,
    )
    from convtutor.core.conv import conv2d
    from convtutor.core.formatting import format_number
    from convtutor.core.frameworks import (
        Snippet,
        keras_pool_snippet,
        keras_snippet,
        keras_transpose_snippet,
        layer_snippets,
        pytorch_pool_snippet,
        pytorch_snippet,
        pytorch_transpose_snippet,
    )
    from convtutor.core.layers import (
        AveragePooling2DLayer,
        Conv2DLayer,
        Conv2DTransposeLayer,
        LayerSummary,
        MaxPooling2DLayer,
        MixedLayerSummary,
        MixedStackSummary,
        StackSummary,
        keras_shape,
        plan_layer,
        run_stack,
        summarize_stack,
    )
    from convtutor.core.pooling import avg_pool2d, max_pool2d
    from convtutor.core.sweep import Sweep, Window
    from convtutor.core.transposed import conv_transpose2d
