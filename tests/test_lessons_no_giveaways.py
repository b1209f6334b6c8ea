"""No quiz question asks for what an earlier step of the course has already worked out on screen.

A quiz is there to let the learner work something out. When a question poses exactly the settings
of an example that a sweep or a model summary showed before it (in the same lesson or an earlier
one, in course order), the answer is already on screen, or one key back.

Every example and every question is worked out by the core; nothing here is hard-coded:

* a sweep shows one convolution's geometry: per axis the input size, kernel, stride, dilation and
  the padding on each side (the padded grid), and so the output size and the number of windows;
* a model step shows, for each layer, that geometry (output shape, padding t,b,l,r), the parameter
  count for its kernel, input channels, filters and bias, and the receptive field of the stack so far;
* a text (of any step) that writes out a count "i − k + 1" shows the output of a k×k kernel on an
  i×i input without padding, stride or dilation;
* a pooling sweep shows its pooling's geometry (and so its output size) and every pooled value of
  its input; a transposed sweep shows its transposed convolution's geometry and output size;
* a model step with transposed or pooling layers shows their geometry too, and for every layer the
  stack up to it: its output shape, its parameters and its receptive field (a pooling layer grows
  the field as a kernel of its pool size and strides).

A question gives itself away when one of its variants poses what such an example showed:

* ``output_shape``, ``window_positions`` and ``padding``: the same geometry on both axes (padding
  is compared as the pixels per side it comes to, so padding 1 and 'same' for a 3×3 kernel at
  stride 1 are the same example); for the first two also a worked "i − k + 1" with their i and k;
* ``param_count``: the same kernel, input channels, filters and bias;
* ``receptive_field``: the same layers (kernel, stride, dilation) as the first layers of a model;
* ``pool_output_shape`` and ``transposed_output_shape``: the same geometry on both axes;
  ``pool_value``: the same pooling of the same input;
* ``model_output_shape``, ``model_params`` and ``model_receptive_field``: the stack up to the layer
  asked about is the start of a model shown before (for the parameters only the layers' kernels,
  filters and biases and the input's channels matter, for the field only kernels and strides).

Every variant a learner can reach is checked: all of them when the parameter space is small enough
to list, else the first ones the app draws.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import msgspec
import pytest

from convtutor import paths
from convtutor.core.arithmetic import AxisPlan, ConvPlan, PoolPlan, TransposePlan
from convtutor.core.layers import AveragePooling2DLayer, Conv2DTransposeLayer, MaxPooling2DLayer, input_shape3, summarize_stack
from convtutor.lessons import generators, questions
from convtutor.lessons import params as params_module
from convtutor.lessons.layers import core_layer
from convtutor.lessons.loader import load_folder
from convtutor.lessons.questions import resize
from convtutor.lessons.questions.conv import conv_settings
from convtutor.lessons.questions.pool_output_shape import plan_of as pool_plan_of
from convtutor.lessons.questions.transposed_output_shape import plan_of as transposed_plan_of
from convtutor.lessons.schema import Lesson
from convtutor.lessons.steps.model import ModelStep
from convtutor.lessons.steps.pool_sweep import PoolSweepStep, make_pool_sweep
from convtutor.lessons.steps.quiz import QuizStep
from convtutor.lessons.steps.sweep import SweepStep, sweep_plan
from convtutor.lessons.steps.transposed_sweep import TransposedSweepStep, make_transposed_sweep

DRAWN = 60  # variants the app would draw, checked when the parameter space is too large to list
GEOMETRY_KINDS = ("output_shape", "window_positions", "padding")
STACK_KINDS = ("model_output_shape", "model_params", "model_receptive_field")
POOLS = (MaxPooling2DLayer, AveragePooling2DLayer)
COUNT_KINDS = ("output_shape", "window_positions")
# "8 − 3 + 1", with a typographic or an ASCII minus: a count of window positions written out
WORKED_COUNT = re.compile(r"(?<![\d.])(\d+)\s*[−-]\s*(\d+)\s*\+\s*1(?![\d.])")


@dataclass(frozen=True)
class Shown:
    """What one earlier step showed (any of the keys may be None)."""

    lesson: str
    step: str
    what: str
    geometry: tuple | None = None  # both axes: (size, kernel, stride, dilation, before, after)
    count: tuple[int, int] | None = None  # a worked "i − k + 1": (i, k), no padding, stride 1, dilation 1
    params: tuple | None = None  # (kh, kw, channels in, filters, use_bias)
    field: tuple | None = None  # the stack so far: ((kh, kw), (sh, sw), (dh, dw)) per layer
    pool: tuple | None = None  # a pooling's geometry, both axes (with ceil_mode)
    pooled: tuple | None = None  # a pooling of an input: (its geometry, max or average, padding counted, the input)
    transposed: tuple | None = None  # a transposed convolution's geometry, both axes (crops at each end)
    stack: dict | None = None  # the stack so far, keyed by what each stack question kind depends on

    def where(self) -> str:
        return f"lesson '{self.lesson}', step '{self.step}' ({self.what})"


def axis_key(plan: AxisPlan) -> tuple[int, ...]:
    return (plan.size, plan.kernel, plan.stride, plan.dilation, plan.before, plan.after)


def geometry(plan: ConvPlan) -> tuple:
    return (axis_key(plan.rows), axis_key(plan.cols))


def pool_geometry(plan: PoolPlan) -> tuple:
    return tuple((*axis_key(a), a.ceil_mode) for a in (plan.rows, plan.cols))


def transposed_geometry(plan: TransposePlan) -> tuple:
    return tuple((a.size, a.kernel, a.stride, a.dilation, a.before, a.after) for a in (plan.rows, plan.cols))


def stack_keys(input_shape, layers) -> dict[str, tuple]:
    """A stack (core layers) keyed by what each stack question's answer depends on."""
    channels = input_shape3(input_shape)[2]
    described = [layer_words(layer) for layer in layers]
    return {
        "model_output_shape": (input_shape3(input_shape), tuple(repr(layer) for layer in layers)),
        "model_params": (channels, tuple(words["params"] for words in described)),
        "model_receptive_field": tuple(words["field"] for words in described),
    }


