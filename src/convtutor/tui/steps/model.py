"""A model step: a Keras-style summary (each layer's own Keras type), the shape flowing through the
stack, and feature maps."""

from __future__ import annotations

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, Static

from convtutor.core.arithmetic import TransposePlan
from convtutor.core.formatting import format_number
from convtutor.core.layers import Conv2DLayer, MixedStackSummary, summarize_stack
from convtutor.core.sweep import chain
from convtutor.lessons import generators
from convtutor.lessons.layers import core_layer
from convtutor.lessons.steps.model import ModelStep
from convtutor.state.progress import StepRecord
from convtutor.tui.steps.base import StepView
from convtutor.tui.widgets.grid import GridPicture, GridView
from convtutor.tui.widgets.text_block import TextBlock


class SummaryTable:
    """The summary as wide as the space allows. Keras' names of pooling and transposed layers
    (`max_pooling2d_1 (MaxPooling2D)`, 30 columns) crowd out our padding and receptive-field
    columns at 80 columns, so the type goes under the name first; only where even that is too
    wide do those two columns go (the formulas below still give both)."""

    # Widest first: every column with the type beside the name, then under it; then without our columns.
    LAYOUTS = ((True, False), (True, True), (False, False), (False, True))

    def __init__(self, summary: MixedStackSummary) -> None:
        self.summary = summary

    def _table(self, console: Console, options: ConsoleOptions) -> Table:
        wide = options.update_width(1000)
        for extras, stacked in self.LAYOUTS:
            table = summary_table(self.summary, extras=extras, stacked=stacked)
            if Measurement.get(console, wide, table).maximum <= options.max_width:
                return table
        return table  # narrower than any layout: the narrowest, which Rich then squeezes

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._table(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._table(console, options))


def summary_table(summary: MixedStackSummary, *, extras: bool = True, stacked: bool = False) -> Table:
    table = Table(box=box.HEAVY_HEAD, title='Model: "sequential"', title_justify="left", expand=False, pad_edge=True)
    # Names and shapes never wrap (a shape broken over two lines misreads); our two extra
    # columns take two-line headings, so that the table fits 80 columns.
    table.add_column("Layer (type)", no_wrap=True)
    table.add_column("Output Shape", no_wrap=True)
    table.add_column("Param #", justify="right")
    if extras:
        table.add_column("Padding\nt,b,l,r")
        table.add_column("Receptive\nfield", justify="right")
    for layer in summary.layers:
        rows, cols = layer.plan.rows, layer.plan.cols
        cells = [f"{layer.name}{chr(10) if stacked else ' '}({layer.keras_type})", layer.keras_shape, f"{layer.params:,}"]
        if extras:
            # A transposed layer's padding crops its full result (negative: cells added): say so,
            # on the row's second line where the type is under the name (80 columns for lesson 10).
            sides = f"{rows.before},{rows.after},{cols.before},{cols.after}"
            crop = "crop\n" if stacked else "crop "
            cells += [crop + sides if isinstance(layer.plan, TransposePlan) else sides,
                      f"{layer.receptive_field[0]}×{layer.receptive_field[1]}"]
        table.add_row(*cells)
    return table


def flow_text(summary: MixedStackSummary) -> Text:
    text = Text("Shape: ")
    h, w, c = summary.input_shape
    text.append(f"({h}, {w}, {c})", "bold")
    for layer in summary.layers:
        text.append(f" ─{layer.name}→ ")
        text.append(f"({', '.join(str(v) for v in layer.output_shape)})", "bold")
    return text


class ModelStepView(StepView):
    DEFAULT_CSS = """
    ModelStepView > VerticalScroll { height: 1fr; }
    ModelStepView #model-text { max-height: 8; }
    ModelStepView .params { padding: 0 1; }
    ModelStepView #maps { height: auto; margin-top: 1; }
    ModelStepView .map { width: auto; height: auto; margin-right: 3; }
    """

    step: ModelStep

    def __init__(self, step: ModelStep, record: StepRecord) -> None:
        super().__init__(step, record)
        self.conv_layers = [core_layer(layer) for layer in step.layers]
        self.summary = summarize_stack(step.input_shape, self.conv_layers)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            if self.step.text:
                yield TextBlock(self.step.text, id="model-text")
            yield Static(SummaryTable(self.summary))
            total = self.summary.total_params
            formulas = "\n".join(f"   {layer.name}: {layer.params_formula()}" for layer in self.summary.layers)
            yield Static(f"Total params: {total:,}\n{formulas}", classes="params")
            yield Static(flow_text(self.summary), classes="params")
            if self.step.input is not None and self.step.weights is not None:
                yield from self._feature_maps()

    def _feature_maps(self) -> ComposeResult:
        assert self.step.input is not None
        image = generators.make_input(generators.as_input(self.step.input))
        stack = []
        for layer, weights in zip(self.conv_layers, self.step.weights or [], strict=True):
            assert isinstance(layer, Conv2DLayer)  # the lesson checks allow weights with Conv2D layers only
            kernel = generators.make_kernel(generators.as_kernel(weights.kernel))
            settings = {"stride": layer.strides, "padding": layer.padding, "dilation": layer.dilation_rate, "padding_mode": layer.padding_mode}
            stack.append((kernel, weights.bias if layer.use_bias else 0.0, settings))
        # One filter per layer (the lesson checks ensure it): the core's Sweep runs the stack.
        maps = chain(image, stack)
        with Horizontal(id="maps"):
            with Vertical(classes="map"):
                yield Label("Input", classes="pane-title")
                yield GridView(GridPicture([[format_number(v) for v in row] for row in image]))
            for summary, out in zip(self.summary.layers, maps, strict=True):
                with Vertical(classes="map"):
                    yield Label(f"{summary.name} feature map", classes="pane-title")
                    yield GridView(GridPicture([[format_number(v) for v in row] for row in out]))

    def on_mount(self) -> None:
        self.post_message(self.Completed(self))

    # A summary and its feature maps can be taller than a small terminal: the arrows scroll them.
    def key_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down(animate=False)

    def key_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up(animate=False)


VIEW = ModelStepView
