"""Time convtutor's conv_transpose2d, max_pool2d and avg_pool2d against PyTorch's CPU versions.

    python benchmarks/transposed_pooling.py              # each library's default threads
    python benchmarks/transposed_pooling.py --threads 1  # one thread each (steadier on a busy machine)

Data: (8, 64, 64, 16) float32 input (channels last, as convtutor takes it; PyTorch gets the same
values as a contiguous (8, 16, 64, 64) tensor). Transposed: a (3, 3, 32, 16) kernel (16 channels
in, 32 out) with stride 1 (padding 1) and stride 2 (padding 1, output_padding 1); pooling: 2×2
stride 2, and 3×3 stride 2 padding 1. Target: each within 3x of PyTorch.

Everything runs in this one process. Rounds alternate the contenders, and each figure is the
contender's best round (the median of its repeats in that round): the machine's other load
comes and goes, and the best round is the one to compare. Without PyTorch the script says so
and stops.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable

# Thread counts are read when NumPy's OpenBLAS and PyTorch load, so --threads is read first.
THREADS = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv[:-1] else None
if THREADS is not None:
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = THREADS

import numpy as np  # noqa: E402

from convtutor.core import avg_pool2d, conv_transpose2d, max_pool2d  # noqa: E402

SHAPE_X = (8, 64, 64, 16)
SHAPE_K = (3, 3, 32, 16)  # Keras' Conv2DTranspose layout: (kh, kw, C_out, C_in)
TARGET = 3.0


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def cases(torch, F) -> dict[str, tuple[Callable[[], np.ndarray], Callable[[], np.ndarray]]]:
    """name -> (convtutor, PyTorch), each giving a channels-last array of the same numbers."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal(SHAPE_X).astype(np.float32)
    kernel = rng.standard_normal(SHAPE_K).astype(np.float32)
    xt = torch.from_numpy(x).permute(0, 3, 1, 2).contiguous()
    kt = torch.from_numpy(kernel).permute(3, 2, 0, 1).contiguous()  # (C_in, C_out, kh, kw)

    def nhwc(t) -> np.ndarray:
        return t.permute(0, 2, 3, 1).numpy()

    return {
        "conv_transpose2d 3x3 16->32 stride 1 pad 1": (
            lambda: conv_transpose2d(x, kernel, stride=1, padding=1),
            lambda: nhwc(F.conv_transpose2d(xt, kt, stride=1, padding=1)),
        ),
        "conv_transpose2d 3x3 16->32 stride 2 pad 1 out_pad 1": (
            lambda: conv_transpose2d(x, kernel, stride=2, padding=1, output_padding=1),
            lambda: nhwc(F.conv_transpose2d(xt, kt, stride=2, padding=1, output_padding=1)),
        ),
        "max_pool2d 2x2 stride 2": (lambda: max_pool2d(x, 2), lambda: nhwc(F.max_pool2d(xt, 2))),
        "max_pool2d 3x3 stride 2 pad 1": (
            lambda: max_pool2d(x, 3, strides=2, padding=1),
            lambda: nhwc(F.max_pool2d(xt, 3, 2, 1)),
        ),
        "avg_pool2d 2x2 stride 2": (lambda: avg_pool2d(x, 2), lambda: nhwc(F.avg_pool2d(xt, 2))),
        "avg_pool2d 3x3 stride 2 pad 1": (
            lambda: avg_pool2d(x, 3, strides=2, padding=1),
            lambda: nhwc(F.avg_pool2d(xt, 3, 2, 1)),
        ),
    }


def measure(torch, F, rounds: int = 7, repeats: int = 15) -> list[dict[str, object]]:
    rows = []
    for what, (ours, theirs) in cases(torch, F).items():
        np.testing.assert_allclose(ours(), theirs(), rtol=1e-4, atol=1e-4)  # the same numbers
        best = {"convtutor": float("inf"), "pytorch": float("inf")}
        for _ in range(rounds):
            for name, fn in (("convtutor", ours), ("pytorch", theirs)):
                fn()  # warm up
                best[name] = min(best[name], median_ms(fn, repeats))
        rows.append({"what": what, "ms": best["convtutor"], "baseline_ms": best["pytorch"], "ratio": best["convtutor"] / best["pytorch"]})
    return rows


def main() -> int:
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        print("PyTorch is not installed, so there is nothing to compare with (pip install torch==2.13.0); skipped.")
        return 0
    if THREADS is not None:
        torch.set_num_threads(int(THREADS))
    print(f"NumPy {np.__version__}; PyTorch {torch.__version__}, {torch.get_num_threads()} threads; input {SHAPE_X} float32")
    print(f"{'figure':<54} {'convtutor':>10} {'pytorch':>10} {'ratio':>7}")
    worst = 0.0
    for row in measure(torch, F):
        ratio = float(row["ratio"])  # type: ignore[arg-type]
        worst = max(worst, ratio)
        print(f"{row['what']:<54} {row['ms']:>8.2f}ms {row['baseline_ms']:>8.2f}ms {ratio:>6.2f}x")
    print(f"worst ratio {worst:.2f}x (target ≤ {TARGET:g}x): {'met' if worst <= TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
