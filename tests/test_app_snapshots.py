"""Snapshots of the main screens at 100x30 and 80x24 (pytest --snapshot-update to accept changes)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from app_helpers import make_app
from convtutor.tui.messages import OpenLesson

SIZES = [(100, 30), (80, 24)]


@pytest.fixture(autouse=True)
def _stable(monkeypatch):
    monkeypatch.setenv("COLORTERM", "truecolor")  # the dark theme, whatever terminal runs the tests
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


@pytest.mark.parametrize("size", SIZES, ids=["100x30", "80x24"])
def test_home(snap_compare, size):
    assert snap_compare(make_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["100x30", "80x24"])
def test_sweep_part_way(snap_compare, size):
    async def run_before(pilot):
        pilot.app.post_message(OpenLesson("padding", 1))  # the one-pixel frame: padding boxed, 10x10 grid
        await pilot.pause()
        await pilot.press("right", "right", "down", "right")

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["100x30", "80x24"])
def test_quiz_with_feedback(snap_compare, size):
    async def run_before(pilot):
        pilot.app.post_message(OpenLesson("stride", 6))
        await pilot.pause()
        await pilot.press("4", "x", "4", "enter")  # the no_floor mistake

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)
