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


# -- Conv2DTranspose and pooling in stacks ---------------------------------------------------
from fractions import Fraction  # noqa: E402

from convtutor.core import (  # noqa: E402
    AveragePooling2DLayer,
    Conv2DTransposeLayer,
    MaxPooling2DLayer,
    MixedStackSummary,
    StackSummary,
    avg_pool2d,
    conv2d,
    conv_transpose2d,
    layer_snippets,
    max_pool2d,
)


def test_mixed_stack_names_shapes_and_parameters():
    layers = [
        Conv2DLayer(6, 5), MaxPooling2DLayer(2), Conv2DLayer(16, 5), AveragePooling2DLayer(2),
        Conv2DTransposeLayer(8, 2, strides=2), Conv2DTransposeLayer(4, 3, strides=2, padding="same"),
    ]
    summary = summarize_stack((28, 28, 1), layers)
    assert isinstance(summary, MixedStackSummary) and not isinstance(summary, StackSummary)
    assert [ls.name for ls in summary.layers] == [
        "conv2d", "max_pooling2d", "conv2d_1", "average_pooling2d", "conv2d_transpose", "conv2d_transpose_1",
    ]
    assert [ls.output_shape for ls in summary.layers] == [
        (24, 24, 6), (12, 12, 6), (8, 8, 16), (4, 4, 16), (8, 8, 8), (16, 16, 4),
    ]
    assert [ls.params for ls in summary.layers] == [156, 0, 2416, 0, 2 * 2 * 8 * 16 + 8, 3 * 3 * 4 * 8 + 4]
    assert summary.layers[4].params_formula() == "2·2·8·16 weights + 8 biases = 520"  # kh·kw·C_out·C_in
    assert summary.layers[1].params_formula() == "0 (pooling has no weights)"
    text = summary.format_keras()
    assert "max_pooling2d (MaxPooling2D)" in text and "conv2d_transpose_1 (Conv2DTranspose)" in text
    assert isinstance(summarize_stack((8, 8), [Conv2DLayer(1, 3)]), StackSummary)


def test_receptive_field_through_pooling_is_the_convolution_rule():
    summary = summarize_stack((32, 32), [Conv2DLayer(1, 3), MaxPooling2DLayer(2), Conv2DLayer(1, 3), AveragePooling2DLayer(3, 2, "same")])
    assert [ls.receptive_field[0] for ls in summary.layers] == [3, 4, 8, 12]  # 1 + 2·1 + 1·1 + 2·2 + 2·2
    assert [ls.jump[0] for ls in summary.layers] == [1, 2, 2, 4]


def test_receptive_field_through_transposed_layers():
    # Stride 2, kernel 2: every output depends on exactly one input; the jump halves.
    up = summarize_stack((8, 8), [Conv2DTransposeLayer(1, 2, strides=2)]).layers[0]
    assert up.receptive_field == (1, 1) and up.jump == (Fraction(1, 2), Fraction(1, 2))
    # Kernel 3, stride 2: some outputs get two neighbouring inputs.
    assert summarize_stack((8, 8), [Conv2DTransposeLayer(1, 3, strides=2)]).layers[0].receptive_field == (2, 2)
    # Down then up: a 2×2 pool under a stride-2 transposed layer: outputs still see 2 input pixels.
    stack = summarize_stack((8, 8), [MaxPooling2DLayer(2), Conv2DTransposeLayer(1, 2, strides=2)])
    assert stack.layers[-1].receptive_field == (2, 2) and stack.layers[-1].jump == (1, 1)


def test_receptive_field_is_what_the_output_depends_on():
    """The widest span of input pixels one output changes with, found by poking the input."""
    layers = [Conv2DLayer(1, 3), Conv2DTransposeLayer(1, 3, strides=2), MaxPooling2DLayer(2, 1)]
    summary = summarize_stack((12, 12), layers)
    rng = np.random.default_rng(0)
    weights = [(rng.uniform(1, 2, (3, 3)), 0.0), (rng.uniform(1, 2, (3, 3)), 0.0), None]
    widest = 0
    for out_row in range(4, 12):  # away from the borders
        touched = []
        for row in range(12):
            image = np.zeros((12, 12))
            base = run_stack(image, layers, weights)[-1]
            image[row, :] = 1.0
            if not np.array_equal(run_stack(image, layers, weights)[-1][out_row], base[out_row]):
                touched.append(row)
        widest = max(widest, touched[-1] - touched[0] + 1)
    assert summary.layers[-1].receptive_field[0] == widest


