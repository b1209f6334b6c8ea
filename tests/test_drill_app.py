"""Practice in the app: the drill screen (answers, slips named, hints, reveal, next, the summary),
saving to practice.json, the home screen's mastery view, and ``convtutor drill``. A fixed clock
and seeds make every run the same; CONVTUTOR_DATA_DIR is a temporary folder (conftest.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone

import pytest
from textual.widgets import Button, Input, Static

from app_helpers import make_app, screen_lines
from convtutor.learning import drills
from convtutor.lessons import questions
from convtutor.state import mastery
from convtutor.state.mastery import Practice, PracticeStore
from convtutor.tui import commands
from convtutor.tui.messages import OpenDrill
from convtutor.tui.screens.dialogs import TextDialog
from convtutor.tui.screens.drill import DrillScreen
from convtutor.tui.screens.home import HomeScreen
from convtutor.tui.widgets.mastery_view import MasteryBars, MasteryView, skill_lines

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc)
SEED = 3  # output_size at level 1: input 8×8, kernel 2×2 → 7×7 (checked below, so a change of drawing shows)


class Clock:
    """A clock the test moves on by hand."""

    def __init__(self, at: datetime = T0) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def typed(value: object) -> str:
    """A value as the learner types it: 7x7 for a size."""
    return "x".join(str(v) for v in value) if isinstance(value, tuple) else str(value)


def right(screen: DrillScreen) -> str:
    return typed(screen.session.posed.expected)


def saved() -> dict:
    return json.loads(mastery.practice_file().read_text())


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


def on_screen(app) -> str:
    return "\n".join(screen_lines(app))


async def type_answer(pilot, text: str) -> None:
    await pilot.press(*text, "enter")
    await pilot.pause()


def drill_app(*, skill: str | None = "output_size", seed: int = SEED):
    """The app as ``convtutor drill --skill SKILL --seed SEED`` opens it, at the fixed time T0."""
    return make_app(drill=OpenDrill(skill, seed), clock=Clock())


# -- the drill screen ----------------------------------------------------------------------------------
async def test_a_wrong_answer_names_the_slip_and_the_answer_stays_hidden_until_shown():
    app = drill_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        posed = screen.session.posed
        assert posed.answer_text == "7×7" and "padded_input" in posed.mistakes
        assert text_of(screen, "#drill-title") == "Practice · Output size · level 1 of 4"
        assert "mastery ░░░░░░░░░░ new" in text_of(screen, "#drill-meter")
        assert screen.query_one("#answer", Input).has_focus

        await type_answer(pilot, typed(posed.mistakes["padded_input"]))
        slip = next(m for m in questions.BY_TAG["output_shape"].mistakes if m.name == "padded_input")
        feedback = text_of(screen, "#d-feedback")
        assert feedback.startswith("✗") and slip.message in feedback and "(attempt 1)" in feedback
        assert "7×7" not in on_screen(app) and "The answer" not in on_screen(app)
        assert not screen.query_one("#d-explanation").display and not screen.query_one("#reveal", Button).display
        assert saved()["skills"]["output_size"]["mistakes"] == {"padded_input": 1}  # saved at once

        await pilot.press("s")  # one try is not enough to see the answer
        await pilot.pause()
        assert "7×7" not in on_screen(app) and not screen.session.revealed

        await type_answer(pilot, typed(posed.mistakes["forgot_plus_one"]))
        forgot = next(m for m in questions.BY_TAG["output_shape"].mistakes if m.name == "forgot_plus_one")
        assert forgot.message in text_of(screen, "#d-feedback") and "7×7" not in on_screen(app)
        assert screen.query_one("#reveal", Button).display and "s show the answer" in text_of(screen, "#d-keys")

        await pilot.press("s")
        await pilot.pause()
        assert "The answer: 7×7" in on_screen(app)
        answer = screen.query_one("#answer", Input)
        assert screen.query_one("#d-explanation").display and answer.has_class("-solved") and answer.has_focus
        await pilot.press("5", "x")  # a solved problem's box takes nothing more
        assert answer.value == typed(posed.mistakes["forgot_plus_one"])
        assert saved()["skills"]["output_size"]["mistakes"] == {"forgot_plus_one": 1, "padded_input": 1}

        first = screen.session.problem
        await pilot.press("enter")  # the next problem
        await pilot.pause()
        assert screen.session.problem is not first and screen.session.problems == 2
        assert not answer.has_class("-solved") and answer.has_focus and answer.value == ""
        await pilot.press("right")  # unanswered: → moves the cursor in the box, not on to another problem
        assert screen.session.problems == 2
        assert text_of(screen, "#d-feedback") == "" and not screen.query_one("#d-explanation").display


async def test_enter_again_on_the_same_wrong_answer_costs_no_try_and_a_letter_is_typed():
    app = drill_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        posed = screen.session.posed
        wrong = typed(posed.mistakes["padded_input"])
        await type_answer(pilot, wrong)
        assert "(attempt 1)" in text_of(screen, "#d-feedback")
        await pilot.press("enter")  # the wrong answer is still in the box: Enter again
        await pilot.pause()
        feedback = text_of(screen, "#d-feedback")
        assert feedback.startswith(f"Same answer as before: {wrong}. ") and "did not count" in feedback
        assert screen.session.wrong_now == 1 and not screen.query_one("#reveal", Button).display
        assert saved()["skills"]["output_size"]["mistakes"] == {"padded_input": 1}
        answer = screen.query_one("#answer", Input)
        answer.value = ""
        await pilot.press("7", "y", "7")  # y is no key of the drill's: typed, not dropped
        assert answer.value == "7y7"


async def test_next_waits_until_the_problem_is_answered():
    app = drill_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        first = screen.session.problem
        await pilot.press("escape")  # Esc leaves the drill at once, answered or not
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.post_message(OpenDrill("output_size", SEED))
        await pilot.pause()
        screen = app.screen
        screen.set_focus(None)
        await pilot.press("right")  # not answered: back to the answer box, same problem
        await pilot.pause()
        assert screen.session.problems == 1 and screen.query_one("#answer", Input).has_focus
        assert screen.session.problem.posed.answer_text == first.posed.answer_text  # the same seed, the same problem
        await type_answer(pilot, right(screen))
        await pilot.press("right")
        await pilot.pause()
        assert screen.session.problems == 2


async def test_a_hint_then_a_right_answer_counts_but_not_as_a_first_try():
    app = drill_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("h")  # h reaches the screen from inside the answer box
        await pilot.pause()
        assert text_of(screen, "#d-hints") == f"Hint 1: {drills.OUTPUT_HINTS[0]}"
        await pilot.press("h")
        await pilot.pause()
        assert "Hint 2:" in text_of(screen, "#d-hints") and not screen.query_one("#hint", Button).display
        await type_answer(pilot, right(screen))
        assert text_of(screen, "#d-feedback") == "✓ Correct: 7×7"
        record = saved()["skills"]["output_size"]
        assert (record["answered"], record["first_try"]) == (1, 0)
        expected = Practice()
        mastery.record_answer(expected, "output_size", right=True, hinted=True, seconds=0, now=T0)
        assert record["card"]["stability"] == expected.skills["output_size"].card.stability  # graded Hard


async def test_a_right_answer_is_saved_summed_up_and_moves_the_bar_on_the_home_screen():
    app = drill_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen_stack[1]
        assert isinstance(home, HomeScreen)
        before = [line.plain for line in skill_lines(home.query_one(MasteryBars).skills, 76)]
        assert "Output size" in before[0] and before[0].split("Output size")[1].split()[1] == "new"
        assert home.query_one(MasteryView).border_title == "Practice (d) · no streak yet"

        screen = app.screen
        await type_answer(pilot, right(screen))
        assert text_of(screen, "#d-feedback") == "✓ Correct: 7×7"
        assert screen.query_one("#d-explanation").display
        meter = mastery.mastery_meter(screen.store.practice, "output_size", T0)
        assert 0 < meter < 1
        assert f"{round(meter * 100)}% (was new)" in text_of(screen, "#drill-meter")
        assert "session: 1 answered, 1 right first time" in text_of(screen, "#drill-meter")
        record = saved()["skills"]["output_size"]
        assert (record["answered"], record["first_try"]) == (1, 1)
        assert saved()["streak"]["days"] == 1

        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        assert "Answered: 1 · right at the first try: 1" in dialog.text
        assert f"Output size: 1 of 1 at the first try · mastery 0% → {round(meter * 100)}%" in dialog.text
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is home
        view = home.query_one(MasteryView)
        assert view.border_title == "Practice (d) · 1-day streak"
        line = next(line for line in screen_lines(app) if "Output size" in line)
        bar = line.split("Output size")[1].split("Parameters")[0]  # the first of two columns of bars
        assert "█" in bar and bar.split()[-1] == f"{round(meter * 100)}%"
        assert "Practice (d) · 1-day streak" in on_screen(app)


async def test_the_home_screen_opens_the_drill_on_the_skill_due_and_names_the_common_slip():
    state = Practice()
    for _ in range(3):
        mastery.count_mistakes(state, "windows", ["forgot_plus_one"])
    mastery.record_answer(state, "param_count", right=True, seconds=60, now=T0 - timedelta(days=3))
    store = PracticeStore()
    store.practice = state
    assert store.save()
    app = make_app(clock=Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = on_screen(app)
        assert "Practice (d) · 1 skill due • · no streak yet" in text
        assert f"Your most frequent slip: you {drills.mistake_words('windows', 'forgot_plus_one')} (3 times)." in text
        due_line = next(line for line in screen_lines(app) if "Parameters" in line)
        assert due_line.split("Parameters")[1].rstrip().endswith("•")
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        assert screen.session.problem.skill == "param_count"  # due first
        assert text_of(screen, "#drill-title") == "Practice · Parameters · level 1 of 4 · 1 skill due"


async def test_the_slip_waits_for_the_course_and_the_first_frame_imports_no_question_kind(tmp_path):
    """The mastery view's bars are in the first frame; the slip (which needs the question kinds,
    and YAML behind them) is filled once the course has loaded."""
    data = tmp_path / "data"
    data.mkdir()
    state = Practice()
    for _ in range(3):
        mastery.count_mistakes(state, "output_size", ["forgot_plus_one"])
    (data / "practice.json").write_text(json.dumps(mastery.to_json(state)))
    script = textwrap.dedent("""
        import asyncio, sys
        from convtutor.tui import app as app_module
        from convtutor.tui.widgets.mastery_view import MasteryView

        app_module.FULL_LOAD_DELAY = 60  # the loader does not run in this test
        async def main():
            app = app_module.ConvTutorApp(include_user_lessons=False)
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                view = app.screen.query_one(MasteryView)
                print(view.border_title, view.slip, "yaml" in sys.modules, "convtutor.lessons.questions" in sys.modules)
        asyncio.run(main())
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         env={**os.environ, "CONVTUTOR_DATA_DIR": str(data)})
    assert out.stdout.split() == ["Practice", "(d)", "·", "no", "streak", "yet", "None", "False", "False"]
    store = PracticeStore()  # the course known (as once the loader has run): the slip is said
    store.practice = state
    store.save()
    app = make_app(clock=Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        slip = app.screen.query_one(MasteryView).slip
        assert slip is not None and slip.startswith("Your most frequent slip: you ") and slip.endswith("(3 times).")
        assert slip in on_screen(app)


@pytest.mark.parametrize("size", [(80, 24), (60, 18), (100, 30)])
async def test_everything_is_on_screen(size):
    app = drill_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        posed = screen.session.posed
        await type_answer(pilot, typed(posed.mistakes["padded_input"]))
        await pilot.press("h")
        await pilot.pause()
        text = on_screen(app)
        for needle in ("Practice · Output size · level 1 of 4", "mastery", posed.settings[0], posed.prompt, "8x8",
                       "enter check", "✗ That is the size of the input", "Hint 1:", "h Hint", "f End", "esc Lessons"):
            assert needle in text, (size, needle)
        if size != (60, 18):  # at 60×18 the buttons are below the fold (the footer has their keys)
            assert screen.query_one("#drill-body").max_scroll_y == 0, size
            assert "End session (f)" in text
        await pilot.press("escape")
        await pilot.pause()
        text = on_screen(app)
        for skill in drills.SKILLS:
            assert skill.title[:10] in text, (size, skill.id)
        assert "Practice (d)" in text and "Continue" in text


@pytest.mark.parametrize("width", [30, 56, 76, 96, 140])
def test_the_bars_fit_the_width_and_keep_whole_titles_at_80_columns(width):
    from convtutor.learning.practice import SkillStatus

    skills = [SkillStatus(s.id, s.title, i / 5, 0, i == 2, i == 0) for i, s in enumerate(drills.SKILLS)]
    lines = [line.plain for line in skill_lines(skills, width)]
    assert lines and all(len(line) <= width for line in lines)
    assert sum(line.count("%") + line.count(" new") for line in lines) == len(skills)
    assert sum(line.count("•") for line in lines) == 1  # the one skill due
    if width >= 76:
        assert all(s.title in "\n".join(lines) for s in drills.SKILLS)
    full = next(line for line in lines if "100%" in line)  # the last skill's meter is 1.0: a full bar
    assert "█" in full and "░" not in full.split("100%")[0].split()[-1]


def test_the_drill_keys_do_not_clash_and_are_not_answer_characters():
    seen: dict[str, str] = {}
    for command in commands.COMMANDS:
        if command.scope not in ("app", "drill"):
            continue
        for keys, _ in command.keys:
            for key in keys.split(","):
                assert key not in seen, f"{key} is both {seen[key]} and {command.id}"
                seen[key] = command.id
    import re

    from convtutor.lessons.kinds import SHAPE_CHARS

    for key in ("h", "s", "f"):  # typed into the answer box, they must still reach the screen
        assert not re.fullmatch(SHAPE_CHARS, key)


# -- convtutor drill ------------------------------------------------------------------------------------
def test_convtutor_drill_names_the_skills_when_one_is_unknown(capsys):
    from convtutor.cli import main as cli

    with pytest.raises(SystemExit) as exit_:
        cli.main(["drill", "--skill", "NOPE"])
    assert exit_.value.code == 2
    error = capsys.readouterr().err
    assert "invalid choice: 'NOPE'" in error
    assert all(skill_id in error for skill_id in drills.SKILL_IDS)


def test_convtutor_drill_opens_the_app_on_the_drill(monkeypatch):
    from convtutor.cli import main as cli
    from convtutor.tui.app import ConvTutorApp

    started = []
    monkeypatch.setattr(ConvTutorApp, "run", lambda self: started.append(self))
    assert cli.main(["drill", "--skill", "windows", "--seed", "12"]) == 0
    (app,) = started
    assert (app.drill.skill, app.drill.seed) == ("windows", 12)


async def test_the_app_opened_for_a_drill_shows_it_over_the_home_screen():
    app = drill_app(skill="windows", seed=12)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DrillScreen) and app.screen.session.problem.skill == "windows"
        assert isinstance(app.screen_stack[1], HomeScreen)
