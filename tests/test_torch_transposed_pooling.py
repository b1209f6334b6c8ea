"""conv_transpose2d and the poolings against PyTorch itself, when PyTorch is installed (it is
optional: pip install torch), and the PyTorch lines `convtutor shape` prints, run in PyTorch.

The expected values are computed by PyTorch alone. Keras' rules (Keras itself is not installed)
are applied to PyTorch's results the way Keras' own PyTorch backend applies them: the full
transposed result cropped by F.pad, 'same' pooling by F.pad with −inf (max) or a pooled count
of the real pixels (average). The sizes and crops are worked out here from Keras' formulas,
not by the core.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

torch = pytest.importorskip("torch")
F = pytest.importorskip("torch.nn.functional")
nn = torch.nn

from convtutor.core import (  # noqa: E402
    AveragePooling2DLayer,
    Conv2DTransposeLayer,
    MaxPooling2DLayer,
    avg_pool2d,
    conv_transpose2d,
    layer_snippets,
    max_pool2d,
    summarize_stack,
)


def nchw(x: np.ndarray):
    return torch.from_numpy(np.ascontiguousarray(x)).permute(0, 3, 1, 2)


def nhwc(t) -> np.ndarray:
    return t.permute(0, 2, 3, 1).detach().numpy()


def torch_kernel(w: np.ndarray):
    """Keras' (kh, kw, C_out, C_in) as ConvTranspose2d's (C_in, C_out, kh, kw)."""
    return torch.from_numpy(np.ascontiguousarray(w)).permute(3, 2, 0, 1)


# -- Keras' rules, from keras/src/backend/common/backend_utils.py and TensorFlow ----------------
def keras_transpose_axis(i: int, k: int, s: int, d: int, padding: str, output_padding: int | None) -> tuple[int, int]:
    """(output length, cells cropped at the start of the full result)."""
    k_eff = (k - 1) * d + 1
    if padding == "valid":
        extra = max(k_eff, s) - k_eff if output_padding is None else output_padding
        return (i - 1) * s + k_eff + extra, 0
    length = i * s if output_padding is None else (i - 1) * s + k_eff % 2 + output_padding
    return length, max((i - 1) * s + k_eff - length, 0) // 2


def keras_same_pads(i: int, k: int, s: int) -> tuple[int, int]:
    out = math.ceil(i / s)
    total = max((out - 1) * s + k - i, 0)
    return total // 2, total - total // 2


def torch_keras_transpose(x, w, b, stride, dilation, padding, output_padding):
    full = F.conv_transpose2d(nchw(x), torch_kernel(w), None, stride=stride, dilation=dilation)
    ops = output_padding if isinstance(output_padding, tuple) else (output_padding, output_padding)
    sizes = []
    for axis in (0, 1):
        sizes.append(keras_transpose_axis(x.shape[1 + axis], w.shape[axis], stride[axis], dilation[axis], padding, ops[axis]))
    (ho, top), (wo, left) = sizes
    hf, wf = full.shape[2:]
    # F.pad crops with negative widths and adds zeros with positive ones: (left, right, top, bottom).
    out = F.pad(full, (-left, wo - (wf - left), -top, ho - (hf - top)))
    if b is not None:
        out = out + torch.from_numpy(b).reshape(1, -1, 1, 1)
    return nhwc(out)


@st.composite
def transposed_cases(draw):
    n, h, w = draw(st.integers(1, 2)), draw(st.integers(1, 6)), draw(st.integers(1, 6))
    c_in, c_out = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    x = draw(arrays(np.float64, (n, h, w, c_in), elements=st.floats(-2, 2, width=32)))
    kernel = draw(arrays(np.float64, (kh, kw, c_out, c_in), elements=st.floats(-2, 2, width=32)))
    bias = draw(st.none() | arrays(np.float64, (c_out,), elements=st.floats(-2, 2, width=32)))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    dilation = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    return x, kernel, bias, stride, dilation


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transposed_cases(), st.tuples(st.integers(0, 2), st.integers(0, 2)), st.tuples(st.integers(0, 2), st.integers(0, 2)))
def test_pytorch_padding_matches_conv_transpose2d(case, padding, output_padding):
    x, w, b, stride, dilation = case
    assume(all(op < max(s, d) for op, s, d in zip(output_padding, stride, dilation, strict=True)))
    try:
        want = nhwc(F.conv_transpose2d(
            nchw(x), torch_kernel(w), None if b is None else torch.from_numpy(b), stride=stride, padding=padding,
            output_padding=output_padding, dilation=dilation,
        ))
    except RuntimeError:  # PyTorch: the output would be empty
        with pytest.raises(ValueError, match="no output"):
            conv_transpose2d(x, w, b, stride=stride, padding=padding, output_padding=output_padding, dilation=dilation)
        return
    got = conv_transpose2d(x, w, b, stride=stride, padding=padding, output_padding=output_padding, dilation=dilation)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-10)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transposed_cases(), st.sampled_from(["valid", "same"]), st.none() | st.tuples(st.integers(0, 2), st.integers(0, 2)))
def test_keras_padding_matches_pytorch_cropped_as_keras_does(case, padding, output_padding):
    x, w, b, stride, dilation = case
    if output_padding is not None:
        assume(all(op < s for op, s in zip(output_padding, stride, strict=True)))
    want = torch_keras_transpose(x, w, b, stride, dilation, padding, output_padding)
    assume(min(want.shape[1:3]) >= 1)
    got = conv_transpose2d(x, w, b, stride=stride, padding=padding, output_padding=output_padding, dilation=dilation)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-10)


def test_the_issue_example_in_pytorch():
    x = np.arange(25.0).reshape(1, 5, 5, 1)
    w = np.ones((1, 1, 1, 1))
    assert nhwc(F.conv_transpose2d(nchw(x), torch_kernel(w), stride=3)).shape[1:3] == (13, 13)
    assert conv_transpose2d(x, w, stride=3, padding=0).shape[1:3] == (13, 13)
    assert conv_transpose2d(x, w, stride=3, padding="valid").shape[1:3] == (15, 15)


# -- pooling -------------------------------------------------------------------------------
@st.composite
def pool_cases(draw):
    n, h, w, c = draw(st.integers(1, 2)), draw(st.integers(1, 7)), draw(st.integers(1, 7)), draw(st.integers(1, 2))
    x = draw(arrays(np.float64, (n, h, w, c), elements=st.floats(-5, 5, width=32)))
    pool = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    strides = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    padding = (draw(st.integers(0, pool[0] // 2)), draw(st.integers(0, pool[1] // 2)))
    return x, pool, strides, padding


@settings(max_examples=200, deadline=None)
@given(pool_cases(), st.tuples(st.integers(1, 3), st.integers(1, 3)), st.booleans())
def test_max_pool_matches_pytorch(case, dilation, ceil_mode):
    x, pool, strides, padding = case
    try:
        want = nhwc(F.max_pool2d(nchw(x), pool, strides, padding, dilation, ceil_mode=ceil_mode))
    except RuntimeError:
        with pytest.raises(ValueError):
            max_pool2d(x, pool, strides=strides, padding=padding, dilation=dilation, ceil_mode=ceil_mode)
        return
    got = max_pool2d(x, pool, strides=strides, padding=padding, dilation=dilation, ceil_mode=ceil_mode)
    np.testing.assert_array_equal(got, want)


@settings(max_examples=200, deadline=None)
@given(pool_cases(), st.booleans(), st.booleans())
def test_avg_pool_matches_pytorch(case, ceil_mode, count_include_pad):
    x, pool, strides, padding = case
    try:
        want = nhwc(F.avg_pool2d(nchw(x), pool, strides, padding, ceil_mode=ceil_mode, count_include_pad=count_include_pad))
    except RuntimeError:
        with pytest.raises(ValueError):
            avg_pool2d(x, pool, strides=strides, padding=padding, ceil_mode=ceil_mode, count_include_pad=count_include_pad)
        return
    got = avg_pool2d(x, pool, strides=strides, padding=padding, ceil_mode=ceil_mode, count_include_pad=count_include_pad)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@settings(max_examples=200, deadline=None)
@given(pool_cases(), st.sampled_from(["valid", "same"]))
def test_keras_pooling_matches_pytorch_padded_as_keras_does(case, padding):
    x, pool, strides, _ = case
    h, w = x.shape[1:3]
    if padding == "valid":
        assume(pool[0] <= h and pool[1] <= w)
        pads = (0, 0, 0, 0)
    else:
        (top, bottom), (left, right) = keras_same_pads(h, pool[0], strides[0]), keras_same_pads(w, pool[1], strides[1])
        pads = (left, right, top, bottom)
    t = nchw(x)
    want_max = nhwc(F.max_pool2d(F.pad(t, pads, value=-math.inf), pool, strides))
    pooled = F.avg_pool2d(F.pad(t, pads), pool, strides)
    counts = F.avg_pool2d(F.pad(torch.ones_like(t), pads), pool, strides)
    want_avg = nhwc(pooled / counts)
    np.testing.assert_array_equal(max_pool2d(x, pool, strides=strides, padding=padding), want_max)
    np.testing.assert_allclose(avg_pool2d(x, pool, strides=strides, padding=padding), want_avg, rtol=1e-12, atol=1e-12)


# -- the PyTorch lines `convtutor shape` prints, run -----------------------------------------
def run_pytorch_lines(lines, x, kernel=None, bias=None):
    """Run a snippet's lines on x (N, C, H, W): ``x = ...`` and ``y = ...`` lines as they are,
    ``nn.`` lines as the layer, its weights set to the given kernel and bias."""
    env = {"torch": torch, "nn": nn, "F": F, "x": x}
    for line in lines:
        code = line.split("  #")[0]
        if code.startswith("nn."):
            layer = eval(code, env).double()
            if kernel is not None:
                with torch.no_grad():
                    layer.weight.copy_(kernel)
                    if layer.bias is not None:
                        layer.bias.copy_(bias)
            env["y"] = layer(env["x"])
        else:
            exec(code, env)
    return env["y"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    transposed_cases(),
    st.one_of(st.sampled_from(["valid", "same"]), st.integers(0, 2), st.tuples(st.integers(0, 2), st.integers(0, 2))),
    st.none() | st.tuples(st.integers(0, 2), st.integers(0, 2)),
    st.booleans(),
)
def test_printed_pytorch_lines_compute_the_transposed_layer(case, padding, output_padding, use_bias):
    x, w, b, stride, dilation = case
    layer = Conv2DTransposeLayer(w.shape[2], w.shape[:2], strides=stride, padding=padding, output_padding=output_padding,
                                 dilation_rate=dilation, use_bias=use_bias)
    try:
        summary = summarize_stack(x.shape[1:], [layer]).layers[0]
    except ValueError:
        assume(False)
    bias = np.zeros(w.shape[2]) if b is None else b
    want = conv_transpose2d(x, w, bias if use_bias else None, stride=stride, padding=padding,
                            output_padding=output_padding, dilation=dilation)
    _, snippet = layer_snippets(summary)
    got = run_pytorch_lines(snippet.lines, nchw(x), torch_kernel(w), torch.from_numpy(bias))
    np.testing.assert_allclose(nhwc(got), want, rtol=1e-10, atol=1e-10)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pool_cases(),
    st.one_of(st.sampled_from(["valid", "same"]), st.integers(0, 2)),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["max", "avg"]),
)
def test_printed_pytorch_lines_compute_the_pooling_layer(case, padding, ceil_mode, count_include_pad, kind):
    x, pool, strides, _ = case
    if isinstance(padding, str):
        ceil_mode = False
    if kind == "max":
        layer = MaxPooling2DLayer(pool, strides, padding, ceil_mode=ceil_mode)
    else:
        layer = AveragePooling2DLayer(pool, strides, padding, ceil_mode=ceil_mode, count_include_pad=count_include_pad)
    try:
        summary = summarize_stack(x.shape[1:], [layer]).layers[0]
    except ValueError:
        assume(False)
    if kind == "max":
        want = max_pool2d(x, pool, strides=strides, padding=padding, ceil_mode=ceil_mode)
    else:
        want = avg_pool2d(x, pool, strides=strides, padding=padding, ceil_mode=ceil_mode, count_include_pad=count_include_pad)
    _, snippet = layer_snippets(summary)
    got = run_pytorch_lines(snippet.lines, nchw(x))
    np.testing.assert_allclose(nhwc(got), want, rtol=1e-12, atol=1e-12)
