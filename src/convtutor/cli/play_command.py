"""``convtutor play [SHAPE] [options]``: open the playground with these settings."""

from __future__ import annotations

import argparse
import sys
from typing import TypeVar

_Parser = TypeVar("_Parser", bound=argparse.ArgumentParser)  # main passes its own ArgumentParser subclass

EXAMPLES = """\
examples:
  convtutor play 7x7 --kernel 3 --stride 2 --padding same
  convtutor play 5x5 --padding full --weights sobel_x
  convtutor play 8x8 -k 3 -d 2 --input checkerboard
  convtutor play 4x4 --op transpose --kernel 3 --stride 2
  convtutor play 8x8 --op maxpool --kernel 2

Inside, e edits the settings line (the same options), c copies the Keras and PyTorch code,
r shows how often each input pixel is read; the last settings are remembered."""


def add_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    from convtutor.learning.playground import add_options

    p = commands.add_parser(
        "play",
        help="open the playground: any convolution, swept and explained",
        description="Open the playground with these settings: the options of 'convtutor shape', and what the grids hold.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_options(p)
    # convtutor shape's options for stacks and scripts: said why they do not apply, not "unrecognized".
    p.add_argument("--layer", action="append", default=None, help=argparse.SUPPRESS)
    p.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from convtutor.learning.playground import PlayError, explain, from_options, settings_line
    from convtutor.tui.run import run as run_app

    if args.layer:
        print("convtutor play: the playground sweeps one layer; for a stack of layers use "
              "convtutor shape ... --layer (or a model step in a lesson).", file=sys.stderr)
        return 2
    if args.json:
        print("convtutor play: --json is for convtutor shape, which prints the layer for scripts.", file=sys.stderr)
        return 2
    try:
        settings = from_options(args)
    except PlayError as error:
        print(f"convtutor play: {error}", file=sys.stderr)
        return 2
    for problem in explain(settings):
        print(f"convtutor play: {problem}", file=sys.stderr)
    return run_app(playground=settings_line(settings))
