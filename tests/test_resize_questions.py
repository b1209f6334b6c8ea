"""The transposed and pooling question kinds: answers equal the core's (and the formulas written
out again here) over a grid of settings, each named slip fires for the slip it names and never
for the right answer, and a lesson using them validates or reports file:line:col with a fix."""

from __future__ import annotations

import math

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convtutor.core.arithmetic import pool_output_length, transposed_output_length
from convtutor.core.pool_sweep import PoolSweep
from convtutor.core.pooling import avg_pool2d, max_pool2d
from convtutor.lessons import questions
from convtutor.lessons.loader import validate_paths


def pose(tag: str, **fields):
    return questions.pose(msgspec.convert({"id": "q", "kind": tag, **fields}, questions.BY_TAG[tag].struct))


def typed(value) -> str:
    return "x".join(str(v) for v in value) if isinstance(value, tuple) else str(value)


def assert_slips_are_sound(posed):
    assert posed.mark(posed.answer_text).status == "correct"
    for name, value in posed.mistakes.items():
        assert not posed.is_right(value)
        mark = posed.mark(typed(value))
        assert mark.status == "wrong" and name in mark.mistakes, (name, value, mark)
        assert posed.answer_text not in mark.message  # the message names the slip, never the answer


@settings(max_examples=150, deadline=None)
@given(n=st.integers(1, 12), k=st.integers(1, 5), s=st.integers(1, 4), d=st.integers(1, 2),
       padding=st.one_of(st.sampled_from(["valid", "same"]), st.integers(0, 3)), op=st.one_of(st.none(), st.integers(0, 3)))
def test_transposed_answers_are_the_cores(n, k, s, d, padding, op):
    fields = {"input": n, "kernel": k, "stride": s, "dilation": d, "padding": padding}
    if op is not None:
        fields["output_padding"] = op
    try:
        size = transposed_output_length(n, k, stride=s, padding=padding, output_padding=op, dilation=d)
    except ValueError:
        with pytest.raises(ValueError):
            pose("transposed_output_shape", **fields)
        return
    posed = pose("transposed_output_shape", **fields)
    assert posed.expected == (size, size)
    if isinstance(padding, int):  # PyTorch's formula, written out again
        assert size == (n - 1) * s - 2 * padding + d * (k - 1) + (op or 0) + 1
        assert "PyTorch" in posed.settings[-1]
    else:
        assert "Keras 3" in posed.settings[-1]
    assert_slips_are_sound(posed)


def test_transposed_slips_are_the_ones_they_name():
    posed = pose("transposed_output_shape", input=4, kernel=3, stride=2, padding=1, output_padding=1)
    assert posed.expected == (8, 8)  # (4 − 1)·2 − 2 + 3 + 1
    assert posed.mistakes["forgot_crop"] == (10, 10)
    assert posed.mistakes["forgot_output_padding"] == (7, 7)
    assert posed.mistakes["used_conv_formula"] == (2, 2)  # ⌊(4 + 2 − 3) / 2⌋ + 1
    assert "input_times_stride" not in posed.mistakes  # 4·2 = 8 is right here
    keras = pose("transposed_output_shape", input=5, kernel=1, stride=3)  # the example
    torch = pose("transposed_output_shape", input=5, kernel=1, stride=3, padding=0)
    assert keras.expected == (15, 15) and torch.expected == (13, 13)
    assert keras.mistakes["other_framework"] == (13, 13) and torch.mistakes["other_framework"] == (15, 15)
    assert torch.mistakes["input_times_stride"] == (15, 15)
    assert torch.mark("15x15").mistakes == ("input_times_stride", "other_framework")
    uneven = pose("transposed_output_shape", input=[3, 5], kernel=2, stride=2)
    assert uneven.mark("6x9").mistakes == ("one_axis_right",)
    assert uneven.mark("10x6").mistakes == ("swapped_axes",)


@settings(max_examples=150, deadline=None)
@given(n=st.integers(1, 14), k=st.integers(1, 4), s=st.one_of(st.none(), st.integers(1, 3)),
       padding=st.one_of(st.sampled_from(["valid", "same"]), st.integers(0, 2)), ceil=st.booleans())
def test_pool_shape_answers_are_the_cores(n, k, s, padding, ceil):
    ceil = ceil and isinstance(padding, int)
    fields = {"input": n, "pool_size": k, "padding": padding, "ceil_mode": ceil, **({"strides": s} if s else {})}
    try:
        size = pool_output_length(n, k, stride=s, padding=padding, ceil_mode=ceil)
    except ValueError:
        with pytest.raises(ValueError):
            pose("pool_output_shape", **fields)
        return
    posed = pose("pool_output_shape", **fields)
    assert posed.expected == (size, size)
    stride = s or k
    if padding == "valid":  # Keras, written out again
        assert size == (n - k) // stride + 1
    elif padding == "same":
        assert size == math.ceil(n / stride)
    assert_slips_are_sound(posed)


