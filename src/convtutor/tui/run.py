"""Starting the app from the command line."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from convtutor.tui.app import ConvTutorApp


def run(extra_lessons: Sequence[Path] = (), open_at: str | None = None, playground: str | None = None, *, watch: bool = False,
        served: Path | None = None) -> int:
    """Run the app; ``served`` (a room's folder) is one browser tab's session of ``convtutor serve``."""
    missing = [p for p in extra_lessons if not Path(p).is_dir()]
    if missing:
        print(f"convtutor: --lessons {missing[0]}: no such folder", file=sys.stderr)
        return 2
    if watch:
        from convtutor.tui.live_reload import MISSING_LIBRARY

        try:
            import watchfiles  # noqa: F401 - only to say at once when it is missing
        except ImportError:
            print(f"convtutor: {MISSING_LIBRARY}", file=sys.stderr)
            return 2
    if served is not None and (watch or open_at or playground):
        # Never from a page: `convtutor serve` builds the session's command without them.
        print("convtutor: a served session takes no --watch, --open or playground", file=sys.stderr)
        return 2
    app = ConvTutorApp(extra_lessons, open_at=open_at, playground=playground, watch=watch, served=served)
    app.run()
    return app.return_code or 0
