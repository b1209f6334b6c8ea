"""Sweeps over several input channels: the core against conv2d, the lesson format and its
checks, the session's texts, and the view's channel keys.

Expected numbers come from conv2d (NumPy, channels last) or are worked out by hand in the
comments; never by asking the sweep about itself.
"""

from __future__ import annotations

import textwrap

import msgspec
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app_helpers import screen_lines
from convtutor import paths
from convtutor.core import Sweep, conv2d
from convtutor.learning.sweep_session import SweepSession
from convtutor.lessons import generators
from convtutor.lessons.loader import load_catalog, load_lesson
from convtutor.lessons.steps.sweep import SweepStep, channel_count, make_sweep, with_channels
from convtutor.state.progress import ProgressStore
from convtutor.tui.messages import OpenLesson
from convtutor.tui.widgets.grid import GridView

MODES = ("zeros", "reflect", "replicate", "circular")


# -- the core ---------------------------------------------------------------------------------------
@settings(max_examples=150, deadline=None)
@given(
    h=st.integers(1, 8), w=st.integers(1, 8), c=st.integers(1, 4), kh=st.integers(1, 3), kw=st.integers(1, 3),
    s=st.integers(1, 3), s2=st.integers(1, 3), d=st.integers(1, 2),
    p=st.sampled_from(["valid", "same", "full", 1, (0, 2), ((1, 0), (0, 1))]),
    mode=st.sampled_from(MODES), bias=st.integers(-3, 3), seed=st.integers(0, 10_000),
)
def test_a_sweep_over_channels_is_conv2d_channels_last(h, w, c, kh, kw, s, s2, d, p, mode, bias, seed):
    """Every output is the sum over channels of pixel·weight, plus the bias: exactly conv2d's
    number for the same (H, W, C) input and (kh, kw, C) kernel (whole numbers: no rounding)."""
    rng = np.random.default_rng(seed)
    image = rng.integers(-4, 5, (h, w, c)).astype(float)
    kernel = rng.integers(-3, 4, (kh, kw, c)).astype(float)
    settings_ = {"stride": (s, s2), "padding": p, "dilation": d, "padding_mode": mode}
    try:  # settings conv2d refuses (the kernel does not fit, reflect padding >= n, ...) the sweep refuses too
        expected = conv2d(image, kernel[..., np.newaxis], float(bias), **settings_)[..., 0]
    except ValueError:
        with pytest.raises(ValueError):
            Sweep(image, kernel, bias, **settings_)
        return
    sweep = Sweep(image, kernel, bias, **settings_)
    assert sweep.channels == c
    np.testing.assert_array_equal(np.array(sweep.output), expected)
    # The same from one matrix per channel, as a lesson lists them.
    listed = Sweep.from_channels([image[:, :, i] for i in range(c)], [kernel[:, :, i] for i in range(c)], bias, **settings_)
    assert listed.output == sweep.output
    # Window by window: each channel's sum is that channel's own one-channel convolution.
    per_channel = [conv2d(image[:, :, i], kernel[:, :, i], **settings_) for i in range(c)]
    for index in range(sweep.count):
        window = sweep.window(index)
        r, col = window.out_row, window.out_col
        assert window.channels == c
        assert [window.channel_total(i) for i in range(c)] == [per_channel[i][r, col] for i in range(c)]
        assert window.result == expected[r, col] == sweep.output[r][col]
        assert len(window.terms()) == kh * kw * c


