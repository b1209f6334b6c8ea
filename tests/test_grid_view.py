"""The grid widget: positions of cells, and row-by-row repaints that match a full redraw."""

from __future__ import annotations

import random

from textual.app import App, ComposeResult

from convtutor.tui.widgets.grid import GridPicture, GridView, Layout


def padded_picture(highlight: set[tuple[int, int]], cells=None) -> GridPicture:
    cells = cells or [[str((r * 3 + c) % 7) for c in range(10)] for r in range(10)]
    padding = frozenset((r, c) for r in range(10) for c in range(10) if r in (0, 9) or c in (0, 9))
    labels = ["·"] + [str(i) for i in range(8)] + ["·"]
    return GridPicture(cells, highlight, padding, (1, 9, 1, 9), {9}, set(), labels, labels)


def test_layout_rows_skip_the_box_lines():
    layout = Layout(padded_picture(set()))
    # ruler at 0, padding row 0 at 1, box top at 2, image rows 3..10, box bottom at 11, row 9 at 12
    assert layout.row_y == [1, 3, 4, 5, 6, 7, 8, 9, 10, 12]
    assert layout.height == 13
    assert layout.cell_at(layout.cell_x(4), 5) == (3, 4)
    assert layout.cell_at(layout.cell_x(4), 2) is None  # the box line is not a cell


class GridApp(App[None]):
    def compose(self) -> ComposeResult:
        yield GridView(padded_picture({(1, 1)}), id="grid")


async def test_row_repaints_equal_a_full_redraw():
    app = GridApp()
    rng = random.Random(4)
    async with app.run_test(size=(60, 20)) as pilot:
        grid = app.query_one(GridView)
        await pilot.pause()
        grid.render_line(0)  # builds the strips
        cells = grid.picture.cells
        for _ in range(25):
            r, c = rng.randrange(8), rng.randrange(8)
            window = {(r + i, c + j) for i in range(3) for j in range(3) if r + i < 10 and c + j < 10}
            if rng.random() < 0.3:
                cells = [row[:] for row in cells]
                cells[rng.randrange(10)][rng.randrange(10)] = str(rng.randrange(10))
            grid.show(padded_picture(window, cells))
            assert grid._strips is not None  # repainted row by row, not rebuilt
            assert grid._strips == grid._build()
