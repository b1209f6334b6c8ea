"""The building blocks of the lesson format: constrained values, inputs, kernels, and the
bases that every step kind and question kind extends.

Each kind's own fields live in its module (``lessons/steps/*.py``, ``lessons/questions/*.py``);
:mod:`convtutor.lessons.schema` puts the kinds together into the lesson and course types.
The constraints (ranges, patterns, allowed words) and descriptions here also make up the
published JSON Schema.

msgspec rather than pydantic: it validates the same way but costs about a megabyte instead
of a dozen, which keeps the app within its memory budget (benchmarks/run.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal, cast

from msgspec import Meta, Struct, field

from convtutor import compat
from convtutor.core.arithmetic import PADDING_MODES, PADDING_NAMES, Padding2D

compat.keep_msgspec_types_at_exit()  # msgspec can crash at exit otherwise (see convtutor.compat)

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
REF_PATTERN = r"^\$[A-Za-z_][A-Za-z0-9_]*$"
TEXT_PATTERN = r"\S"  # not empty, not only spaces
# One text type covers both the padding names and a parameter: a union cannot hold two.
QPADDING_WORD = r"^(" + "|".join(PADDING_NAMES) + r"|\$[A-Za-z_][A-Za-z0-9_]*)$"
PADDING_HELP = (
    "'valid', 'same' (Keras: odd pixel bottom/right), 'full', N per side, [rows, cols] or "
    "[[top, bottom], [left, right]]"
)

Id = Annotated[str, Meta(pattern=ID_PATTERN, max_length=64, description="lowercase letters, digits, - and _")]
Text = Annotated[str, Meta(pattern=TEXT_PATTERN)]
Number = Annotated[float, Meta(ge=-1e6, le=1e6)]
Ref = Annotated[str, Meta(pattern=REF_PATTERN, description="a parameter, e.g. $n")]
Seed = Annotated[int, Meta(ge=0, le=2**31)]

# -- sizes and settings of a sweep or a layer: one number or [rows, cols] ---------------------
GridSide = Annotated[int, Meta(ge=1, le=64)]
GridSize = Annotated[GridSide | Annotated[list[GridSide], Meta(min_length=2, max_length=2)], Meta(description="rows x cols: 8 or [8, 10]")]
KernelSide = Annotated[int, Meta(ge=1, le=16)]
KernelSize = Annotated[KernelSide | Annotated[list[KernelSide], Meta(min_length=2, max_length=2)], Meta(description="3 or [3, 5]")]
StepSide = Annotated[int, Meta(ge=1, le=16)]
Step2 = Annotated[StepSide | Annotated[list[StepSide], Meta(min_length=2, max_length=2)], Meta(description="1, 2 or [rows, cols]")]
PaddingSide = Annotated[int, Meta(ge=0, le=64)]
PaddingPair = Annotated[list[PaddingSide], Meta(min_length=2, max_length=2)]
if TYPE_CHECKING:
    PaddingName = str
    PaddingMode = str
else:  # the words come from the core, the one place that lists them
    PaddingName = Literal[PADDING_NAMES]
    PaddingMode = Literal[PADDING_MODES]
Padding = Annotated[
    PaddingName | PaddingSide | Annotated[list[PaddingSide | PaddingPair], Meta(min_length=2, max_length=2)],
    Meta(description=PADDING_HELP),
]
Count = Annotated[int, Meta(ge=1, le=4096)]

# -- quiz settings: a number, or a parameter ($n) that each variant fills in -----------------
QSizeSide = Annotated[int, Meta(ge=1, le=10_000)] | Ref
QSize = Annotated[QSizeSide | Annotated[list[QSizeSide], Meta(min_length=2, max_length=2)], Meta(description="8, [8, 10] or $n")]
QKernelSide = Annotated[int, Meta(ge=1, le=1_000)] | Ref
QKernel = Annotated[QKernelSide | Annotated[list[QKernelSide], Meta(min_length=2, max_length=2)], Meta(description="3, [3, 5] or $k")]
QStep = Annotated[QKernelSide | Annotated[list[QKernelSide], Meta(min_length=2, max_length=2)], Meta(description="1, [2, 1] or $s")]
QCount = Annotated[Annotated[int, Meta(ge=1, le=100000)] | Ref, Meta(description="a whole number or $name")]
QSide = Annotated[int, Meta(ge=0, le=10_000)] | Ref
QPadding = Annotated[
    Annotated[int, Meta(ge=0, le=10000)] | Annotated[str, Meta(pattern=QPADDING_WORD)] | Annotated[list[QSide | Annotated[list[QSide], Meta(min_length=2, max_length=2)]], Meta(min_length=2, max_length=2)],
    Meta(description=PADDING_HELP + ", or $name"),
]

Matrix = list[list[Number]]

#: Most rows and columns of an input matrix, and of a kernel matrix (generators.py checks them).
MAX_INPUT_SIDE = 64
MAX_KERNEL_SIDE = 16


def one_of(values: tuple[object, ...] | list[object]) -> str:
    """Allowed words as a description lists them: ``a, b or c``."""
    words = [str(v) for v in values]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


INPUT_MATRIX_HELP = f"the pixels as a list of rows, at most {MAX_INPUT_SIDE}×{MAX_INPUT_SIDE}, e.g. [[0, 1, 0], [1, 2, 1]]"
KERNEL_MATRIX_HELP = f"the weights as a list of rows, at most {MAX_KERNEL_SIDE}×{MAX_KERNEL_SIDE}, e.g. [[1, 0], [0, -1]]"
PADDING_MODE_HELP = f"what the padding is filled with: {one_of(PADDING_MODES)} (default zeros)"


def as_padding(value: object) -> Padding2D:
    """Padding as written in YAML (lists) in the form the core takes (tuples).

    The schema has already checked its shape; the core checks the numbers again."""
    if isinstance(value, list):
        return tuple(tuple(p) if isinstance(p, list) else p for p in value)
    return cast("Padding2D", value)




class Model(Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Fields are keyword-only, so required and optional ones can come in any order."""


