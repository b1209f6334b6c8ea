"""The main flows of the app, driven with Textual's Pilot."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input, Static

from app_helpers import make_app, open_lesson
from convtutor import paths
from convtutor.tui.screens.dialogs import ConfirmScreen, TextDialog
from convtutor.tui.screens.home import HomeScreen
from convtutor.tui.screens.lesson import LessonScreen
from convtutor.tui.screens.lesson_done import LessonDoneScreen
from convtutor.tui.screens.too_small import TooSmallScreen
from convtutor.tui.widgets.grid import GridView
from convtutor.tui.widgets.lesson_list import CONTINUE, LessonList


def saved() -> dict:
    return json.loads(paths.progress_file().read_text())


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


async def test_home_lists_the_course_with_continue_first():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        lessons = app.screen.query_one(LessonList)
        ids = [lessons.get_option_at_index(i).id for i in range(lessons.option_count)]
        assert ids[0] == CONTINUE
        assert [i for i in ids if i and i != CONTINUE] == [
            "convolutional-layer", "border-effects", "filter-size", "padding", "stride", "review", "beyond", "channels",
            "pooling", "transposed", "field-with-pooling"]
        assert lessons.highlighted_option.id == CONTINUE
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "convolutional-layer"


async def _until_loaded(app, pilot):
    for _ in range(100):  # the full load starts on a timer after the first paint
        await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        if app.course.catalog is not None:
            return
    raise AssertionError("the course never loaded")


async def test_the_first_start_loads_the_course_and_later_starts_list_it_in_the_first_frame(monkeypatch, tmp_path):
    from convtutor.lessons.folders import folders
    from convtutor.lessons.summary import cached, summarize
    from convtutor.tui import app as app_module
    from convtutor.tui.app import ConvTutorApp

    extra = tmp_path / "mine"
    extra.mkdir()
    (extra / "mine.yaml").write_text("format_version: 1\nid: mine\ntitle: Mine\nsummary: s\nsteps:\n  - {id: a, kind: text, text: t}\n")
    where = folders([extra], user=False)
    assert cached(where) is None  # a first start: nothing to list before the loader has run
    app = ConvTutorApp([extra], include_user_lessons=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await _until_loaded(app, pilot)
        assert app.screen.query_one(LessonList).option_count > 8
    assert cached(where) == summarize(app.course.catalog)  # kept for the next start

    monkeypatch.setattr(app_module, "FULL_LOAD_DELAY", 60)  # the loader will not run during this test
    again = ConvTutorApp([extra], include_user_lessons=False)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.course.catalog is None and again.course.index is not None
        ids = [again.screen.query_one(LessonList).get_option_at_index(i).id for i in range(again.screen.query_one(LessonList).option_count)]
        assert "mine" in ids and "padding" in ids

    (extra / "mine.yaml").write_text("format_version: 1\nid: mine\ntitle: Mine, edited\nsummary: s\nsteps:\n  - {id: a, kind: text, text: t}\n")
    assert cached(where) is None  # an edited lesson: the summary waits for the loader again


async def test_steps_next_and_back():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(app, pilot, "convolutional-layer")
        assert screen.index == 0
        await pilot.press("n")
        await pilot.pause()
        assert screen.index == 1 and type(screen.view).__name__ == "SweepStepView"
        await pilot.press("b")
        await pilot.pause()
        assert screen.index == 0
        assert saved()["lessons"]["convolutional-layer"]["steps"]["idea"]["done"] is True


async def test_sweep_moves_one_stride_and_writes_the_dot_product():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(app, pilot, "convolutional-layer", 1)
        view = screen.view
        await pilot.press("right", "right")
        assert view.session.index == 2
        assert "1·1 + 1·0 + 0·0 + 1·1 + 1·0 + 0·0 + 1·1 + 1·0 = 3" in text_of(view, "#dot-product")
        await pilot.press("left")
        assert view.session.index == 1
        await pilot.press("down")
        assert view.session.index == 7  # one row of windows down (6 windows per row)
        await pilot.press("end")
        assert view.session.index == 35
        await pilot.press("home")
        assert view.session.index == 0
        await pilot.press("right", "right", "right", "right", "right", "right")
        assert view.session.index == 6  # wrapped to the next row of windows


async def test_clicking_an_output_cell_jumps_to_its_window():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(app, pilot, "convolutional-layer", 1)
        view = screen.view
        grid = view.query_one("#output-grid", GridView)
        layout = grid.layout_info
        await pilot.click(grid, offset=(layout.cell_x(3), layout.row_y[4]))
        assert view.session.index == 4 * 6 + 3
        assert set(grid.picture.highlight) == {(4, 3)}
        reads = set(view.query_one("#input-grid", GridView).picture.highlight)
        assert reads == {(r, c) for r in range(4, 7) for c in range(3, 6)}


async def test_find_the_largest_window_task():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(app, pilot, "convolutional-layer", 1)
        view = screen.view
        await pilot.press("a")  # window 0 gives 0: not the largest
        assert not view.session.found
        await pilot.press("right", "right", "a")
        await pilot.pause()
        assert view.session.found
        step = saved()["lessons"]["convolutional-layer"]["steps"]["line-image"]
        assert step["done"] is True and step["score"] == 0  # found on the second try


async def test_predict_mode_asks_before_revealing():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(app, pilot, "border-effects", 1)
        view = screen.view
        box = view.query_one("#predict", Input)
        assert box.has_focus
        assert "= ?" in text_of(view, "#dot-product")
        for guess in ["0", "0", "3", "2", "4", "0", "0"]:  # the fourth is wrong twice (it is 3): shown
            await pilot.press(*guess, "enter")
            await pilot.pause()
        assert view.session.predictions == {0: True, 1: True, 2: True, 3: False, 4: True, 5: True}
        step = saved()["lessons"]["border-effects"]["steps"]["first-row"]
        assert step["done"] is True and step["score"] == 5


async def test_bound_letters_pass_through_the_prediction_box():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(app, pilot, "stride", 1)
        box = screen.view.query_one("#predict", Input)
        assert box.has_focus
        await pilot.press("1", "2", "x")
        assert box.value == "12x"  # digits typed once; x is bound to nothing, so it is typed (and the reader says it is no number)
        await pilot.press("n")
        await pilot.pause()
        assert screen.index == 2  # 'n' still means next step


async def test_quiz_right_wrong_targeted_feedback_hint_and_unreadable():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(app, pilot, "convolutional-layer", 4)
        view = screen.view
        await pilot.press("2", ".", "5", "enter")  # no letters get into a number box; half a parameter is unreadable
        assert "did not count as an attempt" in text_of(view, "#q-feedback")
        await pilot.press("escape", "h")  # leave the answer box, ask for a hint
        assert "Hint 1:" in text_of(view, "#q-hints")
        await pilot.press("i")
        for _ in range(4):
            await pilot.press("backspace")
        await pilot.press("1", "8", "enter")
        assert "counts the weights only" in text_of(view, "#q-feedback")
        await pilot.press("2", "0", "enter")
        assert text_of(view, "#q-feedback").startswith("✓ Correct")
        assert "3·3·1·2 weights + 2 biases = 20" in text_of(view, "#q-explanation")
        await pilot.pause()
        record = saved()["lessons"]["convolutional-layer"]["steps"]["check"]["questions"]["params-3x3"]
        assert record.pop("order") > 0  # this learner's order of choices, drawn once
        assert record == {"attempts": 2, "hints": 1, "correct": True, "revealed": False, "variant": 0, "first_try": False,
                          "wrong": [{"answer": "18", "mistakes": ["forgot_bias"]}]}


async def test_parameterized_question_offers_a_new_variant():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(app, pilot, "review", 1)
        view = screen.view
        before = view.session.posed.values
        await pilot.press("escape", "v")
        assert view.session.posed.values != before
        assert "variant 2" in text_of(view, "#q-header")


async def test_resume_after_a_restart():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_lesson(app, pilot, "padding", 1)
        await pilot.press("right", "right", "right")
        await pilot.press("escape")
        await pilot.pause()
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        lessons = again.screen.query_one(LessonList)
        assert "Fixing the border effect" in str(lessons.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert again.screen.lesson.id == "padding" and again.screen.index == 1
        assert again.screen.view.session.index == 3


async def test_reset_asks_first():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_lesson(app, pilot, "convolutional-layer", 1)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("down")  # from 'continue' past the section title to lesson 1
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert "convolutional-layer" in saved()["lessons"]
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "convolutional-layer" not in saved()["lessons"]


async def test_finishing_a_lesson_offers_the_next():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_lesson(app, pilot, "beyond", 5)
        await pilot.press("pagedown")
        await pilot.pause()
        assert isinstance(app.screen, LessonDoneScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_help_and_too_small_terminal():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press("escape")
        await pilot.resize_terminal(50, 15)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "at least 60×18" in str(app.screen.query_one(Static).content)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_commands_open_lessons_and_switch_theme():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "Reset all progress" in commands and "Theme: light" in commands
        commands["Open lesson  5: Downsampling with stride"].callback()
        await pilot.pause()
        assert app.screen.lesson.id == "stride"
        commands["Theme: light"].callback()
        assert app.theme == "textual-light"
        assert json.loads((paths.data_dir() / "settings.json").read_text())["theme"] == "light"


@pytest.mark.parametrize("lesson_id", ["convolutional-layer", "border-effects", "filter-size", "padding", "stride", "review", "beyond",
                                       "channels", "pooling", "transposed", "field-with-pooling"])
async def test_every_step_of_every_lesson_shows(lesson_id):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(app, pilot, lesson_id)
        for i in range(len(screen.lesson.steps)):
            assert screen.index == i and screen.view is not None
            await pilot.press("pagedown")
            await pilot.pause()
        assert isinstance(app.screen, LessonDoneScreen)


async def test_a_quiz_resumes_at_the_first_unanswered_question():
    from convtutor.state.progress import QuestionRecord

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        records = app.course.store.progress.step("filter-size", "check").questions
        records["params-7x7"] = QuestionRecord(attempts=1, correct=True)
        records["params-10x10"] = QuestionRecord(attempts=1, correct=True)
        app.course.store.progress.step("filter-size", "check").position = 0
        screen = await open_lesson(app, pilot, "filter-size", 6)
        assert screen.view.session.index == 2  # the first question not yet answered
        await pilot.press("escape", "right")
        await pilot.pause()
        assert saved()["lessons"]["filter-size"]["steps"]["check"]["position"] == 3  # moving is remembered
