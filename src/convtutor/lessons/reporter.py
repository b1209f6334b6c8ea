"""Collecting the problems of one lesson file while its meaning is checked."""

from __future__ import annotations

import dataclasses

from convtutor.lessons.problems import Problem, at
from convtutor.lessons.yaml_source import SourceMap

#: A path into a file's data: mapping keys and list indices, e.g. ("steps", 2, "stride").
DataPath = tuple[str | int, ...]


class Reporter:
    """Collects problems for one file, turning data paths into positions."""

    def __init__(self, file: str, source: SourceMap) -> None:
        self.file = file
        self.source = source
        self.problems: list[Problem] = []

    def add(self, path: DataPath, message: str, hint: str = "", *, key: bool = False, warning: bool = False) -> None:
        position = self.source.key(path) if key else self.source.value(path)
        problem = at(self.file, position, message, path, hint)
        self.problems.append(dataclasses.replace(problem, severity="warning") if warning else problem)

    def line_of(self, path: DataPath) -> int:
        return self.source.value(path).line


def sentence(error: Exception) -> str:
    """An exception's message as the middle of a sentence (lower-case first letter)."""
    text = str(error)
    return text[0].lower() + text[1:] if text else text


def unique_ids(report: Reporter, items: list[tuple[DataPath, str]], what: str) -> None:
    """Report each id that an earlier item already uses (ids key the learner's progress)."""
    first: dict[str, DataPath] = {}
    for path, value in items:
        if value in first:
            line = report.line_of(first[value])
            report.add(path, f"{what} id '{value}' is used twice (first on line {line})", f"each {what} needs its own id; progress is saved under it")
        else:
            first[value] = path


def add_all(report: Reporter, problems: list[tuple[DataPath, str, str]], base: DataPath) -> bool:
    """Report problems found relative to ``base``; True if there were none."""
    for relative, message, hint in problems:
        report.add((*base, *relative), message, hint)
    return not problems
