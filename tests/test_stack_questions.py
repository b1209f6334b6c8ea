"""Questions about a stack of layers (model_params, model_output_shape): answers computed by the
core, checked here against hand-written Keras arithmetic; named slips; layer: N."""

from __future__ import annotations

import math

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convtutor.lessons import questions
from convtutor.lessons.questions.model_output_shape import ModelOutputShapeQuestion
from convtutor.lessons.questions.model_params import ModelParamsQuestion

STACK = [  # the example: 448 + 4,640 + 51,264 = 56,352
    {"filters": 16, "kernel_size": 3},
    {"filters": 32, "kernel_size": 3, "strides": 2, "padding": "same"},
    {"filters": 64, "kernel_size": 5, "strides": 2},
]


def params_q(**fields) -> ModelParamsQuestion:
    return msgspec.convert({"id": "q", "kind": "model_params", "input_shape": [32, 32, 3], "layers": STACK, **fields}, ModelParamsQuestion)


def shape_q(**fields) -> ModelOutputShapeQuestion:
    return msgspec.convert({"id": "q", "kind": "model_output_shape", "input_shape": [32, 32, 3], "layers": STACK, **fields}, ModelOutputShapeQuestion)


def test_the_stacks_parameters_and_slips():
    posed = questions.pose(params_q())
    assert posed.expected == 56_352 and posed.mark("56,352").status == "correct"
    assert posed.mistakes["forgot_bias"] == 56_352 - (16 + 32 + 64)
    assert posed.mistakes["last_layer_only"] == 5 * 5 * 32 * 64 + 64
    assert posed.mistakes["same_in_channels"] == (27 * 16 + 16) + (27 * 32 + 32) + (75 * 64 + 64)
    assert "also has a bias" in posed.mark(str(56_352 - 112)).message
    assert posed.explanation[0] == "In all: 448 + 4,640 + 51,264 = 56,352"


def test_one_layers_parameters():
    posed = questions.pose(params_q(layer=2))
    assert posed.expected == 3 * 3 * 16 * 32 + 32
    assert "last_layer_only" not in posed.mistakes


def test_the_stacks_shape_and_slips():
    posed = questions.pose(shape_q())
    assert posed.expected == (6, 6, 64)  # 32 → 30 → ⌈30/2⌉ = 15 → ⌊(15 − 5)/2⌋ + 1 = 6
    assert posed.mark("(None, 6, 6, 64)").status == "correct"
    assert posed.mark("64x6x6").mistakes == ("pytorch_order",)
    assert posed.mark("6x6x32").mistakes == ("input_channels",)
    assert posed.mistakes["ignored_stride"] == (26, 26, 64)  # stride 1 everywhere: 32 → 30 → 30 → 26
    assert posed.mark("6x7x64").mistakes == ("one_axis_right",)
    assert questions.pose(shape_q(layer=2)).expected == (15, 15, 32)


def keras_size(n: int, k: int, s: int, d: int, padding: str) -> int:
    k_eff = d * (k - 1) + 1
    return math.ceil(n / s) if padding == "same" else (n - k_eff) // s + 1


@st.composite
def stacks(draw):
    n = draw(st.integers(16, 64))
    channels = draw(st.integers(1, 4))
    layers = []
    size = n
    for _ in range(draw(st.integers(1, 4))):
        k, s, d = draw(st.integers(1, 5)), draw(st.integers(1, 3)), draw(st.integers(1, 2))
        padding = draw(st.sampled_from(["valid", "same"]))
        if padding == "same" and s > 1:
            d = 1  # Keras refuses dilation with strides above 1
        if keras_size(size, k, s, d, padding) < 1:
            break
        layers.append({"filters": draw(st.integers(1, 8)), "kernel_size": k, "strides": s, "padding": padding,
                       "dilation_rate": d, "use_bias": draw(st.booleans())})
        size = keras_size(size, k, s, d, padding)
    return n, channels, layers


