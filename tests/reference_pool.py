"""Slow, obviously correct max and average pooling to test the core against.

Written from the definitions, window by window, sharing no code with convtutor:

* Keras 3 'valid': o = ⌊(i − k) / s⌋ + 1 and no padding; 'same': o = ⌈i / s⌉, padded as
  TensorFlow pads (the odd pixel after). The padding is never read: a max takes the real
  cells only, an average divides by how many real cells the window holds.
* PyTorch (``padding`` an int p): o = ⌊(i + 2p − d·(k − 1) − 1) / s⌋ + 1, or with ceil_mode
  ⌈…⌉ + 1 less one if the last window would start at or past i + p. Max reads padding as −inf;
  the average divides by the cells of the window inside [−p, i + p) when count_include_pad,
  else by the real cells.
"""

from __future__ import annotations

import math

import numpy as np


def axis_rule(i: int, k: int, s: int, d: int, padding, ceil_mode: bool) -> tuple[int, int, int]:
    """(output length, padding before, padding after) on one axis."""
    if padding == "valid":
        return (i - k) // s + 1, 0, 0
    if padding == "same":
        o = math.ceil(i / s)
        total = max((o - 1) * s + k - i, 0)
        return o, total // 2, total - total // 2
    span = i + 2 * padding - d * (k - 1) - 1
    o = (math.ceil(span / s) if ceil_mode else span // s) + 1
    if ceil_mode and (o - 1) * s >= i + padding:
        o -= 1
    return o, padding, padding


def expected_valid(i: int, k: int, s: int, d: int, padding, ceil_mode: bool) -> bool:
    if isinstance(padding, str):
        return d == 1 and not ceil_mode and (padding == "same" or k <= i)
    return padding <= k // 2 and axis_rule(i, k, s, d, padding, ceil_mode)[0] >= 1


def reference_pool2d(x, kind, pool, stride, dilation, rows, cols, count_padding):
    """x: (N, H, W, C); rows/cols: (output length, before, after); kind 'max' or 'avg'.

    ``count_padding``: an average divides by the cells inside the padding too (PyTorch's
    count_include_pad); otherwise by the real cells only.
    """
    x = np.asarray(x, dtype=float)
    n, h, w, c = x.shape
    (ho, top, bottom), (wo, left, right) = rows, cols
    out = np.zeros((n, ho, wo, c))
    for b in range(n):
        for r in range(ho):
            for q in range(wo):
                for ch in range(c):
                    real, counted = [], 0
                    for ti in range(pool[0]):
                        y = r * stride[0] + ti * dilation[0] - top
                        for tj in range(pool[1]):
                            z = q * stride[1] + tj * dilation[1] - left
                            inside_y, inside_z = 0 <= y < h, 0 <= z < w
                            if inside_y and inside_z:
                                real.append(x[b, y, z, ch])
                            if -top <= y < h + bottom and -left <= z < w + right:
                                counted += 1
                    if kind == "max":
                        out[b, r, q, ch] = max(real) if real else -math.inf
                    else:
                        out[b, r, q, ch] = sum(real) / (counted if count_padding else len(real))
    return out
