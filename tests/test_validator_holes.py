"""Holes an instructor found in the validator: ids used twice, files left out of course.yaml,
prerequisites on a sibling when one file is checked, and the scaffold's ids and guide."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from convtutor.cli.new_command import slug
from convtutor.lessons.loader import bundled_ids, validate_paths
from convtutor.lessons.scaffold import lesson_template


def write_lesson(folder: Path, name: str, lesson_id: str, prerequisites: str = "[]") -> Path:
    text = lesson_template(lesson_id, lesson_id.title()).replace("prerequisites: []", f"prerequisites: {prerequisites}")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_two_files_with_one_id_are_reported_naming_both(tmp_path):
    write_lesson(tmp_path, "a.yaml", "same")
    write_lesson(tmp_path, "b.yaml", "same")
    problems, count = validate_paths([tmp_path])
    assert count == 2
    (problem,) = problems
    assert problem.file.endswith("b.yaml") and problem.field == "id" and "a.yaml" in problem.message
    assert (problem.line, problem.column) == (7, 5)


def test_an_id_of_the_bundled_course_is_reported(tmp_path):
    write_lesson(tmp_path, "mine.yaml", "padding")
    (problem,) = validate_paths([tmp_path / "mine.yaml"])[0]
    assert "already used by the bundled course (04-padding.yaml)" in problem.message and "my-padding" in problem.hint


def test_the_bundled_course_does_not_clash_with_itself():
    from convtutor import paths

    assert validate_paths([paths.bundled_lessons_dir()])[0] == []


def test_a_file_left_out_of_course_yaml_is_a_warning_and_still_checked(tmp_path):
    write_lesson(tmp_path, "listed.yaml", "listed")
    draft = write_lesson(tmp_path, "draft.yaml", "draft")
    draft.write_text(draft.read_text(encoding="utf-8").replace("kind: sweep", "kind: sweeep", 1), encoding="utf-8")
    (tmp_path / "course.yaml").write_text("format_version: 1\nid: c\ntitle: C\nlessons: [listed.yaml]\n", encoding="utf-8")
    problems, count = validate_paths([tmp_path])
    assert count == 3
    warnings = [p for p in problems if p.severity == "warning"]
    errors = [p for p in problems if p.severity == "error"]
    assert len(warnings) == 1 and warnings[0].file.endswith("draft.yaml") and "not listed in course.yaml" in warnings[0].message
    assert warnings[0].format().startswith(f"{warnings[0].file}:1:1: warning: ")
    assert [e.field for e in errors] == ["steps[1].kind"]  # the draft's own error is reported too


def test_warnings_pass_unless_strict(tmp_path):
    write_lesson(tmp_path, "listed.yaml", "listed")
    write_lesson(tmp_path, "draft.yaml", "draft")
    (tmp_path / "course.yaml").write_text("format_version: 1\nid: c\ntitle: C\nlessons: [listed.yaml]\n", encoding="utf-8")
    run = [sys.executable, "-m", "convtutor", "validate", str(tmp_path)]
    relaxed = subprocess.run(run, capture_output=True, text=True, timeout=60)
    strict = subprocess.run([*run, "--strict"], capture_output=True, text=True, timeout=60)
    assert relaxed.returncode == 0 and "1 warning in 3 files" in relaxed.stderr
    assert strict.returncode == 1


def test_one_file_may_name_a_sibling_as_prerequisite(tmp_path):
    write_lesson(tmp_path, "first.yaml", "first")
    second = write_lesson(tmp_path, "second.yaml", "second", "[first]")
    assert validate_paths([second])[0] == []
    typo = write_lesson(tmp_path, "third.yaml", "third", "[frist]")
    (problem,) = validate_paths([typo])[0]
    assert "did you mean 'first'?" in problem.message


def test_the_scaffold_transliterates_and_avoids_bundled_ids():
    assert slug("Ünïcode Ströde: 2×2!") == "unicode-strode-2x2"
    assert slug("Padding", bundled_ids()) == "my-padding"
    assert slug("Strided pooling", bundled_ids()) == "strided-pooling"


def test_the_format_guide_ships_and_the_scaffold_points_at_it():
    result = subprocess.run([sys.executable, "-m", "convtutor", "docs", "lesson-format"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("# The lesson format")
    assert "convtutor docs lesson-format" in lesson_template("x", "X")


NUMERIC_PARAMS = """\
format_version: 1
id: numbers
title: Numbers
summary: s
steps:
  - id: q
    kind: quiz
    questions:
      - id: count
        kind: numeric
        prompt: How many parameters does a Conv2D with one 3×3 filter on one channel have?
        answer: 10
"""


def test_a_numeric_answer_the_core_could_compute_is_a_warning_and_the_lesson_still_loads(tmp_path):
    from convtutor.lessons.loader import load_catalog

    (tmp_path / "numbers.yaml").write_text(NUMERIC_PARAMS, encoding="utf-8")
    (problem,) = validate_paths([tmp_path / "numbers.yaml"])[0]
    assert problem.severity == "warning" and problem.field == "steps[0].questions[0].kind"
    assert "asks about parameter" in problem.message and "param_count" in problem.hint
    catalog = load_catalog([tmp_path], bundled=False, user=False)
    assert catalog.find("numbers") is not None and catalog.problems == []  # the learner sees no notice


def test_a_copy_of_a_bundled_lesson_as_it_is_hides_nothing(tmp_path):
    from convtutor import paths

    bundled = paths.bundled_lessons_dir() / "04-padding.yaml"
    (tmp_path / "padding.yaml").write_bytes(bundled.read_bytes())  # e.g. the course's own checkout beside an installed wheel
    assert validate_paths([tmp_path / "padding.yaml"])[0] == []
    changed = bundled.read_text(encoding="utf-8").replace("title:", "title: Mine,", 1)
    (tmp_path / "padding.yaml").write_text(changed, encoding="utf-8")
    (problem,) = validate_paths([tmp_path / "padding.yaml"])[0]
    assert "already used by the bundled course" in problem.message
