"""The playground: settings lines, sweeps that equal conv2d, code, explanations, the screen."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.widgets import Input, Static

from app_helpers import make_app
from convtutor.core.conv import conv2d
from convtutor.learning import playground
from convtutor.learning.playground import PlayError, PlaySettings
from convtutor.lessons import generators
from convtutor.lessons.steps.sweep import make_sweep


def test_a_settings_line_reads_back_what_it_writes():
    for line in ["7x7 -s 2 -p same", "5x8 -k 3x5 -p full -d 2", "6x6x3 -p 1x2 -f 8 --no-bias", "9x9 -p 0,1,2,3 --mode reflect",
                 "6x6 --input checkerboard --weights sobel_x", "4x4"]:
        assert playground.settings_line(playground.parse_line(line)) == line


@pytest.mark.parametrize(("line", "says"), [("7x7 -k zz", "is not a size"), ("7x7 -p sometimes", "is not a padding"),
                                           ("99x9", "each 1 to 64"), ("7x7 --frobnicate", "unrecognized arguments")])
def test_an_unreadable_line_says_why(line, says):
    with pytest.raises(PlayError, match=says):
        playground.parse_line(line)


def test_a_kernel_that_does_not_fit_says_how_much_padding_would_make_it():
    problems = playground.explain(playground.parse_line("3x5 -k 5"))
    assert problems == ["Along the rows, the kernel spans 5 pixels but the padded input has only 3: add 1 more pixel of padding per side, or use a smaller kernel."]
    assert playground.explain(playground.parse_line("3x5 -k 5 -p 1")) == []


def test_the_code_follows_the_settings():
    code = "\n".join(playground.code(playground.parse_line("8x8x3 -k 3 -s 2 -p same -f 16")))
    assert 'layers.Conv2D(16, (3, 3), strides=(2, 2), padding="same")' in code
    assert "x = F.pad(x, (0, 1, 0, 1))" in code and "nn.Conv2d(3, 16, kernel_size=(3, 3), stride=(2, 2))" in code
    assert "refuses padding='same' with a stride above 1" in code


def test_corner_pixels_are_read_once_and_the_middle_nine_times():
    counts = playground.read_counts(playground.parse_line("5x5"))
    assert counts[0][0] == 1 and counts[2][2] == 9 and counts[0][2] == 3


@settings(max_examples=60, deadline=None)
@given(
    rows=st.integers(1, 12), cols=st.integers(1, 12), k=st.integers(1, 4), s=st.integers(1, 3), d=st.integers(1, 2),
    padding=st.sampled_from(["valid", "same", "full", "1", "2x0", "0,1,1,0"]),
    mode=st.sampled_from(["zeros", "reflect", "replicate", "circular"]),
    image=st.sampled_from(["numbered", "checkerboard", "random", "ramp"]), weights=st.sampled_from(["ones", "random", "sobel_x", "diagonal"]),
)
def test_the_numbers_on_screen_equal_conv2d(rows, cols, k, s, d, padding, mode, image, weights):
    line = f"{rows}x{cols} -k {k} -s {s} -d {d} -p {padding} --mode {mode} --input {image} --weights {weights}"
    chosen = playground.parse_line(line)
    if playground.explain(chosen):
        return  # explained instead of swept (tested above)
    try:
        step = playground.to_step(chosen)
        sweep = make_sweep(step)
    except ValueError:
        return  # a padding mode PyTorch refuses for these sizes (the core says why)
    x = np.array(generators.make_input(generators.as_input(step.input)))
    w = np.array(generators.make_kernel(generators.as_kernel(step.kernel)))
    expected = conv2d(x, w, stride=chosen.stride, padding=chosen.padding, dilation=chosen.dilation, padding_mode=mode)
    np.testing.assert_allclose(np.array(sweep.output), expected, atol=1e-9)


async def test_play_opens_with_its_options_and_a_new_line_re_sweeps():
    app = make_app(playground="7x7 -k 3 -s 2 -p same")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert type(screen).__name__ == "PlaygroundScreen"
        assert screen.view.session.sweep.shape == (4, 4)  # 7×7, stride 2, 'same': 4×4
        assert "strides=(2, 2)" in str(screen.query_one("#play-code", Static).content)
        await pilot.press("right")
        assert screen.view.session.index == 1
        await pilot.press("e")
        box = screen.query_one("#play-settings", Input)
        assert box.has_focus
        box.value = "7x7 -k 3"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.view.session.sweep.shape == (5, 5) and screen.view.session.index == 1  # the window stayed
        box.value = "3x3 -k 5"
        await pilot.press("e", "enter")
        await pilot.pause()
        problems = str(screen.query_one("#play-problems", Static).content)
        assert "add 1 more pixel of padding per side" in problems
        assert screen.view.session.sweep.shape == (5, 5)  # the last sweep that worked stays
        await pilot.press("escape", "c")
        assert "layers.Conv2D" in app.clipboard


async def test_the_playground_remembers_its_last_settings():
    app = make_app(playground="6x6 -k 2 -s 2")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        await pilot.pause()
        assert again.screen.query_one("#play-settings", Input).value == "6x6 -k 2 -s 2"
        assert again.screen.view.session.sweep.shape == (3, 3)


def test_play_settings_defaults_are_what_the_line_leaves_out():
    assert playground.settings_line(PlaySettings()) == "7x7"


async def test_the_playground_does_not_point_to_a_next_step():
    app = make_app(playground="4x4 -k 3")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        await pilot.press("enter")  # fill every output
        await pilot.pause()
        line = str(app.screen.view.query_one("#task-text", Static).content)
        assert "all filled" in line and "next step" not in line


# -- the settings form, the new options, the code key --------------------------------------------------
from textual.widgets import Input as _Input  # noqa: E402

from app_helpers import screen_lines  # noqa: E402
from convtutor.core.formatting import format_number  # noqa: E402
from convtutor.tui.widgets.grid import GridView  # noqa: E402


def _expected_cells(chosen: PlaySettings) -> list[list[str]]:
    """What the output grid must show: conv2d of the settings' input and kernel, plus the bias."""
    step = playground.to_step(chosen)
    x = np.stack(generators.make_input_channels(generators.as_input(step.input)), axis=-1)
    w = np.stack(generators.make_kernel_channels(generators.as_kernel(step.kernel)), axis=-1)[..., None]
    bias = np.array([chosen.bias_value if chosen.bias else 0.0])
    out = conv2d(x, w, bias, stride=chosen.stride, padding=chosen.padding, dilation=chosen.dilation, padding_mode=chosen.padding_mode)
    return [[format_number(v) for v in row] for row in out[..., 0]]


