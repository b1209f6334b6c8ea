"""``transposed_output_shape``: the size out of a transposed convolution (Keras' Conv2DTranspose,
PyTorch's ConvTranspose2d), rows × cols; the padding's form says which framework's rule applies."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from convtutor.core.arithmetic import TransposeAxisPlan, TransposePlan, plan_axis, plan_transpose, plan_transpose_axis
from convtutor.lessons.kinds import SIZE_CHARS, Mistake, QuestionKind
from convtutor.lessons.questions import resize
from convtutor.lessons.questions.conv import SWAPPED_AXES, ConvQuestion, formula
from convtutor.lessons.questions.output_shape import KIND as OUTPUT_SHAPE
from convtutor.lessons.questions.output_shape import diagnose, read_rows_cols
from convtutor.lessons.questions.posed import Posed, size_text, texts


class TransposedOutputShapeQuestion(ConvQuestion, tag="transposed_output_shape", frozen=True, kw_only=True):
    """The output's size of a transposed convolution, rows × cols, computed by the core."""

    # Narrower than a convolution's: 'full' and per-side pairs are not a transposed layer's.
    padding: Annotated[resize.SimplePadding, Meta(description=resize.SIMPLE_PADDING_HELP + " (default 'valid')")] = "valid"  # type: ignore[assignment]
    output_padding: Annotated[
        resize.QOutputPadding | None,
        Meta(description="cells added at the bottom/right, below the stride: 1, [rows, cols] or $o (default: none; PyTorch's 0)"),
    ] = None


def plan_of(q: TransposedOutputShapeQuestion, values: dict[str, int]) -> TransposePlan:
    return plan_transpose(
        resize.pair_of(q.input, values, "input size"), resize.pair_of(q.kernel, values, "kernel size"),
        stride=resize.pair_of(q.stride, values, "stride"), padding=resize.padding_of(q.padding, values),
        output_padding=resize.counts_of(q.output_padding, values), dilation=resize.pair_of(q.dilation, values, "dilation"),
    )


def _conv_size(axis: TransposeAxisPlan) -> int | None:
    """The ordinary convolution's size with the same settings (a transposed one goes the other way)."""
    return resize.or_none(lambda: plan_axis(axis.size, axis.kernel, stride=axis.stride, padding=axis.padding,
                                            dilation=axis.dilation).output)


def _without_output_padding(axis: TransposeAxisPlan) -> int | None:
    if not axis.output_padding:
        return axis.output
    return resize.or_none(lambda: plan_transpose_axis(axis.size, axis.kernel, stride=axis.stride, padding=axis.padding,
                                                      output_padding=0, dilation=axis.dilation).output)


def _uncropped(axis: TransposeAxisPlan) -> int | None:
    """PyTorch's padding left on: the full result, plus output_padding."""
    if axis.is_keras:
        return None
    return resize.or_none(lambda: plan_transpose_axis(axis.size, axis.kernel, stride=axis.stride, padding=0,
                                                      output_padding=axis.output_padding, dilation=axis.dilation).output)


def _other_framework(axis: TransposeAxisPlan) -> int | None:
    """Keras' 'valid' read as PyTorch's padding 0, or the reverse: they differ when k̂ < s."""
    if axis.padding == "valid":
        return resize.or_none(lambda: plan_transpose_axis(axis.size, axis.kernel, stride=axis.stride, padding=0,
                                                          output_padding=axis.output_padding, dilation=axis.dilation).output)
    if axis.padding == 0:
        return resize.or_none(lambda: plan_transpose_axis(axis.size, axis.kernel, stride=axis.stride, padding="valid",
                                                          output_padding=axis.output_padding or None, dilation=axis.dilation).output)
    return None


