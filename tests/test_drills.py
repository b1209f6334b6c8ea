"""Drill generators: every skill at every level poses real questions whose answers match an
independent computation (written here from the formulas, not the core), whose named mistakes
never equal the right answer, the same for the same seed, harder as the level rises, and
chosen to expose the learner's frequent slips."""

from __future__ import annotations

import math
import time

import pytest

import reference_pool
import reference_transposed
from convtutor.learning import drills
from convtutor.lessons import questions

SEEDS = range(120)
LEVELS = range(drills.MAX_LEVEL + 1)


# -- the formulas, written out again ----------------------------------------------------------------------
def axis(value, index):
    return value if isinstance(value, int) else value[index]


def padding_of(padding, index, n, k_eff, s):
    """(before, after) on one axis (0: rows, 1: columns), from the textbook definitions."""
    if padding == "valid":
        return 0, 0
    if padding == "full":
        return k_eff - 1, k_eff - 1
    if padding == "same":  # TensorFlow: ceil(n / s) outputs, the odd pixel after
        outputs = math.ceil(n / s)
        total = max((outputs - 1) * s + k_eff - n, 0)
        return total // 2, total - total // 2
    if isinstance(padding, int):
        return padding, padding
    side = padding[index]
    return (side, side) if isinstance(side, int) else (side[0], side[1])


def one_axis(q, index):
    """(n, k_eff, s, before, after, outputs) of a conv question's axis."""
    n, k, s, d = axis(q.input, index), axis(q.kernel, index), axis(q.stride, index), axis(q.dilation, index)
    k_eff = d * (k - 1) + 1
    before, after = padding_of(q.padding, index, n, k_eff, s)
    assert n + before + after >= k_eff
    return n, k_eff, s, before, after, (n + before + after - k_eff) // s + 1


def unread_by_brute_force(settings, index):
    n = axis(settings["input"], index)
    k, s, d = axis(settings["kernel"], index), axis(settings["stride"], index), axis(settings["dilation"], index)
    k_eff = d * (k - 1) + 1
    before, after = padding_of(settings["padding"], index, n, k_eff, s)
    read = set()
    start = 0
    while start + k_eff <= n + before + after:
        read.update(start + j * d - before for j in range(k))
        start += s
    return sum(1 for row in range(n) if row not in read)


def field_by_hand(layers, index):
    field, jump = 1, 1
    for layer in layers:
        k, s, d = axis(layer.kernel, index), axis(layer.stride, index), axis(layer.dilation, index)
        field += (d * (k - 1)) * jump
        jump *= s
    return field


def transposed_axis(q, index):
    n, k, s, d = axis(q.input, index), axis(q.kernel, index), axis(q.stride, index), axis(q.dilation, index)
    op = None if q.output_padding is None else axis(q.output_padding, index)
    if isinstance(q.padding, str):
        return reference_transposed.keras_length(n, k, s, d, q.padding, op)
    return reference_transposed.torch_length(n, k, s, d, axis(q.padding, index), op or 0)


def pool_axis(q, n, index):
    k = axis(q.pool_size, index)
    s = k if q.strides is None else axis(q.strides, index)
    padding = q.padding if isinstance(q.padding, str) else axis(q.padding, index)
    return reference_pool.axis_rule(n, k, s, 1, padding, q.ceil_mode)


def pooled_by_hand(settings):
    from convtutor.lessons import generators
    from convtutor.lessons.fields import InputSpec

    grid = generators.make_input(InputSpec(**settings["input"]))  # the numbers drawn; the pooling is done here
    # the drill's pool_value questions keep the default strides and no ceil_mode
    q = type("Q", (), {"pool_size": settings["pool_size"], "strides": None, "padding": settings["padding"], "ceil_mode": False})
    rows, cols = pool_axis(q, len(grid), 0), pool_axis(q, len(grid[0]), 1)
    count_padding = not isinstance(settings["padding"], str) and settings.get("count_include_pad", True)
    kind = "max" if settings["pool"] == "max" else "avg"
    k = settings["pool_size"]
    out = reference_pool.reference_pool2d([[[[v] for v in row] for row in grid]], kind, (k, k), (k, k), (1, 1), rows, cols, count_padding)
    row, col = settings["at"]
    return float(out[0, row, col, 0])