@settings(max_examples=60, deadline=None)
@given(c=st.integers(2, 4), padding=st.sampled_from(["valid", "same", 1]), s=st.integers(1, 2), seed=st.integers(0, 10_000))
def test_the_fast_outputs_are_exactly_each_windows_result_with_channels(c, padding, s, seed):
    """Not whole numbers: the output grid and a window's sum are added in the same order."""
    import random

    rng = random.Random(seed)
    image = [[[rng.uniform(-5, 5) for _ in range(c)] for _ in range(6)] for _ in range(5)]
    kernel = [[[rng.uniform(-2, 2) for _ in range(c)] for _ in range(3)] for _ in range(2)]
    sweep = Sweep(image, kernel, rng.uniform(-1, 1), stride=s, padding=padding)
    for r in range(sweep.shape[0]):
        for col in range(sweep.shape[1]):
            assert sweep.output[r][col] == sweep.window_at(r, col).result
    np.testing.assert_allclose(np.array(sweep.output), conv2d(np.array(image), np.array(kernel)[..., None], sweep.bias,
                                                              stride=s, padding=padding)[..., 0], atol=1e-9)


def test_channels_that_do_not_match_are_refused():
    with pytest.raises(ValueError, match="3 channels but the kernel has 2"):
        Sweep(np.zeros((4, 4, 3)), np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="1 channel but the kernel has 2"):
        Sweep(np.zeros((4, 4)), np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="Channel 2 of the image is 4×5 but channel 1 is 4×4"):
        Sweep.from_channels([np.zeros((4, 4)), np.zeros((4, 5))], [np.ones((2, 2))] * 2)
    with pytest.raises(ValueError, match="Channel 2 of the kernel is 3×3"):
        Sweep.from_channels([np.zeros((4, 4))] * 2, [np.ones((2, 2)), np.ones((3, 3))])
    with pytest.raises(ValueError, match="at least one channel"):
        Sweep.from_channels([], [])


# -- a small sweep worked out by hand -----------------------------------------------------------------
# Channel 1 is 1..9, channel 2 is [[2, 0, 1], [1, 3, 0], [0, 1, 2]]; the kernel's slices are
# [[1, 0], [0, 1]] and [[-1, -1], [0, 0]], bias 1, stride 1, 'valid': a 2×2 output.
#   window (0, 0): ch 1: 1·1 + 2·0 + 4·0 + 5·1 = 6; ch 2: 2·(-1) + 0·(-1) + 1·0 + 3·0 = -2 → 6 − 2 + 1 = 5
#   window (0, 1): ch 1: 2 + 6 = 8; ch 2: 0·(-1) + 1·(-1) = -1 → 8 − 1 + 1 = 8
#   window (1, 0): ch 1: 4 + 8 = 12; ch 2: -1 − 3 = -4 → 12 − 4 + 1 = 9
#   window (1, 1): ch 1: 5 + 9 = 14; ch 2: -3 − 0 = -3 → 14 − 3 + 1 = 12
CH1 = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
CH2 = [[2, 0, 1], [1, 3, 0], [0, 1, 2]]
K1 = [[1, 0], [0, 1]]
K2 = [[-1, -1], [0, 0]]


def two_channel_step(**fields: object) -> SweepStep:
    data = {"id": "s", "kind": "sweep", "input": {"channels": [CH1, CH2]}, "kernel": {"channels": [K1, K2]}, "bias": 1, **fields}
    return msgspec.convert(data, SweepStep, strict=True)


def test_the_hand_worked_sweep():
    sweep = make_sweep(two_channel_step())
    assert sweep.channels == 2 and sweep.output_values() == [5, 8, 9, 12]
    x = np.stack([np.array(CH1), np.array(CH2)], axis=-1)
    k = np.stack([np.array(K1), np.array(K2)], axis=-1)[..., None]
    assert conv2d(x, k, 1.0)[..., 0].ravel().tolist() == [5, 8, 9, 12]


def test_the_dot_product_is_written_channel_by_channel():
    session = SweepSession(two_channel_step())
    assert session.dot_product_text() == (
        "Window 1 of 4 → output (0, 0), pixel·weight, channel by channel:\n"
        "ch 1: 1·1 + 2·0 + 4·0 + 5·1 = 6\n"
        "ch 2: 2·(-1) + 0·(-1) + 1·0 + 3·0 = -2\n"
        "→ 6 − 2 + bias 1 = 5"
    )
    # On a small screen, the channels' sums go up into the head line, the first to be shown.
    assert session.dot_product_text(short=True).splitlines() == [
        "Window 1 of 4 → output (0, 0) = 6 − 2 + bias 1 = 5", "ch 1: 1·1 + 2·0 + 4·0 + 5·1 = 6", "ch 2: 2·(-1) + 0·(-1) + 1·0 + 3·0 = -2",
    ]
    session.toggle_zero_weights()
    session.move(3)
    assert session.dot_product_text().splitlines()[1:] == ["ch 1: 5·1 + 9·1 = 14", "ch 2: 3·(-1) + 0·(-1) = -3", "→ 14 − 3 + bias 1 = 12"]