def layer_words(layer) -> dict[str, tuple]:
    if isinstance(layer, POOLS):
        return {"params": ("pool",), "field": ("pool", layer.pool_size, layer.strides)}
    kind = "transposed" if isinstance(layer, Conv2DTransposeLayer) else "conv"
    return {"params": (kind, layer.kernel_size, layer.filters, layer.use_bias),
            "field": (kind, layer.kernel_size, layer.strides, layer.dilation_rate)}


def describe(plan: ConvPlan) -> str:
    r, c = plan.rows, plan.cols
    text = f"input {r.size}×{c.size}, kernel {r.kernel}×{c.kernel}, stride {r.stride}×{c.stride}"
    if (r.dilation, c.dilation) != (1, 1):
        text += f", dilation {r.dilation}×{c.dilation}"
    return text + f", padding t,b,l,r {r.before},{r.after},{c.before},{c.after} → {plan.output_shape[0]}×{plan.output_shape[1]}"


def shown_by(lesson_id: str, step) -> list[Shown]:
    """Everything a step works out on screen."""
    found: list[Shown] = []
    for match in WORKED_COUNT.finditer(getattr(step, "text", None) or ""):
        n, k = int(match.group(1)), int(match.group(2))
        if n >= k:
            found.append(Shown(lesson_id, step.id, f"its text works out {match.group(0)} = {n - k + 1}", count=(n, k)))
    if isinstance(step, SweepStep):
        plan = sweep_plan(step)
        found.append(Shown(lesson_id, step.id, f"sweep: {describe(plan)}", geometry=geometry(plan)))
    elif isinstance(step, PoolSweepStep):
        sweep = make_pool_sweep(step)
        shown = pool_geometry(sweep.plan)
        found.append(Shown(lesson_id, step.id, f"pool sweep: {sweep.pool} pooling to {sweep.shape[0]}×{sweep.shape[1]}",
                           pool=shown, pooled=(shown, sweep.pool, sweep.count_padding, sweep.image)))
    elif isinstance(step, TransposedSweepStep):
        sweep = make_transposed_sweep(step)
        found.append(Shown(lesson_id, step.id, f"transposed sweep: output {sweep.shape[0]}×{sweep.shape[1]}",
                           transposed=transposed_geometry(sweep.plan)))
    elif isinstance(step, ModelStep):
        layers = [core_layer(layer) for layer in step.layers]
        summary = summarize_stack(step.input_shape, layers)
        # receptive_field questions list plain windows: the convolutions and poolings up to a transposed layer
        windows: list[tuple] | None = []
        for i, layer in enumerate(summary.layers):
            lay = layer.layer
            shown = Shown(
                lesson_id, step.id,
                f"model layer {i + 1} ({layer.keras_type}): output {layer.keras_shape}, {layer.params_formula()} parameters, "
                f"receptive field {layer.receptive_field[0]}×{layer.receptive_field[1]}",
                stack=stack_keys(step.input_shape, layers[: i + 1]),
            )
            if isinstance(lay, POOLS):
                shown = replace(shown, pool=pool_geometry(layer.plan))
                window = (lay.pool_size, lay.strides, (1, 1))
            else:
                kh, kw = lay.kernel_size
                shown = replace(shown, params=(kh, kw, layer.input_shape[2], lay.filters, lay.use_bias))
                if isinstance(lay, Conv2DTransposeLayer):
                    shown = replace(shown, transposed=transposed_geometry(layer.plan))
                    windows = None
                else:
                    shown = replace(shown, geometry=geometry(layer.plan))
                    window = (lay.kernel_size, lay.strides, lay.dilation_rate)
            if windows is not None:
                windows.append(window)
                shown = replace(shown, field=tuple(windows))
            found.append(shown)
    return found


