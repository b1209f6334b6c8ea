"""Drills: skills that pose problems without end, drawn from a seed at a level of difficulty.

Each problem is a real question of an existing kind (``lessons/questions/``), posed through
:func:`convtutor.lessons.questions.pose`: its answer is computed by the core, and marking,
named mistakes and their messages come from the kind, as in a lesson. A skill only draws the
settings. Named mistakes that give the right answer for the drawn numbers (e.g. "ignored the
padding" with no padding) are dropped from the posed problem: they could never be exposed.

The level (0..:data:`MAX_LEVEL`) comes from the skill's mastery meter, plus one for every
:data:`RUN_FOR_LEVEL` first-try answers in a row in the session: bigger numbers, strides, then
non-square inputs, uneven strides, asymmetric padding, dilation and deeper stacks; for transposed
convolutions and pooling, PyTorch's padding, output_padding and ceil_mode, then pooled values.

Mistake-aware: given the learner's counts of named mistakes for the skill, :func:`generate`
draws a few candidates and keeps the one where the frequent slips give wrong answers that
differ from the right one (and from each other), so the slip shows.

The list of skills (ids, titles) costs nothing to import, so the home screen can show it on
the first frame; the question kinds (and the YAML reader behind their registry) are imported
when the first problem is drawn.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import msgspec

if TYPE_CHECKING:
    from convtutor.lessons.fields import QuestionBase
    from convtutor.lessons.questions.posed import Posed

MAX_LEVEL = 3
#: The mastery meter a skill needs for levels 1, 2 and 3.
LEVEL_THRESHOLDS = (0.7, 0.8, 0.88)
#: First-try answers in a row, in one session, that raise the level by one.
RUN_FOR_LEVEL = 3
#: Candidates drawn to find one that exposes the learner's frequent slips.
CANDIDATES = 8
MAX_DRAWS = 200  # draws whose settings are impossible are skipped; far more than any skill needs
QUESTION_ID = "drill"

Size = int | list[Any]  # one number, or [rows, cols] as a lesson file writes it
Side = Literal["top", "bottom", "left", "right"]
Along = Literal["rows", "cols", "total"]
SIDES: tuple[Side, ...] = ("top", "bottom", "left", "right")


# msgspec Structs rather than dataclasses: made in C, they keep the home screen's import cheap.
class Draft(msgspec.Struct, frozen=True):
    """A question drawn by a skill, and the numbers it was drawn from."""

    question: QuestionBase
    settings: dict[str, Any] = msgspec.field(default_factory=dict)


class Skill(msgspec.Struct, frozen=True):
    id: str  # stable: saved in practice.json
    title: str
    summary: str  # what the learner practises, one line
    kinds: tuple[str, ...]  # the question kinds it poses
    draw: Callable[[random.Random, int], Draft | None]  # (rng, level) -> a question (None: draw again)


class Problem(msgspec.Struct):
    """One generated problem: the question posed, and how it came about."""

    skill: str
    level: int
    seed: int
    posed: Posed
    settings: dict[str, Any]

    @property
    def exposes(self) -> tuple[str, ...]:
        """The named mistakes that give a wrong answer here."""
        return tuple(self.posed.mistakes)


def level_for(meter: float, run: int = 0) -> int:
    """The level of a skill whose mastery meter is ``meter``, after ``run`` first-try answers in a row."""
    base = sum(1 for threshold in LEVEL_THRESHOLDS if meter >= threshold)
    return min(MAX_LEVEL, base + max(run, 0) // RUN_FOR_LEVEL)


# -- drawing numbers ----------------------------------------------------------------------------------
def _size(rng: random.Random, low: int, high: int, square: bool = True) -> Size:
    rows = rng.randint(low, high)
    return rows if square else [rows, rng.randint(low, high)]


def _pair_or_one(rng: random.Random, low: int, high: int, uneven: float) -> Size:
    """One number, or (with probability ``uneven``) two different ones."""
    first = rng.randint(low, high)
    if rng.random() < uneven and high > low:
        second = rng.choice([v for v in range(low, high + 1) if v != first])
        return [first, second]
    return first


def _rows(value: Size) -> int:
    return value if isinstance(value, int) else value[0]


def _cols(value: Size) -> int:
    return value if isinstance(value, int) else value[1]


def _conv(**settings: Any) -> dict[str, Any]:
    return {"input": 8, "kernel": 3, "stride": 1, "padding": "valid", "dilation": 1, **settings}


def _asymmetric(rng: random.Random, most: int) -> list[list[int]]:
    """((top, bottom), (left, right)) with at least one side differing from its opposite."""
    while True:
        sides = [[rng.randint(0, most), rng.randint(0, most)], [rng.randint(0, most), rng.randint(0, most)]]
        if sides[0][0] != sides[0][1] or sides[1][0] != sides[1][1]:
            return sides


# -- the skills --------------------------------------------------------------------------------------
OUTPUT_HINTS = [
    "Work one axis at a time: how many window positions fit along it?",
    "o = ⌊(n + p_before + p_after − k̂) / s⌋ + 1, with k̂ = d·(k − 1) + 1; 'same' (Keras) gives ⌈n / s⌉, 'full' pads k̂ − 1 per side.",
]


def draw_output_size(rng: random.Random, level: int) -> Draft:
    from convtutor.lessons.questions.output_shape import OutputShapeQuestion

    channels, filters, include = 1, 1, False
    if level == 0:
        conv = _conv(input=rng.randint(5, 10), kernel=rng.choice([2, 3]))
    elif level == 1:
        conv = _conv(input=rng.randint(6, 16), kernel=rng.choice([3, 5]), stride=rng.choice([1, 2]),
                     padding=rng.choice(["valid", "same", 1, 2]))
    elif level == 2:
        padding: Any = rng.choice(["valid", "same", "full", rng.randint(1, 3), [rng.randint(0, 3), rng.randint(0, 3)]])
        conv = _conv(input=_size(rng, 8, 32, square=rng.random() < 0.5), kernel=rng.choice([3, 5, 7]),
                     stride=rng.randint(1, 3), padding=padding)
    else:
        padding = _asymmetric(rng, 3) if rng.random() < 0.5 else rng.choice(["valid", "same", "full"])
        conv = _conv(input=_size(rng, 10, 64, square=False), kernel=_pair_or_one(rng, 2, 7, 0.4),
                     stride=_pair_or_one(rng, 1, 3, 0.6), padding=padding, dilation=rng.choice([1, 1, 2]))
        if rng.random() < 0.5:
            include = True
            channels, filters = rng.choice([1, 3, 16, 32, 64]), rng.choice([8, 16, 32, 64, 128])
    question = OutputShapeQuestion(id=QUESTION_ID, hints=OUTPUT_HINTS, channels=channels, filters=filters,
                                   include_channels=include, **conv)
    return Draft(question, {**conv, "channels": channels, "filters": filters, "include_channels": include})


SAME_HINTS = [
    "'same' keeps ⌈n / s⌉ outputs along the axis: total padding = max((o − 1)·s + k̂ − n, 0).",
    "Half of the total goes on each side; when it is odd, Keras/TensorFlow put the extra pixel at the bottom/right.",
]


def draw_same_padding(rng: random.Random, level: int) -> Draft | None:
    from convtutor.core.arithmetic import resolve_padding
    from convtutor.lessons.questions.padding import PaddingQuestion

    side = rng.choice(SIDES)
    if level == 0:
        conv = _conv(input=rng.randint(5, 12), kernel=rng.choice([3, 5]))
    elif level == 1:
        conv = _conv(input=rng.randint(5, 16), kernel=rng.randint(2, 5))
    elif level == 2:
        conv = _conv(input=_size(rng, 7, 24, square=rng.random() < 0.5), kernel=rng.randint(2, 5), stride=rng.randint(2, 3))
    else:
        conv = _conv(input=_size(rng, 7, 40, square=False), kernel=_pair_or_one(rng, 2, 7, 0.4),
                     stride=_pair_or_one(rng, 1, 3, 0.6), dilation=rng.randint(1, 3))
    conv["padding"] = "same"
    axis = _rows if side in ("top", "bottom") else _cols
    before, after = resolve_padding(axis(conv["input"]), axis(conv["kernel"]), stride=axis(conv["stride"]),
                                    padding="same", dilation=axis(conv["dilation"]))
    if before + after == 0 and rng.random() < 0.85:  # no padding at all: a fine surprise, now and then
        return None
    return Draft(PaddingQuestion(id=QUESTION_ID, hints=SAME_HINTS, side=side, **conv), {**conv, "side": side})


WINDOW_HINTS = [
    "The first window starts at the first pixel (of the padding, if any); each next one starts s pixels further on.",
    "Positions along an axis: ⌊(n + p_before + p_after − k̂) / s⌋ + 1.",
]
UNREAD_HINTS = [
    "Find where the last window along the axis ends: it starts at (o − 1)·s and spans k̂ pixels.",
    "Pixels after the end of the last window are never read; with a dilation larger than the stride, pixels between the taps may be missed too.",
]


def draw_windows(rng: random.Random, level: int) -> Draft | None:
    from convtutor.lessons.questions.window_positions import WindowCountQuestion

    if level == 0:
        conv = _conv(input=rng.randint(5, 12), kernel=rng.randint(2, 3), stride=2)
        unread = False
    elif level == 1:
        conv = _conv(input=rng.randint(7, 20), kernel=rng.randint(2, 5), stride=rng.randint(2, 3), padding=rng.choice(["valid", 1]))
        unread = rng.random() < 0.3
    elif level == 2:
        conv = _conv(input=_size(rng, 7, 24, square=False), kernel=rng.randint(2, 5), stride=rng.randint(2, 3),
                     padding=rng.choice(["valid", "same", 1, 2]))
        unread = rng.random() < 0.4
    else:
        conv = _conv(input=_size(rng, 9, 40, square=False), kernel=_pair_or_one(rng, 2, 5, 0.4),
                     stride=_pair_or_one(rng, 2, 4, 0.6), padding=_asymmetric(rng, 2) if rng.random() < 0.5 else "valid",
                     dilation=rng.randint(1, 3))
        unread = rng.random() < 0.5
    if unread:
        return _unread(rng, conv, "rows" if level < 2 or rng.random() < 0.5 else "cols")
    choices: tuple[Along, ...] = ("rows",) if level == 0 else ("rows", "cols") if level == 1 else ("rows", "cols", "total", "total")
    along = rng.choice(choices)
    return Draft(WindowCountQuestion(id=QUESTION_ID, hints=WINDOW_HINTS, along=along, **conv), {**conv, "along": along})


def _unread(rng: random.Random, conv: dict[str, Any], axis: str) -> Draft | None:
    """How many rows (or columns) of the input no window reads: a number the core works out,
    asked as a ``numeric`` question (no question kind asks it yet)."""
    from convtutor.core.arithmetic import plan_conv
    from convtutor.lessons.fields import as_padding
    from convtutor.lessons.questions.conv import formula, setting_lines
    from convtutor.lessons.questions.numeric import NumericQuestion

    try:
        plan = plan_conv((_rows(conv["input"]), _cols(conv["input"])), (_rows(conv["kernel"]), _cols(conv["kernel"])),
                         stride=conv["stride"] if isinstance(conv["stride"], int) else tuple(conv["stride"]),
                         padding=as_padding(conv["padding"]),
                         dilation=conv["dilation"] if isinstance(conv["dilation"], int) else tuple(conv["dilation"]))
    except ValueError:
        return None
    along = plan.rows if axis == "rows" else plan.cols
    count = len(along.unread_inputs)
    after_last = {i - along.before for i in along.trailing}
    if not set(along.unread_inputs) <= after_last:  # rows between the taps too (a kernel shorter than the stride): another lesson
        return None
    if count == 0 and rng.random() < 0.8:  # "none" is a good answer now and then, not most of the time
        return None
    words = "rows" if axis == "rows" else "columns"
    why = along.unread_explanation(words) or [
        f"({along.size} + {along.before} + {along.after} − {along.effective_kernel}) = {along.padded - along.effective_kernel} is a multiple of the stride "
        f"{along.stride}: the last window ends at the last pixel, and every {words[:-1]} is read."
    ]
    line = setting_lines(plan)[0]
    prompt = f"{line[0].upper()}{line[1:]}. How many {words} of the input (not counting padding) does no window read?"
    question = NumericQuestion(id=QUESTION_ID, prompt=prompt, answer=float(count), hints=UNREAD_HINTS,
                               explanation="\n".join([*formula(plan), *(w[0].upper() + w[1:].rstrip(".") + "." for w in why)]))
    return Draft(question, {**conv, "unread": axis})


DILATION_HINTS = [
    "A kernel of k taps dilated by d has d − 1 gaps between neighbouring taps.",
    "It spans k̂ = d·(k − 1) + 1 pixels; use k̂ wherever the kernel's size goes.",
]


def draw_dilation(rng: random.Random, level: int) -> Draft | None:
    from convtutor.lessons.questions.output_shape import OutputShapeQuestion
    from convtutor.lessons.questions.padding import PaddingQuestion
    from convtutor.lessons.questions.receptive_field import ReceptiveFieldQuestion, StackLayer
    from convtutor.lessons.questions.window_positions import WindowCountQuestion

    if level <= 1:
        if level == 0:
            kernel: Size = rng.choice([3, 3, 2])
            dilation: Size = rng.randint(2, 4)
        else:
            kernel, dilation = _pair_or_one(rng, 2, 5, 0.4), _pair_or_one(rng, 2, 4, 0.3)
        taps = f"{_rows(kernel)}×{_cols(kernel)}"
        by = str(dilation) if isinstance(dilation, int) else f"{dilation[0]} down the rows and {dilation[1]} across"
        prompt = f"A {taps} kernel is dilated by {by}. How many pixels does it span (rows × cols, one number when square)?"
        layer = StackLayer(kernel=kernel, dilation=dilation)
        return Draft(ReceptiveFieldQuestion(id=QUESTION_ID, prompt=prompt, hints=DILATION_HINTS, layers=[layer]),
                     {"kernel": kernel, "dilation": dilation})
    if level == 2:
        conv = _conv(input=rng.randint(9, 24), kernel=3, dilation=rng.randint(2, 3))
        if rng.random() < 0.5:
            return Draft(WindowCountQuestion(id=QUESTION_ID, hints=DILATION_HINTS, along="rows", **conv), {**conv, "along": "rows"})
        return Draft(OutputShapeQuestion(id=QUESTION_ID, hints=DILATION_HINTS, **conv), conv)
    conv = _conv(input=_size(rng, 9, 40, square=rng.random() < 0.5), kernel=rng.randint(3, 5), dilation=rng.randint(2, 4),
                 stride=rng.randint(1, 2), padding=rng.choice(["valid", "same", 1, 2]))
    if rng.random() < 0.3:
        conv["padding"] = "same"
        side = rng.choice(SIDES)
        return Draft(PaddingQuestion(id=QUESTION_ID, hints=DILATION_HINTS, side=side, **conv), {**conv, "side": side})
    return Draft(OutputShapeQuestion(id=QUESTION_ID, hints=DILATION_HINTS, **conv), conv)


PARAM_HINTS = [
    "Each filter has a kh×kw slice of weights for every input channel.",
    "Then each filter adds one bias (unless use_bias=False).",
]
THIN_KERNELS: list[Size] = [[1, 3], [3, 1], [1, 7], [7, 1], [5, 3], [3, 5]]


def draw_param_count(rng: random.Random, level: int) -> Draft:
    from convtutor.lessons.questions.param_count import ParamCountQuestion

    bias = True
    if level == 0:
        kernel: Size = 3
        channels, filters = 1, rng.randint(2, 8)
    elif level == 1:
        kernel, channels, filters = rng.choice([3, 5]), rng.choice([1, 3]), rng.choice([4, 8, 16, 32])
    elif level == 2:
        kernel, channels = rng.choice([1, 3, 5, 7]), rng.choice([3, 8, 16, 32, 64])
        filters, bias = rng.choice([8, 16, 32, 64, 128]), rng.random() < 0.8
    else:
        kernel = rng.choice(THIN_KERNELS) if rng.random() < 0.5 else rng.choice([1, 3, 5, 7])
        channels, filters = rng.choice([16, 32, 64, 128, 256]), rng.choice([32, 64, 128, 256, 512])
        bias = rng.random() < 0.7
    question = ParamCountQuestion(id=QUESTION_ID, hints=PARAM_HINTS, kernel=kernel, channels=channels, filters=filters, use_bias=bias)
    return Draft(question, {"kernel": kernel, "channels": channels, "filters": filters, "use_bias": bias})


FIELD_HINTS = [
    "Start with r = 1 and j = 1 (j: input pixels between neighbouring outputs so far).",
    "Each layer: r ← r + (k̂ − 1)·j, then j ← j·s.",
]


def draw_receptive_field(rng: random.Random, level: int) -> Draft:
    from convtutor.lessons.questions.receptive_field import ReceptiveFieldQuestion, StackLayer

    layers: list[dict[str, Size]]
    if level == 0:
        layers = [{"kernel": rng.choice([3, 3, 5])} for _ in range(rng.choice([2, 2, 3]))]
    elif level == 1:
        count = rng.randint(2, 3)
        layers = [{"kernel": rng.choice([3, 5])} for _ in range(count)]
        layers[rng.randrange(count - 1)]["stride"] = 2
    elif level == 2:
        count = rng.randint(3, 4)
        layers = [{"kernel": rng.choice([3, 5, 7]), "stride": rng.choice([1, 2])} for _ in range(count)]
        layers[rng.randrange(count - 1)]["stride"] = 2
        if rng.random() < 0.4:
            layers[rng.randrange(count)]["dilation"] = 2
    else:
        count = rng.randint(4, 5)
        layers = [{"kernel": _pair_or_one(rng, 2, 5, 0.25), "stride": _pair_or_one(rng, 1, 2, 0.2) if rng.random() < 0.3 else 1,
                   "dilation": rng.choice([1, 1, 1, 2])} for _ in range(count)]
        layers[rng.randrange(count - 1)]["stride"] = 2
    stack = [StackLayer(**layer) for layer in layers]
    return Draft(ReceptiveFieldQuestion(id=QUESTION_ID, hints=FIELD_HINTS, layers=stack), {"layers": layers})


def transposed_hints(dilated: bool) -> list[str]:
    """The size drill's hints, in k; with k̂ (said what it is) only when the drawn kernel is dilated."""
    k = "k̂" if dilated else "k"
    span = " (k̂ = d·(k − 1) + 1, the dilated kernel's span)" if dilated else ""
    return [
        f"Each input pixel places a copy of the kernel s pixels after the last: the full result is (n − 1)·s + {k} long{span}.",
        "PyTorch (padding in pixels) crops p from each side and adds output_padding; Keras' 'same' gives n·s, "
        f"'valid' (n − 1)·s + max({k}, s) unless output_padding is given.",
    ]


