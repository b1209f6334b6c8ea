"""conv2d against PyTorch itself, when PyTorch is installed (it is optional: pip install torch)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

torch = pytest.importorskip("torch")
F = pytest.importorskip("torch.nn.functional")

from convtutor.core import conv2d, resolve_padding  # noqa: E402

TORCH_MODE = {"zeros": "constant", "reflect": "reflect", "replicate": "replicate", "circular": "circular"}


@settings(max_examples=80, deadline=None)
@given(
    h=st.integers(3, 10), w=st.integers(3, 10), c=st.integers(1, 3), o=st.integers(1, 3),
    k=st.integers(1, 3), s=st.integers(1, 3), d=st.integers(1, 2),
    padding=st.sampled_from(["valid", "same", "full", 0, 1, 2]),
    mode=st.sampled_from(["zeros", "reflect", "replicate", "circular"]), seed=st.integers(0, 1000),
)
def test_matches_torch(h, w, c, o, k, s, d, padding, mode, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((2, h, w, c))
    kernel = rng.standard_normal((k, k, c, o))
    bias = rng.standard_normal(o)
    try:
        ours = conv2d(x, kernel, bias, stride=s, padding=padding, dilation=d, padding_mode=mode)
    except ValueError:
        return  # settings PyTorch also refuses (checked separately below)
    top, bottom = resolve_padding(h, k, stride=s, padding=padding, dilation=d)
    left, right = resolve_padding(w, k, stride=s, padding=padding, dilation=d)
    xt = torch.from_numpy(x).permute(0, 3, 1, 2)
    if top or bottom or left or right:
        xt = F.pad(xt, (left, right, top, bottom), mode=TORCH_MODE[mode])
    theirs = F.conv2d(xt, torch.from_numpy(kernel).permute(3, 2, 0, 1), torch.from_numpy(bias), stride=s, dilation=d)
    np.testing.assert_allclose(ours, theirs.permute(0, 2, 3, 1).numpy(), rtol=1e-10, atol=1e-10)


def test_torch_same_puts_the_odd_pixel_at_the_end_too():
    x = np.random.default_rng(0).standard_normal((1, 8, 8, 1))
    kernel = np.random.default_rng(1).standard_normal((4, 4, 1, 1))
    theirs = F.conv2d(torch.from_numpy(x).permute(0, 3, 1, 2), torch.from_numpy(kernel).permute(3, 2, 0, 1), padding="same")
    np.testing.assert_allclose(conv2d(x, kernel, padding="same"), theirs.permute(0, 2, 3, 1).numpy(), rtol=1e-10)


def test_torch_refuses_same_with_stride():
    with pytest.raises(RuntimeError):
        F.conv2d(torch.zeros(1, 1, 8, 8), torch.zeros(1, 1, 3, 3), padding="same", stride=2)


def test_torch_reflect_limit_matches_ours():
    with pytest.raises(RuntimeError):
        F.pad(torch.zeros(1, 1, 3, 3), (3, 3, 3, 3), mode="reflect")
    with pytest.raises(ValueError):
        conv2d(np.zeros((3, 3)), np.ones((3, 3)), padding=3, padding_mode="reflect")
