"""Each workaround in convtutor.compat still works, and is still needed.

A test here that fails after a dependency upgrade says which: "stopped working" (the reach
broke: fix it) or "no longer needed" (upstream fixed it: delete the workaround and its test).
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from app_helpers import make_app, open_lesson
from convtutor import compat

BROKEN = Path(__file__).parent / "corpus" / "broken" / "missing-key.yaml"


def test_every_workaround_names_its_upstream_and_versions():
    names = [w.name for w in compat.WORKAROUNDS]
    assert len(names) == len(set(names))
    for workaround in compat.WORKAROUNDS:
        assert workaround.dependency in ("msgspec", "textual") and workaround.upstream and workaround.seen_with


def _crashes(runs: int, off: str = "") -> int:
    env = {**os.environ, "CONVTUTOR_COMPAT_OFF": off}
    found = 0
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-m", "convtutor", "validate", str(BROKEN)], env=env, capture_output=True, check=False)
        assert done.returncode in (1, -11, 139), done.stderr
        found += done.returncode != 1
    return found


def test_msgspec_exit_crash_is_prevented():
    assert _crashes(8) == 0, "stopped working: the interpreter crashed at exit despite the workaround"


def test_msgspec_exit_crash_still_happens_without_the_workaround():
    # About 4 runs in 10 crashed here; 16 runs without a single crash means it is fixed upstream.
    assert _crashes(16, off="msgspec-shutdown-gc") > 0, "no longer needed: remove msgspec-shutdown-gc from convtutor.compat"


async def _walk_four_steps(app, pilot):
    views, caches, keys = [], [], []
    screen = await open_lesson(app, pilot, "convolutional-layer")
    for _ in range(4):
        views.append(weakref.ref(screen.view))
        caches.append(weakref.ref(screen.view._styles_cache))
        keys.extend(weakref.ref(key) for key in screen.query(FooterKey))
        await pilot.press("pagedown")
        await pilot.pause()
    gc.collect()
    shown = {id(key) for key in screen.query(FooterKey)}
    return [ref() for ref in caches], [k for ref in keys if (k := ref()) is not None and id(k) not in shown]


def test_the_private_targets_are_still_there():
    cache = compat.private("textual._styles_cache", "StylesCache")
    assert cache is not None and hasattr(cache.get_inner_outer, "cache_clear"), "stopped working: StylesCache moved"
    assert "compact" in Footer._reactives, "stopped working: Footer has no compact reactive"
    assert hasattr(App, "_fatal_error") and hasattr(App, "_handle_exception"), "stopped working: App's crash hooks moved"


async def test_without_the_styles_cache_workaround_removed_steps_stay_in_memory(monkeypatch):
    monkeypatch.setenv("CONVTUTOR_COMPAT_OFF", "textual-styles-cache")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        caches, _ = await _walk_four_steps(app, pilot)
        assert any(cache is not None for cache in caches), "no longer needed: Textual frees removed widgets' caches (#6665)"


async def test_without_the_footer_workaround_old_keys_stay_in_memory(monkeypatch):
    monkeypatch.setenv("CONVTUTOR_COMPAT_OFF", "textual-footer-keys")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        _, keys = await _walk_four_steps(app, pilot)
        assert keys, "no longer needed: Footer drops the keys it no longer shows"


@pytest.mark.parametrize("off", ["", "textual-input-passthrough"])
async def test_letters_typed_in_a_number_box_reach_the_lesson(monkeypatch, off):
    monkeypatch.setenv("CONVTUTOR_COMPAT_OFF", off)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(app, pilot, "border-effects", 1)  # a sweep that asks for predictions
        assert screen.focused is not None and screen.focused.id == "predict"
        await pilot.press("n")
        await pilot.pause()
        moved = screen.index == 2
        if off:
            assert not moved, "no longer needed: Input lets keys it does not take reach the bindings"
        else:
            assert moved, "stopped working: 'n' in the prediction box did not go to the next step"
