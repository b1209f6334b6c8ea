"""Shape puzzles: the format, the checker, the search that proves a puzzle solvable, the
validator's file:line:col messages, the bundled pack, and ``convtutor validate puzzles/``."""

from __future__ import annotations

import json
import textwrap
import time
from pathlib import Path

import pytest

from convtutor.cli import main as cli
from convtutor.core.layers import AveragePooling2DLayer, Conv2DLayer, Conv2DTransposeLayer, MaxPooling2DLayer
from convtutor.puzzles.check import check
from convtutor.puzzles.loader import bundled_puzzles_dir, load_pack
from convtutor.puzzles.model import Puzzle, pack_schema, puzzle_schema
from convtutor.puzzles.search import search
from convtutor.puzzles.validate import is_puzzle_path, validate_puzzle_paths

C = Conv2DLayer
MAX, AVG = MaxPooling2DLayer, AveragePooling2DLayer

#: At least one stack per bundled puzzle, written by hand (two or more for some).
SOLUTIONS: dict[str, list[list]] = {
    "first-shrink": [[C(8, 3)]],
    "keep-nine": [[C(4, 5, padding="same")], [C(4, 5, padding=2)]],
    "digit-quarter": [
        [C(4, 3, 2, "same"), C(32, 3, 2, "same")],
        [C(8, 2, 2), C(32, 2, 2)],
    ],
    "wide-view": [[C(1, 7, 2), C(1, 7, 2), C(1, 7)], [C(4, 5, 3, "same"), C(4, 5, 2, "same"), C(1, 5, padding="same")]],
    "half-size": [[C(16, 3, 2, "same")], [C(16, 2, 2)]],
    "three-small-steps": [[C(1, 3), C(1, 3), C(1, 3)]],
    "free-halving": [[MAX(2)], [AVG(2)]],
    "pool-and-filter": [[MAX(2), C(16, 3, 2, "same")], [MAX(2), MAX(2), C(16, 1)]],
    "fewer-channels": [[C(16, 1)]],
    "thin-waist": [[C(1, 1), C(32, 5, padding="same")], [C(8, 1), C(8, 5, padding="same"), C(32, 1)]],
    "odd-size": [[C(4, 3, 2, "same")], [C(4, 1, 2)]],
    "stride-three": [[C(1, 3, 3)], [C(1, 3, 3, "same")]],
    "stacked-threes": [[C(1, 3, padding="same")] * 4, [C(2, 3, padding="same")] * 3 + [C(1, 3, padding="same")]],
    "average-down": [[AVG(3, padding="same"), AVG(3)], [AVG(2), AVG(2), AVG(2)]],
    "rgb-features": [[C(64, 3, 2, "same")], [C(3, 1), C(64, 2, 2)]],
    "eight-from-sixty-four": [[C(1, 3, 3, "same"), C(1, 3, 3, "same")], [C(1, 7, 3), C(1, 5, 2)]],
    "not-square": [[C(4, 3, 2, "same")]],
}


def bundled() -> list[Puzzle]:
    title, loaded, problems = load_pack(bundled_puzzles_dir())
    assert problems == [] and title == "Shape puzzles"
    return [item.puzzle for item in loaded]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def formatted(paths: list[Path], monkeypatch: pytest.MonkeyPatch, folder: Path) -> list[str]:
    monkeypatch.chdir(folder)
    problems, _ = validate_puzzle_paths([p.relative_to(folder) for p in paths])
    return [p.format() for p in problems]


# -- the bundled pack ---------------------------------------------------------------------------
def test_the_bundled_pack_validates_without_warnings_and_in_good_time():
    start = time.perf_counter()
    problems, count = validate_puzzle_paths([bundled_puzzles_dir()])
    assert [p.format() for p in problems] == []
    assert count >= 16  # pack.yaml and at least 15 puzzles
    assert time.perf_counter() - start < 5
    puzzles = bundled()
    assert len(puzzles) >= 15
    assert len({p.id for p in puzzles}) == len(puzzles)
    for puzzle in puzzles:
        result = search(puzzle)
        assert result.complete and result.solvable
        assert result.seconds < 1, puzzle.id


def test_every_bundled_puzzle_is_solved_by_stacks_written_by_hand():
    puzzles = bundled()
    assert set(SOLUTIONS) == {p.id for p in puzzles}
    for puzzle in puzzles:
        for stack in SOLUTIONS[puzzle.id]:
            verdict = check(puzzle, stack)
            assert verdict.solved, (puzzle.id, verdict.problems)
            assert verdict.problems == ()
    assert sum(len(stacks) >= 2 for stacks in SOLUTIONS.values()) >= 10


