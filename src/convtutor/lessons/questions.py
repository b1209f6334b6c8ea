"""Quiz questions posed and marked: answers computed by the core, never copied from the file.

A question in a lesson file is a template; :func:`pose` fills in its parameters (for one
variant) and returns a :class:`Posed` question that knows its settings, its answer, the
worked formula, its hints, and how to mark what a learner types.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Literal

from convtutor.core.arithmetic import AxisPlan, ConvPlan, plan_axis, plan_conv
from convtutor.lessons import params as params_module
from convtutor.lessons.step_settings import core_padding, pair
from convtutor.lessons.schema import (
    ChoiceQuestion,
    NumericQuestion,
    OutputShapeQuestion,
    PaddingQuestion,
    ParamCountQuestion,
    WindowCountQuestion,
)
from convtutor.parsing import parse_shape

Status = Literal["correct", "wrong", "unparsed"]

#: Which named mistakes make sense for each question kind.
MISTAKES_BY_KIND = {
    "output_shape": ("forgot_plus_one", "no_floor", "padded_one_side", "ignored_padding", "ignored_stride", "ignored_dilation"),
    "window_positions": ("forgot_plus_one", "no_floor", "padded_one_side", "ignored_padding", "ignored_stride", "ignored_dilation"),
    "padding": ("total_padding", "wrong_side", "ignored_dilation"),
    "param_count": ("forgot_bias", "forgot_in_channels", "forgot_filters"),
    "multiple_choice": (),
    "numeric": (),
}

PER_SIDE_NOTE = "Padding is counted per side (as in Keras and PyTorch), not in total."


@dataclass(frozen=True)
class Mark:
    """The result of marking one answer."""

    status: Status
    message: str
    mistake: str | None = None  # the named mistake or "answer" feedback that matched


@dataclass
class Posed:
    """One variant of a question, ready to ask."""

    question: object
    values: dict[str, int]
    prompt: str
    settings: list[str]
    answer_text: str
    explanation: list[str]
    hints: list[str]
    expected: object = None
    mistakes: dict[str, object] = field(default_factory=dict)  # mistake name -> the wrong answer it gives
    choices: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.question.kind  # type: ignore[attr-defined]

    def read(self, text: str) -> tuple[object | None, str]:
        """Parse an answer: (value, "") or (None, how to write it)."""
        return _READERS[self.kind](self, text)

    def mark(self, text: str) -> Mark:
        value, problem = self.read(text)
        if value is None:
            return Mark("unparsed", problem)
        if self.kind == "numeric":
            ok = abs(float(value) - float(self.expected)) <= float(self.question.tolerance) + 1e-9  # type: ignore[attr-defined]
        else:
            ok = value == self.expected
        if ok:
            return Mark("correct", "Correct!")
        for item in self.question.feedback:  # type: ignore[attr-defined]
            if item.mistake is not None and self.mistakes.get(item.mistake) == value:
                return Mark("wrong", item.message, item.mistake)
            if item.answer is not None and self.read(str(item.answer))[0] == value:
                return Mark("wrong", item.message, "answer")
        return Mark("wrong", "Not quite.")


# -- filling in parameters ----------------------------------------------------------------------
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def substitute(text: str, values: dict[str, int]) -> str:
    """Replace {name} with a parameter's value (only names; no format-string features)."""
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def resolve(value: object, values: dict[str, int]) -> object:
    """``"$n"`` -> its value; lists element-wise; other values unchanged."""
    if isinstance(value, str) and value.startswith("$"):
        return values[value[1:]]
    if isinstance(value, list):
        return [resolve(v, values) for v in value]
    return value


def refs(value: object) -> list[str]:
    """Parameter names a setting refers to."""
    if isinstance(value, str) and value.startswith("$"):
        return [value[1:]]
    if isinstance(value, list):
        return [name for v in value for name in refs(v)]
    return []