def independent_answer(problem):
    """The answer, as a learner would type it, worked out without convtutor's core."""
    q = problem.posed.question
    if q.kind == "output_shape":
        rows, cols = one_axis(q, 0)[5], one_axis(q, 1)[5]
        return f"{rows}x{cols}x{q.filters}" if q.include_channels else f"{rows}x{cols}"
    if q.kind == "padding":
        _, _, _, before, after, _ = one_axis(q, 0 if q.side in ("top", "bottom") else 1)
        return str(before if q.side in ("top", "left") else after)
    if q.kind == "window_positions":
        rows, cols = one_axis(q, 0)[5], one_axis(q, 1)[5]
        return str({"rows": rows, "cols": cols, "total": rows * cols}[q.along])
    if q.kind == "numeric":
        return str(unread_by_brute_force(problem.settings, 0 if problem.settings["unread"] == "rows" else 1))
    if q.kind == "param_count":
        kh, kw = axis(q.kernel, 0), axis(q.kernel, 1)
        return str(kh * kw * q.channels * q.filters + (q.filters if q.use_bias else 0))
    if q.kind == "receptive_field":
        return f"{field_by_hand(q.layers, 0)}x{field_by_hand(q.layers, 1)}"
    if q.kind == "transposed_output_shape":
        return "x".join(str(transposed_axis(q, i)) for i in (0, 1))
    if q.kind == "pool_output_shape":
        return "x".join(str(pool_axis(q, axis(q.input, i), i)[0]) for i in (0, 1))
    if q.kind == "pool_value":
        return f"{pooled_by_hand(problem.settings):.4f}"
    raise AssertionError(f"no independent computation for {q.kind}")


def every_problem():
    for skill in drills.SKILLS:
        for level in LEVELS:
            for seed in SEEDS:
                yield drills.generate(skill.id, level, seed)


PROBLEMS = list(every_problem())


# -- the answers -----------------------------------------------------------------------------------------
def test_every_answer_matches_an_independent_computation():
    wrong = []
    for problem in PROBLEMS:
        typed = independent_answer(problem)
        mark = problem.posed.mark(typed)
        if mark.status != "correct":
            wrong.append(f"{problem.skill} level {problem.level} seed {problem.seed}: typed {typed}, "
                         f"posed {problem.posed.answer_text} ({problem.posed.question})")
    assert wrong == []


def test_generated_problems_are_real_questions_of_the_skills_kinds():
    for problem in PROBLEMS:
        skill = drills.skill(problem.skill)
        assert problem.posed.tag in skill.kinds
        assert problem.posed.kind is questions.BY_TAG[problem.posed.tag]  # posed through questions.pose
        assert isinstance(problem.posed.question, questions.BY_TAG[problem.posed.tag].struct)
        assert problem.level in LEVELS


def test_no_named_mistake_equals_the_right_answer():
    for problem in PROBLEMS:
        posed = problem.posed
        for name, value in posed.mistakes.items():
            assert value is not None and value != posed.expected and not posed.is_right(value), (problem.skill, problem.seed, name)


def test_each_named_mistake_is_one_of_its_kinds_and_marks_with_its_message():
    for problem in PROBLEMS[::7]:
        posed = problem.posed
        kind = questions.kind_of(posed.question)
        for name, value in posed.mistakes.items():
            assert name in kind.mistake_names
            typed = ", ".join(str(v) for v in value) if isinstance(value, tuple) else str(value)
            mark = posed.mark(typed)
            assert mark.status == "wrong" and name in mark.mistakes
            if mark.mistakes == (name,):
                assert mark.message == kind.mistake(name).message


def test_most_problems_can_expose_a_slip():
    """Every skill's problems usually have at least one named mistake that shows (the unread-rows
    question, a numeric one, has none: see the report)."""
    for skill in drills.SKILLS:
        with_slips = [p for p in PROBLEMS if p.skill == skill.id and p.posed.tag != "numeric"]
        assert sum(1 for p in with_slips if p.exposes) >= 0.9 * len(with_slips), skill.id


# -- seeds and levels -----------------------------------------------------------------------------------
def test_the_same_seed_gives_the_same_problem():
    for skill in drills.SKILLS:
        for level in LEVELS:
            first, again = drills.generate(skill.id, level, 42), drills.generate(skill.id, level, 42)
            assert first.posed.question == again.posed.question and first.settings == again.settings
            assert first.posed.mistakes == again.posed.mistakes


def test_different_seeds_give_different_problems():
    for skill in drills.SKILLS:
        for level in LEVELS:
            seen = {repr(drills.generate(skill.id, level, seed).posed.question) for seed in range(30)}
            assert len(seen) >= (4 if level == 0 else 12), (skill.id, level)  # level 0 keeps to small numbers