def question_keys(posed) -> dict[str, object]:
    """The settings of one posed variant, keyed like :class:`Shown`."""
    q = posed.question
    keys: dict[str, object] = {}
    if q.kind in GEOMETRY_KINDS:
        plan = conv_settings(q, posed.values)
        keys["geometry"] = geometry(plan)
        keys["describe"] = describe(plan)
        plain = all(a.stride == a.dilation == 1 and a.before == a.after == 0 for a in (plan.rows, plan.cols))
        if q.kind in COUNT_KINDS and plain:
            keys["count"] = {(a.size, a.kernel) for a in (plan.rows, plan.cols)}
    elif q.kind == "param_count":
        kh, kw = posed_pair(questions.resolve(q.kernel, posed.values))
        c_in = int(questions.resolve(q.channels, posed.values))
        filters = int(questions.resolve(q.filters, posed.values))
        keys["params"] = (kh, kw, c_in, filters, q.use_bias)
    elif q.kind == "pool_output_shape":
        keys["pool"] = pool_geometry(pool_plan_of(q, resize.pair_of(q.input, posed.values, "input size"), posed.values))
    elif q.kind == "pool_value":
        grid = generators.make_input(generators.as_input(q.input))
        plan = pool_plan_of(q, (len(grid), len(grid[0])), posed.values)
        counted = q.pool == "average" and not isinstance(q.padding, str) and q.count_include_pad is not False
        keys["pooled"] = (pool_geometry(plan), q.pool, counted, tuple(tuple(float(v) for v in row) for row in grid))
    elif q.kind == "transposed_output_shape":
        keys["transposed"] = transposed_geometry(transposed_plan_of(q, posed.values))
    elif q.kind in STACK_KINDS:
        layers = [core_layer(layer) for layer in q.layers]
        keys["stack"] = (q.kind, stack_keys(q.input_shape, layers[: q.layer or len(layers)])[q.kind])
    elif q.kind == "receptive_field":
        keys["field"] = tuple(
            tuple(posed_pair(questions.resolve(getattr(layer, name), posed.values)) for name in ("kernel", "stride", "dilation"))
            for layer in q.layers
        )
    return keys


def posed_pair(value) -> tuple[int, int]:
    return (int(value[0]), int(value[1])) if isinstance(value, list) else (int(value), int(value))


def gives_away(keys: dict[str, object], shown: Shown) -> bool:
    if shown.geometry is not None and keys.get("geometry") == shown.geometry:
        return True
    if shown.count is not None and keys.get("count") == {shown.count}:
        return True
    if shown.params is not None and keys.get("params") == shown.params:
        return True
    for name in ("pool", "pooled", "transposed"):
        if getattr(shown, name) is not None and keys.get(name) == getattr(shown, name):
            return True
    stack = keys.get("stack")
    if shown.stack is not None and stack is not None and shown.stack[stack[0]] == stack[1]:
        return True
    field = keys.get("field")
    return shown.field is not None and field is not None and field == shown.field


