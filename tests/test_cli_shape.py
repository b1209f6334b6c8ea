"""`convtutor shape`: the figures, the code lines, JSON, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from convtutor.cli.main import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_same_stride_two(capsys):
    code, out, err = run(capsys, "shape", "8x8", "--kernel", "3", "--stride", "2", "--padding", "same")
    assert code == 0 and err == ""
    assert "(None, 4, 4, 1)" in out
    assert "top 0, bottom 1, left 0, right 1" in out
    assert "max((4 − 1)·2 + 3 − 8, 0) = 1" in out
    assert "3·3·1·1 weights + 1 bias = 10" in out
    assert 'layers.Conv2D(1, (3, 3), strides=(2, 2), padding="same")' in out
    assert "x = F.pad(x, (0, 1, 0, 1))" in out
    assert "refuses padding='same' with a stride above 1" in out


def test_unread_rows_are_reported(capsys):
    _, out, _ = run(capsys, "shape", "8x8", "-k", "3", "-s", "3")
    assert "input rows 6, 7 are never read" in out
    assert "input columns 6, 7 are never read" in out


def test_rectangular_kernel_channels_and_filters(capsys):
    _, out, _ = run(capsys, "shape", "32x32x3", "--kernel", "3x5", "--filters", "16", "--dilation", "2")
    assert "(None, 28, 24, 16)" in out
    assert "3·5·3·16 weights + 16 biases = 736" in out
    assert "Rows" in out and "Columns" in out  # the axes differ, so both are shown
    assert "dilation_rate=(2, 2)" in out


def test_channels_option_overrides(capsys):
    _, out, _ = run(capsys, "shape", "8x8", "--channels", "3", "--no-bias")
    assert "3·3·3·1 weights = 27" in out
    assert "layers.Conv2D(1, (3, 3), use_bias=False)" in out  # Keras
    assert "nn.Conv2d(3, 1, kernel_size=(3, 3), bias=False)" in out  # PyTorch ("bias=False" alone is inside "use_bias=False")


def test_stack_prints_a_keras_summary(capsys):
    code, out, _ = run(capsys, "shape", "8x8", "--padding", "same", "--layer", "k=3", "--layer", "k=3", "--layer", "k=3,f=2")
    assert code == 0
    assert "conv2d_2 (Conv2D)" in out
    assert out.count("(None, 8, 8, 1)") >= 2 and "(None, 8, 8, 2)" in out
    assert "Total params: 40" in out


def test_layer_padding_with_commas(capsys):
    _, out, _ = run(capsys, "shape", "8x8", "--layer", "k=3,p=0,1,0,1")
    assert "top 0, bottom 1, left 0, right 1" in out
    assert "(None, 7, 7, 1)" in out


def test_json(capsys):
    code, out, _ = run(capsys, "shape", "8x8", "-k", "3", "-s", "2", "-p", "same", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["output_shape"] == [4, 4, 1] and data["total_params"] == 10
    layer = data["layers"][0]
    assert layer["padding_sides"] == {"top": 0, "bottom": 1, "left": 0, "right": 1}
    assert layer["keras_shape"] == "(None, 4, 4, 1)"
    assert layer["pytorch"]["lines"][0].startswith("x = F.pad(")
    assert layer["receptive_field"] == [3, 3] and layer["jump"] == [2, 2]


@pytest.mark.parametrize(
    "argv, words",
    [
        (["shape", "3y3"], ["'3y3' is not a size"]),
        (["shape", "8x8", "--kernel", "0"], ["at least 1"]),
        (["shape", "8x8", "--padding", "lots"], ["'lots' is not a padding"]),
        (["shape", "8x8", "--layer", "q=1"], ["unknown key 'q'"]),
        (["shape", "8x8", "--layer", "k=3,bias=maybe"], ["bias=on or bias=off"]),
        (["shape", "8x8", "--filters", "-2"], ["not a count"]),
        (["shape"], ["required: input"]),
        (["frobnicate"], ["invalid choice"]),
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys, argv, words):
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    assert info.value.code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1, err
    for word in words:
        assert word in err


def test_impossible_settings_exit_1(capsys):
    code, out, err = run(capsys, "shape", "3x3", "--kernel", "5")
    assert code == 1 and out == ""
    assert err.strip() == (
        "convtutor shape: Layer 1 (conv2d) gets a 3×3 input: the kernel does not fit along the rows: "
        "it spans 5 pixels but the padded input has only 3 (3 + 0 + 0). Use a smaller kernel or dilation, or add padding."
    )


def test_reflect_padding_too_large_exit_1(capsys):
    code, _, err = run(capsys, "shape", "3x3", "--padding", "3", "--padding-mode", "reflect")
    assert code == 1 and "reflect padding of 3 needs more than 3 rows" in err and "Traceback" not in err


def test_entry_points():
    version = subprocess.run([sys.executable, "-m", "convtutor", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("convtutor ")
    help_text = subprocess.run([sys.executable, "-m", "convtutor", "--help"], capture_output=True, text=True)
    assert "shape" in help_text.stdout


def test_core_never_imports_textual():
    code = (
        "import sys, convtutor.core, convtutor.parsing; "
        "bad = [m for m in sys.modules if m.split('.')[0] == 'textual']; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_example_is_what_the_command_prints(capsys):
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ convtutor shape 8x8 --kernel 3 --stride 2 --padding same\n", 1)[1].split("```", 1)[0]
    _, out, _ = run(capsys, "shape", "8x8", "--kernel", "3", "--stride", "2", "--padding", "same")
    assert out == block
