"""`convtutor export`: a step as txt, asciicast, GIF, animated PNG and SVG, from the same model
the app draws, and clear messages (never a traceback) for what cannot be exported."""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET

import msgspec
import numpy as np
import pytest

from convtutor.cli import main as cli
from convtutor.core import conv2d
from convtutor.export import ExportError
from convtutor.export.frames import sweep_frames
from convtutor.export.target import find_step, playground_target
from convtutor.export.text import asciicast, window_line
from convtutor.lessons import generators
from convtutor.lessons.loader import load_catalog
from convtutor.lessons.steps.sweep import SweepStep, make_sweep

STEP = "convolutional-layer:line-image"  # 8×8 input, 3×3 kernel: 36 windows

_LESSONS = None


def lessons():
    global _LESSONS
    if _LESSONS is None:
        _LESSONS = [item.lesson for item in load_catalog(user=False).lessons()]
    return _LESSONS


def window_sums(text: str) -> list[float]:
    return [float(line.rsplit(" = ", 1)[1]) for line in text.splitlines() if line.startswith("Window ")]


def reference(step: SweepStep) -> np.ndarray:
    """The core's conv2d for a single-channel sweep step, row-major."""
    image = np.array(generators.make_input(generators.as_input(step.input)), dtype=float)
    kernel = np.array(generators.make_kernel(generators.as_kernel(step.kernel)), dtype=float)
    padding = step.padding if isinstance(step.padding, str | int) else tuple(tuple(p) if isinstance(p, list) else p for p in step.padding)
    stride = tuple(step.stride) if isinstance(step.stride, list) else step.stride
    dilation = tuple(step.dilation) if isinstance(step.dilation, list) else step.dilation
    out = conv2d(image, kernel, step.bias, stride=stride, padding=padding, dilation=dilation, padding_mode=step.padding_mode)
    return out.reshape(-1)


# -- which step ------------------------------------------------------------------------------------
def test_a_step_is_found_by_id_or_by_its_number_as_open_takes_it():
    by_id = find_step(lessons(), "stride:stride-two")
    by_number = find_step(lessons(), "stride:2")
    assert by_id.step is by_number.step and by_id.index == 1 and by_id.name == "stride-stride-two"
    assert find_step(lessons(), "stride", "gif").step.kind == "sweep"  # no step: the first sweep


@pytest.mark.parametrize(("request_text", "words"), [
    ("no-such-lesson:1", ["no lesson 'no-such-lesson'"]),
    ("strde:1", ["did you mean stride"]),
    ("stride:99", ["steps 1 to 7", "stride-two (sweep)"]),
    ("stride:0", ["steps 1 to 7"]),
    ("stride:nope", ["no step 'nope'", "what-stride-is (text)"]),
])
def test_unknown_lessons_and_steps_say_what_exists(request_text, words):
    with pytest.raises(ExportError) as caught:
        find_step(lessons(), request_text)
    assert caught.value.usage
    for word in words:
        assert word in str(caught.value)


# -- txt ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("request_text", [STEP, "stride:stride-two", "padding:same-sweep", "padding:full-sweep", "stride:same-stride-two"])
def test_txt_writes_one_line_per_window_with_the_sum_conv2d_gives(tmp_path, request_text):
    out = tmp_path / "step.txt"
    assert cli.main(["export", request_text, "--format", "txt", "-o", str(out)]) == 0
    target = find_step(lessons(), request_text)
    expected = reference(target.step)
    sums = window_sums(out.read_text(encoding="utf-8"))
    assert len(sums) == make_sweep(target.step).count == expected.size
    assert sums == pytest.approx(expected.tolist())


