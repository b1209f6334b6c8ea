"""One call for every format but svg: a step's export as bytes, for the command and the app."""

from __future__ import annotations

from dataclasses import dataclass

from convtutor.export import ANIMATIONS, not_animated
from convtutor.lessons.fields import StepBase
from convtutor.lessons.steps.sweep import SweepStep


@dataclass(frozen=True)
class Exported:
    data: bytes
    windows: int | None  # the sweep's windows (None: not a sweep)
    frames: int | None  # frames of an animation (windows + the whole output)


def export_step(
    step: StepBase, format_name: str, *, title: str = "", label: str = "", delay_ms: int | None = None,
) -> Exported:
    """``step`` as ``gif``, ``png`` (animated), ``cast`` or ``txt``. ExportError when it
    cannot be: an animation of a step that is not a sweep, a sweep too large to animate, Pillow
    missing (the message names the extra). ``title``: the heading drawn; ``label``: where the
    step comes from (txt); ``delay_ms``: each window's time in an animation."""
    from convtutor.export.frames import MAX_WINDOWS, sweep_frames

    if format_name == "svg" or format_name not in (*ANIMATIONS, "txt"):
        raise ValueError(f"export_step writes gif, png, cast or txt, not {format_name}")
    if not isinstance(step, SweepStep):
        if format_name != "txt":
            raise not_animated(label or f"step '{step.id}'", step.kind, format_name)
        from convtutor.export.text import step_text

        return Exported(step_text(step, title or step.title or step.id, label).encode("utf-8"), None, None)
    if format_name in ("gif", "png"):
        from convtutor.export.image import require_pillow

        require_pillow()  # before the frames: say at once that the extra is missing
    frames = sweep_frames(step, title, limit=None if format_name == "txt" else MAX_WINDOWS)
    if format_name == "txt":
        from convtutor.export.text import sweep_text

        return Exported(sweep_text(frames, label).encode("utf-8"), frames.count, None)
    if format_name == "cast":
        from convtutor.export.text import CAST_DELAY, asciicast

        delay = CAST_DELAY if delay_ms is None else delay_ms / 1000
        return Exported(asciicast(frames, delay=delay).encode("utf-8"), frames.count, len(frames.frames))
    from convtutor.export.image import DELAY_MS, render

    data = render(frames, format_name, delay_ms=DELAY_MS if delay_ms is None else delay_ms)
    return Exported(data, frames.count, len(frames.frames))
