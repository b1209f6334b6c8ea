"""The drill screen: one problem at a time, without end, of one skill or of whichever skill is
due first. The state is a :class:`~convtutor.learning.practice.DrillSession`; this draws it, as
the quiz view draws a quiz (the same answer box, feedback, hints and worked answer), and saves
the practice after each answer. Ending the session shows its summary."""

from __future__ import annotations

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from convtutor.learning import drills
from convtutor.learning.practice import Clock, DrillSession, local_now, percent
from convtutor.state import mastery
from convtutor.state.mastery import PracticeStore
from convtutor.tui import commands
from convtutor.tui.screens.dialogs import TextDialog
from convtutor.tui.widgets.answer_input import AnswerInput
from convtutor.tui.widgets.answering import show_answering
from convtutor.tui.widgets.key_footer import KeyFooter
from convtutor.tui.widgets.mastery_view import EMPTY, FULL, bar

METER_CELLS = 10


class DrillScreen(Screen[None]):
    """Endless problems; each counted answer is saved at once (after the feedback is drawn).

    The answer box keeps the focus from one problem to the next (a solved problem's box takes
    no characters): each change of focus has Textual redraw the footer's keys twice, a few ms
    each, and the next problem must appear at once. Enter and → are the screen's first (priority
    keys): on a solved problem they go on, otherwise they pass to the box (check, move the cursor).
    """

    BINDINGS = commands.bindings("drill")

    DEFAULT_CSS = """
    DrillScreen #drill-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    DrillScreen #drill-meter { height: auto; padding: 0 1; color: $text-muted; }
    DrillScreen #drill-body { height: 1fr; padding: 0 1; }
    DrillScreen #d-settings { color: $text-muted; }
    DrillScreen #d-prompt { margin-top: 1; }
    DrillScreen #answer { width: 40; max-width: 100%; margin-top: 1; }
    DrillScreen #answer.-solved { color: $text-muted; }
    DrillScreen #d-keys { color: $text-muted; }
    DrillScreen #d-feedback { margin-top: 1; }
    DrillScreen #d-feedback.-correct { color: $success; }
    DrillScreen #d-feedback.-wrong { color: $warning; }
    DrillScreen #d-hints { color: $text-muted; }
    DrillScreen #d-explanation { margin-top: 1; padding-left: 2; border-left: thick $primary 40%; }
    DrillScreen #d-buttons { height: auto; margin-top: 1; }
    DrillScreen #d-buttons Button { margin-right: 2; }
    """

    def __init__(self, store: PracticeStore, *, skill: str | None = None, seed: int | None = None, clock: Clock = local_now) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.session = DrillSession(store.practice, clock=clock, seed=seed, skill=skill)  # LookupError for an unknown skill
        self.meter_before: str = "new"  # the skill's mastery when the problem on screen appeared
        self.levels: dict[str, int] = {}  # skill -> the level of its last problem (to say when it rises)
        self._warnings_seen = len(store.warnings)

    def compose(self) -> ComposeResult:
        yield Static(id="drill-title", markup=False)
        yield Static(id="drill-meter")
        with VerticalScroll(id="drill-body"):
            yield Static(id="d-settings", markup=False)
            yield Static(id="d-prompt", markup=False)
            yield AnswerInput(id="answer", placeholder="your answer, then Enter")
            yield Static(id="d-keys", markup=False)
            yield Static(id="d-feedback", markup=False)
            yield Static(id="d-hints", markup=False)
            yield Static(id="d-explanation", markup=False)
            with Horizontal(id="d-buttons"):
                yield Button("Hint (h)", id="hint", compact=True)
                yield Button("Show answer (s)", id="reveal", compact=True)
                yield Button("Next problem (→)", id="next", compact=True)
                yield Button("End session (f)", id="end", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_problem()

    # -- drawing -------------------------------------------------------------------------------------
    def show_problem(self) -> None:
        """Draw the problem on screen afresh."""
        session = self.session
        posed = session.posed
        problem = session.problem
        self.meter_before = self._meter()[1]
        self.query_one("#drill-title", Static).update(f"Practice · {session.header()}")
        self.query_one("#d-settings", Static).update("\n".join(posed.settings))
        self.query_one("#d-prompt", Static).update(posed.prompt)
        answer = self.query_one("#answer", AnswerInput)
        answer.value = ""
        answer.allow(session.answer_chars())
        answer.placeholder = session.placeholder()
        answer.remove_class("-solved")
        self.query_one("#drill-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_state()
        answer.focus()
        before = self.levels.get(problem.skill)
        if before is not None and problem.level > before:
            self.notify(f"{session.skill.title}: level {problem.level + 1} of {drills.MAX_LEVEL + 1} from now on.", timeout=3)
        self.levels[problem.skill] = problem.level

    def refresh_state(self) -> None:
        """Draw what changes as the learner answers: the meter, feedback, hints, the worked answer, buttons."""
        session = self.session
        self.query_one("#drill-meter", Static).update(self._meter_line())
        show_answering(self, "d", session, session.feedback)
        answer = self.query_one("#answer", AnswerInput)
        if session.solved_now and not answer.has_class("-solved"):
            answer.add_class("-solved")
            answer.close()  # the answer box of a solved problem takes no characters
        self.query_one("#hint", Button).display = session.can_hint
        self.query_one("#reveal", Button).display = session.can_reveal
        self.query_one("#next", Button).display = session.solved_now
        self._update_keys()

    def _meter(self) -> tuple[float, str]:
        """The mastery meter of the skill on screen, and how it reads ("45%", or "new")."""
        skill_id = self.session.problem.skill
        record = self.session.practice.skills.get(skill_id)
        meter = mastery.mastery_meter(self.session.practice, skill_id, self.clock())
        return meter, "new" if record is None or record.card is None else percent(meter)

    def _meter_line(self) -> Content:
        meter, words = self._meter()
        cells = bar(meter, METER_CELLS)
        parts: list[str | tuple[str, str]] = ["mastery ", (cells.rstrip(EMPTY), "$accent"), (cells.lstrip(FULL), "$text-muted"), f" {words}"]
        if self.session.graded and words != self.meter_before:
            parts.append(f" (was {self.meter_before})")
        tally = self.session.record
        if tally is not None:
            parts.append(f" · session: {tally.answered} answered, {tally.first_try} right first time")
        return Content.assemble(*parts)

    def _update_keys(self) -> None:
        session = self.session
        if session.solved_now:
            offered = [("drill-next", "next problem"), ("drill-end", "end the session"), ("drill-leave", "back")]
        else:
            offered = [("drill-check", "check"), ("drill-hint", "hint")] if session.can_hint else [("drill-check", "check")]
            if session.can_reveal:
                offered.append(("drill-reveal", "show the answer"))
            offered.append(("drill-leave", "back"))
        self.query_one("#d-keys", Static).update(commands.hint(*offered))

    # -- saving ----------------------------------------------------------------------------------------
    def _save(self) -> None:
        self.store.save()
        for warning in self.store.warnings[self._warnings_seen:]:
            self.notify(warning, severity="warning", timeout=8)
        self._warnings_seen = len(self.store.warnings)

    # -- actions -----------------------------------------------------------------------------------------
    @on(Input.Submitted, "#answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.session.solved_now:
            return
        counted = self.session.answer(event.value)
        if not self.session.solved_now:
            event.input.select_all()  # typing replaces a wrong answer; the arrows correct it
        self.refresh_state()
        if counted:
            self.call_after_refresh(self._save)  # after the feedback is painted: a file write takes a few ms

    def action_hint(self) -> None:
        if not self.session.posed.hints:
            self.notify("This problem has no hints.", timeout=2)
        elif self.session.hint():
            self.refresh_state()
        else:
            self.notify("Every hint is shown." if not self.session.solved_now else "This problem is answered.", timeout=2)

    def action_reveal(self) -> None:
        if self.session.solved_now:
            return
        if not self.session.reveal():
            nudge = "; a hint may help (h)" if self.session.can_hint else ""
            self.notify(f"Try at least {self.session.reveal_after} times first{nudge}.", timeout=3)
            return
        self.refresh_state()

    def action_next_problem(self) -> None:
        if not self.session.solved_now:
            answer = self.query_one("#answer", Input)
            if answer.has_focus:
                raise SkipAction  # the key is the box's: enter checks the answer, → moves the cursor
            answer.focus()  # answer this one first (or show its answer after two tries)
            return
        self.session.next()
        self.show_problem()

    def action_end(self) -> None:
        lines = self.session.summary().lines()
        text = "\n".join([*lines, "", "Your practice is saved; the home screen shows your mastery."])
        self.app.push_screen(TextDialog("Practice session", text, markup=False), lambda _: self.dismiss())

    def action_leave(self) -> None:
        self.dismiss()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        {"hint": self.action_hint, "reveal": self.action_reveal, "next": self.action_next_problem,
         "end": self.action_end}[event.button.id or ""]()
        if self.is_current:
            self.query_one("#answer", Input).focus()  # the box keeps the focus (see the class's docstring)
