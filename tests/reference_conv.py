"""A slow, obviously correct convolution to test the core against.

Written from the definitions, loop by loop, sharing no code with convtutor: padding is done by
mapping each out-of-range index back into the input, never by np.pad.
"""

from __future__ import annotations

import math

import numpy as np


def keras_same(n: int, k: int, s: int, d: int) -> tuple[int, int]:
    k_eff = d * (k - 1) + 1
    out = math.ceil(n / s)
    total = max((out - 1) * s + k_eff - n, 0)
    return total // 2, total - total // 2


def split_2d(padding):
    """A 2-D padding as (rows spec, cols spec): ``p``, ``(p_rows, p_cols)`` or ``((t, b), (l, r))``."""
    if isinstance(padding, (str, int)):
        return padding, padding
    return padding[0], padding[1]


def axis_padding(spec, n: int, k: int, s: int, d: int) -> tuple[int, int]:
    if spec == "valid":
        return 0, 0
    if spec == "same":
        return keras_same(n, k, s, d)
    if spec == "full":
        return d * (k - 1), d * (k - 1)
    if isinstance(spec, int):
        return spec, spec
    return tuple(spec)


def source(i: int, n: int, mode: str) -> int | None:
    """Input index that padded position ``i`` (relative to the first input cell) shows."""
    if 0 <= i < n:
        return i
    if mode == "zeros":
        return None
    if mode == "replicate":
        return 0 if i < 0 else n - 1
    if mode == "circular":
        return i % n
    # reflect: mirror about the edge cells without repeating them
    while not 0 <= i < n:
        i = -i if i < 0 else 2 * (n - 1) - i
    return i


def padded_image(image, pads, mode):
    """A 2-D image with its padding, cell by cell through :func:`source`: (values, is_padding)."""
    image = np.asarray(image, dtype=float)
    h, w = image.shape
    (top, bottom), (left, right) = pads
    values, padding = [], []
    for i in range(-top, h + bottom):
        value_row, padding_row = [], []
        for j in range(-left, w + right):
            y, z = source(i, h, mode), source(j, w, mode)
            value_row.append(0.0 if y is None or z is None else float(image[y, z]))
            padding_row.append(not (0 <= i < h and 0 <= j < w))
        values.append(value_row)
        padding.append(padding_row)
    return values, padding


def reference_conv2d(x, kernel, bias, stride, pads, dilation, mode):
    """x: (N, H, W, C); kernel: (kh, kw, C, O); pads: ((top, bottom), (left, right))."""
    x = np.asarray(x, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    n, h, w, c = x.shape
    kh, kw, _, o = kernel.shape
    (top, bottom), (left, right) = pads
    sh, sw = stride
    dh, dw = dilation
    ho = (h + top + bottom - (dh * (kh - 1) + 1)) // sh + 1
    wo = (w + left + right - (dw * (kw - 1) + 1)) // sw + 1
    out = np.zeros((n, ho, wo, o))
    for b in range(n):
        for r in range(ho):
            for q in range(wo):
                for f in range(o):
                    total = 0.0
                    for i in range(kh):
                        for j in range(kw):
                            y = source(r * sh + i * dh - top, h, mode)
                            z = source(q * sw + j * dw - left, w, mode)
                            if y is None or z is None:
                                continue
                            for ch in range(c):
                                total += x[b, y, z, ch] * kernel[i, j, ch, f]
                    out[b, r, q, f] = total + (0.0 if bias is None else bias[f])
    return out
