"""The bundled course: it validates, its answers match an independent formula, and every
figure from the article comes out of its steps through the core."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import reference_pool
import reference_transposed
from convtutor import paths
from convtutor.core import Conv2DLayer, Sweep, run_stack, summarize_stack
from convtutor.lessons import generators, questions
from convtutor.lessons.loader import load_catalog, validate_paths
from convtutor.lessons.questions.conv import PER_SIDE_NOTE
from convtutor.lessons.steps.quiz import QuizStep
from reference_conv import axis_padding

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def course():
    catalog = load_catalog(user=False)
    assert catalog.problems == []
    return {item.lesson.id: item.lesson for item in catalog.lessons()}


def step(course, lesson_id, step_id):
    return next(s for s in course[lesson_id].steps if s.id == step_id)


def sweep_of(s):
    return Sweep(
        generators.make_input(generators.as_input(s.input)), generators.make_kernel(generators.as_kernel(s.kernel)),
        s.bias, stride=pair(s.stride), padding=_padding(s.padding), dilation=pair(s.dilation),
        padding_mode=s.padding_mode,
    )


def pair(v):
    return tuple(v) if isinstance(v, list) else (v, v)


def _padding(p):
    if isinstance(p, list):
        return tuple(tuple(x) if isinstance(x, list) else x for x in p)
    return p


def summary_of(s):
    # Keras' defaults where the file leaves a field out (None)
    layers = [Conv2DLayer(layer.filters or 1, pair(layer.kernel_size or 3), pair(layer.strides or 1), _padding(layer.padding),
                          pair(layer.dilation_rate or 1), layer.use_bias is not False) for layer in s.layers]
    return summarize_stack(s.input_shape, layers), layers


def test_bundled_course_validates_thoroughly():
    problems, count = validate_paths([paths.bundled_lessons_dir()])
    assert count == 12
    assert [p.format() for p in problems] == []


def test_the_course_follows_the_article(course):
    assert list(course) == ["convolutional-layer", "border-effects", "filter-size", "padding", "stride", "review", "beyond",
                            "channels", "pooling", "transposed", "field-with-pooling"]
    for lesson in list(course.values())[:6]:
        kinds = {s.kind for s in lesson.steps}
        assert "quiz" in kinds
        if lesson.id != "review":
            assert "text" in kinds and kinds & {"sweep", "model"}


# -- every figure of article-examples.md, through the lesson steps and the core ---------------------
def test_part1_line_detector(course):
    sweep = sweep_of(step(course, "convolutional-layer", "line-image"))
    assert [list(row) for row in sweep.output] == [[0, 0, 3, 3, 0, 0]] * 6
    summary, _ = summary_of(step(course, "convolutional-layer", "summary"))
    assert [layer.keras_shape for layer in summary.layers] == ["(None, 6, 6, 1)"]
    assert summary.total_params == 10 and summary.layers[0].weights == 9


def test_part2_border_effects(course):
    sweep = sweep_of(step(course, "border-effects", "first-row"))
    assert [sweep.window(i).result for i in range(6)] == [0, 0, 3, 3, 0, 0]
    assert 64 - sweep.count == 28
    model = step(course, "border-effects", "two-layers")
    summary, _ = summary_of(model)
    assert [layer.keras_shape for layer in summary.layers] == ["(None, 6, 6, 1)", "(None, 4, 4, 1)"]
    assert [layer.params for layer in summary.layers] == [10, 10]


def test_part3_filter_sizes(course):
    assert sweep_of(step(course, "filter-size", "five-by-five")).shape == (4, 4)
    expected = {"five-summary": ("(None, 4, 4, 1)", 26), "one-by-one": ("(None, 8, 8, 1)", 2), "eight-by-eight": ("(None, 1, 1, 1)", 65)}
    for step_id, (shape, params) in expected.items():
        summary, _ = summary_of(step(course, "filter-size", step_id))
        assert (summary.layers[0].keras_shape, summary.total_params) == (shape, params)


def test_part4_padding(course):
    framed = sweep_of(step(course, "padding", "one-pixel-frame"))
    assert (len(framed.padded), len(framed.padded[0])) == (10, 10) and framed.shape == (8, 8)
    same = sweep_of(step(course, "padding", "same-sweep"))
    assert [list(row) for row in same.output] == [[0, 0, 0, 2, 2, 0, 0, 0]] + [[0, 0, 0, 3, 3, 0, 0, 0]] * 6 + [[0, 0, 0, 2, 2, 0, 0, 0]]
    summary, _ = summary_of(step(course, "padding", "three-same-layers"))
    assert [layer.keras_shape for layer in summary.layers] == ["(None, 8, 8, 1)"] * 3 and summary.total_params == 30


def test_part5_stride(course):
    strided = sweep_of(step(course, "stride", "stride-two"))
    assert [list(row) for row in strided.output] == [[0, 3, 0]] * 3
    summary, _ = summary_of(step(course, "stride", "stride-summary"))
    assert summary.layers[0].keras_shape == "(None, 3, 3, 1)" and summary.total_params == 10
    same = sweep_of(step(course, "stride", "same-stride-two"))
    assert (same.rows.before, same.rows.after) == (0, 1)
    assert [list(row) for row in same.output] == [[0, 3, 0, 0]] * 3 + [[0, 2, 0, 0]]
    unread = sweep_of(step(course, "stride", "stride-three"))
    assert unread.rows.unread_inputs == (6, 7)


def test_model_steps_with_weights_run(course):
    s = step(course, "convolutional-layer", "summary")
    _, layers = summary_of(s)
    image = generators.make_input(generators.as_input(s.input))
    weights = [(generators.make_kernel(generators.as_kernel(w.kernel)), w.bias) for w in s.weights]
    (out,) = run_stack(image, layers, weights)
    assert out[:, :, 0].tolist() == [[0, 0, 3, 3, 0, 0]] * 6


# -- every question's answer against an independent formula -----------------------------------------
#: The right answer of every bundled multiple-choice and numeric question, worked out by hand from
#: the prompt (not copied from the lesson's `answer:`). A new such question needs an entry here.
#: Multiple choice: the text of the right choice; numeric: the number.
ANSWER_KEY: dict[str, object] = {
    # 01 check: Keras is channels-last, and predict() puts the batch first: one 8×8 image through one
    # 3×3 filter gives shape (1, 6, 6, 1) = [batch, rows, cols, filters]. ([batch, filters, rows, cols]
    # would be PyTorch's channels-first layout.)
    "predict-shape": "[batch, rows, cols, filters]",
    # 04 check: 'full' pads k − 1 = 2 per side, so a 3×3 filter needs two zero rows/columns on every
    # side before a 'valid' Conv2D (8×8 → 12×12 → 10×10 = 8 + 3 − 1). ZeroPadding2D(1) is only the
    # 'same' amount (8×8 stays 8×8), padding='same' likewise, and Keras' Conv2D takes only the strings
    # 'valid'/'same' as padding, so padding=2 is an error there (it is PyTorch's spelling).
    "full-in-keras": "ZeroPadding2D(2) first, then a Conv2D with padding='valid'",
    # 06 mixed: torch.nn.Conv2d raises ValueError("padding='same' is not supported for strided
    # convolutions") for any stride above 1; it never picks a side for the odd pixel.
    "pytorch-same": "It refuses; 'same' is only allowed with stride 1.",
    # 06 mixed: stride 2 visits about a quarter of the positions, so the map shrinks at no extra cost
    # (downsampling). The filter itself sees the same k×k patch whatever the stride, and keeping the
    # size is what stride 1 with 'same' padding does.
    "why-stride": "To shrink the feature map cheaply (downsampling).",
    # 07 check: the padding mode decides what the padding cells hold, not how many there are: the output
    # shape (⌊(i + 2p − k)/s⌋ + 1) and the parameters (kh·kw·c_in·filters + filters) do not depend on it;
    # only outputs whose windows read padding cells change.
    "modes-shape": "Only the values in the padding, and so some outputs near the border.",
    # 08 check: a filter on an RGB window multiplies each channel by its own 3×3 slice and adds the
    # three sums and the bias into one number; one filter makes one output channel (Keras' Conv2D:
    # output[y, x, f] = Σ_c Σ_ij x[.., c]·w[i, j, c, f] + b[f]).
    "channel-sums": "One number, the three channels' sums added up, plus the bias.",
    # 09 check: MaxPooling2D has no parameters (it takes each window's largest value by a fixed
    # rule); a Conv2D with strides=2 has kh·kw·c_in·filters weights + filters biases, learnt in
    # training. Both halve rows and cols; the pooling keeps the 8 channels, the convolution gives
    # one per filter.
    "pool-or-stride": "Weights that are learnt in training.",
    # 10 check: Conv2d(k=3, s=2, p=1) gives ⌊(i − 1)/2⌋ + 1, so i = 7 and i = 8 both give 4;
    # ConvTranspose2d from 4 gives (4 − 1)·2 − 2 + 3 = 7, and output_padding=1 (added at the
    # bottom/right only, below the stride) picks 8 instead.
    "why-output-padding": "To pick one of the sizes that a strided convolution would all shrink to this input's size.",
    # 11 check: a 3×3 layer adds (3 − 1)·j to the receptive field, where j is the product of the
    # strides before it: 1 at the start, 2 between the pools, 4 after the second pool (adds 8).
    "where-to-add": "At the end, after the second pool.",
}


def keyed_answer(q):
    """The answer key's entry for a multiple-choice or numeric question (fails if there is none)."""
    if q.id not in ANSWER_KEY:
        pytest.fail(f"bundled {q.kind} question {q.id!r} has no entry in ANSWER_KEY: work out its answer and add it")
    key = ANSWER_KEY[q.id]
    if q.kind == "multiple_choice":
        assert key in q.choices, f"ANSWER_KEY[{q.id!r}] is not one of the question's choices: {q.choices}"
        return q.choices.index(key)
    return key


