"""``convtutor key LESSON.yaml``: the answer key of a lesson, for its author."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TypeVar

_Parser = TypeVar("_Parser", bound=argparse.ArgumentParser)  # main passes its own ArgumentParser subclass


def add_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "key",
        help="print a lesson's answer key: answers, the wrong answer of each named mistake",
        description="Print every question's answer for the first variant and N more, the wrong answer that "
        "each named mistake gives, and feedback that can never show. The lesson must validate.",
    )
    p.add_argument("lesson", type=Path, metavar="LESSON", help="a lesson file")
    p.add_argument("--variants", type=int, default=3, metavar="N", help="generated variants per parameterized question (default 3)")
    p.add_argument("--json", action="store_true", help="print the key as JSON")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from convtutor.lessons.answer_key import key_data, key_text, lesson_key
    from convtutor.lessons.loader import load_lesson, parse_lesson

    lesson, problems = parse_lesson(args.lesson)
    if lesson is None:
        for problem in problems:
            print(problem.format(), file=sys.stderr)
        print(f"convtutor key: {args.lesson} does not follow the lesson format; fix that first", file=sys.stderr)
        return 1
    _, problems = load_lesson(args.lesson, thorough=True)
    for problem in problems:  # the key is still useful to find out why: said, not refused
        print(f"note: {problem.format()}", file=sys.stderr)
    keys = lesson_key(lesson, max(args.variants, 0))
    if args.json:
        print(json.dumps(key_data(lesson, keys), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(key_text(lesson, keys))
    return 0