def test_a_negative_bias_and_no_bias():
    negative = SweepSession(two_channel_step(bias=-1.5))
    assert negative.dot_product_text().endswith("→ 6 − 2 + bias (-1.5) = 2.5")
    none = SweepSession(two_channel_step(bias=0))
    assert none.dot_product_text().endswith("\n→ 6 − 2 = 4")


def test_padding_taps_are_marked_in_every_channel():
    session = SweepSession(two_channel_step(padding=1))  # window 1 reads row -1 and column -1
    lines = session.dot_product_text().splitlines()
    assert lines[0].endswith("(3 taps on padding, in [ ])")
    assert lines[1] == "ch 1: [0]·1 + [0]·0 + [0]·0 + 1·1 = 1"
    assert lines[2] == "ch 2: [0]·(-1) + [0]·(-1) + [0]·0 + 2·0 = 0"


@pytest.mark.parametrize(("show", "expected"), [
    ("products", ["ch 1: 1·1 + 2·0 + 4·0 + 5·1 = ?", "ch 2: 2·(-1) + 0·(-1) + 1·0 + 3·0 = ?", "→ ch 1 + ch 2 + bias 1 = ?"]),
    ("window", ["each highlighted pixel times the kernel's weight over it in each of the 2 channels, added up, plus the bias 1 = ?"]),
    ("nothing", ["= ?"]),
])
def test_predicting_hides_every_sum(show, expected):
    session = SweepSession(two_channel_step(task={"kind": "predict", "show": show}))
    assert session.awaiting_prediction()
    assert session.dot_product_text().splitlines()[1:] == expected


def test_a_prediction_without_a_channel_is_named():
    session = SweepSession(two_channel_step(task={"kind": "predict"}))
    assert session.predict("7")  # 6 + 1: channel 2's -2 left out
    assert session.result_text.startswith("✗ (0, 0): not 7. Channel 2 is missing (its products add up to -2)")
    assert session.predict("5")
    assert session.result_text == "✓ (0, 0) is 5"
    assert session.index == 1
    assert session.predict("9")  # window (0, 1) is 8 − 1 + 1 = 8; 9 leaves out channel 2's -1
    assert "Channel 2 is missing (its products add up to -1)" in session.result_text
    session.predict("8")
    assert session.predictions == {0: True, 1: True}


def test_a_missing_or_extra_product_names_its_channel():
    session = SweepSession(two_channel_step(task={"kind": "predict"}, bias=0))
    assert session.predict("9")  # 6 − 2 = 4; 9 is 5 too many: the product 5·1 counted twice
    assert "one product too many (5·1)" in session.result_text
    session = SweepSession(two_channel_step(task={"kind": "predict"}, bias=0))
    assert session.predict("4") and session.predict("7")  # windows (0, 0) and (0, 1), right
    # Window (1, 0): ch 1: 4·1 + 8·1 = 12; ch 2: 1·(-1) + 3·(-1) = -4; 8 in all.
    assert session.index == 2 and session.predictions == {0: True, 1: True}
    assert session.predict("9")  # 1 too many: channel 2's product 1·(-1) left out
    assert session.result_text == (
        "✗ (1, 0): not 9. A product is missing: the pixel 1 times the weight -1 (channel 2, row 1, column 0 of the padded grid). Try again."
    )