def variant_values(question: object, index: int) -> dict[str, int] | None:
    """Parameter values of variant ``index`` (``{}`` for a question without parameters)."""
    if not question.params:  # type: ignore[attr-defined]
        return {}
    constraints = [params_module.parse_expression(c) for c in question.constraints]  # type: ignore[attr-defined]
    seed = question.variants.seed if question.variants else 0  # type: ignore[attr-defined]
    return params_module.draw(question.params, constraints, seed, index)  # type: ignore[attr-defined]


# -- conv questions ------------------------------------------------------------------------------
def conv_settings(question: object, values: dict[str, int]) -> ConvPlan:
    """Both axes of a conv question's settings, worked out by the core (ValueError if the
    kernel does not fit)."""
    return plan_conv(
        pair(resolve(question.input, values)),  # type: ignore[attr-defined]
        pair(resolve(question.kernel, values)),  # type: ignore[attr-defined]
        stride=pair(resolve(question.stride, values)),  # type: ignore[attr-defined]
        padding=core_padding(resolve(question.padding, values)),  # type: ignore[attr-defined]
        dilation=pair(resolve(question.dilation, values)),  # type: ignore[attr-defined]
    )


def _size(a: int, b: int) -> str:
    return f"{a}×{b}"


def _padding_words(conv: ConvPlan) -> str:
    padding = conv.rows.padding
    if isinstance(padding, str):
        return f"padding '{padding}'" + (" (Keras/TensorFlow rule)" if padding == "same" else "")
    r, c = conv.rows, conv.cols
    if r.before == r.after == c.before == c.after:
        return f"padding {r.before} pixel{'s' * (r.before != 1)} per side"
    return f"padding top {r.before}, bottom {r.after}, left {c.before}, right {c.after} (per side)"


def _conv_setting_lines(conv: ConvPlan, channels: int | None = None) -> list[str]:
    r, c = conv.rows, conv.cols
    size = _size(r.size, c.size) + (f"×{channels}" if channels else "")
    parts = [f"input {size}", f"kernel {_size(r.kernel, c.kernel)}"]
    parts.append(f"stride {r.stride}" if r.stride == c.stride else f"stride {_size(r.stride, c.stride)}")
    if (r.dilation, c.dilation) != (1, 1):
        parts.append(f"dilation {r.dilation}" if r.dilation == c.dilation else f"dilation {_size(r.dilation, c.dilation)}")
    parts.append(_padding_words(conv))
    return [", ".join(parts)]


def _formula(conv: ConvPlan) -> list[str]:
    rows, cols = conv.rows.formula_lines(), conv.cols.formula_lines()
    if rows == cols:
        return [f"Rows and columns: {rows[0]}", *rows[1:]]
    return [f"Rows: {rows[0]}", *rows[1:], f"Columns: {cols[0]}", *cols[1:]]


def _axis_mistakes(plan: AxisPlan) -> dict[str, int | None]:
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
    }


def _shape_mistakes(conv: ConvPlan, channels: int | None) -> dict[str, object]:
    rows, cols = _axis_mistakes(conv.rows), _axis_mistakes(conv.cols)
    found = {}
    for name in rows:
        if rows[name] is not None and cols[name] is not None:
            found[name] = (rows[name], cols[name]) + ((channels,) if channels else ())
    return found


def _pose_output_shape(q: OutputShapeQuestion, values: dict[str, int]) -> Posed:
    conv = conv_settings(q, values)
    channels = resolve(q.channels, values)
    filters = resolve(q.filters, values)
    expected = conv.output_shape + ((filters,) if q.include_channels else ())
    settings = _conv_setting_lines(conv, channels if (q.include_channels or channels != 1) else None)
    if q.include_channels or filters != 1:
        settings.append(f"{filters} filter{'s' * (filters != 1)}")
    if q.include_channels:
        default = "What is the output shape? Write rows × cols × channels, e.g. 6x6x1 or (None, 6, 6, 1)."
        answer_text = f"{expected[0]}×{expected[1]}×{expected[2]}  (Keras: (None, {expected[0]}, {expected[1]}, {expected[2]}))"
    else:
        default = "What is the output size? Write rows × cols, e.g. 6x6."
        answer_text = _size(*conv.output_shape)
    explanation = _formula(conv)
    if q.include_channels:
        explanation.append(f"Channels out = number of filters = {filters}")
    return Posed(
        q, values, substitute(q.prompt, values) if q.prompt else default, settings, answer_text, explanation,
        [substitute(h, values) for h in q.hints], expected, _shape_mistakes(conv, filters if q.include_channels else None),
    )


