"""The stars earned per shape puzzle (puzzles.json, beside progress.json): the best per puzzle id."""

from __future__ import annotations

import json
from pathlib import Path

from convtutor import paths
from convtutor.state.files import atomic_write, read_bytes

FILE_NAME = "puzzles.json"
MAX_BYTES = 200_000
MAX_STARS = 2


def results_file() -> Path:
    return paths.data_dir() / FILE_NAME


class PuzzleResults:
    """Best stars per puzzle id (solved with 0 stars is kept as 0; unsolved is absent)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.best: dict[str, int] = {}
        self.warning = ""

    def load(self) -> None:
        """Read the file; a missing or damaged one reads as no results (never raises)."""
        if self.path is None:
            return
        raw = read_bytes(self.path, MAX_BYTES)
        try:
            data = json.loads(raw.decode("utf-8")) if raw is not None else {}
        except (ValueError, RecursionError):
            data = {}
        stars = data.get("stars") if isinstance(data, dict) else None
        if isinstance(stars, dict):
            self.best = {k: min(v, MAX_STARS) for k, v in stars.items()
                         if isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0}

    def stars(self, puzzle_id: str) -> int | None:
        """The best stars earned, or None when not solved yet."""
        return self.best.get(puzzle_id)

    def record(self, puzzle_id: str, stars: int) -> bool:
        """Keep a solution's stars if better; True when the best changed (and was saved, if a file)."""
        before = self.best.get(puzzle_id)
        if before is not None and before >= stars:
            return False
        self.best[puzzle_id] = stars
        self.save()
        return True

    def save(self) -> bool:
        if self.path is None:
            return True
        try:
            atomic_write(self.path, json.dumps({"format_version": 1, "stars": self.best}, indent=1, sort_keys=True).encode("utf-8"))
        except OSError as error:
            self.warning = f"Puzzle results could not be saved: {error.strerror or error}"
            return False
        return True
