"""``padding``: how many pixels of 'same' or 'full' padding go on one side."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from convtutor.core.arithmetic import plan_axis
from convtutor.lessons.fields import QPadding
from convtutor.lessons.kinds import Mistake, QuestionKind
from convtutor.lessons.questions.conv import PER_SIDE_NOTE, ConvQuestion, conv_settings, setting_lines
from convtutor.lessons.questions.posed import Posed, read_int, texts
from convtutor.lessons.reporter import DataPath, Reporter


class PaddingQuestion(ConvQuestion, tag="padding", frozen=True, kw_only=True):
    """The pixels of padding on one side for 'same' or 'full', computed by the core."""

    side: Annotated[
        Literal["top", "bottom", "left", "right"],
        Meta(description="the side asked about: top, bottom, left or right (with 'same' an odd extra pixel goes bottom/right)"),
    ]
    padding: Annotated[QPadding, Meta(description="same or full (the padding asked about), or $p (default same)")] = "same"


def pose(q: PaddingQuestion, values: dict[str, int]) -> Posed:
    conv = conv_settings(q, values)
    plan = conv.rows if q.side in ("top", "bottom") else conv.cols
    before_side = q.side in ("top", "left")
    expected = plan.before if before_side else plan.after
    mistakes: dict[str, object] = {"total_padding": plan.before + plan.after, "wrong_side": plan.after if before_side else plan.before}
    try:
        undilated = plan_axis(plan.size, plan.kernel, stride=plan.stride, padding=plan.padding, dilation=1)
        mistakes["ignored_dilation"] = undilated.before if before_side else undilated.after
    except ValueError:
        pass
    explanation = plan.formula_lines()[:-1] or plan.formula_lines()
    if plan.padding == "same" and plan.before != plan.after:
        explanation.append("Keras/TensorFlow put the odd pixel at the bottom/right.")
    explanation.append(f"So the {q.side} gets {expected}.")
    prompt, hints = texts(q, values, f"How many pixels of padding go on the {q.side}?")
    return Posed(q, values, prompt, [*setting_lines(conv), PER_SIDE_NOTE], str(expected), explanation, hints, expected, mistakes)


def check(report: Reporter, q: PaddingQuestion, path: DataPath) -> None:
    if not (isinstance(q.padding, str) and q.padding in ("same", "full")):
        report.add((*path, "padding"), "a padding question asks about 'same' or 'full' padding", "set padding: same")


KIND = QuestionKind(
    tag="padding",
    struct=PaddingQuestion,
    summary="pixels on that side",
    settings="`input`, `kernel`, `stride`, `dilation`, `padding: same` or `full`, `side: top/bottom/left/right`",
    example="""\
- id: bottom-padding
  kind: padding
  input: 8
  kernel: 4
  side: bottom
""",
    pose=pose,
    read=read_int,
    answer_format=lambda posed: "a whole number",
    mistakes=(
        Mistake("total_padding", "gave the total for the axis instead of one side",
                "That is the padding of the whole axis; the question asks for one side."),
        Mistake("wrong_side", "gave the other side's padding (where the odd pixel goes)",
                "That is the other side's padding: when the total is odd, Keras puts the extra pixel at the bottom/right."),
        Mistake("ignored_dilation", "used k instead of k̂",
                "That uses the kernel's number of taps, not how far it reaches: dilated by d, it spans d·(k − 1) + 1 pixels."),
    ),
    check=check,
    order=20,
)
