"""The TUI's registry of step views: the view of step kind ``K`` is ``VIEW`` in the module
``convtutor.tui.steps.K``. Views are imported when a step of their kind is first shown, and
``tests/test_kinds.py`` fails for a kind of the lesson model that has no view here."""

from __future__ import annotations

import importlib

from convtutor.tui.steps.base import StepView


def view_class(kind: str) -> type[StepView]:
    """The widget that shows steps of this kind (LookupError if there is none)."""
    try:
        module = importlib.import_module(f"{__name__}.{kind}")
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{kind}":
            raise
        raise LookupError(f"no view for steps of kind '{kind}'") from None
    view = getattr(module, "VIEW", None)
    if not (isinstance(view, type) and issubclass(view, StepView)):
        raise LookupError(f"{module.__name__} defines no VIEW")
    return view
