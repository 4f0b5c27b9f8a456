"""The little language a file format is declared in, and the checker that reads it.

A :class:`Spec` says what a value must be (a mapping with fixed keys, a map of ids, a
list, a string...); :func:`check` compares a value with it and reports each problem with
the container and key it is at, so that every message can give file, line and key path.
:mod:`statdeadline.rules.format` declares the rule-file format in it, and
:mod:`statdeadline.rules.schema` renders the declaration as a JSON Schema.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping
from typing import Any

import attrs

__all__ = [
    "ANY",
    "ID_PATTERN",
    "NULL",
    "AnyOf",
    "Bool",
    "Date",
    "Dated",
    "Int",
    "List",
    "Map",
    "Obj",
    "Report",
    "Spec",
    "Str",
    "check",
    "describe",
    "join_path",
    "matches",
]

#: An id: what the keys of a map are unless it says otherwise.
ID_PATTERN = r"^[a-z][a-z0-9_]*$"


@attrs.frozen
class Spec:
    """One node of the declaration.

    ``kind``: ``object`` (fixed ``keys``, with ``required`` ones), ``map`` (any keys
    matching ``key_pattern``, each value ``values``), ``dated`` (keys are dates, each
    value ``values``: a value that changes over time), ``list`` (each ``items``), ``str``,
    ``int``, ``bool``, ``date``, ``null`` or ``any_of`` (the first of ``options`` whose
    type matches is used).
    """

    kind: str
    keys: Mapping[str, Spec] = attrs.field(factory=dict)
    required: tuple[str, ...] = ()
    values: Spec | None = None
    items: Spec | None = None
    key_pattern: str | None = None
    enum: tuple[Any, ...] = ()
    pattern: str | None = None
    minimum: int | None = None
    options: tuple[Spec, ...] = ()
    description: str = ""
    min_items: int = 0
    exactly_one_of: tuple[str, ...] = ()


def Obj(
    keys: Mapping[str, Spec],
    required: tuple[str, ...] = (),
    description: str = "",
    exactly_one_of: tuple[str, ...] = (),
) -> Spec:
    return Spec(
        "object",
        keys=keys,
        required=required,
        description=description,
        exactly_one_of=exactly_one_of,
    )


def Map(values: Spec, key_pattern: str = ID_PATTERN, description: str = "") -> Spec:
    return Spec("map", values=values, key_pattern=key_pattern, description=description)


def Dated(values: Spec, description: str = "") -> Spec:
    return Spec("dated", values=values, description=description)


def List(items: Spec, description: str = "", min_items: int = 0) -> Spec:
    return Spec("list", items=items, description=description, min_items=min_items)


def Str(description: str = "", enum: tuple[str, ...] = (), pattern: str | None = None) -> Spec:
    return Spec("str", enum=enum, pattern=pattern, description=description)


def Int(description: str = "", minimum: int | None = None) -> Spec:
    return Spec("int", minimum=minimum, description=description)


def Bool(description: str = "") -> Spec:
    return Spec("bool", description=description)


def Date(description: str = "") -> Spec:
    return Spec("date", description=description)


def AnyOf(*options: Spec, description: str = "") -> Spec:
    return Spec("any_of", options=options, description=description)


NULL = Spec("null")
ANY = Spec("any")


_TYPE_NAMES = {
    "object": "a mapping",
    "map": "a mapping",
    "dated": "a mapping of dates YYYY-MM-DD to values",
    "list": "a list",
    "str": "a string",
    "int": "an integer",
    "bool": "true or false",
    "date": "a date YYYY-MM-DD",
    "null": "null",
    "any": "anything",
}


def _type_ok(spec: Spec, value: Any) -> bool:
    k = spec.kind
    if k in ("object", "map", "dated"):
        return isinstance(value, Mapping)
    if k == "list":
        return isinstance(value, list)
    if k == "str":
        return isinstance(value, str)
    if k == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if k == "bool":
        return isinstance(value, bool)
    if k == "date":
        return isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)
    if k == "null":
        return value is None
    if k == "any":
        return True
    return any(_type_ok(o, value) for o in spec.options)


def describe(spec: Spec) -> str:
    """What a value must be, in words."""
    if spec.kind == "any_of":
        return " or ".join(describe(o) for o in spec.options)
    if spec.enum:
        return "one of: " + ", ".join(str(e) for e in spec.enum)
    if spec.kind == "dated" and spec.values is not None:
        return f"{_TYPE_NAMES['dated']} ({describe(spec.values)} each)"
    return _TYPE_NAMES[spec.kind]


def matches(pattern: str, value: str) -> bool:
    """True if ``value`` matches ``pattern`` as JSON Schema reads it (a search, where ``$``
    is the end of the text; Python's ``$`` would also accept a final newline, so
    ``"open\\n"`` would pass as an id here and fail in the schema).

    >>> matches(ID_PATTERN, "open"), matches(ID_PATTERN, "open\\n")
    (True, False)
    """
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.search(pattern, value) is not None


Report = Callable[[Any, Any, str, str], None]  # (container, key, path, message)


def check(spec: Spec, value: Any, path: str, parent: Any, key: Any, report: Report) -> None:
    """Check ``value`` against ``spec``, calling ``report`` once per problem found.

    ``parent`` and ``key`` locate the value (for line numbers); ``path`` is its dotted
    key path.
    """
    if spec.kind == "any":
        return
    if parent is None:  # the root: its own line is the best place to point at
        parent, key = value, None
    if spec.kind == "any_of":
        _check_any_of(spec, value, path, parent, key, report)
        return
    if not _type_ok(spec, value):
        report(parent, key, path, f"must be {describe(spec)}, got {_show(value)}")
        return
    if spec.enum and value not in spec.enum:
        report(
            parent,
            key,
            path,
            f"must be one of: {', '.join(map(str, spec.enum))}; got {_show(value)}",
        )
    if spec.pattern and isinstance(value, str) and not matches(spec.pattern, value):
        report(parent, key, path, f"must match {spec.pattern}, got {_show(value)}")
    if spec.minimum is not None and isinstance(value, int) and value < spec.minimum:
        report(parent, key, path, f"must be >= {spec.minimum}, got {value}")
    inner = _CONTAINERS.get(spec.kind)
    if inner is not None:
        inner(spec, value, path, parent, key, report)


def _check_any_of(spec: Spec, value: Any, path: str, parent: Any, key: Any, report: Report) -> None:
    """The first option the value fits; else the first of its type; else a type error."""
    matching = [o for o in spec.options if _type_ok(o, value)]
    for option in matching:
        if _fits(option, value):
            check(option, value, path, parent, key, report)
            return
    if matching:  # report against the first option of the right type
        check(matching[0], value, path, parent, key, report)
        return
    report(parent, key, path, f"must be {describe(spec)}, got {_show(value)}")


def _check_object(spec: Spec, value: Any, path: str, parent: Any, key: Any, report: Report) -> None:
    for k in value:
        if k not in spec.keys:
            report(
                value,
                k,
                join_path(path, k),
                f"unknown key; allowed: {', '.join(sorted(spec.keys))}",
            )
    for k in spec.required:
        if k not in value:
            report(parent, key, path, f"missing required key {k!r}")
    if spec.exactly_one_of:
        present = [k for k in spec.exactly_one_of if k in value]
        if len(present) != 1:
            report(
                parent,
                key,
                path,
                f"needs exactly one of {', '.join(spec.exactly_one_of)}; got "
                + (", ".join(present) if present else "none"),
            )
    for k, sub in spec.keys.items():
        if k in value:
            check(sub, value[k], join_path(path, k), value, k, report)


def _check_map(spec: Spec, value: Any, path: str, parent: Any, key: Any, report: Report) -> None:
    assert spec.values is not None
    for k, v in value.items():
        if not isinstance(k, str) or (spec.key_pattern and not matches(spec.key_pattern, k)):
            report(
                value, k, join_path(path, k), f"key must match {spec.key_pattern}, got {_show(k)}"
            )
            continue
        check(spec.values, v, join_path(path, k), value, k, report)


def _check_dated(spec: Spec, value: Any, path: str, parent: Any, key: Any, report: Report) -> None:
    assert spec.values is not None
    if not value:
        report(parent, key, path, "needs at least one date")
    for k, v in value.items():
        if not isinstance(k, _dt.date) or isinstance(k, _dt.datetime):
            report(value, k, join_path(path, k), f"key must be a date YYYY-MM-DD, got {_show(k)}")
            continue
        check(spec.values, v, join_path(path, k), value, k, report)


def _check_list(spec: Spec, value: Any, path: str, parent: Any, key: Any, report: Report) -> None:
    assert spec.items is not None
    if len(value) < spec.min_items:
        report(parent, key, path, f"needs at least {spec.min_items} item(s)")
    for i, item in enumerate(value):
        check(spec.items, item, f"{path}[{i}]", value, i, report)


#: The checks of what a container holds, by kind.
_CONTAINERS: dict[str, Callable[[Spec, Any, str, Any, Any, Report], None]] = {
    "object": _check_object,
    "map": _check_map,
    "dated": _check_dated,
    "list": _check_list,
}


def _fits(spec: Spec, value: Any) -> bool:
    """True if ``value`` passes ``spec`` with no problem at all."""
    found: list[str] = []

    def note(container: Any, key: Any, path: str, message: str) -> None:
        found.append(message)

    check(spec, value, "", None, None, note)
    return not found


def join_path(path: str, key: Any) -> str:
    """``path.key``; a key that is not printable text (``"open\\n"``, a list...) is shown
    as its repr, so that a message stays on one line."""
    text = key if isinstance(key, str) and key.isprintable() else repr(key)
    if isinstance(key, (int, _dt.date)) and not isinstance(key, bool):
        text = str(key)
    return f"{path}.{text}" if path else text


def _show(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, _dt.date):
        return value.isoformat()
    return repr(value)
