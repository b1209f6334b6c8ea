"""Layout on small terminals: what a learner needs is always on screen.

A sweep step keeps the current window of the input, the output grid's current cell, the
window's dot product (to its sum) and the task line on screen at the app's minimum size and at
80x24, for every sweep step of the course; its text can always be read in full (``t``). The
input grid draws a window that reaches into the padding as one block. The header keeps "step N
of M" and the dots. The too-small notice covers the screen. A step change paints no blank frame.
"""

from __future__ import annotations

import re

import pytest
from textual.geometry import Region
from textual.widgets import Input, Static

from app_helpers import catalog, make_app, open_lesson, screen_lines
from convtutor.core.formatting import format_number
from convtutor.lessons.loader import load_catalog
from convtutor.state import settings
from convtutor.tui.messages import OpenLesson
from convtutor.tui.screens.lesson import LessonScreen
from convtutor.tui.screens.too_small import TooSmallScreen
from convtutor.tui.steps.sweep import Room, plan
from convtutor.tui.widgets.grid import GridPicture, GridView, Layout, Painter
from convtutor.tui.widgets.step_header import StepHeader, header_text

SMALL_SIZES = [(60, 18), (80, 24)]
SWEEPS = [
    (item.lesson.id, index)
    for item in catalog().lessons()
    for index, step in enumerate(item.lesson.steps)
    if step.kind == "sweep"
]


def visible(app, widget) -> Region:
    """The part of a widget that is drawn on screen (clipped by its containers and the screen)."""
    geometry = app.screen.find_widget(widget)
    return geometry.region.intersection(geometry.clip).intersection(Region(0, 0, *app.size))


def words(text: str) -> str:
    return " ".join(text.split())


def text_in(app, region: Region) -> str:
    """The words on screen inside a region."""
    lines = screen_lines(app)[region.y : region.bottom]
    return words(" ".join(line[region.x : region.right] for line in lines))


def step_area(app) -> Region:
    return visible(app, app.screen.query_one("#step-host"))


def assert_cells_visible(app, grid: GridView, cells, what: str) -> None:
    layout = grid.layout_info
    clip = visible(app, grid)
    origin = app.screen.find_widget(grid).region
    for r, c in cells:
        cell = Region(origin.x + layout.cell_x(c), origin.y + layout.row_y[r], layout.width, 1)
        assert clip.contains_region(cell), f"{what}: cell {(r, c)} at {cell} is not on screen (drawn part {clip})"


def assert_essentials_on_screen(app, where: str) -> None:
    view = app.screen.view
    session = view.session
    area = step_area(app)
    window = session.window
    # The input grid: every cell of the current window.
    assert_cells_visible(app, view.query_one("#input-grid", GridView), window.cells(), f"{where}: input window")
    # The output grid: the current output cell.
    assert_cells_visible(app, view.query_one("#output-grid", GridView), [(window.out_row, window.out_col)], f"{where}: output")
    # The dot product, down to its sum.
    dot = view.query_one("#dot-product", Static)
    dot_region = visible(app, dot)
    assert area.contains_region(dot_region) and dot_region.height > 0, where
    shown = text_in(app, dot_region)
    result = "?" if session.awaiting_prediction() else format_number(window.result)
    expression = session.dot_product_text().splitlines()[-1]  # the terms (or what a prediction shows of them)
    assert expression.endswith(f"= {result}")
    tail = expression.rsplit(" + ", 1)[-1]  # the last term and the sum
    assert f"Window {session.index + 1} of {session.count}" in shown, f"{where}: {shown!r}"
    assert tail in shown, f"{where}: the sum is cut off: {shown!r}"
    # The task line, whole, and the answer box when a prediction is asked for.
    task = view.query_one("#task-text", Static)
    task_region = visible(app, task)
    assert task_region == app.screen.find_widget(task).region and area.contains_region(task_region), f"{where}: task line cut"
    assert words(str(task.content)) and text_in(app, task_region) == words(str(task.content)), where
    if session.awaiting_prediction():
        box = view.query_one("#predict", Input)
        box_region = visible(app, box)
        assert box_region.width >= 5 and area.contains_region(box_region), f"{where}: no answer box"


