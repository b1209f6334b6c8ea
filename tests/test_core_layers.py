"""Layer stacks: Keras-style summary, parameters, receptive field; framework code lines."""

from __future__ import annotations

import numpy as np
import pytest

from convtutor.core import Conv2DLayer, keras_snippet, plan_conv, pytorch_snippet, run_stack, summarize_stack


def test_receptive_field_grows_with_the_jump():
    layers = [Conv2DLayer(8, 3), Conv2DLayer(8, 3, strides=2), Conv2DLayer(8, 3), Conv2DLayer(8, 3, dilation_rate=2)]
    summary = summarize_stack((32, 32, 3), layers)
    assert [ls.receptive_field[0] for ls in summary.layers] == [3, 5, 9, 17]
    assert [ls.jump[0] for ls in summary.layers] == [1, 2, 2, 2]


def test_parameters_with_channels_and_without_bias():
    summary = summarize_stack((28, 28, 3), [Conv2DLayer(16, 5), Conv2DLayer(32, 3, use_bias=False)])
    assert [ls.params for ls in summary.layers] == [5 * 5 * 3 * 16 + 16, 3 * 3 * 16 * 32]
    assert summary.layers[1].params_formula() == "3·3·16·32 weights = 4608"
    assert summary.output_shape == (22, 22, 32)


def test_keras_summary_text():
    text = summarize_stack((8, 8), [Conv2DLayer(1, 3)]).format_keras()
    assert 'Model: "sequential"' in text
    assert "│ conv2d (Conv2D)" in text and "(None, 6, 6, 1)" in text
    assert " Total params: 10 (40.00 B)" in text
    assert " Non-trainable params: 0 (0.00 B)" in text


def test_run_stack_checks_weights():
    with pytest.raises(ValueError, match="does not match"):
        run_stack(np.zeros((8, 8)), [Conv2DLayer(2, 3)], [(np.ones((3, 3)), 0)])
    with pytest.raises(ValueError, match="weights for 0 layers"):
        run_stack(np.zeros((8, 8)), [Conv2DLayer(1, 3)], [])


def snippets(layer, hw=(8, 8), c_in=1):
    plan = plan_conv(hw, layer.kernel_size, stride=layer.strides, padding=layer.padding,
                     dilation=layer.dilation_rate, padding_mode=layer.padding_mode)
    return keras_snippet(layer, plan), pytorch_snippet(layer, plan, c_in)


def test_same_stride_two_needs_f_pad_in_pytorch():
    keras, torch = snippets(Conv2DLayer(1, 3, strides=2, padding="same"))
    assert keras.lines == ('layers.Conv2D(1, (3, 3), strides=(2, 2), padding="same")',)
    assert torch.lines[0] == "x = F.pad(x, (0, 1, 0, 1))  # (left, right, top, bottom)"
    assert torch.lines[1] == "nn.Conv2d(1, 1, kernel_size=(3, 3), stride=(2, 2))"
    assert "refuses padding='same' with a stride above 1" in torch.notes[0]


def test_symmetric_same_stride_two_uses_an_int_padding():
    _, torch = snippets(Conv2DLayer(1, 3, strides=2, padding="same"), hw=(7, 7))
    assert torch.lines == ("nn.Conv2d(1, 1, kernel_size=(3, 3), stride=(2, 2), padding=1)",)
    assert "padding=1 gives the same result" in torch.notes[0]


def test_same_stride_one_is_native_in_both():
    keras, torch = snippets(Conv2DLayer(4, 3, padding="same"), c_in=2)
    assert keras.lines == ('layers.Conv2D(4, (3, 3), padding="same")',)
    assert torch.lines == ('nn.Conv2d(2, 4, kernel_size=(3, 3), padding="same")',)


def test_full_and_reflect_padding():
    keras, torch = snippets(Conv2DLayer(1, 3, padding="full"))
    assert keras.lines[0] == "layers.ZeroPadding2D(padding=((2, 2), (2, 2)))"
    assert torch.lines == ("nn.Conv2d(1, 1, kernel_size=(3, 3), padding=2)",)
    keras, torch = snippets(Conv2DLayer(1, 3, padding=1, padding_mode="reflect"))
    assert 'mode="reflect"' in keras.lines[0]
    assert torch.lines == ('nn.Conv2d(1, 1, kernel_size=(3, 3), padding=1, padding_mode="reflect")',)


def test_keras_refuses_stride_with_dilation():
    keras, _ = snippets(Conv2DLayer(1, 3, strides=2, dilation_rate=2), hw=(16, 16))
    assert any("dilation_rate > 1" in note for note in keras.notes)