async def _shown_output(screen, pilot) -> list[list[str]]:
    """Fill in every output and read the output grid as it is drawn."""
    screen.view.action_fill()
    await pilot.pause()
    return screen.view.query_one("#output-grid", GridView).picture.cells


async def _go(pilot, screen, field_id: str) -> None:
    """Give a setting of the form the focus (↑ ↓ between settings: see the test of the form's order)."""
    name = field_id if field_id.startswith("play-") else f"play-field-{field_id}"
    screen.query_one(f"#{name}").focus()
    await pilot.pause()


FORM_ORDER = ["play-field-rows", "play-field-cols", "play-field-input", "play-values", "play-field-kernel_rows",
              "play-field-kernel_cols", "play-field-weights", "play-cells", "play-field-bias", "play-field-padding",
              "play-field-mode", "play-field-stride_rows", "play-field-stride_cols", "play-field-dilation_rows",
              "play-field-dilation_cols", "play-field-channels", "play-field-filters"]


async def test_s_opens_the_form_and_the_arrows_go_through_every_setting():
    app = make_app(playground="7x7 -k 2x3")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_form(app, pilot)
        seen = [screen.focused.id]
        for _ in range(len(FORM_ORDER) + 2):  # through the kernel's two rows of cells, and past the end
            await pilot.press("down")
            if screen.focused.id != seen[-1]:
                seen.append(screen.focused.id)
        assert seen == FORM_ORDER
        await pilot.press("up")
        assert screen.focused.id == "play-field-channels"
        hint = str(screen.form.query_one("#play-form-hint", Static).content)
        assert hint.startswith("Input's channels") and "type 1 to 4096" in hint
        await pilot.press("s")  # s again closes it, and the sweep has the arrows again
        await pilot.pause()
        assert not screen.form_open and screen.focused is screen.view


async def _open_form(app, pilot):
    await pilot.pause()
    await pilot.pause()
    await pilot.press("s")
    await pilot.pause()
    return app.screen


def _line(screen) -> str:
    return screen.query_one("#play-settings", _Input).value


