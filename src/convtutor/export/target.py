"""Which step to export: ``LESSON:STEP`` in the catalog (STEP a step's id, or its number
counting from 1 as ``convtutor --open`` takes it), or the playground's settings line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from convtutor.export import ANIMATIONS, ExportError, not_animated
from convtutor.learning import status
from convtutor.lessons.fields import StepBase
from convtutor.lessons.schema import Lesson
from convtutor.lessons.steps.sweep import SweepStep


@dataclass(frozen=True)
class Target:
    """One step to export, and what to call it."""

    step: StepBase
    title: str  # what a slide's heading says: "The convolutional layer — A vertical-line detector at work"
    label: str  # where it comes from: "stride:stride-two (step 2)", or "playground: 7x7 -k 3"
    name: str  # a file name without its suffix: "stride-stride-two", "playground"
    lesson_id: str | None = None  # None: the playground
    index: int = 0  # the step's index in its lesson, counting from 0
    settings_line: str | None = None  # the playground's settings, as the app takes them

    @property
    def is_sweep(self) -> bool:
        return isinstance(self.step, SweepStep)

    def sweep(self, format_name: str) -> SweepStep:
        """The step as a sweep, or an ExportError saying that this format needs one."""
        if isinstance(self.step, SweepStep):
            return self.step
        raise not_animated(self.label, self.step.kind, format_name)


def parse_request(text: str) -> tuple[str, str | None]:
    """``LESSON[:STEP]`` as (lesson id, step text or None)."""
    lesson_id, colon, step = text.strip().partition(":")
    return lesson_id, (step.strip() or None) if colon else None


def _lesson_title_of(lesson: Lesson, step: StepBase) -> str:
    return f"{lesson.title} — {step.title}" if step.title else lesson.title


def _steps_list(lesson: Lesson) -> str:
    return ", ".join(f"{i} {step.id} ({step.kind})" for i, step in enumerate(lesson.steps, start=1))


def find_step(lessons: Iterable[Lesson], request: str, format_name: str = "txt") -> Target:
    """The step ``LESSON:STEP`` names (STEP: an id, or a number counting from 1). Without a
    STEP: the lesson's first sweep step (the first step if it has none and the format takes
    any step). ExportError (a usage error) says what exists when nothing matches."""
    found = list(lessons)
    lesson_id, step_text = parse_request(request)
    if not lesson_id:
        raise ExportError("say which lesson to export: LESSON:STEP, e.g. stride:stride-two or stride:2", usage=True)
    lesson = next((item for item in found if item.id == lesson_id), None)
    if lesson is None:
        ids = [item.id for item in found]
        close = difflib.get_close_matches(lesson_id, ids, n=3)
        hint = f"did you mean {' or '.join(close)}?" if close else f"lessons: {', '.join(ids) or 'none loaded'}"
        raise ExportError(f"there is no lesson '{lesson_id}' ({hint})", usage=True)
    if step_text is None:
        index = next((i for i, step in enumerate(lesson.steps) if isinstance(step, SweepStep)), None)
        if index is None:
            if format_name in ANIMATIONS:
                raise ExportError(f"lesson '{lesson.id}' has no sweep step to export as {format_name} "
                                  f"(its steps: {_steps_list(lesson)})")
            index = 0
    elif step_text.isdigit():
        number = int(step_text)
        index_or_none = status.open_request(f"{lesson.id}:{step_text}")[1]
        if index_or_none is None or index_or_none >= len(lesson.steps):
            raise ExportError(f"lesson '{lesson.id}' has steps 1 to {len(lesson.steps)}, not {number} "
                              f"(its steps: {_steps_list(lesson)})", usage=True)
        index = index_or_none
    else:
        ids = [step.id for step in lesson.steps]
        if step_text not in ids:
            close = difflib.get_close_matches(step_text, ids, n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            raise ExportError(f"lesson '{lesson.id}' has no step '{step_text}' ({hint}its steps: {_steps_list(lesson)})", usage=True)
        index = ids.index(step_text)
    step = lesson.steps[index]
    return Target(
        step=step, title=_lesson_title_of(lesson, step), label=f"{lesson.id}:{step.id} (step {index + 1})",
        name=f"{lesson.id}-{step.id}", lesson_id=lesson.id, index=index,
    )


def playground_target(line: str) -> Target:
    """The playground's sweep for a settings line such as ``7x7 -k 3 -s 2 -p same``."""
    from convtutor.learning import playground

    try:
        settings = playground.parse_line(line)
    except playground.PlayError as error:
        raise ExportError(f"--play: {error}", usage=True) from None
    blocking = [problem.text for problem in playground.problems(settings) if problem.blocks]
    if blocking:
        raise ExportError(f"--play: these settings cannot be swept: {' '.join(blocking)}", usage=True)
    text = playground.settings_line(settings)
    return Target(
        step=playground.to_step(settings), title=f"Playground · {text}", label=f"the playground's '{text}'",
        name="playground", settings_line=text,
    )
