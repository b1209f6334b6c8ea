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
