"""A rule file's events and their fields, and the fields each effect needs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .context import Context
from .issues import Issues
from .model import EventDef, FieldSpec
from .vocabulary import FIELD_TYPE_WORDS

__all__ = ["build_events"]


def build_events(ctx: Context) -> dict[str, EventDef]:
    """The base's events (for an overlay) and the file's own, which may not redefine them."""
    base, issues = ctx.base, ctx.issues
    events: dict[str, EventDef] = dict(base.events) if base else {}
    for eid, e in (ctx.data.get("events") or {}).items():
        where = f"events.{eid}"
        if eid in events:
            issues.redefined(ctx.data, "events", eid, base.id if base else "this file")
            continue
        fields = _fields(e, where, issues)
        one_of = tuple(tuple(g) for g in e.get("one_of") or ())
        for gi, group in enumerate(one_of):
            for fname in group:
                if fname not in fields:
                    issues.at(
                        e["one_of"],
                        gi,
                        f"{where}.one_of[{gi}]",
                        f"unknown field {fname!r}; fields: {', '.join(sorted(fields))}",
                    )
        ev = EventDef(
            eid,
            e["label"],
            fields,
            e.get("effect"),
            one_of,
            e.get("description"),
            bool(e.get("receipt", False)),
            e.get("raised_on"),
        )
        _check_effect(ev, e, where, issues)
        _check_raised_on(ev, e, where, issues)
        events[eid] = ev
    return events


def _fields(e: Mapping[str, Any], where: str, issues: Issues) -> dict[str, FieldSpec]:
    """An event's fields; a type may be a plain word (``text``, ``number``, ``yes/no``)."""
    fields = {}
    for fname, f in (e.get("fields") or {}).items():
        ftype = FIELD_TYPE_WORDS[f["type"]]
        if ftype == "choice" and not f.get("values"):
            issues.at(
                e["fields"], fname, f"{where}.fields.{fname}.values", "a choice field needs values"
            )
        fields[fname] = FieldSpec(
            fname,
            ftype,
            bool(f.get("required", False)),
            tuple(str(v) for v in f.get("values") or ()),
            f.get("label"),
            f.get("minimum"),
        )
    return fields


def _check_raised_on(ev: EventDef, raw: Mapping[str, Any], where: str, issues: Issues) -> None:
    """``raised_on`` names a date field of a receipt event."""
    name = ev.raised_on
    if name is None:
        return
    if not ev.receipt:
        issues.at(
            raw,
            "raised_on",
            f"{where}.raised_on",
            "only a receipt event (receipt: true) may have one",
        )
    f = ev.fields.get(name)
    if f is None or f.type != "date":
        dates = ", ".join(sorted(n for n, s in ev.fields.items() if s.type == "date")) or "none"
        issues.at(
            raw,
            "raised_on",
            f"{where}.raised_on",
            f"must name a date field of the event (date fields: {dates}), got {name!r}",
        )


def _check_effect(ev: EventDef, raw: Mapping[str, Any], where: str, issues: Issues) -> None:
    """An event with an effect needs the fields the engine reads."""
    f = ev.fields
    if ev.effect == "extend":
        if "clock" not in f or f["clock"].type != "clock" or not f["clock"].required:
            issues.at(
                raw,
                "fields",
                f"{where}.fields",
                "an 'extend' event needs a required field 'clock' of type clock",
            )
        if not ({"working_days", "until", "months"} & set(f)):
            issues.at(
                raw,
                "fields",
                f"{where}.fields",
                "an 'extend' event needs a field 'working_days' (int), 'months' (int) and/or 'until' (date)",
            )
        for name in ("working_days", "months"):
            if name in f and f[name].type != "int":
                issues.at(raw, "fields", f"{where}.fields.{name}", "must be of type int")
        if "until" in f and f["until"].type != "date":
            issues.at(raw, "fields", f"{where}.fields.until", "must be of type date")
    elif (
        ev.effect in ("pause", "resume", "restart") and "clock" in f and f["clock"].type != "clock"
    ):
        issues.at(raw, "fields", f"{where}.fields.clock", "must be of type clock")
