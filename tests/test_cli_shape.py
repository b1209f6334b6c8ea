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


# -- transposed convolution and pooling (--op, --layer op=...) -------------------------------
def test_transpose_valid_differs_between_keras_and_pytorch(capsys):
    """Kernel 1, stride 3 on 5×5: Keras' 'valid' gives 15×15, PyTorch's padding=0 13×13."""
    code, out, err = run(capsys, "shape", "5x5", "--op", "transpose", "--kernel", "1", "--stride", "3")
    assert code == 0 and err == ""
    assert "(None, 15, 15, 1)" in out
    assert "o = (i − 1)·s + max(k, s) = (5 − 1)·3 + max(1, 3) = 15" in out
    assert "layers.Conv2DTranspose(1, (1, 1), strides=(3, 3))" in out
    assert "nn.ConvTranspose2d(1, 1, kernel_size=(1, 1), stride=(3, 3), output_padding=2)" in out
    assert "Keras' 'valid' gives 15×15 here and PyTorch's ConvTranspose2d with padding=0 13×13" in out
    _, out, _ = run(capsys, "shape", "5x5", "--op", "transpose", "--kernel", "1", "--stride", "3", "--padding", "0")
    assert "(None, 13, 13, 1)" in out
    assert "o = (i − 1)·s − 2p + k + output_padding = (5 − 1)·3 − 2·0 + 1 + 0 = 13" in out
    assert "layers.Conv2DTranspose(1, (1, 1), strides=(3, 3), output_padding=(0, 0))" in out
    assert "Keras' 'valid' would give 15×15" in out and "PyTorch gives 13×13" in out


def test_transpose_same_and_output_padding(capsys):
    _, out, _ = run(capsys, "shape", "5x5x3", "--op", "transpose", "-k", "3", "-s", "2", "-p", "same", "-f", "8")
    assert "(None, 10, 10, 8)" in out
    assert "3·3·8·3 weights + 8 biases = 224" in out  # kh·kw·C_out·C_in + C_out
    assert "top 0, bottom 1, left 0, right 1" in out  # cropped from the 11×11 full result
    assert "y = y[:, :, :-1, :-1]" in out
    _, out, _ = run(capsys, "shape", "5x5", "--op", "transpose", "-k", "3", "-s", "2", "-p", "1", "--output-padding", "1")
    assert "(None, 10, 10, 1)" in out
    assert "nn.ConvTranspose2d(1, 1, kernel_size=(3, 3), stride=(2, 2), padding=1, output_padding=1)" in out
    assert "layers.Cropping2D(cropping=((1, 0), (1, 0)))" in out


def test_pooling(capsys):
    _, out, _ = run(capsys, "shape", "7x7x3", "--op", "maxpool")
    assert "(None, 3, 3, 3)" in out and "0 (pooling has no weights)" in out
    assert "layers.MaxPooling2D((2, 2))" in out and "nn.MaxPool2d(kernel_size=(2, 2))" in out
    assert "input rows 6 is never read" not in out and "input row 6 is never read" in out
    _, out, _ = run(capsys, "shape", "7x7", "--op", "avgpool", "-k", "3", "-s", "2", "-p", "same")
    assert "(None, 4, 4, 1)" in out and "not counted in the average" in out
    assert "count_include_pad=False" in out
    assert "Keras' average pooling 'same' excludes the padding where PyTorch's default counts it" in out


def test_ceil_mode_and_count_include_pad(capsys):
    _, out, _ = run(capsys, "shape", "5x5", "--op", "avgpool", "-k", "2", "-s", "2", "-p", "1", "--ceil-mode")
    assert "(None, 3, 3, 1)" in out
    assert "so ceil_mode drops it: o = 3" in out
    assert "nn.AvgPool2d(kernel_size=(2, 2), padding=1, ceil_mode=True)" in out
    _, out, _ = run(capsys, "shape", "6x6", "--op", "avgpool", "-k", "3", "-s", "2", "-p", "1", "--no-count-include-pad")
    assert "count_include_pad=False" in out and "not counted in the average" in out