# Each case: the line the playground opens with, the setting, the keys pressed on it, the settings line after.
FORM_CASES = [
    ("7x7", "rows", ["right"], "8x7"),
    ("7x7", "rows", ["1", "2", "enter"], "12x7"),
    ("7x7", "cols", ["left", "left"], "7x5"),
    ("7x7", "cols", ["9", "down"], "7x9"),  # leaving a setting applies what was typed into it
    ("7x7", "input", ["right"], "7x7 --input vertical_line"),
    ("7x7", "input", ["right"] * playground.CONTENTS.index("checkerboard"), "7x7 --input checkerboard"),
    ("7x7", "input", ["right"] * playground.CONTENTS.index("ramp"), "7x7 --input ramp"),
    ("7x7", "input", ["right"] * playground.CONTENTS.index("random"), "7x7 --input random"),
    ("8x8", "input", ["right"] * playground.CONTENTS.index("picture"), "8x8 --input picture"),
    ("7x7", "input", ["right"] * playground.CONTENTS.index("horizontal_line"), "7x7 --input horizontal_line"),
    ("5x5 -p 1", "play-values", [*"1 2 3;4 5 6;7 8 -9.5", "enter"], '3x3 -p 1 --values "1 2 3;4 5 6;7 8 -9.5"'),
    ("7x7", "kernel_rows", ["right"], "7x7 -k 4x3"),
    ("7x7", "kernel_cols", ["5", "enter"], "7x7 -k 3x5"),
    ("7x7", "weights", ["right"], "7x7 --weights identity"),
    ("7x7", "weights", ["right"] * playground.WEIGHTS.index("sobel_x"), "7x7 --weights sobel_x"),
    ("7x7", "play-cells", ["right", "5", "enter"], '7x7 --weights-values "1 5 1;1 1 1;1 1 1"'),
    ("7x7", "play-cells", ["down", "down", "right", "right", "-", "2", ".", "5", "enter"], '7x7 --weights-values "1 1 1;1 1 1;1 1 -2.5"'),
    ("7x7", "bias", ["right", "right"], "7x7 --bias 2"),
    ("7x7", "bias", ["-", "1", ".", "5", "enter"], "7x7 --bias -1.5"),
    ("7x7", "padding", ["right"], "7x7 -p same"),
    ("7x7", "padding", ["right", "right"], "7x7 -p full"),
    ("7x7", "padding", ["right", "right", "right", "right"], "7x7 -p 2"),
    ("7x7", "padding", ["2", "enter"], "7x7 -p 2"),
    ("7x7", "padding", [*"1x2", "enter"], "7x7 -p 1x2"),
    ("7x7", "padding", [*"0,1,2,3", "enter"], "7x7 -p 0,1,2,3"),
    ("7x7 -p 0,1,2,3", "padding", ["right"], "7x7 -p 1,2,3,4"),
    ("7x7 -p 2", "mode", ["right"], "7x7 -p 2 --mode reflect"),
    ("7x7 -p 2", "mode", ["right", "right"], "7x7 -p 2 --mode replicate"),
    ("7x7 -p 2", "mode", ["left"], "7x7 -p 2 --mode circular"),
    ("7x7", "stride_rows", ["right"], "7x7 -s 2x1"),
    ("7x7", "stride_cols", ["3", "enter"], "7x7 -s 1x3"),
    ("7x7", "dilation_rows", ["right"], "7x7 -d 2x1"),
    ("7x7", "dilation_cols", ["right"], "7x7 -d 1x2"),
    ("7x7", "channels", ["right", "right"], "7x7x3"),
    ("7x7", "filters", [*"16", "enter"], "7x7 -f 16"),
]


@pytest.mark.parametrize(("start", "field", "keys", "line"), FORM_CASES, ids=[f"{c[1]}:{''.join(c[2])}" for c in FORM_CASES])
async def test_each_setting_changes_with_keys_in_the_form_and_the_numbers_equal_conv2d(start, field, keys, line):
    app = make_app(playground=start)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_form(app, pilot)
        await _go(pilot, screen, field)
        await pilot.press(*keys)
        await pilot.pause()
        assert _line(screen) == line  # the settings line follows the form
        assert screen.settings == playground.parse_line(line)  # ... and so does the sweep
        assert str(screen.query_one("#play-problems", Static).content) == ""
        assert await _shown_output(screen, pilot) == _expected_cells(screen.settings)
        kernel = screen.view.query_one("#kernel-grid", GridView).picture.cells
        assert kernel == [[format_number(v) for v in row] for row in playground.kernel_matrix(screen.settings)]


