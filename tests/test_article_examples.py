"""Every figure in the reference `article-examples.md`, computed through the core.

The expected values are the Keras 3 results quoted in that file; the core must reproduce
each one from the layer settings alone.
"""

from __future__ import annotations

import numpy as np
import pytest

from convtutor.core import Conv2DLayer, Sweep, conv2d, run_stack, summarize_stack

LINE_IMAGE = np.zeros((8, 8))
LINE_IMAGE[:, 3:5] = 1  # two-pixel vertical line in columns 3 and 4
DETECTOR = np.array([[0, 1, 0], [0, 1, 0], [0, 1, 0]], dtype=float)


def stack(*layers):
    return summarize_stack((8, 8, 1), list(layers))


SHAPES = {
    "1-one-3x3-valid": (stack(Conv2DLayer(1, 3)), ["(None, 6, 6, 1)"], [10], 10),
    "2-two-stacked-3x3-valid": (stack(Conv2DLayer(1, 3), Conv2DLayer(1, 3)), ["(None, 6, 6, 1)", "(None, 4, 4, 1)"], [10, 10], 20),
    "3a-one-5x5": (stack(Conv2DLayer(1, 5)), ["(None, 4, 4, 1)"], [26], 26),
    "3b-one-1x1": (stack(Conv2DLayer(1, 1)), ["(None, 8, 8, 1)"], [2], 2),
    "3c-one-8x8": (stack(Conv2DLayer(1, 8)), ["(None, 1, 1, 1)"], [65], 65),
    "4a-one-3x3-same": (stack(Conv2DLayer(1, 3, padding="same")), ["(None, 8, 8, 1)"], [10], 10),
    "4b-three-stacked-same": (stack(*[Conv2DLayer(1, 3, padding="same")] * 3), ["(None, 8, 8, 1)"] * 3, [10] * 3, 30),
    "5-stride-2": (stack(Conv2DLayer(1, 3, strides=2)), ["(None, 3, 3, 1)"], [10], 10),
    "beyond-same-stride-2": (stack(Conv2DLayer(1, 3, strides=2, padding="same")), ["(None, 4, 4, 1)"], [10], 10),
}


@pytest.mark.parametrize("name", SHAPES)
def test_shapes_and_parameter_counts(name):
    summary, shapes, params, total = SHAPES[name]
    assert [layer.keras_shape for layer in summary.layers] == shapes
    assert [layer.params for layer in summary.layers] == params
    assert summary.total_params == total


def test_example_1_feature_map_rows_are_0_0_3_3_0_0():
    out = conv2d(LINE_IMAGE, DETECTOR)
    assert out.shape == (6, 6)
    assert all(row == [0, 0, 3, 3, 0, 0] for row in out.tolist())


def test_example_1_keras_predict_shape_is_batch_rows_cols_filters():
    out = conv2d(LINE_IMAGE[None, :, :, None], DETECTOR[:, :, None, None], [0.0])
    assert out.shape == (1, 6, 6, 1)


def test_example_1_params_are_9_weights_and_1_bias():
    (layer,) = stack(Conv2DLayer(1, 3)).layers
    assert (layer.weights, layer.biases) == (9, 1)


def test_example_2_first_row_windows_are_3_where_middle_column_is_3_or_4():
    out = conv2d(LINE_IMAGE, DETECTOR)
    for c in range(6):
        assert out[0, c] == (3 if c + 1 in (3, 4) else 0)


def test_example_2_border_effect_loses_28_pixels():
    out = conv2d(LINE_IMAGE, DETECTOR)
    assert LINE_IMAGE.size - out.size == 28


def test_example_2_two_layers_feature_maps_shrink_to_4x4():
    maps = run_stack(LINE_IMAGE, [Conv2DLayer(1, 3), Conv2DLayer(1, 3)], [(DETECTOR, 0.0), (DETECTOR, 0.0)])
    assert [m.shape for m in maps] == [(6, 6, 1), (4, 4, 1)]


def test_example_4_one_pixel_border_makes_10x10_and_8x8():
    padded = Sweep(LINE_IMAGE, DETECTOR, padding=1).padded  # the grid the app shows
    rows = LINE_IMAGE.tolist()
    assert [list(row) for row in padded] == [[0.0] * 10] + [[0.0, *row, 0.0] for row in rows] + [[0.0] * 10]
    assert conv2d(LINE_IMAGE, DETECTOR, padding=1).shape == (8, 8)


def test_example_4a_same_feature_map():
    expected = [[0, 0, 0, 2, 2, 0, 0, 0]] + [[0, 0, 0, 3, 3, 0, 0, 0]] * 6 + [[0, 0, 0, 2, 2, 0, 0, 0]]
    assert conv2d(LINE_IMAGE, DETECTOR, padding="same").tolist() == expected


def test_example_5_stride_2_rows_are_0_3_0():
    out = conv2d(LINE_IMAGE, DETECTOR, stride=(2, 2))
    assert out.tolist() == [[0, 3, 0]] * 3
    assert 36 // out.size == 4  # a quarter of the pixels of the stride-1 map


def test_beyond_same_stride_2_pads_bottom_right_and_gives_the_quoted_map():
    (layer,) = stack(Conv2DLayer(1, 3, strides=2, padding="same")).layers
    assert (layer.plan.rows.before, layer.plan.rows.after) == (0, 1)
    assert (layer.plan.cols.before, layer.plan.cols.after) == (0, 1)
    out = conv2d(LINE_IMAGE, DETECTOR, stride=2, padding="same")
    assert out.tolist() == [[0, 3, 0, 0], [0, 3, 0, 0], [0, 3, 0, 0], [0, 2, 0, 0]]
