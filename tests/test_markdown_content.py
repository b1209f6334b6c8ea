"""Lesson Markdown laid out as lines: what a learner reads in every step."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from convtutor.tui.markdown_content import DARK, LIGHT, MIN_TEXT_WIDTH, lay_out, parse


def lines(text: str, width: int = 40, palette=DARK) -> list[str]:
    return [line.plain for line in lay_out(parse(text), width, palette)]


def styles_of(text: str, needle: str, palette=DARK) -> set[str]:
    """The styles on the part of the output that reads ``needle``."""
    found = set()
    for line in lay_out(parse(text), 80, palette):
        start = line.plain.find(needle)
        if start >= 0:
            found |= {str(span.style) for span in line.spans if span.start <= start < span.end}
    return found


def test_paragraphs_wrap_and_are_separated_by_one_blank_line():
    text = "The filter moves on and does the same again,\nleft to right.\n\nA second paragraph."
    assert lines(text, 30) == [
        "The filter moves on and does",
        "the same again, left to right.",
        "",
        "A second paragraph.",
    ]


def test_list_items_hang_under_their_bullet():
    text = "Before.\n\n- one\n- two is long enough to wrap around\n  - nested item\n- three"
    assert lines(text, 20) == [
        "Before.",
        "",
        "• one",
        "• two is long enough",
        "  to wrap around",
        "  ◦ nested item",
        "• three",
    ]


def test_loose_lists_keep_a_blank_line_between_items():
    assert lines("- one\n\n- two") == ["• one", "", "• two"]


def test_ordered_lists_count_from_their_start():
    assert lines("3. three\n4. four\n5. five is long enough to wrap", 20) == [
        "3. three",
        "4. four",
        "5. five is long",
        "   enough to wrap",
    ]


def test_quotes_code_rules_and_headings():
    text = "# Title\n\n> quoted text that wraps\n\n```\nx = conv(a)\n```\n\n---\n\nend"
    assert lines(text, 20) == [
        "Title",
        "",
        "▌ quoted text that",
        "▌ wraps",
        "",
        "  x = conv(a)",
        "",
        "─" * 20,
        "",
        "end",
    ]


def test_code_keeps_its_lines_and_is_cut_at_the_edge():
    out = lines("```\nshort\n" + "y" * 50 + "\n```", 20)
    assert out == ["  short", "  " + "y" * 17 + "…"]


def test_tables_line_their_columns_up():
    text = "| k | output |\n|---|---|\n| 3 | 6 |\n| 5 | 4 |"
    assert lines(text) == ["  k  output", "  ─  ──────", "  3  6     ", "  5  4     "]


def test_links_show_where_they_go_and_images_their_alt_text():
    assert lines("See [the article](https://example.org/a) and ![a grid](g.png).", 80) == [
        "See the article (https://example.org/a) and [image: a grid]."
    ]


def test_raw_html_is_shown_as_text():
    assert lines("a <b>bold</b> word") == ["a <b>bold</b> word"]


def test_hard_line_breaks_are_kept():
    assert lines("first  \nsecond") == ["first", "second"]


def test_inline_styles():
    text = "A **bold**, *italic*, ~~gone~~ and `code` word."
    assert styles_of(text, "bold") == {"bold"}
    assert styles_of(text, "italic") == {"italic"}
    assert styles_of(text, "gone") == {"strike"}
    assert styles_of(text, "code") == {DARK.code}
    assert styles_of(text, "code", LIGHT) == {LIGHT.code}


def test_bold_code_keeps_both_styles():
    assert styles_of("**`(8, 8, 1)`**", "(8, 8, 1)") == {f"bold {DARK.code}"}


def test_headings_are_coloured_by_level():
    assert styles_of("# One", "One") == {DARK.headings[0]}
    assert styles_of("### Three", "Three") == {DARK.headings[2]}
    assert styles_of("###### Six", "Six") == {DARK.headings[2]}


def test_a_narrow_width_still_lays_out():
    assert lines("- - - deeply nested words here", 4)


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list("ab *_`#>-|1.\n[]()!~\\")), max_size=80),
    width=st.integers(min_value=1, max_value=60),
)
def test_any_text_lays_out_within_the_width(text, width):
    """No input breaks the layout; a line is wider than the room only where bullets, numbers
    and quote bars leave less than MIN_TEXT_WIDTH for the text."""
    for line in lay_out(parse(text), width):
        plain = line.plain
        assert "\n" not in plain
        prefix = len(plain) - len(plain.lstrip(" •◦▪▌.0123456789"))
        assert line.cell_length <= max(width, prefix + MIN_TEXT_WIDTH)