def test_pool_shape_slips():
    posed = pose("pool_output_shape", input=7, pool_size=2)
    assert posed.expected == (3, 3)
    assert posed.mistakes == {"stride_one": (6, 6), "ceil_vs_floor": (4, 4), "forgot_plus_one": (2, 2)}
    assert "strides default to its pool size" in posed.mark("6x6").message
    assert "stride_one" not in pose("pool_output_shape", input=7, pool_size=2, strides=2).mistakes  # given, not forgotten
    torch = pose("pool_output_shape", input=8, pool_size=3, strides=2, padding=1, ceil_mode=True)
    assert torch.expected == (5, 5) and torch.mistakes["ceil_vs_floor"] == (4, 4)
    assert "ceil_mode=True" in torch.settings[-1]


GRID = [[1, -2, 3, 0, 5], [4, 5, -6, 7, 1], [7, 8, 9, 2, -3], [0, 1, 2, 3, 4], [6, -1, 2, 8, 5]]


@settings(max_examples=150, deadline=None)
@given(pool=st.sampled_from(["max", "average"]), k=st.integers(1, 3), s=st.one_of(st.none(), st.integers(1, 3)),
       padding=st.one_of(st.sampled_from(["valid", "same"]), st.integers(0, 1)), include=st.one_of(st.none(), st.booleans()),
       at=st.tuples(st.integers(0, 4), st.integers(0, 4)))
def test_pool_values_are_the_cores(pool, k, s, padding, include, at):
    include = include if pool == "average" and isinstance(padding, int) else None
    fields = {"input": GRID, "pool": pool, "pool_size": k, "padding": padding, "at": list(at),
              **({"strides": s} if s else {}), **({"count_include_pad": include} if include is not None else {})}
    try:
        if pool == "max":
            out = max_pool2d(GRID, k, strides=s, padding=padding)
        else:
            out = avg_pool2d(GRID, k, strides=s, padding=padding, count_include_pad=include is not False)
    except ValueError:
        return
    if at[0] >= out.shape[0] or at[1] >= out.shape[1]:
        with pytest.raises(ValueError, match="no cell"):
            pose("pool_value", **fields)
        return
    posed = pose("pool_value", **fields)
    assert posed.expected == pytest.approx(float(out[at]))
    assert_slips_are_sound(posed)
    assert posed.mark(f"{posed.expected:.2f}").status == "correct"  # two decimals are enough


def test_pool_value_slips():
    grid = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    keras = pose("pool_value", input=grid, pool="average", pool_size=2, padding="same", at=[0, 1])
    assert keras.expected == pytest.approx((3 + 6) / 2)  # the window hangs over the right: 2 real pixels
    assert keras.mistakes["counted_padding"] == pytest.approx(9 / 4)
    torch = pose("pool_value", input=grid, pool="average", pool_size=2, padding=1, at=[0, 0])
    assert torch.expected == pytest.approx(1 / 4) and torch.mistakes["ignored_padding"] == pytest.approx(1.0)
    assert "ignored_padding" in torch.mark("1").mistakes
    biggest = pose("pool_value", input=grid, pool="max", pool_size=2, strides=1, at=[1, 1])
    assert biggest.expected == 9 and biggest.mistakes == {"average_for_max": 7.0}
    slid = pose("pool_value", input={"generator": "numbered", "size": 4}, pool_size=2, at=[1, 0])
    assert slid.expected == 14 and slid.mistakes["wrong_window"] == 10  # the stride-1 window at [1, 0]
    assert slid.mark("11.5").mistakes == ("average_for_max",)
    assert slid.settings[:2] == ["input:", "   1  2  3  4"]



def whole_sweeps_pose(grid, pool, k, s, padding, ceil, include, at):
    """A pool_value's answer and slips as they were worked out before a pose built one window:
    one whole sweep per slip (the other pooling, the stride-1 windows)."""
    def sweep(pool_, strides):
        return PoolSweep(grid, pool_, k, strides=strides, padding=padding, ceil_mode=ceil, count_include_pad=include is not False)
    main = sweep(pool, s)
    r, c = at
    window = main.window_at(r, c)
    found = {}
    other = "average" if pool == "max" else "max"
    found[f"{other}_for_{pool}"] = sweep(other, s).output[r][c]
    real = [v for v in window.values if v is not None]
    if pool == "average" and window.padding_cells:
        found["ignored_padding" if main.count_padding else "counted_padding"] = (
            sum(real) / (len(real) if main.count_padding else len(real) + window.padding_cells))
    if (main.rows.stride, main.cols.stride) != (1, 1):
        try:
            slid = sweep(pool, (1, 1))
        except ValueError:  # ceil_mode: the stride-1 windows may not fit; then there is no such slip
            slid = None
        if slid is not None:
            found["wrong_window"] = slid.output[r][c] if r < slid.shape[0] and c < slid.shape[1] else None
    expected = main.output[r][c]
    return expected, {name: v for name, v in found.items() if v is not None and v != expected and abs(v - expected) > 0.005}


