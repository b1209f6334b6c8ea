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
    one_of,
)

if TYPE_CHECKING:
    AnyStep = StepBase
else:  # every registered step kind, told apart by its `kind:` tag
    AnyStep = steps.union()


class Lesson(Model, frozen=True, kw_only=True):
    """One lesson file."""

    format_version: Annotated[Literal[1], Meta(description="the version of the lesson format: 1 (a number, not '1')")]
    id: Annotated[
        Id,
        Meta(description="the lesson's id, unique across the folder and the bundled course, e.g. strided-edges; progress is saved under it"),
    ]
    title: Annotated[Text, Meta(description="shown in the list of lessons, e.g. Edges and strides")]
    summary: Annotated[Text, Meta(description="one line under the title, e.g. How stride 2 thins out an edge map.")]
    steps: Annotated[
        list[AnyStep],
        Meta(min_length=1, description="the steps, in order; each has an id and a kind: " + one_of([kind.tag for kind in steps.KINDS])),
    ]
    prerequisites: Annotated[list[Id], Meta(description="ids of lessons to do first, e.g. [stride]")] = field(default_factory=list)


class Course(Model, frozen=True, kw_only=True):
    """A course file (course.yaml): the lessons of a folder, in order."""

    format_version: Annotated[Literal[1], Meta(description="the version of the course format: 1 (a number, not '1')")]
    id: Annotated[Id, Meta(description="the course's id, e.g. my-course")]
    title: Annotated[Text, Meta(description="the course's title, shown above its lessons, e.g. My course")]
    lessons: Annotated[
        list[Text],
        Meta(min_length=1, description="lesson files in order, relative to this file and inside its folder, e.g. [01-first.yaml, basics/02-second.yml]"),
    ]
    summary: Annotated[Text | None, Meta(description="one line about the course")] = None
