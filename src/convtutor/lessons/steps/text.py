"""``text``: Markdown to read."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from convtutor.lessons.fields import StepBase, Text
from convtutor.lessons.kinds import StepKind
from convtutor.lessons.reporter import DataPath, Reporter


class TextStep(StepBase, tag="text", frozen=True, kw_only=True):
    """Markdown to read."""

    text: Annotated[Text, Meta(description="Markdown: paragraphs, lists, **bold**, `code`, tables; write it after | to span several lines")]


def check(report: Reporter, step: TextStep, path: DataPath, thorough: bool) -> None:
    """Nothing beyond the schema: any non-empty Markdown is fine."""


KIND = StepKind(
    tag="text",
    struct=TextStep,
    summary="Markdown to read",
    example="""\
- id: intro
  kind: text             # Markdown to read
  title: What this lesson is about
  text: |
    Write the explanation here. **Markdown** works: lists, `code`, emphasis.
""",
    check=check,
    order=10,
)
