"""Safe YAML reading that remembers where every value came from.

Lesson files are shared between instructors, so they are treated as untrusted:

* only YAML's plain data types are built (mappings, sequences, strings, numbers, booleans,
  null); any other tag, such as ``!!python/object``, is an error, never an object;
* the file size, the nesting depth and the number of values after alias expansion are
  limited, so a hostile file can neither hang the loader nor exhaust memory;
* duplicate keys are errors rather than silently overwritten.

Every value's position is kept in a :class:`SourceMap` so that later checks (schema and
semantics) can point at ``file:line:col``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

import yaml
import yaml.reader
from yaml.constructor import SafeConstructor

try:  # libyaml's parser is several times faster; the pure-Python one behaves the same.
    from yaml import CSafeLoader

    _Loader: type[yaml.CSafeLoader | yaml.SafeLoader] = CSafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 1_000_000
MAX_VALUES = 50_000  # after expanding aliases
MAX_DEPTH = 40

Path_: TypeAlias = tuple[str | int, ...]  # a path into the data: keys (str) and list indices (int)

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",  # kept as the text the author wrote
}
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


@dataclass(frozen=True)
class Position:
    """1-based line and column."""

    line: int
    column: int


class SourceError(Exception):
    """The file cannot be read as lesson data at all; carries a position and a hint."""

    def __init__(self, message: str, position: Position = Position(1, 1), hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.hint = hint


@dataclass
class SourceMap:
    """Where each value (and each mapping key) starts in the file."""

    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)

    def value(self, path: Path_) -> Position:
        """Position of the value at ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path and path not in self.values:
            path = path[:-1]
        return self.values.get(path, Position(1, 1))

    def key(self, path: Path_) -> Position:
        """Position of the key naming ``path`` (falls back to the value)."""
        path = tuple(path)
        return self.keys.get(path) or self.value(path)


@dataclass
class Document:
    data: object
    source: SourceMap


def _position(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def read_bytes(path: Path) -> bytes:
    """Read a file, refusing anything too large before reading it."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SourceError(
            f"the file is {size / 1e6:.1f} MB; lesson files are limited to {MAX_FILE_BYTES // 1000} kB",
            hint="split it into several lessons, or move large matrices to a generator",
        )
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # grew while we looked
        raise SourceError(f"the file is larger than {MAX_FILE_BYTES // 1000} kB")
    return data


def decode(data: bytes) -> str:
    """UTF-8 (a BOM is allowed) or a SourceError at the first bad byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise SourceError(
            f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x})",
            Position(line, column),
            hint="save the file as UTF-8",
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        raise SourceError("the file contains a NUL character; is it a binary file?", Position(line, 1))
    return text


def parse(text: str) -> Document:
    """Parse one YAML document into plain data plus a SourceMap (SourceError on any problem)."""
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise SourceError(
            "the file is empty",
            hint="a lesson needs at least format_version, id, title, summary and steps "
            "(convtutor new lesson NAME writes a starting point)",
        )
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text) from None
    except yaml.reader.ReaderError as error:
        offset = max(0, min(int(error.position), len(text)))
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "?")
        raise SourceError(
            f"the file contains a control character (U+{code:04X}) that YAML does not allow",
            Position(line, column),
            hint="delete it; it is often an invisible character pasted in",
        ) from None
    except yaml.YAMLError as error:
        raise SourceError("YAML error: " + " ".join(str(error).split())) from None
    except RecursionError:
        raise SourceError(f"the file nests deeper than {MAX_DEPTH} levels") from None
    if node is None:
        raise SourceError("the file holds no data", hint="start with format_version: 1")
    builder = _Builder()
    data = builder.build(node, (), 0)
    return Document(data, builder.source)


def load_file(path: Path) -> Document:
    return parse(decode(read_bytes(path)))


def _syntax_error(error: yaml.MarkedYAMLError, text: str) -> SourceError:
    mark = error.problem_mark or error.context_mark
    position = _position(mark) if mark is not None else Position(1, 1)
    problem = (error.problem or "syntax error").strip()
    if error.context:
        problem = f"{problem} ({error.context.strip()})"
    hint = ""
    lines = text.splitlines()
    line_text = lines[position.line - 1] if 0 < position.line <= len(lines) else ""
    if "\t" in line_text[: max(position.column, 1)] or "\t" in line_text.lstrip(" ")[:1]:
        hint = "YAML indentation must use spaces, not tabs"
        problem = "a tab character is used for indentation"
    elif "expected a single document" in problem:
        problem = "the file holds more than one YAML document (a second '---')"
        hint = "put each lesson in its own file"
    elif "mapping values are not allowed" in problem:
        hint = "a value containing ': ' needs quotes, or the line is indented wrongly"
    elif "found undefined alias" in problem:
        hint = "define the anchor (&name) before using the alias (*name)"
    elif any(words in problem for words in _INDENTATION_SLIPS):
        hint = _indentation_hint(lines, position.line)
    return SourceError(f"YAML syntax error: {problem}", position, hint)


# PyYAML's words when a line is indented too far or not far enough.
_INDENTATION_SLIPS = ("expected '-' indicator", "expected <block end>", "did not find expected key", "could not find expected ':'")