def test_a_level_out_of_range_is_clamped():
    assert drills.generate("output_size", 99, 1).level == drills.MAX_LEVEL
    assert drills.generate("output_size", -3, 1).level == 0


def problems_of(skill_id, level):
    return [p for p in PROBLEMS if p.skill == skill_id and p.level == level]


def test_output_size_grows_harder():
    easy = problems_of("output_size", 0)
    assert all(p.posed.question.stride == 1 and p.posed.question.padding == "valid" for p in easy)
    hard = problems_of("output_size", 3)
    assert all(isinstance(p.posed.question.input, list) for p in hard)  # rows and columns differ in general
    assert any(isinstance(p.posed.question.stride, list) for p in hard)  # uneven strides
    assert any(isinstance(p.posed.question.padding, list) for p in hard)  # asymmetric padding
    assert any(p.posed.question.include_channels for p in hard)
    assert max(axis(p.posed.question.input, 0) for p in hard) > max(p.posed.question.input for p in easy)
    paddings = {str(p.posed.question.padding) for p in problems_of("output_size", 2)}
    assert {"valid", "same", "full"} <= paddings


def test_same_padding_meets_the_odd_pixel():
    uneven = [p for level in (1, 2, 3) for p in problems_of("same_padding", level) if "wrong_side" in p.posed.mistakes]
    assert len(uneven) > 30  # the bottom/right gets one more than the top/left
    assert all(p.posed.question.stride == 1 for p in problems_of("same_padding", 0))
    assert any(p.posed.question.stride != 1 for p in problems_of("same_padding", 2))


def test_windows_ask_about_strides_and_rows_never_read():
    assert all(p.posed.question.stride >= 2 for p in problems_of("windows", 0))
    unread = [p for level in LEVELS for p in problems_of("windows", level) if p.posed.tag == "numeric"]
    assert len(unread) > 30 and any(p.posed.expected > 0 for p in unread) and any(p.posed.expected == 0 for p in unread)
    assert any(p.posed.question.along == "total" for p in problems_of("windows", 2))


def test_dilation_starts_with_the_effective_kernel():
    for p in problems_of("dilation", 0):
        (layer,) = p.posed.question.layers
        assert "ignored_dilation" in p.posed.mistakes and p.posed.expected == (layer.dilation * (layer.kernel - 1) + 1,) * 2
    assert {p.posed.tag for p in problems_of("dilation", 3)} >= {"output_shape", "padding"}


def test_param_counts_and_stacks_grow():
    def biggest(skill_id, level):
        return max(max(p.posed.expected) if isinstance(p.posed.expected, tuple) else p.posed.expected
                   for p in problems_of(skill_id, level))

    assert biggest("param_count", 0) < biggest("param_count", 1) < biggest("param_count", 2) < biggest("param_count", 3)
    assert any(not p.posed.question.use_bias for p in problems_of("param_count", 3))
    layers = [max(len(p.posed.question.layers) for p in problems_of("receptive_field", level)) for level in LEVELS]
    assert layers == sorted(layers) and layers[0] <= 3 and layers[-1] >= 4
    assert all("ignored_stride" in p.posed.mistakes for p in problems_of("receptive_field", 1))


def test_transposed_sizes_grow_harder():
    easy = problems_of("transposed_size", 0)
    assert all(p.posed.question.output_padding is None and p.posed.question.padding in ("valid", 0) for p in easy)
    assert all(p.posed.question.kernel >= p.posed.question.stride for p in easy)  # Keras and PyTorch agree here
    hard = problems_of("transposed_size", 3)
    assert all(isinstance(p.posed.question.input, list) and isinstance(p.posed.question.stride, list) for p in hard)
    assert any(isinstance(p.posed.question.padding, int) for p in hard) and any(p.posed.question.padding == "same" for p in hard)
    assert any(p.posed.question.output_padding is not None for p in hard) and any(p.posed.question.dilation == 2 for p in hard)
    assert any("other_framework" in p.exposes for p in problems_of("transposed_size", 2))
    # k̂ only where the drawn kernel is dilated, and then said what it is.
    for p in problems_of("transposed_size", 0) + hard:
        hints = " ".join(p.posed.hints)
        assert ("k̂" in hints) == (p.posed.question.dilation != 1), hints
        assert "k̂" not in hints or "k̂ = d·(k − 1) + 1" in hints