def test_titles_follow_the_channel_shown():
    session = SweepSession(two_channel_step(padding=1))
    assert session.channels == 2
    assert session.input_title() == "Input 3×3×2, channel 1 of 2, padded to 5×5"
    assert session.input_title(short=True) == "Input 3×3×2, channel 1 of 2"
    assert session.kernel_title() == "Kernel 2×2×2, ch 1, bias 1"
    session.show_channel(1)
    assert session.input_title(short=True) == "Input 3×3×2, channel 2 of 2" and session.kernel_title() == "Kernel 2×2×2, ch 2, bias 1"
    session.show_channel(1)  # round to the first again
    assert session.channel == 0
    session.show_channel(-1)
    assert session.channel == 1
    assert session.settings_text().startswith("input 3×3×2 · kernel 2×2×2 · stride 1")


def test_one_channel_titles_are_unchanged():
    session = SweepSession(msgspec.convert({"id": "s", "kind": "sweep", "input": CH1, "kernel": K1}, SweepStep))
    assert session.channels == 1
    assert (session.input_title(), session.kernel_title()) == ("Input 3×3", "Kernel 2×2")
    session.show_channel(1)
    assert session.channel == 0


# -- the lesson format ---------------------------------------------------------------------------------
HEAD = "format_version: 1\nid: chan\ntitle: Channels\nsummary: s\nsteps:\n"


def problems_of(tmp_path, steps: str) -> list[str]:
    path = tmp_path / "chan.yaml"
    path.write_text(HEAD + textwrap.dedent(steps), encoding="utf-8")
    lesson, problems = load_lesson(path)
    assert (lesson is None) == bool(problems)
    return [p.format().split(":", 1)[1] for p in problems]  # without the file name


def test_a_lesson_with_channels_loads_and_sweeps_like_conv2d(tmp_path):
    path = tmp_path / "rgb.yaml"
    path.write_text(HEAD + textwrap.dedent("""\
        - id: rgb
          kind: sweep
          input:
            channels:
              - {generator: numbered, size: 5}
              - [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1]]
              - {generator: random, size: 5, seed: 3}
          kernel:
            channels: [sobel_x, {preset: ones, size: 3}, [[0, 1, 0], [0, -1, 0], [0, 1, 0]]]
          bias: 2
          padding: same
        """), encoding="utf-8")
    lesson, problems = load_lesson(path)
    assert problems == [] and lesson is not None
    step = lesson.lesson.steps[0]
    assert channel_count(step) == 3
    image = np.stack([np.array(g) for g in generators.make_input_channels(generators.as_input(step.input))], axis=-1)
    kernel = np.stack([np.array(g) for g in generators.make_kernel_channels(generators.as_kernel(step.kernel))], axis=-1)
    assert image.shape == (5, 5, 3) and kernel.shape == (3, 3, 3)
    assert image[:, :, 1].tolist() == np.eye(5).tolist()
    expected = conv2d(image, kernel[..., None], 2.0, padding="same")[..., 0]
    np.testing.assert_array_equal(np.array(make_sweep(step).output), expected)


def test_the_single_channel_forms_mean_what_they_meant():
    for written in ([[1, 2], [3, 4]], {"matrix": [[1, 2], [3, 4]]}, {"channels": [[[1, 2], [3, 4]]]}):
        step = msgspec.convert({"id": "s", "kind": "sweep", "input": written, "kernel": [[1]]}, SweepStep, strict=True)
        assert channel_count(step) == 1 and make_sweep(step).output == ((1.0, 2.0), (3.0, 4.0))
        assert generators.make_input(generators.as_input(step.input)) == [[1.0, 2.0], [3.0, 4.0]]