def test_run_stack_runs_every_kind():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((8, 8, 2))
    k1, k2 = rng.standard_normal((3, 3, 2, 4)), rng.standard_normal((2, 2, 3, 4))
    layers = [Conv2DLayer(4, 3, padding="same"), MaxPooling2DLayer(2), Conv2DTransposeLayer(3, 2, strides=2), AveragePooling2DLayer(2, 1, 0)]
    outs = run_stack(x, layers, [(k1, 0.5), None, (k2, None), None])
    step = conv2d(x, k1, 0.5, padding="same")
    np.testing.assert_array_equal(outs[0], step)
    step = max_pool2d(step, 2)
    np.testing.assert_array_equal(outs[1], step)
    step = conv_transpose2d(step, k2, None, stride=2)
    np.testing.assert_array_equal(outs[2], step)
    np.testing.assert_array_equal(outs[3], avg_pool2d(step, 2, strides=1, padding=0))
    assert [o.shape for o in outs] == [(8, 8, 4), (4, 4, 4), (8, 8, 3), (7, 7, 3)]
    with pytest.raises(ValueError, match=r"\(kh, kw, C_out, C_in\)"):
        run_stack(x, [Conv2DTransposeLayer(3, 2)], [(np.ones((2, 2, 2, 3)), None)])
    with pytest.raises(ValueError, match="needs a"):
        run_stack(x, [Conv2DTransposeLayer(3, 2)], [None])


def test_layer_errors_name_the_layer():
    with pytest.raises(ValueError, match=r"Layer 2 \(max_pooling2d\) gets a 1×1 input: the pool window does not fit"):
        summarize_stack((3, 3), [Conv2DLayer(1, 3), MaxPooling2DLayer(2)])
    with pytest.raises(ValueError, match=r"Layer 1 \(conv2d_transpose\) gets a 3×3 input: output padding must be below"):
        summarize_stack((3, 3), [Conv2DTransposeLayer(1, 3, strides=2, output_padding=2)])
    with pytest.raises(ValueError, match="Cannot read padding"):
        MaxPooling2DLayer(2, padding=((0, 1), (0, 1)))


def snippet_pair(shape, layer):
    return layer_snippets(summarize_stack(shape, [layer]).layers[0])


def test_transposed_snippets():
    keras, torch = snippet_pair((5, 5, 1), Conv2DTransposeLayer(1, 1, strides=3))
    assert keras.lines == ("layers.Conv2DTranspose(1, (1, 1), strides=(3, 3))",)
    assert torch.lines == ("nn.ConvTranspose2d(1, 1, kernel_size=(1, 1), stride=(3, 3), output_padding=2)",)
    assert any("15×15" in note and "13×13" in note for note in torch.notes)
    keras, torch = snippet_pair((5, 5, 3), Conv2DTransposeLayer(8, 4, strides=2, padding="same", use_bias=False))
    assert keras.lines == ('layers.Conv2DTranspose(8, (4, 4), strides=(2, 2), padding="same", use_bias=False)',)
    assert torch.lines == ("nn.ConvTranspose2d(3, 8, kernel_size=(4, 4), stride=(2, 2), padding=1, bias=False)",)
    keras, _ = snippet_pair((5, 5, 1), Conv2DTransposeLayer(1, 2, strides=2, padding="same", output_padding=0))
    assert any("TensorFlow backend refuses" in note for note in keras.notes)
    keras, _ = snippet_pair((9, 9, 1), Conv2DTransposeLayer(1, 3, strides=2, dilation_rate=2))
    assert any("strides > 1 together with dilation_rate > 1" in note for note in keras.notes)


