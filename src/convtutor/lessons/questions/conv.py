"""What the questions about one convolution's arithmetic share: their settings, the core's
plan of them, the worked formula, and the named mistakes of counting windows."""

from __future__ import annotations

import math
from typing import Annotated

from msgspec import Meta

from convtutor.core.arithmetic import AxisPlan, ConvPlan, PoolPlan, TransposePlan, pair, plan_conv
from convtutor.lessons.fields import PADDING_HELP, AnswerText, QKernel, QPadding, QSize, QStep, QuestionBase, as_padding
from convtutor.lessons.kinds import Mistake
from convtutor.lessons.questions.posed import resolve, size_text

PER_SIDE_NOTE = "Padding is counted per side (as in Keras and PyTorch), not in total."

#: The slips of working out how many windows fit along an axis.
COUNTING_MISTAKES = (
    Mistake("forgot_plus_one", "counted moves, not positions",
            "That counts the moves between windows, not the windows: the first position counts too."),
    Mistake("no_floor", "rounded up instead of down",
            "That rounds up. A window that would hang over the edge is not taken: round down before adding the first position."),
    Mistake("padded_one_side", "added the padding once instead of on both sides",
            "That pads one side only. Padding is counted per side: it goes before and after."),
    Mistake("ignored_padding", "used the unpadded size",
            "That leaves the padding out: the kernel slides over the padded input."),
    Mistake("ignored_stride", "used stride 1",
            "That moves one pixel at a time. With a stride of s the kernel jumps s pixels: divide the distance it travels by s."),
    Mistake("ignored_dilation", "used k instead of k̂",
            "That uses the kernel's number of taps, not how far it reaches: dilated by d, it spans d·(k − 1) + 1 pixels."),
    Mistake("padded_input", "gave the size of the (padded) input",
            "That is the size of the input with its padding; the output is how many windows fit in it."),
)
SWAPPED_AXES = Mistake("swapped_axes", "gave columns first", "Rows and columns are swapped: rows come first.")


class ConvQuestion(QuestionBase, frozen=True, kw_only=True):
    """Settings shared by the questions about one convolution's arithmetic."""

    input: Annotated[QSize, Meta(description="the input's size: 8 (8×8), [rows, cols] such as [8, 10], or a parameter such as $n")]
    kernel: Annotated[QKernel, Meta(description="the kernel's size: 3 (3×3), [rows, cols] such as [3, 5], or $k (default 3)")] = 3
    stride: Annotated[QStep, Meta(description="how far the kernel moves: 2, [rows, cols] such as [1, 2], or $s (default 1)")] = 1
    padding: Annotated[QPadding, Meta(description=PADDING_HELP + ", or $p (default 'valid')")] = "valid"
    dilation: Annotated[QStep, Meta(description="gaps between the kernel's taps: 2, [rows, cols] or $d (default 1)")] = 1
    answer: Annotated[
        AnswerText | None,
        Meta(description="optional: the answer as you worked it out, e.g. 6x6 for a shape, 2 for a count; the validator checks it against the core's"),
    ] = None


def conv_settings(question: ConvQuestion, values: dict[str, int]) -> ConvPlan:
    """Both axes of a conv question's settings, worked out by the core (ValueError if the
    kernel does not fit)."""
    return plan_conv(
        pair(resolve(question.input, values), "input size"),
        pair(resolve(question.kernel, values), "kernel size"),
        stride=pair(resolve(question.stride, values), "stride"),
        padding=as_padding(resolve(question.padding, values)),
        dilation=pair(resolve(question.dilation, values), "dilation"),
    )


def padding_words(conv: ConvPlan) -> str:
    padding = conv.rows.padding
    if isinstance(padding, str):
        return f"padding '{padding}'" + (" (Keras/TensorFlow rule)" if padding == "same" else "")
    r, c = conv.rows, conv.cols
    if r.before == r.after == c.before == c.after:
        return f"padding {r.before} pixel{'s' * (r.before != 1)} per side"
    return f"padding top {r.before}, bottom {r.after}, left {c.before}, right {c.after} (per side)"


def setting_lines(conv: ConvPlan, channels: int | None = None) -> list[str]:
    r, c = conv.rows, conv.cols
    size = size_text(r.size, c.size) + (f"×{channels}" if channels else "")
    parts = [f"input {size}", f"kernel {size_text(r.kernel, c.kernel)}"]
    parts.append(f"stride {r.stride}" if r.stride == c.stride else f"stride {size_text(r.stride, c.stride)}")
    if (r.dilation, c.dilation) != (1, 1):
        parts.append(f"dilation {r.dilation}" if r.dilation == c.dilation else f"dilation {size_text(r.dilation, c.dilation)}")
    parts.append(padding_words(conv))
    return [", ".join(parts)]


def formula(conv: ConvPlan | TransposePlan | PoolPlan) -> list[str]:
    """Each axis's arithmetic with the numbers put in (one block when the two are the same)."""
    rows, cols = conv.rows.formula_lines(), conv.cols.formula_lines()
    if rows == cols:
        return [f"Rows and columns: {rows[0]}", *rows[1:]]
    return [f"Rows: {rows[0]}", *rows[1:], f"Columns: {cols[0]}", *cols[1:]]


def axis_mistakes(plan: AxisPlan) -> dict[str, int | None]:
    """The count along one axis that each of :data:`COUNTING_MISTAKES` gives (None: none that makes sense)."""
    n, k, s, b, a = plan.size, plan.kernel, plan.stride, plan.before, plan.after
    k_eff = plan.effective_kernel
    span = n + b + a - k_eff

    def positive(value: int) -> int | None:
        return value if value >= 1 else None

    return {
        "forgot_plus_one": positive(span // s),
        "no_floor": positive(math.ceil(span / s) + 1),
        "padded_one_side": positive((n + max(b, a) - k_eff) // s + 1) if n + max(b, a) >= k_eff else None,
        "ignored_padding": positive((n - k_eff) // s + 1) if n >= k_eff else None,
        "ignored_stride": positive(span + 1),
        "ignored_dilation": positive((n + b + a - k) // s + 1),
        "padded_input": n + b + a,
    }
