"""convtutor's performance figures, each against a baseline measured in the same run.

    python benchmarks/run.py            # everything (about two minutes)
    python benchmarks/run.py --quick    # fewer repetitions

Needs the package installed (pip install -e . or .) and pyte (pip install pyte); PyTorch is
optional (pip install torch==2.13.0) for the conv2d comparison. Prints one table; the
README's "Performance" section shows a run of it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from terminal import Terminal  # noqa: E402

CONVTUTOR = [sys.executable, "-m", "convtutor"]
MINIMAL = [sys.executable, str(HERE / "minimal_app.py")]
READY = "Padding and stride"  # the course's section title; the minimal app lists the same words

BIG_SWEEP = """\
format_version: 1
id: big-sweep
title: A 32x32 padded grid
summary: For the key-latency benchmark.
steps:
  - id: sweep
    kind: sweep
    input: {generator: random, size: 30, seed: 1}
    kernel: {preset: random, size: 3, seed: 2}
    padding: 1
"""

rows: list[tuple[str, str, str, str, str]] = []


def row(figure: str, value: str, baseline: str, ratio: str, target: str) -> None:
    rows.append((figure, value, baseline, ratio, target))
    print(f"  {figure:<46} {value:>14} {baseline:>22} {ratio:>8} {target:>10}", flush=True)


def env_with_data(folder: str) -> dict[str, str]:
    env = dict(os.environ)
    env["CONVTUTOR_DATA_DIR"] = folder
    env.pop("NO_COLOR", None)
    return env


# -- start-up --------------------------------------------------------------------------------------
def startup(runs: int) -> None:
    """Typical start: the data folder persists between runs, as on a learner's machine (one
    untimed first run fills the lesson-index cache). The very first start is shown too."""
    ours, theirs, first = [], [], []
    with tempfile.TemporaryDirectory() as data:
        for i in range(runs + 1):  # interleaved, so that machine noise hits both alike
            with Terminal(CONVTUTOR, env=env_with_data(data)) as term:
                (ours if i else first).append(term.wait_for_text(READY))
            with Terminal(MINIMAL) as term:
                theirs.append(term.wait_for_text(READY))
    for _ in range(max(runs // 2, 2)):
        with tempfile.TemporaryDirectory() as fresh, Terminal(CONVTUTOR, env=env_with_data(fresh)) as term:
            first.append(term.wait_for_text(READY))
    a, b, f = statistics.median(ours), statistics.median(theirs), statistics.median(first)
    row("startup to the course on screen (median)", f"{a * 1000:.0f} ms", f"minimal app {b * 1000:.0f} ms", f"{a / b:.2f}x", "≤ 1.3x")
    row("first start ever (no cache yet, median)", f"{f * 1000:.0f} ms", f"minimal app {b * 1000:.0f} ms", f"{f / b:.2f}x", "")


# -- key latency -----------------------------------------------------------------------------------
def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def key_latency(presses: int) -> None:
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as lessons:
        Path(lessons, "big.yaml").write_text(BIG_SWEEP)
        with Terminal([*CONVTUTOR, "--lessons", lessons, "--open", "big-sweep:1"], env=env_with_data(data)) as term:
            term.wait_for_text("Window 1 of 900")
            sweep = [term.key_latency("right") for _ in range(presses)]
        with Terminal(CONVTUTOR, env=env_with_data(data)) as term:
            term.wait_for_text(READY)
            home = [term.key_latency("down" if i % 2 == 0 else "up") for i in range(presses)]
    with Terminal(MINIMAL) as term:
        term.wait_for_text(READY)
        base = [term.key_latency("down" if i % 2 == 0 else "up") for i in range(presses)]
    b50, b95 = statistics.median(base), percentile(base, 95)
    for name, values in (("key: one stride on a 32×32 padded sweep", sweep), ("key: move in the home list", home)):
        m, p95 = statistics.median(values), percentile(values, 95)
        row(f"{name} (median)", f"{m * 1000:.1f} ms", f"minimal app {b50 * 1000:.1f} ms", f"{m / b50:.2f}x", "≤ 2x")
        row(f"{name} (p95)", f"{p95 * 1000:.1f} ms", f"minimal app {b95 * 1000:.1f} ms", f"{p95 / b95:.2f}x", "≤ 2x")


# -- the playground --------------------------------------------------------------------------------------
def playground(presses: int) -> None:
    """A stride on a 64×64 'same' sweep in the playground, and a change of settings: from Enter
    until the new sweep is on screen."""
    with tempfile.TemporaryDirectory() as data, Terminal([*CONVTUTOR, "play", "64x64", "--padding", "same"], env=env_with_data(data)) as term:
        term.wait_for_text("Window 1 of 4096")
        keys = [term.key_latency("right") for _ in range(presses)]
        changes = []
        for i in range(max(presses // 4, 5)):
            kernel = 5 if i % 2 == 0 else 3
            term.send("e")
            term.settle(quiet=0.15)  # the settings box has the focus, its text selected: typing replaces it
            for char in f"64x64 -p same -k {kernel}":
                term.send(char)
            term.settle(quiet=0.15)
            start = time.perf_counter()
            term.send("enter")
            term.wait_for_text(f"Kernel {kernel}×{kernel}")
            changes.append(time.perf_counter() - start)
    with Terminal(MINIMAL) as term:
        term.wait_for_text(READY)
        base = [term.key_latency("down" if i % 2 == 0 else "up") for i in range(presses)]
    m, b = statistics.median(keys), statistics.median(base)
    row("key: one stride, playground 64×64 'same' (median)", f"{m * 1000:.1f} ms", f"minimal app {b * 1000:.1f} ms", f"{m / b:.2f}x", "≤ 2x")
    c = statistics.median(changes)
    row("playground: new settings until re-swept (median)", f"{c * 1000:.0f} ms", "", "", "≤ 50 ms")


# -- practice --------------------------------------------------------------------------------------------
def drill(problems: int) -> None:
    """A new drill problem after the last one is answered: from Enter until the next problem's
    settings line is on screen (each problem is answered wrong twice and revealed first)."""
    times = []
    with tempfile.TemporaryDirectory() as data, Terminal([*CONVTUTOR, "drill", "--skill", "output_size", "--seed", "1"],
                                                          env=env_with_data(data)) as term:
        term.wait_for_text("What is the output size")
        for _ in range(problems):
            for wrong in ("998x998", "999x999"):  # two different answers: the same one again costs no attempt
                for char in wrong:
                    term.send(char)
                term.send("enter")
                term.settle(quiet=0.15)
            term.send("s")
            term.settle(quiet=0.15)
            term.wait_for_text("The answer:", timeout=5.0)
            start = time.perf_counter()
            term.send("enter")
            term.wait_for(lambda: "The answer:" not in term.text() and "rows x cols" in term.text(), timeout=5.0)
            times.append(time.perf_counter() - start)
    m = statistics.median(times)
    row("practice: the next problem after Enter (median)", f"{m * 1000:.1f} ms", "", "", "≤ 20 ms")


# -- idle ------------------------------------------------------------------------------------------------
def idle(seconds: float) -> None:
    def measure(argv: list[str], ready: str, keys: list[str], env: dict[str, str] | None) -> float:
        with Terminal(argv, env=env) as term:
            term.wait_for_text(ready)
            for key in keys:
                term.send(key)
            term.settle(quiet=0.5)
            before = term.cpu_seconds()
            end = time.perf_counter() + seconds
            while time.perf_counter() < end:
                term.pump(0.1)
            return (term.cpu_seconds() - before) / seconds * 100

    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as lessons:
        Path(lessons, "big.yaml").write_text(BIG_SWEEP)
        env = env_with_data(data)
        home = measure(CONVTUTOR, READY, [], env)
        sweep = measure([*CONVTUTOR, "--lessons", lessons, "--open", "big-sweep:1"], "Window 1 of", ["right", "right"], env)
    base = measure(MINIMAL, READY, [], None)
    row(f"idle CPU over {seconds:.0f} s at the home screen", f"{home:.2f} %", f"minimal app {base:.2f} %", "", "< 1 %")
    row(f"idle CPU over {seconds:.0f} s mid-sweep", f"{sweep:.2f} %", f"minimal app {base:.2f} %", "", "< 1 %")


# -- memory ------------------------------------------------------------------------------------------
def memory() -> None:
    with tempfile.TemporaryDirectory() as data, Terminal(CONVTUTOR, env=env_with_data(data)) as term:
        term.wait_for_text(READY)
        term.send("enter")  # 'continue' opens the first lesson
        opened = 0
        for _ in range(200):  # step through every step of every lesson
            term.settle(quiet=0.08)
            if "Steps done:" in term.text():
                opened += 1
                if "That was the last lesson." in term.text():
                    break
                term.send("enter")  # the next lesson
            else:
                term.send("pagedown")
        term.settle(quiet=0.3)
        ours = term.peak_rss_mb()
    with Terminal(MINIMAL) as term:
        term.wait_for_text(READY)
        for key in ("down", "down", "up"):
            term.send(key)
        term.settle(quiet=0.3)
        base = term.peak_rss_mb()
    row(f"peak memory after opening all {opened} lessons", f"{ours:.0f} MB", f"minimal app {base:.0f} MB", f"{ours / base:.2f}x", "≤ 1.5x")


# -- core ----------------------------------------------------------------------------------------------
def course_load(repeats: int) -> None:
    import yaml

    from convtutor import paths
    from convtutor.lessons.loader import load_catalog

    try:
        from yaml import CSafeLoader as Loader
    except ImportError:  # pragma: no cover
        from yaml import SafeLoader as Loader  # type: ignore[assignment]
    files = sorted(paths.bundled_lessons_dir().glob("*.yaml"))
    texts = [f.read_text(encoding="utf-8") for f in files]

    def parse_only() -> None:
        for text in texts:
            yaml.load(text, Loader=Loader)

    def load_all() -> None:
        catalog = load_catalog(user=False)
        assert not catalog.problems

    load_all()  # imports and schema building happen once per process; time the steady state
    times_load, times_parse = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        load_all()
        times_load.append(time.perf_counter() - start)
        start = time.perf_counter()
        parse_only()
        times_parse.append(time.perf_counter() - start)
    a, b = statistics.median(times_load), statistics.median(times_parse)
    row(f"load + validate the course ({len(files)} files)", f"{a * 1000:.1f} ms", f"YAML parse {b * 1000:.1f} ms", f"{a / b:.2f}x", "≤ 3x")


def core() -> None:
    import conv2d as conv_benchmark

    for item in conv_benchmark.measure():
        target = "≤ 3x" if item["baseline"] == "pytorch" else ""
        row(f"{item['what'].replace('(8, 64, 64, 16)*(3, 3, 16, 32)', '8×64×64×16 * 3×3×16×32')}",
            f"{item['ms']:.2f} ms", f"{item['baseline']} {item['baseline_ms']:.2f} ms", f"{item['ratio']:.2f}x", target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--only", choices=["startup", "keys", "playground", "drill", "idle", "memory", "load", "core"], action="append")
    args = parser.parse_args()
    quick = args.quick
    import platform

    print(f"convtutor benchmarks · Python {platform.python_version()} · {platform.machine()} · {os.cpu_count()} CPUs")
    print(f"  {'figure':<46} {'convtutor':>14} {'baseline':>22} {'ratio':>8} {'target':>10}")
    wanted = set(args.only or ["startup", "keys", "playground", "drill", "idle", "memory", "load", "core"])
    if "startup" in wanted:
        startup(5 if quick else 11)
    if "keys" in wanted:
        key_latency(15 if quick else 40)
    if "playground" in wanted:
        playground(12 if quick else 40)
    if "drill" in wanted:
        drill(6 if quick else 20)
    if "idle" in wanted:
        idle(3.0 if quick else 10.0)
    if "memory" in wanted:
        memory()
    if "load" in wanted:
        course_load(10 if quick else 30)
    if "core" in wanted:
        core()


if __name__ == "__main__":
    main()
