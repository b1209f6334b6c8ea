"""Lesson text in the app: as tall as its lines (up to the room given), and it scrolls."""

from __future__ import annotations

import pytest

from app_helpers import catalog, make_app, open_lesson
from convtutor.lessons.loader import load_catalog
from convtutor.tui.widgets.text_block import MarkdownLines, TextBlock

STEPS_WITH_TEXT = [
    (item.lesson.id, index)
    for item in catalog().lessons()
    for index, step in enumerate(item.lesson.steps)
    if getattr(step, "text", None) and step.kind != "text"  # a text step's text fills the step
]


@pytest.mark.parametrize(("lesson_id", "index"), STEPS_WITH_TEXT, ids=[f"{lesson}:{i + 1}" for lesson, i in STEPS_WITH_TEXT])
async def test_text_above_a_sweep_quiz_or_model_is_as_tall_as_its_lines(lesson_id, index):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(app, pilot, lesson_id, index)
        block = screen.query_one(TextBlock)
        lines = block.query_one(MarkdownLines).lines(block.scrollable_content_region.width)
        assert 0 < block.scrollable_content_region.height <= len(lines)


async def test_long_text_scrolls_with_the_arrow_keys(tmp_path):
    (tmp_path / "long.yaml").write_text(
        "format_version: 1\nid: long\ntitle: Long\nsummary: s\nsteps:\n  - id: read\n    kind: text\n    text: |\n"
        + "".join(f"      Paragraph {i}: " + "lorem ipsum " * 20 + "\n\n" for i in range(30)),
        encoding="utf-8",
    )
    app = make_app(catalog=load_catalog([tmp_path], user=False))
    async with app.run_test(size=(60, 18)) as pilot:
        screen = await open_lesson(app, pilot, "long", 0)
        block = screen.query_one(TextBlock)
        assert block.max_scroll_y > 100
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert block.scroll_y == 3
        await pilot.press("up")
        await pilot.pause()
        assert block.scroll_y == 2