def _pose_window_count(q: WindowCountQuestion, values: dict[str, int]) -> Posed:
    conv = conv_settings(q, values)
    rows, cols = conv.output_shape
    along = q.along
    expected = rows if along == "rows" else cols if along == "cols" else rows * cols
    default = {
        "rows": "How many positions does the kernel take down the rows?",
        "cols": "How many positions does the kernel take across the columns?",
        "total": "How many positions does the kernel take in all (one per output pixel)?",
    }[along]
    explanation = _formula(conv)
    if along == "total":
        explanation.append(f"Positions in all = {rows} · {cols} = {rows * cols}")
    rm, cm = _axis_mistakes(conv.rows), _axis_mistakes(conv.cols)
    mistakes: dict[str, object] = {}
    for name in rm:
        value = rm[name] if along == "rows" else cm[name] if along == "cols" else (
            rm[name] * cm[name] if rm[name] is not None and cm[name] is not None else None)
        if value is not None:
            mistakes[name] = value
    return Posed(
        q, values, substitute(q.prompt, values) if q.prompt else default, _conv_setting_lines(conv), str(expected),
        explanation, [substitute(h, values) for h in q.hints], expected, mistakes,
    )


def _pose_padding(q: PaddingQuestion, values: dict[str, int]) -> Posed:
    conv = conv_settings(q, values)
    plan = conv.rows if q.side in ("top", "bottom") else conv.cols
    before_side = q.side in ("top", "left")
    expected = plan.before if before_side else plan.after
    default = f"How many pixels of padding go on the {q.side}?"
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
    return Posed(
        q, values, substitute(q.prompt, values) if q.prompt else default,
        _conv_setting_lines(conv) + [PER_SIDE_NOTE], str(expected), explanation,
        [substitute(h, values) for h in q.hints], expected, mistakes,
    )


def _pose_param_count(q: ParamCountQuestion, values: dict[str, int]) -> Posed:
    kh, kw = pair(resolve(q.kernel, values))
    channels = resolve(q.channels, values)
    filters = resolve(q.filters, values)
    weights = kh * kw * channels * filters
    biases = filters if q.use_bias else 0
    expected = weights + biases
    settings = [
        f"Conv2D with {filters} filter{'s' * (filters != 1)} of {_size(kh, kw)} on an input with "
        f"{channels} channel{'s' * (channels != 1)}" + ("" if q.use_bias else ", no bias (use_bias=False)")
    ]
    formula = f"{kh}·{kw}·{channels}·{filters} weights" + (f" + {biases} bias{'es' * (biases != 1)}" if q.use_bias else "")
    mistakes: dict[str, object] = {
        "forgot_in_channels": kh * kw * filters + biases,
        "forgot_filters": kh * kw * channels + (1 if q.use_bias else 0),
    }
    if q.use_bias:
        mistakes["forgot_bias"] = weights
    return Posed(
        q, values, substitute(q.prompt, values) if q.prompt else "How many parameters (weights and biases) does the layer have?",
        settings, str(expected), [f"Parameters = kh·kw·channels in·filters + one bias per filter = {formula} = {expected}"],
        [substitute(h, values) for h in q.hints], expected, mistakes,
    )


def _pose_choice(q: ChoiceQuestion, values: dict[str, int]) -> Posed:
    index = q.choices.index(q.answer) if q.answer in q.choices else -1
    letter = "abcdefgh"[index] if index >= 0 else "?"
    return Posed(
        q, values, substitute(q.prompt, values), [], f"{letter}) {q.answer}",
        [substitute(q.explanation, values)] if q.explanation else [], [substitute(h, values) for h in q.hints],
        index, {}, [substitute(c, values) for c in q.choices],
    )


