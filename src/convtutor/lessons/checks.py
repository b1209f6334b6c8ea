"""Checks of meaning, after the schema: kernels fit, answers agree with the core, ids are unique.

Each check returns :class:`Problem` objects that point at the field at fault.
"""

from __future__ import annotations

from convtutor.core.layers import summarize_stack
from convtutor.lessons import generators, questions
from convtutor.lessons.params import ExpressionError, all_variants, parse_expression
from convtutor.lessons.problems import Problem, at, did_you_mean
from convtutor.lessons.step_settings import core_layer, pair, sweep_plan
from convtutor.lessons.schema import (
    ChoiceQuestion,
    Lesson,
    ModelStep,
    NumericQuestion,
    QuizStep,
    SweepStep,
)
from convtutor.lessons.yaml_source import SourceMap

MAX_VARIANT_REPORTS = 1  # one failing variant says enough; more would drown the others
# Variants tried per parameterized question when the app loads lessons (convtutor validate tries
# them all); a variant that still fails is skipped by the quiz when it is drawn.
APP_SAMPLE = 4


class Reporter:
    """Collects problems for one file, turning data paths into positions."""

    def __init__(self, file: str, source: SourceMap) -> None:
        self.file = file
        self.source = source
        self.problems: list[Problem] = []

    def add(self, path: tuple, message: str, hint: str = "", *, key: bool = False) -> None:
        position = self.source.key(path) if key else self.source.value(path)
        self.problems.append(at(self.file, position, message, path, hint))


def check_lesson(lesson: Lesson, file: str, source: SourceMap, *, thorough: bool = False) -> list[Problem]:
    """Problems of meaning in a schema-valid lesson.

    ``thorough`` tries every variant of a parameterized question (up to a few thousand); otherwise
    a sample of the variants the app would draw is checked, which keeps start-up quick.
    """
    report = Reporter(file, source)
    _unique_ids(report, [(("steps", i, "id"), step.id) for i, step in enumerate(lesson.steps)], "step")
    if lesson.id in lesson.prerequisites:
        report.add(("prerequisites", lesson.prerequisites.index(lesson.id)), "a lesson cannot be its own prerequisite")
    for i, step in enumerate(lesson.steps):
        check_step(report, step, ("steps", i), thorough)
    return report.problems


def check_step(report: Reporter, step: object, path: tuple, thorough: bool = False) -> None:
    """Problems of meaning in one schema-valid step."""
    if isinstance(step, SweepStep):
        _check_sweep(report, step, path)
    elif isinstance(step, ModelStep):
        _check_model(report, step, path)
    elif isinstance(step, QuizStep):
        _unique_ids(report, [((*path, "questions", j, "id"), q.id) for j, q in enumerate(step.questions)], "question")
        for j, question in enumerate(step.questions):
            _check_question(report, question, (*path, "questions", j), thorough)


def _unique_ids(report: Reporter, items: list[tuple[tuple, str]], what: str) -> None:
    first: dict[str, tuple] = {}
    for path, value in items:
        if value in first:
            line = report.source.value(first[value]).line
            report.add(path, f"{what} id '{value}' is used twice (first on line {line})", f"each {what} needs its own id; progress is saved under it")
        else:
            first[value] = path


def _spec_problems(report: Reporter, problems: list[tuple[tuple, str, str]], base: tuple) -> bool:
    for rel, message, hint in problems:
        report.add((*base, *rel), message, hint)
    return not problems


def _check_sweep(report: Reporter, step: SweepStep, path: tuple) -> None:
    image = generators.as_input(step.input)
    kernel = generators.as_kernel(step.kernel)
    ok = _spec_problems(report, generators.input_problems(image), (*path, "input"))
    ok &= _spec_problems(report, generators.kernel_problems(kernel), (*path, "kernel"))
    if not ok:
        return
    try:
        plan = sweep_plan(step)
    except ValueError as error:
        report.add((*path, "kernel"), _sentence(error), "make the input larger, the kernel smaller, or add padding")
        return
    rows, cols = plan.rows, plan.cols
    if rows.padded > 80 or cols.padded > 80:
        report.add((*path, "padding"), f"the padded grid is {rows.padded}×{cols.padded}; sweeps show at most 80×80", "")
    if step.task is not None and step.task.count is not None and step.task.count > rows.output * cols.output:
        report.add((*path, "task", "count"), f"there are only {rows.output * cols.output} windows to predict", "")


