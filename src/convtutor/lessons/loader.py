"""Finding and loading lessons: the bundled course, ``--lessons`` folders and the user folder.

A lesson with problems is reported and skipped; the others still load. Nothing here raises
for bad input: every failure becomes a :class:`Problem` with a file and a position.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from convtutor import paths
from convtutor.lessons import checks, steps
from convtutor.lessons.explain import explain
from convtutor.lessons.folders import COURSE_FILE, folder_lessons, folder_stamp, folders
from convtutor.lessons.problems import Problem, at, from_issues
from convtutor.lessons.reporter import Reporter
from convtutor.lessons.schema import Course, Lesson
from convtutor.lessons.summary import CourseIndex, remember, summarize
from convtutor.lessons.yaml_source import Position, SourceError, SourceMap, load_file

T = TypeVar("T")


def convert(data: object, model: type[T], source: SourceMap, file: str) -> tuple[T | None, list[Problem]]:
    """The data as ``model``, or every problem the schema finds in it."""
    try:
        return msgspec.convert(data, model, strict=True), []
    except msgspec.ValidationError as error:
        problems = from_issues(explain(data, model), source, file)
        # The explainer follows msgspec's rules; should they ever part, msgspec has the last word.
        return None, problems or [Problem(file, 1, 1, str(error))]


@dataclass(frozen=True)
class LoadedLesson:
    lesson: Lesson
    path: Path
    source: SourceMap
    origin: str  # "bundled", "extra" (from --lessons) or "user"


@dataclass
class Section:
    """The lessons of one folder, in order."""

    title: str
    origin: str
    folder: Path
    lessons: list[LoadedLesson] = field(default_factory=list)


@dataclass
class Catalog:
    sections: list[Section] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def lessons(self) -> Iterator[LoadedLesson]:
        for section in self.sections:
            yield from section.lessons

    def find(self, lesson_id: str) -> LoadedLesson | None:
        return next((item for item in self.lessons() if item.lesson.id == lesson_id), None)


def display_path(path: Path) -> str:
    """A path as the user would write it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def read_source(path: Path, what: str = "lesson") -> tuple[object, SourceMap] | Problem:
    """A YAML file's data with its positions, or the problem that stops it being read
    (``what`` names the file in that problem: a lesson file, a puzzle file)."""
    file = display_path(path)
    try:
        document = load_file(path)
    except SourceError as error:
        return Problem(file, error.position.line, error.position.column, error.message, "", error.hint)
    except IsADirectoryError:
        return Problem(file, 1, 1, f"this is a folder, not a {what} file")
    except OSError as error:
        return Problem(file, 1, 1, f"cannot read the file: {error.strerror or error}")
    return document.data, document.source


def declared_id(path: Path) -> str | None:
    """The id a lesson file declares, even if the rest of it is broken."""
    read = read_source(path)
    if isinstance(read, Problem) or not isinstance(read[0], dict):
        return None
    value = read[0].get("id")
    return value if isinstance(value, str) else None


def load_lesson(path: Path, origin: str = "extra", *, thorough: bool = False) -> tuple[LoadedLesson | None, list[Problem]]:
    """Load and check one lesson file. ``thorough`` checks every variant of every question."""
    read = read_source(path)
    if isinstance(read, Problem):
        return None, [read]
    data, source = read
    file = display_path(path)
    if not isinstance(data, dict):
        return None, [Problem(file, 1, 1, "a lesson file is a set of fields (format_version: 1, id: ..., title: ..., steps: ...)")]
    if "lessons" in data and "steps" not in data:
        return None, [at(file, source.key(("lessons",)), "this looks like a course file; name it course.yaml", ("lessons",))]
    lesson, problems = convert(data, Lesson, source, file)
    if lesson is None:
        return None, problems + _check_sound_steps(data, problems, file, source, thorough)
    problems = checks.check_lesson(lesson, file, source, thorough=thorough)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return LoadedLesson(lesson, path, source, origin), problems  # warnings only: the lesson loads


def parse_lesson(path: Path) -> tuple[Lesson | None, list[Problem]]:
    """The lesson as written when it fits the format, without the checks of meaning (for the
    answer key, which shows what a lesson with such problems would do)."""
    read = read_source(path)
    if isinstance(read, Problem):
        return None, [read]
    data, source = read
    if not isinstance(data, dict):
        return None, [Problem(display_path(path), 1, 1, "a lesson file is a set of fields (format_version: 1, id: ..., title: ..., steps: ...)")]
    return convert(data, Lesson, source, display_path(path))


