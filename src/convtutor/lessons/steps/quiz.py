"""``quiz``: questions, answered one after another (each kind is a module of ``lessons/questions``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from msgspec import Meta

from convtutor.lessons import questions
from convtutor.lessons.fields import QuestionBase, StepBase, Text, one_of
from convtutor.lessons.kinds import StepKind
from convtutor.lessons.question_checks import check_question
from convtutor.lessons.reporter import DataPath, Reporter, unique_ids

if TYPE_CHECKING:
    AnyQuestion = QuestionBase
else:  # every registered question kind, told apart by its `kind:` tag
    AnyQuestion = questions.union()


class QuizStep(StepBase, tag="quiz", frozen=True, kw_only=True):
    """Questions, answered one after another."""

    questions: Annotated[
        list[AnyQuestion],
        Meta(min_length=1, description="the questions, answered in order; each has an id and a kind: " + one_of([kind.tag for kind in questions.KINDS])),
    ]
    text: Annotated[Text | None, Meta(description="Markdown shown above the questions")] = None


def check(report: Reporter, step: QuizStep, path: DataPath, thorough: bool) -> None:
    unique_ids(report, [((*path, "questions", j, "id"), q.id) for j, q in enumerate(step.questions)], "question")
    for j, question in enumerate(step.questions):
        check_question(report, question, (*path, "questions", j), thorough)


def _example() -> str:
    body = questions.KINDS[0].example + """\
- id: any-size
  kind: output_shape
  input: $n          # parameters make a new variant each time the learner asks
  kernel: $k
  params:
    n: {range: [5, 12]}
    k: {choices: [1, 3, 5]}
  constraints: ["k <= n"]
  variants: {seed: 1}
"""
    kinds = ", ".join(kind.tag for kind in questions.KINDS)
    indented = "".join("    " + line for line in body.splitlines(keepends=True))
    return f"- id: check\n  kind: quiz\n  title: Check yourself\n  questions:           # kinds: {kinds}\n" + indented


KIND = StepKind(
    tag="quiz",
    struct=QuizStep,
    summary="questions marked by the core, with hints, variants and named-mistake feedback",
    example=_example(),
    check=check,
    order=40,
)
