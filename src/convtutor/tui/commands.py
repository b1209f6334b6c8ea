"""Every command of the app, defined once: its keys, the footer's label, the help line, and
whether the command palette offers it. Screens and widgets take their ``BINDINGS`` from here,
the help screen is written from here, and so is the palette's list of static commands."""

from __future__ import annotations

from typing import NamedTuple

from textual.binding import Binding, BindingType


class Command(NamedTuple):
    id: str  # also the binding id, so that a keymap can rebind it
    scope: str  # a key of SCOPES: where the command works
    help: str  # the line in the help screen
    keys: tuple[tuple[str, str], ...] = ()  # (Textual key names, action); none: shown in help only
    label: str = ""  # the footer's text ("" keeps it out of the footer)
    palette: str = ""  # the palette's entry ("" keeps it out of the palette)
    shown_keys: str = ""  # how the help writes the keys, when not derived from ``keys``
    priority: bool = False
    #: Another command on the same key: the screen's ``check_action`` offers one of the two at a time.
    alternative: str = ""
    #: Writes a file or opens a path on the machine the app runs on: never offered in served mode
    #: (``convtutor serve``), where the keys come from a web page (see :func:`offered`).
    local: bool = False


SCOPES = {"app": "Everywhere", "home": "Lessons list", "lesson": "In a lesson", "sweep": "Sweep",
          "transposed": "Transposed and pooling sweeps", "quiz": "Quiz", "play": "Playground",
          "drill": "Practice", "puzzles": "Shape puzzles", "puzzle": "A puzzle"}

