"""Starting the app from the command line."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from convtutor.tui.app import ConvTutorApp


def run(extra_lessons: Sequence[Path] = (), open_at: str | None = None, playground: str | None = None) -> int:
    missing = [p for p in extra_lessons if not Path(p).is_dir()]
    if missing:
        print(f"convtutor: --lessons {missing[0]}: no such folder", file=sys.stderr)
        return 2
    app = ConvTutorApp(extra_lessons, open_at=open_at, playground=playground)
    app.run()
    return app.return_code or 0