def test_pooling_snippets():
    keras, torch = snippet_pair((8, 8, 1), MaxPooling2DLayer(2))
    assert keras.lines == ("layers.MaxPooling2D((2, 2))",) and torch.lines == ("nn.MaxPool2d(kernel_size=(2, 2))",)
    keras, torch = snippet_pair((7, 7, 1), AveragePooling2DLayer(3, 2, "same"))
    assert keras.lines == ('layers.AveragePooling2D((3, 3), strides=(2, 2), padding="same")',)
    assert torch.lines == ("nn.AvgPool2d(kernel_size=(3, 3), stride=(2, 2), padding=1, count_include_pad=False)",)
    keras, torch = snippet_pair((7, 7, 1), AveragePooling2DLayer(3, 2, 1))
    assert keras.lines == ("layers.ZeroPadding2D(padding=((1, 1), (1, 1)))", "layers.AveragePooling2D((3, 3), strides=(2, 2))")
    assert any("count_include_pad=True" in note for note in torch.notes)
    keras, _ = snippet_pair((7, 7, 1), AveragePooling2DLayer(3, 2, 1, count_include_pad=False))
    assert keras.lines == ('layers.AveragePooling2D((3, 3), strides=(2, 2), padding="same")',)
    keras, torch = snippet_pair((8, 8, 1), MaxPooling2DLayer(2, 1, "same"))
    assert torch.lines[0].startswith('x = F.pad(x, (0, 1, 0, 1), value=float("-inf"))')
    keras, _ = snippet_pair((6, 6, 1), MaxPooling2DLayer(3, 2, 1, ceil_mode=True))
    assert 'constant_values=float("-inf")' in keras.lines[0] and "(1, 2)" in keras.lines[0]


# -- the Keras lines `convtutor shape` prints, read with the core's Keras rules -----------------
class _KerasOps:
    """The keras.ops the snippets use, by the core (Keras itself is not installed)."""

    @staticmethod
    def pad(t, widths, constant_values=0):
        return np.pad(t, widths, constant_values=constant_values)

    @staticmethod
    def ones_like(t):
        return np.ones_like(t)

    @staticmethod
    def average_pool(t, pool_size, strides=None):
        return avg_pool2d(t, pool_size, strides=strides, padding="valid")


class _Keras:
    ops = _KerasOps


class _Layers:
    """keras.layers as the snippets use them: each gives a function of a (N, H, W, C) batch."""

    def __init__(self, kernel=None, bias=None):
        self.kernel, self.bias = kernel, bias

    def Conv2DTranspose(self, filters, kernel_size, strides=(1, 1), padding="valid", output_padding=None, dilation_rate=(1, 1), use_bias=True):
        assert self.kernel.shape[:3] == (*kernel_size, filters)
        return lambda t: conv_transpose2d(
            t, self.kernel, self.bias if use_bias else None, stride=strides, padding=padding,
            output_padding=output_padding, dilation=dilation_rate,
        )

    def Cropping2D(self, cropping):
        (top, bottom), (left, right) = cropping
        return lambda t: t[:, top : t.shape[1] - bottom, left : t.shape[2] - right]

    def ZeroPadding2D(self, padding):
        (top, bottom), (left, right) = padding
        return lambda t: np.pad(t, ((0, 0), (top, bottom), (left, right), (0, 0)))

    def MaxPooling2D(self, pool_size, strides=None, padding="valid"):
        return lambda t: max_pool2d(t, pool_size, strides=strides, padding=padding)

    def AveragePooling2D(self, pool_size, strides=None, padding="valid"):
        return lambda t: avg_pool2d(t, pool_size, strides=strides, padding=padding)

    def Lambda(self, fn):
        return fn


def run_keras_lines(lines, x, kernel=None, bias=None):
    env = {"layers": _Layers(kernel, bias), "keras": _Keras}
    for line in lines:
        x = eval(line, env)(x)
    return x


