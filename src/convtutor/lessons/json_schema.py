"""The lesson and course formats as JSON Schema, for editors (``convtutor schema``).

msgspec writes the schema from the types; each question kind's feedback then gets the names
of that kind's own mistakes, so that an editor completes them (the types accept any name and
the validator checks it against the kind).
"""

from __future__ import annotations

from typing import Any

import msgspec

from convtutor.lessons import questions, steps
from convtutor.lessons.kinds import QuestionKind
from convtutor.lessons.schema import Course, Lesson

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def lesson_schema() -> dict[str, Any]:
    schema: dict[str, Any] = msgspec.json.schema(Lesson)
    definitions = schema.get("$defs", {})
    # msgspec writes each kind's tag bare: say what each kind is.
    described: list[tuple[str, str, str]] = [(k.struct.__name__, k.tag, k.summary) for k in steps.KINDS]
    described += [(k.struct.__name__, k.tag, k.summary) for k in questions.KINDS]
    for struct_name, tag_name, summary in described:
        tag = definitions.get(struct_name, {}).get("properties", {}).get("kind")
        if tag is not None:
            tag["description"] = f"{tag_name}: {summary}"
    for kind in questions.KINDS:
        properties = definitions.get(kind.struct.__name__, {}).get("properties", {})
        if "feedback" in properties:
            properties["feedback"]["items"] = {"allOf": [properties["feedback"]["items"], {"properties": {"mistake": _mistake(kind)}}]}
    return {"$schema": DRAFT, "title": "Lesson", **schema}


def _mistake(kind: QuestionKind) -> dict[str, Any]:
    """A feedback entry's ``mistake`` for one kind of question: the names that kind knows."""
    if not kind.mistakes:
        return {"description": f"{kind.tag} questions have no named mistakes: write the wrong answer under answer:", "type": "null"}
    named = "; ".join(f"{m.name} ({m.learner})" for m in kind.mistakes)
    return {
        "description": f"a named mistake of {kind.tag} questions: {named}",
        "anyOf": [{"enum": list(kind.mistake_names)}, {"type": "null"}],
    }


def course_schema() -> dict[str, Any]:
    return {"$schema": DRAFT, "title": "Course", **msgspec.json.schema(Course)}
