"""conv2d against PyTorch itself, when PyTorch is installed (it is optional: pip install torch).

The padding PyTorch is given is worked out here, from the rules, not by the core's
resolve_padding: a mistake there would otherwise be handed to PyTorch and agreed with.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

torch = pytest.importorskip("torch")
F = pytest.importorskip("torch.nn.functional")
nn = torch.nn

from convtutor.core import Conv2DLayer, conv2d, plan_conv, pytorch_snippet  # noqa: E402

MODES = ["zeros", "reflect", "replicate", "circular"]
TORCH_MODE = {"zeros": "constant", "reflect": "reflect", "replicate": "replicate", "circular": "circular"}


def torch_padding(padding: str | int, n: int, k: int, s: int, d: int) -> tuple[int, int]:
    """(before, after) on one axis of length n, from the definitions."""
    if padding == "valid":
        return (0, 0)
    if padding == "same":  # TensorFlow's rule; the odd pixel goes after
        out = math.ceil(n / s)
        total = max((out - 1) * s + d * (k - 1) + 1 - n, 0)
        before = total // 2
        return (before, total - before)
    if padding == "full":
        return (d * (k - 1), d * (k - 1))
    assert isinstance(padding, int)
    return (padding, padding)


def nchw(x: np.ndarray):
    return torch.from_numpy(x).permute(0, 3, 1, 2)


def nhwc(t) -> np.ndarray:
    return t.permute(0, 2, 3, 1).detach().numpy()


def oihw(kernel: np.ndarray):
    return torch.from_numpy(kernel).permute(3, 2, 0, 1)


def torch_same(x, kernel, bias, d, mode):
    """PyTorch's own padding='same' (stride 1 only), in the given padding mode."""
    _, _, c, o = kernel.shape
    layer = nn.Conv2d(c, o, kernel.shape[:2], padding="same", dilation=d, padding_mode=mode, dtype=torch.float64)
    with torch.no_grad():
        layer.weight.copy_(oihw(kernel))
        layer.bias.copy_(torch.from_numpy(bias))
        return nhwc(layer(nchw(x)))


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths")
@settings(max_examples=80, deadline=None)
@given(
    h=st.integers(3, 10), w=st.integers(3, 10), c=st.integers(1, 3), o=st.integers(1, 3),
    k=st.integers(1, 3), s=st.integers(1, 3), d=st.integers(1, 2),
    padding=st.sampled_from(["valid", "same", "full", 0, 1, 2]),
    mode=st.sampled_from(MODES), seed=st.integers(0, 1000),
)
def test_matches_torch(h, w, c, o, k, s, d, padding, mode, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((2, h, w, c))
    kernel = rng.standard_normal((k, k, c, o))
    bias = rng.standard_normal(o)
    top, bottom = torch_padding(padding, h, k, s, d)
    left, right = torch_padding(padding, w, k, s, d)

    def theirs() -> np.ndarray:
        xt = nchw(x)
        if top or bottom or left or right:
            xt = F.pad(xt, (left, right, top, bottom), mode=TORCH_MODE[mode])
        return nhwc(F.conv2d(xt, oihw(kernel), torch.from_numpy(bias), stride=s, dilation=d))

    try:
        ours = conv2d(x, kernel, bias, stride=s, padding=padding, dilation=d, padding_mode=mode)
    except ValueError:
        with pytest.raises(RuntimeError):  # what we refuse, PyTorch refuses too
            theirs()
        return
    np.testing.assert_allclose(ours, theirs(), rtol=1e-10, atol=1e-10)
    if padding == "same" and s == 1:
        np.testing.assert_allclose(ours, torch_same(x, kernel, bias, d, mode), rtol=1e-10, atol=1e-10)


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths")
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kh, kw, d", [(1, 1, 1), (2, 3, 1), (3, 3, 1), (4, 4, 1), (4, 2, 1), (3, 2, 2), (5, 4, 1)])
def test_same_at_stride_one_is_torchs_own_same(mode, kh, kw, d):
    """Even kernels included: PyTorch also puts the odd pixel at the end (bottom/right)."""
    rng = np.random.default_rng(kh * 10 + kw)
    x = rng.standard_normal((2, 7, 8, 2))
    kernel = rng.standard_normal((kh, kw, 2, 3))
    bias = rng.standard_normal(3)
    ours = conv2d(x, kernel, bias, padding="same", dilation=d, padding_mode=mode)
    assert ours.shape == (2, 7, 8, 3)
    np.testing.assert_allclose(ours, torch_same(x, kernel, bias, d, mode), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("p", range(6))
def test_padding_limits_are_torchs(mode, p):
    """Reflect needs p < n, circular p <= n, in PyTorch and here alike (n = 3)."""
    try:
        F.pad(torch.zeros(1, 1, 3, 3, dtype=torch.float64), (p, p, p, p), mode=TORCH_MODE[mode])
        torch_accepts = True
    except RuntimeError:
        torch_accepts = False
    try:
        conv2d(np.zeros((3, 3)), np.ones((1, 1)), padding=p, padding_mode=mode)
        we_accept = True
    except ValueError:
        we_accept = False
    assert we_accept == torch_accepts


def test_torch_refuses_same_with_stride_and_our_snippet_avoids_it():
    with pytest.raises(RuntimeError):
        F.conv2d(torch.zeros(1, 1, 8, 8), torch.zeros(1, 1, 3, 3), padding="same", stride=2)
    layer = Conv2DLayer(1, 3, strides=2, padding="same")
    snippet = pytorch_snippet(layer, plan_conv((8, 8), layer.kernel_size, stride=2, padding="same"), 1)
    assert not any('padding="same"' in line for line in snippet.lines)


@pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths")
@pytest.mark.parametrize(
    "layer, hw",
    [
        (Conv2DLayer(2, 3, padding="same"), (8, 8)),
        (Conv2DLayer(2, 4, padding="same", padding_mode="circular"), (6, 7)),
        (Conv2DLayer(2, 3, strides=2, padding="same"), (8, 8)),  # uneven: F.pad first
        (Conv2DLayer(2, 3, strides=2, padding="same"), (7, 7)),  # even: padding=1
        (Conv2DLayer(2, (3, 2), strides=(2, 1), padding="same", padding_mode="reflect"), (8, 7)),
        (Conv2DLayer(2, 3, padding="full"), (6, 6)),
        (Conv2DLayer(2, (3, 2), padding=1, padding_mode="reflect"), (6, 5)),
        (Conv2DLayer(2, 3, padding=((0, 2), (1, 0)), padding_mode="replicate"), (6, 6)),
        (Conv2DLayer(2, 3, strides=(2, 1), dilation_rate=2, use_bias=False), (9, 9)),
    ],
)
def test_the_pytorch_snippet_computes_what_conv2d_does(layer, hw):
    """Run the lines convtutor shows for PyTorch, with the same weights, and compare."""
    c_in = 2
    plan = plan_conv(hw, layer.kernel_size, stride=layer.strides, padding=layer.padding,
                     dilation=layer.dilation_rate, padding_mode=layer.padding_mode)
    rng = np.random.default_rng(5)
    x = rng.standard_normal((1, *hw, c_in))
    kernel = rng.standard_normal((*layer.kernel_size, c_in, layer.filters))
    bias = rng.standard_normal(layer.filters) if layer.use_bias else None
    ours = conv2d(x, kernel, bias, stride=layer.strides, padding=layer.padding, dilation=layer.dilation_rate,
                  padding_mode=layer.padding_mode)

    *statements, module_line = pytorch_snippet(layer, plan, c_in).lines
    namespace = {"F": F, "nn": nn, "x": nchw(x)}
    for statement in statements:
        exec(statement, namespace)
    module = eval(module_line, namespace).double()
    with torch.no_grad():
        module.weight.copy_(oihw(kernel))
        if bias is not None:
            module.bias.copy_(torch.from_numpy(bias))
        theirs = nhwc(module(namespace["x"]))
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-10)
