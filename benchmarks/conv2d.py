"""Time convtutor's conv2d against a naive per-pixel loop and, if installed, PyTorch's CPU conv2d.

    python benchmarks/conv2d.py

Data: (8, 64, 64, 16) float32 input, (3, 3, 16, 32) kernel, 'valid', stride 1 and 2.
Each contender runs in a process of its own, in interleaved rounds; each figure is its best round.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

import numpy as np

from convtutor.core import conv2d

SHAPE_X = (8, 64, 64, 16)
SHAPE_K = (3, 3, 16, 32)


def naive_conv2d(x: np.ndarray, kernel: np.ndarray, stride: int) -> np.ndarray:
    """One dot product per output pixel: the obvious loop, as a baseline."""
    n, h, w, c = x.shape
    kh, kw, _, o = kernel.shape
    ho, wo = (h - kh) // stride + 1, (w - kw) // stride + 1
    flat = kernel.reshape(kh * kw * c, o)
    out = np.empty((n, ho, wo, o), dtype=x.dtype)
    for b in range(n):
        for r in range(ho):
            for q in range(wo):
                patch = x[b, r * stride : r * stride + kh, q * stride : q * stride + kw, :]
                out[b, r, q] = patch.reshape(-1) @ flat
    return out


def median_ms(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _contenders(stride: int) -> dict[str, object]:
    """name -> a function running that contender on the benchmark's data."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal(SHAPE_X).astype(np.float32)
    kernel = rng.standard_normal(SHAPE_K).astype(np.float32)
    contenders = {
        "convtutor": lambda: conv2d(x, kernel, stride=stride),
        "naive": lambda: naive_conv2d(x, kernel, stride),
    }
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        return contenders
    xt = torch.from_numpy(x).permute(0, 3, 1, 2).contiguous()
    kt = torch.from_numpy(kernel).permute(3, 2, 0, 1).contiguous()
    contenders["pytorch"] = lambda: F.conv2d(xt, kt, stride=stride).permute(0, 2, 3, 1).numpy()
    return contenders


def _time_one(name: str, stride: int, repeats: int) -> float:
    """Run in a child process: the median time of one contender, in ms."""
    fn = _contenders(stride)[name]
    fn()  # warm up
    return median_ms(fn, repeats)


def _time_in_child(name: str, stride: int, repeats: int) -> float:
    command = [sys.executable, __file__, "--time", name, str(stride), str(repeats)]
    return float(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def measure(rounds: int = 5, repeats: int = 20) -> list[dict[str, object]]:
    """Rows of {'what', 'ms', 'baseline', 'baseline_ms', 'ratio'} for each stride and baseline.

    Each contender is timed in a fresh process of its own. In one process, OpenBLAS's and
    PyTorch's thread pools interfered on this 2-core machine: one library or the other came
    out 1.5-4x slow for a whole run, whichever it happened to be. Rounds alternate the
    contenders, and each figure is the contender's best round (the median of its repeats in
    that process): PyTorch on this machine has spells of minutes in which the same call takes
    3.3 ms instead of 0.73 ms, and its best round is the figure to be measured against.
    """
    rows = []
    for stride in (1, 2):
        contenders = _contenders(stride)
        reference = contenders["naive"]()
        for fn in contenders.values():  # all compute the same thing
            np.testing.assert_allclose(fn(), reference, rtol=1e-4, atol=1e-4)
        samples: dict[str, list[float]] = {name: [] for name in contenders}
        for _ in range(rounds):
            for name in contenders:
                samples[name].append(_time_in_child(name, stride, 1 if name == "naive" else repeats))
        ms = {name: min(values) for name, values in samples.items()}
        for baseline in [b for b in ("naive", "pytorch") if b in ms]:
            rows.append({
                "what": f"conv2d {SHAPE_X}*{SHAPE_K} stride {stride}",
                "ms": ms["convtutor"], "baseline": baseline, "baseline_ms": ms[baseline],
                "ratio": ms["convtutor"] / ms[baseline],
            })
    return rows


def main() -> None:
    try:
        import torch

        torch_note = f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads"
    except ImportError:
        torch_note = "PyTorch not installed (pip install torch==2.13.0 for the comparison)"
    print(f"NumPy {np.__version__}; {torch_note}")
    print(f"{'figure':<52} {'convtutor':>10} {'baseline':>22} {'ratio':>7}")
    for row in measure():
        print(f"{row['what']:<52} {row['ms']:>8.2f}ms {row['baseline'] + ' ' + format(row['baseline_ms'], '.2f') + 'ms':>22} {row['ratio']:>6.2f}x")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--time"]:
        print(_time_one(sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
    else:
        main()
