"""`convtutor` with and without arguments: what reaches the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from convtutor.cli import main as cli


@pytest.fixture
def app_runs(monkeypatch):
    calls = []
    def run(lessons, open_at, watch, served=None):
        calls.append((lessons, open_at, watch) if served is None else (lessons, open_at, watch, served))
        return 0

    monkeypatch.setattr("convtutor.tui.run.run", run)
    return calls


def test_no_arguments_open_the_course_without_building_the_parser(app_runs, monkeypatch):
    monkeypatch.setattr(cli, "build_parser", lambda: pytest.fail("the parser was built"))
    assert cli.main([]) == 0
    assert app_runs == [([], None, False)]


def test_lessons_and_open_reach_the_app(app_runs):
    assert cli.main(["--lessons", "mine", "--lessons", "more", "--open", "padding:2", "--watch"]) == 0
    assert app_runs == [([Path("mine"), Path("more")], "padding:2", True)]


def test_a_served_session_reaches_the_app_with_its_room(app_runs):
    # The command `convtutor serve` has each browser tab's session run (hidden from --help).
    assert cli.main(["--served", "room", "--lessons", "mine"]) == 0
    assert app_runs == [([Path("mine")], None, False, Path("room"))]


def test_a_subcommand_does_not_start_the_app(app_runs, capsys):
    assert cli.main(["schema"]) == 0
    assert '"$schema"' in capsys.readouterr().out
    assert app_runs == []
