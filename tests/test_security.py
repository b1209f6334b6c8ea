"""Lessons are data: they cannot run code, reach the network or read files outside their folder."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from convtutor.lessons.loader import load_catalog, load_course, validate_paths
from convtutor.lessons.summary import summarize

SOURCE = Path(__file__).resolve().parents[1] / "src" / "convtutor"
CORPUS = Path(__file__).parent / "corpus" / "broken"


def test_nothing_touches_the_network(monkeypatch, tmp_path):
    def refuse(*args, **kwargs):
        raise AssertionError("a lesson tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    lesson = tmp_path / "net.yaml"
    lesson.write_text("format_version: 1\nid: net\ntitle: t\nsummary: s\nsteps:\n  - id: a\n    kind: text\n    text: '[x](http://example.com/x.yaml)'\n")
    assert load_catalog([tmp_path], user=False).problems == []
    validate_paths([CORPUS, tmp_path])
    load_course([tmp_path, CORPUS], user=False)


def test_no_code_runs_from_lesson_data():
    """No eval/exec, no unsafe YAML loader, no pickle, no shell anywhere in the package."""
    forbidden = re.compile(r"\b(eval|exec)\(|yaml\.load\(|yaml\.unsafe_load|FullLoader|UnsafeLoader|pickle|os\.system|subprocess|shell=True|__import__")
    offenders = []
    for path in SOURCE.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if forbidden.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{path.relative_to(SOURCE)}:{number}: {line.strip()}")
    assert offenders == []


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['id']", "!!python/name:os.system", "!!binary aGk=", "!!set {a: null}", "!custom 1"])
def test_any_tag_is_refused(tmp_path, tag):
    lesson = tmp_path / "tag.yaml"
    lesson.write_text(f"format_version: 1\nid: t\ntitle: {tag}\nsummary: s\nsteps: []\n")
    problems, _ = validate_paths([lesson])
    assert len(problems) == 1 and "is not allowed" in problems[0].message and problems[0].line == 3


def test_links_out_of_the_folder_are_not_followed(tmp_path):
    secret = tmp_path / "outside.yaml"
    secret.write_text("format_version: 1\nid: outside\ntitle: Outside\nsummary: s\nsteps:\n  - {id: a, kind: text, text: secret}\n")
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "link.yaml").symlink_to(secret)
    catalog = load_catalog([folder], bundled=False, user=False)
    assert catalog.find("outside") is None
    assert "leads out of the lesson folder" in catalog.problems[0].message
    assert summarize(catalog).find("outside") is None  # the first-frame list comes from the same model


def test_a_course_cannot_name_files_outside_its_folder(tmp_path):
    folder = tmp_path / "course"
    folder.mkdir()
    (tmp_path / "x.yaml").write_text("format_version: 1\nid: x\ntitle: X\nsummary: s\nsteps:\n  - {id: a, kind: text, text: t}\n")
    (folder / "course.yaml").write_text("format_version: 1\nid: c\ntitle: C\nlessons: [../x.yaml, /etc/passwd]\n")
    catalog = load_catalog([folder], bundled=False, user=False)
    assert catalog.sections == []
    assert sorted(p.message for p in catalog.problems) == ["'../x.yaml' is outside the course folder", "'/etc/passwd' is outside the course folder"]
