"""Lesson Markdown laid out as lines of Textual Content.

markdown-it-py (installed with Textual) parses CommonMark plus tables and strikethrough; this
module only lays the parsed blocks out at a given width: wrapped paragraphs, lists with hanging
indents, quotes, code, tables and rules. Textual's Markdown widget builds a widget for every
paragraph, list item and bullet and imports Pygments for code highlighting; for short lesson
texts that cost about 3 MB and a few dozen widgets per step. The colours follow Textual's
Markdown widget, so lessons look the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.content import Content

_PARSER = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])

INLINE_STYLES = {"strong": "bold", "em": "italic", "s": "strike", "link": "underline"}
BULLETS = ("•", "◦", "▪")
MIN_TEXT_WIDTH = 8


@dataclass(frozen=True)
class Palette:
    code: str
    bullet: str
    muted: str = "$text-muted"
    quote: str = "$text-primary 50%"
    headings: tuple[str, ...] = ("bold $markdown-h1-color", "bold $markdown-h2-color", "bold $markdown-h3-color")


DARK = Palette(code="$text-warning 95% on $warning 10%", bullet="$text-primary")
LIGHT = Palette(code="$text-error 95% on $error 5%", bullet="$text-secondary")
ANSI = Palette(code="$text-warning", bullet="$text-primary")  # the terminal's own background


def parse(text: str) -> list[Token]:
    return _PARSER.parse(text)


def lay_out(tokens: list[Token], width: int, palette: Palette = DARK) -> list[Content]:
    """The lines of a parsed text at ``width`` cells."""
    lines: list[Content] = []
    for number, block in enumerate(_Blocks(palette).run(tokens)):
        if number and block.gap:
            lines.append(Content(""))
        room = max(width - block.first.cell_length, MIN_TEXT_WIDTH)
        if block.layout == "wrap":
            body = block.body.wrap(room)
        elif block.layout == "rule":
            body = [Content.styled("─" * room, palette.muted)]
        else:  # "keep": code and tables keep their lines, cut at the edge
            body = [line.truncate(room, ellipsis=True) for line in block.body.split("\n")]
        for index, line in enumerate(body or [Content("")]):
            lines.append((block.first if index == 0 else block.rest) + line)
    return lines


@dataclass(frozen=True)
class Block:
    """One block of text, with what goes before its first line and before the others."""

    first: Content  # e.g. "• " on the first line of a list item
    rest: Content  # e.g. "  " under it
    body: Content
    layout: str  # "wrap", "keep" or "rule"
    gap: bool  # a blank line before it (not between the items of a tight list)


class _Blocks:
    """Walks markdown-it's token stream, keeping the prefixes of the lists and quotes it is in."""

    def __init__(self, palette: Palette) -> None:
        self.palette = palette
        self.blocks: list[Block] = []
        self.prefixes: list[list[Content]] = []  # per open item or quote: [next line's, later lines']
        self.numbers: list[int | None] = []  # per open list: the next item's number (None: bullets)
        self.tight = False  # inside a tight list: no blank lines between its items
        self.outer_tight: list[bool] = []
        self.list_starts = False  # the next block opens a list

    def run(self, tokens: list[Token]) -> list[Block]:
        index = 0
        while index < len(tokens):
            index = self.token(tokens, index)
        return self.blocks

    def add(self, body: Content, layout: str = "wrap") -> None:
        gap = bool(self.blocks) and (not self.tight or (self.list_starts and not self.outer_tight[-1]))
        first = Content("").join(p[0] for p in self.prefixes)
        rest = Content("").join(p[1] for p in self.prefixes)
        if layout == "keep":  # code and tables sit two cells in
            first, rest = first + "  ", rest + "  "
        self.blocks.append(Block(first, rest, body, layout, gap))
        for prefix in self.prefixes:  # after an item's first line, its marker gives way to spaces
            prefix[0] = prefix[1]
        self.list_starts = False

    def token(self, tokens: list[Token], index: int) -> int:
        token = tokens[index]
        kind = token.type
        if kind == "inline":
            self.add(inline(token, self.palette))
        elif kind == "heading_open":  # heading_open, inline, heading_close
            headings = self.palette.headings
            style = headings[min(int(token.tag[1:]), len(headings)) - 1]
            self.add(inline(tokens[index + 1], self.palette).stylize(style))
            return index + 3
        elif kind in ("fence", "code_block"):
            self.add(Content.styled(token.content.rstrip("\n"), self.palette.code), "keep")
        elif kind == "hr":
            self.add(Content(""), "rule")
        elif kind == "table_open":
            return self.table(tokens, index)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            self.numbers.append(None if kind == "bullet_list_open" else int(start) if start is not None else 1)
            self.outer_tight.append(self.tight)
            # markdown-it hides the paragraphs of a tight list: [list_open, item_open, paragraph_open]
            self.tight = index + 2 < len(tokens) and tokens[index + 2].hidden
            self.list_starts = True
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.numbers.pop()
            self.tight = self.outer_tight.pop()
        elif kind == "list_item_open":
            number = self.numbers[-1]
            if number is None:
                marker = Content.styled(BULLETS[(len(self.numbers) - 1) % len(BULLETS)], self.palette.bullet) + " "
            else:
                marker = Content.styled(f"{number}.", self.palette.bullet) + " "
                self.numbers[-1] = number + 1
            self.prefixes.append([marker, Content(" " * marker.cell_length)])
        elif kind in ("list_item_close", "blockquote_close"):
            self.prefixes.pop()
        elif kind == "blockquote_open":
            bar = Content.styled("▌ ", self.palette.quote)
            self.prefixes.append([bar, bar])
        return index + 1

    def table(self, tokens: list[Token], index: int) -> int:
        rows: list[list[Content]] = []
        header_rows = 0
        in_head = False
        while tokens[index].type != "table_close":
            kind = tokens[index].type
            if kind in ("thead_open", "thead_close"):
                in_head = kind == "thead_open"
            elif kind == "tr_open":
                rows.append([])
                header_rows += in_head
            elif kind == "inline":
                rows[-1].append(inline(tokens[index], self.palette))
            index += 1
        columns = max((len(row) for row in rows), default=0)
        for row in rows:
            row.extend(Content("") for _ in range(columns - len(row)))
        widths = [max(row[c].cell_length for row in rows) for c in range(columns)]
        lines = []
        for number, row in enumerate(rows):
            line = Content("  ").join(cell.pad_right(width - cell.cell_length) for cell, width in zip(row, widths, strict=True))
            lines.append(line.stylize("bold") if number < header_rows else line)
            if number == header_rows - 1:
                lines.append(Content.styled("  ".join("─" * width for width in widths), self.palette.muted))
        self.add(Content("\n").join(lines), "keep")
        return index + 1


def inline(token: Token, palette: Palette) -> Content:
    """One paragraph's text with bold, italic, code and links; soft line breaks become spaces."""
    parts: list[str | tuple[str, str]] = []
    styles: list[str] = []
    links: list[str] = []
    for child in token.children or []:
        kind = child.type
        style = " ".join(styles)
        if kind == "text":
            parts.append((child.content, style) if style else child.content)
        elif kind == "code_inline":
            parts.append((child.content, f"{style} {palette.code}".strip()))
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "image":
            parts.append((f"[image: {child.content}]", palette.muted))
        elif kind.endswith("_open") and kind[:-5] in INLINE_STYLES:
            styles.append(INLINE_STYLES[kind[:-5]])
            if kind == "link_open":
                links.append(str(child.attrGet("href") or ""))
        elif kind.endswith("_close") and kind[:-6] in INLINE_STYLES:
            styles.pop()
            if kind == "link_close" and (href := links.pop()):
                parts.append((f" ({href})", palette.muted))
    return Content.assemble(*parts)
