"""convtutor's convolution core: plain Python and NumPy, no UI.

The names below are the interface the lessons, the CLI and the app rely on. They are loaded
on first use (PEP 562), so that code needing only the arithmetic never pays for importing
NumPy: the app's first screen and the lesson checks stay fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_EXPORTS = {
    "arithmetic": [
        "PADDING_MODES", "PADDING_NAMES", "AxisPlan", "ConvPlan", "effective_kernel", "output_length",
        "plan_axis", "plan_conv", "resolve_padding", "split_padding",
    ],
    "conv": ["conv2d"],
    "formatting": ["format_number"],
    "frameworks": ["Snippet", "keras_snippet", "pytorch_snippet"],
    "layers": ["Conv2DLayer", "LayerSummary", "StackSummary", "keras_shape", "run_stack", "summarize_stack"],
    "sweep": ["Sweep", "Window"],
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_WHERE)


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
    from convtutor.core.arithmetic import (  # noqa: F401
        PADDING_MODES, PADDING_NAMES, AxisPlan, ConvPlan, effective_kernel, output_length, plan_axis,
        plan_conv, resolve_padding, split_padding,
    )
    from convtutor.core.conv import conv2d  # noqa: F401
    from convtutor.core.formatting import format_number  # noqa: F401
    from convtutor.core.frameworks import Snippet, keras_snippet, pytorch_snippet  # noqa: F401
    from convtutor.core.layers import (  # noqa: F401
        Conv2DLayer, LayerSummary, StackSummary, keras_shape, run_stack, summarize_stack,
    )
    from convtutor.core.sweep import Sweep, Window  # noqa: F401
