"""The lesson format as msgspec Structs: what a course, a lesson, a step and a question hold.

The types carry their constraints (ranges, patterns, allowed words) and descriptions, which
also make up the published JSON Schema. :mod:`convtutor.lessons.explain` turns a file that
does not fit into one message per problem; :mod:`convtutor.lessons.checks` then checks
meaning (kernels fit, answers agree with the core, ids are unique...). See
docs/lesson-format.md.

msgspec rather than pydantic: it validates the same way but costs about a megabyte instead
of a dozen, which keeps the app within its memory budget (benchmarks/run.py).
"""

from __future__ import annotations

import gc
from typing import Annotated, Literal, Union

from msgspec import Meta, Struct, field

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
REF_PATTERN = r"^\$[A-Za-z_][A-Za-z0-9_]*$"
TEXT_PATTERN = r"\S"  # not empty, not only spaces


def _int(lo: int, hi: int, description: str | None = None) -> object:
    return Annotated[int, Meta(ge=lo, le=hi, description=description)]


def _pair(item: object, description: str) -> object:
    """One number or a pair [rows, cols]."""
    return Annotated[Union[item, Annotated[list[item], Meta(min_length=2, max_length=2)]], Meta(description=description)]  # type: ignore[valid-type]


Id = Annotated[str, Meta(pattern=ID_PATTERN, max_length=64, description="lowercase letters, digits, - and _")]
Text = Annotated[str, Meta(pattern=TEXT_PATTERN)]
Number = Annotated[float, Meta(ge=-1e6, le=1e6)]
Ref = Annotated[str, Meta(pattern=REF_PATTERN, description="a parameter, e.g. $n")]

GridSize = _pair(_int(1, 64), "rows x cols: 8 or [8, 10]")
KernelSize = _pair(_int(1, 16), "3 or [3, 5]")
Step2 = _pair(_int(1, 16), "1, 2 or [rows, cols]")
PaddingSide = _int(0, 64)
PaddingName = Literal["valid", "same", "full"]
_PADDING_HELP = "'valid', 'same' (Keras: odd pixel bottom/right), 'full', N per side, [rows, cols] or [[top, bottom], [left, right]]"
Padding = Annotated[
    Union[PaddingName, PaddingSide, Annotated[list[Union[PaddingSide, Annotated[list[PaddingSide], Meta(min_length=2, max_length=2)]]], Meta(min_length=2, max_length=2)]],
    Meta(description=_PADDING_HELP),
]
PaddingMode = Literal["zeros", "reflect", "replicate", "circular"]

# Quiz settings may name a parameter ($n) instead of a number.
QSize = _pair(Union[_int(1, 10_000), Ref], "8, [8, 10] or $n")  # type: ignore[misc]
QKernel = _pair(Union[_int(1, 1_000), Ref], "3, [3, 5] or $k")  # type: ignore[misc]
QStep = _pair(Union[_int(1, 1_000), Ref], "1, [2, 1] or $s")  # type: ignore[misc]
QCount = Annotated[Union[_int(1, 100_000), Ref], Meta(description="a whole number or $name")]  # type: ignore[misc]
QSide = Union[_int(0, 10_000), Ref]  # type: ignore[misc]
# One text type covers both the padding names and a parameter: a union cannot hold two.
QPADDING_WORD = r"^(valid|same|full|\$[A-Za-z_][A-Za-z0-9_]*)$"
QPadding = Annotated[
    Union[_int(0, 10_000), Annotated[str, Meta(pattern=QPADDING_WORD)], Annotated[list[Union[QSide, Annotated[list[QSide], Meta(min_length=2, max_length=2)]]], Meta(min_length=2, max_length=2)]],  # type: ignore[valid-type]
    Meta(description=_PADDING_HELP + ", or $name"),
]

Matrix = list[list[Number]]


