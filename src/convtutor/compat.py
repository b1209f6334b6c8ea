"""Every place convtutor works around a dependency's bug or reaches into its internals.

Each workaround is listed in :data:`WORKAROUNDS` with the upstream issue, the versions it was
seen with, and what it does; ``tests/test_compat.py`` checks each one still works and still
matters, so that a dependency's upgrade that fixes (or moves) something shows up as a failing
test rather than as dead code. Nothing here imports Textual when this module is imported: the
Textual entries look their targets up by name, only when the TUI calls them.

Set ``CONVTUTOR_COMPAT_OFF`` to a comma-separated list of names to switch workarounds off (the
tests use it to show that a workaround is still needed).
"""

from __future__ import annotations

import atexit
import gc
import importlib
import os
from typing import Any, NamedTuple


class Workaround(NamedTuple):
    name: str
    dependency: str
    upstream: str  # the issue to watch
    seen_with: str  # versions it was needed with
    what: str


WORKAROUNDS = (
    Workaround(
        "msgspec-shutdown-gc", "msgspec", "https://github.com/msgspec/msgspec/issues/717", "msgspec 0.18–0.22 on CPython 3.11",
        "The interpreter can crash (SIGSEGV) at exit when the garbage collector clears Struct types whose fields use "
        "msgspec.Meta: about 4 runs in 10 of 'convtutor validate' here. At exit, every object is frozen out of the "
        "collector's reach before modules are torn down; memory is given back by the process ending anyway.",
    ),
    Workaround(
        "textual-styles-cache", "textual", "https://github.com/Textualize/textual/issues/6665", "textual 8.0–8.2",
        "StylesCache.get_inner_outer is an lru_cache on a method, so it keeps up to 1024 removed widgets' render caches "
        "(strips and all) alive. The lesson screen clears it after removing a step's widgets, then runs a full collection.",
    ),
    Workaround(
        "textual-footer-keys", "textual", "Footer keeps a data binding per drawn key until `compact` changes", "textual 8.0–8.2",
        "Footer binds each FooterKey to its `compact` reactive and drops those bindings only when `compact` changes, "
        "which never happens here, so every recompose kept the old keys. KeyFooter re-announces `compact` after a recompose.",
    ),
    Workaround(
        "textual-input-passthrough", "textual", "Input has no public way to let keys it does not use reach bindings", "textual 8.0–8.2",
        "AnswerInput overrides the private Input._on_key so that keys no answer contains (n, h, s...) go on to the lesson's bindings "
        "instead of being swallowed by the answer box.",
    ),
    Workaround(
        "textual-fatal-error", "textual", "App has no public hook for an unhandled exception", "textual 8.0–8.2",
        "ConvTutorApp overrides the private App._fatal_error (which prints a traceback with locals) to write crash.log "
        "and print a short message instead.",
    ),
)


def enabled(name: str) -> bool:
    return name not in {part.strip() for part in os.environ.get("CONVTUTOR_COMPAT_OFF", "").split(",")}


def private(module: str, attribute: str) -> Any:
    """A dependency's private ``module.attribute``, or None if a release moved or removed it."""
    try:
        return getattr(importlib.import_module(module), attribute, None)
    except ImportError:
        return None


# -- msgspec --------------------------------------------------------------------------------------
_frozen_at_exit = False


def keep_msgspec_types_at_exit() -> None:
    """Called where the lesson format's Struct types are defined (see WORKAROUNDS[0])."""
    global _frozen_at_exit
    if not _frozen_at_exit and enabled("msgspec-shutdown-gc"):
        _frozen_at_exit = True
        atexit.register(gc.freeze)


# -- Textual ----------------------------------------------------------------------------------------
def release_removed_widgets() -> None:
    """After removing widgets (a step, a screen): drop what only caches still hold, and free
    them at once with a full collection (3-35 ms)."""
    if enabled("textual-styles-cache"):
        cache = getattr(private("textual._styles_cache", "StylesCache"), "get_inner_outer", None)
        cache_clear = getattr(cache, "cache_clear", None)
        if cache_clear is not None:  # a Textual that fixed the leak has no cache to clear
            cache_clear()
    gc.collect()


def forget_footer_keys(footer: Any) -> None:
    """After a Footer recomposes: let Textual drop the bindings of the keys it no longer shows."""
    if enabled("textual-footer-keys"):
        footer.mutate_reactive(type(footer).compact)
