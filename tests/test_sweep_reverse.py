"""Who reads this pixel: the sweep's reverse mapping, from an input (or padding) cell to every
output whose window reads it. The counts are checked against the windows themselves, the
core's ``Sweep.readers`` and the playground's read counts.
"""

from __future__ import annotations

import re
import textwrap

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app_helpers import make_app, screen_lines
from convtutor import paths
from convtutor.learning import playground
from convtutor.learning.sweep_session import SweepSession
from convtutor.lessons.loader import load_catalog
from convtutor.lessons.steps.sweep import SweepStep, make_sweep
from convtutor.state.progress import ProgressStore
from convtutor.tui.messages import OpenLesson
from convtutor.tui.widgets.grid import GridView

# A 5×5 input numbered 1..25, a 3×3 kernel, stride 2, padding 1: a 7×7 padded grid and a 3×3
# output. Output row i reads padded rows 2i..2i+2, so padded row r is read by output rows
# {i : 2i <= r <= 2i + 2}: r = 0, 1 → {0}; 2 → {0, 1}; 3 → {1}; 4 → {1, 2}; 5, 6 → {2}; the same for columns.
STEP = {"id": "s", "kind": "sweep", "input": {"generator": "numbered", "size": 5}, "kernel": "ones", "stride": 2, "padding": 1}


def session(**fields: object) -> SweepSession:
    return SweepSession(msgspec.convert({**STEP, **fields}, SweepStep, strict=True))


def count_in(text: str) -> int:
    """The number of windows a readers text names ("read by 4 windows", "read by no window")."""
    found = re.search(r"read by (\d+|no) window", text)
    assert found, text
    return 0 if found.group(1) == "no" else int(found.group(1))


def test_the_mode_starts_at_the_middle_of_the_window_and_leaves_again():
    s = session()
    assert s.pixel is None and s.readers_text() == "" and s.pixel_readers() == []
    s.move(4)  # window (1, 1): padded rows and columns 2..4
    s.toggle_readers()
    assert s.pixel == (3, 3)
    assert s.readers_text() == "Input pixel (2, 2) = 13: read by 1 window: (1,1)"
    s.toggle_readers()
    assert s.pixel is None and s.index == 4  # the window stays where it was


def test_an_input_pixel_read_by_four_windows():
    s = session()
    s.toggle_readers()
    s.pick_pixel(2, 2)  # input pixel (1, 1), which holds 7
    assert s.pixel_readers() == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert s.readers_text() == "Input pixel (1, 1) = 7: read by 4 windows: (0,0) (0,1) (1,0) (1,1)"
    assert s.readers_text("keys").endswith("\nkeys")
    s.move_pixel(2, 2)  # padded (4, 4): the middle, read by rows {1, 2} and columns {1, 2}
    assert s.readers_text() == "Input pixel (3, 3) = 19: read by 4 windows: (1,1) (1,2) (2,1) (2,2)"
    s.move_pixel(0, -1)
    assert s.readers_text() == "Input pixel (3, 2) = 18: read by 2 windows: (1,1) (2,1)"


def test_a_padding_cell_says_it_is_padding():
    s = session()
    s.toggle_readers()
    s.pick_pixel(0, 3)  # the top padding row, above input column 2
    assert s.readers_text() == "Padding at padded (0, 3) = 0, outside the image (zero padding): read by 1 window: (0,1)"
    reflect = session(padding_mode="reflect")
    reflect.toggle_readers()
    reflect.pick_pixel(0, 3)  # reflect: row -1 is a copy of row 1
    assert reflect.readers_text() == (
        "Padding at padded (0, 3) = 8, outside the image (reflect padding, a copy of input pixel (1, 2)): read by 1 window: (0,1)"
    )


def test_a_pixel_no_window_reads():
    s = session(padding=0, kernel=[[1, 1], [1, 1]])  # 5×5, k 2, s 2: row 4 and column 4 are never read
    s.toggle_readers()
    s.pick_pixel(4, 0)
    assert s.pixel_readers() == [] and s.readers_text() == "Input pixel (4, 0) = 21: read by no window: the windows step over its row (× in the ruler)"
    s.move_pixel(0, 9)  # clamped to the last column
    assert s.pixel == (4, 4) and s.readers_text().endswith("step over its row and column (× in the ruler)")
    s.move_pixel(-9, -9)
    assert s.pixel == (0, 0)


def test_moving_and_picking_stay_in_the_padded_grid():
    s = session()
    s.move_pixel(1, 1)  # not in the mode: nothing to move
    assert s.pixel is None
    s.toggle_readers()
    s.pick_pixel(7, 0)  # outside the 7×7 padded grid: ignored
    assert s.pixel == (1, 1)
    s.move_pixel(10, 10)
    assert s.pixel == (6, 6)