def _check_model(report: Reporter, step: ModelStep, path: tuple) -> None:
    if len(step.input_shape) not in (2, 3):
        report.add((*path, "input_shape"), f"input_shape is [rows, cols] or [rows, cols, channels]; got {len(step.input_shape)} numbers")
        return
    layers = [core_layer(layer) for layer in step.layers]
    try:
        summarize_stack(step.input_shape, layers)
    except ValueError as error:
        index = _layer_index(str(error))
        report.add((*path, "layers", index), _sentence(error), "make the input larger, a kernel smaller, or add padding")
        return
    if step.weights is not None and len(step.weights) != len(step.layers):
        report.add((*path, "weights"), f"there are {len(step.layers)} layers but {len(step.weights)} weights", "give one kernel (and bias) per layer")
        return
    if step.input is not None and step.weights is None:
        report.add((*path, "input"), "an input needs weights to run through the layers", "add weights: one kernel per layer")
    if step.weights is not None and step.input is None:
        report.add((*path, "weights"), "weights are only used with an input to run through the layers", "add an input, or remove the weights")
    if step.input is not None:
        image = generators.as_input(step.input)
        if _spec_problems(report, generators.input_problems(image), (*path, "input")):
            shape = generators.input_shape(image)
            if list(shape) != list(step.input_shape[:2]) or (len(step.input_shape) == 3 and step.input_shape[2] != 1):
                report.add((*path, "input"), f"the input is {shape[0]}×{shape[1]}×1 but input_shape says {step.input_shape}")
    for i, (layer, weights) in enumerate(zip(step.layers, step.weights or [])):
        kernel = generators.as_kernel(weights.kernel)
        if not _spec_problems(report, generators.kernel_problems(kernel), (*path, "weights", i, "kernel")):
            continue
        if list(generators.kernel_shape(kernel)) != list(pair(layer.kernel_size)):
            kh, kw = generators.kernel_shape(kernel)
            report.add((*path, "weights", i, "kernel"), f"this kernel is {kh}×{kw} but layer {i + 1} has kernel_size {layer.kernel_size}")
        if layer.filters != 1:
            report.add((*path, "layers", i, "filters"), "feature maps are shown for one filter per layer; set filters: 1 or remove the weights")


def _layer_index(message: str) -> int:
    # summarize_stack names the layer: "Layer 2 (conv2d_1) gets ..."
    try:
        return int(message.split()[1]) - 1
    except (IndexError, ValueError):
        return 0


def _sentence(error: Exception) -> str:
    text = str(error)
    return text[0].lower() + text[1:] if text else text


