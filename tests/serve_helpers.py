"""Shared helpers for the tests of ``convtutor serve``: a server in a subprocess on a free port,
and a browser tab's websocket as textual-serve's page speaks it (JSON text messages
``["stdin", keys]`` and ``["resize", {...}]`` in; the app's terminal output as binary
frames out), read onto a pyte screen."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pyte

WIDTH, HEIGHT = 100, 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def served(room: Path, *args: str, cwd: Path | None = None) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """``convtutor serve`` on a free port until the block ends (then stopped, sessions too)."""
    port = free_port()
    log = (cwd or room.parent) / f"serve-{port}.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "convtutor", "serve", "--port", str(port), "--progress-dir", str(room), *args],
            stdout=out, stderr=subprocess.STDOUT, cwd=cwd, env=os.environ.copy(),
        )
    try:
        deadline = time.monotonic() + 20
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.05)
        yield port, server
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def children(pid: int) -> set[int]:
    """The process ids whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


class Tab:
    """One browser tab's websocket: send keys, read the screen as the page would draw it."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.screen = pyte.Screen(WIDTH, HEIGHT)
        self.stream = pyte.ByteStream(self.screen)
        self.frames = 0
        self.closed = False

    @classmethod
    @contextlib.asynccontextmanager
    async def open(cls, http: aiohttp.ClientSession, port: int):
        async with http.ws_connect(f"http://127.0.0.1:{port}/ws?width={WIDTH}&height={HEIGHT}") as ws:
            tab = cls(ws)
            await ws.send_str(json.dumps(["resize", {"width": WIDTH, "height": HEIGHT}]))
            yield tab

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def keys(self, *keys: str) -> None:
        """Each key its own message, as the page sends them, a few milliseconds apart as typed:
        keys written back to back in one go lose those after a backspace (in Textual's web
        driver; a person's keys are never that close)."""
        for key in keys:
            await self.ws.send_str(json.dumps(["stdin", key]))
            await asyncio.sleep(0.01)

    async def wait_for(self, wanted: str, timeout: float = 15) -> str:
        """Read frames until ``wanted`` is on screen (or fail, showing the screen)."""
        deadline = time.monotonic() + timeout
        while wanted not in self.text:
            left = deadline - time.monotonic()
            if left <= 0 or self.closed:
                raise AssertionError(f"{wanted!r} not on screen; the screen:\n{self.text}")
            await self.read(left)
        return self.text

    async def settle(self, quiet: float = 0.3) -> None:
        """Read frames until none came for ``quiet`` seconds."""
        while not self.closed and await self.read(quiet):
            pass

    async def read(self, timeout: float) -> bool:
        try:
            message = await self.ws.receive(timeout=timeout)
        except asyncio.TimeoutError:
            return False
        if message.type == aiohttp.WSMsgType.BINARY:
            self.frames += 1
            self.stream.feed(message.data)
            return True
        if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.ERROR):
            self.closed = True
            return False
        return True  # a text message (e.g. a pong): not a frame
