"""The published JSON Schema explains every field to authors, and every YAML example in
docs/lesson-format.md validates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from convtutor.lessons import questions, steps
from convtutor.lessons.json_schema import course_schema, lesson_schema
from convtutor.lessons.loader import validate_paths

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "lesson-format.md"
HEADER = "format_version: 1\nid: {id}\ntitle: Example\nsummary: An example from the docs.\nsteps:\n"
SCHEMAS = {"lesson": lesson_schema, "course": course_schema}


def properties(node: object, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of every object in a schema, wherever it is (in $defs, allOf, items...)."""
    if isinstance(node, dict):
        for name, value in (node.get("properties") or {}).items():
            yield f"{where}.{name}", value
        for key, value in node.items():
            yield from properties(value, f"{where}/{key}" if key not in ("properties",) else where)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from properties(value, f"{where}[{i}]")


def enum_values(prop: dict[str, Any]) -> list[object]:
    """The values a property allows when it is an enum (directly or as a member of anyOf)."""
    found = list(prop.get("enum", []))
    for member in prop.get("anyOf", []):
        found += member.get("enum", [])
    return found


TAGS = [{"enum": [kind.tag]} for kind in (*steps.KINDS, *questions.KINDS)]


def is_tag(where: str, prop: dict[str, Any]) -> bool:
    """A step's or question's ``kind``: the tag, which msgspec writes and no annotation can
    describe; the struct's docstring (the object's description) says what the kind is, and
    a lesson's steps and a quiz's questions list the kinds."""
    return where.endswith(".kind") and prop in TAGS


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_property_has_a_description(name):
    missing = [
        where for where, prop in properties(SCHEMAS[name]())
        if not str(prop.get("description", "")).strip()
    ]
    assert missing == [], f"{len(missing)} properties of the {name} schema have no description: {missing}"


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_object_has_a_description(name):
    definitions = SCHEMAS[name]()["$defs"]
    missing = [key for key, value in definitions.items() if value.get("type") == "object" and not value.get("description")]
    assert missing == [], f"give these structs a docstring: {missing}"


@pytest.mark.parametrize("name", SCHEMAS)
def test_enum_descriptions_list_the_values(name):
    unlisted = []
    for where, prop in properties(SCHEMAS[name]()):
        if is_tag(where, prop):
            continue
        description = prop.get("description", "")
        unlisted += [f"{where}: {value}" for value in enum_values(prop) if str(value) not in description]
    assert unlisted == [], f"an enum's description should list its values: {unlisted}"


def test_the_matrix_limits_are_stated():
    definitions = lesson_schema()["$defs"]
    assert "64×64" in definitions["InputSpec"]["properties"]["matrix"]["description"]
    assert "16×16" in definitions["KernelSpec"]["properties"]["matrix"]["description"]
    assert "64×64" in definitions["SweepStep"]["properties"]["input"]["description"]


def test_each_question_kind_describes_its_own_mistakes():
    definitions = lesson_schema()["$defs"]
    for kind in questions.KINDS:
        items = definitions[kind.struct.__name__]["properties"]["feedback"]["items"]
        mistake = items["allOf"][1]["properties"]["mistake"]
        for name in kind.mistake_names:
            assert name in mistake["description"]


# -- the examples of docs/lesson-format.md -----------------------------------------------------
def yaml_blocks(text: str) -> list[tuple[int, str]]:
    """Each fenced yaml block with the line it starts on."""
    return [(text.count("\n", 0, found.start()) + 2, found.group(1)) for found in re.finditer(r"```yaml\n(.*?)```", text, re.S)]


def as_lesson(block: str, data: object, number: int) -> str | None:
    """The block as a whole lesson file: itself, or its steps or questions wrapped in one."""
    lesson_id = f"docs-example-{number}"
    if isinstance(data, dict) and "steps" in data:
        return block
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        kinds = {item.get("kind") for item in data}
        indent = "".join("  " + line if line.strip() else line for line in block.splitlines(keepends=True))
        if kinds <= {kind.tag for kind in steps.KINDS}:
            return HEADER.format(id=lesson_id) + indent
        if kinds <= {kind.tag for kind in questions.KINDS}:
            quiz = "".join("    " + line if line.strip() else line for line in indent.splitlines(keepends=True))
            return HEADER.format(id=lesson_id) + "  - id: quiz\n    kind: quiz\n    questions:\n" + quiz
    return None


def test_the_docs_have_yaml_examples():
    blocks = yaml_blocks(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 8


@pytest.mark.parametrize(
    "line,block", [pytest.param(line, block, id=f"line-{line}") for line, block in yaml_blocks(DOC.read_text(encoding="utf-8"))],
)
def test_every_yaml_example_in_the_docs_validates(tmp_path, line, block):
    data = yaml.safe_load(block)
    if data is None:  # only a comment, e.g. the schema line for editors
        assert all(not ln.strip() or ln.lstrip().startswith("#") for ln in block.splitlines())
        return
    if isinstance(data, dict) and "lessons" in data:  # a course file: give it the lessons it lists
        for number, name in enumerate(data["lessons"]):
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(HEADER.format(id=f"docs-course-{number}") + "  - {id: a, kind: text, text: Hello.}\n", encoding="utf-8")
        (tmp_path / "course.yaml").write_text(block, encoding="utf-8")
        target = tmp_path
    else:
        lesson = as_lesson(block, data, line)
        assert lesson is not None, f"docs/lesson-format.md:{line}: a yaml block that is neither a lesson, a course nor a list of steps or questions"
        target = tmp_path / "example.yaml"
        target.write_text(lesson, encoding="utf-8")
    problems, _ = validate_paths([target])
    assert [p.format() for p in problems] == [], f"the example at docs/lesson-format.md:{line}"
