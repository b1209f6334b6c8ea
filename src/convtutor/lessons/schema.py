"""The lesson format, as pydantic models: what a course, a lesson, a step and a question hold.

The models check types and shapes; :mod:`convtutor.lessons.checks` checks meaning (kernels
fit, answers agree with the core, ids are unique...). Field descriptions end up in the
published JSON Schema, so editors show them. See docs/lesson-format.md.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, WithJsonSchema
from pydantic_core import PydanticCustomError

FORMAT_VERSION = 1

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_REF = re.compile(r"^\$[A-Za-z_][A-Za-z0-9_]*$")


def _custom(message: str, **ctx: object) -> PydanticCustomError:
    return PydanticCustomError("convtutor", message, ctx or None)


# -- small value types -----------------------------------------------------------------------
def _id(value: object) -> str:
    if not isinstance(value, str) or not _ID.match(value) or len(value) > 64:
        raise _custom(
            "an id is lowercase letters, digits, '-' and '_', starting with a letter or digit "
            "(e.g. first-sweep); got {value}",
            value=repr(value),
        )
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise _custom("expected text, got {value}", value=_describe(value))
    if not value.strip():
        raise _custom("this text is empty; write something or remove the field")
    return value


def _whole(minimum: int, maximum: int, refs: bool = False):
    def check(value: object) -> object:
        if refs and isinstance(value, str) and _REF.match(value):
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            allowed = " or a parameter such as $n" if refs else ""
            raise _custom("expected a whole number{allowed}, got {value}", allowed=allowed, value=_describe(value))
        if not minimum <= value <= maximum:
            raise _custom("expected a whole number from {lo} to {hi}, got {value}", lo=minimum, hi=maximum, value=value)
        return value

    return check


def _pair_of(check):
    def pair(value: object) -> object:
        if isinstance(value, list):
            if len(value) != 2:
                raise _custom("expected one number or a pair [rows, cols], got a list of {n}", n=len(value))
            return [check(value[0]), check(value[1])]
        return check(value)

    return pair


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _custom("expected a number, got {value}", value=_describe(value))
    if value != value or value in (float("inf"), float("-inf")):
        raise _custom("expected a finite number, got {value}", value=value)
    if abs(value) > 1e6:
        raise _custom("numbers in lessons stay within ±1,000,000; got {value}", value=value)
    return value


def _padding(refs: bool):
    side = _whole(0, 64 if not refs else 10_000, refs)

    def check(value: object) -> object:
        if isinstance(value, str) and not (refs and _REF.match(value)):
            if value.lower() not in ("valid", "same", "full"):
                raise _custom(
                    "padding is 'valid', 'same', 'full', a number of pixels per side, [rows, cols] "
                    "or [[top, bottom], [left, right]]; got {value}",
                    value=repr(value),
                )
            return value.lower()
        if isinstance(value, list):
            if len(value) == 2 and all(isinstance(v, list) for v in value):
                return [_pair_exact(side, v) for v in value]
            if len(value) == 2:
                return [side(v) for v in value]
            raise _custom("padding as a list is [rows, cols] or [[top, bottom], [left, right]]")
        return side(value)

    return check


def _pair_exact(check, value: list) -> list:
    if len(value) != 2:
        raise _custom("expected [before, after], got a list of {n}", n=len(value))
    return [check(v) for v in value]


def _describe(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


# JSON Schema fragments, so that editors can check and complete lesson files.
def _int_schema(lo: int, hi: int, refs: bool = False) -> dict:
    number = {"type": "integer", "minimum": lo, "maximum": hi}
    return {"anyOf": [number, {"type": "string", "pattern": _REF.pattern}]} if refs else number


def _pair_schema(item: dict, description: str) -> dict:
    return {"anyOf": [item, {"type": "array", "items": item, "minItems": 2, "maxItems": 2}], "description": description}


def _padding_schema(side: dict) -> dict:
    pair = {"type": "array", "items": side, "minItems": 2, "maxItems": 2}
    return {
        "anyOf": [{"enum": ["valid", "same", "full"]}, side, pair, {"type": "array", "items": pair, "minItems": 2, "maxItems": 2}],
        "description": "'valid', 'same' (Keras: odd pixel bottom/right), 'full', N per side, [rows, cols] or [[top, bottom], [left, right]]",
    }


def _typed(check, schema: dict) -> Any:
    # The description also goes on the field, where the validator finds it for its hints.
    return Annotated[Any, BeforeValidator(check), WithJsonSchema(schema), Field(description=schema.get("description"))]


Id = Annotated[str, BeforeValidator(_id), WithJsonSchema({"type": "string", "pattern": _ID.pattern, "maxLength": 64})]
Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": "string", "minLength": 1})]
Number = Annotated[float, BeforeValidator(_number), WithJsonSchema({"type": "number"})]
GridSize = _typed(_pair_of(_whole(1, 64)), _pair_schema(_int_schema(1, 64), "rows x cols: 8 or [8, 10]"))
KernelSize = _typed(_pair_of(_whole(1, 16)), _pair_schema(_int_schema(1, 16), "3 or [3, 5]"))
Step2 = _typed(_pair_of(_whole(1, 16)), _pair_schema(_int_schema(1, 16), "1, 2 or [rows, cols]"))
Padding = _typed(_padding(refs=False), _padding_schema(_int_schema(0, 64)))
PaddingMode = Literal["zeros", "reflect", "replicate", "circular"]


def _bounded(lo: int, hi: int) -> Any:
    return Annotated[int, BeforeValidator(_whole(lo, hi)), WithJsonSchema(_int_schema(lo, hi))]


GridIndex = _bounded(0, 63)
CellSize = _bounded(1, 32)
SideLength = _bounded(1, 64)
Seed = _bounded(0, 2**31)
PixelBound = _bounded(-1000, 1000)
WeightBound = _bounded(-100, 100)
Count = _bounded(1, 4096)
ParamValue = _bounded(-10_000, 10_000)

# Quiz settings may name a parameter ($n) instead of a number.
QSize = _typed(_pair_of(_whole(1, 10_000, refs=True)), _pair_schema(_int_schema(1, 10_000, True), "8, [8, 10] or $n"))
QKernel = _typed(_pair_of(_whole(1, 1_000, refs=True)), _pair_schema(_int_schema(1, 1_000, True), "3, [3, 5] or $k"))
QStep = _typed(_pair_of(_whole(1, 1_000, refs=True)), _pair_schema(_int_schema(1, 1_000, True), "1, [2, 1] or $s"))
QCount = _typed(_whole(1, 100_000, refs=True), _int_schema(1, 100_000, True))
QPadding = _typed(_padding(refs=True), _padding_schema(_int_schema(0, 10_000, True)))
Matrix = list[list[Number]]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# -- inputs and kernels ----------------------------------------------------------------------
PresetName = Literal[
    "vertical_line", "horizontal_line", "diagonal", "sobel_x", "sobel_y", "box_blur", "ones",
    "identity", "laplacian", "sharpen", "random",
]


class InputSpec(Model):
    """An input image: an explicit matrix, or a named generator with its settings."""

    matrix: list[list[Number]] | None = Field(None, description="rows of numbers")
    generator: Literal[
        "zeros", "vertical_line", "horizontal_line", "diagonal", "checkerboard", "square",
        "ramp", "numbered", "random",
    ] | None = None
    size: GridSize | None = None
    columns: list[GridIndex] | None = Field(None, description="vertical_line: which columns are on (0-based)")
    rows: list[GridIndex] | None = Field(None, description="horizontal_line: which rows are on (0-based)")
    anti: bool | None = Field(None, description="diagonal: the other diagonal")
    cell: CellSize | None = Field(None, description="checkerboard: cell size")
    side: SideLength | None = Field(None, description="square: side length, centred")
    along: Literal["rows", "cols"] | None = Field(None, description="ramp: direction the values grow")
    value: Number | None = Field(None, description="the value of 'on' pixels (default 1)")
    seed: Seed | None = None
    low: PixelBound | None = None
    high: PixelBound | None = None


class KernelSpec(Model):
    """A kernel: an explicit matrix, or a named preset."""

    matrix: list[list[Number]] | None = None
    preset: PresetName | None = None
    size: KernelSize | None = None
    seed: Seed | None = None
    low: WeightBound | None = None
    high: WeightBound | None = None


def _shape_of(value: object) -> str:
    if isinstance(value, list):
        return "matrix"
    if isinstance(value, str):
        return "preset"
    return "spec"


# An input is a matrix (list of rows) or a spec; a kernel may also be just a preset's name.
Input = Annotated[
    Union[Annotated[Matrix, Tag("matrix")], Annotated[InputSpec, Tag("spec")]],
    Discriminator(_shape_of),
]
Kernel = Annotated[
    Union[Annotated[Matrix, Tag("matrix")], Annotated[PresetName, Tag("preset")], Annotated[KernelSpec, Tag("spec")]],
    Discriminator(_shape_of),
]


# -- steps -----------------------------------------------------------------------------------
class StepBase(Model):
    id: Id = Field(description="stable id: progress is saved under it")
    title: Text | None = None


class TextStep(StepBase):
    """Markdown to read."""

    kind: Literal["text"]
    text: Text = Field(description="Markdown")


class SweepTask(Model):
    """What the learner does during a sweep."""

    kind: Literal["predict", "find_max", "find_min"] = Field(
        description="predict: type each value before it is shown; find_max/find_min: step to that window and press Enter"
    )
    prompt: Text | None = None
    count: Count | None = Field(None, description="predict: how many windows (default all)")


class SweepStep(StepBase):
    """Slide a kernel over an input, one window at a time."""

    kind: Literal["sweep"]
    text: Text | None = Field(None, description="Markdown shown beside the sweep")
    input: Input
    kernel: Kernel
    bias: Number = 0
    padding: Padding = "valid"
    stride: Step2 = 1
    dilation: Step2 = 1
    padding_mode: PaddingMode = "zeros"
    task: SweepTask | None = None


class LayerSpec(Model):
    """One Conv2D layer, with Keras' argument names."""

    filters: Count = 1
    kernel_size: KernelSize = 3
    strides: Step2 = 1
    padding: Padding = "valid"
    dilation_rate: Step2 = 1
    use_bias: bool = True
    padding_mode: PaddingMode = "zeros"


