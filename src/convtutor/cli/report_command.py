"""``convtutor report``: a class's results, from the learners' progress files.

A table for the terminal (80 columns), ``--csv`` for a spreadsheet (one row per question, or
per learner with ``--learners``) or ``--json`` for scripts (both, and the files skipped).
Files that cannot be read are reported on stderr and skipped; the exit status is 1 only when
no learner's progress could be read. The counting is :mod:`convtutor.learning.class_report`.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

if TYPE_CHECKING:
    from convtutor.learning.class_report import ClassReport, LearnerReport, LessonReport, QuestionReport

_Parser = TypeVar("_Parser", bound=argparse.ArgumentParser)  # main passes its own ArgumentParser subclass

PROG = "convtutor report"
WIDTH = 80
NUMBER = 7  # the width of a count column
COUNTS = ("tried", "first", "right", "shown")
LABEL = WIDTH - 1 - NUMBER * len(COUNTS)  # the question column: lines stay within 79 characters
TABLE_WRONG = 3  # wrong answers shown per question in the table (the CSV and JSON have more)
LEGEND = ("Counts of learners. tried: answered or saw the answer · first: right at the first try, no hint · "
          "right: right in the end · shown: saw the answer, never got it right")


def add_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    p = commands.add_parser(
        "report",
        help="sum up a class's progress files: per question and per learner",
        description="Read learners' progress files (and the practice.json beside each) and report, per "
        "question, how many learners tried it, got it right at the first try, got it right in the end and had "
        "the answer shown, with their most common wrong answers and the mistake each fitted; and, per learner, "
        "the lessons done, the first-try score and the mastery of each drill skill. A PATH is a progress file "
        "(the learner is its folder's name for progress.json, else its stem) or a folder (one learner's, or one "
        "subfolder per learner, plus loose *.json files). Damaged files are reported on stderr and skipped; "
        "the exit status is 1 only when nothing could be read. Nothing is written.",
    )
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="a progress file, or a folder of them")
    p.add_argument("--progress-dir", action="append", default=[], type=Path, metavar="DIR",
                   help="a served room's folder: each learner's subfolder NAME/ holds progress.json (repeatable)")
    p.add_argument("--lessons", dest="report_lessons", action="append", default=[], type=Path, metavar="DIR",
                   help="also load lessons from DIR, as the class did (repeatable); questions the course does not "
                   "have are listed last as unknown")
    form = p.add_mutually_exclusive_group()
    form.add_argument("--csv", action="store_true", help="CSV for a spreadsheet: one row per question")
    form.add_argument("--json", action="store_true", help="JSON for scripts: learners, questions and the files skipped")
    p.add_argument("--learners", action="store_true",
                   help="the learners only: with --csv one row per learner (a mastery column per skill)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone

    from convtutor.learning import class_report
    from convtutor.lessons.loader import display_path, load_catalog

    if not args.paths and not args.progress_dir:
        print(f"{PROG}: give progress files or folders, or --progress-dir DIR (see '{PROG} --help')", file=sys.stderr)
        return 2
    if args.learners and args.json:
        print(f"{PROG}: --learners goes with --csv or the table; --json always has the learners", file=sys.stderr)
        return 2
    learners, notices = class_report.read_class(args.paths, args.progress_dir)
    for notice in notices:
        print(f"{PROG}: {shown(display_path(notice.path))}: {shown(notice.message)}", file=sys.stderr)
    if not learners:
        print(f"{PROG}: no learner's progress could be read" + ("" if notices else " (no progress files found)"),
              file=sys.stderr)
        return 1
    extra = [Path(p) for p in getattr(args, "lessons", None) or []] + list(args.report_lessons)
    catalog = load_catalog(extra)
    errors = sum(1 for problem in catalog.problems if problem.severity == "error")
    if errors:
        print(f"{PROG}: note: the lesson files have {errors} problem{'s' * (errors != 1)} ('convtutor validate' "
              "shows them); the questions of lessons that could not be loaded are listed as unknown", file=sys.stderr)
    report = class_report.build(learners, [item.lesson for item in catalog.lessons()], datetime.now(timezone.utc), notices)
    sys.stdout.flush()
    if args.json:
        import json

        print(json.dumps(class_report.to_json(report, display_path), indent=2, ensure_ascii=False))
    elif args.csv:
        if args.learners:
            write_csv(sys.stdout, class_report.learner_columns(), class_report.learner_rows(report, display_path))
        else:
            write_csv(sys.stdout, class_report.QUESTION_COLUMNS, class_report.question_rows(report))
    else:
        print("\n".join(table_lines(report, learners_only=args.learners)))
    return 0


# -- CSV ----------------------------------------------------------------------------------------------------
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_csv(out: TextIO, columns: tuple[str, ...], rows: list[dict[str, object]]) -> None:
    import csv

    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: cell(value) for key, value in row.items()})


def cell(value: object) -> object:
    """A value for a spreadsheet: text a spreadsheet would run as a formula (a name or an answer
    from a learner's file) is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


# -- the table ----------------------------------------------------------------------------------------------
def shown(text: str) -> str:
    """Text from a learner's file, safe to print: no control characters (escape sequences)."""
    return "".join(c if c.isprintable() else "?" for c in text)


def fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def row(label: str, values: tuple[object, ...], *, indent: int = 2) -> str:
    return fit(" " * indent + label, LABEL - 1).ljust(LABEL) + "".join(f"{v:>{NUMBER}}" for v in values)


def table_lines(report: ClassReport, *, learners_only: bool = False) -> list[str]:
    from convtutor.learning.class_report import skill_titles

    count = sum(len(lesson.questions) for lesson in report.lessons)
    lines = [f"Class report: {len(report.learners)} learner{'s' * (len(report.learners) != 1)} · "
             f"{len(report.lessons)} lessons · {count} questions"]
    skipped = len(report.skipped)
    if skipped:
        lines.append(f"{skipped} file{'s' * (skipped != 1)} could not be read and {'were' if skipped != 1 else 'was'} skipped"
                     " (see the messages on stderr)")
    if not learners_only:
        lines += ["", *textwrap.wrap(LEGEND, WIDTH - 1), "", row("QUESTIONS", COUNTS, indent=0)]
        for lesson in report.lessons:
            if lesson.questions:
                lines += _lesson_lines(lesson, len(report.learners))
        if report.unknown:
            lines += ["", row("NOT IN THE COURSE (unknown)", COUNTS, indent=0)]
            for q in report.unknown:
                lines += _question_lines(f"{q.lesson}/{q.step}/{q.question}", q)
    lines += ["", _learner_row("LEARNERS", "lessons done", "tried", "first", "score")]
    titles = skill_titles()
    for learner in report.learners:
        lines += _learner_lines(learner, titles)
    return lines


def _lesson_lines(lesson: LessonReport, learners: int) -> list[str]:
    """The lesson's line, then its questions (one line for a lesson nobody has answered in)."""
    answered = any(q.attempted for q in lesson.questions)
    if answered:
        tail = f": done by {lesson.done} of {learners}, started by {lesson.started}"
    else:
        count = len(lesson.questions)
        tail = f": no answers yet ({count} question{'s' * (count != 1)})"
    lines = [fit(shown(f"{lesson.title} ({lesson.id})"), WIDTH - 1 - len(tail)) + tail]
    if not answered:
        return lines
    ids = [q.question for q in lesson.questions]
    for q in lesson.questions:
        lines += _question_lines(q.question if ids.count(q.question) == 1 else f"{q.step}/{q.question}", q)
    return lines


def _question_lines(label: str, q: QuestionReport) -> list[str]:
    lines = [row(shown(label), (q.attempted, q.first_try, q.correct, q.revealed))]
    for wrong in q.wrong[:TABLE_WRONG]:
        who = f"{wrong.learners} learner{'s' * (wrong.learners != 1)}"
        fitted = "; or ".join(f"{m.learner} [{m.name}]" if m.name != "answer" else m.learner for m in wrong.mistakes)
        text = f'"{wrong.answer}" ×{wrong.times} ({who}): {fitted or "no named mistake"}'
        lines += textwrap.wrap(shown(text), WIDTH - 1, initial_indent=" " * 6, subsequent_indent=" " * 8)
    return lines


def _learner_row(name: str, done: str, tried: object, first: object, score: str) -> str:
    width = WIDTH - 1 - 14 - 3 * NUMBER
    return fit(name, width - 1).ljust(width) + f"{done:>14}{tried:>{NUMBER}}{first:>{NUMBER}}{score:>{NUMBER}}"


def _learner_lines(learner: LearnerReport, titles: dict[str, str]) -> list[str]:
    score = "–" if learner.score is None else f"{round(learner.score * 100)}%"
    lines = [_learner_row(shown(learner.name), f"{learner.lessons_done} of {learner.lessons}", learner.tried,
                          learner.first_try, score)]
    if learner.mastery is not None:
        practised = [f"{titles.get(skill, skill)} {round(meter * 100)}%" for skill, meter in learner.mastery.items()
                     if meter is not None]
        text = "mastery: " + (" · ".join(practised) if practised else "no drill practised yet")
        lines += textwrap.wrap(text, WIDTH - 1, initial_indent="  ", subsequent_indent="    ")
    if learner.unknown:
        lines.append(f"  {learner.unknown} answered question{'s' * (learner.unknown != 1)} not in the course")
    return lines
