"""Snapshots of the main screens at 100x30 and 80x24 (pytest --snapshot-update to accept changes)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from app_helpers import make_app
from convtutor.state import settings
from convtutor.tui.messages import OpenLesson

SIZES = [(100, 30), (80, 24)]
SIZE_IDS = ["100x30", "80x24"]


@pytest.fixture(autouse=True)
def _stable(monkeypatch):
    monkeypatch.setenv("COLORTERM", "truecolor")  # the dark theme, whatever terminal runs the tests
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


def _at(lesson_id: str, step: int):
    """A run_before that opens a lesson at a step (counting from 0) and does nothing else."""

    async def run_before(pilot):
        pilot.app.post_message(OpenLesson(lesson_id, step))
        await pilot.pause()

    return run_before


async def _sweep_part_way(pilot):
    pilot.app.post_message(OpenLesson("padding", 1))  # the one-pixel frame: padding boxed, 10x10 grid
    await pilot.pause()
    await pilot.press("right", "right", "down", "right")


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_home(snap_compare, size):
    assert snap_compare(make_app(), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_sweep_part_way(snap_compare, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=_sweep_part_way)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_quiz_with_feedback(snap_compare, size):
    async def run_before(pilot):
        pilot.app.post_message(OpenLesson("stride", 6))
        await pilot.pause()
        await pilot.press("6", "x", "6", "enter")  # the no_floor mistake

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_text_step(snap_compare, size):
    # convolutional-layer, step 1 of 5: "One filter, many stops" (markdown text with bold terms)
    assert snap_compare(make_app(), terminal_size=size, run_before=_at("convolutional-layer", 0))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_model_step_with_weights(snap_compare, size):
    # convolutional-layer, step 3 of 5: "What Keras reports" (the summary, with weights: feature maps shown)
    assert snap_compare(make_app(), terminal_size=size, run_before=_at("convolutional-layer", 2))


def test_model_step_without_weights(snap_compare):
    # beyond, step 5 of 6: "How far a deep pixel can see" (four layers, no weights: the widest table).
    # One size only, the tighter one, where a table would be cut off first.
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_at("beyond", 4))


def test_model_step_with_pools(snap_compare):
    # field-with-pooling, step 2 of 4: "Convolutions between pools" (MaxPooling2D layers: Keras' long
    # names). At 80 columns the type goes under the name so that the receptive-field column stays.
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_at("field-with-pooling", 1))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_lesson_done(snap_compare, size):
    async def run_before(pilot):
        pilot.app.post_message(OpenLesson("convolutional-layer", 4))  # the last step, a quiz
        await pilot.pause()
        # The quiz puts the focus in its answer box, where "n" would be typed; Escape leaves it.
        await pilot.press("escape", "n")

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_help(snap_compare, size):
    assert snap_compare(make_app(), terminal_size=size, press=["question_mark"])


def test_too_small(snap_compare):
    # Shrunk after start-up: started at 50x15 the cover ends up under the home screen (see the xfail below).
    async def run_before(pilot):
        await pilot.resize_terminal(50, 15)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=run_before)


async def test_too_small_from_the_start():
    from convtutor.tui.screens.too_small import TooSmallScreen

    app = make_app()
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)


# -- themes: one size (colours do not depend on it) ---------------------------------------------------


@pytest.fixture(params=["light", "ansi", "no_color"])
def themed_app(request, monkeypatch):
    """The app under another theme. "light" and "ansi" are saved preferences (settings.json in this
    test's own empty data folder, as the theme command saves them), so the app chooses them itself in
    __init__, whatever COLORTERM says. "no_color": NO_COLOR=1 makes the app take the dark theme and
    Textual grey it."""
    if request.param == "no_color":
        monkeypatch.setenv("NO_COLOR", "1")  # Textual pops it from os.environ; monkeypatch restores it
    else:
        assert settings.save(settings.Settings(theme=request.param))
    app = make_app()
    expected = settings.THEMES["dark" if request.param == "no_color" else request.param]
    assert app.theme == expected
    assert app.no_color == (request.param == "no_color")
    return app


def test_home_themed(snap_compare, themed_app):
    assert snap_compare(themed_app, terminal_size=(100, 30))


def test_sweep_part_way_themed(snap_compare, themed_app):
    assert snap_compare(themed_app, terminal_size=(100, 30), run_before=_sweep_part_way)


@pytest.mark.parametrize("size", SIZES, ids=["100x30", "80x24"])
def test_playground(snap_compare, size):
    async def run_before(pilot):
        await pilot.pause()
        await pilot.press("right", "r")  # one stride on, and the count of reads per pixel

    assert snap_compare(make_app(playground="7x7 -k 3 -s 2 -p same"), terminal_size=size, run_before=run_before)


# -- the transposed and pooling sweeps, from a small lesson written in tmp_path -----------------------
async def _transposed_scatter(pilot):
    pilot.app.post_message(OpenLesson("going-up", 1))  # stride 2, PyTorch padding 1 and output_padding 1
    await pilot.pause()
    await pilot.press("o", "right", "right", "right", "right")  # scatter: pixel (1, 1), its copy partly cropped


async def _transposed_direct(pilot):
    pilot.app.post_message(OpenLesson("going-up", 1))  # opens in the direct view
    await pilot.pause()
    await pilot.press("right", "right", "down")


async def _pool_part_way(pilot):
    pilot.app.post_message(OpenLesson("going-up", 3))  # average, padding 1, count_include_pad false
    await pilot.pause()
    await pilot.press("right")


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("run_before", [_transposed_scatter, _transposed_direct, _pool_part_way], ids=["scatter", "direct", "pool"])
def test_layer_sweeps(snap_compare, size, run_before, tmp_path):
    from layer_sweep_lessons import lesson_catalog

    assert snap_compare(make_app(catalog=lesson_catalog(tmp_path / "lessons")), terminal_size=size, run_before=run_before)