def draw_transposed_size(rng: random.Random, level: int) -> Draft:
    from convtutor.lessons.questions.transposed_output_shape import TransposedOutputShapeQuestion

    output_padding: Size | None = None
    if level == 0:  # no crop and a kernel at least the stride: the two frameworks agree
        stride = rng.choice([1, 2, 2])
        conv = _conv(input=rng.randint(2, 6), kernel=rng.randint(max(2, stride), 4), stride=stride,
                     padding=rng.choice(["valid", 0]))
    elif level == 1:
        stride = rng.randint(2, 3)
        conv = _conv(input=rng.randint(3, 10), kernel=rng.randint(2, 5), stride=stride, padding=rng.choice(["valid", "same", 1, 1, 2]))
        if isinstance(conv["padding"], int) and rng.random() < 0.5:
            output_padding = rng.randint(1, stride - 1)
    elif level == 2:
        stride = rng.randint(2, 4)
        conv = _conv(input=_size(rng, 3, 16, square=rng.random() < 0.5), kernel=rng.randint(1, 5), stride=stride,
                     padding=rng.choice(["valid", "same", 0, 1, 2]))
        if rng.random() < 0.5:
            output_padding = rng.randint(0, stride - 1)
    else:
        stride_rows, stride_cols = rng.randint(1, 3), rng.randint(2, 4)
        conv = _conv(input=_size(rng, 3, 20, square=False), kernel=_pair_or_one(rng, 1, 5, 0.4), stride=[stride_rows, stride_cols],
                     padding=rng.choice(["valid", "same", rng.randint(0, 2), [rng.randint(0, 2), rng.randint(0, 2)]]),
                     dilation=rng.choice([1, 1, 2]))
        if rng.random() < 0.6:
            output_padding = [rng.randint(0, stride_rows - 1), rng.randint(0, stride_cols - 1)]
    if output_padding is not None:
        conv["output_padding"] = output_padding
    hints = transposed_hints(conv.get("dilation", 1) != 1)
    return Draft(TransposedOutputShapeQuestion(id=QUESTION_ID, hints=hints, **conv), conv)


