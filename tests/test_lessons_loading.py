"""Loading lessons from the bundled course, --lessons folders and the user folder."""

from __future__ import annotations

from pathlib import Path

from convtutor import paths
from convtutor.cli.main import main
from convtutor.lessons import steps
from convtutor.lessons.loader import load_catalog, validate_paths

GOOD = "format_version: 1\nid: {id}\ntitle: {title}\nsummary: s\nprerequisites: {pre}\nsteps:\n  - id: a\n    kind: text\n    text: hello\n"


def write(folder: Path, name: str, lesson_id: str, title: str = "T", pre: str = "[]") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(GOOD.format(id=lesson_id, title=title, pre=pre), encoding="utf-8")
    return path


def test_a_broken_extra_lesson_is_reported_and_skipped(tmp_path):
    extra = tmp_path / "extra"
    write(extra, "a.yaml", "extra-a", pre="[stride]")
    (extra / "b.yaml").write_text("format_version: 1\nid: broken\n", encoding="utf-8")
    catalog = load_catalog([extra], user=False)
    titles = [s.title for s in catalog.sections]
    assert titles == ["Padding and stride", "extra"]
    assert [i.lesson.id for i in catalog.sections[1].lessons] == ["extra-a"]
    assert any(p.file.endswith("b.yaml") for p in catalog.problems)
    assert len(list(catalog.lessons())) == 8


def test_user_folder_is_a_section_and_duplicate_ids_are_skipped(tmp_path):
    write(paths.user_lessons_dir(), "mine.yaml", "mine", title="Mine")
    write(paths.user_lessons_dir(), "dup.yaml", "padding")
    catalog = load_catalog()
    assert [s.origin for s in catalog.sections] == ["bundled", "user"]
    assert [i.lesson.id for i in catalog.sections[1].lessons] == ["mine"]
    (problem,) = catalog.problems
    assert "lesson id 'padding' is already used" in problem.message and problem.line == 2


def test_course_file_orders_lessons(tmp_path):
    folder = tmp_path / "c"
    write(folder, "z.yaml", "zed")
    write(folder, "a.yaml", "ay")
    (folder / "course.yaml").write_text("format_version: 1\nid: c\ntitle: My course\nlessons: [z.yaml, a.yaml]\n")
    catalog = load_catalog([folder], bundled=False, user=False)
    assert catalog.sections[0].title == "My course"
    assert [i.lesson.id for i in catalog.sections[0].lessons] == ["zed", "ay"]


def test_prerequisite_cycles_are_reported(tmp_path):
    folder = tmp_path / "c"
    write(folder, "a.yaml", "a", pre="[b]")
    write(folder, "b.yaml", "b", pre="[a]")
    problems, _ = validate_paths([folder])
    assert any("go round in a circle: a → b → a" in p.message for p in problems)


def test_missing_folder(tmp_path):
    catalog = load_catalog([tmp_path / "nope"], bundled=False, user=False)
    assert catalog.sections == [] and "no such folder" in catalog.problems[0].message


def test_bundled_lessons_are_found(tmp_path):
    folder = paths.bundled_lessons_dir()
    assert (folder / "course.yaml").is_file()


def test_cli_validate_new_and_schema(tmp_path, capsys):
    assert main(["new", "lesson", "Strided pooling!", "--dir", str(tmp_path)]) == 0
    created = tmp_path / "strided-pooling.yaml"
    assert created.is_file() and (tmp_path / "lesson.schema.json").is_file()
    assert main(["new", "lesson", "Strided pooling!", "--dir", str(tmp_path)]) == 1  # no silent overwrite
    capsys.readouterr()
    assert main(["validate", str(created)]) == 0
    assert "1 file checked: no problems" in capsys.readouterr().err
    broken = tmp_path / "broken.yaml"
    broken.write_text(created.read_text().replace("kernel: 3\n", "kernel: 30\n", 1))
    assert main(["validate", "--json", str(broken)]) == 1
    out = capsys.readouterr().out
    quiz = [kind.tag for kind in steps.KINDS].index("quiz")  # the scaffold has one step of each kind, in their order
    assert f'"field": "steps[{quiz}].questions[0]"' in out and "does not fit" in out
    assert main(["schema"]) == 0
    assert '"title": "Lesson"' in capsys.readouterr().out


def test_scaffold_title_is_quoted_safely(tmp_path, capsys):
    assert main(["new", "lesson", 'Odd: "title" # here', "--dir", str(tmp_path)]) == 0
    created = next(tmp_path.glob("odd-*.yaml"))
    problems, _ = validate_paths([created])
    assert problems == []
    assert 'title: "Odd: \\"title\\" # here"' in created.read_text()


def test_validate_missing_path(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 1
    assert "no such file or folder" in capsys.readouterr().out


def test_the_wheel_carries_the_lessons(tmp_path):
    """A plain `pip install .` must find the course from any folder: it lives in the wheel."""
    import subprocess
    import sys
    import zipfile

    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(root)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("convtutor-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for lesson in sorted(p.name for p in (root / "lessons").glob("*.yaml")):
        assert f"convtutor/bundled_lessons/{lesson}" in names
