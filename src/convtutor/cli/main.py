"""``convtutor``: run the app, or one of the subcommands.

Subcommand modules are imported only when chosen, so ``convtutor --help`` stays instant and
the app's start-up does not pay for NumPy or the lesson validator before it has to.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from convtutor import __version__

if TYPE_CHECKING:
    import argparse


def build_parser() -> argparse.ArgumentParser:
    import argparse

    class Parser(argparse.ArgumentParser):
        """argparse, but a usage error is one line on stderr (exit 2), not a usage dump."""

        def error(self, message: str) -> NoReturn:
            self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")

    parser = Parser(
        prog="convtutor",
        description="A terminal textbook-game about kernel size, padding and stride in convolutions. "
        "Run without a command to open the course.",
    )
    parser.add_argument("--version", action="version", version=f"convtutor {__version__}")
    parser.add_argument(
        "--lessons",
        action="append",
        default=[],
        metavar="DIR",
        help="also load lessons from DIR (repeatable)",
    )
    parser.add_argument(
        "--open",
        metavar="LESSON[:STEP]",
        help="open this lesson (by id) at start, e.g. to preview one you are writing; STEP counts from 1",
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="live preview: reload a lesson when its file changes (the lesson on screen stays at its step)",
    )
    # One browser tab's session of `convtutor serve` (which builds this command): the room's folder.
    parser.add_argument("--served", type=Path, metavar="DIR", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    from convtutor.cli import (
        docs_command,
        drill_command,
        export_command,
        key_command,
        new_command,
        play_command,
        puzzle_command,
        report_command,
        schema_command,
        serve_command,
        shape_command,
        validate_command,
    )

    shape_command.add_parser(commands)
    play_command.add_parser(commands)
    validate_command.add_parser(commands)
    new_command.add_parser(commands)
    schema_command.add_parser(commands)
    key_command.add_parser(commands)
    docs_command.add_parser(commands)
    export_command.add_parser(commands)
    drill_command.add_parser(commands)
    puzzle_command.add_parser(commands)
    report_command.add_parser(commands)
    serve_command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        if arguments:
            args = build_parser().parse_args(arguments)
            if args.command is not None:
                return int(args.run(args) or 0)
            lessons, open_at, watch, served = args.lessons, args.open, args.watch, args.served
        else:
            # Plain `convtutor`, the usual start: building the parser (argparse and every
            # subcommand's options) took 10-20 ms, a tenth of the time to the first screen.
            lessons, open_at, watch, served = [], None, False, None
        from convtutor.tui.run import run

        return run([Path(p) for p in lessons], open_at=open_at, watch=watch, served=served)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # e.g. `convtutor shape ... | head`: not an error worth a traceback.
        return 0
