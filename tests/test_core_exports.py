"""The core's public names: the lazy export table, and the one list of padding names and modes."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import numpy as np
import pytest

import convtutor.core as core
from convtutor.core import (
    PADDING_MODES,
    PADDING_NAMES,
    Conv2DLayer,
    Sweep,
    conv2d,
    keras_snippet,
    plan_conv,
    pytorch_snippet,
    resolve_padding,
)
from reference_conv import reference_conv2d


def _type_checking_imports() -> set[str]:
    """Names that core/__init__.py imports under ``if TYPE_CHECKING:`` (what mypy sees)."""
    tree = ast.parse(Path(core.__file__).read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom)
                names.update(alias.asname or alias.name for alias in statement.names)
    return names


def test_all_names_are_exported_for_mypy_and_at_run_time():
    assert len(core.__all__) == len(set(core.__all__))
    assert _type_checking_imports() == set(core.__all__)
    assert {name for names in core._EXPORTS.values() for name in names} == set(core.__all__)
    for module, names in core._EXPORTS.items():
        submodule = importlib.import_module(f"convtutor.core.{module}")
        for name in names:
            assert getattr(core, name) is getattr(submodule, name)
    assert dir(core) == sorted(core.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        core.__getattr__("nothing")


@pytest.mark.parametrize("mode", PADDING_MODES)
def test_every_padding_mode_works_everywhere(mode):
    image = np.arange(20.0).reshape(4, 5)
    kernel = np.arange(9.0).reshape(3, 3) - 4
    want = reference_conv2d(image[None, :, :, None], kernel[:, :, None, None], None, (1, 1), [(1, 1), (2, 2)], (1, 1), mode)
    np.testing.assert_array_equal(conv2d(image, kernel, padding=(1, 2), padding_mode=mode), want[0, :, :, 0])
    sweep = Sweep(image, kernel, padding=(1, 2), padding_mode=mode)
    np.testing.assert_array_equal(np.array(sweep.output), want[0, :, :, 0])
    layer = Conv2DLayer(1, 3, padding=(1, 2), padding_mode=mode.upper())
    assert layer.padding_mode == mode
    plan = plan_conv((4, 5), layer.kernel_size, padding=layer.padding, padding_mode=layer.padding_mode)
    assert keras_snippet(layer, plan).lines and pytorch_snippet(layer, plan, 1).lines


def test_an_unknown_mode_lists_the_modes():
    with pytest.raises(ValueError) as info:
        conv2d(np.zeros((4, 4)), np.ones((3, 3)), padding_mode="mirror")
    assert all(mode in str(info.value) for mode in PADDING_MODES)


@pytest.mark.parametrize("name", PADDING_NAMES)
def test_every_padding_name_is_understood(name):
    expected = {"valid": (0, 0), "same": (1, 1), "full": (2, 2)}[name]  # n = 5, k = 3, s = 1
    assert resolve_padding(5, 3, padding=name) == expected
    assert resolve_padding(5, 3, padding=name.upper()) == expected
    assert conv2d(np.ones((5, 5)), np.ones((3, 3)), padding=name).shape == (5 + sum(expected) - 2,) * 2


def test_an_unknown_name_lists_the_names():
    with pytest.raises(ValueError) as info:
        resolve_padding(5, 3, padding="causal")
    assert all(repr(name) in str(info.value) for name in PADDING_NAMES)