def test_the_kernel_needs_one_slice_per_channel(tmp_path):
    found = problems_of(tmp_path, """\
        - id: three-two
          kind: sweep
          input:
            channels:
              - {generator: numbered, size: 5}
              - {generator: numbered, size: 5}
              - {generator: zeros, size: 5}
          kernel:
            channels: [sobel_x, ones]
        - id: one-kernel
          kind: sweep
          input: {channels: [{generator: numbered, size: 5}, {generator: zeros, size: 5}]}
          kernel: sobel_x
        - id: one-input
          kind: sweep
          input: {generator: numbered, size: 5}
          kernel: {channels: [sobel_x, sobel_y]}
        """)
    assert found == [
        "14:15: steps[0].kernel.channels: the input has 3 channels but the kernel has 2 channels "
        "(hint: a kernel has one slice per input channel (kh×kw×C_in, as in Keras): list 3 under the kernel's channels)",
        "18:11: steps[1].kernel: the input has 2 channels but the kernel has one channel "
        "(hint: a kernel has one slice per input channel (kh×kw×C_in, as in Keras): list 2 under the kernel's channels)",
        "22:22: steps[2].kernel.channels: the input has one channel but the kernel has 2 channels "
        "(hint: a kernel has one slice per input channel (kh×kw×C_in, as in Keras): give one kernel, or one channel in the input too)",
    ]


def test_channels_of_different_sizes_and_broken_channels(tmp_path):
    found = problems_of(tmp_path, """\
        - id: sizes
          kind: sweep
          input:
            channels:
              - {generator: numbered, size: 5}
              - [[1, 2], [3]]
              - {generator: numbered, size: [5, 6]}
              - {generator: square, size: 5, side: 9}
          kernel:
            channels: [sobel_x, {preset: ones, size: 2}, ones, {preset: sobel_y, size: 3}]
        """)
    assert found == [
        "11:18: steps[0].input.channels[1][1]: row 1 has 1 numbers but row 0 has 2 (hint: every row needs the same length)",
        "13:44: steps[0].input.channels[3].side: a square of side 9 does not fit a 5×5 input",
        "12:9: steps[0].input.channels[2]: channel 3 of the input is 5×6 but channel 1 is 5×5 (hint: every channel of the input has the same size)",
        "15:80: steps[0].kernel.channels[3].size: 'size' does not apply to the sobel_y preset (hint: it is always 3×3)",
        "15:25: steps[0].kernel.channels[1]: channel 2 of the kernel is 2×2 but channel 1 is 3×3 (hint: every channel of the kernel has the same size)",
    ]


def test_nothing_is_set_beside_channels_and_channels_do_not_nest(tmp_path):
    found = problems_of(tmp_path, """\
        - id: beside
          kind: sweep
          input:
            generator: numbered
            size: 5
            channels: [[[1]]]
          kernel: {channels: [ones], preset: ones}
        """)
    assert found == [
        "9:16: steps[0].input.generator: 'generator' cannot be set beside channels: each channel says what it holds "
        "(hint: e.g. channels: [{generator: random, size: 7}, [[0, 1], [1, 0]]])",
        "12:38: steps[0].kernel.preset: 'preset' cannot be set beside channels: each channel says what it holds "
        "(hint: e.g. channels: [sobel_x, sobel_y, [[1, 0], [0, 1]]])",
    ]
    nested = problems_of(tmp_path, """\
        - id: nested
          kind: sweep
          input: {channels: [{channels: [[[1]]]}]}
          kernel: {channels: [ones]}
        """)
    assert len(nested) == 1 and "steps[0].input.channels[0].channels: unknown field 'channels'" in nested[0]
    empty = problems_of(tmp_path, """\
        - id: empty
          kind: sweep
          input: {}
          kernel: ones
        """)
    assert empty == ["8:10: steps[0].input: give either a matrix or a generator "
                     "(hint: e.g. generator: vertical_line with size: 8, or channels: [...], one input per channel)"]


def test_too_many_channels_and_model_steps_have_none(tmp_path):
    seventeen = ", ".join(["[[1]]"] * 17)
    many = problems_of(tmp_path, f"""\
        - id: many
          kind: sweep
          input: {{channels: [{seventeen}]}}
          kernel: ones
        """)
    assert len(many) == 1 and "steps[0].input.channels" in many[0]
    model = problems_of(tmp_path, """\
        - id: model
          kind: model
          input_shape: [5, 5, 2]
          layers: [{filters: 1, kernel_size: 3}]
          input: {channels: [{generator: zeros, size: 5}, {generator: zeros, size: 5}]}
          weights: [{kernel: ones}]
        """)
    assert len(model) == 1 and "steps[0].input.channels: unknown field 'channels'" in model[0]