@pytest.mark.parametrize("size", SMALL_SIZES, ids=[f"{w}x{h}" for w, h in SMALL_SIZES])
@pytest.mark.parametrize(("lesson_id", "index"), SWEEPS, ids=[f"{lesson}:{i + 1}" for lesson, i in SWEEPS])
async def test_a_sweep_keeps_its_window_output_sum_and_task_on_screen(lesson_id, index, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_lesson(app, pilot, lesson_id, index)
        await pilot.pause()
        assert_essentials_on_screen(app, f"{lesson_id}:{index + 1} first window")
        view = app.screen.view
        if view.session.awaiting_prediction():
            view.focus()  # leave the answer box, so that the keys move the window
        for keys in (["right", "right", "right"], ["end"]):
            await pilot.press(*keys)
            await pilot.pause()
            assert_essentials_on_screen(app, f"{lesson_id}:{index + 1} after {' '.join(keys)}")


async def test_the_whole_text_of_a_sweep_can_be_read_with_t():
    app = make_app()
    async with app.run_test(size=(60, 18)) as pilot:
        screen = await open_lesson(app, pilot, "convolutional-layer", 1)
        text = screen.view.step.text
        shown = words(" ".join(screen_lines(app)))
        assert "t: read all" in shown or "t read all" in shown, shown  # the cut text says how to read it all
        await pilot.press("t")
        await pilot.pause()

        def panel_text() -> str:  # the lines on screen without the panel's frame
            return words(" ".join(re.sub("[█▀▄▌▐▊▎]", " ", line) for line in screen_lines(app)))

        seen = panel_text()
        for _ in range(10):  # scroll down through it
            await pilot.press("down")
            await pilot.pause()
            seen += " " + panel_text()
        for phrase in ("vertical line under my middle column", "Step through the windows with", "reacts most strongly"):
            assert phrase in text and phrase in seen, phrase
        await pilot.press("t")  # t again (or esc) closes it, back to the sweep
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("right")
        assert screen.view.session.index == 1


async def test_at_80x24_the_text_above_a_sweep_is_shown_whole_when_it_fits():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lesson(app, pilot, "convolutional-layer", 1)
        shown = words(" ".join(screen_lines(app)))
        assert "Step through the windows with → and watch each dot product being written out." in shown


# -- the padded input grid ------------------------------------------------------------------------------


def padded_picture(highlight) -> GridPicture:
    cells = [["0"] * 10 for _ in range(10)]
    padding = {(r, c) for r in range(10) for c in range(10) if r in (0, 9) or c in (0, 9)}
    labels = ["·"] + [str(i) for i in range(8)] + ["·"]
    return GridPicture(cells, set(highlight), padding, (1, 9, 1, 9), set(), set(), labels, labels)


@pytest.mark.parametrize("top", [0, 7], ids=["top", "bottom"])
def test_a_window_reaching_into_the_padding_is_one_block(top):
    window = {(r, c) for r in range(top, top + 3) for c in range(3, 6)}
    picture = padded_picture(window)
    layout = Layout(picture)
    ys = [layout.row_y[r] for r in range(top, top + 3)]
    assert ys == list(range(ys[0], ys[0] + 3)), "a line sits between the window's rows"
    assert layout.row_y == [r + 1 for r in range(10)]  # the ruler, then one line per grid row


def test_the_image_edge_is_marked_without_colour():
    picture = padded_picture(set())
    layout = Layout(picture)
    lines = Painter(picture, layout).lines()
    plain = [line.plain for line in lines]
    # The rulers: a dot for every padding row and column, numbers for the image.
    assert plain[0].split() == ["·", *map(str, range(8)), "·"]
    assert [line.split()[0] for line in plain[1:]] == ["·", *map(str, range(8)), "·"]
    # The sides: a bar on each image row, none on the padding rows.
    assert [line.count("│") for line in plain[1:]] == [0] + [2] * 8 + [0]

    def underlined(line, start: int, end: int) -> bool:
        return all(any(span.start <= x < span.end and getattr(span.style, "underline", False) for span in line.spans) for x in range(start, end))

    x0, x1 = layout.cell_x(1), layout.cell_x(8) + layout.width
    # The top edge: a line under the padding row above the image; the bottom edge: under the last image row.
    assert underlined(lines[layout.row_y[0]], x0, x1)
    assert underlined(lines[layout.row_y[8]], x0, x1)
    assert not underlined(lines[layout.row_y[4]], x0, x1)


async def test_the_padded_window_is_one_block_in_the_app():
    app = make_app()
    async with app.run_test(size=(60, 18)) as pilot:
        screen = await open_lesson(app, pilot, "padding", 1)
        await pilot.press("right", "right", "right")  # window 4: three taps on the top padding
        await pilot.pause()
        grid = screen.view.query_one("#input-grid", GridView)
        rows = sorted({r for r, _ in grid.picture.highlight})
        assert rows == [0, 1, 2]
        ys = [grid.layout_info.row_y[r] for r in rows]
        assert ys == [ys[0], ys[0] + 1, ys[0] + 2]
        assert_cells_visible(app, grid, grid.picture.highlight, "window 4")


# -- the header ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [60, 80, 100])
async def test_the_header_keeps_the_step_number_and_the_dots(width):
    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        screen = await open_lesson(app, pilot, "beyond", 4)  # the longest lesson title
        await pilot.pause()
        header = screen.query_one(StepHeader)
        line = screen_lines(app)[visible(app, header).y]
        steps = len(screen.lesson.steps)
        assert f"step 5 of {steps}" in line, line
        assert len(re.findall("[◉●○]", line)) == steps, line
        assert line.rstrip().endswith(("◉", "●", "○")), line
        title = screen.lesson.steps[4].title
        if width >= 80:
            assert title[:12] in line, line  # the step's title, shortened if it must be
        if width >= 100:
            assert title in line, line
        if width >= 80:
            assert "…" in line or screen.lesson.title in line  # the lesson title: whole, or cut with …


def test_the_header_gives_way_lesson_title_first():
    lesson, titles, done = "Beyond the article: dilation", ["Intro", "How far a deep pixel can see", "End"], [True, False, False]
    dots = "● ◉ ○"
    assert header_text(lesson, 1, titles, done, 100).plain == (
        f"Beyond the article: dilation  ·  step 2 of 3: How far a deep pixel can see{' ' * 21}{dots}"
    )
    assert header_text(lesson, 1, titles, done, 70).plain == f"Beyond the artic…  ·  step 2 of 3: How far a deep pixel can see  {dots}"
    assert header_text(lesson, 1, titles, done, 50).plain == f"step 2 of 3: How far a deep pixel can see    {dots}"
    assert header_text(lesson, 1, titles, done, 30).plain == f"step 2 of 3: How far a…  {dots}"
    assert header_text(lesson, 1, titles, done, 18).plain == f"step 2 of 3  {dots}"
    many = header_text(lesson, 40, ["t"] * 60, [False] * 60, 58).plain  # too many dots for the width
    assert many == "Beyond the article: dilation  ·  step 41 of 60: t"
    for width in (18, 30, 50, 70, 100):
        assert header_text(lesson, 1, titles, done, width).cell_len <= width
    wide = header_text("卷积 と パディング 🧠🧠", 1, ["a", "滑动 🔍 的窗口和它的输出"], [True, False], 30)
    assert wide.cell_len <= 30 and "step 2 of 2" in wide.plain and wide.plain.endswith("● ◉")


# -- the too-small cover -----------------------------------------------------------------------------


NOTICE = ("convtutor needs a terminal of at least 60×18;", "this one is", "Make it larger (q quits).")


def assert_only_the_notice(app) -> None:
    for line in screen_lines(app):
        text = line.strip()
        assert not text or any(text.startswith(part) for part in NOTICE), f"the old screen shows through: {line!r}"


@pytest.mark.parametrize("theme", ["dark", "ansi"])
async def test_the_too_small_notice_covers_the_lesson(theme):
    assert settings.save(settings.Settings(theme=theme))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_lesson(app, pilot, "padding", 1)
        await pilot.resize_terminal(50, 15)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert_only_the_notice(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)


async def test_a_lesson_opened_while_the_terminal_is_too_small_stays_covered():
    app = make_app()
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        app.post_message(OpenLesson("padding", 1))  # as --open does once the course is loaded
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(52, 16)  # still too small: the notice follows the size
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "this one is 52×16." in " ".join(screen_lines(app))
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "padding"


# -- changing steps --------------------------------------------------------------------------------------


async def test_a_step_change_paints_no_blank_frame():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(app, pilot, "convolutional-layer", 0)
        host = screen.query_one("#step-host")
        painted: list[int] = []
        display = app._display

        def spy(target, renderable):
            if renderable is not None and not app._batch_count and target is screen:
                painted.append(len([child for child in host.children if child.display]))
            return display(target, renderable)

        app._display = spy
        for key in ("n", "n", "b", "n", "n"):
            await pilot.press(key)
            await pilot.pause()
        assert painted, "nothing was painted"
        assert set(painted) == {1}, f"frames with no step (0) or two steps (2): {painted}"


# -- sharing out the rows -------------------------------------------------------------------------------


def room(**changes) -> Room:
    base: dict[str, object] = {
        "height": 16, "text": 5, "dot": 4, "dot_short": 3, "task": 2, "input_min": 6, "input_full": 12,
        "kernel": 4, "output_full": 9, "beside": True, "secondary": (1, 2, 1),
    }
    return Room(**{**base, **changes})  # type: ignore[arg-type]


def test_the_essentials_come_first_then_grids_text_and_secondary_lines():
    small = plan(room())  # 60x18: 16 rows for the step
    assert small.text == 1 and small.short_dot and small.dot == 3 and small.secondary == (False, False, False)
    assert small.dot + 2 + small.text + small.grids == 16 and small.grids >= 6
    roomy = plan(room(height=40))
    assert (roomy.text, roomy.dot, roomy.short_dot, roomy.secondary) == (5, 4, False, (True, True, True))
    assert roomy.grids == 12  # whole grids; the rows left over stay below the sum, not between
    middle = plan(room(height=26))  # grids whole, text whole, then the secondary lines that fit whole
    assert (middle.grids, middle.text) == (12, 5) and middle.secondary == (True, True, False)


def test_a_long_text_leaves_the_grids_at_least_half_the_view():
    shared = plan(room(height=30, text=40, input_full=40))  # a big grid and a long text: they share
    assert shared.grids == 30 // 2 + 2 and shared.text == 30 - shared.grids - shared.dot - 2
    whole = plan(room(height=30, text=40))  # a small grid is shown whole, the text gets the rest
    assert whole.grids == 12 and whole.text == 30 - 12 - 4 - 2


def test_when_nothing_fits_the_sum_and_the_task_stay():
    tiny = plan(room(height=12, dot=9, dot_short=8, task=3))  # the dot product cut to its head (with the sum)
    assert (tiny.short_dot, tiny.dot, tiny.text, tiny.grids) == (True, 3, 1, 12 - 3 - 3 - 1)


def test_kernel_and_output_go_side_by_side_where_the_width_allows():
    assert plan(room(height=40)).side == "beside"
    assert plan(room(height=40, beside=False)).side == "stacked"
    assert plan(room(height=16, beside=False, output_full=9, kernel=6)).side in ("stacked-tight", "no-kernel")


@pytest.mark.parametrize("size", [(100, 30), (60, 18), (80, 24), (61, 19)])
async def test_the_sweep_fits_again_after_a_resize(size):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_lesson(app, pilot, "padding", 1)
        await pilot.press("right", "right", "right")
        await pilot.resize_terminal(*size)
        await pilot.pause()
        await pilot.pause()
        assert_essentials_on_screen(app, f"resized to {size}")


async def test_t_does_nothing_on_a_sweep_without_text(tmp_path):
    (tmp_path / "bare.yaml").write_text(
        "format_version: 1\nid: bare\ntitle: Bare\nsummary: s\nsteps:\n"
        "  - {id: s, kind: sweep, input: {generator: numbered, size: 5}, kernel: ones}\n",
        encoding="utf-8",
    )
    app = make_app(catalog=load_catalog([tmp_path], user=False))
    async with app.run_test(size=(60, 18)) as pilot:
        screen = await open_lesson(app, pilot, "bare", 0)
        await pilot.press("t")
        await pilot.pause()
        assert app.screen is screen
        assert_essentials_on_screen(app, "no text")


MODELS = [(item.lesson.id, step) for item in catalog().lessons() for step in item.lesson.steps if step.kind == "model"]


@pytest.mark.parametrize(("lesson_id", "step"), MODELS, ids=[f"{lid}:{step.id}" for lid, step in MODELS])
@pytest.mark.parametrize("width", [98, 78, 58])  # 100, 80 and 60 columns, less the scroll bar
def test_the_keras_summary_never_breaks_a_shape_and_keeps_its_extras_at_80_columns(lesson_id, step, width):
    from rich.console import Console

    from convtutor.core.layers import Conv2DLayer, summarize_stack
    from convtutor.lessons.layers import core_layer
    from convtutor.tui.steps.model import SummaryTable

    layers = [core_layer(layer) for layer in step.layers]
    summary = summarize_stack(step.input_shape, layers)
    console = Console(width=width, record=True, color_system=None)
    console.print(SummaryTable(summary))
    lines = console.export_text().splitlines()
    assert max(len(line) for line in lines) <= width
    extras = any("Receptive" in line for line in lines)
    for layer in summary.layers:
        # the type beside the name, or (where even that is too wide) on the line under it
        at = [i for i, line in enumerate(lines) if layer.keras_shape in line and f"{layer.name} " in line]
        assert any(f"({layer.keras_type})" in lines[i] or f"({layer.keras_type})" in lines[i + 1] for i in at), lines
        if extras:  # the core's numbers on the layer's row (a transposed layer's crop may take its second line)
            rows, cols = layer.plan.rows, layer.plan.cols
            sides = f"{rows.before},{rows.after},{cols.before},{cols.after}"
            field = f"{layer.receptive_field[0]}×{layer.receptive_field[1]}"
            assert any(field in lines[i] and (sides in lines[i] or sides in lines[i + 1]) for i in at), lines
    # Keras' names of pooling and transposed layers (max_pooling2d_1 (MaxPooling2D): 30 columns) would
    # crowd out the padding and receptive-field columns at 80 columns: the type goes under the name
    # instead, so every bundled stack keeps them there.
    if width >= 78:
        assert extras, lines
    mixed = not all(isinstance(layer, Conv2DLayer) for layer in layers)
    if width == 78 and mixed:
        assert not any(f"{layer.name} ({layer.keras_type})" in line for layer in summary.layers for line in lines)


async def test_on_a_tall_terminal_the_sum_sits_right_under_the_grids():
    app = make_app()
    async with app.run_test(size=(100, 45)) as pilot:
        screen = await open_lesson(app, pilot, "padding", 1)
        await pilot.pause()
        grids = screen.view.query_one("#grids")
        dot = screen.view.query_one("#dot-product")
        assert dot.region.y == grids.region.bottom, "blank rows part the grids from their sum"
        assert grids.region.height >= 12  # the padded 10×10 input, its ruler and title, whole
