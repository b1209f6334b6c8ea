"""A quick look at the lessons for the first screen: ids, titles and step ids, unvalidated.

The list of lessons has to be on screen fast, so it is built from the YAML alone (through the
same safe, bounded reader as everything else) without the schema or the checks. The full
loader (:mod:`convtutor.lessons.loader`) runs afterwards; its result replaces this index and
drops any lesson that does not validate.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from convtutor import __version__, paths

COURSE_FILE = "course.yaml"
LESSON_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class QuestionInfo:
    id: str


@dataclass(frozen=True)
class StepInfo:
    id: str
    kind: str
    title: str
    questions: tuple[QuestionInfo, ...] = ()


@dataclass(frozen=True)
class LessonInfo:
    id: str
    title: str
    summary: str
    prerequisites: tuple[str, ...]
    steps: tuple[StepInfo, ...]


@dataclass
class SectionInfo:
    title: str
    origin: str  # "bundled", "extra" or "user"
    folder: Path
    lessons: list[LessonInfo] = field(default_factory=list)


@dataclass
class CourseIndex:
    sections: list[SectionInfo] = field(default_factory=list)
    problem_files: int = 0  # files that did not load (known only once fully validated)
    validated: bool = False

    def lessons(self) -> Iterator[LessonInfo]:
        for section in self.sections:
            yield from section.lessons

    def find(self, lesson_id: str) -> LessonInfo | None:
        return next((lesson for lesson in self.lessons() if lesson.id == lesson_id), None)


def _text(value: object, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _ids(value: object) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def lesson_info(data: object) -> LessonInfo | None:
    """What the list needs from a lesson's raw data; None if it is not even shaped like one."""
    if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not isinstance(data.get("steps"), list):
        return None
    steps = []
    for raw in data["steps"]:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            return None
        questions = tuple(
            QuestionInfo(q["id"]) for q in raw.get("questions") or [] if isinstance(q, dict) and isinstance(q.get("id"), str)
        )
        steps.append(StepInfo(raw["id"], _text(raw.get("kind")), _text(raw.get("title")), questions))
    return LessonInfo(data["id"], _text(data.get("title"), data["id"]), _text(data.get("summary")), _ids(data.get("prerequisites")), tuple(steps))


class _FileCache:
    """Raw data of lesson and course files, remembered by path, size and modification time.

    A start with nothing changed then reads one small JSON file instead of importing a YAML
    parser and parsing every lesson. Anything unexpected in the cache just means a re-read.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path  # None: remember nothing between runs
        self.entries: dict[str, dict] = {}
        self.changed = False
        if path is None:
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") == __version__ and isinstance(data.get("files"), dict):
                self.entries = data["files"]
        except (OSError, ValueError, AttributeError):
            pass

    def read(self, file: Path) -> object:
        """The file's data as the index needs it (None if it cannot be read)."""
        try:
            stat = file.stat()
        except OSError:
            return None
        key = str(file.resolve())
        stamp = [stat.st_size, stat.st_mtime_ns]
        entry = self.entries.get(key)
        if isinstance(entry, dict) and entry.get("stamp") == stamp:
            return entry.get("data")
        from convtutor.lessons.yaml_source import SourceError, load_file  # only on a miss

        try:
            data = _summary(load_file(file).data)
        except (SourceError, OSError):
            data = None
        self.entries[key] = {"stamp": stamp, "data": data}
        self.changed = True
        return data

    def save(self) -> None:
        if not self.changed or self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps({"version": __version__, "files": self.entries}), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs time


def _summary(data: object) -> object:
    """Only what the index reads, so the cache stays small (lesson text is left out)."""
    if not isinstance(data, dict):
        return None
    if "lessons" in data and "steps" not in data:  # a course file
        return {"title": data.get("title"), "lessons": data.get("lessons")}
    info = lesson_info(data)
    return None if info is None else asdict(info)