def test_a_puzzle_is_solved_two_different_ways_with_different_stars():
    (puzzle,) = [p for p in bundled() if p.id == "digit-quarter"]
    cheap = check(puzzle, SOLUTIONS["digit-quarter"][0])
    other = check(puzzle, SOLUTIONS["digit-quarter"][1])
    assert cheap.solved and other.solved
    assert cheap.output_shape == other.output_shape == (7, 7, 32)
    assert cheap.params == 40 + 1184 and cheap.stars == 2
    assert other.params == 40 + 1056 and other.stars == 2
    wasteful = check(puzzle, [C(32, 3, 2, "same"), C(32, 1, 2)])  # 320 + 1,056 parameters: over par
    assert wasteful.solved and wasteful.layers_star and not wasteful.params_star and wasteful.stars == 1
    assert "par is 1,300 parameters: this stack has 1,376" in wasteful.notes


def test_every_search_solution_is_a_solution_by_the_core():
    for puzzle in bundled():
        for found in search(puzzle).best.values():
            assert check(puzzle, found.layers).solved, (puzzle.id, found.text())


def test_the_wheel_ships_the_pack():
    pyproject = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"puzzles" = "convtutor/bundled_puzzles"' in pyproject
    # the checkout's pack in place, or its copy inside an installed wheel: the same files either way
    checkout = Path(__file__).resolve().parents[1] / "puzzles"
    assert sorted(p.name for p in bundled_puzzles_dir().iterdir()) == sorted(p.name for p in checkout.iterdir())


# -- the checker ----------------------------------------------------------------------------------
def puzzle(**changes: object) -> Puzzle:
    fields: dict[str, object] = {
        "format_version": 1, "kind": "puzzle", "id": "p", "title": "P", "text": "t", "input_shape": [28, 28, 1],
        "target": {"output_shape": [7, 7, 32]}, "limits": {"max_layers": 2, "max_params": 5000}, "par_layers": 2, "par_params": 1300,
    }
    fields.update(changes)
    import msgspec

    return msgspec.convert(fields, Puzzle, strict=True)


def test_the_checker_names_what_is_off():
    p = puzzle()
    verdict = check(p, [C(32, 3, 2, "same")])
    assert not verdict.solved and verdict.stars == 0
    assert verdict.problems == ("the output is 14×14×32; the target is 7×7×32",)
    verdict = check(p, [C(64, 3, 2, "same"), C(32, 3, 2, "same")])
    assert verdict.problems == ("the stack has 19,104 parameters; the limit is 5,000",)
    assert not verdict.solved
    verdict = check(p, [C(8, 3, 2, "same"), C(8, 3, 2, "same"), C(32, 1)])
    assert verdict.problems[0] == "the stack has 3 layers; at most 2 are allowed"
    verdict = check(p, [MAX(4), C(32, 1)])
    assert verdict.problems[0] == "layer 1 is max pooling, which this puzzle does not allow (allowed: a convolution)"
    verdict = check(p, [Conv2DTransposeLayer(4, 3)])
    assert verdict.problems[0] == "layer 1 is a transposed convolution, which this puzzle does not allow (allowed: a convolution)"
    verdict = check(p, [C(32, 9), C(32, 30)])
    assert not verdict.solved and verdict.summary is None
    assert verdict.problems[0].startswith("layer 2 (conv2d_1) gets a 20×20 input")


def test_the_checker_knows_each_kind_of_target_and_limit():
    keep = puzzle(input_shape=[9, 9, 1], target={"keep_size": True, "channels": 4},
                  limits={"max_layers": 1, "kernel_sizes": [5], "strides": [1]}, par_layers=1, par_params=104)
    assert check(keep, [C(4, 5)]).problems == ("the output is 5×5; the target keeps the input's 9×9",)
    assert check(keep, [C(2, 5, padding="same")]).problems == ("the output has 2 channels; the target is 4",)
    assert check(keep, [C(4, 3, padding="same")]).problems == ("layer 1's kernel is 3×3; this puzzle allows 5×5",)
    assert check(keep, [C(4, 5, 2, "same")]).problems[0] == "layer 1's stride is 2×2; this puzzle allows 1"
    assert check(keep, [C(4, 5, padding="same")]).stars == 2
    wide = puzzle(input_shape=[64, 64, 1], target={"receptive_field_at_least": 31}, limits={"max_layers": 3}, par_layers=3, par_params=None)
    assert check(wide, [C(1, 7), C(1, 7)]).problems == ("the receptive field is 13×13; the target is at least 31×31",)
    solved = check(wide, [C(1, 7, 2), C(1, 7, 2), C(1, 7)])
    assert solved.solved and solved.stars == 1 and not solved.params_star
    assert solved.notes[0] == "the output is 6×6×1 with a receptive field of 43×43, as the target asks"
    assert check(wide, []).problems == ("the receptive field is 1×1; the target is at least 31×31",)


