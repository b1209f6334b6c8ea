"""Max and average pooling, as Keras 3 and PyTorch compute them (channels last, like ``conv2d``).

Keras' 'valid' and 'same': the padding never contributes a value (max ignores it, the average
divides by the real pixels only). PyTorch's pixels per side: max pads with −inf; the average
counts the padded zeros when ``count_include_pad`` (its default); with ``ceil_mode`` a last
window may hang past the padding, and those cells are neither read nor counted. The windows'
arithmetic (and what either framework refuses) is in :mod:`convtutor.core.arithmetic`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

import numpy as np

from convtutor.core.arithmetic import PoolAxisPlan, PoolPlan, plan_pool
from convtutor.core.conv import _as_numeric

#: 'valid' | 'same' (Keras) | p | (p_rows, p_cols) (PyTorch)
Padding: TypeAlias = str | int | Sequence[int]


def max_pool2d(
    x: object,
    pool_size: int | tuple[int, int],
    *,
    strides: int | tuple[int, int] | None = None,
    padding: Padding = 0,
    ceil_mode: bool = False,
    dilation: int | tuple[int, int] = 1,
) -> np.ndarray:
    """The largest value in each window (Keras' ``MaxPooling2D``, PyTorch's ``max_pool2d``).

    Args:
        x: ``(H, W)``, ``(H, W, C)`` or ``(N, H, W, C)`` (channels last).
        pool_size: an int or ``(rows, cols)``.
        strides: an int or ``(rows, cols)``; None (the default) means ``pool_size``.
        padding: ``"valid"`` or ``"same"`` (Keras: padding is never the maximum), or PyTorch's
            pixels per side, an int or ``(rows, cols)`` of at most half the pool size (padded with −inf).
        ceil_mode: PyTorch's: round the number of windows up, keeping a last window that starts
            inside the input or the left padding. Only with padding in pixels.
        dilation: PyTorch's, an int or ``(rows, cols)``; only with padding in pixels.

    Returns:
        The same number of dimensions as ``x``; float32 in gives float32 out, else float64.
    """
    x4, restore = _as_batch(x)
    h, w = x4.shape[1:3]
    plan = plan_pool((h, w), pool_size, strides=strides, padding=padding, ceil_mode=ceil_mode, dilation=dilation)
    padded = _padded(x4, plan, -np.inf)
    out: np.ndarray | None = None
    for tap in _taps(padded, plan):
        out = tap.copy() if out is None else np.maximum(out, tap, out=out)
    assert out is not None  # a window has at least one tap
    return restore(out)


def avg_pool2d(
    x: object,
    pool_size: int | tuple[int, int],
    *,
    strides: int | tuple[int, int] | None = None,
    padding: Padding = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> np.ndarray:
    """The mean of each window (Keras' ``AveragePooling2D``, PyTorch's ``avg_pool2d``).

    Args:
        x: ``(H, W)``, ``(H, W, C)`` or ``(N, H, W, C)`` (channels last).
        pool_size: an int or ``(rows, cols)``.
        strides: an int or ``(rows, cols)``; None (the default) means ``pool_size``.
        padding: ``"valid"`` or ``"same"`` (Keras: the divisor counts real pixels only), or
            PyTorch's pixels per side, an int or ``(rows, cols)`` of at most half the pool size.
        ceil_mode: PyTorch's (see :func:`max_pool2d`); only with padding in pixels.
        count_include_pad: PyTorch's: whether the padded zeros count in the divisor (cells past
            the padding, from ``ceil_mode``, never do). Ignored for 'valid'/'same'.

    Returns:
        The same number of dimensions as ``x``; float32 in gives float32 out, else float64.
    """
    x4, restore = _as_batch(x)
    h, w = x4.shape[1:3]
    plan = plan_pool((h, w), pool_size, strides=strides, padding=padding, ceil_mode=ceil_mode)
    padded = _padded(x4, plan, 0.0)
    total: np.ndarray | None = None
    for tap in _taps(padded, plan):
        total = tap.copy() if total is None else np.add(total, tap, out=total)
    assert total is not None
    include = count_include_pad and not plan.rows.is_keras
    rows = np.asarray(window_counts(plan.rows, include), dtype=total.dtype)
    cols = np.asarray(window_counts(plan.cols, include), dtype=total.dtype)
    total /= (rows[:, np.newaxis] * cols[np.newaxis, :])[np.newaxis, :, :, np.newaxis]
    return restore(total)


def window_counts(plan: PoolAxisPlan, count_padding: bool) -> list[int]:
    """On one axis, how many cells each window averages over: the real ones, and the padding too
    when ``count_padding`` (never cells past the padding, which only ``ceil_mode`` reaches)."""
    low, high = (-plan.before, plan.size + plan.after) if count_padding else (0, plan.size)
    counts = []
    for o in range(plan.output):
        start = o * plan.stride - plan.before
        counts.append(len([t for t in range(plan.kernel) if low <= start + t * plan.dilation < high]))
    return counts


class _Restore:
    """Gives a result the number of dimensions the input had."""

    def __init__(self, ndim: int) -> None:
        self.ndim = ndim

    def __call__(self, out: np.ndarray) -> np.ndarray:
        if self.ndim == 2:
            return out[0, :, :, 0]
        return out[0] if self.ndim == 3 else out


def _as_batch(x: object) -> tuple[np.ndarray, _Restore]:
    """``x`` as (N, H, W, C) floats, and a function giving a result the shape ``x`` had."""
    array = _as_numeric(x, "input")
    if array.ndim not in (2, 3, 4):
        raise ValueError(
            f"The input must be (H, W), (H, W, C) or (N, H, W, C); got {array.ndim} dimensions {array.shape}."
        )
    if 0 in array.shape:
        raise ValueError(f"The input {array.shape} must not be empty.")
    dtype = np.result_type(array.dtype, np.float32)
    ndim = array.ndim
    if ndim == 2:
        x4 = array[np.newaxis, :, :, np.newaxis]
    elif ndim == 3:
        x4 = array[np.newaxis]
    else:
        x4 = array
    return x4.astype(dtype, copy=False), _Restore(ndim)


def _padded(x: np.ndarray, plan: PoolPlan, fill: float) -> np.ndarray:
    """``x`` inside a border of ``fill``: the padding, and any cells ``ceil_mode`` windows reach past it."""
    rows, cols = plan.rows, plan.cols
    height = max(rows.padded, (rows.output - 1) * rows.stride + rows.effective_kernel)
    width = max(cols.padded, (cols.output - 1) * cols.stride + cols.effective_kernel)
    n, h, w, c = x.shape
    if (height, width) == (h, w):
        return x
    out = np.full((n, height, width, c), fill, dtype=x.dtype)
    out[:, rows.before : rows.before + h, cols.before : cols.before + w] = x
    return out


def _taps(padded: np.ndarray, plan: PoolPlan) -> list[np.ndarray]:
    """For each tap of the window, the (N, H_out, W_out, C) view of the cells it reads."""
    rows, cols = plan.rows, plan.cols
    span_r = (rows.output - 1) * rows.stride + 1
    span_c = (cols.output - 1) * cols.stride + 1
    views = []
    for i in range(rows.kernel):
        top = i * rows.dilation
        for j in range(cols.kernel):
            left = j * cols.dilation
            views.append(padded[:, top : top + span_r : rows.stride, left : left + span_c : cols.stride])
    return views
