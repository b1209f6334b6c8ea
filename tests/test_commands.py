"""Every command is defined once (tui/commands.py); bindings, footer and help come from there."""

from __future__ import annotations

from convtutor.tui import commands
from convtutor.tui.app import ConvTutorApp
from convtutor.tui.screens.drill import DrillScreen
from convtutor.tui.screens.home import HomeScreen
from convtutor.tui.screens.lesson import LessonScreen
from convtutor.tui.screens.playground import PlaygroundScreen
from convtutor.tui.screens.puzzle import PuzzleScreen
from convtutor.tui.screens.puzzles import PuzzlesScreen
from convtutor.tui.steps.layer_sweep import SWEEP_KEYS
from convtutor.tui.steps.pool_sweep import PoolSweepStepView
from convtutor.tui.steps.quiz import QuizStepView
from convtutor.tui.steps.sweep import SweepStepView
from convtutor.tui.steps.transposed_sweep import TransposedSweepStepView

OWNERS = {"app": ConvTutorApp, "home": HomeScreen, "lesson": LessonScreen, "sweep": SweepStepView, "quiz": QuizStepView,
          "play": PlaygroundScreen, "drill": DrillScreen, "puzzles": PuzzlesScreen, "puzzle": PuzzleScreen,
          "transposed": TransposedSweepStepView}
# Scopes that are active together: a key must not mean two things at once.
TOGETHER = [("app", "home"), ("app", "lesson", "sweep"), ("app", "lesson", "sweep", "transposed"), ("app", "lesson", "quiz"), ("app", "play", "sweep"), ("app", "puzzles"),
            ("app", "puzzle")]


def test_every_scope_has_an_owner_that_takes_its_bindings_from_the_commands():
    assert set(OWNERS) == set(commands.SCOPES)
    for scope, owner in OWNERS.items():
        if scope == "transposed":  # the transposed and pooling sweeps also take some of the sweep's keys
            assert commands.bindings("sweep", only=SWEEP_KEYS) + commands.bindings(scope) == owner.BINDINGS
            assert commands.bindings("sweep", only=SWEEP_KEYS) == PoolSweepStepView.BINDINGS
            continue
        assert commands.bindings(scope) == owner.BINDINGS, scope


def test_every_key_runs_an_action_its_owner_has():
    for command in commands.COMMANDS:
        for _, action in command.keys:
            owner = ConvTutorApp if action.startswith("app.") else OWNERS[command.scope]
            name = action.removeprefix("app.").split("(")[0]
            assert callable(getattr(owner, f"action_{name}", None)), f"{command.id}: {owner.__name__} has no action_{name}"


def test_no_key_means_two_things_at_once():
    for scopes in TOGETHER:
        seen: dict[str, str] = {}
        for command in commands.COMMANDS:
            if command.scope not in scopes:
                continue
            for keys, _ in command.keys:
                for key in keys.split(","):
                    assert key not in seen or seen[key] == command.alternative, f"{key} is both {seen[key]} and {command.id}"
                    seen[key] = command.id


def test_the_help_lists_every_command_with_its_keys():
    text = commands.help_text()
    for command in commands.COMMANDS:
        assert f"{commands.shown_keys(command):<13} {command.help}" in text
    assert text.index("[b]Everywhere[/b]") < text.index("[b]Sweep[/b]")
    assert commands.shown_keys(next(c for c in commands.COMMANDS if c.id == "next-step")) == "n / pgdn"
    assert commands.shown_keys(next(c for c in commands.COMMANDS if c.id == "move")) == "→ ←"


def test_footer_labels_and_palette_entries_come_from_the_same_definitions():
    shown = {b.description for b in commands.bindings("sweep") if b.show}
    assert shown == {c.label for c in commands.COMMANDS if c.scope == "sweep" and c.label}
    entries = commands.palette_commands(("app", "home"))
    assert {c.id for c, _ in entries} == {"help", "continue", "problems", "playground", "practice", "puzzles"}
    assert all(action == c.keys[0][1] for c, action in entries)


def test_the_readme_lists_the_keys_the_app_has():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert commands.rewrite_readme(text) == text, "run: python -m convtutor.tui.commands README.md"


async def test_the_home_palette_opens_practice_and_the_puzzles():
    from app_helpers import make_app
    from convtutor.tui import palette

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for title, screen_name in (("Practice", "DrillScreen"), ("Shape puzzles", "PuzzlesScreen")):
            home = app.screen
            entry = next(e for e in palette.entries(app, home) if e.title.startswith(title))
            entry.callback()
            await pilot.pause()
            await pilot.pause()
            assert type(app.screen).__name__ == screen_name
            await pilot.press("escape")
            await pilot.pause()
