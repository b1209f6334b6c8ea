"""The playground: any convolution, written as a settings line (the options of ``convtutor
shape``), turned into a sweep, Keras and PyTorch code, and plain explanations of settings that
cannot work; and the settings form's fields. No UI: the TUI's playground screen and its form
draw this.

``settings`` (what the settings hold, the line), ``grids`` (the numbers and the sweep they
make), ``problems`` (what cannot work, and why), ``code`` (Keras and PyTorch), ``form`` (the
form's fields). Everything a caller needs is importable from here.
"""

from convtutor.learning.playground.code import code
from convtutor.learning.playground.form import (
    CELLS_HINT,
    FIELDS,
    VALUES_HINT,
    Field,
    step_padding,
    typed_padding,
    with_cell,
    with_input,
    with_kernel_size,
    with_op,
    with_size,
    with_values,
    with_weights,
    with_weights_values,
)
from convtutor.learning.playground.grids import (
    HOUSE,
    counts_title,
    input_matrix,
    kernel_matrix,
    layer_plan,
    picture,
    plan,
    read_counts,
    to_step,
)
from convtutor.learning.playground.problems import Problem, can_sweep, explain, problems
from convtutor.learning.playground.settings import (
    CONTENTS,
    FIXED_KERNELS,
    MAX_COUNT,
    MAX_KERNEL,
    MAX_PADDING,
    MAX_SIDE,
    MAX_STEP,
    MAX_VALUE,
    OPERATIONS,
    PICTURE,
    TYPED,
    WEIGHTS,
    PlayError,
    PlaySettings,
    Values,
    add_options,
    from_options,
    number_text,
    padding_text,
    parse_line,
    parse_number,
    parse_rows,
    rows_text,
    settings_line,
    values_shape,
)

__all__ = [
    "CELLS_HINT", "CONTENTS", "FIELDS", "FIXED_KERNELS", "HOUSE", "MAX_COUNT", "MAX_KERNEL", "MAX_PADDING", "MAX_SIDE",
    "MAX_STEP", "MAX_VALUE", "OPERATIONS", "PICTURE", "TYPED", "VALUES_HINT", "WEIGHTS", "Field", "PlayError", "PlaySettings", "Problem",
    "Values", "add_options", "can_sweep", "code", "counts_title", "explain", "from_options", "input_matrix", "kernel_matrix", "layer_plan", "number_text",
    "padding_text", "parse_line", "parse_number", "parse_rows", "picture", "plan", "problems", "read_counts", "rows_text",
    "settings_line", "step_padding", "to_step", "typed_padding", "values_shape", "with_cell", "with_input",
    "with_kernel_size", "with_op", "with_size", "with_values", "with_weights", "with_weights_values",
]