def reachable_variants(q) -> list[tuple[str, dict[str, int]]]:
    """(how to name it, its values) for every variant a learner can get."""
    if not q.params:
        return [("as written", {})]
    constraints = [params_module.parse_expression(c) for c in q.constraints]
    seed = q.variants.seed if q.variants else 0
    named: dict[tuple, tuple[str, dict[str, int]]] = {}
    for index in range(DRAWN):
        values = questions.variant_values(q, index)
        if values is not None:
            named.setdefault(tuple(sorted(values.items())), (f"variant {index}", values))
    if params_module.space_size(q.params) <= params_module.ENUMERATE_LIMIT:
        for values in params_module.all_variants(q.params, constraints, seed):
            named.setdefault(tuple(sorted(values.items())), ("a later variant", values))
    return list(named.values())


def giveaways(lessons: list[Lesson]) -> list[str]:
    """One line for every variant of a quiz question that an earlier step already worked out."""
    found: list[str] = []
    earlier: list[Shown] = []
    for lesson in lessons:
        for step in lesson.steps:
            if isinstance(step, QuizStep):
                for q in step.questions:
                    for name, values in reachable_variants(q):
                        try:
                            posed = questions.pose_values(q, values)
                        except ValueError:
                            continue  # impossible settings: the app skips such a variant
                        keys = question_keys(posed)
                        if not keys:
                            continue
                        hit = next((shown for shown in earlier if gives_away(keys, shown)), None)
                        if hit is not None:
                            where = ", ".join(f"{k}={v}" for k, v in values.items())
                            asked = next(keys[name] for name in ("describe", "params", "field", "pool", "pooled", "transposed", "stack")
                                         if name in keys)
                            found.append(
                                f"lesson '{lesson.id}', question '{q.id}', {name}{f' ({where})' if where else ''}: "
                                f"asks {q.kind} for {asked}, already worked out in {hit.where()}"
                            )
            earlier.extend(shown_by(lesson.id, step))
    return found


@pytest.fixture(scope="module")
def bundled() -> list[Lesson]:
    """The bundled course's lessons in course order (course.yaml)."""
    section, problems = load_folder(paths.bundled_lessons_dir(), "bundled")
    assert [p.format() for p in problems] == []
    return [item.lesson for item in section.lessons]


def test_the_course_is_read_in_course_order(bundled):
    import yaml

    course = yaml.safe_load((paths.bundled_lessons_dir() / "course.yaml").read_text(encoding="utf-8"))
    ids = [yaml.safe_load((paths.bundled_lessons_dir() / name).read_text(encoding="utf-8"))["id"] for name in course["lessons"]]
    assert [lesson.id for lesson in bundled] == ids


def test_no_quiz_question_repeats_an_earlier_worked_example(bundled):
    found = giveaways(bundled)
    assert not found, "quiz questions whose answer an earlier step already showed:\n" + "\n".join(found)


def test_the_check_sees_the_examples_of_every_kind(bundled):
    """The examples the check compares against are really there: it cannot pass by seeing nothing."""
    shown = [s for lesson in bundled for step in lesson.steps for s in shown_by(lesson.id, step)]
    assert sum(s.geometry is not None for s in shown) >= 15
    assert sum(s.params is not None for s in shown) >= 8
    assert sum(s.count is not None for s in shown) >= 3
    assert any(s.field is not None and len(s.field) == 4 for s in shown)
    assert sum(s.pool is not None for s in shown) >= 4 and sum(s.pooled is not None for s in shown) >= 4
    assert sum(s.transposed is not None for s in shown) >= 3
    assert any(s.field is not None and s.pool is not None for s in shown)  # a pool in a model's field
    assert sum(s.stack is not None for s in shown) >= 15
    checked = sum(len(reachable_variants(q)) for lesson in bundled for step in lesson.steps
                  if isinstance(step, QuizStep) for q in step.questions)
    assert checked > 200


# -- the check itself, on small made-up lessons ------------------------------------------------------
def lesson(*steps) -> Lesson:
    return msgspec.convert({"format_version": 1, "id": "made-up", "title": "t", "summary": "s", "steps": list(steps)}, Lesson)


