"""The transposed and pooling sweeps in the app, driven with Textual's Pilot: moving, the
scatter/direct toggle, clicks, predictions, and what is saved."""

from __future__ import annotations

import json

from textual.widgets import Input, Static

from app_helpers import make_app, open_lesson, screen_lines
from convtutor import paths
from convtutor.tui.widgets.grid import GridView
from layer_sweep_lessons import lesson_catalog


def saved() -> dict:
    return json.loads(paths.progress_file().read_text())


def text_of(view, selector: str) -> str:
    return str(view.query_one(selector, Static).content)


async def test_scatter_then_direct_then_back(tmp_path):
    app = make_app(catalog=lesson_catalog(tmp_path / "lessons"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(app, pilot, "going-up")
        view = screen.view
        assert type(view).__name__ == "TransposedSweepStepView"
        output = view.query_one("#output-grid", GridView)
        assert output.picture.highlight == {(0, 0), (0, 1), (1, 0), (1, 1)}  # pixel (0,0)'s copy
        await pilot.press("right", "down")
        assert view.session.pixel == 3
        assert "o[2,2] = [4·1] = 4" in text_of(view, "#sum")
        await pilot.click(output, offset=(output.layout_info.cell_x(1), output.layout_info.row_y[1]))
        assert "o[1,1] = 1·1 + 2·1 + 3·1 + [4·1] = 10" in text_of(view, "#sum")
        await pilot.press("o")
        assert view.session.view == "direct" and view.session.window == 4
        assert "Same as the scatter" in text_of(view, "#sum")  # the direct view says why under its sum
        assert view.query_one("#input-grid", GridView).picture.highlight == {(1, 1), (1, 2), (2, 1), (2, 2)}
        await pilot.press("end")
        await pilot.press("n")
        await pilot.pause()
        record = saved()["lessons"]["going-up"]["steps"]["scatter"]
        assert record["done"] is True and record["position"] == 8 * 2 + 1  # window 8, in the direct view
        second = screen.view
        assert second.session.view == "direct"  # the step's own first view
        assert any("Stuffed 5×5, padded to 8×8" in line for line in screen_lines(app))


async def test_a_cropped_cell_is_not_an_output(tmp_path):
    app = make_app(catalog=lesson_catalog(tmp_path / "lessons"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(app, pilot, "going-up", 1)
        view = screen.view
        await pilot.press("o")
        assert view.session.view == "scatter"
        output = view.query_one("#output-grid", GridView)
        picture = output.picture
        assert picture.shape == (7, 7) and (0, 0) in picture.padding and picture.box == (1, 7, 1, 7)
        focus = view.session.focus
        await pilot.click(output, offset=(output.layout_info.cell_x(0), output.layout_info.row_y[0]))
        assert view.session.focus == focus  # the crop: nothing to write out


async def test_pool_predictions_are_saved_and_the_winner_marked(tmp_path):
    app = make_app(catalog=lesson_catalog(tmp_path / "lessons"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(app, pilot, "going-up", 2)
        view = screen.view
        assert view.query_one("#predict", Input).has_focus
        assert "max(1, 5, 5, 3) = ?" in text_of(view, "#sum")
        for guess in ["5", "1", "0"]:  # the second window is 2: wrong twice (two different answers), then shown
            await pilot.press(*guess, "enter")
            await pilot.pause()
        record = saved()["lessons"]["going-up"]["steps"]["max-pool"]
        assert record["done"] is True and record["score"] == 1 and record["predictions"] == {"0": True, "1": False}
        await pilot.press("home")
        cells = view.query_one("#input-grid", GridView).picture.cells
        assert cells[0][1].strip() == "▲5" and cells[1][0].strip() == "▲5" and cells[0][0].strip() == "1"


async def test_average_pool_says_padding_does_not_count_at_60x18(tmp_path):
    app = make_app(catalog=lesson_catalog(tmp_path / "lessons"))
    async with app.run_test(size=(60, 18)) as pilot:
        screen = await open_lesson(app, pilot, "going-up", 3)
        view = screen.view
        await pilot.press("right")
        await pilot.pause()
        lines = "\n".join(screen_lines(app))
        assert "(2 + 3 + 4 + 7 + 8 + 9) / 6" in lines and "= 5.5" in lines  # the sum, and the task line, fit
        assert "padding does not count" in lines
        assert "5.5" in view.query_one("#output-grid", GridView).picture.cells[0][1]
