"""A lesson: one step at a time, with next/previous and a line of progress above it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Container
from textual.screen import Screen
from textual.widget import MountError, Widget
from textual.widgets import Input, Static

from convtutor import compat
from convtutor.state.progress import ProgressStore, StepRecord
from convtutor.tui import commands
from convtutor.tui.messages import LessonFinished
from convtutor.tui.steps import view_class
from convtutor.tui.steps.base import StepView
from convtutor.tui.widgets.key_footer import KeyFooter
from convtutor.tui.widgets.step_header import StepHeader

if TYPE_CHECKING:
    from convtutor.lessons.loader import LoadedLesson


class LessonScreen(Screen[None]):
    BINDINGS = commands.bindings("lesson")

    DEFAULT_CSS = """
    LessonScreen #step-host { height: 1fr; }
    """

    def __init__(self, loaded: LoadedLesson, store: ProgressStore, start: int = 0, item: int | None = None) -> None:
        super().__init__()
        self.item = item  # inside the first step shown: the missed quiz question to ask again
        self.loaded = loaded
        self.lesson = loaded.lesson
        self.store = store
        self.index = min(max(start, 0), len(self.lesson.steps) - 1)
        self.view: StepView | None = None

    def compose(self) -> ComposeResult:
        yield StepHeader(id="step-header")
        yield Container(id="step-host")
        yield KeyFooter()

    async def on_mount(self) -> None:
        await self.show_step(self.index)
        if self.item is not None and self.view is not None:
            self.view.ask_again(self.item)

    def _record(self, step_id: str) -> StepRecord:
        return self.store.progress.step(self.lesson.id, step_id)

    async def show_step(self, index: int) -> None:
        host = self.query_one("#step-host")
        if not host.is_mounted:
            return  # the screen is closing (q arrived with this key): a step change is dropped
        self.remember_position()
        self.index = index
        step = self.lesson.steps[index]
        self.app.clear_notifications()  # a toast about the last step must not cover this one
        old = list(host.children)
        shown: Widget
        try:
            self.view = view_class(step.kind)(step, self._record(step.id))
            shown = self.view
        except (ValueError, LookupError) as error:  # a lesson edited into an impossible state: say so, keep going
            self.view = None
            shown = Static(f"This step cannot be shown: {error}", markup=False)
        try:
            # One repaint for the whole change: the new step is built and laid out (at the full
            # size: the old one no longer takes room) before the old one goes, so that no frame
            # shows an empty step, or two.
            with self.app.batch_update():
                for widget in old:
                    widget.display = False
                await host.mount(shown)
                await host.remove_children(old)
            compat.release_removed_widgets()  # free the old step's widgets now they are gone
        except MountError:
            return  # the screen began closing while the step changed: drop the change
        if self.view is not None:
            self.view.focus_default()
        record = self.store.touch(self.lesson.id)
        record.current = step.id
        self.store.save()
        self._update_header()

    def _update_header(self) -> None:
        steps = self.lesson.steps
        records = self.store.progress.lessons.get(self.lesson.id)
        done = [bool(records and s.id in records.steps and records.steps[s.id].done) for s in steps]
        titles = [s.title or "" for s in steps]
        self.query_one(StepHeader).show(self.lesson.title, self.index, titles, done)

    def on_resize(self) -> None:
        self._update_header()

    def remember_position(self) -> None:
        if self.view is not None and self.view.is_mounted:
            self._record(self.view.step.id).position = self.view.position

    def _save(self) -> None:
        self.store.touch(self.lesson.id)
        self.store.save()

    @on(StepView.Completed)
    def _completed(self, event: StepView.Completed) -> None:
        record = self._record(event.view.step.id)
        record.done = True
        if event.score is not None:
            record.score = max(record.score or 0, event.score)
        self._save()
        self._update_header()

    @on(StepView.Changed)
    def _changed(self) -> None:
        self.remember_position()
        self._save()

    async def action_next_step(self) -> None:
        if self.index < len(self.lesson.steps) - 1:
            await self.show_step(self.index + 1)
        else:
            self.remember_position()
            self.store.save()
            self.post_message(LessonFinished(self.lesson.id))

    async def action_previous_step(self) -> None:
        if self.index > 0:
            await self.show_step(self.index - 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Esc leaves the answer box while the box has the focus, and the screen otherwise: the
        # footer shows the one that applies.
        if action in ("leave", "leave_box"):
            return (action == "leave_box") == isinstance(self.focused, Input)
        return True

    def action_leave_box(self) -> None:
        if self.view is not None:
            self.view.focus()
        else:
            self.set_focus(None)

    def action_leave(self) -> None:
        self.remember_position()
        self.store.save()
        self.app.pop_screen()
