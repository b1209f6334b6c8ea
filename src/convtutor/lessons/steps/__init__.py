"""The kinds of lesson step: one module each, defining ``KIND`` (see :mod:`convtutor.lessons.kinds`)."""

from __future__ import annotations

from typing import Any, Union

from convtutor.lessons.fields import StepBase
from convtutor.lessons.kinds import StepKind, discover
from convtutor.lessons.reporter import DataPath, Reporter

KINDS: tuple[StepKind, ...] = discover(__name__, StepKind)
BY_TAG = {kind.tag: kind for kind in KINDS}


def union() -> Any:
    """The type a lesson's steps are validated against: any registered kind."""
    return Union[tuple(kind.struct for kind in KINDS)]  # noqa: UP007 - built at run time


def check_step(report: Reporter, step: StepBase, path: DataPath, thorough: bool = False) -> None:
    """Problems of meaning in one schema-valid step (its kind's checks)."""
    BY_TAG[step.kind].check(report, step, path, thorough)