POOL_HINTS = [
    "A pooling layer's strides default to its pool size; its windows are counted like a convolution's.",
    "Keras: 'valid' ⌊(n − k) / s⌋ + 1, 'same' ⌈n / s⌉ (padding never counts in a value). PyTorch: ⌊(n + 2p − k) / s⌋ + 1, "
    "rounded up with ceil_mode; an average counts padded zeros unless count_include_pad is false.",
]


def draw_pool_size(rng: random.Random, level: int) -> Draft:
    from convtutor.lessons.fields import InputSpec
    from convtutor.lessons.questions.pool_output_shape import PoolOutputShapeQuestion
    from convtutor.lessons.questions.pool_value import PoolValueQuestion

    pool: dict[str, Any] = {"pool_size": 2, "padding": "valid"}
    if level == 0:
        pool["input"] = rng.randint(4, 13)
    elif level == 1:
        pool.update(input=rng.randint(5, 16), pool_size=rng.choice([2, 3]), padding=rng.choice(["valid", "same"]))
        if rng.random() < 0.4:
            pool["strides"] = rng.choice([1, 2])
    elif level == 2:
        size = rng.choice([2, 3])
        pool.update(input=_size(rng, 5, 24, square=rng.random() < 0.5), pool_size=size,
                    padding=rng.choice(["valid", "same", rng.randint(0, size // 2)]))
        if isinstance(pool["padding"], int):
            pool["ceil_mode"] = rng.random() < 0.5
    else:
        pool.update(input=_size(rng, 6, 32, square=False), pool_size=_pair_or_one(rng, 2, 4, 0.4), padding=rng.choice(["valid", "same", 1]))
        if rng.random() < 0.5:
            pool["strides"] = _pair_or_one(rng, 1, 3, 0.5)
        if isinstance(pool["padding"], int):
            pool["ceil_mode"] = rng.random() < 0.5
    if level >= 1 and rng.random() < 0.4:  # a value now and then: which cells a window holds, and what it divides by
        side = rng.randint(3, 6)
        cells: dict[str, Any] = {"input": {"generator": "random", "size": side, "seed": rng.randint(0, 999), "low": 0, "high": 9},
                 "pool": rng.choice(["max", "average", "average"]), "pool_size": rng.choice([2, 3]),
                 "padding": rng.choice(["valid", "same", 1]) if level >= 2 else "valid"}
        if level >= 2 and cells["pool"] == "average" and cells["padding"] == 1:
            cells["count_include_pad"] = rng.random() < 0.5
        cells["at"] = [rng.randint(0, 2), rng.randint(0, 2)]
        question = PoolValueQuestion(id=QUESTION_ID, hints=POOL_HINTS, **{**cells, "input": InputSpec(**cells["input"])})
        return Draft(question, cells)
    return Draft(PoolOutputShapeQuestion(id=QUESTION_ID, hints=POOL_HINTS, **pool), pool)


SKILLS: tuple[Skill, ...] = (
    Skill("output_size", "Output size", "rows × cols out of a convolution: valid, same, full and explicit padding",
          ("output_shape",), draw_output_size),
    Skill("same_padding", "'Same' padding", "pixels of 'same' padding on one side, with Keras' odd pixel at the bottom/right",
          ("padding",), draw_same_padding),
    Skill("windows", "Windows under a stride", "window positions under a stride, and the rows no window reads",
          ("window_positions", "numeric"), draw_windows),
    Skill("dilation", "Dilation", "how far a dilated kernel reaches, and what that does to the output",
          ("receptive_field", "window_positions", "output_shape", "padding"), draw_dilation),
    Skill("param_count", "Parameters", "weights and biases of a Conv2D layer: kernel, channels, filters, bias",
          ("param_count",), draw_param_count),
    Skill("receptive_field", "Receptive field", "the input pixels one output pixel sees through a stack of layers",
          ("receptive_field",), draw_receptive_field),
    Skill("transposed_size", "Transposed size", "rows × cols out of a transposed convolution, Keras' and PyTorch's rules",
          ("transposed_output_shape",), draw_transposed_size),
    Skill("pool_size", "Pooling", "rows × cols out of max and average pooling, and one pooled value",
          ("pool_output_shape", "pool_value"), draw_pool_size),
)
BY_ID = {skill.id: skill for skill in SKILLS}
SKILL_IDS = tuple(BY_ID)


def skill(skill_id: str) -> Skill:
    """The skill with this id (LookupError naming the skills if there is none)."""
    try:
        return BY_ID[skill_id]
    except KeyError:
        raise LookupError(f"no skill {skill_id!r}; the skills are {', '.join(SKILL_IDS)}") from None


def mistake_words(skill_id: str, name: str) -> str:
    """What the learner did, in the words of the skill's question kinds ("counted moves, not
    positions"). Imports the question kinds: not for the first frame."""
    from convtutor.lessons import questions

    for tag in skill(skill_id).kinds:
        found = next((m for m in questions.BY_TAG[tag].mistakes if m.name == name), None)
        if found is not None:
            return found.learner
    return name.replace("_", " ")


# -- generating ------------------------------------------------------------------------------------------
def _prune(posed: Posed) -> None:
    """Drop the named mistakes that give the right answer (or nothing) for these numbers."""
    for name, value in list(posed.mistakes.items()):
        if value is None or posed.is_right(value):
            del posed.mistakes[name]


def exposure(posed: Posed, slips: Mapping[str, int]) -> int:
    """How well a problem exposes the learner's slips: each slip's count, twice when its wrong
    answer is its own (no other named mistake gives the same value)."""
    score = 0
    values = list(posed.mistakes.values())
    for name, value in posed.mistakes.items():
        count = slips.get(name, 0)
        if count > 0:
            score += count * (2 if values.count(value) == 1 else 1)
    return score


def generate(skill_id: str, level: int, seed: int, slips: Mapping[str, int] | None = None) -> Problem:
    """A problem of the skill at ``level`` (clamped to 0..MAX_LEVEL), the same for the same seed
    and slips. With ``slips`` (named mistake -> how often the learner made it), the first of
    :data:`CANDIDATES` draws that exposes them best."""
    from convtutor.lessons import questions

    chosen = skill(skill_id)
    level = min(max(level, 0), MAX_LEVEL)
    rng = random.Random(seed)
    wanted = {name: count for name, count in (slips or {}).items() if count > 0}
    most = sum(2 * count for count in wanted.values())
    best: tuple[int, Posed, Draft] | None = None
    drawn = 0
    for _ in range(MAX_DRAWS):
        draft = chosen.draw(rng, level)
        if draft is None:
            continue
        try:
            posed = questions.pose(draft.question)
        except ValueError:  # the kernel does not fit: draw again
            continue
        _prune(posed)
        posed.explanation = [line for entry in posed.explanation for line in entry.split("\n")]  # a numeric question's are one text
        score = exposure(posed, wanted)
        if best is None or score > best[0]:
            best = (score, posed, draft)
        drawn += 1
        if not wanted or drawn >= CANDIDATES or score >= most:
            break
    if best is None:  # pragma: no cover - every skill draws a possible question long before this
        raise RuntimeError(f"skill {skill_id!r} drew no possible question at level {level}")
    _, posed, draft = best
    return Problem(skill_id, level, seed, posed, draft.settings)
