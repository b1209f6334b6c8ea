"""The key line at the bottom of a screen: Textual's Footer, without its leak."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

from convtutor import compat


class KeyFooter(Footer):
    """Textual's Footer keeps every key it has drawn (see ``textual-footer-keys`` in
    :mod:`convtutor.compat`); this one lets them go after each redraw. Below 100 columns it
    packs the keys closer, so that a lesson's keys fit an 80-column terminal."""

    def on_resize(self, event: events.Resize) -> None:
        self.compact = event.size.width < 100

    async def recompose(self) -> None:
        await super().recompose()
        compat.forget_footer_keys(self)
