"""Layer types in model steps and stack questions: Keras' class names, the fields each takes,
the core's layers, the settings and explanations naming each type, and their slips."""

from __future__ import annotations

import msgspec
import pytest

from convtutor.core.layers import AveragePooling2DLayer, Conv2DLayer, Conv2DTransposeLayer, MaxPooling2DLayer
from convtutor.lessons import questions
from convtutor.lessons.layers import LayerSpec, core_layer
from convtutor.lessons.loader import validate_paths

STACK = [
    {"filters": 16, "kernel_size": 3, "padding": "same"},
    {"type": "MaxPooling2D", "pool_size": 2},
    {"type": "AveragePooling2D", "pool_size": 2, "strides": 1, "padding": "same"},
    {"type": "Conv2DTranspose", "filters": 8, "kernel_size": 2, "strides": 2, "padding": "valid", "output_padding": 1},
]


def spec(**fields) -> LayerSpec:
    return msgspec.convert(fields, LayerSpec)


def test_each_type_gives_its_core_layer_with_keras_defaults():
    assert core_layer(spec()) == Conv2DLayer(1, 3)
    pool = core_layer(spec(type="MaxPooling2D"))
    assert isinstance(pool, MaxPooling2DLayer) and pool.pool_size == pool.strides == (2, 2)  # strides default to the pool
    assert core_layer(spec(type="AveragePooling2D", pool_size=3, strides=1, padding="same")) == AveragePooling2DLayer(3, 1, "same")
    assert core_layer(spec(type="Conv2DTranspose", filters=8, kernel_size=2, strides=2, output_padding=[1, 0])) == \
        Conv2DTransposeLayer(8, 2, 2, "valid", (1, 0))
    assert core_layer(spec(type="MaxPooling2D", padding=[1, 0])).padding == (1, 0)  # PyTorch's pixels per side


def model_params(**fields):
    data = {"id": "q", "kind": "model_params", "input_shape": [28, 28, 3], "layers": STACK, **fields}
    return questions.pose(msgspec.convert(data, questions.BY_TAG["model_params"].struct))


def model_shape(**fields):
    data = {"id": "q", "kind": "model_output_shape", "input_shape": [28, 28, 3], "layers": STACK, **fields}
    return questions.pose(msgspec.convert(data, questions.BY_TAG["model_output_shape"].struct))


def test_settings_name_each_layers_type():
    posed = model_params()
    assert posed.settings[1:] == [
        "  1. Conv2D(16, 3, padding='same')",
        "  2. MaxPooling2D(2)",
        "  3. AveragePooling2D(2, strides=1, padding='same')",
        "  4. Conv2DTranspose(8, 2, strides=2, output_padding=1)",
    ]


def test_pooling_has_no_parameters_and_the_slip_that_gives_it_some():
    posed = model_params()
    assert posed.expected == (3 * 3 * 3 * 16 + 16) + (2 * 2 * 8 * 16 + 8)
    assert "max_pooling2d: 0 (pooling has no weights)" in posed.explanation
    pooled = 2 * (2 * 2 * 16 * 16 + 16)  # both pools counted as a Conv2D of their window
    assert posed.mistakes["gave_pooling_params"] == posed.expected + pooled
    mark = posed.mark(str(posed.expected + pooled))
    assert mark.mistakes == ("gave_pooling_params",) and "0 parameters" in mark.message
    assert "gave_pooling_params" not in model_params(layer=1).mistakes  # no pooling in what is asked
    assert model_params(layer=2).expected == 0


def test_shapes_through_every_type_and_their_slips():
    posed = model_shape()
    # 28 'same' → 28, pool 2 → 14, average 2 stride 1 'same' → 14, transposed (14 − 1)·2 + 2 + 1 = 29
    assert posed.expected == (29, 29, 8)
    assert posed.mark("29x29x8").status == "correct"
    assert any("pooling keeps the channels" in line for line in posed.explanation)
    assert any(line.startswith("conv2d_transpose: Rows and columns: o = (i − 1)·s + k + output_padding") for line in posed.explanation)
    # stride 1 everywhere would put output_padding 1 at stride 1, which Keras refuses
    assert "ignored_stride" not in posed.mistakes  # output_padding 1 with stride 1 is refused: no such answer
    assert posed.mark("29x29x16").mistakes == ("input_channels",)  # the channels are the filters' (8)
    assert model_shape(layer=2).expected == (14, 14, 16)


LESSON = """\
format_version: 1
id: types
title: Layer types
summary: every type of layer
steps:
  - id: summary
    kind: model
    input_shape: [28, 28, 3]
    layers:
      - {filters: 16, kernel_size: 3, padding: same}
      - {type: MaxPooling2D, pool_size: 2}
      - {type: AveragePooling2D, pool_size: 2, strides: 1, padding: same}
      - {type: Conv2DTranspose, filters: 8, kernel_size: 2, strides: 2, output_padding: 1}
  - id: quiz
    kind: quiz
    questions:
      - id: params
        kind: model_params
        input_shape: [28, 28, 3]
        layers:
          - {filters: 16, kernel_size: 3}
          - {type: MaxPooling2D, pool_size: 2}
        feedback:
          - mistake: gave_pooling_params
            message: Pooling learns nothing.
"""


