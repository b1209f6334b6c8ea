"""``pool_output_shape``: the size out of a pooling layer (max or average alike), rows × cols;
the padding's form says which framework's rule applies (Keras 3 or PyTorch)."""

from __future__ import annotations

import math
from typing import Annotated

from msgspec import Meta

from convtutor.core.arithmetic import PoolAxisPlan, PoolPlan, plan_pool, plan_pool_axis
from convtutor.lessons.fields import AnswerText, QKernel, QSize, QStep, QuestionBase
from convtutor.lessons.kinds import SIZE_CHARS, Mistake, QuestionKind
from convtutor.lessons.questions import resize
from convtutor.lessons.questions.conv import COUNTING_MISTAKES, SWAPPED_AXES, axis_mistakes, formula
from convtutor.lessons.questions.output_shape import KIND as OUTPUT_SHAPE
from convtutor.lessons.questions.output_shape import diagnose, read_rows_cols
from convtutor.lessons.questions.posed import Posed, size_text, texts
from convtutor.lessons.reporter import DataPath, Reporter


class PoolQuestion(QuestionBase, frozen=True, kw_only=True):
    """Settings shared by the questions about one pooling layer."""

    pool_size: Annotated[QKernel, Meta(description="the window: 2 (2×2), [rows, cols] such as [2, 3], or $k (default 2)")] = 2
    strides: Annotated[
        QStep | None, Meta(description="how far the window moves: 2, [rows, cols] or $s (default: the pool size, in Keras and PyTorch)"),
    ] = None
    padding: Annotated[resize.SimplePadding, Meta(description=resize.SIMPLE_PADDING_HELP + " (default 'valid')")] = "valid"
    ceil_mode: Annotated[
        bool, Meta(description="PyTorch only (padding in pixels): round the number of windows up (default false)"),
    ] = False
    answer: Annotated[
        AnswerText | None,
        Meta(description="optional: the answer as you worked it out; the validator checks it against the core's"),
    ] = None


class PoolOutputShapeQuestion(PoolQuestion, tag="pool_output_shape", frozen=True, kw_only=True):
    """The output's size of a pooling layer, rows × cols, computed by the core."""

    input: Annotated[QSize, Meta(description="the input's size: 8 (8×8), [rows, cols] such as [8, 10], or a parameter such as $n")]


def plan_of(q: PoolQuestion, size: tuple[int, int], values: dict[str, int]) -> PoolPlan:
    strides = None if q.strides is None else resize.pair_of(q.strides, values, "stride")
    return plan_pool(size, resize.pair_of(q.pool_size, values, "pool size"), strides=strides,
                     padding=resize.padding_of(q.padding, values), ceil_mode=q.ceil_mode)


def _padding(axis: PoolAxisPlan) -> str | int:
    """An axis's padding as it was set: Keras' name, or PyTorch's pixels per side."""
    return axis.padding if isinstance(axis.padding, str) else axis.before


def _stride_one(axis: PoolAxisPlan) -> int | None:
    return resize.or_none(lambda: plan_pool_axis(axis.size, axis.kernel, stride=1, padding=_padding(axis),
                                                 ceil_mode=axis.ceil_mode).output)


def _other_rounding(axis: PoolAxisPlan) -> int | None:
    """Rounded up where the rule rounds down, or the reverse."""
    if not axis.is_keras:
        return resize.or_none(lambda: plan_pool_axis(axis.size, axis.kernel, stride=axis.stride, padding=_padding(axis),
                                                     ceil_mode=not axis.ceil_mode).output)
    if axis.padding == "same":  # ⌈n / s⌉ rounded down
        return axis.size // axis.stride
    return math.ceil((axis.size - axis.kernel) / axis.stride) + 1