SWEEP = {"id": "shown", "kind": "sweep", "input": {"generator": "numbered", "size": 8}, "kernel": "ones", "padding": 1}
MODEL = {"id": "summary", "kind": "model", "input_shape": [8, 8, 1],
         "layers": [{"filters": 4, "kernel_size": 3}, {"filters": 2, "kernel_size": 3, "strides": 2}]}
TEXT = {"id": "words", "kind": "text", "text": "It fits 12 − 5 + 1 = 8 times."}


def quiz(*qs) -> dict:
    return {"id": "check", "kind": "quiz", "questions": list(qs)}


@pytest.mark.parametrize("question", [
    {"id": "q", "kind": "output_shape", "input": 8, "kernel": 3, "padding": 1},
    {"id": "q", "kind": "output_shape", "input": 8, "kernel": 3, "padding": "same"},  # the same pixels per side
    {"id": "q", "kind": "window_positions", "input": 8, "kernel": 3, "padding": "same", "along": "rows"},
    {"id": "q", "kind": "padding", "input": 8, "kernel": 3, "padding": "same", "side": "top"},
    {"id": "q", "kind": "output_shape", "input": "$n", "kernel": 3, "padding": 1, "params": {"n": {"range": [7, 9]}}},
])
def test_a_question_on_a_sweeps_settings_is_found(question):
    (line,) = giveaways([lesson(SWEEP, quiz(question))])[:1]
    assert "'made-up'" in line and "question 'q'" in line and "step 'shown'" in line


def test_each_layer_of_a_model_is_an_example():
    qs = [
        {"id": "second", "kind": "output_shape", "input": 6, "kernel": 3, "stride": 2},
        {"id": "params", "kind": "param_count", "kernel": 3, "channels": 4, "filters": 2},
        {"id": "field", "kind": "receptive_field", "layers": [{"kernel": 3}]},
        {"id": "other-params", "kind": "param_count", "kernel": 3, "channels": 1, "filters": 2},
        {"id": "other-shape", "kind": "output_shape", "input": 8, "kernel": 3, "stride": 2},
        {"id": "other-field", "kind": "receptive_field", "layers": [{"kernel": 3}, {"kernel": 3}]},
    ]
    found = giveaways([lesson(MODEL, quiz(*qs))])
    assert [line.split("question '")[1].split("'")[0] for line in found] == ["second", "params", "field"]
    assert all("step 'summary'" in line for line in found)


def test_a_worked_count_in_a_text_is_an_example():
    qs = [{"id": "same", "kind": "output_shape", "input": 12, "kernel": 5},
          {"id": "windows", "kind": "window_positions", "input": 12, "kernel": 5, "along": "rows"},
          {"id": "padded", "kind": "output_shape", "input": 10, "kernel": 5, "padding": 1},
          {"id": "strided", "kind": "output_shape", "input": 12, "kernel": 5, "stride": 2},
          {"id": "dilated", "kind": "output_shape", "input": 12, "kernel": 3, "dilation": 2},
          {"id": "other", "kind": "output_shape", "input": [12, 13], "kernel": 5}]
    found = giveaways([lesson(TEXT, quiz(*qs))])
    assert [line.split("question '")[1].split("'")[0] for line in found] == ["same", "windows"]
    assert "step 'words' (its text works out 12 − 5 + 1 = 8)" in found[0]


def test_only_earlier_steps_count_and_later_lessons_see_earlier_ones():
    question = {"id": "q", "kind": "output_shape", "input": 8, "kernel": 3, "padding": 1}
    assert giveaways([lesson(quiz(question), SWEEP)]) == []
    second = msgspec.structs.replace(lesson(quiz(question)), id="later")
    (line,) = giveaways([lesson(SWEEP), second])
    assert line.startswith("lesson 'later', question 'q'") and "lesson 'made-up', step 'shown'" in line


def test_every_reachable_variant_is_checked_and_named():
    question = {"id": "q", "kind": "output_shape", "input": "$n", "kernel": 3, "params": {"n": {"range": [4, 30]}},
                "variants": {"seed": 1}}
    found = giveaways([lesson(SWEEP, quiz({**question, "padding": 1}))])
    assert len(found) == 1 and "n=8" in found[0] and ("variant " in found[0])


