"""What the lesson list shows: ids, titles and step ids, summarised from the loaded lessons.

The loader produces the summary from the validated model (:func:`summarize`), and the app
keeps it in a cache file so that the next start lists the course in its first frame, before
the loader has run again. The cache is used only while every lesson folder looks exactly as
it did when the summary was made (same files, sizes and modification times); otherwise the
app waits for the loader. Anything unexpected in the cache file means it is not used.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from convtutor import __version__, paths
from convtutor.lessons.folders import Stamp, folder_stamp
from convtutor.state.files import atomic_write, read_bytes

if TYPE_CHECKING:
    from convtutor.lessons.loader import Catalog

MAX_CACHE_BYTES = 2_000_000


class QuestionInfo(msgspec.Struct, frozen=True):
    id: str


class StepInfo(msgspec.Struct, frozen=True):
    id: str
    kind: str
    title: str
    questions: tuple[QuestionInfo, ...] = ()


class LessonInfo(msgspec.Struct, frozen=True):
    id: str
    title: str
    summary: str
    prerequisites: tuple[str, ...]
    steps: tuple[StepInfo, ...]


class SectionInfo(msgspec.Struct):
    title: str
    origin: str  # "bundled", "extra" or "user"
    folder: str
    lessons: list[LessonInfo] = msgspec.field(default_factory=list)


class CourseIndex(msgspec.Struct):
    sections: list[SectionInfo] = msgspec.field(default_factory=list)
    problem_files: int = 0  # files that did not load

    def lessons(self) -> Iterator[LessonInfo]:
        for section in self.sections:
            yield from section.lessons

    def find(self, lesson_id: str) -> LessonInfo | None:
        return next((lesson for lesson in self.lessons() if lesson.id == lesson_id), None)


def summarize(catalog: Catalog) -> CourseIndex:
    """The summary of a loaded (validated) catalog."""
    index = CourseIndex(problem_files=len({p.file for p in catalog.problems}))
    for section in catalog.sections:
        info = SectionInfo(section.title, section.origin, str(section.folder))
        for item in section.lessons:
            lesson = item.lesson
            steps = tuple(
                StepInfo(s.id, s.kind, s.title or "", tuple(QuestionInfo(q.id) for q in getattr(s, "questions", ())))
                for s in lesson.steps
            )
            info.lessons.append(LessonInfo(lesson.id, lesson.title, lesson.summary, tuple(lesson.prerequisites), steps))
        index.sections.append(info)
    return index


# -- the cache ---------------------------------------------------------------------------------
class _CacheFile(msgspec.Struct):
    version: str
    folders: list[Stamp]
    index: CourseIndex


def _cache_path() -> Path:
    return paths.data_dir() / "cache" / "lesson-index.json"


def cached(folders: Sequence[tuple[Path, str]]) -> CourseIndex | None:
    """The summary saved for these folders, if none of them has changed since."""
    data = read_bytes(_cache_path(), MAX_CACHE_BYTES)
    if data is None:
        return None
    try:
        saved = msgspec.json.decode(data, type=_CacheFile)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    stamps = [folder_stamp(folder, origin) for folder, origin in folders]
    if saved.version != __version__ or [tuple(s) for s in saved.folders] != stamps:
        return None
    return saved.index


def remember(index: CourseIndex, stamps: Sequence[Stamp]) -> None:
    """Keep the summary for the next start (a cache that cannot be written only costs time)."""
    with contextlib.suppress(OSError):
        atomic_write(_cache_path(), msgspec.json.encode(_CacheFile(__version__, list(stamps), index)))
