"""Run a program in a real pseudo-terminal and watch its screen with pyte.

Used by the benchmarks to time what a person sees: how long until some text is on screen,
and how long from a key press until the screen changes.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Callable

import pyte

KEYS = {
    "right": b"\x1b[C", "left": b"\x1b[D", "up": b"\x1b[A", "down": b"\x1b[B",
    "enter": b"\r", "escape": b"\x1b", "pagedown": b"\x1b[6~", "pageup": b"\x1b[5~",
}


class Terminal:
    def __init__(self, argv: list[str], *, cols: int = 100, rows: int = 30, env: dict[str, str] | None = None) -> None:
        self.cols, self.rows = cols, rows
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        environment = dict(os.environ if env is None else env)
        environment.update({"TERM": "xterm-256color", "COLUMNS": str(cols), "LINES": str(rows)})
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=environment, start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self.fd = master
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)

    # -- reading the screen -------------------------------------------------------------------
    def pump(self, timeout: float) -> bool:
        """Feed whatever the program wrote within ``timeout`` seconds; True if anything came."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return False
        self.stream.feed(data)
        return bool(data)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def snapshot(self) -> tuple:
        """Text and attributes of every cell: a change of highlight counts as a change."""
        buffer = self.screen.buffer
        return tuple(
            tuple((c.data, c.fg, c.bg, c.reverse, c.bold) for c in (buffer[y][x] for x in range(self.cols)))
            for y in range(self.rows)
        )

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 20.0) -> float:
        """Seconds since start until ``predicate`` holds (TimeoutError otherwise)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if predicate():
                return time.perf_counter() - self.started
            self.pump(0.005)
        raise TimeoutError(f"screen never matched; it shows:\n{self.text()}")

    def wait_for_text(self, needle: str, timeout: float = 20.0) -> float:
        return self.wait_for(lambda: needle in self.text(), timeout)

    def settle(self, quiet: float = 0.3, limit: float = 5.0) -> None:
        """Read until the program has been silent for ``quiet`` seconds."""
        end = time.perf_counter() + limit
        last = time.perf_counter()
        while time.perf_counter() < end:
            if self.pump(0.02):
                last = time.perf_counter()
            elif time.perf_counter() - last >= quiet:
                return

    # -- typing -----------------------------------------------------------------------------------
    def send(self, key: str) -> None:
        os.write(self.fd, KEYS.get(key, key.encode()))

    def key_latency(self, key: str, timeout: float = 5.0) -> float:
        """Seconds from sending ``key`` until the screen differs from before."""
        self.settle(quiet=0.15)
        before = self.snapshot()
        start = time.perf_counter()
        self.send(key)
        deadline = start + timeout
        while time.perf_counter() < deadline:
            if self.pump(0.002) and self.snapshot() != before:
                return time.perf_counter() - start
        raise TimeoutError(f"{key!r} changed nothing on screen")

    # -- the process -------------------------------------------------------------------------------
    def cpu_seconds(self) -> float:
        """User + system CPU time of the program so far (Linux /proc)."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self) -> float:
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM")

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        os.close(self.fd)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
