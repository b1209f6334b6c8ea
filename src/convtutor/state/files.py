"""Reading and writing the files the app keeps, safely.

Every state file is written the same way: a temporary file in the same folder, flushed to
disk, then renamed over the old one, so a crash leaves the old file or the new one, never a
torn one; the temporary file is removed if anything fails. Reading never raises: a file
that is missing, is a folder or a FIFO, cannot be read, or is larger than its limit reads as
nothing, and the caller falls back to what it would do without the file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, NamedTuple

TEMPORARY_SUFFIX = ".tmp"
COPY_CHUNK = 1 << 20


class Read(NamedTuple):
    """What reading a state file gave: its bytes, or why not (``missing`` is not a problem)."""

    data: bytes | None
    missing: bool = False
    problem: str = ""  # e.g. "it is larger than 5 MB"; empty when data was read or the file is missing
    too_large: bool = False  # a regular, readable file: its content is the problem, not its access


def read_file(path: Path, limit: int) -> Read:
    """Read a state file of at most ``limit`` bytes; never raises, never reads more than
    ``limit + 1`` bytes, and never blocks on a FIFO or a device."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        return Read(None, missing=True)
    except OSError as error:
        return Read(None, problem=f"it cannot be read: {error.strerror or error}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return Read(None, problem="it is not a regular file")
        if info.st_size > limit:
            return Read(None, problem=f"it is larger than {_size(limit)}", too_large=True)
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        return Read(None, problem=f"it cannot be read: {error.strerror or error}")
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while we looked
        return Read(None, problem=f"it is larger than {_size(limit)}", too_large=True)
    return Read(data)


def read_bytes(path: Path, limit: int) -> bytes | None:
    """The file's bytes, or None for any reason (for files whose absence or damage is not news)."""
    return read_file(path, limit).data


def _size(limit: int) -> str:
    return f"{limit / 1e6:g} MB" if limit >= 1_000_000 else f"{limit / 1e3:g} kB"


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once (OSError if it cannot be done; the old file
    is then untouched and no temporary file is left behind)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_all_at_once(path, lambda stream: stream.write(data))


def _write_all_at_once(path: Path, fill: Callable[[BinaryIO], object]) -> None:
    """Fill a temporary file beside ``path``, flush it to disk, rename it over ``path``; on any
    failure remove the temporary file and raise."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", suffix=TEMPORARY_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            fill(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def keep_copy(path: Path, label: str, keep: int) -> str:
    """Copy ``path`` to ``NAME.LABEL-<time>`` beside it, all at once, and keep only the newest
    ``keep`` such copies. Returns the copy's name; OSError if it could not be made (the
    original is untouched either way)."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{number}")

    def copy(out: BinaryIO) -> None:
        with path.open("rb") as source:
            while chunk := source.read(COPY_CHUNK):
                out.write(chunk)

    _write_all_at_once(target, copy)
    copies = sorted(path.parent.glob(f"{path.name}.{label}-*"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in copies[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target.name


def temporaries(path: Path) -> list[Path]:
    """Temporary files that :func:`atomic_write` left for ``path`` when the process died mid-write."""
    try:
        return sorted(path.parent.glob(f".{path.name}-*{TEMPORARY_SUFFIX}"))
    except OSError:
        return []
