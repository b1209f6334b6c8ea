"""``param_count``: the weights and biases of a Conv2D layer."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from convtutor.core.arithmetic import pair
from convtutor.lessons.fields import AnswerText, QCount, QKernel, QuestionBase
from convtutor.lessons.kinds import Mistake, QuestionKind
from convtutor.lessons.questions.posed import Posed, read_int, resolve, size_text, texts


class ParamCountQuestion(QuestionBase, tag="param_count", frozen=True, kw_only=True):
    """The weights and biases of one Conv2D layer, computed from its settings."""

    kernel: Annotated[QKernel, Meta(description="the kernel's size: 3 (3×3), [rows, cols] such as [3, 5], or $k (default 3)")] = 3
    channels: Annotated[QCount, Meta(description="the input's channels, e.g. 3 or $c (default 1)")] = 1
    filters: Annotated[QCount, Meta(description="the layer's filters, e.g. 16 or $f (default 1)")] = 1
    use_bias: Annotated[bool, Meta(description="whether each filter has a bias: true (default) or false")] = True
    answer: Annotated[
        AnswerText | None,
        Meta(description="optional: the answer as you worked it out, e.g. 448; the validator checks it against the core's"),
    ] = None


def pose(q: ParamCountQuestion, values: dict[str, int]) -> Posed:
    kh, kw = pair(resolve(q.kernel, values), "kernel size")
    channels = int(resolve(q.channels, values))
    filters = int(resolve(q.filters, values))
    weights = kh * kw * channels * filters
    biases = filters if q.use_bias else 0
    expected = weights + biases
    settings = [
        f"Conv2D with {filters} filter{'s' * (filters != 1)} of {size_text(kh, kw)} on an input with "
        f"{channels} channel{'s' * (channels != 1)}" + ("" if q.use_bias else ", no bias (use_bias=False)")
    ]
    formula = f"{kh}·{kw}·{channels}·{filters} weights" + (f" + {biases} bias{'es' * (biases != 1)}" if q.use_bias else "")
    mistakes: dict[str, object] = {
        "forgot_in_channels": kh * kw * filters + biases,
        "forgot_filters": kh * kw * channels + (1 if q.use_bias else 0),
    }
    if q.use_bias:
        mistakes["forgot_bias"] = weights
        if filters > 1:
            mistakes["one_bias"] = weights + 1
    prompt, hints = texts(q, values, "How many parameters (weights and biases) does the layer have?")
    return Posed(
        q, values, prompt, settings, str(expected),
        [f"Parameters = kh·kw·channels in·filters + one bias per filter = {formula} = {expected}"], hints, expected, mistakes,
    )


KIND = QuestionKind(
    tag="param_count",
    struct=ParamCountQuestion,
    summary="weights + biases",
    settings="`kernel`, `channels`, `filters`, `use_bias`",
    example="""\
- id: parameters
  kind: param_count
  kernel: 3
  channels: 3
  filters: 8
  feedback:
    - mistake: forgot_bias
      message: Each filter also has a bias.
""",
    pose=pose,
    read=read_int,
    answer_format=lambda posed: "a whole number",
    mistakes=(
        Mistake("forgot_bias", "counted the weights only", "That counts the weights only: each filter also has a bias."),
        Mistake("forgot_in_channels", "left out the input channels",
                "That leaves out the input channels: each filter has a kh×kw slice of weights for every input channel."),
        Mistake("forgot_filters", "counted one filter", "That is one filter's parameters; the layer has one set per filter."),
        Mistake("one_bias", "counted one bias for the whole layer", "Each filter has its own bias, not one for the whole layer."),
    ),
    order=40,
)