def _check_sound_steps(data: dict[str, Any], problems: list[Problem], file: str, source: SourceMap, thorough: bool) -> list[Problem]:
    """When some steps break the schema, still check the meaning of the others, so an author
    sees every problem in one run rather than one layer at a time."""
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list):
        return []
    report = Reporter(file, source)
    for i, raw in enumerate(raw_steps):
        prefix = f"steps[{i}]"
        if any(p.field == prefix or p.field.startswith((prefix + ".", prefix + "[")) for p in problems):
            continue
        try:
            step = msgspec.convert(raw, steps.union(), strict=True)
        except msgspec.ValidationError:
            continue
        steps.check_step(report, step, ("steps", i), thorough)
    return report.problems


def _course(path: Path) -> tuple[Course | None, SourceMap | None, list[Problem]]:
    read = read_source(path)
    if isinstance(read, Problem):
        return None, None, [read]
    data, source = read
    file = display_path(path)
    if not isinstance(data, dict):
        return None, None, [Problem(file, 1, 1, "a course file is a set of fields (format_version, id, title, lessons)")]
    course, problems = convert(data, Course, source, file)
    return course, (source if course is not None else None), problems


def lesson_files(folder: Path) -> tuple[str | None, list[Path], list[Problem]]:
    """The folder's lesson files in order (from course.yaml when there is one) and its title."""
    course_path = folder / COURSE_FILE
    if not course_path.is_file():
        inside, outside = folder_lessons(folder)
        problems = [
            Problem(display_path(path), 1, 1, "this link leads out of the lesson folder; it is not followed",
                    hint="copy the lesson into the folder instead")
            for path in outside
        ]
        return None, inside, problems
    course, source, problems = _course(course_path)
    if course is None or source is None:
        return None, [], problems
    root = folder.resolve()
    files: list[Path] = []
    file = display_path(course_path)
    for i, relative in enumerate(course.lessons):
        candidate = (folder / relative).resolve()
        where = source.value(("lessons", i))
        if Path(relative).is_absolute() or not candidate.is_relative_to(root):
            problems.append(at(file, where, f"'{relative}' is outside the course folder", ("lessons", i), "lesson files must stay inside the folder of course.yaml"))
        elif not candidate.is_file():
            problems.append(at(file, where, f"there is no lesson file '{relative}'", ("lessons", i), "check the file name"))
        elif candidate in files:
            problems.append(at(file, where, f"'{relative}' is listed twice", ("lessons", i)))
        else:
            files.append(candidate)
    inside, _ = folder_lessons(folder)
    for path in inside:
        if path.resolve() not in files:
            problems.append(Problem(
                display_path(path), 1, 1, f"this file is not listed in {COURSE_FILE}, so the app does not load it",
                hint=f"add it to the lessons of {display_path(course_path)}, or move drafts out of the folder", severity="warning",
            ))
    return course.title, files, problems


def load_folder(folder: Path, origin: str, *, thorough: bool = False) -> tuple[Section, list[Problem]]:
    try:
        title, files, problems = lesson_files(folder)
    except OSError as error:
        return Section(folder.name, origin, folder), [Problem(display_path(folder), 1, 1, f"cannot read the folder: {error.strerror or error}")]
    section = Section(title or folder.name, origin, folder)
    for path in files:
        loaded, found = load_lesson(path, origin, thorough=thorough)
        # Warnings about a lesson that loads are for its author (convtutor validate), not the learner.
        problems.extend(p for p in found if loaded is None or p.severity == "error")
        if loaded is not None:
            section.lessons.append(loaded)
    return section, problems


def load_course(extra_dirs: Iterable[Path] = (), *, user: bool = True) -> tuple[Catalog, CourseIndex]:
    """What the app loads: the catalog, and its summary, kept for the next start's first frame."""
    found = folders(extra_dirs, user=user)
    stamps = [folder_stamp(folder, origin) for folder, origin in found]  # before reading: a later edit shows
    catalog = load_catalog(extra_dirs, user=user)
    index = summarize(catalog)
    remember(index, stamps)
    return catalog, index


def load_catalog(extra_dirs: Iterable[Path] = (), *, bundled: bool = True, user: bool = True) -> Catalog:
    """Everything the app shows: the bundled course, then --lessons folders, then the user folder."""
    catalog = Catalog()
    for folder, origin in folders(extra_dirs, bundled=bundled, user=user):
        if not folder.is_dir():
            catalog.problems.append(Problem(display_path(folder), 1, 1, "no such folder of lessons"))
            continue
        section, problems = load_folder(folder, origin)
        catalog.problems.extend(problems)
        if section.lessons:
            catalog.sections.append(section)
    _drop_duplicate_ids(catalog)
    catalog.problems.extend(
        checks.check_prerequisites([(item.lesson, display_path(item.path), item.source) for item in catalog.lessons()])
    )
    return catalog


