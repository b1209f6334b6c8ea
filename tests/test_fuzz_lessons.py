"""Fuzzing the loader and validator: whatever a file holds, the answer is a lesson or a
``file:line:col`` problem, never an exception, and quickly.

Examples per test are bounded for CI; set HYPOTHESIS_PROFILE=thorough for a long run.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convtutor import paths
from convtutor.lessons import questions, steps
from convtutor.lessons.fields import Feedback, InputSpec, KernelSpec
from convtutor.lessons.loader import load_lesson, validate_paths
from convtutor.lessons.problems import Problem
from convtutor.lessons.schema import Lesson

settings.register_profile("ci", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

BUNDLED = sorted(paths.bundled_lessons_dir().glob("0*.yaml"))
# Every field and kind the registries know, so that a new kind is fuzzed too.
_STRUCTS = [Lesson, *(k.struct for k in steps.KINDS), *(k.struct for k in questions.KINDS), InputSpec, KernelSpec, Feedback]
KEYS = sorted({name for struct in _STRUCTS for name in struct.__struct_fields__} | {"kind", "generator", "preset", "mistake"})
KINDS = [k.tag for k in steps.KINDS] + [k.tag for k in questions.KINDS] + ["nonsense"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20), st.sampled_from(KINDS), st.sampled_from(["valid", "same", "full", "$n", "8x8", ""]),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), children, max_size=6),
    ),
    max_leaves=40,
)


def assert_well_formed(problems: list[Problem], path: Path) -> None:
    for problem in problems:
        assert problem.file.endswith(path.name)
        assert problem.line >= 1 and problem.column >= 1
        assert problem.message and "\n" not in problem.message
        assert problem.format().startswith(f"{problem.file}:{problem.line}:{problem.column}: ")


def check_file(path: Path) -> None:
    start = time.perf_counter()
    lesson, problems = load_lesson(path, thorough=True)
    assert (lesson is None) == bool(problems)
    assert_well_formed(problems, path)
    assert time.perf_counter() - start < 5, "a single file must never take long"


@given(document=st.dictionaries(st.sampled_from(KEYS), values, max_size=8), steps=st.lists(st.dictionaries(st.sampled_from(KEYS), values, max_size=8), max_size=4))
def test_random_documents_shaped_like_lessons(tmp_path_factory, document, steps):
    document = {"format_version": 1, "id": "fuzz", "title": "t", "summary": "s", **document}
    if steps:
        document["steps"] = steps
    path = tmp_path_factory.mktemp("fuzz") / "lesson.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    check_file(path)


MUTATIONS = ["delete", "duplicate", "swap", "misspell", "truncate", "bytes", "indent", "retype"]


@given(which=st.sampled_from(BUNDLED), mutation=st.sampled_from(MUTATIONS), seed=st.integers(0, 10**9))
def test_mutated_bundled_lessons(tmp_path_factory, which, mutation, seed):
    rng = random.Random(seed)
    data = which.read_bytes()
    lines = data.split(b"\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    if mutation == "delete":
        del lines[i]
    elif mutation == "duplicate":
        lines.insert(i, lines[i])
    elif mutation == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif mutation == "misspell" and b":" in lines[i]:
        key, rest = lines[i].split(b":", 1)
        if key.strip():
            position = rng.randrange(len(key))
            lines[i] = key[:position] + key[position + 1:] + b":" + rest
    elif mutation == "truncate":
        data = data[: rng.randrange(len(data))]
        lines = data.split(b"\n")
    elif mutation == "bytes":
        junk = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 12)))
        where = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:where] + junk + lines[i][where:]
    elif mutation == "indent":
        lines[i] = b" " * rng.randrange(1, 4) + lines[i]
    elif mutation == "retype" and b": " in lines[i]:
        key = lines[i].split(b": ", 1)[0]
        lines[i] = key + b": " + rng.choice([b"[1, 2]", b"{a: 1}", b"-3", b"true", b"~", b"'text'", b"1e999", b"&x [*x]"])
    path = tmp_path_factory.mktemp("mutant") / which.name
    path.write_bytes(b"\n".join(lines))
    check_file(path)


@given(which=st.sampled_from(BUNDLED), seed=st.integers(0, 10**9))
def test_structural_mutations_of_the_data(tmp_path_factory, which, seed):
    """Delete, retype and rename keys deep inside real lessons."""
    rng = random.Random(seed)
    data = yaml.safe_load(which.read_text(encoding="utf-8"))
    mappings = []

    def collect(node: object) -> None:
        if isinstance(node, dict):
            mappings.append(node)
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(data)
    for _ in range(rng.randrange(1, 4)):
        target = rng.choice(mappings)
        if not target:
            continue
        key = rng.choice(list(target))
        action = rng.choice(["delete", "retype", "rename", "nest"])
        if action == "delete":
            target.pop(key)
        elif action == "retype":
            target[key] = rng.choice([None, True, -1, 0, 10**9, 2.5, "x", [], {}, [[1, "a"]], {"k": [1]}])
        elif action == "rename":
            target[key[::-1] + "x"] = target.pop(key)
        else:
            target[key] = {"nested": target[key]}
    path = tmp_path_factory.mktemp("struct") / which.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    check_file(path)


def test_alias_bomb_and_huge_file_are_refused_within_a_second(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    layers = ["a: &a [" + ", ".join(["lol"] * 9) + "]"]
    for n in range(1, 12):
        previous = chr(ord("a") + n - 1)
        name = chr(ord("a") + n)
        layers.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    bomb.write_text("\n".join(layers) + "\n")
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.write(b"a: [" + b"1, " * 7_000_000 + b"1]\n")  # about 20 MB
    for path, words in ((bomb, "expands to more than"), (huge, "lesson files are limited")):
        start = time.perf_counter()
        problems, _ = validate_paths([path])
        assert time.perf_counter() - start < 1.0
        assert words in problems[0].message


def test_a_bomb_stays_within_a_memory_limit(tmp_path):
    """In a process limited to 600 MB of address space, a 9^12 alias bomb is refused, not fatal."""
    bomb = tmp_path / "bomb.yaml"
    layers = ["a: &a [" + ", ".join(["x"] * 9) + "]"]
    for n in range(1, 12):
        layers.append(f"{chr(97 + n)}: &{chr(97 + n)} [" + ", ".join([f"*{chr(96 + n)}"] * 9) + "]")
    bomb.write_text("\n".join(layers) + "\n")
    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (600 * 2**20, 600 * 2**20)); "
        "from convtutor.cli.main import main; sys.exit(main(['validate', sys.argv[1]]))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(bomb)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr[-800:]
    assert "expands to more than 50,000 values" in result.stdout
