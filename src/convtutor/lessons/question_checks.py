"""Checks of meaning that every quiz question gets, whatever its kind: parameters, constraints,
feedback, and every variant posed by the core. A kind adds its own through ``KIND.check``."""

from __future__ import annotations

from convtutor.lessons import questions
from convtutor.lessons.explain import did_you_mean
from convtutor.lessons.fields import QuestionBase
from convtutor.lessons.params import Expression, ExpressionError, all_variants, parse_expression
from convtutor.lessons.questions.posed import PLACEHOLDER, Posed, answer_text
from convtutor.lessons.reporter import DataPath, Reporter, sentence

MAX_VARIANT_REPORTS = 1  # one failing variant says enough; more would drown the others
# Variants tried per parameterized question when the app loads lessons (convtutor validate tries
# them all); a variant that still fails is skipped by the quiz when it is drawn.
APP_SAMPLE = 4
# Fields of every question that hold text or structure, never a parameter reference.
_NOT_SETTINGS = {"id", "prompt", "hints", "explanation", "feedback", "params", "constraints", "variants", "answer", "choices"}


def check_question(report: Reporter, q: QuestionBase, path: DataPath, thorough: bool) -> None:
    """Problems of meaning in one schema-valid question."""
    kind = questions.kind_of(q)
    before = len(report.problems)
    constraints = _check_parameters(report, q, path)
    if len(report.problems) > before:
        return  # the rest needs sound parameters
    _check_placeholders(report, q, path)
    for i, item in enumerate(q.feedback):
        if item.mistake is None and item.answer is None:
            report.add((*path, "feedback", i), "feedback needs mistake: (a named slip) or answer: (a wrong answer)")
        elif item.mistake is not None and item.answer is not None:
            report.add((*path, "feedback", i), "feedback gives both mistake: and answer:; one entry matches one of them",
                       "split it into two entries, one with mistake: and one with answer:")
        elif item.mistake is not None and item.mistake not in kind.mistake_names:
            allowed = ", ".join(kind.mistake_names) or "none (use answer: ... instead)"
            suggestion = did_you_mean(item.mistake, list(kind.mistake_names))
            report.add((*path, "feedback", i, "mistake"),
                       f"mistake '{item.mistake}' does not apply to a {kind.tag} question" + (f"; {suggestion}" if suggestion else ""),
                       f"applicable: {allowed}")
    if kind.check is not None:
        kind.check(report, q, path)
    if len(report.problems) > before:
        return
    _check_variants(report, q, path, constraints, thorough)


def _check_parameters(report: Reporter, q: QuestionBase, path: DataPath) -> list[Expression]:
    declared = set(q.params)
    for name, spec in q.params.items():
        spec_path = (*path, "params", name)
        if (spec.range is None) == (spec.choices is None):
            report.add(spec_path, f"parameter '{name}' needs either range: [low, high] or choices: [...]")
        elif spec.range is not None and (len(spec.range) != 2 or spec.range[0] > spec.range[1]):
            report.add((*spec_path, "range"), "range is [low, high] with low <= high")
        elif spec.choices is not None and not spec.choices:
            report.add((*spec_path, "choices"), "choices needs at least one value")
    for field_name in q.__struct_fields__:
        if field_name in _NOT_SETTINGS:
            continue
        for name in questions.refs(getattr(q, field_name)):
            if name not in declared:
                report.add((*path, field_name), f"${name} is not a declared parameter", f"add it under params: {name}: {{range: [1, 9]}}")
    constraints = []
    for i, text in enumerate(q.constraints):
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
    if q.constraints and not q.params:
        report.add((*path, "constraints"), "constraints need params to constrain")
    if q.variants is not None and not q.params:
        report.add((*path, "variants"), "variants need params to vary", "add params, or remove variants")
    return constraints


def _check_placeholders(report: Reporter, q: QuestionBase, path: DataPath) -> None:
    """``{name}`` in a text must name a parameter: otherwise learners would read it as written."""
    texts: list[tuple[DataPath, str]] = [((*path, "prompt"), q.prompt or ""), ((*path, "explanation"), q.explanation or "")]
    texts += [((*path, "hints", i), hint) for i, hint in enumerate(q.hints)]
    texts += [((*path, "feedback", i, "message"), item.message) for i, item in enumerate(q.feedback)]
    for i, choice in enumerate(getattr(q, "choices", None) or []):
        if isinstance(choice, str):
            texts.append(((*path, "choices", i), choice))
        else:
            texts += [((*path, "choices", i, "text"), choice.text), ((*path, "choices", i, "why"), choice.why or "")]
    for where, text in texts:
        for name in sorted(set(PLACEHOLDER.findall(text)) - set(q.params)):
            declared = ", ".join(sorted(q.params))
            report.add(where, f"{{{name}}} names no parameter, so learners would read '{{{name}}}' as written",
                       f"declare it under params (declared: {declared})" if declared else "declare it under params, or write the text without braces")