class Model(Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Fields are keyword-only, so required and optional ones can come in any order."""


# -- inputs and kernels ----------------------------------------------------------------------
PresetName = Literal[
    "vertical_line", "horizontal_line", "diagonal", "sobel_x", "sobel_y", "box_blur", "ones",
    "identity", "laplacian", "sharpen", "random",
]


class InputSpec(Model, kw_only=True):
    """An input image: an explicit matrix, or a named generator with its settings."""

    matrix: Union[Matrix, None] = None
    generator: Union[Literal[
        "zeros", "vertical_line", "horizontal_line", "diagonal", "checkerboard", "square",
        "ramp", "numbered", "random",
    ], None] = None
    size: Union[GridSize, None] = None  # type: ignore[valid-type]
    columns: Union[list[_int(0, 63)], None] = None  # type: ignore[valid-type]
    rows: Union[list[_int(0, 63)], None] = None  # type: ignore[valid-type]
    anti: Union[bool, None] = None
    cell: Union[_int(1, 32), None] = None  # type: ignore[valid-type]
    side: Union[_int(1, 64), None] = None  # type: ignore[valid-type]
    along: Union[Literal["rows", "cols"], None] = None
    value: Union[Number, None] = None
    seed: Union[_int(0, 2**31), None] = None  # type: ignore[valid-type]
    low: Union[_int(-1000, 1000), None] = None  # type: ignore[valid-type]
    high: Union[_int(-1000, 1000), None] = None  # type: ignore[valid-type]


class KernelSpec(Model, kw_only=True):
    """A kernel: an explicit matrix, or a named preset."""

    matrix: Union[Matrix, None] = None
    preset: Union[PresetName, None] = None
    size: Union[KernelSize, None] = None  # type: ignore[valid-type]
    seed: Union[_int(0, 2**31), None] = None  # type: ignore[valid-type]
    low: Union[_int(-100, 100), None] = None  # type: ignore[valid-type]
    high: Union[_int(-100, 100), None] = None  # type: ignore[valid-type]


# An input is a matrix (list of rows) or a spec; a kernel may also be just a preset's name.
Input = Union[Matrix, InputSpec]
Kernel = Union[Matrix, PresetName, KernelSpec]


# -- steps -----------------------------------------------------------------------------------
class StepBase(Model, tag_field="kind", kw_only=True):
    id: Id
    title: Union[Text, None] = None

    @property
    def kind(self) -> str:
        """The step's kind, as written in the file (its tag)."""
        return self.__struct_config__.tag  # type: ignore[return-value]


class TextStep(StepBase, tag="text", kw_only=True):
    """Markdown to read."""

    text: Text


class SweepTask(Model, kw_only=True):
    """What the learner does during a sweep: predict each value, or find the largest/smallest."""

    kind: Literal["predict", "find_max", "find_min"]
    prompt: Union[Text, None] = None
    count: Union[_int(1, 4096), None] = None  # type: ignore[valid-type]


class SweepStep(StepBase, tag="sweep", kw_only=True):
    """Slide a kernel over an input, one window at a time."""

    input: Input
    kernel: Kernel
    text: Union[Text, None] = None
    bias: Number = 0
    padding: Padding = "valid"  # type: ignore[valid-type]
    stride: Step2 = 1  # type: ignore[valid-type]
    dilation: Step2 = 1  # type: ignore[valid-type]
    padding_mode: PaddingMode = "zeros"
    task: Union[SweepTask, None] = None


class LayerSpec(Model, kw_only=True):
    """One Conv2D layer, with Keras' argument names."""

    filters: _int(1, 4096) = 1  # type: ignore[valid-type]
    kernel_size: KernelSize = 3  # type: ignore[valid-type]
    strides: Step2 = 1  # type: ignore[valid-type]
    padding: Padding = "valid"  # type: ignore[valid-type]
    dilation_rate: Step2 = 1  # type: ignore[valid-type]
    use_bias: bool = True
    padding_mode: PaddingMode = "zeros"


class LayerWeights(Model, kw_only=True):
    kernel: Kernel
    bias: Number = 0


class ModelStep(StepBase, tag="model", kw_only=True):
    """A stack of Conv2D layers, shown as a Keras-style summary (and feature maps if weights are set)."""

    input_shape: Annotated[list[_int(1, 4096)], Meta(min_length=2, max_length=3, description="[rows, cols] or [rows, cols, channels]")]  # type: ignore[valid-type]
    layers: Annotated[list[LayerSpec], Meta(min_length=1)]
    text: Union[Text, None] = None
    input: Union[Input, None] = None
    weights: Union[list[LayerWeights], None] = None


# -- quiz ------------------------------------------------------------------------------------
class ParamSpec(Model, kw_only=True):
    """A quiz parameter: a whole number drawn from a range ([low, high], both included) or from choices."""

    range: Union[Annotated[list[_int(-10_000, 10_000)], Meta(min_length=2, max_length=2)], None] = None  # type: ignore[valid-type]
    choices: Union[Annotated[list[_int(-10_000, 10_000)], Meta(min_length=1)], None] = None  # type: ignore[valid-type]


class VariantSpec(Model, kw_only=True):
    seed: _int(0, 2**31) = 0  # type: ignore[valid-type]


Mistake = Literal[
    "forgot_plus_one", "no_floor", "padded_one_side", "ignored_padding", "ignored_stride",
    "ignored_dilation", "total_padding", "wrong_side", "forgot_bias", "forgot_in_channels",
    "forgot_filters",
]

AnswerText = Union[str, int, float, list[Union[int, str]]]


class Feedback(Model, kw_only=True):
    """A message for a known wrong answer: a named mistake, or an exact answer."""

    message: Text
    mistake: Union[Mistake, None] = None
    answer: Union[AnswerText, None] = None


class QuestionBase(Model, tag_field="kind", kw_only=True):
    id: Id
    prompt: Union[Text, None] = None
    hints: list[Text] = field(default_factory=list)
    explanation: Union[Text, None] = None
    feedback: list[Feedback] = field(default_factory=list)
    params: dict[str, ParamSpec] = field(default_factory=dict)
    constraints: list[Text] = field(default_factory=list)
    variants: Union[VariantSpec, None] = None

    @property
    def kind(self) -> str:
        """The question's kind, as written in the file (its tag)."""
        return self.__struct_config__.tag  # type: ignore[return-value]


class ConvQuestion(QuestionBase, kw_only=True):
    """Settings shared by the questions about one convolution's arithmetic."""

    input: QSize  # type: ignore[valid-type]
    kernel: QKernel = 3  # type: ignore[valid-type]
    stride: QStep = 1  # type: ignore[valid-type]
    padding: QPadding = "valid"  # type: ignore[valid-type]
    dilation: QStep = 1  # type: ignore[valid-type]
    answer: Union[AnswerText, None] = None


class OutputShapeQuestion(ConvQuestion, tag="output_shape", kw_only=True):
    channels: QCount = 1  # type: ignore[valid-type]
    filters: QCount = 1  # type: ignore[valid-type]
    include_channels: bool = False


class PaddingQuestion(ConvQuestion, tag="padding", kw_only=True):
    side: Literal["top", "bottom", "left", "right"]
    padding: QPadding = "same"  # type: ignore[valid-type]


class WindowCountQuestion(ConvQuestion, tag="window_positions", kw_only=True):
    along: Literal["rows", "cols", "total"] = "total"


class ParamCountQuestion(QuestionBase, tag="param_count", kw_only=True):
    kernel: QKernel = 3  # type: ignore[valid-type]
    channels: QCount = 1  # type: ignore[valid-type]
    filters: QCount = 1  # type: ignore[valid-type]
    use_bias: bool = True
    answer: Union[AnswerText, None] = None


class ChoiceQuestion(QuestionBase, tag="multiple_choice", kw_only=True):
    prompt: Text
    choices: Annotated[list[Text], Meta(min_length=2, max_length=8)]
    answer: Annotated[Text, Meta(description="the text of the correct choice")]


class NumericQuestion(QuestionBase, tag="numeric", kw_only=True):
    prompt: Text
    answer: Number
    tolerance: Annotated[float, Meta(ge=0, le=1e6)] = 0


Question = Union[
    OutputShapeQuestion, PaddingQuestion, WindowCountQuestion, ParamCountQuestion, ChoiceQuestion, NumericQuestion,
]


class QuizStep(StepBase, tag="quiz", kw_only=True):
    """Questions, answered one after another."""

    questions: Annotated[list[Question], Meta(min_length=1)]
    text: Union[Text, None] = None


Step = Union[TextStep, SweepStep, ModelStep, QuizStep]


class Lesson(Model, kw_only=True):
    """One lesson file."""

    format_version: Literal[1]
    id: Id
    title: Text
    summary: Text
    steps: Annotated[list[Step], Meta(min_length=1)]
    prerequisites: list[Id] = field(default_factory=list)


class Course(Model, kw_only=True):
    """A course file (course.yaml): the lessons of a folder, in order."""

    format_version: Literal[1]
    id: Id
    title: Text
    lessons: Annotated[list[Text], Meta(min_length=1, description="lesson files, relative to this file")]
    summary: Union[Text, None] = None


# msgspec can crash (SIGSEGV) while the interpreter shuts down, when the garbage collector
# clears Struct types whose fields use msgspec.Meta (msgspec issue #717, still open; seen here
# with 0.18 to 0.22). Freezing moves the schema's objects out of the collector's reach, so they
# are never cleared that way; they live as long as the process does in any case.
gc.freeze()
