"""Reading puzzle files and packs: the bundled pack, and folders instructors add.

Nothing here raises for bad input: a problem becomes a :class:`Problem` with a position. The
checks of meaning that need no search are here (a screen can load puzzles fast); the search's
proof of solvability is :mod:`convtutor.puzzles.validate`'s.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import msgspec

from convtutor.lessons.explain import explain
from convtutor.lessons.loader import read_source
from convtutor.lessons.problems import Problem, at, from_issues
from convtutor.lessons.reporter import Reporter
from convtutor.lessons.yaml_source import SourceMap
from convtutor.puzzles.model import PACK_FILE, Pack, Puzzle

T = TypeVar("T")


def bundled_puzzles_dir() -> Path:
    """The pack that ships with convtutor: the top-level ``puzzles/`` folder, packaged in a wheel
    as ``convtutor/bundled_puzzles`` (as :func:`convtutor.paths.bundled_lessons_dir`)."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "bundled_puzzles"
    if packaged.is_dir():
        return packaged
    return package.parent.parent / "puzzles"


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


@dataclass(frozen=True)
class LoadedPuzzle:
    puzzle: Puzzle
    path: Path
    source: SourceMap


def read(path: Path) -> tuple[object, SourceMap] | Problem:
    return read_source(path, "puzzle")


def convert(data: object, model: type[T], source: SourceMap, file: str) -> tuple[T | None, list[Problem]]:
    try:
        return msgspec.convert(data, model, strict=True), []
    except msgspec.ValidationError as error:
        problems = from_issues(explain(data, model), source, file)
        return None, problems or [Problem(file, 1, 1, str(error))]


def check_meaning(report: Reporter, puzzle: Puzzle) -> None:
    """Numbers that cannot make sense together, found without searching."""
    target, limits = puzzle.target, puzzle.limits
    rows, cols, channels = puzzle.input_shape
    if target.output_shape is None and not target.keep_size and target.channels is None and target.receptive_field_at_least is None:
        report.add(("target",), "the target asks for nothing",
                   "give output_shape, keep_size: true, channels or receptive_field_at_least", key=True)
    if target.keep_size is False:
        report.add(("target", "keep_size"), "keep_size: false asks for nothing", "write keep_size: true, or remove it")
    if target.output_shape is not None:
        out_rows, out_cols, out_channels = target.output_shape
        if out_rows > rows or out_cols > cols:
            report.add(("target", "output_shape"), f"the output {out_rows}×{out_cols} is larger than the input {rows}×{cols}; "
                       "convolutions and pooling never make an image larger", "make the output at most the input's size")
        if target.keep_size and (out_rows, out_cols) != (rows, cols):
            report.add(("target", "keep_size"), f"keep_size asks for {rows}×{cols}, but output_shape is {out_rows}×{out_cols}",
                       "remove one of the two")
        if target.channels is not None and target.channels != out_channels:
            report.add(("target", "channels"), f"channels is {target.channels}, but output_shape has {out_channels}",
                       "remove one of the two")
    wanted_channels = target.output_shape[2] if target.output_shape is not None else target.channels
    if wanted_channels is not None and wanted_channels != channels and "conv" not in limits.operations:
        report.add(("limits", "operations"), f"only pooling is allowed, and pooling keeps the {channels} channels; "
                   f"the target has {wanted_channels}", "allow conv")
    if puzzle.par_layers > limits.max_layers:
        report.add(("par_layers",), f"par_layers is {puzzle.par_layers}, more than max_layers ({limits.max_layers})",
                   "par is a number of layers the limits allow")
    if puzzle.par_params is not None and limits.max_params is not None and puzzle.par_params > limits.max_params:
        report.add(("par_params",), f"par_params is {puzzle.par_params:,}, more than max_params ({limits.max_params:,})",
                   "par is a number of parameters the limits allow")


def load_puzzle(path: Path) -> tuple[LoadedPuzzle | None, list[Problem]]:
    """One puzzle file: read safely, fitted to the format, its numbers checked (no search)."""
    found = read(path)
    if isinstance(found, Problem):
        return None, [found]
    data, source = found
    file = display_path(path)
    if not isinstance(data, dict):
        return None, [Problem(file, 1, 1, "a puzzle file is a set of fields (format_version: 1, kind: puzzle, id: ..., target: ...)")]
    puzzle, problems = convert(data, Puzzle, source, file)
    if puzzle is None:
        return None, problems
    report = Reporter(file, source)
    check_meaning(report, puzzle)
    if report.problems:
        return None, report.problems
    return LoadedPuzzle(puzzle, path, source), []


def puzzle_files(folder: Path) -> tuple[str | None, list[Path], list[Problem]]:
    """A folder's puzzle files in order (from pack.yaml when there is one) and its title."""
    pack_path = folder / PACK_FILE
    candidates = sorted(p for p in folder.glob("*.yaml") if p.name != PACK_FILE and p.resolve().is_relative_to(folder.resolve()))
    if not pack_path.is_file():
        return None, candidates, []
    found = read(pack_path)
    if isinstance(found, Problem):
        return None, [], [found]
    data, source = found
    file = display_path(pack_path)
    if not isinstance(data, dict):
        return None, [], [Problem(file, 1, 1, "a pack file is a set of fields (format_version, kind: puzzle-pack, id, title, puzzles)")]
    pack, problems = convert(data, Pack, source, file)
    if pack is None:
        return None, [], problems
    root = folder.resolve()
    files: list[Path] = []
    for i, relative in enumerate(pack.puzzles):
        candidate = (folder / relative).resolve()
        where = source.value(("puzzles", i))
        if Path(relative).is_absolute() or not candidate.is_relative_to(root):
            problems.append(at(file, where, f"'{relative}' is outside the pack's folder", ("puzzles", i), "puzzle files stay beside pack.yaml"))
        elif not candidate.is_file():
            problems.append(at(file, where, f"there is no puzzle file '{relative}'", ("puzzles", i), "check the file name"))
        elif candidate in files:
            problems.append(at(file, where, f"'{relative}' is listed twice", ("puzzles", i)))
        else:
            files.append(candidate)
    for path in candidates:
        if path.resolve() not in files:
            problems.append(Problem(display_path(path), 1, 1, f"this file is not listed in {PACK_FILE}, so the app does not load it",
                                    hint=f"add it to the puzzles of {file}, or move drafts out of the folder", severity="warning"))
    return pack.title, files, problems


def load_pack(folder: Path) -> tuple[str, list[LoadedPuzzle], list[Problem]]:
    """What a puzzle screen loads: the folder's title and its good puzzles, in order; problems
    (a broken puzzle is reported and skipped)."""
    title, files, problems = puzzle_files(folder)
    loaded: list[LoadedPuzzle] = []
    ids: set[str] = set()
    for path in files:
        item, found = load_puzzle(path)
        problems.extend(found)
        if item is not None and item.puzzle.id in ids:
            problems.append(at(display_path(path), item.source.value(("id",)), f"puzzle id '{item.puzzle.id}' is used twice in this pack",
                               ("id",), "each puzzle needs its own id; results are saved under it"))
        elif item is not None:
            ids.add(item.puzzle.id)
            loaded.append(item)
    return title or folder.name, loaded, problems
