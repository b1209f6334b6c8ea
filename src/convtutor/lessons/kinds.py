"""The registry of step kinds and question kinds.

A kind is one module in ``lessons/steps/`` or ``lessons/questions/`` that defines ``KIND``:
its msgspec struct, its checks of meaning, an example, and (questions) how it is posed, read
and marked, with its named mistakes. Everything else is derived from the registry: the
unions the loader validates against, the JSON Schema, the validator's dispatch, the
scaffold's list, the docs' table of kinds, and (in the TUI, which keeps its own registry of
views) which widget shows a step. A module found without a ``KIND`` is a helper, not a kind.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from convtutor.lessons.fields import QuestionBase, StepBase
from convtutor.lessons.reporter import DataPath, Reporter

if TYPE_CHECKING:
    from convtutor.lessons.questions.posed import Posed, Reading

Values = dict[str, int]


@dataclass(frozen=True)
class StepKind:
    tag: str
    struct: type[StepBase]
    summary: str  # one line, for the docs table and the scaffold
    example: str  # one step of this kind as YAML (a list item), valid as written
    check: Callable[[Reporter, Any, DataPath, bool], None]  # (report, step, path, thorough)
    order: int = 100  # where the kind comes in lists and docs


@dataclass(frozen=True)
class Mistake:
    """A slip a learner makes, named so that feedback can refer to it."""

    name: str
    learner: str  # what the learner did, e.g. "counted moves, not positions"
    message: str  # what the learner reads when an answer matches it (a lesson's feedback overrides it)
    #: Recognised by the kind's ``diagnose`` (a pattern such as "one axis right"), not as one
    #: wrong value: the validator cannot tell from the settings whether it can happen.
    diagnosed: bool = False


NUMBER_CHARS = r"[-+0-9.,_ ]"  # 1,234 and 1 234 and 1_234 read as whole numbers
#: A number that may not be whole: also a fraction, 21/4 (an average is read exactly).
DECIMAL_CHARS = r"[-+0-9.,_ /]"
#: 6x6, 6×6, (6, 6), [6,6]
SIZE_CHARS = r"[-+0-9xX×*,()\[\]{} ]"
#: also Keras' (None, 6, 6, 1)
SHAPE_CHARS = r"[-+0-9xX×*,()\[\]{} NnOoEe]"


@dataclass(frozen=True)
class QuestionKind:
    tag: str
    struct: type[QuestionBase]
    summary: str  # what the learner answers, for the docs table
    settings: str  # the fields that set the question up, for the docs table
    example: str  # one question of this kind as YAML (a list item), valid as written
    pose: Callable[[Any, Values], Posed]  # (question, parameter values) -> the question posed
    read: Callable[[Posed, str], Reading]  # (posed, typed text) -> (value, "") or (None, how to write it)
    answer_format: Callable[[Posed], str]  # what the answer box shows while empty
    #: A regex character class of every character an answer can contain: the answer box takes
    #: only these, so other keys (h, s, n...) reach the lesson's shortcuts even while typing.
    answer_chars: Callable[[Posed], str] = lambda posed: NUMBER_CHARS
    mistakes: tuple[Mistake, ...] = ()
    #: True: the file's ``answer`` (if any) is checked against the core's; False: the author
    #: writes the answer (multiple choice, numeric), and it is the answer.
    computed_answer: bool = True
    matches: Callable[[Posed, object], bool] | None = None  # None: the value equals the expected one
    check: Callable[[Reporter, Any, DataPath], None] | None = None  # checks of this kind only
    #: Puts a posed question in the learner's own order (multiple choice): (posed, order seed).
    arrange: Callable[[Posed, int], None] | None = None
    #: For slips that are not one wrong value (e.g. "one axis right"): (mistake name, message) or None.
    diagnose: Callable[[Posed, object], tuple[str, str] | None] | None = None
    order: int = 100
    mistake_names: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "mistake_names", tuple(m.name for m in self.mistakes))

    def mistake(self, name: str) -> Mistake:
        return next(m for m in self.mistakes if m.name == name)


K = TypeVar("K", StepKind, QuestionKind)


def discover(package: str, kind_type: type[K]) -> tuple[K, ...]:
    """Every ``KIND`` defined by a module of ``package``, in their order."""
    found: list[K] = []
    for info in pkgutil.iter_modules(importlib.import_module(package).__path__):
        kind = getattr(importlib.import_module(f"{package}.{info.name}"), "KIND", None)
        if isinstance(kind, kind_type):
            found.append(kind)
    tags = [kind.tag for kind in found]
    twice = sorted({tag for tag in tags if tags.count(tag) > 1})
    if twice:
        raise RuntimeError(f"{package}: more than one module defines the kind {', '.join(twice)}")
    return tuple(sorted(found, key=lambda kind: (kind.order, kind.tag)))
