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


def test_layout_gives_every_row_one_line_under_the_ruler():
    layout = Layout(padded_picture(set()))
    # ruler at 0, then the rows: the image's edges take no line of their own (a window reaching
    # into the padding stays one block)
    assert layout.row_y == list(range(1, 11))
    assert layout.height == 11
    assert layout.cell_at(layout.cell_x(4), 5) == (4, 4)
    assert layout.cell_at(layout.cell_x(4), 0) is None  # the ruler is not a cell
    assert layout.cell_at(layout.cell_x(4), 11) is None


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
            for y in range(grid.layout_info.height):
                grid.render_line(y)  # the rows marked for repainting are drawn now
            assert grid._strips == [grid._strip(line) for line in grid._painter().lines()]
