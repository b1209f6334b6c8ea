"""Keys and flow: no key sequence stops the app, Esc has one meaning at a time, every key says
what it did, and a lesson's state (predictions included) survives a quit."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input, Static

from app_helpers import make_app, open_lesson, screen_lines
from convtutor.tui.messages import OpenLesson


@pytest.mark.parametrize("keys", ["qn", "qb", "nq", "qnnn", "qnbnb"])
async def test_quit_arriving_with_a_step_key_in_one_read_stops_cleanly(keys):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_lesson(app, pilot, "convolutional-layer", 0)
        for key in keys:  # posted at once, as a terminal delivers "qn" in one read
            app.post_message(events.Key(key, key))
        await pilot.pause()
        await pilot.pause()
    assert app.return_code == 0


def text(widget) -> str:
    return str(widget.content)


async def test_the_key_line_says_what_esc_does_and_esc_does_that():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(app, pilot, "stride", 6)
        keys = screen.view.query_one("#q-keys", Static)
        assert isinstance(screen.focused, Input) and "esc leave the box" in text(keys)
        await pilot.press("5", "x", "5", "enter")  # right: the box closes
        await pilot.pause()
        assert not isinstance(screen.focused, Input)
        assert "esc lessons" in text(keys) and "leave the box" not in text(keys)
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


async def test_keys_with_nothing_to_do_say_so():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(app, pilot, "convolutional-layer", 4)  # a quiz; its third question is multiple choice
        view = screen.view
        view.session.go_to(2)
        view.show_question()
        await pilot.press("escape")
        await pilot.press("v")
        await pilot.pause()
        assert any("no variants" in n.message for n in app._notifications)
        await pilot.press("h")
        await pilot.pause()
        assert any("no hints" in n.message for n in app._notifications)


async def test_the_reveal_message_works_from_the_answer_box_and_offers_no_missing_hint():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(app, pilot, "stride", 6)
        view = screen.view
        assert not view.session.posed.hints
        for size in "12":  # two different wrong answers (the same one again would not count)
            await pilot.press(size, "x", size, "enter")
        feedback = text(view.query_one("#q-feedback", Static))
        assert "Press s to see the answer" in feedback  # s is in no answer: it works from the box
        assert isinstance(screen.focused, Input)
        await pilot.press("s")
        await pilot.pause()
        assert "The answer: 5×5" in text(view.query_one("#q-feedback", Static))


async def test_predictions_survive_leaving_and_coming_back():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(app, pilot, "border-effects", 1)  # predict the first row of windows
        await pilot.press("0", "enter", "9", "enter", "8", "enter")  # one right, one wrong twice
        await pilot.pause()
        before = dict(screen.view.session.predictions)
        assert len(before) == 2
        await pilot.press("escape", "escape")
        await pilot.pause()
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(again, pilot, "border-effects", 1)
        assert screen.view.session.predictions == before
        assert "2 of" in text(screen.view.query_one("#task-text", Static))


async def test_a_toast_from_one_step_does_not_follow_into_the_next():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_lesson(app, pilot, "convolutional-layer", 1)
        app.notify("Quiz done: a toast from before", timeout=30)
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert not list(app._notifications)


async def test_the_palette_lists_lessons_in_course_order_and_only_our_theme_commands():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        lessons = [t for t in titles if t.startswith("Open lesson")]
        assert lessons[0].startswith("Open lesson  1:") and lessons[-1].startswith("Open lesson 11:")
        assert sorted(lessons) == lessons  # the palette sorts by title: padded numbers keep the course order
        assert "Theme" not in titles  # Textual's own picker would not save the choice
        app.post_message(OpenLesson("padding"))


async def test_the_lesson_done_dialog_shows_first_tries_later_tries_and_slips():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(app, pilot, "convolutional-layer", 4)  # the quiz: params-3x3 first
        await pilot.press("1", "8", "enter", "2", "0", "enter")  # forgot the biases, then right
        await pilot.pause()
        await pilot.press("n")  # the answer box has closed: n goes on
        await pilot.pause()
        text = str(app.screen.query_one(Static).content)
        assert "0 of 3 right at the first try · 1 right after another try" in text
        assert "Slips to watch: counted the weights only (1×)" in text
        assert "go back to the 1 question not right at the first try" in text  # this lesson's
        assert "The course" not in text  # the course summary comes after the last lesson
        del screen


async def test_after_the_last_lesson_the_course_summary_leads_back_to_the_missed_questions():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        progress = app.course.store.progress
        missed = progress.question("padding", "check", "same-top")
        missed.attempts, missed.correct, missed.first_try = 2, True, False
        progress.question("padding", "check", "frame-size").attempts = 1
        progress.question("padding", "check", "frame-size").correct = True
        progress.question("padding", "check", "frame-size").first_try = True
        screen = await open_lesson(app, pilot, "field-with-pooling", 3)  # the last lesson's quiz
        await pilot.press("escape", "n")
        await pilot.pause()
        text = str(app.screen.query_one(Static).content)
        assert "The course" in text and "Fixing the border effect with padding: 1/" in text
        assert "m go back to the 1 question not right at the first try" in text.replace("[b]", "").replace("[/b]", "")
        await pilot.press("m")
        await pilot.pause()
        assert type(app.screen).__name__ == "MissedScreen"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.screen.lesson.id == "padding" and type(app.screen.view).__name__ == "QuizStepView"
        session = app.screen.view.session
        assert session.question.id == "same-top"
        # asked again, not shown answered: the box is open and the answer is not on screen
        assert not session.solved_now and session.practice and "practice" in session.header()
        box = app.screen.view.query_one("#answer", Input)
        assert not box.disabled and app.screen.focused is box
        assert session.posed.answer_text not in str(app.screen.view.query_one("#q-feedback", Static).content)
        del screen


async def test_bound_letters_reach_the_quiz_keys_and_other_characters_are_typed():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(app, pilot, "convolutional-layer", 4)  # the first question counts parameters
        box = screen.view.query_one("#answer", Input)
        assert screen.focused is box
        await pilot.press("1", "h", "x", "0")
        await pilot.pause()
        assert box.value == "1x0"  # h asked for a hint; x is bound to nothing, so it is typed, not dropped
        assert screen.view.session.hints_shown == 1
        await pilot.press("enter")
        await pilot.pause()
        feedback = text(screen.view.query_one("#q-feedback", Static))
        assert feedback.startswith("Type a whole number") and screen.view.session.wrong_now == 0  # said, and free
        assert screen.focused is box
        view = screen.view
        view.session.go_to(2)  # multiple choice: its letters are typed, h, s and v are not
        view.show_question()
        await pilot.pause()
        await pilot.press("b", "v")
        await pilot.pause()
        assert box.value == "b" and any("no variants" in n.message for n in app._notifications)


async def test_a_fraction_typed_in_a_pooling_prediction_is_read_whole():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(app, pilot, "pooling", 2)  # predict one 2×2 average: (7 + 9 + 0 + 5) / 4
        box = screen.view.query_one("#predict", Input)
        assert screen.focused is box
        await pilot.press("2", "1", "slash", "4")
        await pilot.pause()
        assert box.value == "21/4"  # the slash is in no binding: it is typed
        await pilot.press("enter")
        await pilot.pause()
        assert screen.view.session.predictions == {0: True}
        assert "✓ (0, 0) is 5.25" in text(screen.view.query_one("#task-result", Static))


async def test_the_same_wrong_prediction_entered_twice_costs_one_try():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(app, pilot, "pooling", 2)
        session = screen.view.session
        await pilot.press("2", "1", "4", "enter")
        await pilot.pause()
        assert "not 214" in text(screen.view.query_one("#task-result", Static))
        await pilot.press("2", "1", "4", "enter")
        await pilot.pause()
        assert "Same answer as before: 214" in text(screen.view.query_one("#task-result", Static))
        assert session.predictions == {} and session.awaiting_prediction()
        await pilot.press("5", ".", "3", "enter")
        await pilot.pause()
        assert text(screen.view.query_one("#task-result", Static)).startswith("Close: that is rounded")
        assert session.predictions == {} and session.awaiting_prediction()


async def test_the_footer_names_what_esc_does_and_fits_80_columns():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(app, pilot, "convolutional-layer", 4)

        def footer() -> str:
            return " ".join(str(b.binding.description) for b in screen.active_bindings.values() if b.binding.show)

        assert "Leave box" in footer() and "Lessons" not in footer()
        await pilot.press("escape")
        await pilot.pause()
        assert "Lessons" in footer() and "Leave box" not in footer()
        assert type(app.screen).__name__ == "LessonScreen"
        assert "q Quit" in screen_lines(app)[-1]  # the last key is not cut off at 80 columns