# -- with_channels: what the playground calls ---------------------------------------------------------
def test_with_channels_repeats_the_input_and_kernel_with_new_seeds():
    step = msgspec.convert({"id": "p", "kind": "sweep", "input": {"generator": "random", "size": [4, 5], "seed": 1},
                            "kernel": {"preset": "random", "size": 2, "seed": 7}, "stride": 2}, SweepStep, strict=True)
    assert with_channels(step, 1) is step
    three = with_channels(step, 3)
    assert channel_count(three) == 3 and three.stride == 2
    # It is an ordinary lesson step: it round-trips through the format.
    assert msgspec.convert(msgspec.to_builtins(three), SweepStep, strict=True) == three
    images = generators.make_input_channels(generators.as_input(three.input))
    first = generators.make_input(generators.InputSpec(generator="random", size=[4, 5], seed=1))
    assert images[0] == first and images[1] != images[0] and images[2] != images[1]
    sweep = make_sweep(three)
    x = np.stack([np.array(g) for g in images], axis=-1)
    k = np.stack([np.array(g) for g in generators.make_kernel_channels(generators.as_kernel(three.kernel))], axis=-1)
    np.testing.assert_array_equal(np.array(sweep.output), conv2d(x, k[..., None], stride=2)[..., 0])
    numbered = msgspec.convert({"id": "p", "kind": "sweep", "input": {"generator": "numbered", "size": 4}, "kernel": "ones"}, SweepStep)
    assert make_sweep(with_channels(numbered, 2)).output_values() == [2 * v for v in make_sweep(numbered).output_values()]
    with pytest.raises(ValueError, match="1 to 16 channels"):
        with_channels(step, 17)
    with pytest.raises(ValueError, match="already lists channels"):
        with_channels(three, 2)


# -- the view --------------------------------------------------------------------------------------------
LESSON = HEAD + """\
  - id: rgb
    kind: sweep
    text: One slice of the kernel per channel.
    input:
      channels:
        - {generator: numbered, size: 7}
        - {generator: vertical_line, size: 7}
        - {generator: random, size: 7, seed: 2}
    kernel:
      channels: [sobel_x, ones, [[0, 1, 0], [0, -1, 0], [0, 1, 0]]]
    bias: 1
    padding: same
  - id: predict
    kind: sweep
    input:
      channels: [{generator: numbered, size: 6}, {generator: checkerboard, size: 6}]
    kernel:
      channels: [ones, identity]
    stride: 2
    task: {kind: predict, count: 2, show: products}
"""


def channel_app(tmp_path):
    from convtutor.tui.app import ConvTutorApp

    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "chan.yaml").write_text(LESSON, encoding="utf-8")
    catalog = load_catalog([folder], user=False)
    assert not catalog.problems, catalog.problems
    return ConvTutorApp(store=ProgressStore(paths.progress_file()), catalog=catalog)


async def open_step(app, pilot, index: int):
    app.post_message(OpenLesson("chan", index))
    await pilot.pause()
    await pilot.pause()
    return app.screen.view


def grid_texts(view, selector: str) -> list[list[str]]:
    return [[t.strip() for t in row] for row in view.query_one(selector, GridView).picture.cells]