# -- broken puzzle files ----------------------------------------------------------------------------
GOOD = """\
    format_version: 1
    kind: puzzle
    id: quarter
    title: A quarter
    text: Make it small.
    input_shape: [28, 28, 1]
    target:
      output_shape: [7, 7, 32]
    limits:
      max_layers: 2
      strides: [1, 2]
    par_layers: 2
    """


def test_a_good_puzzle_file_has_no_problems(tmp_path, monkeypatch):
    path = write(tmp_path, "good.yaml", GOOD)
    assert formatted([path], monkeypatch, tmp_path) == []


def test_schema_errors_point_at_their_values(tmp_path, monkeypatch):
    path = write(tmp_path, "broken.yaml", GOOD.replace("[28, 28, 1]", "[28, 28]").replace("max_layers: 2", "max_layer: 2"))
    assert formatted([path], monkeypatch, tmp_path) == [
        "broken.yaml:6:14: input_shape: this list needs at least 3 items; it has 2 (hint: input_shape: [rows, cols, channels])",
        "broken.yaml:10:3: limits.max_layer: unknown field 'max_layer'; did you mean 'max_layers'? "
        "(hint: allowed here: kernel_sizes, max_layers, max_params, operations, strides)",
        "broken.yaml:10:3: limits.max_layers: missing required field 'max_layers' (hint: add 'max_layers: ...')",
    ]
    path = write(tmp_path, "ops.yaml", GOOD.replace("strides: [1, 2]", "operations: [conv, maxpol]"))
    assert formatted([path], monkeypatch, tmp_path) == [
        "ops.yaml:11:22: limits.operations[1]: the text 'maxpol' is not allowed here; did you mean 'maxpool'?",
    ]
    path = write(tmp_path, "yaml.yaml", GOOD.replace("title: A quarter", "title: A: quarter"))
    (line,) = formatted([path], monkeypatch, tmp_path)
    assert line == ("yaml.yaml:4:9: YAML syntax error: mapping values are not allowed in this context "
                    "(hint: a value containing ': ' needs quotes, or the line is indented wrongly)")


def test_impossible_numbers_are_errors_at_their_values(tmp_path, monkeypatch):
    path = write(tmp_path, "grows.yaml", GOOD.replace("[7, 7, 32]", "[56, 56, 32]").replace("par_layers: 2", "par_layers: 3"))
    assert formatted([path], monkeypatch, tmp_path) == [
        "grows.yaml:8:17: target.output_shape: the output 56×56 is larger than the input 28×28; convolutions and pooling never "
        "make an image larger (hint: make the output at most the input's size)",
        "grows.yaml:12:13: par_layers: par_layers is 3, more than max_layers (2) (hint: par is a number of layers the limits allow)",
    ]
    path = write(tmp_path, "empty.yaml", GOOD.replace("output_shape: [7, 7, 32]", "keep_size: false"))
    assert formatted([path], monkeypatch, tmp_path) == [
        "empty.yaml:7:1: target: the target asks for nothing (hint: give output_shape, keep_size: true, channels or receptive_field_at_least)",
        "empty.yaml:8:14: target.keep_size: keep_size: false asks for nothing (hint: write keep_size: true, or remove it)",
    ]


def test_an_unsolvable_puzzle_is_an_error_at_its_target(tmp_path, monkeypatch):
    path = write(tmp_path, "hard.yaml", GOOD.replace("max_layers: 2", "max_layers: 1").replace("par_layers: 2", "par_layers: 1"))
    assert formatted([path], monkeypatch, tmp_path) == [
        "hard.yaml:7:1: target: no stack of at most 1 layer reaches an output of 7×7×32 (hint: the search tried sizes 1–7, "
        "strides 1, 2, 'valid' and 'same', filters 1, 8, 16, 32; raise max_layers or max_params, or ease the target)",
    ]
    path = write(tmp_path, "cheap.yaml", GOOD.replace("strides: [1, 2]", "max_params: 60"))
    assert formatted([path], monkeypatch, tmp_path) == [
        "cheap.yaml:7:1: target: no stack of at most 2 layers with at most 60 parameters reaches an output of 7×7×32 (hint: the "
        "search tried sizes 1–7, strides 1–3, 'valid' and 'same', filters 1, 8, 16, 32; raise max_layers or max_params, or ease the target)",
    ]


