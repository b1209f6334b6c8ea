"""``convtutor``: run the app, or one of the subcommands.

Subcommand modules are imported only when chosen, so ``convtutor --help`` stays instant and
the app's start-up does not pay for NumPy or the lesson validator before it has to.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from convtutor import __version__


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (exit 2), not a usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def build_parser() -> Parser:
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    from convtutor.cli import new_command, schema_command, shape_command, validate_command

    shape_command.add_parser(commands)
    validate_command.add_parser(commands)
    new_command.add_parser(commands)
    schema_command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command is None:
            from convtutor.tui.app import run

            return run([Path(p) for p in args.lessons], open_at=args.open)
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # e.g. `convtutor shape ... | head`: not an error worth a traceback.
        return 0
