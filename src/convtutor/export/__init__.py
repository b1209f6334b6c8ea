"""Exports of a lesson's step for slides, notes and terminal players: ``convtutor export``.

No UI here (no Textual, no Rich): the frames are the same model the app draws, built from the
lesson's sweep step by :mod:`convtutor.learning.sweep_session`.

- :mod:`.target`: which step to export (``LESSON:STEP`` in a catalog, or the playground's settings line).
- :mod:`.frames`: a sweep as frames, one per window (and a last one with the whole output).
- :mod:`.text`: ``txt`` (one line per window with its sum) and ``cast`` (asciicast v2).
- :mod:`.formats`: :func:`~.formats.export_step`, one call for any of them but svg (the command's,
  and what an export key in the app calls).
- :mod:`.image`: ``gif`` and ``png`` (animated PNG), drawn with Pillow (imported when first used:
  the ``export`` extra).

The ``svg`` export is the app's own screen, so it lives with the app: :mod:`convtutor.tui.export_svg`.
"""

from __future__ import annotations

#: Every format ``convtutor export`` writes, and the file suffix of each.
FORMATS = {"gif": ".gif", "png": ".png", "cast": ".cast", "txt": ".txt", "svg": ".svg"}
#: The formats that animate a sweep (one frame per window): sweep steps only.
ANIMATIONS = ("gif", "png", "cast")


class ExportError(ValueError):
    """What was asked cannot be exported; the message says why and what would work.

    ``usage``: the request itself is wrong (an unknown lesson or step, a bad settings line):
    the command exits with 2, as for any usage error; otherwise with 1."""

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


def not_animated(what: str, kind: str, format_name: str) -> ExportError:
    """The error for a step that is not a sweep, asked for as an animation."""
    return ExportError(
        f"{what} is a {kind} step; only sweep steps can be exported as {format_name} "
        f"({', '.join(ANIMATIONS)} animate a sweep window by window; txt and svg take any step)"
    )
