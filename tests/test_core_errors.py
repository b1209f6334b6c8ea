"""Invalid settings raise ValueError with a sentence a learner can act on."""

from __future__ import annotations

import numpy as np
import pytest

from convtutor.core import Conv2DLayer, conv2d, output_length, resolve_padding, summarize_stack

IMAGE = np.zeros((4, 4))
K3 = np.ones((3, 3))


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: conv2d(IMAGE, np.ones((5, 5))), ["does not fit", "spans 5", "only 4", "add padding"]),
        (lambda: conv2d(IMAGE, K3, dilation=2), ["does not fit", "dilated by 2"]),
        (lambda: conv2d(IMAGE, K3, stride=0), ["Stride must be at least 1", "got 0"]),
        (lambda: conv2d(IMAGE, K3, dilation=(1, 0)), ["Dilation must be at least 1"]),
        (lambda: conv2d(IMAGE, K3, padding=-1), ["Padding must be at least 0", "cannot remove"]),
        (lambda: conv2d(IMAGE, K3, padding=((0, -2), (0, 0))), ["Padding must be at least 0"]),
        (lambda: conv2d(IMAGE, K3, padding="sane"), ["Unknown padding 'sane'", "'same'"]),
        (lambda: conv2d(IMAGE, K3, padding=(1, 2, 3)), ["Cannot read padding"]),
        (lambda: conv2d(IMAGE, K3, stride=1.5), ["whole number"]),
        (lambda: conv2d(np.zeros((4, 4, 3)), np.ones((3, 3, 2, 1))), ["3 channels", "expects 2"]),
        (lambda: conv2d(np.zeros(4), K3), ["(H, W)", "1 dimensions"]),
        (lambda: conv2d(np.zeros((1, 1, 4, 4, 1)), K3), ["5 dimensions"]),
        (lambda: conv2d(IMAGE, np.ones((3, 3, 1))), ["kernel must be", "3 dimensions"]),
        (lambda: conv2d(IMAGE, K3, padding_mode="edge"), ["Unknown padding mode 'edge'", "replicate"]),
        (lambda: conv2d(IMAGE, K3, padding=4, padding_mode="reflect"), ["Reflect padding of 4"]),
        (lambda: conv2d(IMAGE, K3, padding=5, padding_mode="circular"), ["Circular padding of 5"]),
        (lambda: conv2d(IMAGE, K3, [1, 2]), ["bias must be one number or 1"]),
        (lambda: conv2d(np.array([["a"]]), K3), ["real numbers"]),
        (lambda: conv2d(np.zeros((0, 4)), K3), ["must not be empty"]),
        (lambda: output_length(8, 9), ["does not fit", "spans 9", "only 8"]),
        (lambda: resolve_padding(0, 3), ["Input size must be at least 1"]),
        (lambda: summarize_stack((8, 8, 1), [Conv2DLayer(1, 5), Conv2DLayer(1, 5)]), ["Layer 2 (conv2d_1)", "4×4 input"]),
        (lambda: Conv2DLayer(filters=0), ["Filters must be at least 1"]),
    ],
)
def test_clear_value_errors(call, words):
    with pytest.raises(ValueError) as info:
        call()
    message = str(info.value)
    for word in words:
        assert word in message, message
    # One or two sentences, never a dump.
    assert "\n" not in message and len(message) < 240
