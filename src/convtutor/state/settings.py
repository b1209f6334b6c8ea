"""The learner's preferences (for now, the theme), kept next to the progress file."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from convtutor import paths
from convtutor.state.files import atomic_write, read_bytes

MAX_BYTES = 100_000

THEMES = {"dark": "textual-dark", "light": "textual-light", "ansi": "ansi-dark"}
THEME_LABELS = {"dark": "dark", "light": "light", "ansi": "ANSI colours (for terminals without true colour)"}


@dataclass
class Settings:
    theme: str | None = None  # a key of THEMES; None: choose from the terminal
    playground: str | None = None  # the playground's last settings line


def load() -> Settings:
    """The saved settings; defaults, silently, for a missing or damaged file."""
    raw = read_bytes(paths.data_dir() / "settings.json", MAX_BYTES)
    try:
        data = json.loads(raw.decode("utf-8")) if raw is not None else None
    except (ValueError, RecursionError):
        return Settings()
    theme = data.get("theme") if isinstance(data, dict) else None
    playground = data.get("playground") if isinstance(data, dict) else None
    return Settings(
        theme=theme if isinstance(theme, str) and theme in THEMES else None,
        playground=playground if isinstance(playground, str) and len(playground) < 200 else None,
    )


def save(settings: Settings) -> bool:
    try:
        data = {"theme": settings.theme, "playground": settings.playground}
        atomic_write(paths.data_dir() / "settings.json", json.dumps(data).encode("utf-8"))
    except OSError:
        return False
    return True


def default_theme(environ: dict[str, str] | None = None) -> str:
    """Dark where the terminal says it has true colour, else the terminal's own ANSI colours."""
    env = os.environ if environ is None else environ
    truecolor = env.get("COLORTERM", "").lower() in ("truecolor", "24bit") or "direct" in env.get("TERM", "")
    return "dark" if truecolor else "ansi"
