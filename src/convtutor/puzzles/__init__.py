"""Shape puzzles: reach a target shape (or receptive field) with a small stack of layers.

``model`` (the YAML format), ``check`` (is a stack a solution; stars), ``search`` (the bounded
search that proves a puzzle solvable), ``validate`` (file:line:col problems), ``files`` (the
bundled pack and loading). No Textual here: a puzzle screen builds on these.
"""
