"""The cover shown while the terminal is smaller than the app can use, and what puts it up."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

MIN_SIZE = (60, 18)


class TooSmallScreen(ModalScreen[None]):
    """Covers everything while the terminal is below the minimum size.

    Modal, so that no key of the screens under it works, but opaque: Textual's modal screens
    let the screen below show through (dimmed, or untouched with ANSI colours)."""

    BINDINGS = [Binding("q,ctrl+c", "app.quit", "Quit")]
    DEFAULT_CSS = """
    TooSmallScreen, TooSmallScreen:ansi { align: center middle; background: $background; }
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
        for text in self.query("#too-small-text").results(Static):  # none once the cover is closing
            text.update(f"convtutor needs a terminal of at least {mw}×{mh};\nthis one is {w}×{h}.\nMake it larger (q quits).")


class SizeGuard:
    """Covers the app while the terminal is below the minimum size: the app calls :meth:`check`
    at start and on every resize, and whenever the screens change the guard checks again, so
    that a screen pushed (or a cover popped) while the terminal is small stays covered."""

    def __init__(self, app: App[None], minimum: tuple[int, int] = MIN_SIZE) -> None:
        self.app = app
        self.minimum = minimum
        self.cover: TooSmallScreen | None = None
        self._watching = False

    def check(self, width: int, height: int) -> None:
        if not self._watching:
            self._watching = True
            self.app.screen_change_signal.subscribe(self.app, self._screen_changed)
        small = width < self.minimum[0] or height < self.minimum[1]
        stack = self.app.screen_stack
        if self.cover is not None and self.cover not in stack:
            self.cover = None  # something else closed it
        if small:
            if self.cover is None or stack[-1] is not self.cover:
                # Not up yet, or another screen went up over it (a lesson opened from the command
                # line once the course loaded): a new cover goes on top. One under another
                # screen goes when that screen closes (see _screen_changed).
                self.cover = TooSmallScreen(self.minimum)
                self.app.push_screen(self.cover)
            elif self.cover.is_mounted:
                self.cover.update_size((width, height))
        elif isinstance(self.app.screen, TooSmallScreen):
            self.app.pop_screen()
            self.cover = None
        else:
            self.cover = None

    def _screen_changed(self, screen: Screen[object]) -> None:
        # Checked after the change is complete (a push or pop is still under way here).
        self.app.call_later(self._recheck)

    def _recheck(self) -> None:
        if self.app.is_running and self.app.screen_stack:
            self.check(self.app.size.width, self.app.size.height)