async def test_the_form_sweeps_what_a_learner_can_check_by_hand():
    app = make_app(playground="3x3 -p 1")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_form(app, pilot)
        await _go(pilot, screen, "play-values")
        await pilot.press(*"1 2 3;4 5 6;7 8 9", "enter")
        await _go(pilot, screen, "play-cells")
        await pilot.press("right", "right", "down", "0", "enter")  # the middle row's last weight: 0
        await _go(pilot, screen, "bias")
        await pilot.press("1", "0", "enter")
        await pilot.pause()
        # Ones but the middle row's last weight, padded by 1, bias 10. The middle window reads all
        # nine pixels (45) but 6, the first window 1, 4 and 5 (2 meets the 0): 39 + 10 and 10 + 10.
        shown = await _shown_output(screen, pilot)
        assert shown[1][1] == "49" and shown[0][0] == "20"
        assert shown == _expected_cells(screen.settings)


async def test_a_kernel_too_big_for_the_input_is_explained_and_the_last_sweep_stays():
    app = make_app(playground="7x7")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_form(app, pilot)
        await _go(pilot, screen, "kernel_rows")
        await pilot.press("9", "enter")
        await pilot.pause()
        problems = str(screen.query_one("#play-problems", Static).content)
        assert "Along the rows, the kernel spans 9 pixels but the padded input has only 7: add 1 more pixel of padding per side" in problems
        assert problems in "\n".join(playground.explain(screen.wanted)) and _line(screen) == "7x7 -k 9x3"
        assert screen.view.session.sweep.shape == (5, 5)  # the sweep that worked stays
        await _go(pilot, screen, "padding")
        await pilot.press("1", "enter")  # what the explanation asked for
        await pilot.pause()
        assert str(screen.query_one("#play-problems", Static).content) == ""
        assert screen.view.session.sweep.shape == (1, 7)


@pytest.mark.parametrize(("start", "field", "keys", "says"), [
    ("7x7", "rows", ["9", "9", "enter"], "The input's rows can be 1 to 64, not 99."),
    ("7x7", "stride_cols", ["0", "enter"], "The stride along the columns can be 1 to 16, not 0."),
    ("7x7", "play-values", [*"1 2;3", "enter"], "Row 2 of the input values has 1 number but row 1 has 2"),
    ("7x7", "padding", [*"1,2,3", "enter"], "'1,2,3' is not a padding"),
    ("3x3 -k 1 -p 3", "mode", ["right"], "Reflect padding of 3 needs more than 3 rows of input (there are 3)"),
])
async def test_settings_that_cannot_work_are_explained_in_the_form(start, field, keys, says):
    app = make_app(playground=start)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_form(app, pilot)
        before = screen.view.session.sweep.shape
        await _go(pilot, screen, field)
        await pilot.press(*keys)
        await pilot.pause()
        assert says in str(screen.query_one("#play-problems", Static).content)
        assert screen.view.session.sweep.shape == before


async def test_the_form_keeps_the_window_and_the_line_and_form_agree():
    app = make_app(playground="7x7 -k 3")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        await pilot.press("right", "down")  # window (1, 1)
        assert (screen.view.session.window.out_row, screen.view.session.window.out_col) == (1, 1)
        await pilot.press("s")
        await _go(pilot, screen, "padding")
        await pilot.press("right")  # 'same': the 7×7 output still has (1, 1)
        await pilot.pause()
        window = screen.view.session.window
        assert (window.out_row, window.out_col) == (1, 1) and screen.view.session.sweep.shape == (7, 7)
        await _go(pilot, screen, "stride_rows")
        await pilot.press("4", "enter")  # 2×7 windows: row 1 still exists
        await pilot.pause()
        window = screen.view.session.window
        assert (window.out_row, window.out_col) == (1, 1)
        # the settings line applied shows in the form, and the form's change in the line
        await pilot.press("e")
        screen.query_one("#play-settings", _Input).value = "6x5 -k 2 -p valid --input picture --bias 3"
        await pilot.press("enter")
        await pilot.pause()
        form = screen.form
        assert form.query_one("#play-field-rows").text == "6" and form.query_one("#play-field-cols").text == "5"
        assert form.query_one("#play-field-input").text == "picture" and form.query_one("#play-field-bias").text == "3"
        assert await _shown_output(screen, pilot) == _expected_cells(playground.parse_line("6x5 -k 2 --input picture --bias 3"))