# -- inputs and kernels ----------------------------------------------------------------------
#: Settings each generator takes (besides ``generator`` itself).
GENERATOR_FIELDS: dict[str, tuple[str, ...]] = {
    "zeros": ("size",),
    "vertical_line": ("size", "columns", "value"),
    "horizontal_line": ("size", "rows", "value"),
    "diagonal": ("size", "anti", "value"),
    "checkerboard": ("size", "cell", "value"),
    "square": ("size", "side", "value"),
    "ramp": ("size", "along"),
    "numbered": ("size",),
    "random": ("size", "seed", "low", "high"),
}

#: Settings each kernel preset takes; fixed 3×3 presets take none.
PRESET_FIELDS: dict[str, tuple[str, ...]] = {
    "vertical_line": ("size",),
    "horizontal_line": ("size",),
    "diagonal": ("size",),
    "box_blur": ("size",),
    "ones": ("size",),
    "identity": ("size",),
    "sobel_x": (),
    "sobel_y": (),
    "laplacian": (),
    "sharpen": (),
    "random": ("size", "seed", "low", "high"),
}

if TYPE_CHECKING:
    PresetName = str
    GeneratorName = str
else:  # the names come from the tables above, the one place that lists them
    PresetName = Literal[tuple(PRESET_FIELDS)]
    GeneratorName = Literal[tuple(GENERATOR_FIELDS)]
Index63 = Annotated[int, Meta(ge=0, le=63)]
INPUT_HELP = (
    f"a matrix (a list of rows, at most {MAX_INPUT_SIDE}×{MAX_INPUT_SIDE}) or a generator, "
    "e.g. {generator: vertical_line, size: 8}"
)
KERNEL_HELP = (
    f"a matrix (a list of rows, at most {MAX_KERNEL_SIDE}×{MAX_KERNEL_SIDE}), a preset's name "
    f"({one_of(tuple(PRESET_FIELDS))}) or {{preset: NAME, size: K}}"
)


