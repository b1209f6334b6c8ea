"""Problems found in lesson files, as ``file:line:col: field: message (hint: ...)``."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from convtutor.lessons.explain import Issue
from convtutor.lessons.explain import did_you_mean as did_you_mean  # re-exported for the semantic checks
from convtutor.lessons.yaml_source import Path_, Position, SourceMap


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a lesson file."""

    file: str
    line: int
    column: int
    message: str
    field: str = ""  # e.g. steps[2].stride
    hint: str = ""
    #: "error": the lesson cannot be used as written; "warning": it can, but probably not as meant.
    severity: str = "error"

    def format(self) -> str:
        where = f"{self.field}: " if self.field else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        level = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}:{self.column}: {level}{where}{self.message}{hint}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def field_path(path: Path_) -> str:
    """``('steps', 2, 'stride')`` -> ``'steps[2].stride'``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def at(file: str, position: Position, message: str, path: Path_ = (), hint: str = "") -> Problem:
    return Problem(file, position.line, position.column, message, field_path(path), hint)


def from_issues(issues: list[Issue], source: SourceMap, file: str) -> list[Problem]:
    """Schema issues as problems, each pointing at its value (or key) in the file."""
    return [
        at(file, source.key(issue.path) if issue.at_key else source.value(issue.path), issue.message, issue.path, issue.hint)
        for issue in issues
    ]
