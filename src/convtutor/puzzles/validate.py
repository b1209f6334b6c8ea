"""``convtutor validate`` for puzzles: file:line:col problems, and a proof that each is solvable.

A path holds puzzles when it is a folder with a ``pack.yaml``, a ``pack.yaml`` itself, or a
YAML file whose top level says ``kind: puzzle`` (:func:`is_puzzle_path`). Each puzzle is read
and fitted to the format as lessons are (the same explainer and positions), its numbers are
checked, and then :func:`convtutor.puzzles.search.search` looks for solutions:

* none within the limits: an error at the target ("unsolvable");
* the empty stack meets the target: a warning (trivial);
* fewer layers than par_layers suffice: a warning (par says more than is needed);
* no stack within par_layers or par_params: a warning (par looks out of reach).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from convtutor.lessons.problems import Problem
from convtutor.lessons.reporter import Reporter
from convtutor.puzzles.check import check, target_text
from convtutor.puzzles.loader import LoadedPuzzle, display_path, load_puzzle, puzzle_files
from convtutor.puzzles.model import PACK_FILE
from convtutor.puzzles.search import search

_KIND = re.compile(r"^kind:[ \t]*['\"]?puzzle(-pack)?['\"]?[ \t]*(#.*)?$", re.MULTILINE)


def is_puzzle_path(path: Path) -> bool:
    """A folder with a pack.yaml, a pack.yaml, or a file whose top level says ``kind: puzzle``."""
    if path.is_dir():
        return (path / PACK_FILE).is_file()
    if path.name == PACK_FILE:
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(64_000).decode("utf-8", "replace")
    except OSError:
        return False
    return bool(_KIND.search(head))


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'s' * (n != 1)}"


def _list(values: tuple[int, ...]) -> str:
    """``(1, 2, 3, 5)`` -> ``'1–3, 5'``."""
    runs: list[list[int]] = []
    for value in values:
        if runs and value == runs[-1][-1] + 1:
            runs[-1].append(value)
        else:
            runs.append([value])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs) or "none"


def check_solvable(item: LoadedPuzzle) -> list[Problem]:
    """The search's verdict on one puzzle that fits the format."""
    puzzle, file = item.puzzle, display_path(item.path)
    report = Reporter(file, item.source)
    result = search(puzzle)
    limits = puzzle.limits
    if not result.solvable and not result.complete:
        report.add(("target",), f"the search gave up after {result.states:,} stacks without a solution, so this puzzle is not proven solvable",
                   "lower max_layers or the input's size, or ease the target", key=True)
        return report.problems
    if not result.solvable:
        within = f" with at most {limits.max_params:,} parameters" if limits.max_params is not None else ""
        report.add(("target",), f"no stack of at most {_plural(limits.max_layers, 'layer')}{within} reaches {target_text(puzzle)}",
                   f"the search tried sizes {_list(result.sizes)}, strides {_list(result.strides)}, 'valid' and 'same', "
                   f"filters {_list(result.filters)}; raise max_layers or max_params, or ease the target", key=True)
        return report.problems
    for found in result.best.values():  # the core has the last word on every solution the search names
        verdict = check(puzzle, found.layers)
        if not verdict.solved:  # pragma: no cover - a bug in the search
            report.add(("target",), f"internal error: the search's solution ({found.text()}) fails: {'; '.join(verdict.problems)}", key=True)
            return report.problems
    fewest = result.fewest_layers
    assert fewest is not None
    if not fewest.ops:
        report.problems.append(_warning(report, ("target",), f"the input {'×'.join(map(str, puzzle.input_shape))} already meets the target: "
                                        "the empty stack solves this puzzle", "ask for something the input is not"))
    elif len(fewest.ops) < puzzle.par_layers:
        report.problems.append(_warning(report, ("par_layers",), f"par_layers is {puzzle.par_layers}, but {_plural(len(fewest.ops), 'layer')} "
                                        f"{'meets' if len(fewest.ops) == 1 else 'meet'} the target: {fewest.text()}", f"set par_layers: {len(fewest.ops)}, or tighten the target"))
    elif len(fewest.ops) > puzzle.par_layers:
        report.problems.append(_warning(report, ("par_layers",), f"the search found no stack of {_plural(puzzle.par_layers, 'layer')}; "
                                        f"the fewest is {len(fewest.ops)}: {fewest.text()}", f"set par_layers: {len(fewest.ops)}"))
    cheapest = result.fewest_params
    assert cheapest is not None
    if puzzle.par_params is not None and cheapest.params > puzzle.par_params:
        report.problems.append(_warning(report, ("par_params",), f"the search found no stack with at most {_plural(puzzle.par_params, 'parameter')}; "
                                        f"the fewest is {cheapest.params:,}: {cheapest.text()}", f"set par_params: {cheapest.params}"))
    return report.problems


def _warning(report: Reporter, path: tuple[str | int, ...], message: str, hint: str) -> Problem:
    position = report.source.key(path)
    field = ".".join(str(p) for p in path)
    return Problem(report.file, position.line, position.column, message, field, hint, severity="warning")


def validate_puzzle_file(path: Path) -> list[Problem]:
    item, problems = load_puzzle(path)
    if item is None:
        return problems
    return check_solvable(item)


def validate_puzzle_paths(targets: Iterable[Path]) -> tuple[list[Problem], int]:
    """Check puzzle files, packs and folders; return (problems, files checked)."""
    problems: list[Problem] = []
    count = 0
    for target in targets:
        folder = target if target.is_dir() else (target.parent if target.name == PACK_FILE else None)
        if folder is not None:
            _, files, found = puzzle_files(folder)
            problems.extend(found)
            count += (folder / PACK_FILE).is_file()
        elif target.exists():
            files = [target]
        else:
            problems.append(Problem(display_path(target), 1, 1, "no such file or folder"))
            continue
        ids: dict[str, str] = {}
        for path in files:
            count += 1
            item, found = load_puzzle(path)
            problems.extend(found)
            if item is None:
                continue
            problems.extend(check_solvable(item))
            where = item.source.value(("id",))
            first = ids.setdefault(item.puzzle.id, display_path(path))
            if first != display_path(path):
                problems.append(Problem(display_path(path), where.line, where.column, f"puzzle id '{item.puzzle.id}' is already used by {first}",
                                        "id", "each puzzle needs its own id; results are saved under it"))
    return problems, count
