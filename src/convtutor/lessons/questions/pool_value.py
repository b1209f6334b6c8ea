"""``pool_value``: one output value of max or average pooling over a small input; the padding's
form says which framework's rule applies (Keras 3: padding never counts; PyTorch: the average
counts padded zeros when ``count_include_pad``, its default)."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from convtutor.core.formatting import format_number
from convtutor.core.pool_sweep import PoolSweep, PoolWindow
from convtutor.lessons import generators
from convtutor.lessons.fields import INPUT_HELP, Input, QSide
from convtutor.lessons.kinds import DECIMAL_CHARS, Mistake, QuestionKind
from convtutor.lessons.questions import resize
from convtutor.lessons.questions.pool_output_shape import PoolQuestion, setting_lines
from convtutor.lessons.questions.posed import Posed, Reading, read_number, resolve, texts
from convtutor.lessons.reporter import DataPath, Reporter, add_all

#: Most rows and columns of the input: it is written out in the question.
MAX_SIDE = 10
#: How far a typed number may be from a value (an average to two decimals) and still be it.
ROUNDING = 0.005


class PoolValueQuestion(PoolQuestion, tag="pool_value", frozen=True, kw_only=True):
    """One output cell of max or average pooling, computed by the core."""

    input: Annotated[Input, Meta(description=INPUT_HELP + f"; at most {MAX_SIDE}×{MAX_SIDE}, as it is shown in the question")]
    pool: Annotated[Literal["max", "average"], Meta(description="max or average (default max)")] = "max"
    count_include_pad: Annotated[
        bool | None,
        Meta(description="PyTorch's average only (padding in pixels): whether padded zeros count in the divisor (default true)"),
    ] = None
    at: Annotated[
        Annotated[list[QSide], Meta(min_length=2, max_length=2)],
        Meta(description="the output cell asked about, [row, col] counted from 0, e.g. [0, 1]; each may be $name"),
    ]


def sweep_of(q: PoolValueQuestion, values: dict[str, int], grid: object, strides: object = None) -> PoolSweep:
    """The core's pooling of ``grid`` (plain Python: no NumPy for a question); its windows are worked
    out only when asked, so a question costs the one window it asks about."""
    if strides is None and q.strides is not None:
        strides = resize.pair_of(q.strides, values, "stride")
    return PoolSweep(grid, q.pool, resize.pair_of(q.pool_size, values, "pool size"), strides=strides,  # type: ignore[arg-type]
                     padding=resize.padding_of(q.padding, values), ceil_mode=q.ceil_mode,
                     count_include_pad=q.count_include_pad is not False)


def pose(q: PoolValueQuestion, values: dict[str, int]) -> Posed:
    grid = generators.make_input(generators.as_input(q.input))
    sweep = sweep_of(q, values, grid)
    row, col = (int(resolve(v, values)) for v in q.at)
    out_rows, out_cols = sweep.shape
    if not (row < out_rows and col < out_cols):
        raise ValueError(f"The output is {out_rows}×{out_cols}, so it has no cell [{row}, {col}] (counted from 0).")
    window = sweep.window_at(row, col)
    expected = window.result
    found: dict[str, object | None] = {}
    other = "average" if q.pool == "max" else "max"
    # The other pooling of the same cells; an average would count the padding as this sweep's settings say.
    found[f"{other}_for_{q.pool}"] = window.other_result(q.count_include_pad is not False and not sweep.rows.is_keras)
    real = [v for v in window.values if v is not None]
    if q.pool == "average" and window.padding_cells:  # the divisor the other way: padding counted, or not
        found["ignored_padding" if sweep.count_padding else "counted_padding"] = (
            sum(real) / (len(real) if sweep.count_padding else len(real) + window.padding_cells))
    if (sweep.rows.stride, sweep.cols.stride) != (1, 1):
        try:
            slid = sweep_of(q, values, sweep.image, strides=(1, 1))
        except ValueError:  # with ceil_mode a stride-1 layout may have no window here: no such slip to name
            slid = None
        if slid is not None and row < slid.shape[0] and col < slid.shape[1]:
            found["wrong_window"] = slid.window_at(row, col).result
    mistakes = {name: value for name, value in resize.keep_wrong(expected, found).items()
                if abs(float(value) - expected) > ROUNDING}  # type: ignore[arg-type]
    prompt, hints = texts(q, values, f"What is the output at row {row}, column {col} (counted from 0)?")
    width = max(len(format_number(v)) for line in sweep.image for v in line)
    settings = ["input:", *("  " + " ".join(format_number(v).rjust(width) for v in line) for line in sweep.image)]
    extra = "" if q.count_include_pad is None else f", count_include_pad={q.count_include_pad}"
    settings += setting_lines(sweep.plan, q.strides is None, q.pool, extra)
    return Posed(q, values, prompt, settings, format_number(expected), _explain(sweep, window), hints, expected, mistakes)


def _explain(sweep: PoolSweep, window: PoolWindow) -> list[str]:
    top, left = window.cells[0]
    r0, c0 = top - sweep.rows.before, left - sweep.cols.before
    lines = [f"Output [{window.out_row}, {window.out_col}]'s window starts at input row {r0}, column {c0}"
             + (" (negative: in the padding)" if min(r0, c0) < 0 else "") + f" and covers {sweep.rows.kernel}×{sweep.cols.kernel} cells."]
    lines.append(window.expression() + ("; the padding never wins" if window.pool == "max" and window.padding_cells else ""))
    why = window.divisor_text()
    return [*lines, why] if why else lines


def read(posed: Posed, text: str) -> Reading:
    """A number; one within rounding of the answer or of a slip's value reads as that value."""
    value, problem = read_number(posed, text)
    if value is None:
        return value, problem
    assert isinstance(value, float)
    candidates = [posed.expected, *posed.mistakes.values()]
    near = min(candidates, key=lambda c: abs(float(c) - value))  # type: ignore[arg-type]
    return (near if abs(float(near) - value) <= ROUNDING + 1e-9 else value), ""  # type: ignore[arg-type]


