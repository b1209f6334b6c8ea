"""The tables of kinds in docs/lesson-format.md, written from the registries.

``python -m convtutor.lessons.docs docs/lesson-format.md`` rewrites the marked regions
(``<!-- kinds:NAME -->`` ... ``<!-- /kinds:NAME -->``); tests/test_kinds.py fails while the
file and the registries disagree.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from convtutor.lessons import questions, steps


def step_table() -> str:
    rows = [f"| `{kind.tag}` | {kind.summary} |" for kind in steps.KINDS]
    return "\n".join(["| kind | what the learner does |", "|---|---|", *rows])


def question_table() -> str:
    rows = [f"| `{kind.tag}` | {kind.settings} | {kind.summary} |" for kind in questions.KINDS]
    return "\n".join(["| kind | settings | the answer |", "|---|---|---|", *rows])


def mistake_table() -> str:
    found: dict[tuple[str, str], list[str]] = {}
    for kind in questions.KINDS:
        for mistake in kind.mistakes:
            found.setdefault((mistake.name, mistake.learner), []).append(kind.tag)
    rows = [f"| `{name}` | {', '.join(kinds)} | {learner} |" for (name, learner), kinds in found.items()]
    return "\n".join(["| mistake | for | the learner... |", "|---|---|---|", *rows])


TABLES = {"steps": step_table, "questions": question_table, "mistakes": mistake_table}


def rewrite(text: str) -> str:
    """``text`` with every marked region replaced by the table the registries give."""
    for name, table in TABLES.items():
        pattern = re.compile(rf"(<!-- kinds:{name} -->\n)(?:.*?\n)?(<!-- /kinds:{name} -->)", re.S)
        found = pattern.search(text)
        if found is None:
            raise ValueError(f"no <!-- kinds:{name} --> region")
        text = text[: found.start()] + found.group(1) + table() + "\n" + found.group(2) + text[found.end():]
    return text


def main(argv: list[str]) -> int:
    for name in argv:
        path = Path(name)
        path.write_text(rewrite(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