COMMANDS = (
    Command("help", "app", "this help", (("question_mark", "app.help"),), "Help", palette="Keys: show the help"),
    Command("palette", "app", "commands: open a lesson, reset progress, switch theme", shown_keys="ctrl+p"),
    Command("quit", "app", "quit (progress is saved as you go)", (("q", "app.quit"),), "Quit"),
    Command("choose", "home", "open the highlighted lesson (the first entry continues)", (("enter", "open"),), "Open", shown_keys="↑ ↓, enter"),
    Command("continue", "home", "continue", (("c", "continue"),), "Continue", palette="Continue where you left off"),
    Command("playground", "home", "the playground: any convolution, swept and explained", (("p", "playground"),), "Playground",
            palette="Open the playground: any convolution"),
    Command("reset-lesson", "home", "reset the highlighted lesson's progress (asks first)", (("r", "reset_lesson"),), "Reset lesson"),
    Command("problems", "home", "why a lesson file could not be loaded", (("e", "problems"),), "Load problems", palette="Show why lesson files could not be loaded"),
    Command("next-step", "lesson", "next step", (("n,pagedown", "next_step"),), "Next step"),
    Command("previous-step", "lesson", "previous step", (("b,pageup", "previous_step"),), "Back"),
    Command("scroll", "lesson", "scroll a text or a model step taller than the screen", shown_keys="↑ ↓"),
    # Esc has one meaning at a time: the screen's check_action offers exactly one of these two.
    Command("leave-box", "lesson", "leave the answer box", (("escape", "leave_box"),), "Leave box"),
    Command("leave", "lesson", "back to the lessons", (("escape", "leave"),), "Lessons", alternative="leave-box"),
    Command("move", "sweep", "one stride along the row (wrapping to the next row)", (("right", "move(1)"), ("left", "move(-1)"))),
    Command("move-rows", "sweep", "one row of windows", (("up", "move_rows(-1)"), ("down", "move_rows(1)"))),
    Command("ends", "sweep", "first / last window", (("home", "jump(0)"), ("end", "jump(-1)"))),
    Command("play", "sweep", "play / pause", (("space", "play"),), "Play"),
    Command("fill", "sweep", "fill in the rest of the output", (("enter", "fill"),), "Fill"),
    Command("this-one", "sweep", '"this window!" (in find tasks)', (("a", "answer"),), "This one!"),
    Command("zeros", "sweep", "hide the terms whose weight is 0", (("z", "toggle_zeros"),)),
    Command("read-text", "sweep", "read the step's whole text (t or esc closes it again)", (("t", "read_text"),)),
    Command("channel", "sweep", "next / previous input channel, with its kernel slice (inputs with channels)",
            (("greater_than_sign", "channel(1)"), ("less_than_sign", "channel(-1)"))),
    Command("readers", "sweep", "who reads this pixel: the arrows move a pixel, every window reading it is lit (w or esc: back)",
            (("w", "readers"),)),
    Command("export", "sweep", "save this sweep as an animated GIF in the working folder, for slides (needs convtutor[export])",
            (("g", "export"),), local=True),
    Command("click", "sweep", "an output cell: its window; an input cell: a window reading it (with w: that pixel)", shown_keys="click"),
    # Transposed-convolution and pooling sweeps move with the sweep's keys (arrows, home/end, space, enter, t).
    Command("toggle-view", "transposed", "transposed sweep: scatter (each input pixel adds a scaled kernel copy) ↔ direct "
            "(the stride-1 sweep of the zero-stuffed input)", (("o", "toggle_view"),), "View"),
    Command("transposed-move", "transposed", "transposed sweep: the arrows step through the input pixels (scatter) or the "
            "output windows (direct)", shown_keys="← → ↑ ↓"),
    Command("transposed-click", "transposed", "transposed sweep: an output cell writes out its sum; an input pixel scatters its copy",
            shown_keys="click"),
    Command("check", "quiz", "check your answer (unreadable answers cost nothing)", shown_keys="enter"),
    Command("hint", "quiz", "a hint", (("h", "hint"),), "Hint"),
    Command("variant", "quiz", "a new variant", (("v", "variant"),), "New variant"),
    Command("reveal", "quiz", "show the answer (after two tries)", (("s", "reveal"),)),
    Command("questions", "quiz", "next / previous question", (("right", "next_question"), ("left", "previous_question"))),
    Command("answer-box", "quiz", "back to the answer box", (("enter,i", "answer_box"),), shown_keys="i"),
    Command("settings-form", "play", "the settings form: each setting on its own line (s or esc closes it)", (("s", "settings_form"),),
            "Settings"),
    Command("form-keys", "play", "in the form: ↑ ↓ a setting, ← → change it, or type a value and enter (esc puts it back)",
            shown_keys="↑ ↓ ← →"),
    Command("settings", "play", "edit the settings line (enter applies it)", (("e", "edit_settings"),)),  # its key is shown beside the line itself
    Command("show-code", "play", "show the Keras and PyTorch code (beside the sweep too, from 100 columns)", (("v", "show_code"),), "Code"),
    Command("next-filter", "play", "the next filter's map: the output has one per filter (each filter's kernel is turned)",
            (("f", "next_filter"),)),
    Command("copy-code", "play", "copy the Keras and PyTorch code", (("c", "copy_code"),)),
    Command("copy-settings", "play", "copy the settings line", (("l", "copy_settings"),)),
    Command("reads", "play", "how often each input pixel is read (a count per pixel)", (("r", "toggle_reads"),)),
    Command("leave-play-box", "play", "leave the settings line, or close the settings form", (("escape", "leave_box"),), "Done"),
    Command("leave-play", "play", "back to the lessons", (("escape", "leave"),), "Lessons", alternative="leave-play-box"),
    # Practice: the home screen's entry, and the drill screen (tui/screens/drill.py).
    # No footer label: the home screen's mastery panel is titled "Practice (d)" (a label would push "q Quit" off 80 columns).
    Command("practice", "home", "practice: endless drills on each skill, the skills due first", (("d", "practice"),),
            palette="Practice: drills on each skill, the due ones first"),
    Command("drill-check", "drill", "check your answer (unreadable answers cost nothing)", shown_keys="enter"),
    Command("drill-hint", "drill", "a hint (a right answer after a hint counts for less)", (("h", "hint"),), "Hint"),
    Command("drill-reveal", "drill", "show the answer (after two tries)", (("s", "reveal"),)),
    # Before the box: the answer box keeps the focus (no redraw of the keys per problem); unanswered, the keys go on to it.
    Command("drill-next", "drill", "the next problem, once this one is answered", (("enter,right", "next_problem"),), priority=True),
    Command("drill-end", "drill", "end the session: what you answered, and how your mastery changed", (("f", "end"),), "End"),
    Command("drill-leave", "drill", "back to the lessons (each answer is saved as you go)", (("escape", "leave"),), "Lessons"),
    # Shape puzzles: the home screen's entry, the list (tui/screens/puzzles.py) and a puzzle (tui/screens/puzzle.py).
    # No footer label on the home screen (it would push "q Quit" off 80 columns).
    Command("puzzles", "home", "shape puzzles: reach a target shape with a few layers", (("z", "puzzles"),),
            palette="Shape puzzles: reach a target shape with a few layers"),
    Command("puzzles-open", "puzzles", "open the highlighted puzzle", shown_keys="↑ ↓, enter"),
    Command("puzzles-leave", "puzzles", "back to the lessons", (("escape", "leave"),), "Lessons"),
    Command("puzzle-add", "puzzle", "add a layer after the selected one (a 3×3 convolution)", (("a", "add_layer"),), "Add"),
    Command("puzzle-remove", "puzzle", "remove the selected layer", (("x", "remove_layer"),), "Remove"),
    Command("puzzle-select", "puzzle", "select the layer above / below", (("up", "select(-1)"), ("down", "select(1)"))),
    Command("puzzle-kernel", "puzzle", "the selected layer's kernel (or pool) size up / down", (("k", "kernel(1)"), ("K", "kernel(-1)"))),
    Command("puzzle-stride", "puzzle", "its stride up / down", (("s", "stride(1)"), ("S", "stride(-1)"))),
    Command("puzzle-padding", "puzzle", "its padding: valid or same", (("p", "padding"),)),
    Command("puzzle-filters", "puzzle", "its filters: doubled / halved", (("f", "filters(1)"), ("F", "filters(-1)"))),
    Command("puzzle-operation", "puzzle", "its operation: conv, max or average pooling (those the puzzle allows)", (("o", "operation"),)),
    Command("puzzle-hint", "puzzle", "the next hint", (("h", "hint"),), "Hint"),
    Command("puzzle-leave", "puzzle", "back to the puzzles (stars are saved as you solve)", (("escape", "leave"),), "Puzzles"),
)