def _from_summary(data: object) -> LessonInfo | None:
    if not isinstance(data, dict) or "steps" not in data:
        return None
    try:
        steps = tuple(
            StepInfo(s["id"], s["kind"], s["title"], tuple(QuestionInfo(q["id"]) for q in s["questions"]))
            for s in data["steps"]
        )
        return LessonInfo(data["id"], data["title"], data["summary"], tuple(data["prerequisites"]), steps)
    except (KeyError, TypeError):
        return None


def folder_lessons(folder: Path) -> tuple[list[Path], list[Path]]:
    """Lesson files of a folder without a course file, in name order: (inside, outside).

    A symbolic link that leads out of the folder is not followed: lessons stay inside their
    folder, whatever links an untrusted folder holds.
    """
    root = folder.resolve()
    inside, outside = [], []
    for path in sorted(folder.iterdir()):
        if path.suffix not in LESSON_SUFFIXES or path.name == COURSE_FILE or not path.is_file():
            continue
        (inside if path.resolve().is_relative_to(root) else outside).append(path)
    return inside, outside


def _files(folder: Path, cache: _FileCache) -> tuple[str | None, list[Path]]:
    course = folder / COURSE_FILE
    if course.is_file():
        data = cache.read(course)
        if isinstance(data, dict) and isinstance(data.get("lessons"), list):
            root = folder.resolve()
            files = []
            for name in data["lessons"]:
                if isinstance(name, str):
                    candidate = (folder / name).resolve()
                    if candidate.is_relative_to(root) and candidate.is_file():
                        files.append(candidate)
            return _text(data.get("title")) or None, files
        return None, []
    return None, folder_lessons(folder)[0]


def folders(extra_dirs: Iterable[Path] = (), *, bundled: bool = True, user: bool = True) -> list[tuple[Path, str]]:
    """The lesson folders, in the order the app shows them."""
    found: list[tuple[Path, str]] = []
    if bundled:
        found.append((paths.bundled_lessons_dir(), "bundled"))
    found.extend((Path(folder), "extra") for folder in extra_dirs)
    user_dir = paths.user_lessons_dir()
    if user and user_dir.is_dir():
        found.append((user_dir, "user"))
    return found


def scan(extra_dirs: Iterable[Path] = (), *, bundled: bool = True, user: bool = True, cache: bool = True) -> CourseIndex:
    """Read ids and titles from every lesson folder; skip (silently) what cannot be read.

    ``cache`` keeps what was read in the data folder for the next start (the app's case).
    """
    files = _FileCache(paths.data_dir() / "cache" / "lesson-index.json" if cache else None)
    index = CourseIndex()
    seen: set[str] = set()
    for folder, origin in folders(extra_dirs, bundled=bundled, user=user):
        if not folder.is_dir():
            continue
        try:
            title, lesson_paths = _files(folder, files)
        except OSError:
            continue
        section = SectionInfo(title or folder.name, origin, folder)
        for path in lesson_paths:
            info = _from_summary(files.read(path))
            if info is not None and info.id not in seen:
                seen.add(info.id)
                section.lessons.append(info)
        if section.lessons:
            index.sections.append(section)
    files.save()
    return index


def from_catalog(catalog: object) -> CourseIndex:
    """The index of a fully loaded and validated catalog."""
    index = CourseIndex(problem_files=len({p.file for p in catalog.problems}), validated=True)  # type: ignore[attr-defined]
    for section in catalog.sections:  # type: ignore[attr-defined]
        info = SectionInfo(section.title, section.origin, section.folder)
        for item in section.lessons:
            lesson = item.lesson
            steps = tuple(
                StepInfo(s.id, s.kind, s.title or "", tuple(QuestionInfo(q.id) for q in getattr(s, "questions", None) or []))
                for s in lesson.steps
            )
            info.lessons.append(LessonInfo(lesson.id, lesson.title, lesson.summary, tuple(lesson.prerequisites), steps))
        index.sections.append(info)
    return index
