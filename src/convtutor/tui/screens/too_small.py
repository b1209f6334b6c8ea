"""The cover shown while the terminal is smaller than the app can use, and what puts it up."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_SIZE = (60, 18)


class TooSmallScreen(ModalScreen[None]):
    """Covers everything while the terminal is below the minimum size."""

    BINDINGS = [Binding("q,ctrl+c", "app.quit", "Quit")]
    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $background; }
    TooSmallScreen Static { width: auto; height: auto; }
    """

    def __init__(self, minimum: tuple[int, int]) -> None:
        super().__init__()
        self.minimum = minimum

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-text")

    def on_mount(self) -> None:
        self.update_size((self.app.size.width, self.app.size.height))

    def update_size(self, size: tuple[int, int]) -> None:
        w, h = size
        mw, mh = self.minimum
        self.query_one(Static).update(
            f"convtutor needs a terminal of at least {mw}×{mh};\nthis one is {w}×{h}.\nMake it larger (q quits)."
        )


class SizeGuard:
    """Covers the app while the terminal is below the minimum size (the app calls
    :meth:`check` at start and on every resize)."""

    def __init__(self, app: App[None], minimum: tuple[int, int] = MIN_SIZE) -> None:
        self.app = app
        self.minimum = minimum
        self.cover: TooSmallScreen | None = None

    def check(self, width: int, height: int) -> None:
        small = width < self.minimum[0] or height < self.minimum[1]
        if small and self.cover is None:
            self.cover = TooSmallScreen(self.minimum)
            self.app.push_screen(self.cover)
        elif small and self.cover is not None and self.cover.is_mounted:
            self.cover.update_size((width, height))
        elif not small and self.cover is not None:
            if self.app.screen is self.cover:
                self.app.pop_screen()
            self.cover = None