# -- quiz questions ----------------------------------------------------------------------------
def _check_question(report: Reporter, question: object, path: tuple, thorough: bool) -> None:
    q = question
    kind = q.kind  # type: ignore[attr-defined]
    before = len(report.problems)
    declared = set(q.params)  # type: ignore[attr-defined]
    for name, spec in q.params.items():  # type: ignore[attr-defined]
        spec_path = (*path, "params", name)
        if (spec.range is None) == (spec.choices is None):
            report.add(spec_path, f"parameter '{name}' needs either range: [low, high] or choices: [...]")
        elif spec.range is not None and (len(spec.range) != 2 or spec.range[0] > spec.range[1]):
            report.add((*spec_path, "range"), "range is [low, high] with low <= high")
        elif spec.choices is not None and not spec.choices:
            report.add((*spec_path, "choices"), "choices needs at least one value")
    used: list[tuple[tuple, str]] = []
    for field in ("input", "kernel", "stride", "dilation", "padding", "channels", "filters"):
        if hasattr(q, field):
            for name in questions.refs(getattr(q, field)):
                used.append(((*path, field), name))
    for field_path, name in used:
        if name not in declared:
            report.add(field_path, f"${name} is not a declared parameter", f"add it under params: {name}: {{range: [1, 9]}}")
    constraints = []
    for i, text in enumerate(q.constraints):  # type: ignore[attr-defined]
        try:
            expression = parse_expression(text)
        except ExpressionError as error:
            hint = ""
            if text.count("(") != text.count(")"):
                hint = "in a [...] list a comma splits items: quote a constraint that contains one"
            report.add((*path, "constraints", i), str(error), hint)
            continue
        unknown = sorted(expression.names - declared)
        if unknown:
            report.add((*path, "constraints", i), f"the constraint uses {', '.join(unknown)}, which {'is' if len(unknown) == 1 else 'are'} not declared under params")
            continue
        constraints.append(expression)
    if q.constraints and not q.params:  # type: ignore[attr-defined]
        report.add((*path, "constraints"), "constraints need params to constrain")
    if q.variants is not None and not q.params:  # type: ignore[attr-defined]
        report.add((*path, "variants"), "variants need params to vary", "add params, or remove variants")
    if len(report.problems) > before:
        return  # the rest needs sound parameters
    valid_mistakes = questions.MISTAKES_BY_KIND[kind]
    for i, item in enumerate(q.feedback):  # type: ignore[attr-defined]
        if (item.mistake is None) == (item.answer is None):
            report.add((*path, "feedback", i), "feedback needs either mistake: ... or answer: ...")
        elif item.mistake is not None and item.mistake not in valid_mistakes:
            allowed = ", ".join(valid_mistakes) or "none (use answer: ... instead)"
            report.add((*path, "feedback", i, "mistake"), f"mistake '{item.mistake}' does not apply to a {kind} question", f"applicable: {allowed}")
    if isinstance(q, ChoiceQuestion):
        _check_choice(report, q, path)
    if kind == "padding" and not (isinstance(q.padding, str) and q.padding in ("same", "full")):  # type: ignore[attr-defined]
        report.add((*path, "padding"), "a padding question asks about 'same' or 'full' padding", "set padding: same")
    if len(report.problems) > before:
        return
    if q.params:  # type: ignore[attr-defined]
        seed = q.variants.seed if q.variants else 0  # type: ignore[attr-defined]
        variants = all_variants(  # type: ignore[attr-defined]
            q.params, constraints, seed, sample=60 if thorough else APP_SAMPLE, enumerate_limit=5_000 if thorough else 0,
        )
        if not variants:
            report.add((*path, "constraints") if q.constraints else (*path, "params"),  # type: ignore[attr-defined]
                       "no parameter values satisfy the constraints", "widen a range or relax a constraint")
            return
        if getattr(q, "answer", None) is not None and kind not in ("multiple_choice", "numeric"):
            report.add((*path, "answer"), "a question with params has a different answer for each variant; remove answer (the core computes it)")
    else:
        variants = [{}]
    failures = 0
    coincide: dict[int, list[tuple[dict, str]]] = {}
    for values in variants:
        try:
            posed = questions.pose_values(q, values)
        except ValueError as error:
            where = ", ".join(f"{k}={v}" for k, v in values.items())
            hint = "add a constraint such as 'k <= n'" if values else "change the settings"
            report.add(path, f"{'for ' + where + ': ' if where else ''}{_sentence(error)}", hint)
            failures += 1
            if failures >= MAX_VARIANT_REPORTS:
                return
            continue
        if not values:
            _check_fixed_answer(report, q, posed, path)
        matching, unreadable = _feedback_matching_answer(q, posed)
        for index in matching:
            coincide.setdefault(index, []).append((values, posed.answer_text))
        for index, problem in unreadable.items():
            report.add((*path, "feedback", index, "answer"), f"cannot read {q.feedback[index].answer!r}: {problem}")  # type: ignore[attr-defined]
        if unreadable:
            return
    for index, cases in coincide.items():
        item = q.feedback[index]  # type: ignore[attr-defined]
        field = "mistake" if item.mistake is not None else "answer"
        values, answer = cases[0]
        what = f"the mistake '{item.mistake}' gives" if item.mistake is not None else f"the 'wrong' answer {item.answer!r} is"
        if values:
            where = ", ".join(f"{k}={v}" for k, v in values.items())
            many = f" in {len(cases)} of {len(variants)} variants" if len(variants) > 1 else ""
            message = f"{what} the right answer{many} (e.g. {answer} for {where}), so this feedback would be wrong there"
            hint = "add a constraint that rules those variants out"
        else:
            message = f"{what} the right answer ({answer}), so this feedback would never show"
            hint = "remove it, or change the settings"
        report.add((*path, "feedback", index, field), message, hint)