class InputSpec(Model, frozen=True, kw_only=True):
    """An input image: an explicit matrix, or a named generator with its settings."""

    matrix: Annotated[Matrix | None, Meta(description=INPUT_MATRIX_HELP + "; set it or generator, not both")] = None
    generator: Annotated[
        GeneratorName | None,
        Meta(description=f"draw the input instead of writing it: {one_of(tuple(GENERATOR_FIELDS))}"),
    ] = None
    size: Annotated[GridSize | None, Meta(description="the generated input's size: 8 (8×8) or [rows, cols] such as [6, 10], at most 64")] = None
    columns: Annotated[list[Index63] | None, Meta(description="vertical_line: which columns to draw, counted from 0, e.g. [3, 4] (default: the middle one or two)")] = None
    rows: Annotated[list[Index63] | None, Meta(description="horizontal_line: which rows to draw, counted from 0, e.g. [2] (default: the middle one or two)")] = None
    anti: Annotated[bool | None, Meta(description="diagonal: true draws the other diagonal (top right to bottom left)")] = None
    cell: Annotated[Annotated[int, Meta(ge=1, le=32)] | None, Meta(description="checkerboard: the side of one square in pixels, e.g. 2 (default 1)")] = None
    side: Annotated[Annotated[int, Meta(ge=1, le=64)] | None, Meta(description="square: the side of the centred square in pixels, e.g. 4 (default: half the smaller side)")] = None
    along: Annotated[Literal["rows", "cols"] | None, Meta(description="ramp: the axis the values grow along: rows or cols")] = None
    value: Annotated[Number | None, Meta(description="the value of the drawn pixels (the rest are 0), e.g. 9 (default 1)")] = None
    seed: Annotated[Seed | None, Meta(description="random: the seed; the same seed always draws the same input, e.g. 7")] = None
    low: Annotated[Annotated[int, Meta(ge=-1000, le=1000)] | None, Meta(description="random: the smallest whole number drawn (default 0)")] = None
    high: Annotated[Annotated[int, Meta(ge=-1000, le=1000)] | None, Meta(description="random: the largest whole number drawn (default 9)")] = None


class KernelSpec(Model, frozen=True, kw_only=True):
    """A kernel: an explicit matrix, or a named preset."""

    matrix: Annotated[Matrix | None, Meta(description=KERNEL_MATRIX_HELP + "; set it or preset, not both")] = None
    preset: Annotated[PresetName | None, Meta(description=f"a named kernel: {one_of(tuple(PRESET_FIELDS))}")] = None
    size: Annotated[
        KernelSize | None,
        Meta(description="the preset's size: 3 (3×3) or [rows, cols] such as [3, 5], at most 16; sobel_x, sobel_y, laplacian and sharpen are 3×3 only"),
    ] = None
    seed: Annotated[Seed | None, Meta(description="random: the seed; the same seed always draws the same kernel, e.g. 7")] = None
    low: Annotated[Annotated[int, Meta(ge=-100, le=100)] | None, Meta(description="random: the smallest whole number drawn (default -2)")] = None
    high: Annotated[Annotated[int, Meta(ge=-100, le=100)] | None, Meta(description="random: the largest whole number drawn (default 2)")] = None


# An input is a matrix (list of rows) or a spec; a kernel may also be just a preset's name.
Input = Matrix | InputSpec
Kernel = Matrix | PresetName | KernelSpec

# -- a sweep's input and kernel may have several channels ------------------------------------
#: Most channels a sweep's input (and its kernel) may list.
MAX_CHANNELS = 16


class SweepInputSpec(InputSpec, frozen=True, kw_only=True):
    """A sweep's input: as any input, or ``channels``, a list of inputs of the same size."""

    channels: Annotated[
        Annotated[list[Input], Meta(min_length=1, max_length=MAX_CHANNELS)] | None,
        Meta(
            description=f"one input per channel (each a matrix or a generator), all of the same size, at most {MAX_CHANNELS}; "
            "nothing else is set beside it, e.g. [{generator: numbered, size: 5}, {generator: zeros, size: 5}]",
        ),
    ] = None


class SweepKernelSpec(KernelSpec, frozen=True, kw_only=True):
    """A sweep's kernel: as any kernel, or ``channels``, one kernel slice per input channel."""

    channels: Annotated[
        Annotated[list[Kernel], Meta(min_length=1, max_length=MAX_CHANNELS)] | None,
        Meta(
            description="one kernel slice per input channel (each a matrix, a preset or {preset: ...}), all of the same size, "
            "e.g. [sobel_x, ones]",
        ),
    ] = None


# A sweep's input and kernel: a matrix, a spec, or a spec listing channels (in a list of its
# own, not a bare list of matrices: a nested list [[[...]]] would read as (rows, cols, channels)
# in NumPy and Keras, but as (channels, rows, cols) here).
SweepInput = Matrix | SweepInputSpec
SweepKernel = Matrix | PresetName | SweepKernelSpec


