"""A slow, obviously correct transposed convolution to test the core against.

Written from the definitions, sharing no code with convtutor. Each output cell *gathers*: it
sums w[t]·x[j] over every input cell j and tap t with j·s + t·d = o + crop (the core scatters
instead). The sizes come from the frameworks' own formulas:

* PyTorch (``padding`` an int p): o = (i − 1)·s − 2p + d·(k − 1) + output_padding + 1, crop p.
* Keras 3 'valid'/'same': the length of keras' ``_get_output_shape_given_tf_padding``, and the
  crop TensorFlow's conv2d_transpose makes, which is the padding before of the forward
  convolution whose gradient it is (a 'same' or 'valid' Conv2D from o cells back to i).
"""

from __future__ import annotations

import numpy as np


def keras_length(i: int, k: int, s: int, d: int, padding: str, output_padding: int | None) -> int:
    k_eff = (k - 1) * d + 1
    if padding == "valid":
        extra = max(k_eff, s) - k_eff if output_padding is None else output_padding
        return (i - 1) * s + k_eff + extra
    if output_padding is None:
        return i * s
    return (i - 1) * s + k_eff % 2 + output_padding


def keras_crop(i: int, k: int, s: int, d: int, padding: str, length: int) -> int:
    """TensorFlow: padding before of the forward conv from ``length`` cells to ``i``."""
    if padding == "valid":
        return 0
    k_eff = (k - 1) * d + 1
    total = max((i - 1) * s + k_eff - length, 0)
    return total // 2


def torch_length(i: int, k: int, s: int, d: int, p: int, output_padding: int) -> int:
    return (i - 1) * s - 2 * p + d * (k - 1) + output_padding + 1


def axis_rule(i: int, k: int, s: int, d: int, padding, output_padding) -> tuple[int, int]:
    """(output length, crop at the start) on one axis."""
    if isinstance(padding, str):
        length = keras_length(i, k, s, d, padding, output_padding)
        return length, keras_crop(i, k, s, d, padding, length)
    return torch_length(i, k, s, d, padding, output_padding or 0), padding


def expected_valid(i: int, k: int, s: int, d: int, padding, output_padding) -> bool:
    """What Keras' layer and PyTorch accept on one axis."""
    if isinstance(padding, str):
        ok = output_padding is None or output_padding < s
    else:
        ok = (output_padding or 0) < max(s, d)
    return ok and axis_rule(i, k, s, d, padding, output_padding)[0] >= 1


def reference_conv_transpose2d(x, w, bias, stride, dilation, rows, cols):
    """x: (N, H, W, C_in); w: (kh, kw, C_out, C_in); rows/cols: (output length, crop)."""
    x = np.asarray(x, dtype=float)
    w = np.asarray(w, dtype=float)
    n, h, wi, c_in = x.shape
    kh, kw, c_out, _ = w.shape
    (ho, top), (wo, left) = rows, cols
    sh, sw = stride
    dh, dw = dilation
    out = np.zeros((n, ho, wo, c_out))
    for b in range(n):
        for r in range(ho):
            for q in range(wo):
                for f in range(c_out):
                    total = 0.0
                    for ti in range(kh):
                        a = r + top - ti * dh
                        if a % sh or not 0 <= a // sh < h:
                            continue
                        for tj in range(kw):
                            c = q + left - tj * dw
                            if c % sw or not 0 <= c // sw < wi:
                                continue
                            for ch in range(c_in):
                                total += x[b, a // sh, c // sw, ch] * w[ti, tj, f, ch]
                    out[b, r, q, f] = total + (0.0 if bias is None else bias[f])
    return out