def independent_answer(q, values):
    def val(v):
        return values[v[1:]] if isinstance(v, str) and v.startswith("$") else v

    def pair(v):
        v = [val(x) for x in v] if isinstance(v, list) else [val(v)] * 2
        return v

    if q.kind == "param_count":
        kh, kw = pair(q.kernel)
        c, f = val(q.channels), val(q.filters)
        return kh * kw * c * f + (f if q.use_bias else 0)
    if q.kind in ("multiple_choice", "numeric"):
        return keyed_answer(q)
    if q.kind == "model_params":
        return stack_params(q)
    if q.kind == "model_receptive_field":
        return stack_field(q)
    if q.kind == "pool_output_shape":
        n, k = pair(q.input), pair(q.pool_size)
        s = pair(q.strides) if q.strides is not None else k
        pads = q.padding if isinstance(q.padding, list) else [q.padding] * 2
        return tuple(reference_pool.axis_rule(n[a], k[a], s[a], 1, val(pads[a]), q.ceil_mode)[0] for a in range(2))
    if q.kind == "pool_value":
        return pooled_value(q, values)
    if q.kind == "transposed_output_shape":
        n, k, s, d = pair(q.input), pair(q.kernel), pair(q.stride), pair(q.dilation)
        pads = q.padding if isinstance(q.padding, list) else [q.padding] * 2
        extra = None if q.output_padding is None else pair(q.output_padding)
        return tuple(reference_transposed.axis_rule(n[a], k[a], s[a], d[a], val(pads[a]), None if extra is None else extra[a])[0]
                     for a in range(2))
    if q.kind == "receptive_field":
        # per axis: r = 1 + Σ over layers of (k̂ − 1) · (product of the strides of the layers before it)
        fields = []
        for axis in range(2):
            field, jump = 1, 1
            for layer in q.layers:
                k, s, d = pair(layer.kernel)[axis], pair(layer.stride)[axis], pair(layer.dilation)[axis]
                field += d * (k - 1) * jump
                jump *= s
            fields.append(field)
        return tuple(fields)
    n, k, s, d = pair(q.input), pair(q.kernel), pair(q.stride), pair(q.dilation)
    padding = val(q.padding) if not isinstance(q.padding, list) else q.padding
    specs = [padding, padding] if not isinstance(padding, list) else padding
    pads = [axis_padding(val(specs[i]) if not isinstance(specs[i], list) else specs[i], n[i], k[i], s[i], d[i]) for i in range(2)]
    outs = [(n[i] + sum(pads[i]) - (d[i] * (k[i] - 1) + 1)) // s[i] + 1 for i in range(2)]
    if q.kind == "output_shape":
        return tuple(outs) + ((val(q.filters),) if q.include_channels else ())
    if q.kind == "window_positions":
        return {"rows": outs[0], "cols": outs[1], "total": outs[0] * outs[1]}[q.along]
    if q.kind == "padding":
        axis = 0 if q.side in ("top", "bottom") else 1
        return pads[axis][0 if q.side in ("top", "left") else 1]
    raise AssertionError(q.kind)


POOLS = ("MaxPooling2D", "AveragePooling2D")


def stack_params(q):
    """Parameters of a stack of layers: each convolution's (or transposed convolution's) filters
    read the channels the layer before gives, the first the input's; a pooling layer has none and
    keeps the channels."""
    channels = q.input_shape[2] if len(q.input_shape) == 3 else 1
    layers = q.layers if q.layer is None else q.layers[: q.layer]
    total = 0
    for layer in layers:
        count = 0
        if layer.type not in POOLS:
            kh, kw = pair(layer.kernel_size or 3)
            filters = layer.filters or 1
            count = kh * kw * channels * filters + (filters if layer.use_bias is not False else 0)
            channels = filters
        total = count if q.layer is not None else total + count
    return total


def stack_field(q):
    """Receptive field of a stack of convolutions and poolings, per axis: r ← r + (k̂ − 1)·j,
    then j ← j·s, from r = j = 1 (a pool: its pool size and strides, by default the pool size)."""
    layers = q.layers if q.layer is None else q.layers[: q.layer]
    fields = []
    for axis in range(2):
        field, jump = 1, 1
        for layer in layers:
            assert layer.type != "Conv2DTranspose", "a transposed layer's field is not worked out here"
            if layer.type in POOLS:
                k = pair(layer.pool_size or 2)[axis]
                s, d = pair(layer.strides or k)[axis], 1
            else:
                k, s, d = pair(layer.kernel_size or 3)[axis], pair(layer.strides or 1)[axis], pair(layer.dilation_rate or 1)[axis]
            field += d * (k - 1) * jump
            jump *= s
        fields.append(field)
    return tuple(fields)


def pooled_value(q, values):
    """One output cell of max or average pooling, by the plain-loop reference."""
    import numpy as np

    def val(v):
        return values[v[1:]] if isinstance(v, str) and v.startswith("$") else v

    image = np.asarray(generators.make_input(generators.as_input(q.input)), dtype=float)
    k = pair(q.pool_size)
    s = pair(q.strides) if q.strides is not None else k
    pads = q.padding if isinstance(q.padding, list) else [q.padding] * 2
    rows = reference_pool.axis_rule(image.shape[0], k[0], s[0], 1, pads[0], q.ceil_mode)
    cols = reference_pool.axis_rule(image.shape[1], k[1], s[1], 1, pads[1], q.ceil_mode)
    # Keras' 'valid'/'same' never count the padding; PyTorch's pixels do unless count_include_pad is false
    counted = not isinstance(pads[0], str) and q.count_include_pad is not False
    kind = "max" if q.pool == "max" else "avg"
    out = reference_pool.reference_pool2d(image[None, :, :, None], kind, k, s, (1, 1), rows, cols, counted)
    r, c = (int(val(v)) for v in q.at)
    return out[0, r, c, 0]


def all_questions(course):
    for lesson in course.values():
        for s in lesson.steps:
            if isinstance(s, QuizStep):
                for q in s.questions:
                    yield lesson.id, s.id, q


def test_every_bundled_answer_matches_an_independent_formula(course):
    checked = 0
    for _, _, q in all_questions(course):
        for variant in range(12 if q.params else 1):
            posed = questions.pose(q, variant)
            assert posed.expected == independent_answer(q, posed.values), (q.id, posed.values)
            assert posed.mark(posed.answer_text.split("  ")[0].split(") ", 1)[-1]).status == "correct", (q.id, posed.answer_text)
            checked += 1
    assert checked > 100


def test_the_answer_key_covers_exactly_the_bundled_questions(course):
    keyed = [q.id for _, _, q in all_questions(course) if q.kind in ("multiple_choice", "numeric")]
    assert len(keyed) == len(set(keyed)), "two bundled questions share an id: the answer key cannot tell them apart"
    assert sorted(keyed) == sorted(ANSWER_KEY), "ANSWER_KEY must have one entry per bundled multiple-choice or numeric question"


def test_parameterized_questions_vary(course):
    for _, _, q in all_questions(course):
        if q.params:
            seen = {tuple(sorted(questions.pose(q, v).values.items())) for v in range(10)}
            assert len(seen) >= 3, q.id


def test_every_padding_question_states_the_convention(course):
    for _, _, q in all_questions(course):
        if q.kind == "padding":
            assert PER_SIDE_NOTE in questions.pose(q).settings


# -- schema and docs --------------------------------------------------------------------------------
def test_published_schemas_are_current():
    from convtutor.cli.schema_command import schema_text

    assert (ROOT / "docs" / "lesson.schema.json").read_text(encoding="utf-8") == schema_text(), "run: convtutor schema -o docs/lesson.schema.json"
    assert (ROOT / "docs" / "course.schema.json").read_text(encoding="utf-8") == schema_text(course=True), "run: convtutor schema --course -o docs/course.schema.json"


def test_the_schema_accepts_the_bundled_lessons():
    jsonschema = pytest.importorskip("jsonschema")
    from convtutor.cli.schema_command import schema_text

    lesson_schema = json.loads(schema_text())
    folder = paths.bundled_lessons_dir()
    for path in sorted(folder.glob("0*.yaml")):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), lesson_schema)
    jsonschema.validate(yaml.safe_load((folder / "course.yaml").read_text(encoding="utf-8")), json.loads(schema_text(course=True)))


def test_the_schema_rejects_what_the_validator_rejects():
    jsonschema = pytest.importorskip("jsonschema")
    from convtutor.cli.schema_command import schema_text

    schema = json.loads(schema_text())
    bad = {"format_version": 1, "id": "x", "title": "t", "summary": "s", "steps": [{"id": "a", "kind": "sweep", "input": [[1]], "kernel": "ones", "strid": 2}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_docs_example_lesson_validates(tmp_path):
    text = (ROOT / "docs" / "lesson-format.md").read_text(encoding="utf-8")
    block = text.split("## A complete, annotated lesson", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "example.yaml").write_text(block, encoding="utf-8")
    problems, _ = validate_paths([tmp_path / "example.yaml"])
    assert [p.format() for p in problems] == []
