"""The structure of a rule file, declared once.

The loader checks files against this declaration (with file, line and key path in every
message) and :mod:`statdeadline.schema` renders the same declaration as a JSON Schema for
editors, so the two cannot drift. Cross-references (a clock naming an event), numbers that
depend on each other (a cap below the duration) and the state graph are checked by the
loader itself.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from .vocabulary import CLOCK_KINDS, CONFIDENCES, EFFECTS, FIELD_TYPES

__all__ = ["FORMAT", "RULESET", "Spec", "check", "join_path", "matches"]

#: The value of the ``format`` key every rule file starts with.
FORMAT = "statdeadline/rules@1"

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
RULESET_ID_PATTERN = r"^[a-z][a-z0-9-]*[a-z0-9]$"
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


@attrs.frozen
class Spec:
    """One node of the declaration.

    ``kind``: ``object`` (fixed ``keys``, with ``required`` ones), ``map`` (any keys
    matching ``key_pattern``, each value ``values``), ``list`` (each ``items``), ``str``,
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
ID = Str("an id: lower case letters, digits and _", pattern=ID_PATTERN)
IDS = AnyOf(ID, List(ID, min_items=1), description="one id or a list of ids")

CITATION = Obj(
    {
        "source": Str("id of an entry in sources", pattern=r"^[a-z0-9][a-z0-9_.-]*$"),
        "ref": Str("regulation, paragraph or page"),
        "confidence": Str(
            "primary: read in the instrument; secondary: secondary sources only; local: one council's policy",
            enum=CONFIDENCES,
        ),
        "url": Str(),
        "quote": Str(),
        "note": Str(),
    },
    required=("source", "ref", "confidence"),
    description="where the rule comes from and how sure we are",
)

DURATION = Obj(
    {
        "working_days": Int(minimum=0),
        "calendar_days": Int(minimum=0),
        "months": Int(minimum=1),
        "end": Str("months only: how a month period ends", enum=("commencing", "corresponding")),
        "roll": Str(
            "calendar days and months: roll a non-working end", enum=("next", "none", "previous")
        ),
    },
    exactly_one_of=("working_days", "calendar_days", "months"),
    description="exactly one of working_days, calendar_days, months",
)

OVERRIDE_DAYS = List(
    Obj({"date": Date(), "reason": Str()}, required=("date", "reason")),
    description="dates with the reason shown in explanations",
)

FIELD = Obj(
    {
        "type": Str(enum=FIELD_TYPES),
        "required": Bool(),
        "values": List(Str(), min_items=1, description="choice: the allowed values"),
        "label": Str(),
        "minimum": Int(description="int: the smallest allowed value"),
    },
    required=("type",),
)

EVENT = Obj(
    {
        "label": Str(),
        "description": Str(),
        "effect": Str("what the event does to clocks", enum=EFFECTS),
        "receipt": Bool(
            "the council receiving something: receipt conventions apply to clocks it starts"
        ),
        "fields": Map(FIELD),
        "one_of": List(
            List(ID, min_items=2), description="groups of fields of which exactly one must be given"
        ),
    },
    required=("label",),
)

STATE = Obj({"label": Str(), "initial": Bool(), "final": Bool()}, required=("label",))

TRANSITION = Obj(
    {
        "event": ID,
        "from": AnyOf(ID, List(ID, min_items=1), Str("every state that is not final", enum=("*",))),
        "to": AnyOf(ID, NULL, description="the new state; omitted or null: unchanged"),
    },
    required=("event", "from"),
)

TRIAGE_LEVEL = Obj(
    {"label": Str(), "target": DURATION, "aim": DURATION, "maximum": DURATION},
    required=("target",),
)