def test_a_lesson_with_every_layer_type_validates(tmp_path):
    (tmp_path / "types.yaml").write_text(LESSON, encoding="utf-8")
    problems, count = validate_paths([tmp_path / "types.yaml"])
    assert count == 1 and [p.format() for p in problems] == []


@pytest.mark.parametrize(("layer", "line", "column", "field", "words"), [
    ("{type: MaxPooling2D, pool_size: 2, filters: 3}", 11, 53, "steps[0].layers[1].filters", ["MaxPooling2D layers take no filters", "remove filters"]),
    ("{type: AveragePooling2D, kernel_size: 3}", 11, 47, "steps[0].layers[1].kernel_size", ["does not apply", "pool_size: 2"]),
    ("{type: Conv2DTranspose, pool_size: 2}", 11, 44, "steps[0].layers[1].pool_size", ["does not apply", "kernel_size"]),
    ("{filters: 2, output_padding: 1}", 11, 38, "steps[0].layers[1].output_padding", ["Conv2D layers take no output_padding", "Conv2DTranspose"]),
    ("{type: MaxPooling2D, padding: full}", 11, 39, "steps[0].layers[1].padding", ["'valid', 'same', N or [rows, cols]", "PyTorch"]),
    ("{type: Conv2DTranspose, strides: 2, output_padding: 2}", 11, 9, "steps[0].layers[1]", ["output padding must be below the stride", "smaller than"]),
    ("{type: MaxPoolin2D}", 11, 16, "steps[0].layers[1].type", ["did you mean 'MaxPooling2D'"]),
])
def test_a_broken_layer_is_reported_at_its_field_with_a_fix(tmp_path, layer, line, column, field, words):
    text = LESSON.replace("{type: MaxPooling2D, pool_size: 2}\n      - {type: AveragePooling2D", layer + "\n      - {type: AveragePooling2D", 1)
    (tmp_path / "broken.yaml").write_text(text, encoding="utf-8")
    problems, _ = validate_paths([tmp_path / "broken.yaml"])
    assert len(problems) == 1, [p.format() for p in problems]
    (problem,) = problems
    assert (problem.line, problem.column, problem.field) == (line, column, field), problem.format()
    for word in words:
        assert word in problem.format()


def test_feature_maps_need_conv2d_layers(tmp_path):
    text = LESSON.replace("    input_shape: [28, 28, 3]\n    layers:\n      - {filters: 16, kernel_size: 3, padding: same}",
                          "    input_shape: [6, 6, 1]\n    input: {generator: numbered, size: 6}\n"
                          "    weights: [{kernel: ones}, {kernel: ones}]\n    layers:\n      - {kernel_size: 3}", 1)
    text = text.replace("      - {type: AveragePooling2D, pool_size: 2, strides: 1, padding: same}\n"
                        "      - {type: Conv2DTranspose, filters: 8, kernel_size: 2, strides: 2, output_padding: 1}\n", "")
    (tmp_path / "maps.yaml").write_text(text, encoding="utf-8")
    problems, _ = validate_paths([tmp_path / "maps.yaml"])
    assert [(p.field, "Conv2D layers only" in p.message) for p in problems] == [("steps[0].layers[1].type", True)]


def test_the_receptive_field_grows_through_a_pooling_layer():
    layers = [{"filters": 4, "kernel_size": 3}, {"type": "MaxPooling2D", "pool_size": 2}, {"filters": 4, "kernel_size": 5}]
    data = {"id": "q", "kind": "model_receptive_field", "input_shape": [32, 32, 1], "layers": layers}
    posed = questions.pose(msgspec.convert(data, questions.BY_TAG["model_receptive_field"].struct))
    assert posed.expected == (12, 12)  # r: 1 → 3 → 3 + 1·1 = 4 (jump 2) → 4 + 4·2 = 12
    assert posed.mistakes["added_kernels"] == (10, 10)  # 3 + 2 + 5: the pool's window counts as a kernel
    assert posed.mistakes["ignored_stride"] == (8, 8)  # the pool's default stride 2 left out
    assert "MaxPooling2D(2)" in "\n".join(posed.settings)


@pytest.mark.parametrize("width", [100, 60])
def test_the_summary_names_each_type_whole_at_any_width(width):
    from rich.console import Console

    from convtutor.core.layers import summarize_stack
    from convtutor.tui.steps.model import SummaryTable

    summary = summarize_stack([28, 28, 3], [core_layer(msgspec.convert(layer, LayerSpec)) for layer in STACK])
    console = Console(width=width, record=True, color_system=None)
    console.print(SummaryTable(summary))
    text = console.export_text()
    assert "…" not in text and "(None, 29, 29, 8)" in text
    for name in ("max_pooling2d", "(MaxPooling2D)", "average_pooling2d", "(AveragePooling2D)", "conv2d_transpose", "(Conv2DTranspose)"):
        assert name in text
    assert ("average_pooling2d (AveragePooling2D)" in text) == (width == 100)  # narrow: the type under the name
