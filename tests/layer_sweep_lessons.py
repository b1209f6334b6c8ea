"""A small lesson with transposed and pooling sweeps, written into a test's tmp_path (the app
tests do not depend on the bundled course having such steps)."""

from __future__ import annotations

from pathlib import Path

LESSON = """\
format_version: 1
id: going-up
title: Going back up
summary: Transposed convolution and pooling, swept.
steps:
  - id: scatter
    kind: transposed_sweep
    title: Each pixel adds a copy
    text: Each input pixel adds a **scaled copy** of the kernel into the output; where copies overlap, they add up.
    input: [[1, 2], [3, 4]]
    kernel: [[1, 1], [1, 1]]
  - id: cropped
    kind: transposed_sweep
    title: Stride 2, cropped
    text: PyTorch's padding crops the full result; output_padding gives a row and a column back.
    input: [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    kernel: [[1, 2, 1], [0, 1, 0], [1, 0, 1]]
    stride: 2
    padding: 1
    output_padding: 1
    view: direct
  - id: max-pool
    kind: pool_sweep
    title: Max pooling
    text: The largest pixel of each window wins.
    input: [[1, 5, 2, 0], [5, 3, 1, 1], [0, 0, 9, 9], [0, 0, 9, 1]]
    pool: max
    pool_size: 2
    task: {kind: predict, count: 2}
  - id: avg-pool
    kind: pool_sweep
    title: Average pooling with padding
    input: {generator: numbered, size: 5}
    pool: average
    pool_size: 3
    strides: 2
    padding: 1
    count_include_pad: false
"""


def lesson_catalog(folder: Path):
    """Write the lesson into ``folder`` and load it alone (no bundled course, no user lessons)."""
    from convtutor.lessons.loader import load_catalog

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "going-up.yaml").write_text(LESSON, encoding="utf-8")
    catalog = load_catalog([folder], bundled=False, user=False)
    assert not catalog.problems, [p.format() for p in catalog.problems]
    return catalog
