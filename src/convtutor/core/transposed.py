"""The transposed convolution (Keras' ``Conv2DTranspose``, PyTorch's ``ConvTranspose2d``).

Layouts follow Keras: inputs are channels-last ``(N, H, W, C_in)`` and kernels are
``(kh, kw, C_out, C_in)``, as Keras' Conv2DTranspose stores them. Each input pixel adds a copy
of the kernel, scaled by its value, into the output at ``stride`` pixels from its neighbours'
copies; overlaps are summed (the kernel is not flipped). The padding then crops that full
result: Keras' 'valid'/'same' rules, or PyTorch's pixels per side and ``output_padding``; the
arithmetic (and what either framework refuses) is in :mod:`convtutor.core.arithmetic`.

Computed as s_rows·s_cols ordinary correlations (the "phases"): the outputs ``o`` with the same
``(o + crop) mod s`` all receive the same taps of the kernel, from neighbouring input pixels, so
each phase is a stride-1 correlation of the input with those taps (reversed), done by
:func:`convtutor.core.conv`'s blocked im2col. No multiplication by an inserted zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from convtutor.core.arithmetic import AxisPlan, ConvPlan, TransposeAxisPlan, TransposePlan, plan_transpose
from convtutor.core.conv import _bias_vector, _correlate, as_batch


def conv_transpose2d(
    x: object,
    w: object,
    b: object = None,
    *,
    stride: int | tuple[int, int] = 1,
    padding: str | int | Sequence[int] = 0,
    output_padding: int | tuple[int, int] | None = None,
    dilation: int | tuple[int, int] = 1,
) -> np.ndarray:
    """Transposed convolution as Keras 3's ``Conv2DTranspose`` and PyTorch's ``conv_transpose2d`` compute it.

    Args:
        x: ``(H, W)``, ``(H, W, C_in)`` or ``(N, H, W, C_in)`` (channels last).
        w: ``(kh, kw)`` for one channel in and one out, or ``(kh, kw, C_out, C_in)`` (Keras' layout).
        b: None, a scalar, or one value per output channel ``(C_out,)``.
        stride: an int or ``(rows, cols)``; at least 1.
        padding: ``"valid"`` or ``"same"``: Keras 3's rules, shape and values (with
            ``output_padding`` None, 'valid' gives ``(i − 1)·s + max(k̂, s)`` and 'same' ``i·s``).
            An int or ``(rows, cols)``: PyTorch's ``padding``, cells cropped from each side of the
            full ``(i − 1)·s + k̂`` result.
        output_padding: None, an int or ``(rows, cols)``: cells given back at the bottom/right
            (PyTorch: below the stride or the dilation; Keras: below the stride).
        dilation: an int or ``(rows, cols)``; at least 1.

    Returns:
        Floats of shape ``(H_out, W_out)`` for 2-D ``x`` with a 2-D kernel,
        ``(H_out, W_out, C_out)`` for other 2-D or 3-D ``x``, ``(N, H_out, W_out, C_out)`` for 4-D.
        float32 in gives float32 out; everything else gives float64.

    Raises:
        ValueError: with a sentence saying what is wrong, e.g. an ``output_padding`` a framework
            refuses, padding that crops everything, a channel mismatch.
    """
    x4, k4, squeeze_channels, unbatched = as_batch(x, w, "The kernel of a transposed convolution must be (kh, kw) or (kh, kw, C_out, C_in)")
    _, h, w_in, c_in = x4.shape
    kh, kw, c_out, k_in = k4.shape
    if k_in != c_in:
        raise ValueError(
            f"The input has {c_in} channel{'s' * (c_in != 1)} but the kernel expects {k_in}; a transposed "
            "kernel is (kh, kw, C_out, C_in) as in Keras, so its last axis must match the input's channels."
        )
    plan = plan_transpose(
        (h, w_in), (kh, kw), stride=stride, padding=padding, output_padding=output_padding, dilation=dilation
    )
    dtype = np.result_type(x4.dtype, k4.dtype, np.float32)
    bias = _bias_vector(b, c_out, dtype)
    out = _by_phases(x4.astype(dtype, copy=False), k4.astype(dtype, copy=False), plan)
    if bias is not None:
        out += bias
    if squeeze_channels:
        return out[0, :, :, 0]
    return out[0] if unbatched else out


@dataclass(frozen=True)
class _Phase:
    """On one axis, the outputs ``first, first + s, ...`` (``count`` of them): output number q of
    the phase is the correlation of the input from ``start + q`` on, ``dilation`` apart, with the
    kernel ``taps`` in that order."""

    first: int
    count: int
    taps: tuple[int, ...]
    dilation: int
    start: int

    @property
    def end(self) -> int:
        """The last input index the phase reads (may be past the input: zeros)."""
        return self.start + self.count - 1 + (len(self.taps) - 1) * self.dilation


def _phases(axis: TransposeAxisPlan) -> list[_Phase]:
    """Output o gets x[j]·w[t] wherever j·s + t·d = o + crop. With m = o + crop = q·s + ρ, the taps
    are those with t·d ≡ ρ (mod s), each reading x[q − (t·d − ρ)/s]: for a fixed ρ, a stride-1
    correlation. Taps are evenly spaced in the input (by d / gcd(d, s)); later taps read earlier."""
    s, d, crop = axis.stride, axis.dilation, axis.before
    found = []
    for first in range(min(s, axis.output)):
        rho = (first + crop) % s
        q0 = (first + crop) // s
        taps = [t for t in range(axis.kernel) if (t * d - rho) % s == 0]
        count = len(range(first, axis.output, s))
        if not taps:
            found.append(_Phase(first, count, (), 1, 0))  # these outputs get nothing but the bias
            continue
        offsets = [(t * d - rho) // s for t in taps]  # input index = q − offset, rising with t
        spacing = offsets[1] - offsets[0] if len(offsets) > 1 else 1
        found.append(_Phase(first, count, tuple(reversed(taps)), spacing, q0 - offsets[-1]))
    return found


def _by_phases(x: np.ndarray, kernel: np.ndarray, plan: TransposePlan) -> np.ndarray:
    """The transposed convolution of (N, H, W, C_in) by (kh, kw, C_out, C_in), one phase at a time."""
    n, h, w, _ = x.shape
    c_out = kernel.shape[2]
    rows, cols = plan.rows, plan.cols
    row_phases, col_phases = _phases(rows), _phases(cols)
    # One zero border wide enough for every phase's windows.
    row_reads = [(p.start, p.end) for p in row_phases if p.taps]
    col_reads = [(p.start, p.end) for p in col_phases if p.taps]
    top = max([0] + [-start for start, _ in row_reads])
    bottom = max([0] + [end - (h - 1) for _, end in row_reads])
    left = max([0] + [-start for start, _ in col_reads])
    right = max([0] + [end - (w - 1) for _, end in col_reads])
    padded = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0))) if top or bottom or left or right else x
    # (kh, kw, C_in, C_out): the layout the correlation takes.
    weights = kernel.transpose(0, 1, 3, 2)
    single = len(row_phases) == 1 and len(col_phases) == 1
    everywhere = all(p.taps for p in row_phases) and all(p.taps for p in col_phases)
    # Channels first, as the correlation leaves its results: the phases are copied in with strides
    # on the spatial axes only; the caller gets a channels-last view, as conv2d returns.
    out = None if single and everywhere else (np.empty if everywhere else np.zeros)((c_out, n, rows.output, cols.output), dtype=x.dtype)
    for pr in row_phases:
        if not pr.taps:
            continue
        for pc in col_phases:
            if not pc.taps:
                continue
            block = padded[:, pr.start + top : pr.end + top + 1, pc.start + left : pc.end + left + 1]
            sub = weights[np.ix_(pr.taps, pc.taps)]
            axes = ConvPlan(
                AxisPlan(block.shape[1], len(pr.taps), 1, pr.dilation, 0, 0, 0),
                AxisPlan(block.shape[2], len(pc.taps), 1, pc.dilation, 0, 0, 0),
                "zeros",
            )
            result = _correlate(block, sub, axes)
            if out is None:
                return result  # stride 1: one phase is the whole output
            out[:, :, pr.first :: rows.stride, pc.first :: cols.stride] = result.transpose(3, 0, 1, 2)
    if out is None:  # unreachable: one phase with no taps is not `everywhere`
        raise AssertionError("no phase computed")
    channels_last: np.ndarray = out.transpose(1, 2, 3, 0)
    return channels_last