def _drop_duplicate_ids(catalog: Catalog) -> None:
    seen: dict[str, LoadedLesson] = {}
    for section in catalog.sections:
        kept = []
        for item in section.lessons:
            first = seen.get(item.lesson.id)
            if first is None:
                seen[item.lesson.id] = item
                kept.append(item)
            else:
                catalog.problems.append(at(
                    display_path(item.path), item.source.value(("id",)),
                    f"lesson id '{item.lesson.id}' is already used by {display_path(first.path)}; this lesson is skipped",
                    ("id",), "give the lesson its own id",
                ))
        section.lessons = kept
    catalog.sections = [s for s in catalog.sections if s.lessons]


def validate_paths(targets: Iterable[Path]) -> tuple[list[Problem], int]:
    """``convtutor validate``: check files and folders thoroughly; return (problems, files checked)."""
    problems: list[Problem] = []
    loaded: list[LoadedLesson] = []
    broken_ids: set[str] = set()
    siblings: set[str] = set()  # ids of lessons beside a file checked alone: its prerequisites may name them
    count = 0
    for target in targets:
        if target.is_dir():
            _, files, found = lesson_files(target)
            problems.extend(found)
            if (target / COURSE_FILE).is_file():
                count += 1
                listed = {path.resolve() for path in files}
                files = files + [path for path in folder_lessons(target)[0] if path.resolve() not in listed]  # drafts are checked too
        elif target.name == COURSE_FILE:
            _, files, found = lesson_files(target.parent)
            problems.extend(found)
            count += 1
        elif target.exists():
            files = [target]
            siblings |= {i for path in folder_lessons(target.parent)[0] if path != target and (i := declared_id(path)) is not None}
        else:
            problems.append(Problem(display_path(target), 1, 1, "no such file or folder"))
            continue
        for path in files:
            count += 1
            lesson, found = load_lesson(path, thorough=True)
            problems.extend(found)
            if lesson is not None:
                loaded.append(lesson)
            elif (lesson_id := declared_id(path)) is not None:
                broken_ids.add(lesson_id)  # already reported; do not also fail its dependants
    bundled = _bundled_files()
    problems.extend(_duplicate_ids(loaded, bundled))
    # Prerequisites may name lessons of the bundled course.
    known: list[tuple[checks.HasPrerequisites, str, SourceMap]] = [(i.lesson, display_path(i.path), i.source) for i in loaded]
    others = (set(bundled) | broken_ids | siblings) - {i.lesson.id for i in loaded}
    problems.extend(p for p in checks.check_prerequisites(known + list(_stubs(others))) if p.file != "")
    return problems, count


def _bundled_files() -> dict[str, Path]:
    """The bundled course's lesson ids and files: only ids are needed, so no full check."""
    _, files, _ = lesson_files(paths.bundled_lessons_dir())
    return {lesson_id: path for path in files if (lesson_id := declared_id(path)) is not None}


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def bundled_ids() -> set[str]:
    return set(_bundled_files())


def _duplicate_ids(loaded: list[LoadedLesson], bundled: dict[str, Path]) -> list[Problem]:
    """An id used twice: the app would show only one of the two lessons (and progress is saved by id)."""
    problems = []
    first: dict[str, LoadedLesson] = {}
    for item in loaded:
        lesson_id = item.lesson.id
        where = item.source.value(("id",))
        if lesson_id in first:
            other = display_path(first[lesson_id].path)
            problems.append(at(display_path(item.path), where, f"lesson id '{lesson_id}' is already used by {other}; the app would skip one of them",
                               ("id",), "give each lesson its own id"))
            continue
        first[lesson_id] = item
        own = bundled.get(lesson_id)
        # The bundled lesson itself, or a copy of it as it is (the course's own checkout beside
        # an installed convtutor), hides nothing: only a different lesson under its id is lost.
        if own is not None and own.resolve() != item.path.resolve() and not _same_bytes(own, item.path):
            problems.append(at(display_path(item.path), where, f"lesson id '{lesson_id}' is already used by the bundled course ({own.name}); the app would skip this lesson",
                               ("id",), "give the lesson its own id, e.g. 'my-" + lesson_id + "'"))
    return problems


@dataclass(frozen=True)
class _KnownLesson:
    """Stands in for a lesson known only by id (bundled, or broken and already reported)."""

    id: str
    prerequisites: tuple[str, ...] = ()


def _stubs(ids: set[str]) -> list[tuple[_KnownLesson, str, SourceMap]]:
    """Placeholder entries so that prerequisites on these lessons count as known."""
    return [(_KnownLesson(lesson_id), "", SourceMap()) for lesson_id in sorted(ids)]


__all__ = ["Catalog", "LoadedLesson", "Position", "Section", "display_path", "load_catalog", "load_folder", "load_lesson", "validate_paths"]