def test_txt_of_the_playground_matches_conv2d(tmp_path, capsys):
    assert cli.main(["export", "--play", "7x7 -k 3 -s 2 -p same --weights sobel_x --bias 1", "--format", "txt", "-o", "-"]) == 0
    text = capsys.readouterr().out
    target = playground_target("7x7 -k 3 -s 2 -p same --weights sobel_x --bias 1")
    assert window_sums(text) == pytest.approx(reference(target.step).tolist())
    assert len(window_sums(text)) == 16
    assert "Playground" in text.splitlines()[0]


def test_txt_of_several_channels_puts_each_window_on_one_line():
    step = msgspec.convert({
        "id": "rgb", "kind": "sweep", "bias": 1,
        "input": {"channels": [{"generator": "numbered", "size": 4}, {"generator": "checkerboard", "size": 4}]},
        "kernel": {"channels": ["box_blur", "identity"]},
    }, SweepStep)
    frames = sweep_frames(step)
    lines = [window_line(frame) for frame in frames.windows]
    assert all("\n" not in line for line in lines)
    assert [float(line.rsplit(" = ", 1)[1]) for line in lines] == pytest.approx(make_sweep(step).output_values())


def test_txt_of_a_text_step_is_its_text(tmp_path, capsys):
    assert cli.main(["export", "stride:1", "--format", "txt", "-o", "-"]) == 0
    text = capsys.readouterr().out
    assert "(text step)" in text and "stride" in text


def test_an_export_shows_the_answers_of_a_prediction_task():
    target = find_step(lessons(), "stride:stride-two")  # predict the first row
    frames = sweep_frames(target.sweep("txt"))
    assert "?" not in frames.windows[0].head
    assert all("·" not in cell for row in frames.final.outputs for cell in row)


# -- cast ----------------------------------------------------------------------------------------------
def test_cast_is_asciicast_v2_with_a_frame_per_window(tmp_path):
    out = tmp_path / "sweep.cast"
    assert cli.main(["export", STEP, "-o", str(out)]) == 0  # the format from the suffix
    header, *events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert header["version"] == 2 and isinstance(header["width"], int) and isinstance(header["height"], int)
    assert header["width"] >= 80 and header["height"] >= 14
    times = [event[0] for event in events]
    assert times == sorted(times) and len(set(times)) == len(times)  # increasing
    assert all(len(event) == 3 and event[1] == "o" and isinstance(event[2], str) for event in events)
    frames = [event[2] for event in events if event[2]]
    assert len(frames) == 36 + 1  # every window, then the whole output
    for i, frame in enumerate(frames[:-1]):
        assert frame.startswith("\x1b[2J\x1b[H" if i == 0 else "\x1b[H")
        assert f"Window {i + 1} of 36" in frame
    assert "Output 6×6: all 36 windows" in frames[-1]
    visible = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", frames[0]).split("\r\n")
    assert max(len(line) for line in visible) <= header["width"]
    assert len(visible) <= header["height"]


def test_cast_delay_is_the_time_between_frames():
    frames = sweep_frames(find_step(lessons(), STEP).sweep("cast"))
    events = [json.loads(line) for line in asciicast(frames, delay=0.5).splitlines()[1:]]
    assert [e[0] for e in events[:3]] == [0.0, 0.5, 1.0]


