"""``convtutor validate``: check lesson files and folders, reporting ``file:line:col: message``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TypeVar

_Parser = TypeVar("_Parser", bound=argparse.ArgumentParser)  # main passes its own ArgumentParser subclass


def add_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "validate",
        help="check lesson or puzzle files or folders for problems",
        description="Check lesson or puzzle files (or folders of them) and report every problem as "
        "file:line:col: field: message. Exit status 0 when clean (warnings allowed unless --strict), 1 when not. "
        "Safe on untrusted files.",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="a lesson file, course.yaml, a puzzle file, pack.yaml, or a folder")
    p.add_argument("--json", action="store_true", help="print the problems as JSON")
    p.add_argument("--strict", action="store_true", help="fail on warnings too (e.g. a lesson file left out of course.yaml)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from convtutor.lessons.loader import display_path, validate_paths
    from convtutor.lessons.problems import Problem

    try:
        # Puzzles (a folder with a pack.yaml, a pack.yaml, or a file saying `kind: puzzle`) have their own validator.
        from convtutor.puzzles.validate import is_puzzle_path, validate_puzzle_paths

        puzzles = [path for path in args.paths if is_puzzle_path(path)]
        lessons = [path for path in args.paths if path not in puzzles]
        problems, count = validate_paths(lessons) if lessons else ([], 0)
        if puzzles:
            found, checked = validate_puzzle_paths(puzzles)
            problems, count = problems + found, count + checked
    except Exception as error:  # a bug must still not show a traceback to an author
        where = display_path(args.paths[0])
        problems, count = [Problem(where, 1, 1, f"internal error while checking: {type(error).__name__}: {error}",
                                   hint="please report this with the file attached")], len(args.paths)
    if args.json:
        print(json.dumps({"files": count, "problems": [p.as_dict() for p in problems]}, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            print(problem.format())
        sys.stdout.flush()  # keep the summary after the problems when both go to a terminal
        noun = "file" if count == 1 else "files"
        errors = sum(1 for p in problems if p.severity == "error")
        warnings = len(problems) - errors
        parts = [f"{errors} problem{'s' * (errors != 1)}"] if errors else []
        parts += [f"{warnings} warning{'s' * (warnings != 1)}"] if warnings else []
        if parts:
            print(f"{' and '.join(parts)} in {count} {noun}", file=sys.stderr)
        else:
            print(f"{count} {noun} checked: no problems", file=sys.stderr)
    failing = problems if args.strict else [p for p in problems if p.severity == "error"]
    return 1 if failing else 0
