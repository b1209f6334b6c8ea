"""What a question on screen shows while a learner works at it, the same in a lesson's quiz and
in the drills: the hints asked for so far, and the worked answer once it is solved."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from convtutor.lessons.questions.posed import Posed


class _Working(Protocol):
    @property
    def posed(self) -> Posed: ...

    @property
    def hints_shown(self) -> int: ...

    @property
    def solved_now(self) -> bool: ...  # answered right, or its answer shown


class Answering:
    """Mixed into the quiz and drill sessions, which keep ``posed``, ``hints_shown`` and
    ``solved_now`` up to date."""

    def hints(self: _Working) -> list[str]:
        return [f"Hint {i + 1}: {h}" for i, h in enumerate(self.posed.hints[: self.hints_shown])]

    def explanation(self: _Working) -> list[str]:
        """The worked answer: shown once the question is solved or its answer shown."""
        return self.posed.explanation if self.solved_now else []

    @property
    def can_hint(self: _Working) -> bool:
        return self.hints_shown < len(self.posed.hints) and not self.solved_now
