"""The home screen's view of practice: a mastery bar per skill, how many skills are due, the
daily streak, and the learner's most frequent slip as a sentence.

The bars, the count and the streak come from :func:`convtutor.learning.practice.overview` and
friends, which import no question kind: they are drawn in the first frame. The slip needs the
question kinds' words (and the YAML reader behind their registry), so the home screen asks for
it only once the course has loaded (:meth:`MasteryView.show` with ``slip=True``).
"""

from __future__ import annotations

from collections.abc import Sequence
from math import ceil
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from convtutor.tui.messages import OpenDrill
from convtutor.tui.widgets.lesson_list import fit

if TYPE_CHECKING:  # imported when the panel is first filled, after the first frame
    from convtutor.learning.practice import Clock, SkillStatus
    from convtutor.state.mastery import PracticeStore

FULL, EMPTY = "█", "░"  # the bar reads without colour: filled and empty cells differ in shape
DUE = "•"
GAP = 2  # cells between two columns of bars
MAX_BAR = 20
MIN_BAR = 5
SLIP_MIN_HEIGHT = 20  # terminal rows: the slip's line is left out below this


def bar(meter: float, width: int) -> str:
    """A meter (0..1) as ``width`` cells, filled in proportion."""
    filled = round(min(max(meter, 0.0), 1.0) * width)
    return FULL * filled + EMPTY * (width - filled)


def columns(width: int) -> int:
    """How many columns of bars fit in ``width`` cells."""
    return 1 if width < 52 else 2 if width < 120 else 3


def meter_words(status: SkillStatus) -> str:
    from convtutor.learning.practice import percent

    return "new" if status.new else percent(status.meter)


def skill_lines(skills: Sequence[SkillStatus], width: int) -> list[Content]:
    """One bar per skill, in as many columns as fit, each line at most ``width`` cells."""
    if not skills or width <= 0:
        return []
    count = columns(width)
    column = max((width - GAP * (count - 1)) // count, 1)
    room = column - 8  # " " bar " " "100%" " •"
    longest = max(len(s.title) for s in skills)
    bar_width = min(MAX_BAR, max(room - longest, MIN_BAR))  # whole titles first, while the bar keeps MIN_BAR cells
    label_width = max(room - bar_width, 1)
    rows = ceil(len(skills) / count)
    lines = []
    for row in range(rows):
        parts: list[str | tuple[str, str]] = []
        for status in skills[row::rows]:
            if parts:
                parts.append(" " * GAP)
            filled = bar(status.meter, bar_width)
            full = filled.count(FULL)
            parts += [fit(status.title, label_width), " ", (filled[:full], "$accent"), (filled[full:], "$text-muted"),
                      f" {meter_words(status):>4}", f" {DUE}" if status.due else "  "]
        lines.append(Content.assemble(*parts).rstrip().truncate(width))
    return lines


def title(due: int, streak: int) -> str:
    parts = ["Practice (d)"]
    if due:
        parts.append(f"{due} skill{'s' * (due != 1)} due {DUE}")
    parts.append(f"{streak}-day streak" if streak else "no streak yet")
    return " · ".join(parts)


class MasteryBars(Widget):
    """The bars: as many lines as the columns of bars take at the width there is."""

    DEFAULT_CSS = "MasteryBars { height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.skills: list[SkillStatus] = []

    def show(self, skills: list[SkillStatus]) -> None:
        self.skills = skills
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(skill_lines(self.skills, width))

    def render(self) -> Content:
        return Content("\n").join(skill_lines(self.skills, self.content_size.width))


class MasteryView(Vertical):
    """The learner's practice at a glance (the border's title: "Practice (d) · 2 skills due ·
    3-day streak"), redrawn by :meth:`show`."""

    DEFAULT_CSS = """
    MasteryView { height: auto; padding: 0 2; border-top: solid $primary 30%; border-title-color: $text; border-title-style: bold; }
    MasteryView #mastery-slip { color: $text-muted; display: none; }
    MasteryView #mastery-slip.-shown { display: block; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store: PracticeStore | None = None  # set by attach, just after the first frame
        self.clock: Clock | None = None
        self.slip: str | None = None
        self.border_title = "Practice (d)"

    def attach(self, store: PracticeStore, clock: Clock) -> None:
        self.store, self.clock = store, clock

    def warnings(self) -> list[str]:
        return list(self.store.warnings) if self.store is not None else []

    def compose(self) -> ComposeResult:
        yield MasteryBars(id="mastery-bars")
        yield Static(id="mastery-slip", markup=False)

    def show(self, *, slip: bool = False) -> None:
        """Draw the practice as it is now; with ``slip``, work out the most frequent slip too
        (it imports the question kinds: only once the course has loaded)."""
        if self.store is None or self.clock is None:
            return  # not read yet: the first frame shows the title only
        from convtutor.learning import practice
        from convtutor.state import mastery

        now = self.clock()
        state = self.store.practice
        self.border_title = title(practice.due_count(state, now), mastery.streak_days(state, now))
        self.query_one(MasteryBars).show(practice.overview(state, now))
        if slip:
            self.slip = practice.common_slip(state)
        line = self.query_one("#mastery-slip", Static)
        line.update(self.slip or "")
        # Below SLIP_MIN_HEIGHT rows the lessons need the line more: the drills name the slip anyway.
        line.set_class(self.slip is not None and self.app.size.height >= SLIP_MIN_HEIGHT, "-shown")

    def on_click(self) -> None:
        self.post_message(OpenDrill())  # the panel is the Practice entry, as its title says