FOOTNOTE = """\
Grids never rely on colour: the window is one bold block (the theme's accent,
or reverse video without colour or with ANSI colours); the image's
edges are drawn with │ at its sides and a line under its top and bottom
(padding is outside them, and · in the rulers); × marks rows and columns
that no window reads. In a pooling sweep ▲ marks the max's winning pixels;
in a transposed sweep - in the rulers marks the zeros inserted between pixels."""

_KEY_NAMES = {
    "question_mark": "?", "pagedown": "pgdn", "pageup": "pgup", "escape": "esc", "right": "→", "left": "←",
    "down": "↓", "up": "↑", "greater_than_sign": ">", "less_than_sign": "<",
}


#: The actions of the commands that work on the machine's files (``local``).
LOCAL_ACTIONS = frozenset(action for c in COMMANDS if c.local for _, action in c.keys)


def served(app: object) -> bool:
    """Whether the app runs for a web page (``convtutor serve``): then the learner is someone
    at a browser, who may not write or open files on the machine."""
    return getattr(app, "served", None) is not None


def offered(app: object, action: str) -> bool:
    """Whether an action may run here: a ``check_action`` returns this for the local ones."""
    return action not in LOCAL_ACTIONS or not served(app)


def bindings(scope: str, only: tuple[str, ...] | None = None) -> list[BindingType]:
    """The key bindings of one scope (a screen's or a widget's ``BINDINGS``); ``only``: just
    these commands of it (a view that shares some of another's keys)."""
    found: list[BindingType] = []
    for command in COMMANDS:
        if command.scope != scope or (only is not None and command.id not in only):
            continue
        for keys, action in command.keys:
            found.append(Binding(
                keys, action, command.label or command.help, show=bool(command.label), id=command.id if len(command.keys) == 1 else None,
                priority=command.priority,
            ))
    return found


def shown_keys(command: Command) -> str:
    if command.shown_keys:
        return command.shown_keys
    names = [_KEY_NAMES.get(key, key) for keys, _ in command.keys for key in keys.split(",")]
    return " ".join(names) if all(len(n) == 1 and not n.isalnum() for n in names) else " / ".join(names)


def help_text(*, served: bool = False) -> str:
    """The help screen: every command, scope by scope (Textual markup); served, without the
    commands that work on the machine's files."""
    blocks = []
    for scope, title in SCOPES.items():
        lines = [f"[b]{title}[/b]"]
        lines += [f"  {shown_keys(c):<13} {c.help}" for c in COMMANDS if c.scope == scope and not (served and c.local)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n\n" + FOOTNOTE


def command(command_id: str) -> Command:
    return next(c for c in COMMANDS if c.id == command_id)


def keys_of(command_id: str) -> str:
    """The main key of a command for a hint line: the first of each binding ("n", "→ ←")."""
    found = command(command_id)
    if not found.keys:
        return found.shown_keys
    return " ".join(_KEY_NAMES.get(keys.split(",")[0], keys.split(",")[0]) for keys, _ in found.keys)


def hint(*items: tuple[str, str]) -> str:
    """A line of keys for a screen, e.g. ``hint(("play", "play"))`` -> ``"space play"``; ids
    joined by '+' share one word (``"move+move-rows"``)."""
    return " · ".join(" ".join(keys_of(i) for i in ids.split("+")) + f" {word}" for ids, word in items)


def keys_table() -> str:
    """The keys as a Markdown table, for the README (``python -m convtutor.tui.commands README.md``)."""
    rows = ["| where | keys | |", "|---|---|---|"]
    for scope, title in SCOPES.items():
        rows += [f"| {title} | {_markdown_keys(shown_keys(c))} | {c.help} |" for c in COMMANDS if c.scope == scope]
    return "\n".join(rows)


def _markdown_keys(keys: str) -> str:
    return f"`{keys}`"


def rewrite_readme(text: str) -> str:
    start, end = "<!-- keys -->\n", "<!-- /keys -->"
    head, found, rest = text.partition(start)
    if not found or end not in rest:
        raise ValueError("no <!-- keys --> region")
    return head + start + keys_table() + "\n" + rest[rest.index(end):]


def palette_commands(scopes: tuple[str, ...]) -> list[tuple[Command, str]]:
    """(command, action) of the palette entries that work in these scopes."""
    return [(c, c.keys[0][1]) for c in COMMANDS if c.palette and c.scope in scopes and c.keys]


if __name__ == "__main__":
    import sys
    from pathlib import Path

    for name in sys.argv[1:]:
        path = Path(name)
        path.write_text(rewrite_readme(path.read_text(encoding="utf-8")), encoding="utf-8")