def check(report: Reporter, q: PoolValueQuestion, path: DataPath) -> None:
    image = generators.as_input(q.input)
    if not add_all(report, generators.input_problems(image), (*path, "input")):
        return
    rows, cols = generators.input_shape(image)
    if max(rows, cols) > MAX_SIDE:
        report.add((*path, "input"), f"the input is {rows}×{cols}, but one shown in a question is at most {MAX_SIDE}×{MAX_SIDE}",
                   "use a smaller input: the learner reads it in the question")
    resize.check_keras_only(report, q.padding, path, "ceil_mode", q.ceil_mode, "it always rounds down, or pads with 'same'")
    resize.check_keras_only(report, q.padding, path, "count_include_pad", q.count_include_pad is not None, "its average never counts padding")
    if q.pool == "max" and q.count_include_pad is not None:
        report.add((*path, "count_include_pad"), "count_include_pad is for average pooling; padding never wins a max",
                   "remove it, or set pool: average")


KIND = QuestionKind(
    tag="pool_value",
    struct=PoolValueQuestion,
    summary="one output value of max or average pooling, at `at: [row, col]`",
    settings="`input` (a small matrix or generator), `pool` (max, average), `pool_size`, `strides`, `padding`, "
             "`count_include_pad`, `ceil_mode`, `at`",
    example="""\
- id: corner-average
  kind: pool_value
  input: [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
  pool: average
  pool_size: 2
  padding: same          # Keras: the padding is never counted
  at: [1, 1]
  feedback:
    - mistake: counted_padding
      message: Keras divides by the real pixels under the window only.
""",
    pose=pose,
    read=read,
    answer_format=lambda posed: "a number",
    answer_chars=lambda posed: DECIMAL_CHARS,
    mistakes=(
        Mistake("counted_padding", "divided by the whole window, padding included",
                "That divides by every cell of the window, padding included; here the padding does not count: divide by the real pixels only."),
        Mistake("ignored_padding", "divided by the real pixels only",
                "That divides by the real pixels only; PyTorch's count_include_pad (its default) counts the padded zeros too."),
        Mistake("max_for_average", "took the largest value instead of the mean",
                "That is the window's largest value; average pooling takes the mean of the window."),
        Mistake("average_for_max", "took the mean instead of the largest value",
                "That is the window's mean; max pooling keeps its largest value."),
        Mistake("wrong_window", "used the window of stride 1",
                "That window is in the wrong place: output cell [r, c]'s window starts r·s rows and c·s columns into the (padded) input."),
    ),
    check=check,
    order=14,
)
