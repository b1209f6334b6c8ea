"""``convtutor docs [GUIDE]``: print a guide that ships with convtutor (the lesson format)."""

from __future__ import annotations

import argparse
import sys
from typing import TypeVar

_Parser = TypeVar("_Parser", bound=argparse.ArgumentParser)  # main passes its own ArgumentParser subclass

GUIDES = {"lesson-format": "lesson-format.md"}


def add_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "docs",
        help="print a guide for lesson authors (the lesson format)",
        description="Print a guide that ships with convtutor, e.g. the lesson file format, so that it "
        "is at hand wherever convtutor is installed.",
    )
    p.add_argument("guide", nargs="?", choices=sorted(GUIDES), default="lesson-format", help="which guide (default: lesson-format)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from convtutor import paths

    path = paths.bundled_docs_dir() / GUIDES[args.guide]
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        print(f"convtutor docs: cannot read {path}: {error.strerror or error}", file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0