CLOCK = Obj(
    {
        "label": Str(),
        "kind": Str(enum=CLOCK_KINDS),
        "start": ID,
        "start_alternatives": List(ID, description="other start events a council may choose"),
        "met_by": IDS,
        "superseded_by": IDS,
        "cancelled_by": IDS,
        "duration": DURATION,
        "due_with": Str("share the due date of this clock", pattern=ID_PATTERN),
        "extension": Obj(
            {
                "max_total": DURATION,
                "requires": List(ID),
                "before_due": Bool(),
                "citation": CITATION,
            }
        ),
        "pausable": Bool(),
        "triage": Obj(
            {
                "event": ID,
                "field": ID,
                "levels": Map(TRIAGE_LEVEL, key_pattern=r"^[a-z][a-z0-9_-]*$"),
            },
            required=("event", "field", "levels"),
        ),
        "applies_if": Obj(
            {"unmet": ID},
            required=("unmet",),
            description="only if that clock is unmet at its due date",
        ),
        "repeat": Int(minimum=1, description="how many times the clock may run"),
        "instance_labels": List(Str()),
        "citation": CITATION,
        "note": Str(),
    },
    required=("label", "kind", "start", "met_by", "citation"),
)

# An overlay may only choose among a statutory clock's declared start alternatives.
CLOCK_CHOICE = Obj({"start": ID}, required=("start",))

CHECK = Obj(
    {
        "label": Str(),
        "event": ID,
        "field": ID,
        "within": DURATION,
        "message": Str(),
        "citation": CITATION,
    },
    required=("label", "event", "field", "within", "message", "citation"),
)

CONVENTION = AnyOf(
    Str("overlay shorthand: the chosen value"),
    Obj(
        {
            "value": Str(),
            "alternatives": List(Str()),
            "citation": CITATION,
            "note": Str(),
        },
        required=("value",),
    ),
)

RULESET = Obj(
    {
        "format": Str("the rule-file format", enum=(FORMAT,)),
        "id": Str("the rule set id", pattern=RULESET_ID_PATTERN),
        "title": Str(),
        "version": Str(),
        "description": Str(),
        "effective_from": Date(),
        "effective_to": AnyOf(Date(), NULL),
        "extends": Str("the id of the rule set this overlay builds on", pattern=RULESET_ID_PATTERN),
        "sources": Map(
            Obj({"title": Str(), "url": Str(), "note": Str()}, required=("title",)),
            key_pattern=r"^[a-z0-9][a-z0-9_.-]*$",
        ),
        "calendar": Obj(
            {
                "division": Str(
                    enum=("england-and-wales", "northern-ireland", "scotland", "united-kingdom")
                ),
                "division_alternatives": List(
                    Str(
                        enum=("england-and-wales", "northern-ireland", "scotland", "united-kingdom")
                    )
                ),
                "citation": CITATION,
                "note": Str(),
                "non_working": OVERRIDE_DAYS,
                "working": OVERRIDE_DAYS,
            }
        ),
        "conventions": Map(CONVENTION),
        "due_soon_working_days": Int(minimum=0),
        "events": Map(EVENT),
        "states": Map(STATE),
        "transitions": List(TRANSITION),
        "clocks": Map(AnyOf(CLOCK, CLOCK_CHOICE)),
        "checks": Map(CHECK),
    },
    required=("format", "id", "title", "version", "effective_from"),
)


# --------------------------------------------------------------------------- checking

_TYPE_NAMES = {
    "object": "a mapping",
    "map": "a mapping",
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
    if k in ("object", "map"):
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
        matching = [o for o in spec.options if _type_ok(o, value)]
        for option in matching:
            if _fits(option, value):
                check(option, value, path, parent, key, report)
                return
        if matching:  # report against the first option of the right type
            check(matching[0], value, path, parent, key, report)
            return
        report(parent, key, path, f"must be {describe(spec)}, got {_show(value)}")
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
    if spec.kind == "object":
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
    elif spec.kind == "map":
        assert spec.values is not None
        for k, v in value.items():
            if not isinstance(k, str) or (spec.key_pattern and not matches(spec.key_pattern, k)):
                report(
                    value,
                    k,
                    join_path(path, k),
                    f"key must match {spec.key_pattern}, got {_show(k)}",
                )
                continue
            check(spec.values, v, join_path(path, k), value, k, report)
    elif spec.kind == "list":
        assert spec.items is not None
        if len(value) < spec.min_items:
            report(parent, key, path, f"needs at least {spec.min_items} item(s)")
        for i, item in enumerate(value):
            check(spec.items, item, f"{path}[{i}]", value, i, report)


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
