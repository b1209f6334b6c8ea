"""Starting the app from the command line."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from convtutor.tui.app import ConvTutorApp


def run(extra_lessons: Sequence[Path] = (), open_at: str | None = None, playground: str | None = None, *, watch: bool = False) -> int:
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
    app = ConvTutorApp(extra_lessons, open_at=open_at, playground=playground, watch=watch)
    app.run()
    return app.return_code or 0
