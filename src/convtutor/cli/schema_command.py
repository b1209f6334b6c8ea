"""``convtutor schema``: the lesson format as JSON Schema, for editors."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TypeVar

_Parser = TypeVar("_Parser", bound=argparse.ArgumentParser)  # main passes its own ArgumentParser subclass


def add_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "schema",
        help="print the JSON Schema of lesson (or course) files",
        description="Print the JSON Schema of lesson files, so an editor can complete and check them: "
        "start a lesson with '# yaml-language-server: $schema=lesson.schema.json'.",
    )
    p.add_argument("--course", action="store_true", help="the schema of course.yaml instead")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of printing")
    p.set_defaults(run=run)


def schema_text(course: bool = False) -> str:
    from convtutor.lessons.json_schema import course_schema, lesson_schema

    return json.dumps(course_schema() if course else lesson_schema(), indent=2, ensure_ascii=False) + "\n"


def run(args: argparse.Namespace) -> int:
    text = schema_text(args.course)
    if args.output is None:
        print(text, end="")
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"convtutor schema: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
        return 1
    return 0