class LayerWeights(Model):
    kernel: Kernel
    bias: Number = 0


class ModelStep(StepBase):
    """A stack of Conv2D layers, shown as a Keras-style summary (and feature maps if weights are set)."""

    kind: Literal["model"]
    text: Text | None = None
    input_shape: list[Count] = Field(description="[rows, cols] or [rows, cols, channels]")
    layers: list[LayerSpec] = Field(min_length=1)
    input: Input | None = Field(None, description="an image to run through the stack (needs weights)")
    weights: list[LayerWeights] | None = Field(None, description="one kernel (and bias) per layer")


# -- quiz ------------------------------------------------------------------------------------
class ParamSpec(Model):
    """A quiz parameter: a whole number drawn from a range or from choices."""

    range: list[ParamValue] | None = Field(None, description="[low, high], both included")
    choices: list[ParamValue] | None = None


class VariantSpec(Model):
    seed: Seed = Field(0, description="variants are drawn from this seed")


Mistake = Literal[
    "forgot_plus_one", "no_floor", "padded_one_side", "ignored_padding", "ignored_stride",
    "ignored_dilation", "total_padding", "wrong_side", "forgot_bias", "forgot_in_channels",
    "forgot_filters",
]


class Feedback(Model):
    """A message for a known wrong answer: a named mistake, or an exact answer."""

    mistake: Mistake | None = None
    answer: Any = Field(None, description="an exact wrong answer, written as a learner would")
    message: Text