@settings(max_examples=60, deadline=None)
@given(stacks())
def test_any_stack_matches_keras_arithmetic(stack):
    n, channels, layers = stack
    if not layers:
        return
    fields = {"input_shape": [n, n, channels], "layers": layers}
    size, depth, total = n, channels, 0
    for layer in layers:
        k = layer["kernel_size"]
        total += k * k * depth * layer["filters"] + (layer["filters"] if layer["use_bias"] else 0)
        size = keras_size(size, k, layer["strides"], layer["dilation_rate"], layer["padding"])
        depth = layer["filters"]
    shape = questions.pose(msgspec.convert({"id": "q", "kind": "model_output_shape", **fields}, ModelOutputShapeQuestion))
    count = questions.pose(msgspec.convert({"id": "q", "kind": "model_params", **fields}, ModelParamsQuestion))
    assert shape.expected == (size, size, depth) and count.expected == total
    for posed in (shape, count):
        assert all(wrong != posed.expected for wrong in posed.mistakes.values())


@pytest.mark.parametrize("kind", ["model_params", "model_output_shape"])
def test_the_answer_box_takes_their_answers(kind):
    posed = questions.pose(params_q() if kind == "model_params" else shape_q())
    import re

    typed = posed.answer_text.split("  ")[0]
    assert re.fullmatch(f"{posed.kind.answer_chars(posed)}*", typed) and posed.mark(typed).status == "correct"


def test_the_receptive_field_after_one_layer_of_a_stack():
    from convtutor.lessons.questions.receptive_field import ReceptiveFieldQuestion

    def posed(**fields):
        return questions.pose(msgspec.convert({"id": "q", "kind": "receptive_field", **fields}, ReceptiveFieldQuestion))

    stack = [{"kernel": 3}, {"kernel": 3, "stride": 2}, {"kernel": 3}]
    # r ← r + (k − 1)·j, then j ← j·s: 1 → 3 → 5 (j 2) → 9
    assert posed(layers=stack).expected == (9, 9)
    assert posed(layers=stack, layer=2).expected == (5, 5)
    assert posed(layers=stack, layer=1).expected == (3, 3)


def test_a_layer_the_stack_does_not_have_is_reported(tmp_path):
    from convtutor.lessons.loader import validate_paths

    lesson = tmp_path / "rf.yaml"
    lesson.write_text(
        "format_version: 1\nid: rf\ntitle: RF\nsummary: s\nsteps:\n  - id: q\n    kind: quiz\n    questions:\n"
        "      - id: r\n        kind: receptive_field\n        layers: [{kernel: 3}]\n        layer: 3\n", encoding="utf-8",
    )
    (problem,) = validate_paths([lesson])[0]
    assert problem.field == "steps[0].questions[0].layer" and "no layer 3" in problem.message


def test_a_stacks_receptive_field_written_as_a_model_step():
    from convtutor.lessons.questions.model_receptive_field import ModelReceptiveFieldQuestion

    def posed(**fields):
        data = {"id": "q", "kind": "model_receptive_field", "input_shape": [32, 32, 3], **fields}
        return questions.pose(msgspec.convert(data, ModelReceptiveFieldQuestion))

    layers = [{"filters": 8, "kernel_size": 3}, {"filters": 8, "kernel_size": 3, "strides": 2}, {"filters": 8, "kernel_size": 5}]
    # 1 → 3 → 5 (jump 2) → 5 + 4·2 = 13; with the stride left out: 1 + 2 + 2 + 4 = 9
    full = posed(layers=layers)
    assert full.expected == (13, 13) and full.mistakes["ignored_stride"] == (9, 9)
    assert full.mark("9x9").mistakes == ("ignored_stride",)
    assert full.mistakes["added_kernels"] == (11, 11)
    assert posed(layers=layers, layer=2).expected == (5, 5)
    dilated = posed(layers=[{"filters": 1, "kernel_size": 3, "dilation_rate": 2}])
    assert dilated.expected == (5, 5) and dilated.mistakes["ignored_dilation"] == (3, 3)