async def test_esc_puts_back_what_was_typed_then_closes_the_form():
    app = make_app(playground="7x7")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_form(app, pilot)
        await pilot.press("4", "escape")  # the typed 4 is put back
        await pilot.pause()
        assert _line(screen) == "7x7" and screen.form.query_one("#play-field-rows").text == "7"
        await pilot.press("escape")  # closes the form; the sweep has the keys again
        await pilot.pause()
        assert not screen.form_open and screen.focused is screen.view
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ != "PlaygroundScreen"


async def test_form_changes_are_remembered():
    app = make_app(playground="7x7")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open_form(app, pilot)
        await _go(pilot, screen, "play-cells")
        await pilot.press("2", "enter")
        await _go(pilot, screen, "stride_cols")
        await pilot.press("right")
        await pilot.pause()
        await pilot.pause()
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        await pilot.pause()
        assert _line(again.screen) == '7x7 -s 1x2 --weights-values "2 1 1;1 1 1;1 1 1"'
        assert again.screen.view.session.sweep.kernel[0][0] == 2


async def test_the_code_key_shows_the_code_at_80_columns():
    app = make_app(playground="8x8x3 -k 3 -s 2 -p same -f 16")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert not any("layers.Conv2D" in line for line in screen_lines(app))  # no room for it beside the sweep
        await pilot.press("v")
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        assert 'layers.Conv2D(16, (3, 3), strides=(2, 2), padding="same")' in shown
        assert "nn.Conv2d(3, 16, kernel_size=(3, 3), stride=(2, 2))" in shown and "x = F.pad(x, (0, 1, 0, 1))" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "PlaygroundScreen"


async def test_the_form_fits_80_by_24_beside_the_sweep():
    app = make_app(playground="7x7 -k 3 -s 2 -p same")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_form(app, pilot)
        shown = "\n".join(screen_lines(app))
        for label in ("Input", "Content", "Values", "Kernel", "Weights", "Cells", "Bias", "Padding", "Mode", "Stride",
                      "Dilation", "Channels", "Filters"):
            assert f"│ {label}" in shown, label
        assert "Output 4×4" in shown and "Window 1 of 16" in shown  # the sweep stays in view


# -- the new options of the settings line ---------------------------------------------------------------
@pytest.mark.parametrize(("line", "says"), [
    ('7x7 --values "1 2;3 4"', "the values are 2×2 but the size is 7×7"),
    ('--values "1 2;3"', "row 2 of the input values has 1 number but row 1 has 2"),
    ('--input ramp --values "1 2"', "keep one"),
    ('-k 5 --weights-values "1 2;3 4"', "the kernel values are 2×2 but the kernel size is 5×5"),
    ('--weights sobel_x --weights-values "1"', "keep one"),
    ("--bias nan", "a bias can be from"),
    ('--values "1 x"', "'x' is not a number"),
])
def test_new_options_that_cannot_be_read_say_why(line, says):
    with pytest.raises(PlayError, match=says):
        playground.parse_line(line)


def test_new_options_read_back_what_they_write():
    for line in ['2x2 --values "1 2;3 4"', "5x5 --input picture", '7x7 --bias -2.5 --weights-values "1 0 -1;2 0 -2;1 0 -1"',
                 '2x1 --values="-1;2"', "7x7 --no-bias --bias 2"]:
        assert playground.settings_line(playground.parse_line(line)) == line
    typed = playground.parse_line('--values "-1 2;3 4" --weights-values "0.5"')
    assert typed.size == (2, 2) and typed.kernel == (1, 1) and typed.values == ((-1, 2), (3, 4))
    assert playground.explain(playground.parse_line("7x7 --no-bias --bias 2")) == [
        "With --no-bias the layer has no bias, so the bias of 2 is not added."]


_MATRIX = st.integers(1, 4).flatmap(lambda r: st.integers(1, 4).flatmap(lambda c: st.lists(
    st.lists(st.one_of(st.integers(-99, 99).map(float), st.floats(-1e6, 1e6, allow_nan=False)), min_size=c, max_size=c),
    min_size=r, max_size=r)))
_PADDING = st.one_of(st.sampled_from(["valid", "same", "full"]), st.integers(0, 5),
                     st.tuples(st.integers(0, 5), st.integers(0, 5)),
                     st.tuples(st.tuples(st.integers(0, 5), st.integers(0, 5)), st.tuples(st.integers(0, 5), st.integers(0, 5))))