POOL_SWEEP = {"id": "pooled", "kind": "pool_sweep", "input": {"generator": "numbered", "size": 5}, "pool": "average",
              "pool_size": 2, "padding": "same"}
TRANSPOSED_SWEEP = {"id": "up", "kind": "transposed_sweep", "input": [[1, 2], [3, 4]], "kernel": "ones", "stride": 2, "padding": 1,
                    "output_padding": 1}
POOL_MODEL = {"id": "pooled-model", "kind": "model", "input_shape": [16, 16, 3],
              "layers": [{"filters": 4, "kernel_size": 3}, {"type": "MaxPooling2D", "pool_size": 2},
                         {"filters": 8, "kernel_size": 3}, {"type": "Conv2DTranspose", "filters": 2, "kernel_size": 2, "strides": 2},
                         {"filters": 2, "kernel_size": 3}]}


def test_the_sweeps_of_pooling_and_transposed_convolution_are_examples():
    qs = [
        {"id": "pool-size", "kind": "pool_output_shape", "input": 5, "pool_size": 2, "padding": "same"},
        {"id": "pool-value", "kind": "pool_value", "input": {"generator": "numbered", "size": 5}, "pool": "average",
         "pool_size": 2, "padding": "same", "at": [2, 2]},
        {"id": "up-size", "kind": "transposed_output_shape", "input": 2, "kernel": 3, "stride": 2, "padding": 1, "output_padding": 1},
        {"id": "other-pool", "kind": "pool_output_shape", "input": 6, "pool_size": 2, "padding": "same"},
        {"id": "other-value", "kind": "pool_value", "input": {"generator": "random", "size": 5}, "pool": "average",
         "pool_size": 2, "padding": "same", "at": [2, 2]},
        {"id": "max-value", "kind": "pool_value", "input": {"generator": "numbered", "size": 5}, "pool": "max",
         "pool_size": 2, "padding": "same", "at": [2, 2]},
        {"id": "other-up", "kind": "transposed_output_shape", "input": 2, "kernel": 3, "stride": 2, "padding": 1},
    ]
    found = giveaways([lesson(POOL_SWEEP, TRANSPOSED_SWEEP, quiz(*qs))])
    assert [line.split("question '")[1].split("'")[0] for line in found] == ["pool-size", "pool-value", "up-size"]


def test_a_model_with_pooling_and_transposed_layers_is_an_example_layer_by_layer():
    stack = POOL_MODEL["layers"]
    qs = [
        {"id": "field", "kind": "receptive_field", "layers": [{"kernel": 3}, {"kernel": 2, "stride": 2}, {"kernel": 3}]},
        {"id": "after-pool", "kind": "output_shape", "input": 7, "kernel": 3, "channels": 4, "filters": 8},
        {"id": "params-after-pool", "kind": "param_count", "kernel": 3, "channels": 4, "filters": 8},
        {"id": "prefix-params", "kind": "model_params", "input_shape": [32, 32, 3], "layers": stack[:3]},
        {"id": "prefix-shape", "kind": "model_output_shape", "input_shape": [16, 16, 3], "layers": stack, "layer": 4},
        {"id": "prefix-field", "kind": "model_receptive_field", "input_shape": [64, 64, 3], "layers": stack[:2]},
        {"id": "up-size", "kind": "transposed_output_shape", "input": 5, "kernel": 2, "stride": 2},
        {"id": "field-past-transposed", "kind": "receptive_field",
         "layers": [{"kernel": 3}, {"kernel": 2, "stride": 2}, {"kernel": 3}, {"kernel": 2, "stride": 2}]},
        {"id": "other-shape", "kind": "model_output_shape", "input_shape": [20, 20, 3], "layers": stack[:3]},
        {"id": "other-params", "kind": "model_params", "input_shape": [16, 16, 3], "layers": [stack[0], stack[2]]},
        {"id": "other-field", "kind": "model_receptive_field", "input_shape": [16, 16, 3],
         "layers": [stack[0], {"type": "MaxPooling2D", "pool_size": 3}]},
    ]
    found = giveaways([lesson(POOL_MODEL, quiz(*qs))])
    assert [line.split("question '")[1].split("'")[0] for line in found] == [
        "field", "after-pool", "params-after-pool", "prefix-params", "prefix-shape", "prefix-field", "up-size"]