def pool_mistakes(plan: PoolPlan, default_strides: bool) -> dict[str, object]:
    rows, cols = plan.rows, plan.cols
    found: dict[str, object | None] = {
        "ceil_vs_floor": resize.per_axis(rows, cols, _other_rounding),
        "forgot_plus_one": resize.per_axis(rows, cols, lambda axis: axis_mistakes(axis)["forgot_plus_one"]),
        "ignored_padding": resize.per_axis(rows, cols, lambda axis: axis_mistakes(axis)["ignored_padding"]),
    }
    if default_strides:
        found["stride_one"] = resize.per_axis(rows, cols, _stride_one)
    if rows.output != cols.output:
        found["swapped_axes"] = (cols.output, rows.output)
    return resize.keep_wrong(plan.output_shape, found)


def setting_lines(plan: PoolPlan, default_strides: bool, pool: str = "", extra: str = "") -> list[str]:
    """The settings, and which framework's layer they are (``pool`` max or average; empty: either)."""
    r, c = plan.rows, plan.cols
    window = f"{pool} pool" if pool else "pool"
    parts = [f"input {size_text(r.size, c.size)}", f"{window} {size_text(r.kernel, c.kernel)}"]
    # Strides left out are left out here too: saying what they default to would answer the
    # question a stride_one slip is about.
    parts.append("strides not given" if default_strides else resize.words("strides", (r.stride, c.stride)))
    padding = resize.axes_padding(r.padding, c.padding)
    keras, torch = ("AveragePooling2D", "AvgPool2d") if pool == "average" else ("MaxPooling2D", "MaxPool2d")
    line = resize.framework_line(padding, keras, torch, (", ceil_mode=True" if r.ceil_mode else "") + extra)
    return [", ".join(parts), line + ("" if pool else "; average pooling gives the same size")]


def pose(q: PoolOutputShapeQuestion, values: dict[str, int]) -> Posed:
    plan = plan_of(q, resize.pair_of(q.input, values, "input size"), values)
    prompt, hints = texts(q, values, "What is the output size (rows × cols)?")
    explanation = formula(plan)
    if q.strides is None:
        explanation.insert(0, "The strides default to the pool size.")
    return Posed(q, values, prompt, setting_lines(plan, q.strides is None), size_text(*plan.output_shape), explanation, hints,
                 plan.output_shape, pool_mistakes(plan, q.strides is None))


def check(report: Reporter, q: PoolQuestion, path: DataPath) -> None:
    resize.check_keras_only(report, q.padding, path, "ceil_mode", q.ceil_mode, "it always rounds down, or pads with 'same'")


KIND = QuestionKind(
    tag="pool_output_shape",
    struct=PoolOutputShapeQuestion,
    summary="rows × cols out of a pooling layer (Keras 3 for 'valid'/'same', PyTorch for pixels)",
    settings="`input`, `pool_size`, `strides` (default: the pool size), `padding` (`valid`, `same`, N or [rows, cols]), `ceil_mode`",
    example="""\
- id: pooled
  kind: pool_output_shape
  input: 7
  pool_size: 2             # strides default to the pool size
  feedback:
    - mistake: stride_one
      message: A pooling layer's strides default to its pool size, 2 here.
""",
    pose=pose,
    read=read_rows_cols,
    answer_chars=lambda posed: SIZE_CHARS,
    answer_format=lambda posed: "rows x cols",
    mistakes=(
        Mistake("stride_one", "forgot that the strides default to the pool size",
                "That moves the window one pixel at a time; a pooling layer's strides default to its pool size."),
        Mistake("ceil_vs_floor", "rounded the other way",
                "That rounds the other way: without ceil_mode a window that would hang past the (padded) edge is dropped; with "
                "ceil_mode it is kept if it starts inside; Keras' 'same' rounds up."),
        next(m for m in COUNTING_MISTAKES if m.name == "forgot_plus_one"),
        Mistake("ignored_padding", "left out the padding",
                "That leaves the padding out: the window slides over the padded input (and 'same' pads so that ⌈n / s⌉ windows fit)."),
        SWAPPED_AXES,
        OUTPUT_SHAPE.mistake("one_axis_right"),
    ),
    diagnose=diagnose,
    check=check,
    order=13,
)
