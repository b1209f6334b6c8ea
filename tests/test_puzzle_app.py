"""Shape puzzles in the app: the list, a puzzle built with keys and checked at once, stars (kept
in puzzles.json), and ``convtutor puzzle``. CONVTUTOR_DATA_DIR is a temporary folder (conftest.py)."""

from __future__ import annotations

import json
import subprocess
import sys

from textual.widgets import OptionList, Static

from app_helpers import make_app, screen_lines
from convtutor.core.layers import Conv2DLayer
from convtutor.puzzles.check import check
from convtutor.puzzles.loader import bundled_puzzles_dir, load_pack
from convtutor.state.puzzle_results import results_file
from convtutor.tui.messages import OpenPuzzles
from convtutor.tui.screens.home import HomeScreen
from convtutor.tui.screens.puzzle import PuzzleScreen
from convtutor.tui.screens.puzzles import PuzzlesScreen

# digit-quarter: 28×28×1 → 7×7×32 in at most 2 layers and 5,000 parameters; par 2 layers, 1,300 parameters.
# A new layer is a 3×3 convolution, stride 1, 'valid', 8 filters; s: stride 2, p: 'same', f: 16, f: 32.
BIG = ("a", "s", "p", "a", "s", "p", "f", "f")  # 8 filters (80 params) then 32 (2,336): 2,416 params, one star
SMALL = ("a", "s", "p", "F", "a", "s", "p", "f", "f")  # 4 filters (40) then 32 (1,184): 1,224 params, two stars


def puzzle(puzzle_id: str):
    _, loaded, _ = load_pack(bundled_puzzles_dir())
    return next(item.puzzle for item in loaded if item.puzzle.id == puzzle_id)


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


def test_the_stacks_the_keys_build_are_what_the_checker_says():
    quarter = puzzle("digit-quarter")
    big = check(quarter, [Conv2DLayer(8, 3, 2, "same"), Conv2DLayer(32, 3, 2, "same")])
    assert big.solved and big.params == 80 + 2336 and big.stars == 1
    small = check(quarter, [Conv2DLayer(4, 3, 2, "same"), Conv2DLayer(32, 3, 2, "same")])
    assert small.solved and small.params == 40 + 1184 and small.stars == 2


async def test_the_list_opens_a_puzzle_and_keys_solve_it_with_stars():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, PuzzlesScreen)
        assert "A quarter of a digit" in "\n".join(screen_lines(app))
        await pilot.press("down", "down", "enter")  # the third puzzle
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PuzzleScreen) and screen.puzzle.id == "digit-quarter"
        assert "an output of 7×7×32" in text_of(screen, "#p-text")
        await pilot.press(*BIG)
        await pilot.pause()
        assert screen.verdict.solved and screen.verdict.stars == 1
        lines = "\n".join(screen_lines(app))
        assert "Solved ★☆" in lines  # the verdict is on screen at 80×24
        assert "28×28×1 → 14×14×8 → 7×7×32 · 2,416 params" in lines
        assert json.loads(results_file().read_text())["stars"] == {"digit-quarter": 1}
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PuzzlesScreen)
        assert "★☆   3. A quarter of a digit" in "\n".join(screen_lines(app))


async def test_another_stack_is_accepted_too_and_earns_both_stars():
    app = make_app(puzzles=OpenPuzzles("digit-quarter"))
    async with app.run_test(size=(60, 18)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PuzzleScreen)
        await pilot.press(*SMALL)
        await pilot.pause()
        assert screen.verdict.solved and screen.verdict.stars == 2 and screen.verdict.params == 1224
        assert "Solved ★★" in "\n".join(screen_lines(app))  # also at 60×18


async def test_a_wrong_stack_names_what_is_off_and_editing_rechecks_at_once():
    app = make_app(puzzles=OpenPuzzles("digit-quarter"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("a")
        await pilot.pause()
        assert "the output is 26×26×8; the target is 7×7×32" in text_of(screen, "#p-verdict")
        await pilot.press("a", "a")  # three layers: one too many
        await pilot.pause()
        assert "the stack has 3 layers; at most 2 are allowed" in text_of(screen, "#p-verdict")
        await pilot.press("x", "x", "k", "k")  # back to one layer, its kernel 5×5
        await pilot.pause()
        assert len(screen.choices) == 1 and screen.choices[0].kernel == 5
        assert "the output is 24×24×8" in text_of(screen, "#p-verdict")
        await pilot.press("o")  # conv only in this puzzle: the operation stays
        await pilot.pause()
        assert screen.choices[0].op == "conv"
        assert not screen.verdict.solved
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PuzzlesScreen)
        assert not results_file().exists()


async def test_pooling_is_offered_only_where_the_puzzle_allows_it():
    app = make_app(puzzles=OpenPuzzles("free-halving"))  # conv, maxpool, avgpool
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("a", "o")
        await pilot.pause()
        assert screen.choices[0].op == "maxpool"
        await pilot.press("o")
        await pilot.pause()
        assert screen.choices[0].op == "avgpool"
    app = make_app(puzzles=OpenPuzzles("average-down"))  # avgpool only, kernels 2 and 3
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("a", "k", "k")
        await pilot.pause()
        assert screen.choices[0].op == "avgpool" and screen.choices[0].kernel == 3  # 3 is the largest allowed


async def test_hints_show_one_at_a_time():
    keep_nine = puzzle("keep-nine")
    app = make_app(puzzles=OpenPuzzles("keep-nine"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert text_of(screen, "#p-hints") == ""
        await pilot.press("h")
        await pilot.pause()
        assert keep_nine.hints[0] in text_of(screen, "#p-hints")


async def test_the_list_shows_saved_stars():
    results_file().parent.mkdir(parents=True, exist_ok=True)
    results_file().write_text(json.dumps({"format_version": 1, "stars": {"first-shrink": 2}}))
    app = make_app(puzzles=OpenPuzzles())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PuzzlesScreen)
        assert app.screen.query_one(OptionList).option_count == len(load_pack(bundled_puzzles_dir())[1])
        lines = "\n".join(screen_lines(app))
        assert "★★   1. Lose the border" in lines and "1 of 17 solved" in lines


def test_an_unknown_puzzle_is_a_clear_error():
    done = subprocess.run([sys.executable, "-m", "convtutor", "puzzle", "NOPE"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "there is no puzzle 'NOPE'" in done.stderr and "digit-quarter" in done.stderr


async def test_an_instructors_pack_is_played_and_its_broken_puzzle_is_said(tmp_path):
    import shutil

    shutil.copy(bundled_puzzles_dir() / "03-digit-quarter.yaml", tmp_path / "mine.yaml")
    (tmp_path / "broken.yaml").write_text("format_version: 1\nkind: puzzle\nid: broken\n", encoding="utf-8")
    app = make_app(puzzles=OpenPuzzles(None, tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, PuzzlesScreen)
        assert [item.puzzle.id for item in app.screen.puzzles] == ["digit-quarter"]
        assert any("broken.yaml" in n.message for n in app._notifications)


def test_a_missing_pack_folder_is_a_clear_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "convtutor", "puzzle", "--puzzles", str(tmp_path / "nope")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "no such folder" in result.stderr and "Traceback" not in result.stderr
