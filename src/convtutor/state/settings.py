"""The learner's preferences (for now, the theme), kept next to the progress file."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass

from convtutor import paths

THEMES = {"dark": "textual-dark", "light": "textual-light", "ansi": "ansi-dark"}


@dataclass
class Settings:
    theme: str | None = None  # a key of THEMES; None: choose from the terminal


def load() -> Settings:
    try:
        data = json.loads((paths.data_dir() / "settings.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    theme = data.get("theme") if isinstance(data, dict) else None
    return Settings(theme=theme if theme in THEMES else None)


def save(settings: Settings) -> bool:
    folder = paths.data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".settings-", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump({"theme": settings.theme}, stream)
        os.replace(temporary, folder / "settings.json")
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(temporary)
        return False
    return True


def default_theme(environ: dict[str, str] | None = None) -> str:
    """Dark where the terminal says it has true colour, else the terminal's own ANSI colours."""
    env = os.environ if environ is None else environ
    truecolor = env.get("COLORTERM", "").lower() in ("truecolor", "24bit") or "direct" in env.get("TERM", "")
    return "dark" if truecolor else "ansi"
