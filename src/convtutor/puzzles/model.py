"""The puzzle format: one puzzle per YAML file, and an optional ``pack.yaml`` ordering them.

msgspec Structs, like the lesson format (:mod:`convtutor.lessons.fields`), so the same
explainer turns a file that does not fit into one message per problem, and
:func:`puzzle_schema` publishes a JSON Schema. See ``puzzles/`` for examples.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, field

from convtutor.lessons.fields import Id, Model, Text

PACK_FILE = "pack.yaml"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: The operations a puzzle may allow, as the core's OPERATIONS name them.
OPERATION_NAMES = ("conv", "maxpool", "avgpool")
Operation = Literal["conv", "maxpool", "avgpool"]

Side = Annotated[int, Meta(ge=1, le=256)]
Shape3 = Annotated[list[Side], Meta(min_length=3, max_length=3, description="[rows, cols, channels]")]
Channels = Annotated[int, Meta(ge=1, le=256, description="output channels (filters of the last convolution)")]
LayerCount = Annotated[int, Meta(ge=1, le=6)]
ParamCount = Annotated[int, Meta(ge=0, le=100_000_000)]
KernelChoice = Annotated[int, Meta(ge=1, le=11)]
StrideChoice = Annotated[int, Meta(ge=1, le=4)]


class Target(Model, frozen=True, kw_only=True):
    """What the stack must reach; every field given must hold (at least one is needed)."""

    output_shape: Annotated[Shape3 | None, Meta(description="exact output [rows, cols, channels]")] = None
    keep_size: Annotated[bool | None, Meta(description="true: the output has the input's rows and cols")] = None
    channels: Channels | None = None
    receptive_field_at_least: Annotated[Annotated[int, Meta(ge=2, le=1024)] | None, Meta(description="input pixels one output pixel sees, per side")] = None


class Limits(Model, frozen=True, kw_only=True):
    """What the learner may use."""

    max_layers: LayerCount
    max_params: Annotated[ParamCount | None, Meta(description="most parameters allowed (weights and biases)")] = None
    operations: Annotated[list[Operation], Meta(min_length=1, description="conv, maxpool, avgpool")] = field(default_factory=lambda: ["conv"])
    kernel_sizes: Annotated[list[KernelChoice] | None, Meta(description="the only kernel (and pool) sizes allowed")] = None
    strides: Annotated[list[StrideChoice] | None, Meta(description="the only strides allowed")] = None


class Puzzle(Model, frozen=True, kw_only=True):
    """One puzzle file."""

    format_version: Literal[1]
    kind: Literal["puzzle"]
    id: Id
    title: Text
    text: Annotated[str, Meta(pattern=r"\S", description="the story the learner reads (Markdown)")]
    input_shape: Shape3
    target: Target
    limits: Limits
    par_layers: Annotated[LayerCount, Meta(description="layers for the layers star")]
    par_params: Annotated[ParamCount | None, Meta(description="parameters for the parameters star")] = None
    hints: list[Text] = field(default_factory=list)


class Pack(Model, frozen=True, kw_only=True):
    """A pack file (pack.yaml): the puzzles of a folder, in order."""

    format_version: Literal[1]
    kind: Literal["puzzle-pack"]
    id: Id
    title: Text
    puzzles: Annotated[list[Text], Meta(min_length=1, description="puzzle files, relative to this file")]
    summary: Text | None = None


def puzzle_schema() -> dict[str, Any]:
    """The puzzle format as JSON Schema (as :func:`convtutor.lessons.json_schema.lesson_schema`)."""
    return {"$schema": DRAFT, "title": "Puzzle", **msgspec.json.schema(Puzzle)}


def pack_schema() -> dict[str, Any]:
    return {"$schema": DRAFT, "title": "Puzzle pack", **msgspec.json.schema(Pack)}
