"""The layers of the code, checked: core → state → lessons → learning → tui / cli.

Lower layers never import higher ones; the lesson model and everything below it never import
Textual (or Rich); module-level imports between convtutor's modules have no cycles; and the
app's first frame does not pay for YAML, the schema or NumPy.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "convtutor"

# What each part may import from convtutor (by top-level part name); "" is convtutor itself
# (__init__: the version), paths and parsing are shared helpers at the bottom.
BASE = {"", "paths", "parsing", "compat"}
ALLOWED = {
    "core": {"core"},
    "compat": set(),
    "paths": set(),
    "parsing": set(),
    "state": {"state"} | BASE,
    "lessons": {"lessons", "core", "state"} | BASE,
    "puzzles": {"puzzles", "lessons", "core", "state"} | BASE,  # shape puzzles: the format, checker and validator
    "learning": {"learning", "lessons", "core", "state"} | BASE,
    "export": {"export", "learning", "lessons", "core", "state"} | BASE,  # frames for slides: beside the tui, no Textual
    "tui": {"tui", "export", "learning", "puzzles", "lessons", "core", "state"} | BASE,
    "cli": {"cli", "tui", "export", "learning", "puzzles", "lessons", "core", "state"} | BASE,
    "__main__": {"cli"},
    "": set(),
}
UI = ("textual", "rich")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def imports(path: Path, *, top_level_only: bool) -> list[str]:
    """Modules imported by a file; with top_level_only, not those inside functions or under
    TYPE_CHECKING (they do not run when the module is imported)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node: ast.AST, nested: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = nested
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner = True
            elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for sub in child.orelse:
                    visit(sub, nested)
                if not top_level_only:
                    for sub in child.body:
                        visit(sub, True)
                continue
            if isinstance(child, ast.Import) and not (top_level_only and inner):
                found.extend(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and not (top_level_only and inner):
                found.append(child.module)
            visit(child, inner)

    visit(tree, False)
    return found


def test_lower_layers_never_import_higher_ones():
    wrong = []
    for path in sorted(SOURCE.rglob("*.py")):
        name = module_name(path)
        allowed = ALLOWED[part_of(name)]
        for imported in imports(path, top_level_only=False):
            if imported.split(".")[0] == "convtutor" and part_of(imported) not in allowed and part_of(imported) != part_of(name):
                wrong.append(f"{name} imports {imported}")
    assert wrong == []


def test_only_the_tui_names_textual_or_rich():
    wrong = []
    for path in sorted(SOURCE.rglob("*.py")):
        name = module_name(path)
        if part_of(name) in ("tui",):
            continue
        wrong += [f"{name} imports {m}" for m in imports(path, top_level_only=False) if m.split(".")[0] in UI]
    assert wrong == []


def test_no_import_cycles_between_modules():
    graph: dict[str, set[str]] = {}
    known = {module_name(p) for p in SOURCE.rglob("*.py")}
    for path in SOURCE.rglob("*.py"):
        targets = set()
        for imported in imports(path, top_level_only=True):
            while imported and imported not in known:  # "from package.module import name"
                imported = imported.rpartition(".")[0]
            if imported and imported != module_name(path):
                targets.add(imported)
        graph[module_name(path)] = targets
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" → ".join([*trail[trail.index(nxt):], nxt]) if nxt in trail else f"{node} → {nxt}")
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    # A package's __init__ importing its own submodules (the registries) is how packages work.
    cycles = [c for c in cycles if not all(step.startswith(c.split(" → ")[0]) for step in c.split(" → "))]
    assert cycles == []


def run_and_list_modules(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_the_lesson_model_and_learning_load_without_textual():
    loaded = run_and_list_modules(
        "import convtutor.lessons.loader, convtutor.lessons.json_schema, convtutor.learning.quiz_session, "
        "convtutor.learning.sweep_session, convtutor.learning.status, convtutor.compat"
    )
    assert not {m for m in loaded if m.split(".")[0] in UI}


def test_the_first_frame_needs_no_yaml_schema_or_numpy():
    loaded = run_and_list_modules("import convtutor.tui.app")
    heavy = {"yaml", "numpy", "convtutor.lessons.schema", "convtutor.lessons.loader", "convtutor.core.conv"}
    assert not heavy & loaded
