"""An input for a number that lets every other key through to the lesson's shortcuts."""

from __future__ import annotations

import re

from textual import events
from textual.widgets import Input

from convtutor import compat

_NUMBER_KEY = re.compile(r"[-+0-9.]")


class NumberInput(Input):
    """Typing n or b while predicting still moves between steps, because no number has them."""

    def __init__(self, *, placeholder: str = "", id: str | None = None, compact: bool = False) -> None:
        super().__init__(restrict=r"[-+0-9.]*", placeholder=placeholder, id=id, compact=compact)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        # Only number characters are ours; the app's bindings see every other key.
        return character is not None and bool(_NUMBER_KEY.fullmatch(character))

    async def _on_key(self, event: events.Key) -> None:
        # A reach into Input's private handler: see ``textual-input-passthrough`` in convtutor.compat.
        # Textual runs Input's own handler after this one unless the default is prevented.
        passthrough = compat.enabled("textual-input-passthrough")
        if passthrough and event.is_printable and event.character and not _NUMBER_KEY.fullmatch(event.character):
            event.prevent_default()  # not part of a number: it bubbles on to the bindings
