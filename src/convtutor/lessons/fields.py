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


class InputSpec(Model, frozen=True, kw_only=True):
    """An input image: an explicit matrix, or a named generator with its settings."""

    matrix: Matrix | None = None
    generator: GeneratorName | None = None
    size: GridSize | None = None
    columns: list[Index63] | None = None
    rows: list[Index63] | None = None
    anti: bool | None = None
    cell: Annotated[int, Meta(ge=1, le=32)] | None = None
    side: Annotated[int, Meta(ge=1, le=64)] | None = None
    along: Literal["rows", "cols"] | None = None
    value: Number | None = None
    seed: Seed | None = None
    low: Annotated[int, Meta(ge=-1000, le=1000)] | None = None
    high: Annotated[int, Meta(ge=-1000, le=1000)] | None = None


class KernelSpec(Model, frozen=True, kw_only=True):
    """A kernel: an explicit matrix, or a named preset."""

    matrix: Matrix | None = None
    preset: PresetName | None = None
    size: KernelSize | None = None
    seed: Seed | None = None
    low: Annotated[int, Meta(ge=-100, le=100)] | None = None
    high: Annotated[int, Meta(ge=-100, le=100)] | None = None


# An input is a matrix (list of rows) or a spec; a kernel may also be just a preset's name.
Input = Matrix | InputSpec
Kernel = Matrix | PresetName | KernelSpec

# -- a sweep's input and kernel may have several channels ------------------------------------
#: Most channels a sweep's input (and its kernel) may list.
MAX_CHANNELS = 16


class SweepInputSpec(InputSpec, frozen=True, kw_only=True):
    """A sweep's input: as any input, or ``channels``, a list of inputs of the same size."""

    channels: Annotated[
        list[Input],
        Meta(
            min_length=1, max_length=MAX_CHANNELS,
            description="one input per channel (each a matrix or a generator), all of the same size; nothing else is set beside it",
        ),
    ] | None = None


class SweepKernelSpec(KernelSpec, frozen=True, kw_only=True):
    """A sweep's kernel: as any kernel, or ``channels``, one kernel slice per input channel."""

    channels: Annotated[
        list[Kernel],
        Meta(
            min_length=1, max_length=MAX_CHANNELS,
            description="one kernel per input channel (each a matrix, a preset or {preset: ...}), all of the same size",
        ),
    ] | None = None


# A sweep's input and kernel: a matrix, a spec, or a spec listing channels (in a list of its
# own, not a bare list of matrices: a nested list [[[...]]] would read as (rows, cols, channels)
# in NumPy and Keras, but as (channels, rows, cols) here).
SweepInput = Matrix | SweepInputSpec
SweepKernel = Matrix | PresetName | SweepKernelSpec


# -- what every step shares ------------------------------------------------------------------
class StepBase(Model, tag_field="kind", frozen=True, kw_only=True):
    """A step of a lesson; each kind (its tag) is a subclass in ``lessons/steps/``."""

    id: Id
    title: Text | None = None

    @property
    def kind(self) -> str:
        """The step's kind, as written in the file (its tag)."""
        return cast(str, self.__struct_config__.tag)


# -- what every quiz question shares ---------------------------------------------------------
class ParamSpec(Model, frozen=True, kw_only=True):
    """A quiz parameter: a whole number drawn from a range ([low, high], both included) or from choices."""

    range: Annotated[list[Annotated[int, Meta(ge=-10_000, le=10_000)]], Meta(min_length=2, max_length=2)] | None = None
    choices: Annotated[list[Annotated[int, Meta(ge=-10_000, le=10_000)]], Meta(min_length=1)] | None = None


class VariantSpec(Model, frozen=True, kw_only=True):
    seed: Seed = 0


MistakeName = Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_]*$", description="a named mistake of this kind of question")]
AnswerText = str | int | float | list[int | str]


class Feedback(Model, frozen=True, kw_only=True):
    """A message for a known wrong answer: a named mistake, or an exact answer."""

    message: Text
    mistake: MistakeName | None = None
    answer: AnswerText | None = None


class QuestionBase(Model, tag_field="kind", frozen=True, kw_only=True):
    """A quiz question; each kind (its tag) is a subclass in ``lessons/questions/``."""

    id: Id
    prompt: Text | None = None
    hints: list[Text] = field(default_factory=list)
    explanation: Text | None = None
    feedback: list[Feedback] = field(default_factory=list)
    params: dict[str, ParamSpec] = field(default_factory=dict)
    constraints: list[Text] = field(default_factory=list)
    variants: VariantSpec | None = None

    @property
    def kind(self) -> str:
        """The question's kind, as written in the file (its tag)."""
        return cast(str, self.__struct_config__.tag)
