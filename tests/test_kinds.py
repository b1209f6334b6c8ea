"""The registries of kinds: every kind has a view, a schema entry, a docs entry and an example
that validates, and nothing else has to be edited to add one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import msgspec
import pytest
import yaml

from convtutor.lessons import docs, questions, steps
from convtutor.lessons.json_schema import lesson_schema
from convtutor.lessons.loader import validate_paths
from convtutor.lessons.scaffold import lesson_template
from convtutor.tui.steps import view_class
from convtutor.tui.steps.base import StepView

ROOT = Path(__file__).resolve().parents[1]
HEADER = "format_version: 1\nid: kinds\ntitle: Every kind\nsummary: s\nsteps:\n"


def indent(block: str, spaces: int) -> str:
    return "".join(" " * spaces + line if line.strip() else line for line in block.splitlines(keepends=True))


@pytest.mark.parametrize("kind", steps.KINDS, ids=lambda k: k.tag)
def test_every_step_kind_has_a_view(kind):
    view = view_class(kind.tag)
    assert issubclass(view, StepView) and view.__module__ == f"convtutor.tui.steps.{kind.tag}"


def test_a_kind_without_a_view_is_a_clear_error():
    with pytest.raises(LookupError, match="no view for steps of kind 'nonsense'"):
        view_class("nonsense")


def test_every_kind_is_in_the_json_schema():
    schema = lesson_schema()
    text = json.dumps(schema)
    for kind in (*steps.KINDS, *questions.KINDS):
        definition = schema["$defs"][kind.struct.__name__]
        assert definition["properties"]["kind"]["enum"] == [kind.tag], kind.tag
        assert definition["properties"]["kind"]["description"].startswith(f"{kind.tag}: ")
        assert f'"#/$defs/{kind.struct.__name__}"' in text, f"{kind.tag} is not reachable from Lesson"


def test_feedback_offers_each_question_kinds_own_mistakes():
    definitions = lesson_schema()["$defs"]
    for kind in questions.KINDS:
        items = definitions[kind.struct.__name__]["properties"]["feedback"]["items"]
        mistake = items["allOf"][1]["properties"]["mistake"]
        offered = mistake["anyOf"][0]["enum"] if kind.mistakes else []
        assert offered == list(kind.mistake_names)


def test_the_docs_tables_are_written_from_the_registries():
    text = (ROOT / "docs" / "lesson-format.md").read_text(encoding="utf-8")
    assert docs.rewrite(text) == text, "run: python -m convtutor.lessons.docs docs/lesson-format.md"
    for kind in (*steps.KINDS, *questions.KINDS):
        assert f"| `{kind.tag}` |" in text
    for kind in questions.KINDS:
        for mistake in kind.mistakes:
            assert f"| `{mistake.name}` |" in text


def test_every_step_kind_example_validates(tmp_path):
    lesson = HEADER + "".join(indent(kind.example, 2) for kind in steps.KINDS)
    (tmp_path / "kinds.yaml").write_text(lesson, encoding="utf-8")
    problems, _ = validate_paths([tmp_path / "kinds.yaml"])
    assert [p.format() for p in problems] == []


def test_every_question_kind_example_validates_and_poses(tmp_path):
    quiz = "  - id: quiz\n    kind: quiz\n    questions:\n" + "".join(indent(kind.example, 6) for kind in questions.KINDS)
    (tmp_path / "questions.yaml").write_text(HEADER + quiz, encoding="utf-8")
    problems, _ = validate_paths([tmp_path / "questions.yaml"])
    assert [p.format() for p in problems] == []
    for kind in questions.KINDS:
        data = yaml.safe_load(kind.example)
        question = msgspec.convert(data[0], kind.struct, strict=True)
        posed = questions.pose(question)
        assert posed.kind is kind
        assert set(posed.mistakes) <= set(kind.mistake_names), "a kind computes a mistake it does not declare"
        assert posed.mark(posed.answer_text.split("  ")[0].split(") ", 1)[-1]).status == "correct"


def typed_answer(posed) -> str:
    """The right answer as a learner types it: a choice's letter, or the answer's short form."""
    if posed.choices:
        return "abcdefgh"[posed.expected]
    return posed.answer_text.split("  ")[0]


def test_the_answer_box_takes_every_right_answer_and_no_quiz_key():
    from app_helpers import catalog

    posed_all = [questions.pose(msgspec.convert(yaml.safe_load(k.example)[0], k.struct, strict=True)) for k in questions.KINDS]
    for item in catalog().lessons():
        for step in item.lesson.steps:
            posed_all += [questions.pose(q) for q in getattr(step, "questions", None) or []]
    for posed in posed_all:
        chars = posed.kind.answer_chars(posed)
        typed = typed_answer(posed)
        assert re.fullmatch(f"{chars}*", typed), (posed.question.id, typed, chars)
        assert posed.mark(typed).status == "correct"
        if len(posed.choices) < 8:
            assert not any(re.fullmatch(chars, key) for key in "hsvit"), (posed.question.id, chars)


def test_tags_are_unique_and_modules_are_named_after_them():
    for registry in (steps.KINDS, questions.KINDS):
        tags = [kind.tag for kind in registry]
        assert len(tags) == len(set(tags))
    for kind in (*steps.KINDS, *questions.KINDS):
        assert kind.struct.__module__.rsplit(".", 1)[-1] == kind.tag


def test_the_scaffold_has_one_step_of_each_kind_and_lists_the_questions():
    text = lesson_template("x", "X")
    for kind in steps.KINDS:
        assert f"kind: {kind.tag}" in text
    assert ", ".join(kind.tag for kind in questions.KINDS) in text
