"""Learner names in served mode (``convtutor serve``): what a name may be, and the folder it
keeps its progress in.

A name comes from a web page, so it is never trusted as a path: only ASCII letters, digits and
``-_.``, 1 to 32 characters, not starting with a dot (no ``..``, no hidden folders), and none
of the names Windows keeps for devices. Names are not case-sensitive (``Alice`` and ``alice``
are one learner, as on the file systems of macOS and Windows): the folder is the name in lower
case, so a learner who types it differently on another machine still finds their progress.
"""

from __future__ import annotations

import re
from pathlib import Path

MAX_LENGTH = 32
_ALLOWED = re.compile(r"[A-Za-z0-9_.-]+")
# Windows opens a device for these whatever the extension ("con.txt" too).
_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


class InvalidName(ValueError):
    """The name cannot be used; the message says why, in one short line."""


def check_name(text: str) -> str:
    """The learner's folder name for what they typed (surrounding spaces ignored).

    Raises :class:`InvalidName` with a short message for anything else."""
    name = text.strip()
    if not name:
        raise InvalidName("Type a name (letters, digits, - _ .).")
    if len(name) > MAX_LENGTH:
        raise InvalidName(f"At most {MAX_LENGTH} characters.")
    if not _ALLOWED.fullmatch(name):
        bad = next(c for c in name if not _ALLOWED.fullmatch(c))
        shown = repr(bad) if bad.isprintable() and not bad.isspace() else "a space" if bad == " " else "that character"
        raise InvalidName(f"Only letters, digits and - _ . (not {shown}).")
    if name.startswith("."):
        raise InvalidName("A name cannot start with a dot.")
    folded = name.lower()
    if folded.split(".")[0] in _DEVICES or folded.endswith("."):
        raise InvalidName("That name is reserved; choose another.")
    return folded


def learner_dir(room: Path, text: str) -> Path:
    """The folder of a learner's progress, practice and puzzle files inside the room's folder.

    Raises :class:`InvalidName` for a bad name. The result is always a direct child of ``room``:
    the check above makes that so, and it is checked once more in case the rules ever loosen."""
    folder = room / check_name(text)
    if folder.parent != room or folder.name in ("", ".", ".."):
        raise InvalidName("That name cannot be used.")
    return folder