_PAIR = st.tuples(st.integers(1, 4), st.integers(1, 4))


@st.composite
def _settings(draw):
    op = draw(st.sampled_from(playground.OPERATIONS))
    values = draw(st.one_of(st.none(), _MATRIX))
    weights_values = None if op in ("maxpool", "avgpool") else draw(st.one_of(st.none(), _MATRIX))
    content = playground.TYPED if values is not None else draw(st.sampled_from(playground.CONTENTS[:-1]))
    weights = playground.TYPED if weights_values is not None else draw(st.sampled_from(playground.WEIGHTS[:-1]))
    size = (len(values), len(values[0])) if values is not None else draw(st.tuples(st.integers(1, 64), st.integers(1, 64)))
    if weights_values is not None:
        kernel = (len(weights_values), len(weights_values[0]))
    else:
        kernel = (3, 3) if weights in playground.FIXED_KERNELS and op not in ("maxpool", "avgpool") else draw(_PAIR)
    return PlaySettings(
        size=size, kernel=kernel, stride=draw(_PAIR), padding=draw(_PADDING), dilation=draw(_PAIR),
        padding_mode=draw(st.sampled_from(["zeros", "reflect", "replicate", "circular"])), channels=draw(st.integers(1, 8)),
        filters=draw(st.integers(1, 64)), bias=draw(st.booleans()), input=content, weights=weights,
        values=None if values is None else tuple(map(tuple, values)),
        weights_values=None if weights_values is None else tuple(map(tuple, weights_values)),
        bias_value=draw(st.one_of(st.just(0.0), st.floats(-1e6, 1e6, allow_nan=False))),
        op=op, output_padding=draw(st.one_of(st.none(), st.tuples(st.integers(0, 3), st.integers(0, 3)))) if op == "transpose" else None,
        ceil_mode=draw(st.booleans()) if op in ("maxpool", "avgpool") else False,
        count_include_pad=draw(st.one_of(st.none(), st.booleans())) if op == "avgpool" else None,
    )


@settings(max_examples=150, deadline=None)
@given(chosen=_settings())
def test_every_setting_round_trips_through_the_settings_line(chosen):
    line = playground.settings_line(chosen)
    assert playground.parse_line(line) == chosen
    assert playground.settings_line(playground.parse_line(line)) == line


@settings(max_examples=40, deadline=None)
@given(chosen=_settings(), by=st.sampled_from([-1, 1]), field=st.sampled_from(sorted(playground.FIELDS)))
def test_every_step_of_the_form_makes_settings_the_line_can_write(chosen, by, field):
    if chosen.pooling and field == "weights":
        with pytest.raises(PlayError, match="has no weights"):  # hidden in the form; refused with a reason
            playground.FIELDS[field].step(chosen, by)
        return
    changed = playground.FIELDS[field].step(chosen, by)
    assert playground.parse_line(playground.settings_line(changed)) == changed or changed.weights in playground.FIXED_KERNELS
    if playground.can_sweep(changed):
        playground.to_step(changed)  # never raises when nothing blocks


# -- channels and filters -------------------------------------------------------------------------------
SOBEL_X = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)


async def test_channels_are_summed_and_each_filter_writes_its_own_map():
    """5×5×3 numbered (channel c holds 1..25 plus 25·c), sobel_x turned a quarter turn per
    filter: each filter's map equals conv2d over all three channels, written out by hand."""
    app = make_app(playground="5x5x3 -k 3 -f 2 --weights sobel_x")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        x = np.stack([np.arange(1, 26, dtype=float).reshape(5, 5) + 25 * c for c in range(3)], axis=-1)
        for f in range(2):
            kernel = np.rot90(SOBEL_X, -f)  # a quarter turn clockwise per filter
            w = np.stack([kernel] * 3, axis=-1)[..., None]  # (3, 3, 3 channels, 1 filter)
            expected = conv2d(x, w, np.array([0.0]))[..., 0]
            shown = await _shown_output(screen, pilot)
            assert shown == [[format_number(v) for v in row] for row in expected], f"filter {f + 1}"
            assert f"Output 3×3×2, filter {f + 1}" in str(screen.view.query_one("#output-title", Static).content)
            await pilot.press("f")
            await pilot.pause()
        assert screen.filter_index == 0  # two filters: f came back to the first


