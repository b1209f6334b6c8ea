"""The answer key of a lesson for its author: every question's answer for the variant learners
see first and for further variants, the wrong answer each named mistake gives, and feedback
that can never show. Computed by the same code that marks learners' answers."""

from __future__ import annotations

from dataclasses import dataclass, field

from convtutor.core.formatting import format_number
from convtutor.lessons import questions
from convtutor.lessons.fields import QuestionBase
from convtutor.lessons.questions.posed import Posed
from convtutor.lessons.schema import Lesson


@dataclass
class VariantKey:
    variant: int  # 0 is the one every learner meets first
    values: dict[str, int]
    answer: str
    mistakes: dict[str, str]  # mistake name -> the wrong answer that triggers it


@dataclass
class QuestionKey:
    step: str
    id: str
    kind: str
    variants: list[VariantKey] = field(default_factory=list)
    silent_feedback: list[str] = field(default_factory=list)  # feedback entries that can never show
    problem: str = ""  # a variant the core cannot pose


def _shown(value: object, posed: Posed) -> str:
    if isinstance(value, tuple):
        return "×".join(str(v) for v in value)
    if posed.choices and isinstance(value, int):
        return f"{'abcdefgh'[value]}) {posed.choices[value]}"
    if isinstance(value, float):  # a pooled average: as learners are shown numbers
        return format_number(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def question_key(step_id: str, question: QuestionBase, variants: int) -> QuestionKey:
    key = QuestionKey(step_id, question.id, question.kind)
    count = 1 + (variants if question.params else 0)
    fired: set[str] = set()
    for index in range(count):
        try:
            posed = questions.pose(question, index)
        except ValueError as error:
            key.problem = f"variant {index + 1}: {error}"
            break
        mistakes = {name: _shown(wrong, posed) for name, wrong in posed.mistakes.items() if wrong is not None and wrong != posed.expected}
        fired.update(mistakes)
        key.variants.append(VariantKey(index, dict(posed.values), posed.answer_text, mistakes))
    kind = questions.kind_of(question)
    for item in question.feedback:
        name = item.mistake
        if name is not None and name in kind.mistake_names and not kind.mistake(name).diagnosed and name not in fired:
            key.silent_feedback.append(f"mistake: {name}")
    return key


def lesson_key(lesson: Lesson, variants: int = 3) -> list[QuestionKey]:
    """The key of every question of the lesson, in order."""
    return [
        question_key(step.id, question, variants)
        for step in lesson.steps
        for question in getattr(step, "questions", None) or []
    ]


def key_text(lesson: Lesson, keys: list[QuestionKey]) -> str:
    lines = [f"Answer key: {lesson.title} ({lesson.id})", ""]
    for key in keys:
        lines.append(f"{key.step} / {key.id}  [{key.kind}]")
        for variant in key.variants:
            where = ", ".join(f"{k}={v}" for k, v in variant.values.items())
            label = "first variant" if variant.variant == 0 else f"variant {variant.variant + 1}"
            lines.append(f"  {label}{' (' + where + ')' if where else ''}: {variant.answer}")
            for name, wrong in variant.mistakes.items():
                lines.append(f"      {wrong:<14} {name}")
        for entry in key.silent_feedback:
            lines.append(f"  never shows: feedback with {entry}")
        if key.problem:
            lines.append(f"  problem: {key.problem}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def key_data(lesson: Lesson, keys: list[QuestionKey]) -> dict[str, object]:
    return {
        "lesson": lesson.id,
        "questions": [
            {
                "step": key.step, "id": key.id, "kind": key.kind, "silent_feedback": key.silent_feedback, "problem": key.problem,
                "variants": [
                    {"variant": v.variant, "values": v.values, "answer": v.answer, "mistakes": v.mistakes} for v in key.variants
                ],
            }
            for key in keys
        ],
    }
