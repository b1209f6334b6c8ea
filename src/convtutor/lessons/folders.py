"""Where lessons are found: the folders, in the order the app shows them, and a folder's files.

Plain and quick (no YAML, no schema), so that the first frame can check the cached summary."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from convtutor import paths

COURSE_FILE = "course.yaml"
LESSON_SUFFIXES = (".yaml", ".yml")

#: A folder as it was: its path, its origin, and (name, size, mtime) of each lesson file in it.
Stamp = tuple[str, str, tuple[tuple[str, int, int], ...] | None]


def folders(extra_dirs: Iterable[Path] = (), *, bundled: bool = True, user: bool = True) -> list[tuple[Path, str]]:
    """The lesson folders with their origin ("bundled", "extra" from --lessons, or "user")."""
    found: list[tuple[Path, str]] = []
    if bundled:
        found.append((paths.bundled_lessons_dir(), "bundled"))
    found.extend((Path(folder), "extra") for folder in extra_dirs)
    user_dir = paths.user_lessons_dir()
    if user and user_dir.is_dir():
        found.append((user_dir, "user"))
    return found


def folder_lessons(folder: Path) -> tuple[list[Path], list[Path]]:
    """Lesson files of a folder without a course file, in name order: (inside, outside).

    A symbolic link that leads out of the folder is not followed: lessons stay inside their
    folder, whatever links an untrusted folder holds.
    """
    root = folder.resolve()
    inside: list[Path] = []
    outside: list[Path] = []
    for path in sorted(folder.iterdir()):
        if path.suffix not in LESSON_SUFFIXES or path.name == COURSE_FILE or not path.is_file():
            continue
        (inside if path.resolve().is_relative_to(root) else outside).append(path)
    return inside, outside


def folder_stamp(folder: Path, origin: str) -> Stamp:
    """What a folder's lesson files look like on disk, cheaply (a stat per file, no reading)."""
    try:
        entries = []
        with os.scandir(folder) as found:
            for entry in found:
                if entry.name.endswith(LESSON_SUFFIXES):
                    info = entry.stat()  # follows links: an edited target changes the stamp
                    entries.append((entry.name, info.st_size, info.st_mtime_ns))
    except OSError:
        return (str(folder), origin, None)
    return (str(folder), origin, tuple(sorted(entries)))
