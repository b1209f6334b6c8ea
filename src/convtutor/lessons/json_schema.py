"""The lesson and course formats as JSON Schema, for editors (``convtutor schema``).

msgspec writes the schema from the types; each question kind's feedback then gets the names
of that kind's own mistakes, so that an editor completes them (the types accept any name and
the validator checks it against the kind).
"""

from __future__ import annotations

from typing import Any

import msgspec

from convtutor.lessons import questions
from convtutor.lessons.schema import Course, Lesson

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def lesson_schema() -> dict[str, Any]:
    schema: dict[str, Any] = msgspec.json.schema(Lesson)
    definitions = schema.get("$defs", {})
    for kind in questions.KINDS:
        properties = definitions.get(kind.struct.__name__, {}).get("properties", {})
        if "feedback" in properties:
            mistake = {"anyOf": [{"enum": list(kind.mistake_names)}, {"type": "null"}]} if kind.mistakes else {"type": "null"}
            properties["feedback"]["items"] = {"allOf": [properties["feedback"]["items"], {"properties": {"mistake": mistake}}]}
    return {"$schema": DRAFT, "title": "Lesson", **schema}


def course_schema() -> dict[str, Any]:
    return {"$schema": DRAFT, "title": "Course", **msgspec.json.schema(Course)}
