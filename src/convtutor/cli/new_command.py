"""``convtutor new lesson NAME``: write a commented lesson file that passes validation."""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path
from typing import TypeVar

_Parser = TypeVar("_Parser", bound=argparse.ArgumentParser)  # main passes its own ArgumentParser subclass


def add_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "new",
        help="start a new lesson file from a commented template",
        description="Write NAME.yaml: a lesson with one step of each kind and comments explaining "
        "every field. It passes 'convtutor validate' as written.",
    )
    p.add_argument("what", choices=["lesson"], help="what to create")
    p.add_argument("name", help="the lesson's title or id, e.g. 'Strided pooling'")
    p.add_argument("-d", "--dir", type=Path, default=Path("."), help="folder to write into (default: here)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(run=run)


def slug(name: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """An id from a title: letters transliterated (Ü → u, × → x), and not one of ``taken`` (the
    bundled course's ids: a lesson sharing one would be skipped by the app)."""
    plain = unicodedata.normalize("NFKD", name.replace("×", "x").replace("ß", "ss"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    text = text[:60].rstrip("-") or "lesson"
    return f"my-{text}" if text in taken else text


def run(args: argparse.Namespace) -> int:
    from convtutor.cli.schema_command import schema_text
    from convtutor.lessons.loader import bundled_ids
    from convtutor.lessons.scaffold import lesson_template

    lesson_id = slug(args.name, bundled_ids())
    title = args.name.strip() or lesson_id
    target = args.dir / f"{lesson_id}.yaml"
    if target.exists() and not args.force:
        print(f"convtutor new: {target} already exists (use --force to overwrite)", file=sys.stderr)
        return 1
    try:
        args.dir.mkdir(parents=True, exist_ok=True)
        target.write_text(lesson_template(lesson_id, title), encoding="utf-8")
        schema = args.dir / "lesson.schema.json"
        if not schema.exists():
            schema.write_text(schema_text(), encoding="utf-8")
    except OSError as error:
        print(f"convtutor new: cannot write {target}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"wrote {target}")
    print(f"next: edit it, then run  convtutor validate {target}  and  convtutor --lessons {args.dir}")
    return 0
