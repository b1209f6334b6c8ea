"""Problems found in lesson files, and how schema errors become ``file:line:col`` messages."""

from __future__ import annotations

import difflib
import typing
from dataclasses import asdict, dataclass
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from convtutor.lessons.yaml_source import Position, SourceMap


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a lesson file."""

    file: str
    line: int
    column: int
    message: str
    field: str = ""  # e.g. steps[2].stride
    hint: str = ""

    def format(self) -> str:
        where = f"{self.field}: " if self.field else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{self.file}:{self.line}:{self.column}: {where}{self.message}{hint}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def field_path(path: tuple) -> str:
    """``('steps', 2, 'stride')`` -> ``'steps[2].stride'``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def at(file: str, position: Position, message: str, path: tuple = (), hint: str = "") -> Problem:
    return Problem(file, position.line, position.column, message, field_path(path), hint)


def did_you_mean(word: object, options: list[str]) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        close = [o for o in options if o.lower() == word.lower()]
    return f"did you mean '{close[0]}'?" if close else ""


# -- pydantic errors -> problems ---------------------------------------------------------------
def data_path(data: object, loc: tuple) -> tuple:
    """The part of a pydantic ``loc`` that exists in the data: union tags and shorthand
    wrappers are dropped, and a missing field stops the walk at its parent."""
    path: list = []
    current = data
    after_index = False
    for part in loc:
        if isinstance(current, dict) and after_index and current.get("kind") == part:
            after_index = False
            continue  # a discriminated-union tag, not a key
        if isinstance(current, dict) and isinstance(part, str) and part in current:
            path.append(part)
            current = current[part]
            after_index = False
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            path.append(part)
            current = current[part]
            after_index = True
        else:
            after_index = False
    return tuple(path)


def _strip(tp: Any, value: object) -> Any:
    """Unwrap Annotated/Optional/Union down to the type that applies to ``value``."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin is typing.Union or str(origin) == "types.UnionType":
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
            kind = value.get("kind") if isinstance(value, dict) else None
            chosen = next((m for m in models if kind in _literal_values(m, "kind")), None)
            tp = chosen or (models[0] if models else members[0])
        else:
            return tp


def _literal_values(model: type[BaseModel], name: str) -> tuple:
    info = model.model_fields.get(name)
    if info is None:
        return ()
    return typing.get_args(info.annotation) if typing.get_origin(info.annotation) is Literal else ()


def model_at(root: type[BaseModel], data: object, path: tuple) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``path`` in ``data``."""
    tp: Any = root
    current = data
    for part in path:
        tp = _strip(tp, current)
        if isinstance(part, int):
            args = typing.get_args(tp)
            tp = args[0] if args else Any
        elif isinstance(tp, type) and issubclass(tp, BaseModel) and part in tp.model_fields:
            tp = tp.model_fields[part].annotation
        elif typing.get_origin(tp) is dict:
            tp = typing.get_args(tp)[1]
        else:
            return None
        current = current[part]  # type: ignore[index]
    tp = _strip(tp, current)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _field_hint(root: type[BaseModel], data: object, path: tuple) -> str:
    """The description of the field at ``path``, if it has one."""
    if not path or not isinstance(path[-1], str):
        return ""
    model = model_at(root, data, path[:-1])
    info = model.model_fields.get(path[-1]) if model else None
    return f"{path[-1]}: {info.description}" if info is not None and info.description else ""


_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
}


def _given(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def from_validation_error(
    error: ValidationError, data: object, source: SourceMap, file: str, root: type[BaseModel]
) -> list[Problem]:
    """Translate every schema error into a Problem with a position, a field path and a hint."""
    problems = []
    seen = set()
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        path = data_path(data, loc)
        kind = item["type"]
        value = item.get("input")
        ctx = item.get("ctx") or {}
        position = source.value(path)
        hint = ""
        shown_path = path
        if kind == "extra_forbidden":
            key = path[-1] if path else loc[-1]
            model = model_at(root, data, path[:-1])
            allowed = sorted(model.model_fields) if model else []
            message = f"unknown field '{key}'"
            suggestion = did_you_mean(key, allowed)
            if suggestion:
                message += f"; {suggestion}"
            if allowed:
                hint = "allowed here: " + ", ".join(allowed)
            position = source.key(path)
        elif kind == "missing":
            name = loc[-1]
            model = model_at(root, data, path)
            message = f"missing required field '{name}'"
            info = model.model_fields.get(str(name)) if model else None
            hint = f"add '{name}: ...'" + (f" ({info.description})" if info is not None and info.description else "")
            shown_path = (*path, name)
        elif kind == "literal_error":
            expected = str(ctx.get("expected", ""))
            options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",") if o.strip()]
            message = f"{_given(value)} is not allowed here; expected one of: {', '.join(options)}"
            suggestion = did_you_mean(value, options)
            if suggestion:
                message = f"{_given(value)} is not allowed here; {suggestion}"
                hint = "expected one of: " + ", ".join(options)
        elif kind == "union_tag_invalid":
            options = [o.strip().strip("'") for o in str(ctx.get("expected_tags", "")).split(",")]
            message = f"unknown kind {ctx.get('tag')!r}"
            suggestion = did_you_mean(ctx.get("tag"), options)
            message += f"; {suggestion}" if suggestion else ""
            hint = "kind is one of: " + ", ".join(options)
            shown_path = (*path, "kind")
            position = source.value((*path, "kind"))
        elif kind == "union_tag_not_found":
            message = "missing required field 'kind'"
            hint = "every step and question says what it is with kind: ..."
            shown_path = (*path, "kind")
        elif kind == "convtutor":
            message = item["msg"]
        elif kind in _TYPE_WORDS:
            message = f"expected {_TYPE_WORDS[kind]}, got {_given(value)}"
        elif kind in ("too_short", "too_long"):
            message = f"{item['msg'][0].lower()}{item['msg'][1:]}"
            hint = "add an item" if kind == "too_short" else "remove some items"
        else:
            message = item["msg"]
        if not hint and kind not in ("extra_forbidden", "union_tag_invalid", "union_tag_not_found"):
            hint = _field_hint(root, data, path)
        key = (position, message)
        if key in seen:
            continue  # pydantic may report one problem through several union branches
        seen.add(key)
        problems.append(at(file, position, message, shown_path, hint))
    return problems
