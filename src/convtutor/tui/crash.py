"""What the learner sees when convtutor meets a bug: a short message and a crash.log, never a
traceback on the screen; and the message says progress is saved only if it is."""

from __future__ import annotations

import traceback
from pathlib import Path

from convtutor import paths


def write_log(error: BaseException | None, folder: Path | None = None) -> Path | None:
    """Append the traceback to crash.log in the data folder; None if it cannot be written."""
    log = (folder or paths.data_dir()) / "crash.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(error)) if error is not None else "unknown error\n")
    except OSError:
        return None
    return log


def message(error: BaseException | None, log: Path | None, progress_saved: bool) -> str:
    name = f"{type(error).__name__}: {error}" if error is not None else "unknown error"
    saved = (
        "Your progress up to the last answer is saved."
        if progress_saved
        else "Your latest progress could not be saved (see the warning shown earlier)."
    )
    where = f" The details are in {log}." if log is not None else ""
    return (
        f"convtutor stopped because of an unexpected problem: {name}\n"
        f"{saved}{where}\n"
        "Please report it, with that file, to the convtutor developers."
    )