def test_stack_with_pooling_and_transposed_layers(capsys):
    code, out, _ = run(
        capsys, "shape", "28x28", "--layer", "k=5,f=6", "--layer", "op=maxpool,k=2,s=2", "--layer", "op=transpose,k=2,s=2,f=8",
    )
    assert code == 0
    assert "max_pooling2d (MaxPooling2D)" in out and "conv2d_transpose (Conv2DTranspose)" in out
    assert "(None, 12, 12, 6)" in out and "(None, 24, 24, 8)" in out
    assert "Total params: 356" in out  # 5·5·1·6 + 6 = 156; pooling 0; 2·2·8·6 + 8 = 200
    assert "jump 1×1" in out


def test_json_for_new_operations(capsys):
    _, out, _ = run(capsys, "shape", "28x28", "--layer", "k=5,f=6", "--layer", "op=maxpool", "--layer", "op=transpose,k=2,s=2,f=8", "--json")
    data = json.loads(out)
    assert data["output_shape"] == [24, 24, 8] and data["total_params"] == 156 + 2 * 2 * 8 * 6 + 8
    conv, pool, up = data["layers"]
    assert [conv["op"], pool["op"], up["op"]] == ["conv", "maxpool", "transpose"]
    assert pool["params"] == 0 and pool["strides"] == [2, 2] and pool["ceil_mode"] is False
    assert up["full_shape"] == [24, 24] and up["output_padding"] is None
    assert up["jump"] == [1, 1] and pool["jump"] == [2, 2]
    _, out, _ = run(capsys, "shape", "8x8", "--op", "transpose", "-k", "2", "-s", "2", "--json")
    assert json.loads(out)["layers"][0]["jump"] == [0.5, 0.5]


def test_the_command_knows_the_cores_operations():
    from convtutor.cli import shape_command
    from convtutor.core.layers import OPERATIONS

    assert shape_command.OPERATIONS == OPERATIONS


@pytest.mark.parametrize(
    "argv, words",
    [
        (["shape", "8x8", "--ceil-mode"], ["--ceil-mode applies to pooling layers"]),
        (["shape", "8x8", "--output-padding", "1"], ["--output-padding applies to transposed convolutions"]),
        (["shape", "8x8", "--op", "avgpool", "-p", "same", "--count-include-pad"], ["never counts the padding"]),
        (["shape", "8x8", "--op", "transpose", "-s", "2", "--output-padding", "2"], ["below the stride in Keras' Conv2DTranspose"]),
        (["shape", "8x8", "--op", "transpose", "-p", "full"], ["'valid', 'same' (Keras)"]),
        (["shape", "8x8", "--op", "maxpool", "-p", "2"], ["at most half the pool size"]),
        (["shape", "8x8", "--op", "avgpool", "-d", "2"], ["average pooling has no dilation"]),
        (["shape", "8x8", "--layer", "op=maxpool,f=3"], ["filters= does not apply to op=maxpool"]),
        (["shape", "8x8", "--op", "transpose", "-p", "0,1,0,1"], ["not top,bottom,left,right"]),
    ],
)
def test_new_options_refused_exit_1(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    for word in words:
        assert word in err, err


@pytest.mark.parametrize(
    "argv, words",
    [
        (["shape", "8x8", "--op", "pool"], ["invalid choice: 'pool'"]),
        (["shape", "8x8", "--layer", "op=bogus"], ["op='bogus'", "op=maxpool"]),
        (["shape", "8x8", "--layer", "op=maxpool,ceil=maybe"], ["ceil=on or ceil=off"]),
        (["shape", "8x8", "--output-padding", "1x2x3"], ["not a valid output padding"]),
    ],
)
def test_new_bad_arguments_exit_2(capsys, argv, words):
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    assert info.value.code == 2 and out == ""
    for word in words:
        assert word in err, err
