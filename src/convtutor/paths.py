"""Where convtutor keeps the learner's data, and where the bundled lessons are.

``CONVTUTOR_DATA_DIR`` overrides the user data folder (tests point it at a temporary folder,
so they never touch a real home directory).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA_DIR = "CONVTUTOR_DATA_DIR"


def data_dir() -> Path:
    """The user data folder (not created here)."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path("convtutor", appauthor=False)


def use_data_dir(folder: Path) -> None:
    """From now on keep this process's data in ``folder``: a served session (``convtutor serve``)
    switches to its learner's folder once the name is known, before any state file is read.
    Through the environment variable, so that every reader of :func:`data_dir` follows."""
    os.environ[ENV_DATA_DIR] = str(folder)


def user_lessons_dir() -> Path:
    """Lessons the learner or instructor dropped in; loaded after the bundled course."""
    return data_dir() / "lessons"


def progress_file() -> Path:
    return data_dir() / "progress.json"


def bundled_docs_dir() -> Path:
    """The authors' guides (``docs/`` in a checkout, ``convtutor/bundled_docs`` in a wheel)."""
    package = Path(__file__).resolve().parent
    packaged = package / "bundled_docs"
    return packaged if packaged.is_dir() else package.parent.parent / "docs"


def bundled_lessons_dir() -> Path:
    """The course that ships with convtutor.

    In a wheel the top-level ``lessons/`` folder is packaged as ``convtutor/bundled_lessons``;
    in a source checkout (editable install) it is read in place.
    """
    package = Path(__file__).resolve().parent
    packaged = package / "bundled_lessons"
    if packaged.is_dir():
        return packaged
    return package.parent.parent / "lessons"
