"""``convtutor export LESSON:STEP --format gif|png|cast|txt|svg [-o FILE]``: a step for slides,
notes and terminal players (and ``--play "7x7 -k 3 -s 2"`` for the playground's settings)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TypeVar

_Parser = TypeVar("_Parser", bound=argparse.ArgumentParser)  # main passes its own ArgumentParser subclass

FORMATS = ("gif", "png", "cast", "txt", "svg")  # as convtutor.export.FORMATS (not imported: --help stays light)
SUFFIXES = {".gif": "gif", ".png": "png", ".apng": "png", ".cast": "cast", ".txt": "txt", ".svg": "svg"}

EXAMPLES = """\
examples:
  convtutor export stride:stride-two --format gif        # writes stride-stride-two.gif
  convtutor export stride:2 -o stride.png                  # the format from the suffix: animated PNG
  convtutor export convolutional-layer --format txt -o -   # the lesson's first sweep, as text, to stdout
  convtutor export --play "7x7 -k 3 -s 2 -p same" --format cast
  convtutor export padding:same-sweep --format svg         # the app's screen at that step

STEP is a step's id or its number counting from 1 (as --open takes it); without it, the
lesson's first sweep. gif, png and cast animate a sweep, one frame per window; txt writes a
sweep one line per window with its sum (other steps: their text); svg is the app's screen.
gif and png need Pillow: pip install 'convtutor[export]'."""


def add_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "export",
        help="export a lesson's step (or the playground's) as gif, png, cast, txt or svg",
        description="Export a step for slides, notes and terminal players: a sweep animated window by window "
        "(gif, animated png, asciicast), as plain text (txt), or the app's screen (svg).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("target", nargs="?", metavar="LESSON[:STEP]", help="a lesson's id, and a step's id or number (from 1)")
    p.add_argument("--play", metavar="SETTINGS", help='the playground\'s settings line instead, e.g. "7x7 -k 3 -s 2 -p same"')
    p.add_argument("--format", "-f", choices=FORMATS, help="what to write (default: from the suffix of -o)")
    p.add_argument("-o", "--output", metavar="FILE", help="where to write it ('-': standard output; default: LESSON-STEP.FORMAT here)")
    p.add_argument("--delay", type=int, default=None, metavar="MS",
                   help="milliseconds per window in gif, png and cast (default 900 for images, 800 for cast)")
    p.add_argument("--size", default=None, metavar="COLSxROWS", help="svg: the screen's size in cells (default 120x40)")
    p.set_defaults(run=run)


def _fail(message: str, code: int) -> int:
    print(f"convtutor export: {message}", file=sys.stderr)
    return code


def _format(args: argparse.Namespace) -> str | None:
    if args.format:
        return str(args.format)
    if args.output and args.output != "-":
        return SUFFIXES.get(Path(args.output).suffix.lower())
    return None


def _size(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    cols, _, rows = text.lower().partition("x")
    if not (cols.isdigit() and rows.isdigit() and 40 <= int(cols) <= 400 and 12 <= int(rows) <= 200):
        raise ValueError(f"--size {text}: write columns x rows, e.g. 120x40 (40 to 400 by 12 to 200)")
    return int(cols), int(rows)


def run(args: argparse.Namespace) -> int:
    from convtutor.export import ExportError

    try:
        return _run(args)
    except ExportError as error:
        return _fail(str(error), 2 if error.usage else 1)
    except Exception as error:  # a bug must still not show a traceback
        return _fail(f"internal error: {type(error).__name__}: {error} (please report this)", 1)


def _run(args: argparse.Namespace) -> int:
    from convtutor.export import ExportError

    format_name = _format(args)
    if format_name is None:
        hint = f"the suffix of {args.output} is not one of them" if args.output and args.output != "-" else "or give -o FILE.gif"
        return _fail(f"say which format: --format {'|'.join(FORMATS)} ({hint})", 2)
    if (args.target is None) == (args.play is None):
        return _fail("give a lesson (LESSON:STEP) or --play SETTINGS, one of the two", 2)
    if args.delay is not None and not 20 <= args.delay <= 60_000:
        return _fail(f"--delay {args.delay}: give 20 to 60000 milliseconds", 2)
    try:
        size = _size(args.size)
    except ValueError as error:
        return _fail(str(error), 2)
    if format_name in ("gif", "png"):
        from convtutor.export.image import require_pillow

        require_pillow()  # before loading the course: say at once that the extra is missing

    catalog = None
    from convtutor.export.target import Target, find_step, playground_target

    target: Target
    if args.play is not None:
        target = playground_target(args.play)
    else:
        from convtutor.lessons.loader import load_catalog

        catalog = load_catalog([Path(p) for p in getattr(args, "lessons", None) or []])
        target = find_step([item.lesson for item in catalog.lessons()], args.target, format_name)

    summary = ""
    if format_name == "svg":
        from convtutor.tui.export_svg import SIZE, screenshot

        data = screenshot(
            catalog=catalog, lesson_id=target.lesson_id, step=target.index, playground=target.settings_line,
            title=target.title, size=size or SIZE,
        ).encode("utf-8")
    else:
        from convtutor.export.formats import export_step

        exported = export_step(target.step, format_name, title=target.title, label=target.label, delay_ms=args.delay)
        data = exported.data
        if exported.windows is not None:
            summary = f", {exported.windows} window{'s' * (exported.windows != 1)}"
        if exported.frames is not None:
            summary += f", {exported.frames} frames (the last: the whole output)"

    if args.output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    path = Path(args.output) if args.output else Path(f"{target.name}.{format_name}")
    try:
        path.write_bytes(data)
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror or error}") from None
    print(f"wrote {path}: {target.label} as {format_name}{summary}", file=sys.stderr)
    return 0
