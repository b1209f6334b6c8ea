"""What screens ask of the app. They post these and the app handles them, so no screen calls
the app by name."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message


class OpenLesson(Message):
    """Open a lesson (at a step counting from 0; None: where the learner left it), and in a
    quiz step, at one of its questions, asked again (a missed question gone back to)."""

    def __init__(self, lesson_id: str, start: int | None = None, *, question: int | None = None) -> None:
        super().__init__()
        self.lesson_id = lesson_id
        self.start = start
        self.question = question


class ResetProgress(Message):
    """Ask, then forget one lesson's progress (or all of it, with None)."""

    def __init__(self, lesson_id: str | None) -> None:
        super().__init__()
        self.lesson_id = lesson_id


class ShowProblems(Message):
    """Show why lesson files could not be loaded."""


class LessonFinished(Message):
    """The learner went past a lesson's last step."""

    def __init__(self, lesson_id: str) -> None:
        super().__init__()
        self.lesson_id = lesson_id


class ProgressChanged(Message):
    """Progress was saved: lists that show it should redraw."""


class OpenPlayground(Message):
    """Open the playground (with a settings line; None: the last settings used)."""

    def __init__(self, line: str | None = None) -> None:
        super().__init__()
        self.line = line


class OpenDrill(Message):
    """Open the drill screen: endless problems of one skill (None: the skills due first), drawn
    from a seed (None: a new one)."""

    def __init__(self, skill: str | None = None, seed: int | None = None) -> None:
        super().__init__()
        self.skill = skill
        self.seed = seed


class OpenPuzzles(Message):
    """Open the shape puzzles' list (and, with an id, that puzzle on top of it); ``folder``: an
    instructor's pack instead of the bundled one."""

    def __init__(self, puzzle_id: str | None = None, folder: Path | None = None) -> None:
        super().__init__()
        self.puzzle_id = puzzle_id
        self.folder = folder
