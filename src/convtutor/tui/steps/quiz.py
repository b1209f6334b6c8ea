"""The view of a quiz step: the question on screen, the answer box, feedback, hints and the
worked answer. The state is a :class:`QuizSession`; this draws it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Static

from convtutor.learning.quiz_session import REVEAL_AFTER, QuizSession
from convtutor.lessons.steps.quiz import QuizStep
from convtutor.state.progress import StepRecord
from convtutor.tui import commands
from convtutor.tui.steps.base import StepView
from convtutor.tui.widgets.answer_input import AnswerInput
from convtutor.tui.widgets.answering import show_answering
from convtutor.tui.widgets.text_block import TextBlock

# What the keys do depends on where the focus is: one meaning for Esc at a time, said on screen.
IN_THE_BOX = commands.hint(("check", "check"), ("leave-box", "leave the box"))


class QuizStepView(StepView):
    """Asks the step's questions in order; each answer is saved as soon as it is marked."""

    BINDINGS = commands.bindings("quiz")

    DEFAULT_CSS = """
    QuizStepView > VerticalScroll { height: 1fr; padding: 0 1; }
    QuizStepView #q-header { text-style: bold; }
    QuizStepView #q-settings { color: $text-muted; }
    QuizStepView #q-prompt { margin-top: 1; }
    QuizStepView #q-choices { margin-left: 2; }
    QuizStepView #answer { width: 40; margin-top: 1; }
    QuizStepView #q-keys { color: $text-muted; }
    QuizStepView #q-feedback { margin-top: 1; }
    QuizStepView #q-feedback.-correct { color: $success; }
    QuizStepView #q-feedback.-wrong { color: $warning; }
    QuizStepView #q-hints { color: $text-muted; }
    QuizStepView #q-explanation { margin-top: 1; padding-left: 2; border-left: thick $primary 40%; }
    QuizStepView #q-buttons { height: auto; margin-top: 1; }
    QuizStepView #q-buttons Button { margin-right: 2; }
    """

    step: QuizStep

    def __init__(self, step: QuizStep, record: StepRecord) -> None:
        super().__init__(step, record)
        self.session = QuizSession(step, record.questions, position=record.position)

    @property
    def position(self) -> int:
        return self.session.index

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            if self.step.text:
                yield TextBlock(self.step.text, id="quiz-text")
            yield Static(id="q-header")
            yield Static(id="q-settings")
            yield Static(id="q-prompt")
            yield Static(id="q-choices")
            yield AnswerInput(id="answer", placeholder="your answer, then Enter")
            yield Static(IN_THE_BOX, id="q-keys")
            yield Static(id="q-feedback")
            yield Static(id="q-hints")
            yield Static(id="q-explanation")
            with Horizontal(id="q-buttons"):
                yield Button("Hint (h)", id="hint", compact=True)
                yield Button("New variant (v)", id="variant", compact=True)
                yield Button("Show answer (s)", id="reveal", compact=True)
                yield Button("Next question (→)", id="next", compact=True)

    def on_mount(self) -> None:
        self.show_question()

    def ask_again(self, index: int) -> None:
        self.session.go_to(index)
        self.session.ask_again()
        self.show_question()
        self._changed()

    def focus_default(self) -> None:
        answer = self.query_one("#answer", Input)
        if answer.disabled:
            self.focus()
        else:
            answer.focus()

    # -- drawing -------------------------------------------------------------------------------
    def show_question(self) -> None:
        """Draw the question on screen afresh (a new question or variant)."""
        session = self.session
        posed = session.posed
        self.query_one("#q-header", Static).update(session.header())
        self.query_one("#q-settings", Static).update("\n".join(posed.settings))
        self.query_one("#q-prompt", Static).update(posed.prompt)
        choices = self.query_one("#q-choices", Static)
        choices.update("\n".join(f"{'abcdefgh'[i]}) {c}" for i, c in enumerate(posed.choices)))
        choices.display = bool(posed.choices)
        answer = self.query_one("#answer", AnswerInput)
        answer.value = ""
        answer.allow(session.answer_chars())
        answer.placeholder = session.placeholder()
        self.refresh_state()
        if not session.solved_now:
            answer.focus()

    def refresh_state(self) -> None:
        """Draw what changes as the learner answers: feedback, hints, explanation, buttons."""
        session = self.session
        show_answering(self, "q", session, session.feedback)
        answer = self.query_one("#answer", Input)
        if session.solved_now and not answer.disabled:
            answer.disabled = True
            self.focus()
        elif not session.solved_now:
            answer.disabled = False
        self.query_one("#hint", Button).display = session.can_hint
        self.query_one("#variant", Button).display = session.can_vary
        self.query_one("#reveal", Button).display = session.can_reveal
        self.query_one("#next", Button).display = session.can_go_on
        self._update_keys()
        self.refresh_bindings()

    def _update_keys(self) -> None:
        if self.query_one("#answer", Input).has_focus:
            self.query_one("#q-keys", Static).update(IN_THE_BOX)
            return
        session = self.session
        offered = [
            ("answer-box", "answer", not session.solved_now), ("hint", "hint", session.can_hint),
            ("variant", "variant", session.can_vary), ("reveal", "show the answer", session.can_reveal),
            ("questions", "questions", session.count > 1), ("next-step", "next step", True), ("leave", "lessons", True),
        ]
        self.query_one("#q-keys", Static).update(commands.hint(*((c, word) for c, word, shown in offered if shown)))

    def on_descendant_focus(self) -> None:
        self._update_keys()

    def on_descendant_blur(self) -> None:
        self._update_keys()

    def on_focus(self) -> None:
        self._update_keys()

    def _changed(self) -> None:
        self.post_message(self.Changed())  # the lesson saves the records
        score = self.session.take_completion()
        if score is not None:
            self.post_message(self.Completed(self, score))
            self.notify(f"Quiz done: {score} of {self.session.count} right at the first try. Press n for the next step.", timeout=5)

    # -- actions ----------------------------------------------------------------------------------
    @on(Input.Submitted, "#answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.session.solved_now:
            return
        counted = self.session.answer(event.value)
        if not self.session.solved_now:
            # An unreadable or wrong answer stays in the box, selected: typing replaces it, and
            # the arrows let the learner correct it instead.
            event.input.select_all()
        self.refresh_state()
        if not counted:
            return
        self._changed()

    def action_hint(self) -> None:
        if not self.session.posed.hints:
            self.notify("This question has no hints.", timeout=2)
            return
        if self.session.hint():
            self.refresh_state()
            self._changed()
        else:
            self.notify("Every hint is shown." if not self.session.solved_now else "This question is answered.", timeout=2)

    def action_variant(self) -> None:
        if not self.session.new_variant():
            self.notify("This question has no variants.", timeout=2)
            return
        self.show_question()
        self._changed()

    def action_reveal(self) -> None:
        if self.session.solved_now:
            return
        if not self.session.reveal():
            nudge = "; a hint may help (h)" if self.session.can_hint else ""
            self.notify(f"Try at least {REVEAL_AFTER} times first{nudge}.", timeout=3)
            return
        self.refresh_state()
        self._changed()

    def _go_to(self, index: int) -> None:
        if self.session.go_to(index):
            self.show_question()
            self._changed()  # saves where the learner is

    def action_next_question(self) -> None:
        self._go_to(self.session.index + 1)

    def action_previous_question(self) -> None:
        self._go_to(self.session.index - 1)

    def action_answer_box(self) -> None:
        answer = self.query_one("#answer", Input)
        if not answer.disabled:
            answer.focus()
        else:
            self.action_next_question()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        {"hint": self.action_hint, "variant": self.action_variant, "reveal": self.action_reveal,
         "next": self.action_next_question}[event.button.id or ""]()


VIEW = QuizStepView
