"""The lesson format: a course file, a lesson file, and the steps and questions they hold.

A lesson's steps and a quiz's questions are tagged unions of the registered kinds (one module
each in ``lessons/steps/`` and ``lessons/questions/``), so a new kind needs no change here.
:mod:`convtutor.lessons.explain` turns a file that does not fit into one message per
problem; the kinds' checks then check meaning. See docs/lesson-format.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from msgspec import Meta, field

from convtutor.lessons import steps
from convtutor.lessons.fields import (  # noqa: F401 - re-exported for the modules that read them from here
    ID_PATTERN,
    QPADDING_WORD,
    REF_PATTERN,
    TEXT_PATTERN,
    Id,
    InputSpec,
    KernelSpec,
    Model,
    ParamSpec,
    QuestionBase,
    StepBase,
    Text,
)

if TYPE_CHECKING:
    AnyStep = StepBase
else:  # every registered step kind, told apart by its `kind:` tag
    AnyStep = steps.union()


class Lesson(Model, frozen=True, kw_only=True):
    """One lesson file."""

    format_version: Literal[1]
    id: Id
    title: Text
    summary: Text
    steps: Annotated[list[AnyStep], Meta(min_length=1)]
    prerequisites: list[Id] = field(default_factory=list)


class Course(Model, frozen=True, kw_only=True):
    """A course file (course.yaml): the lessons of a folder, in order."""

    format_version: Literal[1]
    id: Id
    title: Text
    lessons: Annotated[list[Text], Meta(min_length=1, description="lesson files, relative to this file")]
    summary: Text | None = None
