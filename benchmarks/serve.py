"""A room of learners on ``convtutor serve``: memory per session and key-to-output latency under
load, against the targets (p95 under 150 ms, under 80 MB per learner).

    python benchmarks/serve.py [--learners 30] [--keys 20]

Starts the server on a free port (a fresh room folder), then one websocket client per learner,
all at once, each doing what a browser tab does (textual-serve's protocol: JSON text messages
``["resize", {...}]`` and ``["stdin", keys]`` in, the app's terminal output as binary frames
out): it types a name, opens the first lesson and goes on to its sweep. Then every learner
steps through the sweep with → at a quick learner's pace (a key every 0.3-0.7 s), and the time
from sending a key to the next output frame is measured (Textual writes a frame only when the
screen changed). Memory is each session's process tree from /proc: RSS, and PSS (shared pages
divided among the processes sharing them, which is what a session adds). Then: the CPU an idle
session uses over 2 s (mid-sweep, and on a quiz's answer box), and whether closing a websocket ends its process.

Needs the web and test extras (textual-serve, aiohttp, pyte). Linux only (/proc). The client
runs on the same machine as the server, so its own work counts against the server's.
Exits with 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import pyte

P95_TARGET_MS = 150.0
MEMORY_TARGET_MB = 80.0
WIDTH, HEIGHT = 100, 30
THINK = (0.3, 0.7)  # seconds between a learner's keys
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


# -- /proc ------------------------------------------------------------------------------------------
def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                tree.setdefault(int(_stat(int(entry.name))[1]), []).append(int(entry.name))
            except (OSError, IndexError):
                continue
    return tree


def descendants(pid: int, tree: dict[int, list[int]]) -> list[int]:
    found, todo = [], [pid]
    while todo:
        here = todo.pop()
        found.append(here)
        todo.extend(tree.get(here, []))
    return found


def memory_kb(pids: list[int]) -> tuple[int, int]:
    """(RSS, PSS) in kB summed over the processes."""
    rss = pss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return rss, pss


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = _stat(pid)
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def alive(pid: int) -> bool:
    try:
        return _stat(pid)[0] != "Z"
    except OSError:
        return False


# -- one learner's tab ------------------------------------------------------------------------------
class Learner:
    def __init__(self, number: int, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.name = f"learner-{number:02d}"
        self.ws = ws
        self.screen = pyte.Screen(WIDTH, HEIGHT)
        self.stream: pyte.ByteStream | None = pyte.ByteStream(self.screen)  # None: frames are only counted
        self.latencies: list[float] = []
        self.frame_arrived = asyncio.Event()
        self.last_frame = 0.0
        self.closed = False
        self.reading: asyncio.Task[None] | None = None

    async def reader(self) -> None:
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.last_frame = time.perf_counter()
                if self.stream is not None:
                    self.stream.feed(message.data)
                self.frame_arrived.set()
        self.closed = True
        self.frame_arrived.set()

    async def key(self, key: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", key]))
        await asyncio.sleep(0.01)  # typed, not pasted (see tests/serve_helpers.py)

    async def wait_for(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while text not in "\n".join(self.screen.display):
            if self.closed or time.monotonic() > deadline:
                raise RuntimeError(f"{self.name}: {text!r} never appeared:\n" + "\n".join(self.screen.display))
            self.frame_arrived.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.frame_arrived.wait(), max(0.01, deadline - time.monotonic()))

    async def settle(self, quiet: float) -> None:
        while time.perf_counter() - self.last_frame < quiet:
            await asyncio.sleep(quiet / 4)

    async def timed_key(self, key: str, timeout: float = 10) -> None:
        self.frame_arrived.clear()
        sent = time.perf_counter()
        await self.ws.send_str(json.dumps(["stdin", key]))
        await asyncio.wait_for(self.frame_arrived.wait(), timeout)
        self.latencies.append((self.last_frame - sent) * 1000)


async def learner(number: int, port: int, http: aiohttp.ClientSession, ready: list[Learner], go: asyncio.Event, keys: int,
                  done: asyncio.Event) -> Learner:
    ws = await http.ws_connect(f"http://127.0.0.1:{port}/ws?width={WIDTH}&height={HEIGHT}", max_msg_size=0)
    tab = Learner(number, ws)
    tab.reading = asyncio.create_task(tab.reader())
    await ws.send_str(json.dumps(["resize", {"width": WIDTH, "height": HEIGHT}]))
    await tab.wait_for("who is learning?")
    for key in tab.name:
        await tab.key(key)
    await tab.key("\r")
    await tab.wait_for("The convolutional layer")
    await tab.key("\r")  # the first entry: continue, i.e. the first lesson
    await tab.wait_for("step 1 of")
    await tab.key("n")  # the sweep
    await tab.wait_for("step 2 of")
    await tab.settle(0.5)
    tab.stream = None  # from here frames are timed, not drawn: the client's work must not load the server's cores
    ready.append(tab)
    await go.wait()
    pace = random.Random(number)
    for _ in range(keys):
        await asyncio.sleep(pace.uniform(*THINK))
        await tab.timed_key("\x1b[C")  # →: the next window
    await done.wait()
    return tab


async def idle_for(trees: list[list[int]], tabs: list[Learner], wait: float) -> tuple[list[float], int]:
    """After ``wait`` s, and 1 s without a frame from any session: each session's CPU seconds
    over the next 2 s, and how many sessions sent a frame in them."""
    await asyncio.sleep(wait)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and time.perf_counter() - max(t.last_frame for t in tabs) < 1.0:
        await asyncio.sleep(0.1)  # under load the last keys' screens may still be on their way
    before = [cpu_seconds(pids) for pids in trees]
    frames_before = [t.last_frame for t in tabs]
    await asyncio.sleep(2.0)
    used = [cpu_seconds(pids) - b for pids, b in zip(trees, before, strict=True)]
    return used, sum(t.last_frame != f for t, f in zip(tabs, frames_before, strict=True))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def room(learners: int, keys: int, folder: Path) -> int:
    port = free_port()
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "convtutor", "serve", "--port", str(port), "--progress-dir", str(folder / "room"),
         "--max-sessions", str(learners + 5)],
        stdout=log, stderr=subprocess.STDOUT, cwd=folder,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if server.poll() is not None or time.monotonic() > deadline:
                print((folder / "server.log").read_text(errors="replace"))
                return 2
            await asyncio.sleep(0.05)
        return await measure(server.pid, port, learners, keys)
    finally:
        server.terminate()
        server.wait(20)
        log.close()


async def measure(server_pid: int, port: int, learners: int, keys: int) -> int:
    ready: list[Learner] = []
    go, done = asyncio.Event(), asyncio.Event()
    async with aiohttp.ClientSession() as http:
        started = time.perf_counter()
        tasks = [asyncio.create_task(learner(n, port, http, ready, go, keys, done)) for n in range(learners)]
        while len(ready) < learners:
            failed = [t for t in tasks if t.done() and t.exception() is not None]
            if failed:
                raise failed[0].exception()  # type: ignore[misc]
            await asyncio.sleep(0.1)
        setup_s = time.perf_counter() - started

        tree = children_of()
        sessions = tree.get(server_pid, [])
        memory = [memory_kb(descendants(pid, tree)) for pid in sessions]
        server_rss = memory_kb([server_pid])[0]

        go.set()
        stepping = time.perf_counter()
        while sum(len(t.latencies) for t in ready) < learners * keys:
            failed = [t for t in tasks if t.done() and t.exception() is not None]
            if failed:
                raise failed[0].exception()  # type: ignore[misc]
            await asyncio.sleep(0.1)
        stepping_s = time.perf_counter() - stepping
        latencies = sorted(ms for t in ready for ms in t.latencies)

        # Idle: every session as the learner left it, nothing sent for a while (past the 4 s of
        # the greeting's toast, whose leaving is a frame): first mid-sweep, then on a quiz's
        # answer box (steps 3-5 of the lesson), where a blinking cursor would send frames.
        tree = children_of()
        trees = [descendants(pid, tree) for pid in tree.get(server_pid, [])]
        idle = {"mid-sweep": await idle_for(trees, ready, 5.0)}
        for tab in ready:
            for _ in range(3):
                await tab.key("n")
        idle["on a quiz's answer box"] = await idle_for(trees, ready, 3.0)

        # Closing a tab ends its session's process tree.
        done.set()
        await asyncio.gather(*tasks)
        first = ready[0]
        before_close = set(tree.get(server_pid, []))
        await first.ws.close()
        deadline = time.monotonic() + 10
        closed_at = time.perf_counter()
        while True:
            now = set(children_of().get(server_pid, []))
            gone = before_close - now
            if gone or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.02)
        close_one_s = time.perf_counter() - closed_at
        ended = [pid for pid in gone if not alive(pid)]
        for tab in ready[1:]:
            await tab.ws.close()
        deadline = time.monotonic() + 20
        while any(alive(pid) for pid in before_close) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        left = [pid for pids in trees for pid in pids if alive(pid)]  # every process of every session

    rss = [r / 1024 for r, _ in memory]
    pss = [p / 1024 for _, p in memory]
    p50 = statistics.median(latencies)
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    print(f"convtutor serve, {learners} learners on {os.cpu_count()} cores (client on the same machine)")
    print(f"  sessions started, named, lesson and sweep open: {setup_s:.1f} s for all {learners}")
    print(f"  memory per session (process tree): RSS mean {statistics.mean(rss):.1f} MB, max {max(rss):.1f} MB; "
          f"PSS mean {statistics.mean(pss):.1f} MB, max {max(pss):.1f} MB   target < {MEMORY_TARGET_MB:.0f} MB")
    print(f"  the server itself: RSS {server_rss / 1024:.1f} MB")
    print(f"  key -> next frame, {len(latencies)} keys ({learners} learners x {keys}, one every {THINK[0]}-{THINK[1]} s each, "
          f"{len(latencies) / stepping_s:.0f} keys/s in all): median {p50:.1f} ms, p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms"
          f"   target p95 < {P95_TARGET_MS:.0f} ms")
    for where, (idle_cpu, idle_frames) in idle.items():
        print(f"  idle sessions {where}, over 2 s: CPU max {max(idle_cpu) * 1000:.0f} ms, total {sum(idle_cpu) * 1000:.0f} ms "
              f"over {len(idle_cpu)} sessions; {idle_frames} sent a frame")
    print(f"  closing a websocket: its session ended ({len(ended)} of 1 process trees gone) after {close_one_s:.2f} s; "
          f"after closing the rest, {len(left)} of their processes still running")
    met = p95 < P95_TARGET_MS and max(rss) < MEMORY_TARGET_MB and len(ended) == 1 and not left
    print("  targets met" if met else "  TARGET MISSED")
    return 0 if met else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--keys", type=int, default=20, help="→ keys each learner presses in the sweep")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="convtutor-serve-bench-") as folder:
        os.environ["CONVTUTOR_DATA_DIR"] = str(Path(folder) / "server-data")  # never the real home
        return asyncio.run(room(args.learners, args.keys, Path(folder)))


if __name__ == "__main__":
    raise SystemExit(main())