def test_more_channels_than_a_sweep_shows_are_said():
    said = [p.text for p in playground.problems(playground.parse_line("5x5x20 -k 3"))]
    assert any("first 16 of the 20 channels" in text for text in said)


# -- transposed convolution and pooling (the options of convtutor shape --op) -------------------------------
def test_every_operation_of_shape_reads_from_a_settings_line_and_writes_its_code():
    transpose = playground.parse_line("5x5 --op transpose -k 1 -s 3")
    assert "layers.Conv2DTranspose(1, (1, 1), strides=(3, 3))" in "\n".join(playground.code(transpose))
    assert playground.layer_plan(transpose).output_shape == (15, 15)  # Keras' 'valid' (PyTorch: 13×13, said in a note)
    assert any("13×13" in line for line in playground.code(transpose))
    pool = playground.parse_line("7x7 --op avgpool -k 3 -s 2 -p 1 --ceil-mode")
    assert "nn.AvgPool2d(kernel_size=(3, 3), stride=(2, 2), padding=1, ceil_mode=True)" in "\n".join(playground.code(pool))
    maxpool = playground.parse_line("8x8 --op maxpool")
    assert maxpool.kernel == (2, 2) and maxpool.stride == (2, 2)  # a pool's stride is its size unless given
    assert playground.settings_line(maxpool) == "8x8 --op maxpool"
    assert playground.layer_plan(maxpool).output_shape == (4, 4)


def test_a_transposed_convolution_counts_what_adds_into_each_output_cell():
    # k 3, stride 2: every other output cell sums two pixels' copies per axis, the checkerboard of overlaps
    s = playground.parse_line("3x3 --op transpose -k 3 -s 2")
    assert playground.counts_title(s).startswith("How many input pixels")
    assert playground.read_counts(s)[0] == [1, 1, 2, 1, 2, 1, 1]
    assert playground.read_counts(s)[2][2] == 4


@pytest.mark.parametrize(("line", "says"), [
    ("5x5 --op avgpool -p same --count-include-pad", "never counts the padding"),
    ("5x5 --op transpose -s 2 --output-padding 2", "output_padding"),
    ("5x5 --op maxpool -p 0,1,0,1", "not top,bottom,left,right"),
    ("5x5 --op maxpool --mode reflect", "padding mode reflect is for convolutions"),
])
def test_settings_an_operation_refuses_are_explained(line, says):
    found = playground.problems(playground.parse_line(line))
    assert any(says in p.text and p.blocks for p in found), found


def test_a_pool_says_which_settings_it_does_not_use():
    texts = playground.explain(playground.parse_line("6x6 --op maxpool -f 8 --weights sobel_x --bias 2"))
    assert any("keeps the input's channels" in t for t in texts)
    assert any("no weights" in t for t in texts)
    assert any("adds no bias" in t for t in texts)


def test_a_pool_has_no_typed_weights():
    with pytest.raises(PlayError, match=r"a pool .* has none"):
        playground.parse_line('4x4 --op maxpool --weights-values "1 2;3 4"')


@settings(max_examples=40, deadline=None)
@given(
    rows=st.integers(1, 6), cols=st.integers(1, 6), k=st.integers(1, 4), s=st.integers(1, 3),
    padding=st.sampled_from(["valid", "same", "0", "1", "1x0"]), out_pad=st.sampled_from([None, "0", "1"]),
    image=st.sampled_from(["numbered", "random", "checkerboard"]), weights=st.sampled_from(["ones", "random", "sobel_x"]),
)
def test_a_transposed_playground_sweep_equals_conv_transpose2d(rows, cols, k, s, padding, out_pad, image, weights):
    from convtutor.core.transposed import conv_transpose2d
    from convtutor.lessons.steps.transposed_sweep import make_transposed_sweep

    line = f"{rows}x{cols} --op transpose -k {k} -s {s} -p {padding} --input {image} --weights {weights}"
    chosen = playground.parse_line(line + (f" --output-padding {out_pad}" if out_pad else ""))
    if not playground.can_sweep(chosen):
        assert playground.explain(chosen)  # refused settings are always said
        return
    step = playground.to_step(chosen)
    x = np.array(generators.make_input(generators.as_input(step.input)))
    w = np.array(generators.make_kernel(generators.as_kernel(step.kernel)))
    pad = padding if padding in ("valid", "same") else playground.parse_line(f"1x1 -p {padding}").padding
    expected = conv_transpose2d(x, w, stride=chosen.stride, padding=pad, output_padding=chosen.output_padding)
    np.testing.assert_allclose(np.array(make_transposed_sweep(step).output), expected, atol=1e-9)
    assert make_transposed_sweep(step).shape == playground.layer_plan(chosen).output_shape


