"""``convtutor puzzle [ID]``: open the app on the shape puzzles (or straight on one)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TypeVar

_Parser = TypeVar("_Parser", bound=argparse.ArgumentParser)  # main passes its own ArgumentParser subclass

EPILOG = """\
Inside a puzzle: a adds a layer, x removes the selected one, ↑ ↓ select; k/K kernel, s/S stride,
p padding, f/F filters, o operation; every change is checked at once. h shows a hint, esc goes
back. The stars you earn are saved (puzzles.json, beside your progress)."""


def add_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "puzzle",
        help="shape puzzles: reach a target shape with a few layers",
        description="Open the app on the shape puzzles' list, or on one puzzle by its id.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("id", nargs="?", metavar="ID", help="open this puzzle (e.g. digit-quarter)")
    p.add_argument("--puzzles", type=Path, metavar="DIR", help="play this folder of puzzles (an instructor's pack) instead of the bundled one")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.puzzles is not None and not args.puzzles.is_dir():
        print(f"convtutor puzzle: --puzzles {args.puzzles}: no such folder", file=sys.stderr)
        return 2
    if args.id is not None:
        from convtutor.puzzles.loader import bundled_puzzles_dir, load_pack

        _, loaded, _ = load_pack(args.puzzles or bundled_puzzles_dir())
        ids = [item.puzzle.id for item in loaded]
        if args.id not in ids:
            print(f"convtutor puzzle: there is no puzzle '{args.id}'; the puzzles are: {', '.join(ids)}", file=sys.stderr)
            return 2

    from convtutor.tui.app import ConvTutorApp
    from convtutor.tui.messages import OpenPuzzles

    app = ConvTutorApp(puzzles=OpenPuzzles(args.id, args.puzzles))
    app.run()
    return app.return_code or 0
