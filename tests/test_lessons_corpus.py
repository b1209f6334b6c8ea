"""Broken lesson files: each gives exactly the expected file:line:col message, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from convtutor.lessons.loader import validate_paths

CORPUS = Path(__file__).parent / "corpus" / "broken"

# file -> (line, column, field, words the message must contain)
EXPECTED = {
    "syntax-error.yaml": (9, 1, "", ["YAML syntax error", "expected ',' or ']'"]),
    "tab-indent.yaml": (7, 1, "", ["tab character is used for indentation"]),
    "wrong-types.yaml": (10, 13, "steps[0].stride", ["expected a whole number or a list, got the text 'two'"]),
    "unknown-key.yaml": (10, 5, "steps[0].strid", ["unknown field 'strid'; did you mean 'stride'?"]),
    "missing-key.yaml": (1, 1, "title", ["missing required field 'title'"]),
    "wrong-answer.yaml": (13, 17, "steps[0].questions[0].answer", ["the answer '7x7' disagrees with the core, which gives 6×6"]),
    "impossible-kernel.yaml": (9, 13, "steps[0].kernel", ["the kernel does not fit along the rows", "spans 5 pixels", "only 3"]),
    "duplicate-ids.yaml": (9, 9, "steps[1].id", ["step id 'intro' is used twice (first on line 6)"]),
    "alias-bomb.yaml": (5, 4, "", ["expands to more than 50,000 values"]),
    "invalid-utf8.yaml": (8, 14, "", ["not valid UTF-8 (byte 0xe9)"]),
    "empty.yaml": (1, 1, "", ["the file is empty"]),
    "python-tag.yaml": (5, 8, "", ["the YAML tag '!!python/object/apply:os.system' is not allowed"]),
    "duplicate-key.yaml": (4, 1, "", ["duplicate key 'title' (first used on line 3)"]),
    "bad-kind.yaml": (7, 11, "steps[0].kind", ["unknown kind 'sweeep'; did you mean 'sweep'?"]),
    "recursive-alias.yaml": (1, 4, "", ["an alias refers to itself"]),
    "feedback-is-answer.yaml": (14, 21, "steps[0].questions[0].feedback[0].answer", ["is the right answer (6×6)", "never show"]),
    "unsatisfiable.yaml": (15, 22, "steps[0].questions[0].constraints", ["no parameter values satisfy the constraints"]),
    "empty-hint.yaml": (12, 17, "steps[0].questions[0].hints[0]", ["this text is empty"]),
    "undeclared-param.yaml": (11, 16, "steps[0].questions[0].input", ["$m is not a declared parameter"]),
    "choice-answer.yaml": (13, 17, "steps[0].questions[0].answer", ["must be the text of one of the choices; did you mean 'green'?"]),
    "two-documents.yaml": (6, 1, "", ["more than one YAML document"]),
    "unknown-prerequisite.yaml": (5, 17, "prerequisites[0]", ["prerequisite 'paddding' is not a lesson here; did you mean 'padding'?"]),
    "unknown-placeholder.yaml": (16, 13, "steps[0].questions[0].hints[0]", ["{z} names no parameter", "as written"]),
    "feedback-never-fires.yaml": (15, 22, "steps[0].questions[0].feedback[0].mistake", ["'forgot_bias'", "cannot happen with these settings"]),
    "mistake-and-answer.yaml": (14, 13, "steps[0].questions[0].feedback[0]", ["gives both mistake: and answer:"]),
    "indentation-slip.yaml": (8, 3, "", ["did not find expected '-' indicator"]),
    "quoted-version.yaml": (1, 17, "format_version", ["is quoted, but a number is expected here: write 1 without quotes"]),
    "yes-no-bool.yaml": (10, 48, "steps[0].layers[0].use_bias", ["expected true or false", "YAML 1.2 reads yes, no, on and off as words"]),
    "stack-wrong-answer.yaml": (16, 17, "steps[0].questions[0].answer", ["the answer 56320 disagrees with the core, which gives 56,352"]),
    "stack-no-such-layer.yaml": (14, 16, "steps[0].questions[0].layer", ["the stack has 1 layer, so there is no layer 2"]),
    "code-in-constraint.yaml": (14, 23, "steps[0].questions[0].constraints[0]", ["the only functions are min(...), max(...) and abs(...)"]),
}


def test_every_corpus_file_has_an_expectation():
    assert sorted(p.name for p in CORPUS.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_is_reported_exactly(name):
    line, column, field, words = EXPECTED[name]
    problems, count = validate_paths([CORPUS / name])
    assert count == 1
    assert len(problems) == 1, [p.format() for p in problems]
    (problem,) = problems
    assert (problem.line, problem.column, problem.field) == (line, column, field), problem.format()
    assert problem.file.endswith(name)
    for word in words:
        assert word in problem.message, problem.format()
    text = problem.format()
    assert text.startswith(f"{problem.file}:{line}:{column}: ")


def test_validate_command_on_the_corpus_never_shows_a_traceback():
    result = subprocess.run(
        [sys.executable, "-m", "convtutor", "validate", str(CORPUS)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert len(result.stdout.strip().splitlines()) == len(EXPECTED)
    assert f"{len(EXPECTED)} problems in {len(EXPECTED)} files" in result.stderr


def test_python_tag_runs_nothing(tmp_path, monkeypatch):
    marker = tmp_path / "owned"
    evil = tmp_path / "evil.yaml"
    evil.write_text(f"steps: !!python/object/apply:os.system ['touch {marker}']\n")
    problems, _ = validate_paths([evil])
    assert problems and not marker.exists()


def test_several_problems_are_all_reported(tmp_path):
    lesson = tmp_path / "many.yaml"
    lesson.write_text(
        "format_version: 1\nid: many\ntitle: t\nsummary: s\nsteps:\n"
        "  - id: a\n    kind: sweep\n    input: {generator: zeros, size: 4}\n    kernel: {preset: ones, size: 5}\n"
        "  - id: b\n    kind: text\n    txt: hello\n"
        "  - id: c\n    kind: quiz\n    questions:\n      - {id: q, kind: param_count, kernel: 3, answer: 9}\n"
    )
    problems, _ = validate_paths([lesson])
    fields = sorted(p.field for p in problems)
    assert "steps[0].kernel" in fields  # a meaning problem in a step that passes the schema
    assert "steps[1].txt" in fields  # an unknown field
    assert any(f == "steps[1].text" for f in fields)  # and the missing one
    assert "steps[2].questions[0].answer" in fields


def test_folder_with_course_outside_paths(tmp_path):
    (tmp_path / "course.yaml").write_text("format_version: 1\nid: c\ntitle: C\nlessons: [../outside.yaml, missing.yaml]\n")
    problems, _ = validate_paths([tmp_path])
    messages = [p.message for p in problems]
    assert "'../outside.yaml' is outside the course folder" in messages
    assert "there is no lesson file 'missing.yaml'" in messages
    assert all(p.line == 4 for p in problems)


def test_too_large_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(20_000_000)
    problems, _ = validate_paths([big])
    assert len(problems) == 1 and "lesson files are limited to 1000 kB" in problems[0].message


def test_validate_exits_cleanly_file_by_file():
    """Each run ends with its own exit status: a crash at interpreter exit (msgspec #717) would show here."""
    for name in ["empty.yaml", "bad-kind.yaml", "unknown-key.yaml", "missing-key.yaml", "wrong-answer.yaml"]:
        for _ in range(2):
            result = subprocess.run([sys.executable, "-m", "convtutor", "validate", str(CORPUS / name)],
                                    capture_output=True, text=True, timeout=60)
            assert result.returncode == 1, (name, result.returncode, result.stderr[-500:])


def test_a_huge_matrix_is_reported_at_the_matrix_with_its_size(tmp_path):
    rows = "\n".join("          - [" + ", ".join("1" for _ in range(224)) + "]" for _ in range(224))
    big = tmp_path / "big.yaml"
    big.write_text(
        "format_version: 1\nid: big\ntitle: Big\nsummary: s\nsteps:\n  - id: s\n    kind: sweep\n    input:\n"
        f"      matrix:\n{rows}\n    kernel: ones\n", encoding="utf-8",
    )
    (problem,) = validate_paths([big])[0]
    assert (problem.line, problem.column) == (10, 11)  # the matrix's first row, not the first step
    assert "this matrix is 224×224" in problem.message and "aliases" not in problem.message


def test_an_indentation_slip_says_how_the_line_is_indented():
    (problem,) = validate_paths([CORPUS / "indentation-slip.yaml"])[0]
    assert "line 8 is indented 2 spaces and the line above it 4" in problem.hint


def test_yes_and_no_are_words_as_in_yaml_1_2(tmp_path):
    lesson = tmp_path / "yn.yaml"
    lesson.write_text(
        "format_version: 1\nid: yn\ntitle: YN\nsummary: s\nsteps:\n  - id: q\n    kind: quiz\n    questions:\n"
        "      - id: c\n        kind: multiple_choice\n        prompt: Does Keras' Conv2D offer 'full' padding?\n"
        "        choices: [yes, no]\n        answer: no\n", encoding="utf-8",
    )
    assert validate_paths([lesson])[0] == []
