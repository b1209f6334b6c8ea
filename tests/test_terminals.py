"""Odd terminals and odd content: resize storms, wide characters, long text, big numbers, no colour."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from rich.cells import cell_len

from app_helpers import make_app
from convtutor.core.formatting import format_number
from convtutor.lessons.loader import load_catalog
from convtutor.tui.messages import OpenLesson
from convtutor.tui.screens.lesson import LessonScreen
from convtutor.tui.screens.too_small import TooSmallScreen
from convtutor.tui.widgets.grid import GridPicture, Layout, Painter
from convtutor.tui.widgets.lesson_list import LessonList

SIZES = [(100, 30), (40, 12), (300, 100), (80, 24), (59, 17), (60, 18), (41, 13), (200, 60), (61, 19), (120, 40)]


async def test_resize_storm_while_a_sweep_plays(monkeypatch):
    import convtutor.tui.steps.sweep as sweep_view

    monkeypatch.setattr(sweep_view, "PLAY_INTERVAL", 0.01)  # play fast rather than wait 0.6 s a window
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.post_message(OpenLesson("stride", 4))  # stride 3 on a numbered grid: unread rows and columns
        await pilot.pause()
        lesson = app.screen
        await pilot.press("space")  # play
        for width, height in SIZES * 3:
            await pilot.resize_terminal(width, height)
            small = width < 60 or height < 18
            assert isinstance(app.screen, TooSmallScreen) == small
        await pilot.resize_terminal(100, 30)
        view = lesson.view
        for _ in range(200):  # play on until the last window
            if view._timer is None:
                break
            await pilot.pause(0.02)
        assert app.screen is lesson
        # The sweep played through to the end and then stopped its own timer: nothing ticks idle.
        assert view.session.index == view.session.count - 1
        assert view._timer is None


def wide_lessons(folder: Path) -> Path:
    folder.mkdir()
    (folder / "wide.yaml").write_text(
        "format_version: 1\nid: wide\ntitle: 卷积 と パディング 🧠🧠\nsummary: 日本語と中文の説明 ✨\nsteps:\n"
        "  - id: intro\n    kind: text\n    text: |\n      # 卷积层 🧠\n      全角の文字と絵文字 🎉 が混ざった説明。 **太字** と `code`。\n"
        "  - id: sweep\n    kind: sweep\n    title: 滑动 🔍\n    text: 窓を動かす 👉\n    input: {generator: numbered, size: 5}\n    kernel: ones\n",
        encoding="utf-8",
    )
    (folder / "long.yaml").write_text(
        "format_version: 1\nid: long\ntitle: A very long text\nsummary: s\nsteps:\n  - id: read\n    kind: text\n    text: |\n"
        + "".join(f"      Paragraph {i}: " + "lorem ipsum dolor sit amet " * 12 + "\n\n" for i in range(400)),
        encoding="utf-8",
    )
    return folder


async def test_cjk_emoji_and_very_long_text(tmp_path):
    catalog = load_catalog([wide_lessons(tmp_path / "extra")], user=False)
    assert catalog.problems == []
    app = make_app(catalog=catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lessons = app.screen.query_one(LessonList)
        labels = [str(lessons.get_option(i).prompt) for i in ("convolutional-layer", "wide")]
        # the status column starts at the same cell for a wide-character title as for ASCII
        assert [cell_len(label.split("  not started")[0]) for label in labels] == [cell_len(labels[0].split("  not started")[0])] * 2
        app.post_message(OpenLesson("wide", 0))
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.view.session.sweep.count == 9
        app.post_message(OpenLesson("long", 0))
        await pilot.pause()
        for _ in range(30):
            await pilot.press("pagedown")  # leaving the long text works; scrolling is the text's own
        await pilot.pause()
        assert not isinstance(app.screen, LessonScreen)  # the text did not swallow the key: the lesson ended


@pytest.mark.parametrize("values", [
    [[-123456.789, 1.5], [0.001, 7]],
    [[1e12, -1e12], [2.5e-7, -0.0]],
    [[-1, 22, -333], [4444, -55555, 666666]],
])
def test_big_and_negative_numbers_keep_columns_aligned(values):
    cells = [[format_number(v) for v in row] for row in values]
    rows, cols = len(cells), len(cells[0])
    picture = GridPicture(cells, {(0, 0)}, row_labels=[str(r) for r in range(rows)], col_labels=[str(c) for c in range(cols)])
    layout = Layout(picture)
    lines = [line.plain for line in Painter(picture, layout).lines()]
    assert all(len(cell) <= layout.width for row in cells for cell in row)
    # The screen column where each grid column ends, as clicks and repaints assume it.
    ends = [layout.cell_x(c) + layout.width for c in range(cols)]
    assert all(a < b for a, b in pairwise(ends))
    # The ruler's labels end where their columns do.
    assert [(m.group(), m.end()) for m in re.finditer(r"\S+", lines[0])] == [(str(c), end) for c, end in enumerate(ends)], lines
    for r, row in enumerate(cells):
        words = list(re.finditer(r"\S+", lines[layout.row_y[r]]))
        # the row label, then every cell whole and in order (two cells run together would be one word)
        assert [m.group() for m in words] == [str(r), *row], lines
        spans = [m.span() for m in words[1:]]
        # every cell of every row ends at its column's screen column...
        assert [end for _, end in spans] == ends, lines
        # ...and starts after the cell before it ended, leaving a gap: no two cells overlap or touch
        assert all(before_end < start for (_, before_end), (start, _) in pairwise(spans)), lines


def test_numbers_are_formatted_for_reading():
    assert [format_number(v) for v in (3.0, -0.0, 2.5, 1 / 3, 1e12, -2.5e-7, float("nan"))] == ["3", "0", "2.5", "0.333", "1e+12", "-2.5e-07", "nan"]


async def test_without_truecolor_the_ansi_theme_is_used(monkeypatch):
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "ansi-dark"


async def test_no_color_keeps_every_mark_visible(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.no_color and app.theme == "textual-dark"
        app.post_message(OpenLesson("padding", 1))
        await pilot.pause()
        grid = app.screen.view.query_one("#input-grid")
        painter = grid._painter()
        window_style = painter.styles["window"]
        assert window_style.reverse and window_style.bold  # the window: reverse video, not a colour
        lines = painter.lines()
        # padding: outside the image's edges, drawn as bars at its sides and underlines at its
        # top and bottom (not colours), and · in the rulers
        assert [line.plain.count("│") for line in lines[1:]] == [0] + [2] * 8 + [0]
        assert all(any(span.style.underline for span in lines[r].spans if not isinstance(span.style, str)) for r in (1, 9))
        assert painter.styles["edge"].underline and painter.styles["box"].bold
        assert lines[0].plain.split()[0] == "·" and lines[1].plain.split()[0] == "·"