def _check_choice(report: Reporter, q: ChoiceQuestion, path: tuple) -> None:
    if len(set(q.choices)) != len(q.choices):
        report.add((*path, "choices"), "two choices are the same")
    if q.answer not in q.choices:
        suggestion = did_you_mean(q.answer, q.choices)
        report.add((*path, "answer"), "the answer must be the text of one of the choices" + (f"; {suggestion}" if suggestion else ""))


def _check_fixed_answer(report: Reporter, q: object, posed: questions.Posed, path: tuple) -> None:
    answer = getattr(q, "answer", None)
    if answer is None or isinstance(q, (ChoiceQuestion, NumericQuestion)):
        return
    value, problem = posed.read(str(answer) if not isinstance(answer, list) else ", ".join(str(a) for a in answer))
    if value is None:
        report.add((*path, "answer"), f"cannot read the answer {answer!r}: {problem}")
    elif value != posed.expected:
        report.add(
            (*path, "answer"),
            f"the answer {answer!r} disagrees with the core, which gives {posed.answer_text}",
            posed.explanation[0] if posed.explanation else "",
        )


def _feedback_matching_answer(q: object, posed: questions.Posed) -> tuple[list[int], dict[int, str]]:
    """Feedback entries whose 'wrong' answer is the right one for this variant, and entries
    whose answer cannot be read at all (index -> why)."""
    found = []
    unreadable = {}
    for i, item in enumerate(q.feedback):  # type: ignore[attr-defined]
        if item.mistake is not None:
            wrong = posed.mistakes.get(item.mistake)
            if wrong is not None and wrong == posed.expected:
                found.append(i)
        elif item.answer is not None:
            value, problem = posed.read(str(item.answer))
            if value is None:
                unreadable[i] = problem
            elif posed.mark(str(item.answer)).status == "correct":
                found.append(i)
    return found, unreadable


def check_prerequisites(lessons: list[tuple[Lesson, str, SourceMap]]) -> list[Problem]:
    """Across a set of lessons: prerequisites exist and do not go round in a circle."""
    known = {lesson.id for lesson, _, _ in lessons}
    problems = []
    graph = {lesson.id: list(lesson.prerequisites) for lesson, _, _ in lessons}
    for lesson, file, source in lessons:
        for i, prerequisite in enumerate(lesson.prerequisites):
            if prerequisite not in known:
                suggestion = did_you_mean(prerequisite, sorted(known))
                problems.append(at(file, source.value(("prerequisites", i)), f"prerequisite '{prerequisite}' is not a lesson here" + (f"; {suggestion}" if suggestion else ""), ("prerequisites", i)))
    # cycles: depth-first search
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in graph.get(node, []):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                return trail + [node, nxt]
            if state.get(nxt) is None:
                found = visit(nxt, trail + [node])
                if found:
                    return found
        state[node] = 2
        return None

    for lesson, file, source in lessons:
        if state.get(lesson.id) is None:
            cycle = visit(lesson.id, [])
            if cycle:
                problems.append(at(file, source.value(("prerequisites",)), "prerequisites go round in a circle: " + " → ".join(cycle[cycle.index(cycle[-1]):]), ("prerequisites",)))
    return problems