async def test_the_channel_keys_show_each_channel_and_its_kernel_slice(tmp_path):
    app = channel_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_step(app, pilot, 0)
        sweep = view.session.sweep

        def expected(channel: int) -> tuple[list[list[str]], list[list[str]]]:
            padded = [["0"] * 9] + [["0", *(str(int(v)) for v in row), "0"] for row in sweep.images[channel]] + [["0"] * 9]
            return padded, [[str(int(v)) for v in row] for row in sweep.kernels[channel]]

        def title(selector: str) -> str:
            return str(view.query_one(selector).content)

        assert (grid_texts(view, "#input-grid"), grid_texts(view, "#kernel-grid")) == expected(0)
        assert grid_texts(view, "#kernel-grid") == [["-1", "0", "1"], ["-2", "0", "2"], ["-1", "0", "1"]]  # sobel_x
        assert title("#input-title") == "Input 7×7×3, channel 1 of 3, padded to 9×9"
        assert "Input 7×7×3, channel 1 of 3" in " ".join(screen_lines(app))
        await pilot.press("greater_than_sign")
        assert (grid_texts(view, "#input-grid"), grid_texts(view, "#kernel-grid")) == expected(1)
        assert grid_texts(view, "#kernel-grid") == [["1"] * 3] * 3  # ones
        assert title("#input-title") == "Input 7×7×3, channel 2 of 3, padded to 9×9"
        assert title("#kernel-title") == "Kernel 3×3×3, ch 2, bias 1"
        await pilot.press("greater_than_sign", "greater_than_sign")  # 3, then round to 1
        assert title("#input-title").startswith("Input 7×7×3, channel 1 of 3")
        await pilot.press("less_than_sign")
        assert (grid_texts(view, "#input-grid"), grid_texts(view, "#kernel-grid")) == expected(2)
        # The window, the output and the dot product (every channel) do not change with the channel.
        await pilot.press("right")
        assert view.session.index == 1 and view.session.channel == 2
        dot = str(view.query_one("#dot-product").content)
        assert dot.count("\nch ") == 3 and f"+ bias 1 = {int(view.session.window.result)}" in dot
        # The grids keep their width whatever the channel (the rows shared out stay right).
        widths = set()
        for _ in range(3):
            widths.add(view.query_one("#input-grid", GridView).layout_info.total_width)
            await pilot.press("greater_than_sign")
        assert len(widths) == 1


async def test_the_channel_keys_do_nothing_on_a_one_channel_sweep():
    from app_helpers import make_app, open_lesson

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(app, pilot, "convolutional-layer", 1)
        view = screen.view
        before = grid_texts(view, "#input-grid")
        await pilot.press("greater_than_sign")
        assert view.session.channel == 0 and grid_texts(view, "#input-grid") == before
        assert "channel" not in str(view.query_one("#input-title").content)
        assert "> <" not in str(view.query_one("#task-text").content)


@pytest.mark.parametrize("size", [(60, 18), (80, 24)], ids=["60x18", "80x24"])
@pytest.mark.parametrize("index", [0, 1])
async def test_a_sweep_with_channels_keeps_its_essentials_on_screen(tmp_path, size, index):
    from test_layout import assert_essentials_on_screen

    app = channel_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        view = await open_step(app, pilot, index)
        await pilot.pause()
        assert_essentials_on_screen(app, "first window")
        if view.session.awaiting_prediction():
            view.focus()
        for keys in (["greater_than_sign"], ["right", "right", "right"], ["less_than_sign", "end"]):
            await pilot.press(*keys)
            await pilot.pause()
            assert_essentials_on_screen(app, f"after {' '.join(keys)}")
        title = str(view.query_one("#input-title").content)
        assert f"channel {view.session.channel + 1} of {view.session.channels}" in title
        assert title in " ".join(screen_lines(app))  # the title is whole on screen


async def test_predicting_a_sweep_with_channels(tmp_path):
    app = channel_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_step(app, pilot, 1)
        # Window (0, 0): ch 1 sums 1..3, 7..9, 13..15 = 72; ch 2 the checkerboard's (1, 1) = 0 → 72.
        assert view.session.window.result == 72
        assert str(view.query_one("#dot-product").content).endswith("→ ch 1 + ch 2 = ?")
        await pilot.press("greater_than_sign")  # passes the answer box by
        assert view.session.channel == 1
        await pilot.press("7", "2", "enter")
        assert view.session.predictions == {0: True}