def test_a_long_list_of_readers_is_cut():
    s = session(padding=0, stride=1, kernel={"preset": "ones", "size": 5}, input={"generator": "numbered", "size": 9})
    s.toggle_readers()
    s.pick_pixel(4, 4)  # the middle of a 9×9 input with a 5×5 kernel: read by all 25 windows
    assert count_in(s.readers_text()) == 25
    assert s.readers_text(limit=3) == "Input pixel (4, 4) = 41: read by 25 windows: (0,0) (0,1) (0,2) … and 22 more"


def test_the_channel_is_named_with_several_channels():
    s = session(input={"channels": [{"generator": "numbered", "size": 5}, {"generator": "zeros", "size": 5}]},
                kernel={"channels": ["ones", "ones"]})
    s.toggle_readers()
    assert s.readers_text() == "Input pixel (0, 0), channel 1 = 1: read by 1 window: (0,0)"
    s.show_channel(1)
    assert s.readers_text() == "Input pixel (0, 0), channel 2 = 0: read by 1 window: (0,0)"


@settings(max_examples=80, deadline=None)
@given(
    n=st.integers(3, 9), k=st.integers(1, 4), s=st.integers(1, 3), d=st.integers(1, 2),
    padding=st.sampled_from(["valid", "same", "full", 1, [0, 2]]),
)
def test_every_cell_is_read_by_the_windows_that_contain_it(n, k, s, d, padding):
    """The readers of each padded cell are exactly the windows whose taps include it (worked out
    from every window), their count is the one the text gives, and for input pixels the count
    the playground shows."""
    try:
        sw = session(input={"generator": "numbered", "size": n}, kernel={"preset": "ones", "size": k}, stride=s, dilation=d,
                     padding=padding)
    except ValueError:
        return
    sweep = sw.sweep
    containing: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for index in range(sweep.count):
        window = sweep.window(index)
        for cell in window.cells():
            containing.setdefault(cell, []).append((window.out_row, window.out_col))
    padding_2d = tuple(padding) if isinstance(padding, list) else padding
    counts = playground.read_counts(playground.PlaySettings(size=(n, n), kernel=(k, k), stride=(s, s), padding=padding_2d,
                                                            dilation=(d, d)))
    sw.toggle_readers()
    rows, cols = sweep.rows, sweep.cols
    for r in range(rows.padded):
        for c in range(cols.padded):
            sw.pick_pixel(r, c)
            assert sw.pixel_readers() == sweep.readers(r, c) == containing.get((r, c), [])
            assert count_in(sw.readers_text()) == len(containing.get((r, c), []))
            if not sweep.padding_mask[r][c]:
                assert counts[r - rows.before][c - cols.before] == len(sweep.readers(r, c))


# -- in the app ----------------------------------------------------------------------------------------
def lit(view) -> set[tuple[int, int]]:
    return set(view.query_one("#output-grid", GridView).picture.highlight)


def shown_text(view) -> str:
    return str(view.query_one("#dot-product").content)


async def test_w_lights_every_window_reading_the_pixel_in_the_playground():
    app = make_app(playground="7x7 -k 3 -s 2 -p same")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        view = screen.view
        sweep = view.session.sweep
        counts = playground.read_counts(playground.parse_line("7x7 -k 3 -s 2 -p same"))
        view.focus()
        await pilot.press("w")
        assert view.session.pixel is not None
        seen = set()
        for key in ["right", "right", "down", "down", "left", "down", "right", "right", "right", "up"]:
            await pilot.press(key)
            r, c = view.session.pixel
            readers = sweep.readers(r, c)
            assert lit(view) == set(readers)
            assert view.query_one("#input-grid", GridView).picture.highlight == {(r, c)}
            assert count_in(shown_text(view)) == len(readers)
            if not sweep.padding_mask[r][c]:
                assert counts[r - sweep.rows.before][c - sweep.cols.before] == len(readers)
            seen.add(len(readers))
        assert len(seen) > 1  # the walk met pixels read by different numbers of windows
        line = next(line for line in screen_lines(app) if "read by" in line)
        assert re.search(r"read by \d+ windows?", line)
        await pilot.press("escape")  # leaves the mode, not the playground
        assert app.screen is screen and view.session.pixel is None
        assert lit(view) == {view.session.sweep.position(view.session.index)}
        await pilot.press("right")
        assert view.session.index == 1  # the arrows move the window again