def _indentation_hint(lines: list[str], number: int) -> str:
    """Say how the slipped line is indented against the line above it."""
    def indent(line: str) -> int:
        return len(line) - len(line.lstrip(" "))

    above = next((lines[i] for i in range(number - 2, -1, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")), None)
    if not 0 < number <= len(lines) or above is None:
        return "check the indentation: fields of one mapping line up, and list items start with '- '"
    here, before = indent(lines[number - 1]), indent(above)
    return (f"line {number} is indented {here} spaces and the line above it {before}: fields of one mapping line up "
            "under each other, and the items of a list start with '- ' at the same indentation")


_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_PLAIN_INT = frozenset("0123456789")


class _Builder:
    """Turns composed nodes into plain data, recording positions, in a single pass.

    Aliases are expanded as they are met, so the count of values built is what bounds memory:
    past MAX_VALUES the build stops (an alias bomb), and a node met again while it is still
    being built is an alias to itself.
    """

    def __init__(self) -> None:
        self.source = SourceMap()
        self.count = 0
        self.active: set[int] = set()
        self.built: set[int] = set()  # nodes built once: meeting one again means an alias
        self.aliased = False
        self.lists: list[tuple[yaml.Node, Position]] = []  # the lists being built, outermost first
        self.constructor = SafeConstructor()

    def build(self, node: yaml.Node, path: Path_, depth: int) -> object:
        self.count += 1
        if self.count > MAX_VALUES:
            raise self._too_many(path)
        if id(node) in self.built:
            self.aliased = True
        self.built.add(id(node))
        mark = node.start_mark
        position = Position(mark.line + 1, mark.column + 1)
        if path not in self.source.values:
            self.source.values[path] = position
        if type(node) is yaml.ScalarNode:
            return self._scalar(node, position)
        if depth >= MAX_DEPTH:
            raise SourceError(f"the data nests deeper than {MAX_DEPTH} levels", position)
        key = id(node)
        if key in self.active:
            raise SourceError("an alias refers to itself (a recursive structure)", position)
        self.active.add(key)
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path, depth)
            if node.tag != _SEQ:
                raise _tag_error(node)
            self.lists.append((node, position))
            try:
                return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
            finally:
                self.lists.pop()
        finally:
            self.active.discard(key)

    def _too_many(self, path: Path_) -> SourceError:
        if self.aliased:
            return SourceError(
                f"the file expands to more than {MAX_VALUES:,} values (through aliases)",
                self.source.value(path[:1]),
                hint="lesson files do not need aliases that repeat data many times over",
            )
        # No alias: one big list is to blame. Point at it, with its size, rather than at the file.
        for node, position in reversed(self.lists):
            rows = node.value
            if rows and all(isinstance(row, yaml.SequenceNode) for row in rows):
                cols = max(len(row.value) for row in rows)
                return SourceError(
                    f"this matrix is {len(rows)}×{cols}, more than the {MAX_VALUES:,} values a lesson file may hold",
                    position, hint="matrices are at most 64×64; a generator (e.g. generator: random, size: 64) makes one without writing it out",
                )
        if not self.lists:
            return SourceError(f"the file holds more than the {MAX_VALUES:,} values a lesson file may hold", Position(1, 1))
        node, position = max(self.lists, key=lambda entry: len(entry[0].value))
        return SourceError(f"this list has {len(node.value):,} items, more than the {MAX_VALUES:,} values a lesson file may hold", position)

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, object]:
        if node.tag != _MAP:
            raise _tag_error(node)
        result: dict[str, object] = {}
        first_seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            where = _position(key_node.start_mark)
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == "<<":
                raise SourceError("merge keys ('<<') are not supported", where, hint="write the keys out")
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                raise SourceError("a mapping key must be plain text", where)
            key = str(key_node.value)
            if key in first_seen:
                raise SourceError(
                    f"duplicate key '{key}' (first used on line {first_seen[key].line})",
                    where,
                    hint="each key may appear once in a mapping",
                )
            first_seen[key] = where
            key_path = (*path, key)
            self.source.keys[key_path] = where
            result[key] = self.build(value_node, key_path, depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode, position: Position) -> object:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            raise _tag_error(node)
        if tag == _STR or tag == "tag:yaml.org,2002:timestamp":
            return str(node.value)
        value = node.value
        if tag == _BOOL and value.lower() not in ("true", "false"):
            # YAML 1.2, as editors read it: yes/no/on/off are text, only true/false are booleans
            # (so that choices: [yes, no] are the words the author wrote).
            return str(value)
        if tag == _INT and value and len(value) < 20 and _PLAIN_INT.issuperset(value) and (value == "0" or value[0] != "0"):
            return int(value)  # the common case, without the general constructor (010 is octal in YAML 1.1)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError) as error:
            raise SourceError(f"cannot read the value {value!r}: {error}", position) from None


def _tag_error(node: yaml.Node) -> SourceError:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    return SourceError(
        f"the YAML tag '{tag}' is not allowed",
        _position(node.start_mark),
        hint="lesson files hold plain data only: mappings, lists, text, numbers, true/false",
    )