def test_trivial_puzzles_and_loose_or_unreachable_par_are_warnings(tmp_path, monkeypatch):
    path = write(tmp_path, "trivial.yaml", GOOD.replace("[7, 7, 32]", "[28, 28, 1]").replace("par_layers: 2", "par_layers: 1"))
    assert formatted([path], monkeypatch, tmp_path) == [
        "trivial.yaml:7:1: warning: target: the input 28×28×1 already meets the target: the empty stack solves this puzzle "
        "(hint: ask for something the input is not)",
    ]
    path = write(tmp_path, "loose.yaml", GOOD.replace("[7, 7, 32]", "[14, 14, 32]") + "par_params: 10\n")
    assert formatted([path], monkeypatch, tmp_path) == [
        "loose.yaml:12:1: warning: par_layers: par_layers is 2, but 1 layer meets the target: conv 1×1/2 valid ×32 "
        "(hint: set par_layers: 1, or tighten the target)",
        "loose.yaml:13:1: warning: par_params: the search found no stack with at most 10 parameters; the fewest is 64: "
        "conv 1×1/2 valid ×32 (hint: set par_params: 64)",
    ]
    problems, _ = validate_puzzle_paths([path])
    assert {p.severity for p in problems} == {"warning"}


def test_a_pack_lists_its_puzzles(tmp_path, monkeypatch):
    write(tmp_path, "one.yaml", GOOD)
    write(tmp_path, "two.yaml", GOOD)
    write(tmp_path, "pack.yaml", """\
        format_version: 1
        kind: puzzle-pack
        id: mine
        title: Mine
        puzzles: [one.yaml, missing.yaml]
        """)
    assert formatted([tmp_path], monkeypatch, tmp_path) == [
        "pack.yaml:5:21: puzzles[1]: there is no puzzle file 'missing.yaml' (hint: check the file name)",
        "two.yaml:1:1: warning: this file is not listed in pack.yaml, so the app does not load it "
        "(hint: add it to the puzzles of pack.yaml, or move drafts out of the folder)",
    ]
    write(tmp_path, "pack.yaml", "format_version: 1\nkind: puzzle-pack\nid: mine\ntitle: Mine\npuzzles: [one.yaml, two.yaml]\n")
    assert formatted([tmp_path], monkeypatch, tmp_path) == ["two.yaml:3:5: id: puzzle id 'quarter' is already used by one.yaml "
                                                           "(hint: each puzzle needs its own id; results are saved under it)"]


# -- routing and the command --------------------------------------------------------------------------
def test_which_paths_hold_puzzles(tmp_path):
    assert is_puzzle_path(bundled_puzzles_dir())
    assert is_puzzle_path(bundled_puzzles_dir() / "pack.yaml")
    assert is_puzzle_path(write(tmp_path, "p.yaml", GOOD))
    assert not is_puzzle_path(tmp_path)  # a folder without pack.yaml: lessons
    lessons = Path(__file__).resolve().parents[1] / "lessons"
    assert not is_puzzle_path(lessons) and not is_puzzle_path(lessons / "01-convolutional-layer.yaml")


def test_convtutor_validate_checks_puzzles(tmp_path, monkeypatch, capsys):
    assert cli.main(["validate", str(bundled_puzzles_dir())]) == 0
    assert "no problems" in capsys.readouterr().err
    lessons = Path(__file__).resolve().parents[1] / "lessons"
    assert cli.main(["validate", str(lessons), str(bundled_puzzles_dir())]) == 0
    bad = write(tmp_path, "hard.yaml", GOOD.replace("max_layers: 2", "max_layers: 1").replace("par_layers: 2", "par_layers: 1"))
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert cli.main(["validate", "hard.yaml"]) == 1
    out = capsys.readouterr()
    assert out.out.startswith("hard.yaml:7:1: target: no stack of at most 1 layer reaches")
    assert "1 problem in 1 file" in out.err
    assert cli.main(["validate", "--json", str(bad)]) == 1
    assert json.loads(capsys.readouterr().out)["problems"][0]["line"] == 7
    trivial = write(tmp_path, "trivial.yaml", GOOD.replace("[7, 7, 32]", "[28, 28, 1]").replace("par_layers: 2", "par_layers: 1"))
    assert cli.main(["validate", str(trivial)]) == 0
    assert cli.main(["validate", "--strict", str(trivial)]) == 1


def test_the_json_schemas():
    schema = puzzle_schema()
    assert schema["title"] == "Puzzle" and schema["$schema"].startswith("https://json-schema.org/")
    assert {"Puzzle", "Target", "Limits"} <= set(schema["$defs"])
    assert schema["$defs"]["Limits"]["properties"]["operations"]["items"]["enum"] == sorted(["conv", "maxpool", "avgpool"])
    assert set(pack_schema()["$defs"]["Pack"]["required"]) == {"format_version", "kind", "id", "title", "puzzles"}
