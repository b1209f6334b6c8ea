"""Quiz questions posed and marked: answers computed by the core, never copied from the file.

A question in a lesson file is a template. Each kind is one module of this package defining
``KIND`` (see :mod:`convtutor.lessons.kinds`); :func:`pose` fills in a question's parameters
for one variant and returns a :class:`Posed` question that knows its settings, its answer,
the worked formula, its hints, and how to mark what a learner types.
"""

from __future__ import annotations

from typing import Any, Union

from convtutor.lessons import params as params_module
from convtutor.lessons.fields import QuestionBase
from convtutor.lessons.kinds import QuestionKind, discover
from convtutor.lessons.questions.posed import Mark, Posed, refs, resolve, substitute

KINDS: tuple[QuestionKind, ...] = discover(__name__, QuestionKind)
BY_TAG = {kind.tag: kind for kind in KINDS}


def union() -> Any:
    """The type a quiz step's questions are validated against: any registered kind."""
    return Union[tuple(kind.struct for kind in KINDS)]  # noqa: UP007 - built at run time


def kind_of(question: QuestionBase) -> QuestionKind:
    return BY_TAG[question.kind]


def variant_values(question: QuestionBase, index: int) -> dict[str, int] | None:
    """Parameter values of variant ``index`` (``{}`` for a question without parameters)."""
    if not question.params:
        return {}
    constraints = [params_module.parse_expression(c) for c in question.constraints]
    seed = question.variants.seed if question.variants else 0
    return params_module.draw(question.params, constraints, seed, index)


def pose(question: QuestionBase, variant: int = 0, order: int = 0) -> Posed:
    """Variant ``variant`` of a question (ValueError if its settings are impossible); ``order``
    seeds the learner's own order of choices (0: as written)."""
    values = variant_values(question, variant)
    if values is None:
        raise ValueError("no parameter values satisfy the constraints")
    return pose_values(question, values, order)


def pose_values(question: QuestionBase, values: dict[str, int], order: int = 0) -> Posed:
    """The question with these parameter values (ValueError if its settings are impossible)."""
    kind = kind_of(question)
    posed = kind.pose(question, values)
    posed.kind = kind
    if kind.arrange is not None:
        kind.arrange(posed, order)
    if question.explanation:
        posed.explanation.append(substitute(question.explanation, values))
    return posed


__all__ = ["BY_TAG", "KINDS", "Mark", "Posed", "kind_of", "pose", "pose_values", "refs", "resolve", "substitute", "union", "variant_values"]
