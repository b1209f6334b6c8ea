"""Screens tell the app when the terminal is resized (Textual sends Resize to the current screen)."""

from __future__ import annotations

from textual import events


class WatchesSize:
    """Mixed into every convtutor screen, so that the 'terminal too small' cover comes and goes."""

    def on_resize(self, event: events.Resize) -> None:
        self.app.check_size()  # type: ignore[attr-defined]
