"""The 2-D convolution (cross-correlation) that every number in convtutor comes from.

Layouts follow Keras: inputs are channels-last ``(N, H, W, C_in)`` and kernels are
``(kh, kw, C_in, C_out)``. Like Keras and PyTorch, the kernel is not flipped.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from convtutor.core.arithmetic import ConvPlan, Padding2D, plan_conv
from convtutor.core.padding import pad_array


def _as_numeric(value: object, name: str) -> np.ndarray:
    array = np.asarray(value)
    if array.dtype == bool:
        array = array.astype(np.int64)
    if not np.issubdtype(array.dtype, np.number) or np.issubdtype(array.dtype, np.complexfloating):
        raise ValueError(f"The {name} must hold real numbers; got values of type {array.dtype}.")
    return array


def conv2d(
    x: object,
    kernel: object,
    bias: object = None,
    *,
    stride: int | tuple[int, int] = 1,
    padding: Padding2D = "valid",
    dilation: int | tuple[int, int] = 1,
    padding_mode: str = "zeros",
) -> np.ndarray:
    """Convolve ``x`` with ``kernel`` the way Keras' ``Conv2D`` and PyTorch's ``conv2d`` do.

    Args:
        x: ``(H, W)``, ``(H, W, C_in)`` or ``(N, H, W, C_in)`` (channels last).
        kernel: ``(kh, kw)`` for one channel in and one out, or ``(kh, kw, C_in, C_out)``.
        bias: None, a scalar, or one value per output channel ``(C_out,)``.
        stride: an int or ``(rows, cols)``; at least 1.
        padding: ``"valid"``, ``"same"`` (Keras/TensorFlow: the odd pixel at bottom/right),
            ``"full"``, an int per side, ``(p_rows, p_cols)`` or ``((top, bottom), (left, right))``.
        dilation: an int or ``(rows, cols)``; at least 1.
        padding_mode: ``"zeros"``, ``"reflect"``, ``"replicate"`` or ``"circular"``.

    Returns:
        Floats of shape ``(H_out, W_out)`` for 2-D ``x`` with a 2-D kernel,
        ``(H_out, W_out, C_out)`` for other 2-D or 3-D ``x``, ``(N, H_out, W_out, C_out)`` for 4-D.
        float32 in gives float32 out; everything else gives float64.

    Raises:
        ValueError: with a sentence saying what is wrong, e.g. the kernel is larger than the
            padded input, a stride or dilation below 1, negative padding, a channel mismatch.
    """
    x4, k4, squeeze_channels, unbatched = as_batch(x, kernel, "The kernel must be (kh, kw) or (kh, kw, C_in, C_out)")
    _, h, w, c_in = x4.shape
    kh, kw, k_in, c_out = k4.shape
    if k_in != c_in:
        raise ValueError(
            f"The input has {c_in} channel{'s' * (c_in != 1)} but the kernel expects {k_in}; "
            "a kernel's third axis must match the input's channels."
        )
    plan = plan_conv(
        (h, w), (kh, kw), stride=stride, padding=padding, dilation=dilation, padding_mode=padding_mode
    )
    dtype = np.result_type(x4.dtype, k4.dtype, np.float32)
    b = _bias_vector(bias, c_out, dtype)

    padded = pad_array(x4.astype(dtype, copy=False), plan.rows, plan.cols, plan.padding_mode, row_axis=1)
    out = _correlate(padded, k4.astype(dtype, copy=False), plan)
    if b is not None:
        out += b
    if squeeze_channels:
        return out[0, :, :, 0]
    return out[0] if unbatched else out


def as_batch(x: object, kernel: object, kernel_form: str) -> tuple[np.ndarray, np.ndarray, bool, bool]:
    """The input as (N, H, W, C) and the kernel as 4-D, both checked (``kernel_form`` starts the
    message for a kernel of the wrong rank); then whether both were 2-D (the result goes back
    as (H, W)) and whether the input had no batch axis. Shared by conv2d and conv_transpose2d."""
    x = _as_numeric(x, "input")
    kernel = _as_numeric(kernel, "kernel")
    if x.ndim not in (2, 3, 4):
        raise ValueError(
            f"The input must be (H, W), (H, W, C) or (N, H, W, C); got {x.ndim} dimensions {x.shape}."
        )
    if kernel.ndim not in (2, 4):
        raise ValueError(f"{kernel_form}; got {kernel.ndim} dimensions {kernel.shape}.")
    squeeze_channels = x.ndim == 2 and kernel.ndim == 2
    if x.ndim == 2:
        x4 = x[np.newaxis, :, :, np.newaxis]
    elif x.ndim == 3:
        x4 = x[np.newaxis]
    else:
        x4 = x
    k4 = kernel[:, :, np.newaxis, np.newaxis] if kernel.ndim == 2 else kernel
    if 0 in x4.shape or 0 in k4.shape:
        raise ValueError(f"The input {x.shape} and kernel {kernel.shape} must not be empty.")
    return x4, k4, squeeze_channels, x.ndim in (2, 3)


def _bias_vector(bias: object, c_out: int, dtype: np.dtype) -> np.ndarray | None:
    if bias is None:
        return None
    b = _as_numeric(bias, "bias").astype(dtype)
    if b.ndim == 0:
        return np.full(c_out, b, dtype=dtype)
    if b.shape != (c_out,):
        raise ValueError(f"The bias must be one number or {c_out} (one per filter); got shape {b.shape}.")
    return b


# im2col is done in blocks of about this many bytes, so that each block is still in cache
# when the matrix product reads it (measured in benchmarks/conv2d.py: ~15% faster than one
# big copy at stride 1).
_BLOCK_BYTES = 4 << 20


def _correlate(padded: np.ndarray, kernel: np.ndarray, plan: ConvPlan) -> np.ndarray:
    """Cross-correlate a padded (N, Hp, Wp, C) array with a (kh, kw, C, C_out) kernel.

    im2col: every window becomes one column of a matrix (copied from a strided view), and a
    matrix product does all the multiply-adds. Python loops only over blocks of images or
    rows, never over output pixels.
    """
    rows, cols = plan.rows, plan.cols
    kh, kw, c_in, c_out = kernel.shape
    windows = sliding_window_view(padded, (rows.effective_kernel, cols.effective_kernel), axis=(1, 2))
    # (N, Ho, Wo, kh, kw, C): every stride-th window, every dilation-th tap, channels innermost.
    windows = windows[:, :: rows.stride, :: cols.stride, :, :: rows.dilation, :: cols.dilation]
    windows = windows.transpose(0, 1, 2, 4, 5, 3)
    n, ho, wo = windows.shape[:3]
    depth = kh * kw * c_in
    # out^T = K^T @ columns^T: OpenBLAS runs this orientation of the tall, thin product faster.
    weights_t = kernel.reshape(depth, c_out).T
    out: np.ndarray = np.empty((c_out, n * ho * wo), dtype=padded.dtype)
    per_row = wo * depth * padded.itemsize
    if per_row * ho * n <= 2 * _BLOCK_BYTES:
        blocks = [(0, n, 0, ho)]  # small enough: one copy and one product beat several
    elif per_row * ho <= _BLOCK_BYTES:
        images = max(1, _BLOCK_BYTES // (per_row * ho))
        blocks = [(b, min(b + images, n), 0, ho) for b in range(0, n, images)]
    else:
        lines = max(1, _BLOCK_BYTES // per_row)
        blocks = [(b, b + 1, r, min(r + lines, ho)) for b in range(n) for r in range(0, ho, lines)]
    b0, b1, r0, r1 = blocks[0]  # the first block is the largest
    buffer = np.empty((b1 - b0, r1 - r0, wo, kh, kw, c_in), dtype=padded.dtype)
    for b0, b1, r0, r1 in blocks:
        block = buffer[: b1 - b0, : r1 - r0]
        np.copyto(block, windows[b0:b1, r0:r1])
        start = (b0 * ho + r0) * wo  # blocks are whole images, or rows of one image
        stop = start + (b1 - b0) * (r1 - r0) * wo
        np.matmul(weights_t, block.reshape(-1, depth).T, out=out[:, start:stop])
    # (Shapes read from arrays are Any to the type checker, so the result is declared.)
    result: np.ndarray = out.reshape(c_out, n, ho, wo).transpose(1, 2, 3, 0)
    return result
