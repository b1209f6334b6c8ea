"""``convtutor serve`` in a real browser: Playwright with the system's Chromium (Playwright
cannot download its own browser here; .ci/run installs Debian's where it can). The page draws
the terminal on a canvas, so the test reads the websocket's frames and takes a screenshot.
Skipped, with the reason, where Chromium or Playwright is missing."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def _requirements() -> str:
    """Why the test cannot run here ("" when it can)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install '.[test]')"
    if not CHROMIUM.is_file() or shutil.which(str(CHROMIUM)) is None:
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    return ""


def test_a_browser_names_a_learner_and_opens_a_lesson(tmp_path):
    reason = _requirements()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    from serve_helpers import served

    room = tmp_path / "room"
    frames: list[bytes] = []

    def seen(text: str) -> bool:
        # The frames are the app's terminal output: text between escape sequences. Words
        # within a line come in one piece; this only needs a few.
        return text.encode() in b"".join(frames)

    def wait_for(page, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not seen(text):
            assert time.monotonic() < deadline, f"{text!r} never came over the websocket"
            page.wait_for_timeout(50)

    with served(room, cwd=tmp_path) as (port, _server), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 700})
            # Nothing leaves this machine: the page's web font is refused at once rather than waited for.
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(f"http://127.0.0.1:{port}")
                       else route.abort())
            page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(
                payload if isinstance(payload, bytes) else payload.encode())))
            page.goto(f"http://127.0.0.1:{port}/")
            wait_for(page, "who is learning?")
            page.locator(".textual-terminal").click()  # the terminal takes the keys
            page.keyboard.type("Ada", delay=30)
            page.keyboard.press("Enter")
            wait_for(page, "Hello, ada")
            wait_for(page, "The convolutional layer")
            page.keyboard.press("Enter")  # the first entry: the first lesson
            wait_for(page, "step 1 of")
            page.wait_for_timeout(300)
            shot = tmp_path / "served.png"
            page.screenshot(path=str(shot))
        finally:
            browser.close()
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 20_000  # a drawn page, not a blank one (a blank 1100×700 PNG is a few kB)
    assert (room / "ada" / "progress.json").is_file()