# -- gif and png -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("format_name", ["gif", "png"])
def test_gif_and_png_have_a_frame_per_window_and_the_window_highlighted(tmp_path, format_name):
    from PIL import Image

    from convtutor.export import image

    out = tmp_path / f"sweep.{format_name}"
    assert cli.main(["export", STEP, "--format", format_name, "-o", str(out)]) == 0
    target = find_step(lessons(), STEP)
    where = image.layout(sweep_frames(target.sweep(format_name), target.title))
    with Image.open(out) as picture:
        assert picture.format == format_name.upper()
        assert picture.n_frames == 36 + 1  # every window, then the whole output
        assert 800 <= picture.width <= 2000 and 500 <= picture.height <= 1400
        assert picture.size == (where.width, where.height)
        assert where.cell_height >= 40  # large cells: readable on a projector
        picture.seek(0)
        first = picture.convert("RGB")
        picture.seek(8)  # window 9: output (1, 2), the window at rows 1-3, columns 2-4
        ninth = picture.convert("RGB")

    def colour(frame, box):
        return frame.getpixel((box[0] + 5, box[1] + 5))  # inside the cell, off its number

    for r in range(3):
        for c in range(3):
            assert colour(first, where.input_cell(r, c)) == image.WINDOW
    for r, c in [(0, 3), (3, 0), (7, 7)]:
        assert colour(first, where.input_cell(r, c)) == image.WHITE
    assert colour(first, where.output_cell(0, 0)) == image.WINDOW
    assert colour(first, where.output_cell(0, 1)) == image.WHITE
    assert colour(first, where.kernel_cell(1, 1)) == image.KERNEL
    assert colour(ninth, where.input_cell(1, 2)) == image.WINDOW
    assert colour(ninth, where.input_cell(0, 0)) == image.WHITE
    assert colour(ninth, where.output_cell(1, 2)) == image.WINDOW


def test_padding_is_drawn_apart_from_the_image(tmp_path):
    from convtutor.export import image

    frames = sweep_frames(playground_target("5x5 -k 3 -p 1").step)
    images, where = image.draw_frames(frames)
    last = images[-1].convert("RGB")
    assert last.getpixel(tuple(v + 5 for v in where.input_cell(0, 0)[:2])) == image.PADDING
    assert last.getpixel(tuple(v + 5 for v in where.input_cell(1, 1)[:2])) == image.WHITE


def test_without_dejavu_pillows_own_font_draws_it(monkeypatch):
    from convtutor.export import image

    monkeypatch.setattr(image, "FONT_FILES", ())
    monkeypatch.setattr(image, "BOLD_FONT_FILES", ())
    image._font.cache_clear()
    try:
        images, where = image.draw_frames(sweep_frames(playground_target("4x4 -k 2").step))
        assert len(images) == 9 + 1 and where.width >= 960
    finally:
        image._font.cache_clear()


def test_a_default_file_name_is_made_from_the_step(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["export", "stride:stride-two", "--format", "gif"]) == 0
    assert (tmp_path / "stride-stride-two.gif").stat().st_size > 0
    assert "wrote stride-stride-two.gif" in capsys.readouterr().err


# -- svg ---------------------------------------------------------------------------------------------
def test_svg_is_the_apps_screen_at_that_step(tmp_path):
    out = tmp_path / "screen.svg"
    assert cli.main(["export", "convolutional-layer:2", "--format", "svg", "-o", str(out)]) == 0
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")
    texts = " ".join("".join(e.itertext()) for e in root.iter() if e.tag.endswith("text")).replace("\xa0", " ")
    assert "The convolutional layer" in texts
    assert "step 2 of 5" in texts  # the lesson screen's header, not only the title we gave


def test_svg_leaves_the_learners_files_alone(tmp_path, _isolated_user_data):
    out = tmp_path / "play.svg"
    assert cli.main(["export", "--play", "6x6 -k 3", "--format", "svg", "-o", str(out)]) == 0
    assert "Playground" in out.read_text(encoding="utf-8")
    assert not _isolated_user_data.exists()  # no progress, no remembered playground settings