# -- what every step shares ------------------------------------------------------------------
class StepBase(Model, tag_field="kind", frozen=True, kw_only=True):
    """A step of a lesson; each kind (its tag) is a subclass in ``lessons/steps/``."""

    id: Annotated[Id, Meta(description="the step's id, unique in the lesson, e.g. sobel-sweep; progress is saved under it, so keep it stable")]
    title: Annotated[Text | None, Meta(description="a heading shown above the step, e.g. Try it")] = None

    @property
    def kind(self) -> str:
        """The step's kind, as written in the file (its tag)."""
        return cast(str, self.__struct_config__.tag)


# -- what every quiz question shares ---------------------------------------------------------
class ParamSpec(Model, frozen=True, kw_only=True):
    """A quiz parameter: a whole number drawn from a range ([low, high], both included) or from choices."""

    range: Annotated[
        Annotated[list[Annotated[int, Meta(ge=-10_000, le=10_000)]], Meta(min_length=2, max_length=2)] | None,
        Meta(description="[low, high]: any whole number between, both ends included, e.g. [5, 12]; set range or choices"),
    ] = None
    choices: Annotated[
        Annotated[list[Annotated[int, Meta(ge=-10_000, le=10_000)]], Meta(min_length=1)] | None,
        Meta(description="the whole numbers to draw from, e.g. [1, 3, 5]; set range or choices"),
    ] = None


class VariantSpec(Model, frozen=True, kw_only=True):
    """How a parameterized question's variants are drawn."""

    seed: Annotated[Seed, Meta(description="the same seed always gives the same variants, in the same order, e.g. 7 (default 0)")] = 0


MistakeName = Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_]*$", description="a named mistake of this kind of question")]
AnswerText = str | int | float | list[int | str]


class Feedback(Model, frozen=True, kw_only=True):
    """A message for a known wrong answer: a named mistake, or an exact answer."""

    message: Annotated[Text, Meta(description="what the learner reads after this wrong answer, e.g. Count positions, not moves; add one.")]
    mistake: Annotated[
        MistakeName | None,
        Meta(description="a named mistake of this kind of question, e.g. forgot_plus_one; give mistake or answer, not both"),
    ] = None
    answer: Annotated[
        AnswerText | None,
        Meta(description="an exact wrong answer, written as the learner would type it, e.g. 6x6 or 42; give mistake or answer, not both"),
    ] = None


class QuestionBase(Model, tag_field="kind", frozen=True, kw_only=True):
    """A quiz question; each kind (its tag) is a subclass in ``lessons/questions/``."""

    id: Annotated[Id, Meta(description="the question's id, unique in the quiz, e.g. shape; progress is saved under it, so keep it stable")]
    prompt: Annotated[
        Text | None,
        Meta(description="the question as the learner reads it (a default fits the kind); {name} puts in a parameter, e.g. What is the output size for {n}×{n}?"),
    ] = None
    hints: Annotated[
        list[Text],
        Meta(description="revealed one at a time on request, e.g. [Count positions, not moves.]; {name} puts in a parameter"),
    ] = field(default_factory=list)
    explanation: Annotated[
        Text | None,
        Meta(description="shown after the question is answered, below the worked formula; {name} puts in a parameter"),
    ] = None
    feedback: Annotated[
        list[Feedback],
        Meta(description="messages for known wrong answers: {mistake: NAME, message: ...} or {answer: ..., message: ...}"),
    ] = field(default_factory=list)
    params: Annotated[
        dict[str, ParamSpec],
        Meta(description="parameters, by name: each variant draws new values, used as $name in settings and {name} in texts, e.g. {n: {range: [7, 20]}}"),
    ] = field(default_factory=dict)
    constraints: Annotated[
        list[Text],
        Meta(description="conditions every variant's parameters meet, e.g. [k <= n, \"(n - k) % s != 0\"]; quote one with a comma"),
    ] = field(default_factory=list)
    variants: Annotated[VariantSpec | None, Meta(description="how variants are drawn: {seed: 7}")] = None

    @property
    def kind(self) -> str:
        """The question's kind, as written in the file (its tag)."""
        return cast(str, self.__struct_config__.tag)