def _check_variants(report: Reporter, q: QuestionBase, path: DataPath, constraints: list[Expression], thorough: bool) -> None:
    kind = questions.kind_of(q)
    stated = getattr(q, "answer", None)
    if q.params:
        seed = q.variants.seed if q.variants else 0
        variants = all_variants(
            q.params, constraints, seed, sample=60 if thorough else APP_SAMPLE, enumerate_limit=5_000 if thorough else 0,
        )
        if not variants:
            report.add((*path, "constraints") if q.constraints else (*path, "params"),
                       "no parameter values satisfy the constraints", "widen a range or relax a constraint")
            return
        if stated is not None and kind.computed_answer:
            report.add((*path, "answer"), "a question with params has a different answer for each variant; remove answer (the core computes it)")
    else:
        variants = [{}]
    failures = 0
    coincide: dict[int, list[tuple[dict[str, int], str]]] = {}
    fires: set[int] = set()  # feedback entries whose slip gives a wrong answer in some variant
    for values in variants:
        try:
            posed = questions.pose_values(q, values)
        except ValueError as error:
            where = ", ".join(f"{k}={v}" for k, v in values.items())
            hint = "add a constraint such as 'k <= n'" if values else "change the settings"
            report.add(path, f"{'for ' + where + ': ' if where else ''}{sentence(error)}", hint)
            failures += 1
            if failures >= MAX_VARIANT_REPORTS:
                return
            continue
        if not values and stated is not None and kind.computed_answer:
            _check_stated_answer(report, stated, posed, path)
        fires.update(i for i, item in enumerate(q.feedback) if item.mistake is not None and posed.mistakes.get(item.mistake) is not None)
        matching, unreadable = _feedback_matching_answer(q, posed)
        for index in matching:
            coincide.setdefault(index, []).append((values, posed.answer_text))
        for index, problem in unreadable.items():
            report.add((*path, "feedback", index, "answer"), f"cannot read {q.feedback[index].answer!r}: {problem}")
        if unreadable:
            return
    for index, item in enumerate(q.feedback):
        mistake = item.mistake
        if mistake is None or index in fires or index in coincide or mistake not in kind.mistake_names or kind.mistake(mistake).diagnosed:
            continue
        report.add((*path, "feedback", index, "mistake"),
                   f"the mistake '{mistake}' ({kind.mistake(mistake).learner}) cannot happen with these settings, so this feedback would never show",
                   "remove it, or change the settings so that the slip gives a wrong answer")
    for index, cases in coincide.items():
        item = q.feedback[index]
        field_name = "mistake" if item.mistake is not None else "answer"
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
        report.add((*path, "feedback", index, field_name), message, hint)


def _check_stated_answer(report: Reporter, stated: object, posed: Posed, path: DataPath) -> None:
    value, problem = posed.read(answer_text(stated))
    if value is None:
        report.add((*path, "answer"), f"cannot read the answer {stated!r}: {problem}")
    elif value != posed.expected:
        report.add(
            (*path, "answer"),
            f"the answer {stated!r} disagrees with the core, which gives {posed.answer_text}",
            posed.explanation[0] if posed.explanation else "",
        )


def _feedback_matching_answer(q: QuestionBase, posed: Posed) -> tuple[list[int], dict[int, str]]:
    """Feedback entries whose 'wrong' answer is the right one for this variant, and entries
    whose answer cannot be read at all (index -> why)."""
    found = []
    unreadable = {}
    for i, item in enumerate(q.feedback):
        if item.mistake is not None:
            wrong = posed.mistakes.get(item.mistake)
            if wrong is not None and wrong == posed.expected:
                found.append(i)
        elif item.answer is not None:
            value, problem = posed.read(answer_text(item.answer))
            if value is None:
                unreadable[i] = problem
            elif posed.mark(answer_text(item.answer)).status == "correct":
                found.append(i)
    return found, unreadable
