"""``convtutor serve``: the app for a room of browsers, with textual-serve (the ``web`` extra).

Each browser tab gets its own app process, started with the command built here: this same
Python, ``-m convtutor --served ROOM`` and the lesson folders. The page sends keys to that
process and nothing else: no shell, no file or folder of the learner's choosing (served mode
asks for a learner name first and turns off the commands that write or open files; see
docs/security.md). Bound to 127.0.0.1 unless the instructor chooses otherwise.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path
from typing import TypeVar

_Parser = TypeVar("_Parser", bound=argparse.ArgumentParser)  # main passes its own ArgumentParser subclass

PROG = "convtutor serve"
MISSING_EXTRA = f"{PROG} needs textual-serve: pip install 'convtutor[web]'"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
MAX_SESSIONS = 60  # browser tabs at once: a room of 30 with a spare tab each

EPILOG = """\
Each learner types a name; their progress, practice and puzzle stars are kept in
DIR/NAME/ (convtutor report --progress-dir DIR sums up the room). Lesson folders are
read-only to learners. To reach it from other machines, put it behind a TLS reverse
proxy and give --public-url (see "Teaching a room" in the README)."""


def add_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "serve",
        help="serve the app to a room of browsers (needs convtutor[web])",
        description="Run convtutor for web browsers: each tab gets its own app, which asks for the learner's name.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.add_argument("--progress-dir", type=Path, metavar="DIR",
                   help="the room's folder: one subfolder of progress per learner (default: 'room' in the user data folder)")
    p.add_argument("--lessons", dest="serve_lessons", action="append", default=[], type=Path, metavar="DIR",
                   help="also serve the lessons in DIR (repeatable; read-only to learners)")
    p.add_argument("--public-url", metavar="URL",
                   help="the address browsers use, when it is not http://HOST:PORT (e.g. https://tutor.example.org behind a proxy)")
    p.add_argument("--max-sessions", type=int, default=MAX_SESSIONS, metavar="N",
                   help=f"browser tabs served at once; more are refused (default: {MAX_SESSIONS})")
    p.set_defaults(run=run)


def session_command(room: Path, lessons: list[Path], python: str | None = None) -> str:
    """The shell command textual-serve runs for each browser tab (it runs it through a shell,
    so every part is quoted; on POSIX the shell execs the app rather than waiting beside it)."""
    parts = [python or sys.executable, "-m", "convtutor", "--served", str(room)]
    for folder in lessons:
        parts += ["--lessons", str(folder)]
    return ("exec " if os.name == "posix" else "") + shlex.join(parts)


def run(args: argparse.Namespace) -> int:
    from importlib.util import find_spec

    if find_spec("textual_serve") is None:  # said at once, before any work; the server itself is tui/serve.py's
        print(MISSING_EXTRA, file=sys.stderr)
        return 2
    from convtutor import paths

    lessons = [Path(p).resolve() for p in [*args.lessons, *args.serve_lessons]]  # `convtutor --lessons X serve` too
    missing = [p for p in lessons if not p.is_dir()]
    if missing:
        print(f"{PROG}: --lessons {missing[0]}: no such folder", file=sys.stderr)
        return 2
    if not 0 < args.port < 65536:
        print(f"{PROG}: --port {args.port}: not a port number", file=sys.stderr)
        return 2
    if args.max_sessions < 1:
        print(f"{PROG}: --max-sessions must be at least 1", file=sys.stderr)
        return 2
    room = (args.progress_dir or paths.data_dir() / "room").expanduser().resolve()
    try:
        room.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(f"{PROG}: --progress-dir {room}: {error.strerror or error}", file=sys.stderr)
        return 2
    if args.host not in LOCAL_HOSTS:
        print(f"{PROG}: warning: listening on {args.host}: reachable from the network, by anyone who can reach this "
              "machine; put it behind a TLS reverse proxy (see the README's 'Teaching a room')", file=sys.stderr)
        if args.public_url is None:
            print(f"{PROG}: note: pages will connect to http://{args.host}:{args.port}; give --public-url with the "
                  "address browsers use", file=sys.stderr)
    from convtutor.tui.serve import RoomServer

    print(f"{PROG}: learners' progress in {room}", file=sys.stderr)
    server = RoomServer(session_command(room, lessons), host=args.host, port=args.port, public_url=args.public_url,
                        max_sessions=args.max_sessions)
    server.serve()
    return 0