def test_pooling_grows_from_sizes_to_values():
    easy = problems_of("pool_size", 0)
    assert all(p.posed.tag == "pool_output_shape" and p.posed.question.padding == "valid" for p in easy)
    assert all("stride_one" in p.exposes for p in easy)  # the strides default to the pool size
    hard = [p for level in (2, 3) for p in problems_of("pool_size", level)]
    values = [p for p in hard if p.posed.tag == "pool_value"]
    assert len(values) > 30 and {p.posed.question.pool for p in values} == {"max", "average"}
    assert any("counted_padding" in p.exposes or "ignored_padding" in p.exposes for p in values)
    assert any(p.posed.question.ceil_mode for p in hard if p.posed.tag == "pool_output_shape")


def test_level_comes_from_the_meter_and_the_run():
    assert drills.level_for(0.0) == 0
    assert [drills.level_for(t) for t in drills.LEVEL_THRESHOLDS] == [1, 2, 3]
    assert drills.level_for(drills.LEVEL_THRESHOLDS[0] - 0.01) == 0
    assert drills.level_for(0.0, run=drills.RUN_FOR_LEVEL) == 1
    assert drills.level_for(0.0, run=drills.RUN_FOR_LEVEL - 1) == 0
    assert drills.level_for(1.0, run=100) == drills.MAX_LEVEL


# -- mistake-aware choice -------------------------------------------------------------------------------
@pytest.mark.parametrize(("skill_id", "level", "slip"), [
    ("output_size", 1, "ignored_stride"),
    ("output_size", 2, "no_floor"),
    ("receptive_field", 2, "ignored_dilation"),
    ("param_count", 1, "forgot_in_channels"),
    ("transposed_size", 1, "forgot_crop"),
    ("transposed_size", 2, "forgot_output_padding"),
    ("pool_size", 2, "ceil_vs_floor"),
])
def test_a_frequent_slip_is_exposed(skill_id, level, slip):
    seeds = range(60)
    plain = sum(slip in drills.generate(skill_id, level, s).exposes for s in seeds)
    aware = [drills.generate(skill_id, level, s, {slip: 4}) for s in seeds]
    assert sum(slip in p.exposes for p in aware) >= max(plain + 1, 0.9 * len(seeds))
    for p in aware:  # and the right answer still differs from it
        if slip in p.exposes:
            assert not p.posed.is_right(p.posed.mistakes[slip])


def test_an_exposed_slip_prefers_its_own_wrong_answer():
    seeds = range(60)
    unique = 0
    for s in seeds:
        p = drills.generate("output_size", 1, s, {"padded_one_side": 3})
        values = list(p.posed.mistakes.values())
        if "padded_one_side" in p.exposes and values.count(p.posed.mistakes["padded_one_side"]) == 1:
            unique += 1
    assert unique >= 0.8 * len(seeds)


def test_slips_never_counted_are_ignored():
    assert drills.generate("output_size", 2, 5, {"forgot_plus_one": 0}).posed.question == drills.generate("output_size", 2, 5).posed.question


def test_exposure_scores_counts():
    p = drills.generate("output_size", 1, 3)
    assert drills.exposure(p.posed, {}) == 0
    name = next(iter(p.posed.mistakes))
    assert drills.exposure(p.posed, {name: 2}) in (2, 4)


# -- the skills themselves -------------------------------------------------------------------------------
def test_skills_are_stable_and_use_registered_kinds():
    assert drills.SKILL_IDS == ("output_size", "same_padding", "windows", "dilation", "param_count", "receptive_field",
                                "transposed_size", "pool_size")
    for skill in drills.SKILLS:
        assert all(tag in questions.BY_TAG for tag in skill.kinds)
        assert skill.title and skill.summary


def test_an_unknown_skill_names_the_skills():
    with pytest.raises(LookupError, match="output_size"):
        drills.skill("nope")


def test_mistake_words_come_from_the_kinds():
    assert drills.mistake_words("output_size", "forgot_plus_one") == "counted moves, not positions"
    assert drills.mistake_words("receptive_field", "ignored_stride").startswith("grew by")
    assert drills.mistake_words("param_count", "made_up") == "made up"


def test_a_problem_is_quick_to_make():
    start = time.perf_counter()
    for seed in range(100):
        drills.generate(drills.SKILL_IDS[seed % len(drills.SKILL_IDS)], seed % 4, seed, {"forgot_plus_one": 3, "ignored_stride": 1})
    assert (time.perf_counter() - start) / 100 < 0.02  # the issue: a new drill question within 20 ms
