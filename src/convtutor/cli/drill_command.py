"""``convtutor drill [--skill NAME] [--seed N]``: open the app on the drill screen."""

from __future__ import annotations

import argparse
from typing import TypeVar

_Parser = TypeVar("_Parser", bound=argparse.ArgumentParser)  # main passes its own ArgumentParser subclass

EPILOG = """\
Each answer is saved at once (practice.json, beside your progress); the home screen shows a
mastery bar per skill. Inside: enter checks, h gives a hint, s shows the answer after two
tries, enter or → goes on to the next problem, f ends the session with its summary."""


def add_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    from convtutor.learning.drills import SKILLS

    p = commands.add_parser(
        "drill",
        help="practise: endless problems on each skill, the skills due first",
        description="Open the app on the drill screen: one problem after another, without end.",
        epilog=EPILOG + "\n\nskills:\n" + "\n".join(f"  {s.id:<16} {s.summary}" for s in SKILLS),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--skill", choices=[s.id for s in SKILLS], metavar="NAME",
                   help="practise only this skill (default: whichever is due first); one of: " + ", ".join(s.id for s in SKILLS))
    p.add_argument("--seed", type=int, metavar="N", help="draw the problems from this seed (the same seed, the same problems)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from convtutor.tui.app import ConvTutorApp
    from convtutor.tui.messages import OpenDrill

    app = ConvTutorApp(drill=OpenDrill(args.skill, args.seed))
    app.run()
    return app.return_code or 0