def _pose_numeric(q: NumericQuestion, values: dict[str, int]) -> Posed:
    from convtutor.core.formatting import format_number

    return Posed(
        q, values, substitute(q.prompt, values), [], format_number(q.answer), [],
        [substitute(h, values) for h in q.hints], q.answer, {},
    )


_POSERS = {
    "output_shape": _pose_output_shape,
    "window_positions": _pose_window_count,
    "padding": _pose_padding,
    "param_count": _pose_param_count,
    "multiple_choice": _pose_choice,
    "numeric": _pose_numeric,
}


def pose(question: object, variant: int = 0) -> Posed:
    """Variant ``variant`` of a question (ValueError if its settings are impossible)."""
    values = variant_values(question, variant)
    if values is None:
        raise ValueError("no parameter values satisfy the constraints")
    return pose_values(question, values)


def pose_values(question: object, values: dict[str, int]) -> Posed:
    """The question with these parameter values (ValueError if its settings are impossible)."""
    posed = _POSERS[question.kind](question, values)  # type: ignore[attr-defined]
    if question.explanation and question.kind != "multiple_choice":  # type: ignore[attr-defined]
        posed.explanation.append(substitute(question.explanation, values))  # type: ignore[attr-defined]
    return posed


# -- reading answers ------------------------------------------------------------------------------
def _read_shape(posed: Posed, text: str) -> tuple[object | None, str]:
    with_channels = bool(posed.question.include_channels)  # type: ignore[attr-defined]
    example = "6x6x1 or (None, 6, 6, 1)" if with_channels else "6x6"
    try:
        typed = parse_shape(text)
    except ValueError:
        return None, f"Write the shape as {example}."
    dims = typed.dims
    if with_channels:
        if len(dims) == 3:
            return dims, ""
        if len(dims) == 2:
            return None, f"Include the channels too: {example}."
        return None, f"Write rows, cols and channels: {example}."
    if typed.batch_none or len(dims) == 3:
        return None, "Only rows × cols are asked here, e.g. 6x6."
    if len(dims) == 1:
        return None, "Give both rows and cols, e.g. 6x6."
    if len(dims) != 2:
        return None, f"Write the size as {example}."
    return dims, ""


_WHOLE = re.compile(r"[+-]?(\d+|\d{1,3}([,_ ]\d{3})+)")  # 1234, 1,234, 1 234, 1_234


def _read_int(posed: Posed, text: str) -> tuple[object | None, str]:
    cleaned = text.strip()
    if _WHOLE.fullmatch(cleaned):
        return int(re.sub(r"[,_ ]", "", cleaned)), ""
    return None, "Type a whole number, e.g. 10."


def _read_number(posed: Posed, text: str) -> tuple[object | None, str]:
    try:
        value = float(text.strip().replace(",", ""))
    except ValueError:
        return None, "Type a number, e.g. 2.5."
    if not math.isfinite(value):
        return None, "Type a number, e.g. 2.5."
    return value, ""


def _read_choice(posed: Posed, text: str) -> tuple[object | None, str]:
    cleaned = text.strip().lower().rstrip(")").strip()
    count = len(posed.choices)
    letters = "abcdefgh"[:count]
    if len(cleaned) == 1 and cleaned in letters:
        return letters.index(cleaned), ""
    if cleaned.isdigit() and 1 <= int(cleaned) <= count:
        return int(cleaned) - 1, ""
    for i, choice in enumerate(posed.choices):
        if cleaned == choice.strip().lower():
            return i, ""
    return None, f"Type a letter from a to {letters[-1]}."


_READERS = {
    "output_shape": _read_shape,
    "window_positions": _read_int,
    "padding": _read_int,
    "param_count": _read_int,
    "multiple_choice": _read_choice,
    "numeric": _read_number,
}