class QuestionBase(Model):
    id: Id
    prompt: Text | None = Field(None, description="the question; the settings are always shown with it")
    hints: list[Text] = Field(default_factory=list, description="revealed one at a time, on request")
    explanation: Text | None = Field(None, description="shown after answering, below the worked formula")
    feedback: list[Feedback] = Field(default_factory=list)
    params: dict[str, ParamSpec] = Field(default_factory=dict, description="name -> range or choices; use as $name")
    constraints: list[Text] = Field(default_factory=list, description="expressions over the parameters, e.g. 'k <= n'")
    variants: VariantSpec | None = None


class ConvQuestion(QuestionBase):
    input: QSize = Field(description="input size: 8, [8, 10] or [$n, $n]")
    kernel: QKernel = 3
    stride: QStep = 1
    padding: QPadding = "valid"
    dilation: QStep = 1


class OutputShapeQuestion(ConvQuestion):
    kind: Literal["output_shape"]
    channels: QCount = Field(1, description="input channels")
    filters: QCount = 1
    include_channels: bool = Field(False, description="ask for (rows, cols, channels) as well")
    answer: Any = Field(None, description="optional; checked against the core")


class PaddingQuestion(ConvQuestion):
    kind: Literal["padding"]
    side: Literal["top", "bottom", "left", "right"] = Field(description="which side is asked (padding is counted per side)")
    answer: Any = None


class WindowCountQuestion(ConvQuestion):
    kind: Literal["window_positions"]
    along: Literal["rows", "cols", "total"] = Field("total", description="positions down, across, or in all")
    answer: Any = None


class ParamCountQuestion(QuestionBase):
    kind: Literal["param_count"]
    kernel: QKernel = 3
    channels: QCount = Field(1, description="input channels")
    filters: QCount = 1
    use_bias: bool = True
    answer: Any = None


class ChoiceQuestion(QuestionBase):
    kind: Literal["multiple_choice"]
    prompt: Text
    choices: list[Text] = Field(min_length=2, max_length=8)
    answer: Text = Field(description="the text of the correct choice")


class NumericQuestion(QuestionBase):
    kind: Literal["numeric"]
    prompt: Text
    answer: Number
    tolerance: Number = 0


Question = Annotated[
    Union[
        OutputShapeQuestion, PaddingQuestion, WindowCountQuestion, ParamCountQuestion,
        ChoiceQuestion, NumericQuestion,
    ],
    Field(discriminator="kind"),
]


class QuizStep(StepBase):
    """Questions, answered one after another."""

    kind: Literal["quiz"]
    text: Text | None = None
    questions: list[Question] = Field(min_length=1)


Step = Annotated[Union[TextStep, SweepStep, ModelStep, QuizStep], Field(discriminator="kind")]


class Lesson(Model):
    """One lesson file."""

    format_version: Literal[1] = Field(description="always 1 for this format")
    id: Id
    title: Text
    summary: Text
    prerequisites: list[Id] = Field(default_factory=list, description="ids of lessons to do first")
    steps: list[Step] = Field(min_length=1)


class Course(Model):
    """A course file (course.yaml): the lessons of a folder, in order."""

    format_version: Literal[1]
    id: Id
    title: Text
    summary: Text | None = None
    lessons: list[Text] = Field(min_length=1, description="lesson files, relative to this file")
