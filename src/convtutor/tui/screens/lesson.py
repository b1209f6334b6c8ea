"""A lesson: one step at a time, with next/previous and a progress line."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.screen import Screen

from convtutor.lessons.loader import LoadedLesson
from convtutor.lessons.schema import ModelStep, QuizStep, SweepStep, TextStep
from convtutor.tui.screens.size_watch import WatchesSize
from convtutor.tui.widget_memory import release_removed_widgets
from convtutor.tui.widgets.key_footer import KeyFooter
from convtutor.tui.widgets.step_header import StepHeader
from convtutor.tui.widgets.step_view import StepView


class LessonScreen(WatchesSize, Screen):
    BINDINGS = [
        Binding("n,pagedown", "next_step", "Next step", id="next-step"),
        Binding("b,pageup", "previous_step", "Back", id="previous-step"),
        Binding("escape", "leave", "Lessons", id="leave"),
    ]

    DEFAULT_CSS = """
    LessonScreen #step-host { height: 1fr; }
    """

    def __init__(self, loaded: LoadedLesson, start: int = 0) -> None:
        super().__init__()
        self.loaded = loaded
        self.lesson = loaded.lesson
        self.index = min(max(start, 0), len(self.lesson.steps) - 1)
        self.view: StepView | None = None

    def compose(self) -> ComposeResult:
        yield StepHeader(id="step-header")
        yield Container(id="step-host")
        yield KeyFooter()

    async def on_mount(self) -> None:
        await self.show_step(self.index)

    @property
    def store(self):  # type: ignore[no-untyped-def]
        return self.app.store  # type: ignore[attr-defined]

    def _record(self, step_id: str):  # type: ignore[no-untyped-def]
        return self.store.progress.step(self.lesson.id, step_id)

    def _make_view(self, step: object) -> StepView:
        record = self._record(step.id)  # type: ignore[attr-defined]
        if isinstance(step, SweepStep):
            from convtutor.tui.widgets.sweep_step import SweepStepView

            return SweepStepView(step, position=record.position, done=record.done)
        if isinstance(step, QuizStep):
            from convtutor.tui.widgets.quiz_step import QuizStepView

            return QuizStepView(step, record.questions, position=record.position)
        if isinstance(step, ModelStep):
            from convtutor.tui.widgets.model_step import ModelStepView

            return ModelStepView(step)
        assert isinstance(step, TextStep)
        from convtutor.tui.widgets.text_step import TextStepView

        return TextStepView(step)

    async def show_step(self, index: int) -> None:
        self._remember_position()
        self.index = index
        step = self.lesson.steps[index]
        host = self.query_one("#step-host")
        await host.remove_children()
        release_removed_widgets()  # before the next step is built, so that it reuses the memory
        try:
            self.view = self._make_view(step)
        except ValueError as error:  # a lesson edited into an impossible state: say so, keep going
            from textual.widgets import Static

            self.view = None
            await host.mount(Static(f"This step cannot be shown: {error}"))
        else:
            await host.mount(self.view)
            self.view.focus_default()
        record = self.store.touch(self.lesson.id)
        record.current = step.id
        self.store.save()
        self._update_header()

    def _update_header(self) -> None:
        steps = self.lesson.steps
        records = self.store.progress.lessons.get(self.lesson.id)
        done = [bool(records and s.id in records.steps and records.steps[s.id].done) for s in steps]
        titles = [getattr(s, "title", None) or "" for s in steps]
        self.query_one(StepHeader).show(self.lesson.title, self.index, titles, done)

    def on_resize(self, event) -> None:  # type: ignore[no-untyped-def]
        super().on_resize(event)
        self._update_header()

    def _remember_position(self) -> None:
        if self.view is not None and self.view.is_mounted:
            self._record(self.view.step.id).position = self.view.position  # type: ignore[attr-defined]

    @on(StepView.Completed)
    def _completed(self, event: StepView.Completed) -> None:
        record = self._record(event.view.step.id)  # type: ignore[attr-defined]
        record.done = True
        if event.score is not None:
            record.score = max(record.score or 0, event.score)
        self.store.touch(self.lesson.id)
        self.store.save()
        self._update_header()

    def on_quiz_step_view_changed(self) -> None:
        self._remember_position()
        self.store.touch(self.lesson.id)
        self.store.save()

    async def action_next_step(self) -> None:
        if self.index < len(self.lesson.steps) - 1:
            await self.show_step(self.index + 1)
        else:
            self._remember_position()
            self.store.save()
            self.app.lesson_finished(self.lesson.id)  # type: ignore[attr-defined]

    async def action_previous_step(self) -> None:
        if self.index > 0:
            await self.show_step(self.index - 1)

    def action_leave(self) -> None:
        focused = self.focused
        from textual.widgets import Input

        if isinstance(focused, Input) and self.view is not None:
            self.view.focus()  # the first Escape only leaves the answer box
            return
        self._remember_position()
        self.store.save()
        self.app.pop_screen()
        self.app.refresh_home()  # type: ignore[attr-defined]