@pytest.mark.parametrize("padding", ["valid", "same", 0, 1, 2, (2, 0)])
@pytest.mark.parametrize("stride, dilation, output_padding", [(1, 1, None), (2, 1, None), (3, 1, None), (2, 1, 1), (3, 1, (2, 1)), (1, 2, None), (1, 3, 2)])
@pytest.mark.parametrize("k", [1, 2, 3])
def test_printed_keras_lines_compute_the_transposed_layer(padding, stride, dilation, output_padding, k):
    rng = np.random.default_rng(k)
    x = rng.standard_normal((1, 4, 5, 2))
    kernel, bias = rng.standard_normal((k, k, 3, 2)), rng.standard_normal(3)
    layer = Conv2DTransposeLayer(3, k, strides=stride, padding=padding, output_padding=output_padding, dilation_rate=dilation)
    try:
        summary = summarize_stack(x.shape[1:], [layer]).layers[0]
    except ValueError:
        return  # a setting the frameworks refuse
    keras, _ = layer_snippets(summary)
    if any("Keras refuses output_padding" in note for note in keras.notes):
        return  # Keras cannot build it, and says so
    want = conv_transpose2d(x, kernel, bias, stride=stride, padding=padding, output_padding=output_padding, dilation=dilation)
    np.testing.assert_allclose(run_keras_lines(keras.lines, x, kernel, bias), want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("padding", ["valid", "same", 0, 1, (1, 0)])
@pytest.mark.parametrize("ceil_mode", [False, True])
@pytest.mark.parametrize("pool, strides", [(2, None), (3, 2), (3, 1), (2, 3)])
@pytest.mark.parametrize("kind", ["max", "avg-include", "avg-exclude"])
@pytest.mark.parametrize("size", [(5, 5), (6, 7)])
def test_printed_keras_lines_compute_the_pooling_layer(padding, ceil_mode, pool, strides, kind, size):
    x = np.random.default_rng(sum(size)).standard_normal((1, *size, 2))
    if kind == "max":
        layer = MaxPooling2DLayer(pool, strides, padding, ceil_mode=ceil_mode)
        run = max_pool2d
        extra = {}
    else:
        layer = AveragePooling2DLayer(pool, strides, padding, ceil_mode=ceil_mode, count_include_pad=kind == "avg-include")
        run = avg_pool2d
        extra = {"count_include_pad": kind == "avg-include"}
    try:
        summary = summarize_stack(x.shape[1:], [layer]).layers[0]
    except ValueError:
        return
    keras, _ = layer_snippets(summary)
    want = run(x, pool, strides=strides, padding=padding, ceil_mode=ceil_mode, **extra)
    np.testing.assert_allclose(run_keras_lines(keras.lines, x), want, rtol=1e-12, atol=1e-12)


def test_the_carried_receptive_field_is_the_one_worked_out_over_each_prefix():
    """summarize_stack carries (field, jump) forward until a transposed layer; each layer's must
    equal the full working-out over the layers so far (exactly: ints and Fractions)."""
    from convtutor.core.layers import _field_and_jump, _Step

    kinds = [lambda: Conv2DLayer(1, 3), lambda: Conv2DLayer(1, (3, 2), strides=2), lambda: Conv2DLayer(1, 2, dilation_rate=2),
             lambda: MaxPooling2DLayer(2), lambda: AveragePooling2DLayer(3, 2, "same"), lambda: Conv2DTransposeLayer(1, 3, strides=2)]
    checked = 0
    for first in range(len(kinds)):
        for second in range(len(kinds)):
            for third in range(len(kinds)):
                summary = summarize_stack((40, 40), [kinds[i]() for i in (first, second, third, first)])
                rows: list[_Step] = []
                cols: list[_Step] = []
                for ls in summary.layers:
                    transposed = isinstance(ls.layer, Conv2DTransposeLayer)
                    for steps, axis in ((rows, ls.plan.rows), (cols, ls.plan.cols)):
                        steps.append(_Step(transposed, axis.kernel, axis.stride, axis.dilation, axis.before))
                    (row_field, row_jump), (col_field, col_jump) = _field_and_jump(rows), _field_and_jump(cols)
                    assert (ls.receptive_field, ls.jump) == ((row_field, col_field), (row_jump, col_jump))
                    assert type(ls.jump[0]) is type(row_jump) and type(ls.receptive_field[0]) is type(row_field)
                    checked += 1
    assert checked == 4 * len(kinds) ** 3