async def test_play_opens_a_transposed_convolution_and_the_form_switches_to_pooling():
    from convtutor.tui.steps.pool_sweep import PoolSweepStepView
    from convtutor.tui.steps.transposed_sweep import TransposedSweepStepView

    app = make_app(playground="3x3 --op transpose -k 3 -s 2")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen.view, TransposedSweepStepView)
        assert screen.view.session.sweep.shape == (7, 7)  # (3 − 1)·2 + 3
        assert "Conv2DTranspose" in str(screen.query_one("#play-code", Static).content)
        await pilot.press("right")
        assert screen.view.session.index == 1
        await pilot.press("s", "up")  # the form, then its first line: the layer
        assert screen.focused.id == "play-field-op"
        await pilot.press("right")  # transpose → maxpool: the stride the learner chose stays
        await pilot.pause()
        assert _line(screen) == "3x3 --op maxpool -k 3 -s 2"
        assert isinstance(screen.view, PoolSweepStepView) and screen.view.session.sweep.shape == (1, 1)
        assert not screen.form.query_one("#play-field-weights").parent.display  # a pool has no weights
        await pilot.press("left", "left")  # back to a plain convolution, still stride 2
        await pilot.pause()
        assert _line(screen) == "3x3 -s 2" and type(screen.view).__name__ == "SweepStepView"
        assert screen.view.session.sweep.shape == (1, 1)


@settings(max_examples=40, deadline=None)
@given(
    op=st.sampled_from(["maxpool", "avgpool"]), rows=st.integers(1, 7), cols=st.integers(1, 7), k=st.integers(1, 3),
    s=st.integers(1, 3), padding=st.sampled_from(["valid", "same", "0", "1"]), ceil=st.booleans(),
    include=st.sampled_from(["", "--count-include-pad", "--no-count-include-pad"]),
)
def test_a_pooling_playground_sweep_equals_the_core(op, rows, cols, k, s, padding, ceil, include):
    from convtutor.core.pooling import avg_pool2d, max_pool2d
    from convtutor.lessons.steps.pool_sweep import make_pool_sweep

    line = f"{rows}x{cols} --op {op} -k {k} -s {s} -p {padding} --input random" + " --ceil-mode" * ceil
    chosen = playground.parse_line(f"{line} {include}" if op == "avgpool" else line)
    if not playground.can_sweep(chosen):
        assert playground.explain(chosen)
        return
    step = playground.to_step(chosen)
    x = np.array(generators.make_input(generators.as_input(step.input)))
    pad = padding if padding in ("valid", "same") else int(padding)
    if op == "maxpool":
        expected = max_pool2d(x, (k, k), strides=(s, s), padding=pad, ceil_mode=ceil)
    else:
        expected = avg_pool2d(x, (k, k), strides=(s, s), padding=pad, ceil_mode=ceil, count_include_pad=chosen.count_include_pad is not False)
    np.testing.assert_allclose(np.array(make_pool_sweep(step).output), expected, atol=1e-9)


@pytest.mark.parametrize(("argv", "says"), [
    (["play", "7x7", "--layer", "k=3"], "sweeps one layer"),
    (["play", "7x7", "--json"], "--json is for convtutor shape"),
    (["play", "5x5", "--op", "transpose", "--weights-values", "1 2;3 4", "--kernel", "3"], "kernel values are 2×2"),
])
def test_play_says_why_it_refuses_shape_options_that_do_not_apply(argv, says, capsys):
    from convtutor.cli.main import main

    assert main(argv) == 2
    assert says in capsys.readouterr().err


def test_changing_the_operation_keeps_a_stride_the_learner_chose():
    chosen = playground.parse_line("6x6 --op avgpool -k 3 -s 2 -p 1")
    for op in ("conv", "transpose", "maxpool", "avgpool"):
        assert playground.with_op(chosen, op).stride == (2, 2)
    default = playground.parse_line("6x6 --op maxpool -k 3")  # stride 3: the pool's own default
    assert playground.with_op(default, "conv").stride == (1, 1)
    assert playground.with_op(playground.parse_line("6x6 -k 3"), "avgpool").stride == (3, 3)
