"""convtutor's convolution core: plain NumPy, no UI.

The functions and classes here are the interface the lessons, the CLI and the app rely on.
"""

from convtutor.core.arithmetic import (
    PADDING_NAMES,
    AxisPlan,
    effective_kernel,
    output_length,
    plan_axis,
    resolve_padding,
)
from convtutor.core.conv import ConvPlan, conv2d, plan_conv
from convtutor.core.formatting import format_number
from convtutor.core.frameworks import Snippet, keras_snippet, pytorch_snippet
from convtutor.core.layers import (
    Conv2DLayer,
    LayerSummary,
    StackSummary,
    keras_shape,
    run_stack,
    summarize_stack,
)
from convtutor.core.padding import PADDING_MODES, split_padding
from convtutor.core.sweep import Sweep, Window

__all__ = [
    "PADDING_MODES",
    "PADDING_NAMES",
    "AxisPlan",
    "Conv2DLayer",
    "ConvPlan",
    "LayerSummary",
    "Snippet",
    "StackSummary",
    "Sweep",
    "Window",
    "conv2d",
    "effective_kernel",
    "format_number",
    "keras_shape",
    "keras_snippet",
    "output_length",
    "plan_axis",
    "plan_conv",
    "pytorch_snippet",
    "resolve_padding",
    "run_stack",
    "split_padding",
    "summarize_stack",
]
