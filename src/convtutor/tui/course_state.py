"""What the screens show, shared by the app with them: the learner's progress and the course."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the loader (schema, YAML, every kind) is imported after the first frame
    from convtutor.lessons.loader import Catalog
    from convtutor.lessons.summary import CourseIndex
    from convtutor.state.progress import ProgressStore


@dataclass
class CourseState:
    store: ProgressStore
    index: CourseIndex | None = None  # what the lesson list shows; None until known
    catalog: Catalog | None = None  # the validated lessons; None while they load
