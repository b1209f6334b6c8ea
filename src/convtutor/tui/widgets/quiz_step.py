"""A quiz step: questions one after another, marked by the core, with hints and feedback."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Static

from convtutor.lessons import questions
from convtutor.lessons.schema import QuizStep
from convtutor.progress import QuestionRecord
from convtutor.tui.widgets.step_view import StepView
from convtutor.tui.widgets.text_block import TextBlock

REVEAL_AFTER = 2  # wrong attempts before "show answer" is offered


class QuizStepView(StepView):
    """Asks the step's questions in order; each answer is saved as soon as it is marked."""

    BINDINGS = [
        Binding("h", "hint", "Hint"),
        Binding("v", "variant", "New variant"),
        Binding("s", "reveal", "Show answer", show=False),
        Binding("right", "next_question", "Next question", show=False),
        Binding("left", "previous_question", "Previous question", show=False),
        Binding("enter,i", "answer_box", "Answer", show=False),
    ]

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

    class Changed(Message):
        """A question's record changed; the lesson saves progress."""

    def __init__(self, step: QuizStep, records: dict[str, QuestionRecord], *, position: int = 0) -> None:
        super().__init__(step)
        self.step = step
        self.records = records
        self.index = self._resume_index(position)
        self.hints_shown = 0
        self.posed: questions.Posed | None = None
        self.solved_now = False  # the variant on screen is answered (or its answer shown)
        self._wrong_now = 0  # wrong attempts at the variant on screen
        self._reported = all(self._record(q.id).finished for q in step.questions)

    @property
    def position(self) -> int:
        return self.index

    def _resume_index(self, saved: int) -> int:
        """Where to start: the saved question, unless it is finished and another is not."""
        count = len(self.step.questions)
        saved = min(max(saved, 0), count - 1)
        unfinished = [i for i, q in enumerate(self.step.questions) if not self._record(q.id).finished]
        if not unfinished or saved in unfinished:
            return saved
        return next((i for i in unfinished if i > saved), unfinished[0])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Hide keys that do nothing for the question on screen (the footer shows what works).
        if action == "variant":
            return bool(self.question.params)  # type: ignore[attr-defined]
        if action == "hint":
            return bool(self.posed and self.posed.hints) and not self.solved_now
        return True

    def _record(self, question_id: str) -> QuestionRecord:
        return self.records.setdefault(question_id, QuestionRecord())

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            if self.step.text:
                yield TextBlock(self.step.text, id="quiz-text")
            yield Static(id="q-header")
            yield Static(id="q-settings")
            yield Static(id="q-prompt")
            yield Static(id="q-choices")
            yield Input(id="answer", placeholder="your answer, then Enter")
            yield Static("enter check · esc leave the box (then h hint, v variant, → next question) · pgdn next step", id="q-keys")
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

    def focus_default(self) -> None:
        answer = self.query_one("#answer", Input)
        if answer.disabled:
            self.focus()
        else:
            answer.focus()

    # -- showing -------------------------------------------------------------------------------
    @property
    def question(self) -> object:
        return self.step.questions[self.index]

    def show_question(self, *, fresh: bool = False) -> None:
        """Show the current question; ``fresh`` opens a new variant even if the question is done."""
        q = self.question
        record = self._record(q.id)  # type: ignore[attr-defined]
        self.posed = self._pose(q, record)
        self.hints_shown = 0
        self._wrong_now = 0
        self.solved_now = record.finished and not fresh
        total = len(self.step.questions)
        header = f"Question {self.index + 1} of {total}"
        if q.params:  # type: ignore[attr-defined]
            header += f" · variant {record.variant + 1}"
        if fresh and record.finished:
            header += " · practice"
        self.query_one("#q-header", Static).update(header)
        self.query_one("#q-settings", Static).update("\n".join(self.posed.settings))
        self.query_one("#q-prompt", Static).update(self.posed.prompt)
        choices = self.query_one("#q-choices", Static)
        choices.update("\n".join(f"{'abcdefgh'[i]}) {c}" for i, c in enumerate(self.posed.choices)))
        choices.display = bool(self.posed.choices)
        answer = self.query_one("#answer", Input)
        answer.value = ""
        answer.placeholder = _placeholder(self.posed)
        self._set_feedback("", "")
        self.query_one("#q-hints", Static).update("")
        self.query_one("#q-explanation", Static).display = False
        if self.solved_now:
            self._show_finished(record)
        else:
            answer.disabled = False
            answer.focus()
        self._update_buttons()
        self.refresh_bindings()

    @staticmethod
    def _pose(question: object, record: QuestionRecord) -> questions.Posed:
        """The record's variant; a variant whose settings are impossible is skipped (the app
        checks only a sample of variants when it loads, `convtutor validate` checks them all)."""
        for _ in range(50):
            try:
                return questions.pose(question, record.variant)
            except ValueError:
                record.variant += 1
        return questions.pose(question, record.variant)  # let the lesson screen report it

    def _set_feedback(self, text: str, kind: str) -> None:
        feedback = self.query_one("#q-feedback", Static)
        feedback.update(text)
        feedback.set_class(kind == "correct", "-correct")
        feedback.set_class(kind == "wrong", "-wrong")

    def _show_finished(self, record: QuestionRecord, *, revealed: bool = False) -> None:
        assert self.posed is not None
        if record.correct and not record.revealed and not revealed:
            self._set_feedback(f"✓ Correct: {self.posed.answer_text}", "correct")
        else:
            self._set_feedback(f"The answer: {self.posed.answer_text}", "wrong")
        self._show_explanation()
        answer = self.query_one("#answer", Input)
        answer.disabled = True
        self.focus()

    def _show_explanation(self) -> None:
        assert self.posed is not None
        explanation = self.query_one("#q-explanation", Static)
        explanation.update("\n".join(self.posed.explanation) or "")
        explanation.display = bool(self.posed.explanation)

    def _update_buttons(self) -> None:
        hints = self.posed.hints if self.posed else []
        self.query_one("#hint", Button).display = self.hints_shown < len(hints) and not self.solved_now
        self.query_one("#variant", Button).display = bool(self.question.params)  # type: ignore[attr-defined]
        self.query_one("#reveal", Button).display = not self.solved_now and self._wrong_now >= REVEAL_AFTER
        self.query_one("#next", Button).display = self.solved_now and self.index < len(self.step.questions) - 1

    # -- answering --------------------------------------------------------------------------------
    @on(Input.Submitted, "#answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        assert self.posed is not None
        if self.solved_now:
            return
        record = self._record(self.question.id)  # type: ignore[attr-defined]
        mark = self.posed.mark(event.value)
        if mark.status == "unparsed":
            self._set_feedback(f"{mark.message} (That did not count as an attempt.)", "")
            return
        record.attempts += 1
        if mark.status == "correct":
            record.correct = True
            record.revealed = False  # answering it yourself outweighs an earlier peek
            self.solved_now = True
            self._set_feedback(f"✓ Correct: {self.posed.answer_text}", "correct")
            self._show_explanation()
            event.input.disabled = True
            self.focus()
        else:
            self._wrong_now += 1
            extra = "  Press s to see the answer." if self._wrong_now >= REVEAL_AFTER else ""
            self._set_feedback(f"✗ {mark.message} (attempt {self._wrong_now}){extra}", "wrong")
            event.input.value = ""
        self._update_buttons()
        self.refresh_bindings()
        self.post_message(self.Changed())
        self._check_complete()

    def action_hint(self) -> None:
        assert self.posed is not None
        if not self.posed.hints:
            self.notify("This question has no hints.", timeout=2)
            return
        if self.solved_now or self.hints_shown >= len(self.posed.hints):
            return
        self.hints_shown += 1
        record = self._record(self.question.id)  # type: ignore[attr-defined]
        record.hints += 1
        shown = self.posed.hints[: self.hints_shown]
        self.query_one("#q-hints", Static).update("\n".join(f"Hint {i + 1}: {h}" for i, h in enumerate(shown)))
        self._update_buttons()
        self.post_message(self.Changed())

    def action_variant(self) -> None:
        if not self.question.params:  # type: ignore[attr-defined]
            self.notify("This question has no variants.", timeout=2)
            return
        record = self._record(self.question.id)  # type: ignore[attr-defined]
        previous = self.posed.values if self.posed else {}
        for _ in range(20):  # skip variants that happen to repeat the numbers on screen
            record.variant += 1
            if self._pose(self.question, record).values != previous:
                break
        self._wrong_now = 0
        self.show_question(fresh=True)
        self.post_message(self.Changed())

    def action_reveal(self) -> None:
        if self.solved_now:
            return
        if self._wrong_now < REVEAL_AFTER:
            self.notify(f"Try at least {REVEAL_AFTER} times first; a hint may help (h).", timeout=3)
            return
        record = self._record(self.question.id)  # type: ignore[attr-defined]
        if not record.correct:
            record.revealed = True
        self.solved_now = True
        self._show_finished(record, revealed=True)
        self._update_buttons()
        self.post_message(self.Changed())
        self._check_complete()

    def action_next_question(self) -> None:
        if self.index < len(self.step.questions) - 1:
            self.index += 1
            self.show_question()
            self.post_message(self.Changed())  # saves where the learner is

    def action_previous_question(self) -> None:
        if self.index > 0:
            self.index -= 1
            self.show_question()
            self.post_message(self.Changed())

    def action_answer_box(self) -> None:
        answer = self.query_one("#answer", Input)
        if not answer.disabled:
            answer.focus()
        elif self.index < len(self.step.questions) - 1:
            self.action_next_question()

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()
        {"hint": self.action_hint, "variant": self.action_variant, "reveal": self.action_reveal,
         "next": self.action_next_question}[event.button.id or ""]()

    def _check_complete(self) -> None:
        if self._reported:
            return
        if all(self._record(q.id).finished for q in self.step.questions):
            self._reported = True
            score = sum(1 for q in self.step.questions if self._record(q.id).correct and not self._record(q.id).revealed)
            self.post_message(self.Completed(self, score))
            self.notify(f"Quiz done: {score} of {len(self.step.questions)} right by yourself. Press n for the next step.", timeout=5)


def _placeholder(posed: questions.Posed | None) -> str:
    if posed is None:
        return ""
    kind = posed.kind
    if kind == "output_shape":
        return "e.g. 6x6x1 or (None, 6, 6, 1)" if posed.question.include_channels else "e.g. 6x6"  # type: ignore[attr-defined]
    if kind == "multiple_choice":
        return f"a letter, a to {'abcdefgh'[len(posed.choices) - 1]}"
    if kind == "numeric":
        return "a number"
    return "a whole number"
