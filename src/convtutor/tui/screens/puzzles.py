"""The shape puzzles' list: each puzzle's title and the stars earned (best of each)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from convtutor.puzzles.check import target_text
from convtutor.puzzles.loader import LoadedPuzzle
from convtutor.state.puzzle_results import MAX_STARS, PuzzleResults
from convtutor.tui import commands
from convtutor.tui.widgets.key_footer import KeyFooter


def stars_text(stars: int | None) -> str:
    """'★★', '★☆', '☆☆' for a solved puzzle; '··' (not solved yet)."""
    if stars is None:
        return "··"
    return "★" * stars + "☆" * (MAX_STARS - stars)


class PuzzlesScreen(Screen[None]):
    BINDINGS = commands.bindings("puzzles")

    DEFAULT_CSS = """
    PuzzlesScreen #puzzles-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    PuzzlesScreen #puzzles-list { height: 1fr; }
    PuzzlesScreen #puzzles-summary { height: auto; max-height: 3; padding: 0 2; color: $text-muted; border-top: solid $primary 30%; }
    """

    def __init__(self, title: str, puzzles: list[LoadedPuzzle], results: PuzzleResults) -> None:
        super().__init__()
        self.pack_title = title
        self.puzzles = puzzles
        self.results = results

    def compose(self) -> ComposeResult:
        yield Static(self.pack_title, id="puzzles-title", markup=False)
        yield OptionList(id="puzzles-list")
        yield Static(id="puzzles-summary", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_list()

    def on_screen_resume(self) -> None:
        self.show_list()  # back from a puzzle: its stars may have changed

    def show_list(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for number, item in enumerate(self.puzzles, 1):
            stars = self.results.stars(item.puzzle.id)
            options.add_option(Option(f"{stars_text(stars)}  {number:>2}. {item.puzzle.title}", id=item.puzzle.id))
        solved = sum(self.results.stars(item.puzzle.id) is not None for item in self.puzzles)
        earned = sum(self.results.stars(item.puzzle.id) or 0 for item in self.puzzles)
        self.query_one("#puzzles-title", Static).update(
            f"{self.pack_title} · {solved} of {len(self.puzzles)} solved · {earned} of {MAX_STARS * len(self.puzzles)} ★")
        if self.puzzles:
            options.highlighted = highlighted if highlighted is not None and highlighted < len(self.puzzles) else 0
        options.focus()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        puzzle = self.puzzles[event.option_index].puzzle
        shape = "×".join(str(v) for v in puzzle.input_shape)
        self.query_one("#puzzles-summary", Static).update(f"{shape} → {target_text(puzzle)}, in at most {puzzle.limits.max_layers} "
                                                          f"layer{'s' * (puzzle.limits.max_layers != 1)}")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.open(event.option_index)

    def open(self, index: int) -> None:
        from convtutor.tui.screens.puzzle import PuzzleScreen

        self.app.push_screen(PuzzleScreen(self.puzzles[index].puzzle, self.results))

    def action_leave(self) -> None:
        self.dismiss()