# -- what cannot be exported --------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "code", "words"), [
    (["no-such-lesson:1", "--format", "gif"], 2, "no lesson 'no-such-lesson'"),
    (["stride:nope", "--format", "txt"], 2, "no step 'nope'"),
    (["stride:1", "--format", "gif"], 1, "text step; only sweep steps can be exported as gif"),
    (["stride:7", "--format", "cast"], 1, "quiz step"),
    (["stride:2"], 2, "say which format"),
    (["stride:2", "-o", "x.jpg"], 2, "suffix of x.jpg"),
    (["--format", "gif"], 2, "LESSON:STEP) or --play"),
    (["stride:2", "--play", "7x7", "--format", "gif"], 2, "one of the two"),
    (["--play", "7x7 -k 9", "--format", "gif"], 2, "cannot be swept"),
    (["--play", "7x7 --nonsense", "--format", "txt"], 2, "--play"),
    (["stride:2", "--format", "svg", "--size", "9x9"], 2, "--size"),
])
def test_what_cannot_be_exported_is_said_plainly(tmp_path, capsys, args, code, words):
    assert cli.main(["export", *args, *([] if "-o" in args else ["-o", str(tmp_path / "out")])]) == code
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert err.startswith("convtutor export: ") and err.count("\n") == 1


def test_missing_pillow_names_the_extra(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "PIL", None)  # as if Pillow were not installed
    assert cli.main(["export", STEP, "--format", "png", "-o", str(tmp_path / "x.png")]) == 1
    err = capsys.readouterr().err
    assert "pip install 'convtutor[export]'" in err and "Traceback" not in err
    assert not (tmp_path / "x.png").exists()
    # the text formats need no Pillow
    assert cli.main(["export", STEP, "--format", "cast", "-o", str(tmp_path / "x.cast")]) == 0


def test_an_unwritable_file_is_said_plainly(tmp_path, capsys):
    assert cli.main(["export", STEP, "--format", "txt", "-o", str(tmp_path / "no-such-folder" / "x.txt")]) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "Traceback" not in err


# -- the call an export key in the app makes --------------------------------------------------------
def test_export_step_gives_the_bytes_of_each_format():
    from convtutor.export.formats import export_step

    step = find_step(lessons(), STEP).step
    gif = export_step(step, "gif", title="Slide")
    assert gif.data.startswith(b"GIF89a") and gif.windows == 36 and gif.frames == 37
    assert export_step(step, "png").data.startswith(b"\x89PNG")
    assert export_step(step, "cast").data.startswith(b'{"version": 2')
    assert export_step(step, "txt").data.count(b"\nWindow ") == 36
    text_step = find_step(lessons(), "stride:1").step
    assert export_step(text_step, "txt").windows is None
    with pytest.raises(ExportError, match="only sweep steps"):
        export_step(text_step, "gif")


def test_a_sweep_too_long_to_animate_is_refused_with_what_works(tmp_path, capsys):
    assert cli.main(["export", "--play", "20x20", "--format", "gif", "-o", str(tmp_path / "x.gif")]) == 1  # 324 windows
    assert "MB of frames" in capsys.readouterr().err
    assert cli.main(["export", "--play", "20x20", "--format", "cast", "-o", str(tmp_path / "x.cast")]) == 0
    assert cli.main(["export", "--play", "64x64", "--format", "cast", "-o", str(tmp_path / "x.cast")]) == 1  # 3844 windows
    assert "at most 1600 (txt takes any)" in capsys.readouterr().err
    assert cli.main(["export", "--play", "64x64", "--format", "txt", "-o", str(tmp_path / "x.txt")]) == 0
    assert len(window_sums((tmp_path / "x.txt").read_text(encoding="utf-8"))) == 62 * 62


async def test_g_in_a_sweep_saves_it_as_a_gif_in_the_working_folder(tmp_path, monkeypatch):
    from PIL import Image

    from app_helpers import make_app, open_lesson

    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(app, pilot, "convolutional-layer", 1)  # 8×8, 3×3: 36 windows
        await pilot.press("x")  # typed by mistake (as in 3x3) in a sweep: nothing is saved
        await app.workers.wait_for_complete()
        assert list(tmp_path.glob("*.gif")) == []
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        saved = tmp_path / f"{screen.view.step.id}.gif"
        assert saved.is_file()
        with Image.open(saved) as image:
            assert image.n_frames == 36 + 1  # one per window, and the whole output
        assert any(str(saved) in n.message for n in app._notifications)
