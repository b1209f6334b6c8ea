"""Give back the memory of widgets that have been removed.

Two things keep removed widgets alive longer than they should:

- Textual caches ``StylesCache.get_inner_outer`` with ``functools.lru_cache`` on an instance
  method, so the cache holds up to 1024 removed widgets' render caches, strips and all
  (Textual issue #6665, open as of Textual 8).
- A widget tree is a web of reference cycles, freed only by a full garbage collection, which
  Python runs rarely.

A lesson replaces its step widgets at every step, so without this the app grew by about
0.3 MB a step. A full collection takes a few milliseconds here (most objects are frozen).
"""

from __future__ import annotations

import gc

try:  # a private module: a later Textual 8.x may move it, and must not stop the app
    from textual._styles_cache import StylesCache
except ImportError:  # pragma: no cover
    StylesCache = None


def release_removed_widgets() -> None:
    """Call after removing widgets (a step, a screen): drops what only caches still hold."""
    get_inner_outer = getattr(StylesCache, "get_inner_outer", None)
    cache_clear = getattr(get_inner_outer, "cache_clear", None)
    if cache_clear is not None:  # a Textual that fixed the leak has no cache to clear
        cache_clear()
    gc.collect()
