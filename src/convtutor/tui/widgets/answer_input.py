"""An answer box that lets the screen's keys through to their bindings and types every other
character: nothing a learner types is dropped without a word."""

from __future__ import annotations

import re

from textual import events
from textual.widgets import Input

from convtutor import compat

#: A sweep's predicted value: a decimal or a fraction a/b (not a space: in a sweep it plays).
PREDICTION_CHARS = r"[-+0-9./]"
NOTHING = r"[^\s\S]"  # a closed box (a solved problem) takes no character


class AnswerInput(Input):
    """Typing n, h or s in a number box still moves on, asks for a hint or shows the answer,
    because no number has them. ``chars`` is a regex character class of what answers contain:
    those are always typed (an ``n`` in ``(None, 6, 6)``); any other key is the screen's when it
    is bound there (and enabled), and typed otherwise: ``21/4`` stays ``21/4`` in a box for
    numbers, and the reader says how to write a number, rather than the ``/`` vanishing and
    ``214`` being marked."""

    def __init__(self, *, chars: str = PREDICTION_CHARS, placeholder: str = "", id: str | None = None, compact: bool = False) -> None:
        super().__init__(placeholder=placeholder, id=id, compact=compact)
        self.allow(chars)

    def allow(self, chars: str) -> None:
        """Take ``chars`` (a regex character class) from now on, and any key the screen does not bind."""
        self._chars = re.compile(chars)
        self._open = True
        self.restrict = None  # which keys are typed is decided per key, in _on_key

    def close(self) -> None:
        """Take no character (a solved problem's box keeps the focus): every key is the screen's."""
        self._chars = re.compile(NOTHING)
        self._open = False
        self.restrict = f"{NOTHING}*"  # nor a paste

    def check_consume_key(self, key: str, character: str | None) -> bool:
        # Answer characters are ours; the app's bindings see every other key (and so the footer
        # offers them), and _on_key takes back the ones that are bound to nothing.
        return character is not None and bool(self._chars.fullmatch(character))

    def _bound(self, event: events.Key) -> bool:
        """Whether a key runs an enabled binding of the screen (or the app) from this box."""
        active = self.screen.active_bindings
        return any(binding.enabled for key in event.aliases if (binding := active.get(key)) is not None)

    async def _on_key(self, event: events.Key) -> None:
        # A reach into Input's private handler: see ``textual-input-passthrough`` in convtutor.compat.
        # Textual runs Input's own handler (which types the key) after this one unless the default is prevented.
        if not compat.enabled("textual-input-passthrough"):
            return
        answer_char = bool(event.character) and self._chars.fullmatch(event.character or "") is not None
        if event.is_printable and not answer_char and (not self._open or self._bound(event)):
            event.prevent_default()  # not part of an answer, and a key of the screen's: it bubbles on to the bindings
