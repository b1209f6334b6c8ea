"""The commented template that ``convtutor new lesson`` writes."""

from __future__ import annotations

import json

TEMPLATE = """\
# yaml-language-server: $schema=lesson.schema.json
# A convtutor lesson. Check it with:  convtutor validate {id}.yaml
# Preview it with:                    convtutor --lessons <this folder>
# The full format is described in docs/lesson-format.md.

format_version: 1          # always 1 for this format
id: {id}                   # stable id: progress is saved under it, so keep it once learners start
title: {title}
summary: One sentence that appears in the list of lessons.
prerequisites: []          # ids of lessons to do first, e.g. [padding]

steps:                     # shown one at a time; every step needs its own id
  - id: intro
    kind: text             # Markdown to read
    title: What this lesson is about
    text: |
      Write the explanation here. **Markdown** works: lists, `code`, emphasis.

  - id: try-it
    kind: sweep            # slide a kernel over an input, one window at a time
    title: Try it
    text: What the learner should look for while stepping.
    input:                 # a matrix ([[0, 1], [1, 0]]) or a generator:
      generator: vertical_line   # zeros, vertical_line, horizontal_line, diagonal, checkerboard,
      size: 8                    # square, ramp, numbered, random
      columns: [3, 4]
    kernel: vertical_line  # a preset (sobel_x, box_blur, identity, ...) or a matrix
    padding: valid         # valid, same (Keras: odd pixel bottom/right), full, N, [rows, cols], [[top, bottom], [left, right]]
    stride: 1              # or [rows, cols]
    dilation: 1
    bias: 0
    task:                  # optional: predict, find_max or find_min
      kind: find_max
      prompt: Step to the window with the largest output.

  - id: in-keras
    kind: model            # a Keras-style summary of a stack of Conv2D layers
    title: The same layer in Keras
    input_shape: [8, 8, 1]
    layers:
      - {{filters: 1, kernel_size: 3, padding: valid}}

  - id: check
    kind: quiz
    title: Check yourself
    questions:
      - id: output-size
        kind: output_shape # also: padding, window_positions, param_count, multiple_choice, numeric
        input: 8           # the core computes the answer from these settings
        kernel: 3
        hints:
          - Count the positions of the window along one row.
        feedback:          # messages for known wrong answers
          - mistake: forgot_plus_one
            message: Add one for the window's first position.
      - id: any-size
        kind: output_shape
        input: $n          # parameters make a new variant each time the learner asks
        kernel: $k
        params:
          n: {{range: [5, 12]}}
          k: {{choices: [1, 3, 5]}}
        constraints: ["k <= n"]
        variants: {{seed: 1}}
"""


def lesson_template(lesson_id: str, title: str) -> str:
    # json.dumps quotes the title safely for YAML (JSON strings are valid YAML scalars).
    return TEMPLATE.format(id=lesson_id, title=json.dumps(title, ensure_ascii=False))
