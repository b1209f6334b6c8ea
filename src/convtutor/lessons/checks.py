"""Checks of meaning, after the schema: each step's kind checks its own (``KIND.check``); here,
what concerns a whole lesson or a set of lessons: unique ids and prerequisites."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from convtutor.lessons.explain import did_you_mean
from convtutor.lessons.problems import Problem, at
from convtutor.lessons.reporter import Reporter, unique_ids
from convtutor.lessons.schema import Lesson
from convtutor.lessons.steps import check_step
from convtutor.lessons.yaml_source import SourceMap


def check_lesson(lesson: Lesson, file: str, source: SourceMap, *, thorough: bool = False) -> list[Problem]:
    """Problems of meaning in a schema-valid lesson.

    ``thorough`` tries every variant of a parameterized question (up to a few thousand); otherwise
    a sample of the variants the app would draw is checked, which keeps start-up quick.
    """
    report = Reporter(file, source)
    unique_ids(report, [(("steps", i, "id"), step.id) for i, step in enumerate(lesson.steps)], "step")
    if lesson.id in lesson.prerequisites:
        report.add(("prerequisites", lesson.prerequisites.index(lesson.id)), "a lesson cannot be its own prerequisite")
    for i, step in enumerate(lesson.steps):
        check_step(report, step, ("steps", i), thorough)
    return report.problems


class HasPrerequisites(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def prerequisites(self) -> Sequence[str]: ...


def check_prerequisites(lessons: Sequence[tuple[HasPrerequisites, str, SourceMap]]) -> list[Problem]:
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
                return [*trail, node, nxt]
            if state.get(nxt) is None:
                found = visit(nxt, [*trail, node])
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
