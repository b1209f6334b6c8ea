"""The key line at the bottom of a screen: Textual's Footer, without its leak."""

from __future__ import annotations

from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's Footer binds every key it draws to its ``compact`` flag and only forgets
    those bindings when the flag changes, which never happens here: each redraw of the keys
    (on every focus or step change) kept the old keys alive. Re-announcing the flag after a
    redraw lets Textual drop the bindings of keys that have gone."""

    async def recompose(self) -> None:
        await super().recompose()
        self.mutate_reactive(Footer.compact)
