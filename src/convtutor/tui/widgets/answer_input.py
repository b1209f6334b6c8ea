"""An answer box that takes only the characters an answer can contain and lets every other key
through to the lesson's shortcuts."""

from __future__ import annotations

import re

from textual import events
from textual.widgets import Input

from convtutor import compat

NUMBER_CHARS = r"[-+0-9.]"


class AnswerInput(Input):
    """Typing n, h or s in a number box still moves on, asks for a hint or shows the answer,
    because no number has them. ``chars`` is a regex character class of what answers contain."""

    def __init__(self, *, chars: str = NUMBER_CHARS, placeholder: str = "", id: str | None = None, compact: bool = False) -> None:
        super().__init__(placeholder=placeholder, id=id, compact=compact)
        self.allow(chars)

    def allow(self, chars: str) -> None:
        """Take ``chars`` (a regex character class) from now on; the question changed."""
        self._chars = re.compile(chars)
        self.restrict = f"{chars}*"

    def check_consume_key(self, key: str, character: str | None) -> bool:
        # Only answer characters are ours; the app's bindings see every other key.
        return character is not None and bool(self._chars.fullmatch(character))

    async def _on_key(self, event: events.Key) -> None:
        # A reach into Input's private handler: see ``textual-input-passthrough`` in convtutor.compat.
        # Textual runs Input's own handler after this one unless the default is prevented.
        passthrough = compat.enabled("textual-input-passthrough")
        if passthrough and event.is_printable and event.character and not self._chars.fullmatch(event.character):
            event.prevent_default()  # not part of an answer: it bubbles on to the bindings
