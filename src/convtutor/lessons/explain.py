"""Every way a file's data fails the schema, as plain sentences with a field path.

msgspec stops at the first error; authors want them all at once. So when conversion fails,
this walks the data alongside the schema's type information (``msgspec.inspect``) and says,
for each problem, what was expected, what was found and, for unknown keys, what was probably
meant. The walk follows the same rules as msgspec, so a file it finds nothing wrong with
converts.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from msgspec import inspect as mi

from convtutor.lessons.fields import ID_PATTERN, QPADDING_WORD, REF_PATTERN, TEXT_PATTERN

if TYPE_CHECKING:
    from convtutor.lessons.yaml_source import Path_


@dataclass(frozen=True)
class Issue:
    path: Path_
    message: str
    hint: str = ""
    at_key: bool = False  # point at the key rather than the value


def did_you_mean(word: object, options: list[str]) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        close = [o for o in options if o.lower() == word.lower()]
    return f"did you mean '{close[0]}'?" if close else ""


def describe(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


@functools.cache
def info(tp: object) -> mi.Type:
    return mi.type_info(tp)


def explain(value: object, tp: object) -> list[Issue]:
    """Problems of ``value`` against type ``tp`` (a Struct class or a typing type)."""
    issues: list[Issue] = []
    _walk(value, info(tp), (), issues, "")
    return issues


def _unwrap(t: mi.Type) -> tuple[mi.Type, str]:
    description = ""
    while isinstance(t, mi.Metadata):
        extra = t.extra_json_schema or {}
        description = description or extra.get("description", "")
        t = t.type
    return t, description


def _walk(value: object, t: mi.Type, path: Path_, out: list[Issue], description: str) -> None:
    t, own = _unwrap(t)
    description = own or description
    if isinstance(t, mi.StructType):
        _struct(value, t, path, out)
    elif isinstance(t, mi.UnionType):
        _union(value, t, path, out, description)
    elif isinstance(t, mi.ListType):
        if not isinstance(value, list):
            out.append(Issue(path, f"expected a list, got {describe(value)}", _hint(path, description)))
            return
        if t.min_length is not None and len(value) < t.min_length:
            what = "at least one item" if t.min_length == 1 else f"at least {t.min_length} items"
            out.append(Issue(path, f"this list needs {what}; it has {len(value)}", _hint(path, description)))
        elif t.max_length is not None and len(value) > t.max_length:
            out.append(Issue(path, f"this list takes at most {t.max_length} items; it has {len(value)}", _hint(path, description)))
        for i, item in enumerate(value):
            _walk(item, t.item_type, (*path, i), out, "")
    elif isinstance(t, mi.DictType):
        if not isinstance(value, dict):
            out.append(Issue(path, f"expected a mapping (name: value lines), got {describe(value)}", _hint(path, description)))
            return
        for key, item in value.items():
            _walk(item, t.value_type, (*path, key), out, "")
    else:
        problem = _leaf(value, t)
        if problem:
            out.append(Issue(path, problem, _hint(path, description)))


def _hint(path: Path_, description: str) -> str:
    name = next((p for p in reversed(path) if isinstance(p, str)), "")
    return f"{name}: {description}" if description and name else description


def _struct(value: object, t: mi.StructType, path: Path_, out: list[Issue]) -> None:
    if not isinstance(value, dict):
        out.append(Issue(path, f"expected a mapping (key: value lines), got {describe(value)}"))
        return
    fields = {f.name: f for f in t.fields}
    allowed = sorted([*fields, *([t.tag_field] if t.tag_field else [])])
    for key in value:
        if key not in fields and key != t.tag_field:
            suggestion = did_you_mean(key, allowed)
            out.append(Issue((*path, key), f"unknown field '{key}'" + (f"; {suggestion}" if suggestion else ""),
                             "allowed here: " + ", ".join(allowed), at_key=True))
    for name, f in fields.items():
        if name in value:
            _walk(value[name], f.type, (*path, name), out, "")
        elif f.required:
            _, description = _unwrap(f.type)
            out.append(Issue((*path, name), f"missing required field '{name}'",
                             f"add '{name}: ...'" + (f" ({description})" if description else "")))


def _union(value: object, t: mi.UnionType, path: Path_, out: list[Issue], description: str) -> None:
    members = [_unwrap(m)[0] for m in t.types]
    structs = [m for m in members if isinstance(m, mi.StructType)]
    if isinstance(value, dict) and structs:
        tagged = [s for s in structs if s.tag_field]
        if not tagged:
            _struct(value, structs[0], path, out)
            return
        field_name = tagged[0].tag_field
        assert field_name  # every struct in tagged has a tag field
        tags = [str(s.tag) for s in tagged]
        if field_name not in value:
            out.append(Issue((*path, field_name), f"missing required field '{field_name}'", f"{field_name} is one of: {', '.join(tags)}"))
            return
        chosen = next((s for s in tagged if s.tag == value[field_name]), None)
        if chosen is None:
            suggestion = did_you_mean(value[field_name], tags)
            out.append(Issue((*path, field_name), f"unknown {field_name} {value[field_name]!r}" + (f"; {suggestion}" if suggestion else ""),
                             f"{field_name} is one of: {', '.join(tags)}"))
            return
        _struct(value, chosen, path, out)
        return
    candidates = [m for m in members if _kind_fits(value, m)]
    if value is None and any(isinstance(m, mi.NoneType) for m in members):
        return
    real = [m for m in members if not isinstance(m, mi.NoneType)]
    if not candidates and len(real) == 1:  # an optional field: explain it as its one type
        _walk(value, real[0], path, out, description)
        return
    if not candidates:
        out.append(Issue(path, f"expected {_union_words(members, path)}, got {describe(value)}", _hint(path, description)))
        return
    # Several members take this kind of value (e.g. whole numbers in two ranges): fine if any does.
    best: list[Issue] | None = None
    for member in candidates:
        found: list[Issue] = []
        _walk(value, member, path, found, description)
        if not found:
            return
        best = found if best is None else best
    out.extend(best or [])


def _kind_fits(value: object, t: mi.Type) -> bool:
    if isinstance(t, (mi.StructType, mi.DictType)):
        return isinstance(value, dict)
    if isinstance(t, mi.ListType):
        return isinstance(value, list)
    if isinstance(t, (mi.StrType, mi.LiteralType)):
        return isinstance(value, str)
    if isinstance(t, mi.BoolType):
        return isinstance(value, bool)
    if isinstance(t, mi.IntType):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(t, mi.FloatType):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(t, mi.NoneType):
        return value is None
    return True


def _union_words(members: list[mi.Type], path: Path_) -> str:
    words = []
    for m in members:
        if isinstance(m, mi.IntType):
            words.append("a whole number")
        elif isinstance(m, mi.FloatType):
            words.append("a number")
        elif isinstance(m, mi.StrType) and m.pattern == REF_PATTERN:
            words.append("a parameter such as $n")
        elif isinstance(m, (mi.StrType, mi.LiteralType)):
            words.append("text")
        elif isinstance(m, mi.ListType):
            words.append("a list")
        elif isinstance(m, (mi.StructType, mi.DictType)):
            words.append("a mapping")
        elif isinstance(m, mi.BoolType):
            words.append("true or false")
    words = list(dict.fromkeys(w for w in words))
    return " or ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " or " + words[-1]


def _leaf(value: object, t: mi.Type) -> str:
    """The problem with a single value, or '' if it fits."""
    if isinstance(t, mi.LiteralType):
        options = [str(v) for v in t.values]
        if value in t.values:
            return ""
        if isinstance(value, str) and any(not isinstance(v, str) and str(v) == value for v in t.values):
            return f"{describe(value)} is quoted, but a number is expected here: write {value} without quotes"
        suggestion = did_you_mean(value, options)
        if suggestion:
            return f"{describe(value)} is not allowed here; {suggestion}"
        return f"{describe(value)} is not allowed here; expected one of: {', '.join(options)}"
    if isinstance(t, mi.IntType):
        if isinstance(value, bool) or not isinstance(value, int):
            return f"expected a whole number, got {describe(value)}"
        return _range("a whole number", value, t.ge, t.le)
    if isinstance(t, mi.FloatType):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"expected a number, got {describe(value)}"
        if isinstance(value, float) and not math.isfinite(value):
            return f"expected a finite number, got {value}"
        return _range("a number", value, t.ge, t.le)
    if isinstance(t, mi.BoolType):
        if isinstance(value, str) and value.lower() in ("yes", "no", "on", "off", "y", "n"):
            return f"expected true or false, got {describe(value)} (YAML 1.2 reads yes, no, on and off as words)"
        return "" if isinstance(value, bool) else f"expected true or false, got {describe(value)}"
    if isinstance(t, mi.NoneType):
        return "" if value is None else f"expected nothing, got {describe(value)}"
    if isinstance(t, mi.StrType):
        if not isinstance(value, str):
            return f"expected text, got {describe(value)}"
        if t.max_length is not None and len(value) > t.max_length:
            return f"this text is longer than {t.max_length} characters"
        if t.pattern and not re.search(t.pattern, value):
            return _pattern_message(value, t.pattern)
        return ""
    if isinstance(t, mi.AnyType):
        return ""
    return ""


def _range(what: str, value: float, low: float | None, high: float | None) -> str:
    def show(v: float) -> str:
        return f"{int(v):,}" if float(v).is_integer() else str(v)

    if low is not None and high is not None:
        if value < low or value > high:
            return f"expected {what} from {show(low)} to {show(high)}, got {value}"
    elif low is not None:
        if value < low:
            return f"expected {what} of at least {show(low)}, got {value}"
    elif high is not None and value > high:
        return f"expected {what} of at most {show(high)}, got {value}"
    return ""


def _pattern_message(value: str, pattern: str) -> str:
    if pattern == TEXT_PATTERN:
        return "this text is empty; write something or remove the field"
    if pattern == ID_PATTERN:
        return ("an id is lowercase letters, digits, '-' and '_', starting with a letter or digit "
                f"(e.g. first-sweep); got {value!r}")
    if pattern == REF_PATTERN:
        return f"{value!r} is not a parameter: write a whole number, or $ and a parameter name (e.g. $n)"
    if pattern == QPADDING_WORD:
        return (f"padding is 'valid', 'same', 'full', a number of pixels per side, [rows, cols], "
                f"[[top, bottom], [left, right]] or a parameter such as $p; got {value!r}")
    return f"{value!r} does not have the expected form"
