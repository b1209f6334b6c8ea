"""The baseline for the app's figures: a minimal Textual app (a Static, a ListView, a Footer)."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Label, ListItem, ListView, Static


class MinimalApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]  # noqa: RUF012 - Textual's idiom

    def compose(self) -> ComposeResult:
        yield Static("baseline")
        yield ListView(*[ListItem(Label(f"{i}. Padding and stride, lesson {i}")) for i in range(1, 8)])
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