async def test_in_a_lesson_esc_and_w_leave_the_mode_and_clicks_pick_pixels():
    from app_helpers import open_lesson

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(app, pilot, "padding", 1)
        view = screen.view
        sweep = view.session.sweep
        index = view.session.index
        await pilot.press("w")
        start = view.session.pixel
        window = sweep.window(index)
        assert start == (window.rows[len(window.rows) // 2], window.cols[len(window.cols) // 2])
        assert lit(view) == set(sweep.readers(*start))
        await pilot.press("escape")
        assert app.screen is screen and view.session.pixel is None  # still in the lesson
        await pilot.press("w", "w")
        assert view.session.pixel is None
        await pilot.press("w")
        grid = view.query_one("#input-grid", GridView)
        layout = grid.layout_info
        for cell in [(0, 0), (1, 2), (2, 1)]:
            await pilot.click(grid, offset=(layout.cell_x(cell[1]), layout.row_y[cell[0]]))
            assert view.session.pixel == cell
            assert lit(view) == set(sweep.readers(*cell))
            assert count_in(shown_text(view)) == len(sweep.readers(*cell))
        assert shown_text(view).startswith("Input pixel (1, 0)")  # (2, 1) of the grid padded by 1 on every side
        await pilot.click(grid, offset=(layout.cell_x(0), layout.row_y[0]))
        assert shown_text(view).startswith("Padding at padded (0, 0)")
        # A click on an output cell goes back to the windows, at that window.
        output = view.query_one("#output-grid", GridView)
        await pilot.click(output, offset=(output.layout_info.cell_x(1), output.layout_info.row_y[0]))
        assert view.session.pixel is None and view.session.index == 1
        assert "pixel·weight" in shown_text(view)


LESSON = """\
format_version: 1
id: rev
title: Who reads
summary: s
steps:
  - id: predict
    kind: sweep
    input: {generator: numbered, size: 6}
    kernel: ones
    padding: same
    task: {kind: predict, count: 3}
"""


async def test_the_mode_reveals_no_prediction(tmp_path):
    from convtutor.tui.app import ConvTutorApp

    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "rev.yaml").write_text(LESSON, encoding="utf-8")
    app = ConvTutorApp(store=ProgressStore(paths.progress_file()), catalog=load_catalog([folder], user=False))
    async with app.run_test(size=(80, 24)) as pilot:
        app.post_message(OpenLesson("rev", 0))
        await pilot.pause()
        await pilot.pause()
        view = app.screen.view
        assert view.session.awaiting_prediction()
        await pilot.press("w")  # from the answer box: w is no part of a number
        assert view.session.pixel is not None and view.has_focus
        await pilot.press("right", "down")
        cells = view.query_one("#output-grid", GridView).picture.cells
        assert [t.strip() for row in cells for t in row] == ["?"] + ["·"] * 35  # nothing is shown that is to be predicted
        assert "= ?" not in shown_text(view)
        await pilot.press("escape")
        assert view.query_one("#predict").has_focus  # back in the answer box
        await pilot.press("1", "2", "enter")  # window (0, 0) with 'same': 1 + 2 + 7 + 8 = 18; 12 is wrong
        assert view.session.result_text.startswith("✗ (0, 0): not 12.")


@pytest.mark.parametrize("size", [(60, 18), (80, 24)], ids=["60x18", "80x24"])
async def test_the_mode_keeps_the_pixel_and_its_readers_on_screen(size):
    from app_helpers import open_lesson
    from test_layout import assert_cells_visible, step_area, visible

    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_lesson(app, pilot, "padding", 1)
        view = screen.view
        await pilot.press("w")
        for keys in ([], ["down", "down", "right"], ["down"] * 8, ["right"] * 12):
            await pilot.press(*keys)
            await pilot.pause()
            session = view.session
            assert_cells_visible(app, view.query_one("#input-grid", GridView), [session.pixel], f"pixel after {keys}")
            readers = session.pixel_readers()
            if readers:
                assert_cells_visible(app, view.query_one("#output-grid", GridView), readers[:1], f"readers after {keys}")
            dot = visible(app, view.query_one("#dot-product"))
            assert step_area(app).contains_region(dot)
            first_line = textwrap.wrap(session.readers_text(), dot.width - 2)[0]
            assert first_line in " ".join(screen_lines(app)), first_line


def test_a_sweep_of_the_playground_and_the_mode_agree_on_every_pixel():
    """Every input pixel's count, as the mode says it, is the playground's count."""
    for line in ["7x7 -k 3 -s 2 -p same", "6x8 -k 2x3 -s 1x2 -d 2 -p full", "5x5 -k 3 -p 2 --mode reflect"]:
        settings_ = playground.parse_line(line)
        sweep_session = SweepSession(playground.to_step(settings_))
        counts = playground.read_counts(settings_)
        rows, cols = sweep_session.sweep.rows, sweep_session.sweep.cols
        sweep_session.toggle_readers()
        for i, row in enumerate(counts):
            for j, count in enumerate(row):
                sweep_session.pick_pixel(i + rows.before, j + cols.before)
                assert count_in(sweep_session.readers_text()) == count == len(make_sweep(sweep_session.step).readers(i + rows.before, j + cols.before))