def mistakes_of(plan: TransposePlan) -> dict[str, object]:
    rows, cols = plan.rows, plan.cols
    found: dict[str, object | None] = {
        "used_conv_formula": resize.per_axis(rows, cols, _conv_size),
        "forgot_output_padding": resize.per_axis(rows, cols, _without_output_padding),
        "forgot_crop": resize.per_axis(rows, cols, _uncropped),
        "input_times_stride": resize.per_axis(rows, cols, lambda axis: axis.size * axis.stride),
        "other_framework": resize.per_axis(rows, cols, _other_framework),
    }
    if rows.output != cols.output:
        found["swapped_axes"] = (cols.output, rows.output)
    return resize.keep_wrong(plan.output_shape, found)


def setting_lines(plan: TransposePlan) -> list[str]:
    r, c = plan.rows, plan.cols
    parts = [f"input {size_text(r.size, c.size)}", f"kernel {size_text(r.kernel, c.kernel)}", resize.words("stride", (r.stride, c.stride))]
    if (r.dilation, c.dilation) != (1, 1):
        parts.append(resize.words("dilation", (r.dilation, c.dilation)))
    extra = ""
    if r.output_padding is not None:
        parts.append(resize.words("output_padding", (r.output_padding, c.output_padding or 0)))
        extra = f", output_padding={r.output_padding if r.output_padding == c.output_padding else (r.output_padding, c.output_padding)}"
    return [", ".join(parts), resize.framework_line(resize.axes_padding(r.padding, c.padding), "Conv2DTranspose", "ConvTranspose2d", extra)]


def pose(q: TransposedOutputShapeQuestion, values: dict[str, int]) -> Posed:
    plan = plan_of(q, values)
    prompt, hints = texts(q, values, "What is the output size (rows × cols)?")
    return Posed(q, values, prompt, setting_lines(plan), size_text(*plan.output_shape), formula(plan), hints,
                 plan.output_shape, mistakes_of(plan))


KIND = QuestionKind(
    tag="transposed_output_shape",
    struct=TransposedOutputShapeQuestion,
    summary="rows × cols out of a transposed convolution (Keras 3 for 'valid'/'same', PyTorch for pixels)",
    settings="`input`, `kernel`, `stride`, `padding` (`valid`, `same`, N or [rows, cols]), `output_padding`, `dilation`",
    example="""\
- id: going-up
  kind: transposed_output_shape
  input: 4
  kernel: 3
  stride: 2
  padding: 1           # pixels: PyTorch's ConvTranspose2d crops 1 from each side
  output_padding: 1
  feedback:
    - mistake: forgot_crop
      message: PyTorch's padding takes 1 pixel off each side of the full result.
""",
    pose=pose,
    read=read_rows_cols,
    answer_chars=lambda posed: SIZE_CHARS,
    answer_format=lambda posed: "rows x cols",
    mistakes=(
        Mistake("used_conv_formula", "used the ordinary convolution's formula",
                "That is the size an ordinary convolution with these settings gives, going down; a transposed one goes back up: "
                "each input pixel places a copy of the kernel s pixels after the last."),
        Mistake("forgot_output_padding", "left out the output padding",
                "That leaves out output_padding: it adds that many cells at the bottom/right of the result."),
        Mistake("forgot_crop", "did not crop PyTorch's padding",
                "That is the size before the padding is taken off: in a transposed convolution PyTorch's padding p crops p cells "
                "from each side of the full result (2p in all)."),
        Mistake("input_times_stride", "multiplied the input by the stride",
                "That is n·s, as if each input pixel made s outputs; the last kernel copy hangs over by k − s more (before any crop; "
                "a dilated kernel spans d·(k − 1) + 1 cells, used in place of k)."),
        Mistake("other_framework", "used the other framework's rule",
                "That is the other framework's size: with a kernel shorter than the stride, Keras' 'valid' keeps max(k, s) cells "
                "for the last input pixel, PyTorch's padding 0 only k (a dilated kernel: its span d·(k − 1) + 1 in place of k)."),
        SWAPPED_AXES,
        OUTPUT_SHAPE.mistake("one_axis_right"),
    ),
    diagnose=diagnose,
    order=12,
)
