"""``convtutor serve``: learner names, the missing extra, served mode's limits, and the app
driven over textual-serve's websocket as a browser tab drives it."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from convtutor import paths
from convtutor.cli import main as cli
from convtutor.cli import serve_command
from convtutor.state.learners import MAX_LENGTH, InvalidName, check_name, learner_dir
from convtutor.tui import commands

# -- names -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "folder"), [
    ("alice", "alice"), ("Alice", "alice"), ("  bob_2  ", "bob_2"), ("a.b-c", "a.b-c"), ("x" * MAX_LENGTH, "x" * MAX_LENGTH),
    ("7", "7"), ("console", "console"),
])
def test_names_that_are_kept_become_their_lower_case_folder(typed, folder):
    assert check_name(typed) == folder


@pytest.mark.parametrize(("typed", "says"), [
    ("", "Type a name"), ("   ", "Type a name"), ("x" * (MAX_LENGTH + 1), f"At most {MAX_LENGTH}"),
    ("../etc", "not '/'"), ("a/b", "not '/'"), ("a\\b", "not '\\\\'"), ("/abs", "not '/'"), ("~root", "not '~'"),
    ("a b", "not a space"), ("é", "not 'é'"), ("tab\there", "not that character"), ("nul\x00", "not that character"),
    (".hidden", "cannot start with a dot"), ("..", "cannot start with a dot"), (".", "cannot start with a dot"),
    ("con", "reserved"), ("NUL.txt", "reserved"), ("com1", "reserved"), ("name.", "reserved"),
])
def test_names_that_are_refused_say_why_in_one_short_line(typed, says):
    with pytest.raises(InvalidName) as refused:
        check_name(typed)
    assert says in str(refused.value)
    assert "\n" not in str(refused.value) and len(str(refused.value)) < 60


def test_a_learners_folder_is_always_a_child_of_the_room(tmp_path):
    room = tmp_path / "room"
    assert learner_dir(room, "Alice") == room / "alice"
    for bad in ("..", "../x", "x/../../y", "/tmp/x", ""):
        with pytest.raises(InvalidName):
            learner_dir(room, bad)


# -- the command ---------------------------------------------------------------------------------


def test_without_the_web_extra_serve_names_it_in_one_line(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # as if not installed: importing it fails
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert cli.main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err == "convtutor serve needs textual-serve: pip install 'convtutor[web]'\n"


def test_the_session_command_quotes_every_part(tmp_path):
    import shlex

    room = tmp_path / "a room; rm -rf ~"
    lessons = [tmp_path / "it's lessons"]
    command = serve_command.session_command(room, lessons, python="/usr/bin/python3")
    assert shlex.split(command) == [*(["exec"] if os.name == "posix" else []), "/usr/bin/python3", "-m", "convtutor", "--served", str(room), "--lessons", str(lessons[0])]


def test_another_host_than_this_machine_is_warned_about(tmp_path, monkeypatch, capsys):
    from convtutor.tui import serve

    started = []
    monkeypatch.setattr(serve.RoomServer, "serve", lambda self: started.append((self.host, self.public_url, self.command)))
    assert cli.main(["serve", "--progress-dir", str(tmp_path / "room")]) == 0
    assert "reachable from the network" not in capsys.readouterr().err
    assert started[-1][:2] == ("127.0.0.1", "http://127.0.0.1:8000")
    assert cli.main(["serve", "--host", "0.0.0.0", "--progress-dir", str(tmp_path / "room")]) == 0
    err = capsys.readouterr().err
    assert "warning: listening on 0.0.0.0: reachable from the network" in err and "--public-url" in err
    assert cli.main(["serve", "--lessons", str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err
    assert (tmp_path / "room").is_dir()


def test_a_served_session_refuses_watch_and_open(tmp_path, capsys):
    assert cli.main(["--served", str(tmp_path), "--watch"]) == 2
    assert "takes no --watch" in capsys.readouterr().err


# -- served mode in the app (Pilot) ----------------------------------------------------------------


async def test_served_app_asks_the_name_first_then_keeps_progress_in_its_folder(tmp_path, monkeypatch):
    from textual.widgets import Input, Static

    from app_helpers import catalog, open_lesson, screen_lines
    from convtutor.tui.app import ConvTutorApp
    from convtutor.tui.screens.home import HomeScreen
    from convtutor.tui.screens.learner_name import LearnerNameScreen

    monkeypatch.chdir(tmp_path)
    room = tmp_path / "room"
    (tmp_path / "user-data").mkdir()
    (tmp_path / "user-data" / "settings.json").write_text('{"theme": "light"}')  # the server's own: never read
    (room / "alice").mkdir(parents=True)
    (room / "alice" / "settings.json").write_text('{"theme": "ansi"}')  # the learner's
    from convtutor.state import settings

    read_in, load = [], settings.load
    monkeypatch.setattr(settings, "load", lambda: read_in.append(paths.data_dir()) or load())
    app = ConvTutorApp(catalog=catalog(), served=room)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LearnerNameScreen)
        assert not app.use_command_palette  # nothing else before the name
        assert read_in == [] and not hasattr(app, "course")  # no state file read yet
        assert app.theme == "textual-dark"
        assert not app.screen.query_one("#name", Input).cursor_blink  # served: no frames twice a second while idle
        await pilot.press(*"../x", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LearnerNameScreen)
        assert "not '/'" in str(app.screen.query_one("#name-error", Static).content)
        app.screen.query_one("#name", Input).value = ""
        await pilot.press(*"Alice", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert paths.data_dir() == room / "alice"
        assert app.course.store.path == room / "alice" / "progress.json"
        assert app.theme == "ansi-dark" and read_in == [room / "alice"]  # the learner's own settings
        screen = await open_lesson(app, pilot, "convolutional-layer", 1)  # a sweep
        assert type(screen.view).__name__ == "SweepStepView"
        # The file-writing key is neither offered nor run.
        footer = "\n".join(screen_lines(app)[-2:])
        assert " g " not in footer
        assert app.screen.view.check_action("export", ()) is False
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await pilot.press("right")
        await pilot.pause()
        assert list(tmp_path.glob("*.gif")) == []
    assert (room / "alice" / "progress.json").is_file()
    assert not (tmp_path / "user-data" / "progress.json").exists()  # the server's own data folder is untouched


def test_help_leaves_out_the_file_commands_when_served():
    export = commands.command("export")
    assert export.local and "export" in commands.LOCAL_ACTIONS
    assert export.help in commands.help_text()
    assert export.help not in commands.help_text(served=True)

    class Served:
        served = Path("room")

    assert commands.offered(object(), "export") and not commands.offered(Served(), "export")
    assert commands.offered(Served(), "move(1)")


# -- over the websocket, as a browser tab ------------------------------------------------------------


async def test_tabs_over_the_websocket_name_a_learner_open_a_lesson_and_resume(tmp_path):
    import aiohttp

    from serve_helpers import Tab, children, served

    room = tmp_path / "room"
    with served(room, cwd=tmp_path) as (port, server):
        async with aiohttp.ClientSession() as http:
            async with Tab.open(http, port) as tab:
                await tab.wait_for("who is learning?")
                await tab.keys(*"sam/1")
                await tab.wait_for("not '/'")  # refused in place
                await tab.keys("\x7f", "\x7f", *"_1", "\r")
                await tab.wait_for("Hello, sam_1")
                await tab.wait_for("The convolutional layer")  # the course's first lesson
                await tab.keys("\r")  # open it
                await tab.wait_for("step 1 of")
                await tab.keys("n")  # the sweep
                screen = await tab.wait_for("step 2 of")
                await tab.settle()
                assert " g " not in tab.screen.display[-1]  # no file export in the footer
                await tab.keys("g", "\x1b[C")
                await tab.settle()
                sessions = children(server.pid)
                assert len(sessions) == 1, sessions  # the app itself: the shell execs it
                assert not children(next(iter(sessions)))
            assert screen
            # A closed tab ends its process.
            deadline = time.monotonic() + 10
            while children(server.pid) & sessions and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not children(server.pid) & sessions
            assert list(tmp_path.glob("*.gif")) == []
            assert (room / "sam_1" / "progress.json").is_file()
            # Same name (other case), another tab: the learner resumes.
            async with Tab.open(http, port) as tab:
                await tab.wait_for("who is learning?")
                await tab.keys(*"SAM_1", "\r")
                await tab.wait_for("Welcome back, sam_1")
                await tab.wait_for("Continue: The convolutional layer (step 2 of")