@pytest.mark.parametrize("pool", ["max", "average"])
@pytest.mark.parametrize("padding", ["valid", "same", 0, 1, [1, 0]])
def test_one_window_gives_what_whole_sweeps_give(pool, padding):
    """Exactly (==, not approximately): a pose works out only the window asked about."""
    posed_count = 0
    grids = [GRID, [[0.5, -1.25, 2], [3, 0, -4.75], [1, 1, 9]], [[2, 7, 1, 8, 2, 8], [1, 8, 2, 8, 4, 5]]]
    for grid in grids:
        for k in (1, 2, 3, [2, 3]):
            for s in (None, 1, 2, [1, 3], 3):
                pixels = not isinstance(padding, str)
                for ceil in ((False, True) if pixels else (False,)):
                    for include in ((None, True, False) if pixels and pool == "average" else (None,)):
                        try:
                            shape = PoolSweep(grid, pool, k if isinstance(k, int) else tuple(k),
                                              strides=s if s is None or isinstance(s, int) else tuple(s),
                                              padding=padding if not isinstance(padding, list) else tuple(padding), ceil_mode=ceil).shape
                        except ValueError:
                            continue
                        for at in [(r, c) for r in range(shape[0]) for c in range(shape[1])]:
                            fields = {"input": grid, "pool": pool, "pool_size": k, "padding": padding, "at": list(at),
                                      **({"strides": s} if s else {}), **({"ceil_mode": True} if ceil else {}),
                                      **({"count_include_pad": include} if include is not None else {})}
                            expected, mistakes = whole_sweeps_pose(
                                grid, pool, k if isinstance(k, int) else tuple(k), s if s is None or isinstance(s, int) else tuple(s),
                                padding if not isinstance(padding, list) else tuple(padding), ceil, include, at)
                            posed = pose("pool_value", **fields)
                            assert (posed.expected, posed.mistakes) == (expected, mistakes), fields
                            posed_count += 1
    assert posed_count > 100  # the grid of settings really was posed


LESSON = """\
format_version: 1
id: resize
title: Going up and down
summary: every new kind
steps:
  - id: quiz
    kind: quiz
    questions:
      - id: up
        kind: transposed_output_shape
        input: $n
        kernel: 3
        stride: 2
        padding: same
        params: {n: {range: [2, 9]}}
      - id: down
        kind: pool_output_shape
        input: 9
        pool_size: 2
        answer: 4x4
      - id: value
        kind: pool_value
        input: {generator: numbered, size: 4}
        pool: average
        pool_size: 3
        strides: 1
        padding: 1
        count_include_pad: false
        at: [0, 0]
        feedback:
          - mistake: counted_padding
            message: Not with count_include_pad false.
"""


def test_a_lesson_with_the_new_kinds_validates(tmp_path):
    (tmp_path / "resize.yaml").write_text(LESSON, encoding="utf-8")
    problems, count = validate_paths([tmp_path / "resize.yaml"])
    assert count == 1 and [p.format() for p in problems] == []


@pytest.mark.parametrize(("old", "new", "field", "words"), [
    ("padding: same\n", "padding: full\n", "steps[0].questions[0].padding", ["full"]),
    ("answer: 4x4", "answer: 5x5", "steps[0].questions[1].answer", ["disagrees with the core", "4×4"]),
    ("        pool_size: 2\n", "        pool_size: 2\n        ceil_mode: true\n", "steps[0].questions[1].ceil_mode", ["PyTorch's", "padding: 0"]),
    ("at: [0, 0]", "at: [4, 0]", "steps[0].questions[2]", ["no cell [4, 0]"]),
    ("count_include_pad: false", "count_include_pad: true", "steps[0].questions[2].feedback[0].mistake", ["cannot happen"]),
    ("{generator: numbered, size: 4}", "{generator: numbered, size: 12}", "steps[0].questions[2].input", ["at most 10×10", "smaller input"]),
])
def test_a_broken_question_is_reported_with_a_fix(tmp_path, old, new, field, words):
    assert old in LESSON
    (tmp_path / "broken.yaml").write_text(LESSON.replace(old, new, 1), encoding="utf-8")
    problems, _ = validate_paths([tmp_path / "broken.yaml"])
    assert [p.field for p in problems] == [field], [p.format() for p in problems]
    text = problems[0].format()
    assert f"broken.yaml:{problems[0].line}:{problems[0].column}:" in text
    for word in words:
        assert word in text


def test_a_numeric_question_about_pooling_is_pointed_to_the_computed_kinds(tmp_path):
    text = LESSON.split("      - id: up")[0] + (
        "      - id: by-hand\n        kind: numeric\n        prompt: How many rows does the transposed convolution give?\n"
        "        answer: 8\n"
    )
    (tmp_path / "numeric.yaml").write_text(text, encoding="utf-8")
    problems, _ = validate_paths([tmp_path / "numeric.yaml"])
    assert [(p.severity, "kind: transposed_output_shape" in p.format()) for p in problems] == [("warning", True)]
