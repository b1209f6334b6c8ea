"""The commented lesson that ``convtutor new lesson`` writes: one step of each registered kind."""

from __future__ import annotations

import json

from convtutor.lessons import steps

HEADER = """\
# yaml-language-server: $schema=lesson.schema.json
# A convtutor lesson. Check it with:  convtutor validate {id}.yaml
# Preview it with:                    convtutor --lessons <this folder>
# The full format:                   convtutor docs lesson-format

format_version: 1          # always 1 for this format
id: {id}                   # stable id: progress is saved under it, so keep it once learners start
title: {title}
summary: One sentence that appears in the list of lessons.
prerequisites: []          # ids of lessons to do first, e.g. [padding]

steps:                     # shown one at a time; every step needs its own id ({kinds})
"""


def lesson_template(lesson_id: str, title: str) -> str:
    # json.dumps quotes the title safely for YAML (JSON strings are valid YAML scalars).
    kinds = "kinds: " + ", ".join(kind.tag for kind in steps.KINDS)
    header = HEADER.format(id=lesson_id, title=json.dumps(title, ensure_ascii=False), kinds=kinds)
    body = "\n".join(_indent(kind.example) for kind in steps.KINDS)
    return header + body


def _indent(block: str) -> str:
    return "".join("  " + line if line.strip() else line for line in block.splitlines(keepends=True))
