"""A rule file's clocks: their timing, extensions, triage levels, and what they name.

An overlay may add clocks of its own and, for a statutory clock, only choose among its
declared alternatives (start, duration, an extension's required fields and when it must
come: :mod:`statdeadline.rules.choices`) and give its own citation for the clock (and its
extension) as it has it, which then shows wherever the clock's citation does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .choices import (
    before_due_problem,
    max_total_problem,
    requires_problem,
    rotated,
    start_problem,
)
from .context import Context
from .durations import build_duration, first_excess
from .issues import Issues, ids
from .model import ClockDef, Condition, Duration, EventDef, ExtensionRule, TriageLevel, TriageRule

__all__ = ["build_clocks"]


def build_clocks(ctx: Context, events: Mapping[str, EventDef]) -> dict[str, ClockDef]:
    """The base's clocks (for an overlay) and the file's own, with every reference checked."""
    data, base, issues = ctx.data, ctx.base, ctx.issues
    rid: str = data["id"]
    clocks: dict[str, ClockDef] = dict(base.clocks) if base else {}
    raw_clocks = data.get("clocks") or {}
    for cid, c in raw_clocks.items():
        where = f"clocks.{cid}"
        if base and cid in base.clocks:
            clocks[cid] = _chosen(base.clocks[cid], c, where, ctx)
            continue
        clocks[cid] = _clock(cid, c, where, rid, ctx)
    for cid, clock in clocks.items():
        if cid in raw_clocks and not (base and cid in base.clocks):
            _check_refs(clock, raw_clocks[cid], f"clocks.{cid}", events, clocks, issues)
            _check_effects(clock, raw_clocks[cid], f"clocks.{cid}", events, issues)
    _check_due_with_chains(clocks, raw_clocks, data, issues)
    return clocks


def _chosen(clock: ClockDef, c: Mapping[str, Any], where: str, ctx: Context) -> ClockDef:
    """A base clock with an overlay's choices: its start, its duration, its extension's
    requirements."""
    issues = ctx.issues
    if "start" in c:
        start = c["start"]
        why = start_problem(clock, start)
        if why:
            issues.at(c, "start", f"{where}.start", why)
        else:
            clock = attrs.evolve(
                clock,
                start=start,
                start_alternatives=rotated(start, clock.start, clock.start_alternatives),
                chosen_by=_by(clock, "start", ctx),
            )
    if "duration" in c:
        dur = build_duration(c["duration"], f"{where}.duration", issues, ctx.since, hours=True)
        if (clock.duration is not None and dur == clock.duration) or (
            dur in clock.duration_alternatives
        ):
            before = clock.duration
            alts = clock.duration_alternatives
            clock = attrs.evolve(
                clock,
                duration=dur,
                duration_alternatives=rotated(dur, before, alts)
                if before is not None
                else tuple(a for a in alts if a != dur),
                chosen_by=_by(clock, "duration", ctx),
            )
        else:
            declared = ", ".join(str(d) for d in clock.duration_alternatives) or "none"
            issues.at(
                c,
                "duration",
                f"{where}.duration",
                f"statutory clock {clock.id!r} lasts {clock.duration}; an overlay may choose only a declared alternative ({declared}), got {dur}",
            )
    if "extension" in c:
        clock = _chosen_extension(clock, c["extension"], where, ctx)
    if "citation" in c:  # the overlay's own authority for the clock as it has it
        clock = attrs.evolve(
            clock,
            citation=ctx.cite(c, "citation", f"{where}.citation"),
            note=c.get("note") or clock.note,
        )
    elif "note" in c:
        issues.at(c, "note", f"{where}.note", "an overlay's note goes with its own citation")
    return clock


def _by(clock: ClockDef, choice: str, ctx: Context) -> tuple[tuple[str, str], ...]:
    """``clock.chosen_by`` once this overlay has made ``choice``."""
    return (*((k, v) for k, v in clock.chosen_by if k != choice), (choice, ctx.data["id"]))


def _chosen_extension(clock: ClockDef, e: Mapping[str, Any], where: str, ctx: Context) -> ClockDef:
    """A base clock's extension with an overlay's choices: the required fields, when it
    must come, and the overlay's own citation for it."""
    issues, ext = ctx.issues, clock.extension
    if ext is None:
        for key, why in (
            ("requires", requires_problem(clock, ())),
            ("before_due", before_due_problem(clock, True)),
            (
                "citation",
                f"clock {clock.id!r} cannot be extended, so there is no extension to cite",
            ),
        ):
            if key in e:
                issues.at(e, key, f"{where}.extension.{key}", why or "")
        return clock
    if "requires" in e:
        requires = tuple(e["requires"])
        why = requires_problem(clock, requires)
        if why:
            issues.at(e, "requires", f"{where}.extension.requires", why)
        else:
            alts = rotated(requires, ext.requires, ext.requires_alternatives, key=frozenset)
            ext = attrs.evolve(ext, requires=requires, requires_alternatives=alts)
            clock = attrs.evolve(clock, chosen_by=_by(clock, "extension.requires", ctx))
    if "before_due" in e:
        value = e["before_due"]
        why = before_due_problem(clock, value)
        if why:
            issues.at(e, "before_due", f"{where}.extension.before_due", why)
        else:
            alts_due = rotated(value, ext.before_due, ext.before_due_alternatives)
            ext = attrs.evolve(ext, before_due=value, before_due_alternatives=alts_due)
            clock = attrs.evolve(clock, chosen_by=_by(clock, "extension.before_due", ctx))
    if "citation" in e:
        ext = attrs.evolve(ext, citation=ctx.cite(e, "citation", f"{where}.extension.citation"))
    clock = attrs.evolve(clock, extension=ext)
    if "max_total" in e:
        clock = _chosen_cap(clock, e, f"{where}.extension.max_total", ctx)
    return clock


def _chosen_cap(clock: ClockDef, e: Mapping[str, Any], here: str, ctx: Context) -> ClockDef:
    """A base clock with an overlay's choice of its extension's cap: the declared one or a
    declared alternative (``none``: no cap), and not below the clock's duration."""
    cap = _cap(e, "max_total", here, clock.duration, ctx)
    why = max_total_problem(clock, cap)
    if why:
        ctx.issues.at(e, "max_total", here, why)
        return clock
    ext = clock.extension
    assert ext is not None  # max_total_problem says so otherwise
    alts = rotated(cap, ext.max_total, ext.max_total_alternatives)
    return attrs.evolve(
        clock,
        extension=attrs.evolve(ext, max_total=cap, max_total_alternatives=alts),
        chosen_by=_by(clock, "extension.max_total", ctx),
    )


def _clock(cid: str, c: Mapping[str, Any], where: str, layer: str, ctx: Context) -> ClockDef:
    since, cite, issues = ctx.since, ctx.cite, ctx.issues
    duration = (
        build_duration(c["duration"], f"{where}.duration", issues, since, hours=True)
        if "duration" in c
        else None
    )
    timing = [k for k in ("duration", "triage", "due_with", "arises_after") if k in c]
    if len(timing) != 1:
        issues.at(
            c,
            None,
            where,
            f"needs exactly one of duration, triage, due_with, arises_after; got {', '.join(timing) or 'none'}",
        )
    labels = tuple(c.get("instance_labels") or ())
    repeat = int(c.get("repeat", 1))
    if len(labels) > repeat:
        issues.at(
            c,
            "instance_labels",
            f"{where}.instance_labels",
            f"has {len(labels)} labels for repeat {repeat}",
        )
    alternatives = tuple(
        build_duration(d, f"{where}.duration_alternatives[{i}]", ctx.issues, ctx.since, hours=True)
        for i, d in enumerate(c.get("duration_alternatives") or ())
    )
    ext = _extension(c["extension"], duration, where, ctx) if "extension" in c else None
    cap = ext.max_total if ext is not None else None
    for i, alt in enumerate(alternatives):
        if cap and (cap.unit != alt.unit or first_excess(alt, cap)):
            issues.at(
                c["duration_alternatives"],
                i,
                f"{where}.duration_alternatives[{i}]",
                f"{alt} does not fit the extension cap ({cap})",
            )
    return ClockDef(
        id=cid,
        label=c["label"],
        kind=c["kind"],
        start=c["start"],
        met_by=ids(c["met_by"]),
        citation=cite(c, "citation", f"{where}.citation"),
        duration=duration,
        due_with=c.get("due_with"),
        start_alternatives=tuple(c.get("start_alternatives") or ()),
        duration_alternatives=alternatives,
        superseded_by=ids(c.get("superseded_by")),
        cancelled_by=ids(c.get("cancelled_by")),
        extension=ext,
        pausable=bool(c.get("pausable", False)),
        triage=_triage(c["triage"], f"{where}.triage", ctx) if "triage" in c else None,
        condition=Condition(c["applies_if"]["unmet"]) if "applies_if" in c else None,
        repeat=repeat,
        instance_labels=labels,
        note=c.get("note"),
        layer=layer,
        not_required_by=ids(c.get("not_required_by")),
        arises_after=c.get("arises_after"),
        due_on=c.get("due_on"),
        start_also=tuple(c.get("start_also") or ()),
        start_fallback=c.get("start_fallback"),
        start_capped_by=c.get("start_capped_by"),
        restartable=bool(c.get("restartable", False)),
    )


def _cap(
    container: Any, key: Any, here: str, duration: Duration | None, ctx: Context
) -> Duration | None:
    """An extension cap (``container[key]``; ``"none"``: no cap), in the duration's unit
    and not below it."""
    value = container[key]
    if value == "none":
        return None
    cap = build_duration(value, here, ctx.issues, ctx.since)
    if cap and duration:
        if cap.unit != duration.unit:
            ctx.issues.at(
                container,
                key,
                here,
                f"must be in {duration.unit} like the duration, got {cap.unit}",
            )
        elif found := first_excess(duration, cap):
            when, lo, hi = found
            ctx.issues.at(value, cap.unit, here, f"must be >= duration ({lo}), got {hi}{when}")
    return cap


def _extension(
    e: Mapping[str, Any], duration: Duration | None, where: str, ctx: Context
) -> ExtensionRule:
    """A clock's extension rule; its cap (and each cap a council may choose instead) is
    in the duration's unit and not below it."""
    here = f"{where}.extension.max_total"
    cap = _cap(e, "max_total", here, duration, ctx) if "max_total" in e else None
    alternatives = e.get("max_total_alternatives") or ()
    return ExtensionRule(
        cap,
        tuple(e.get("requires") or ()),
        e.get("before_due", False),
        ctx.cite(e, "citation", f"{where}.extension.citation") if "citation" in e else None,
        tuple(tuple(alt) for alt in e.get("requires_alternatives") or ()),
        tuple(
            _cap(alternatives, i, f"{here}_alternatives[{i}]", duration, ctx)
            for i in range(len(alternatives))
        ),
        tuple(e.get("before_due_alternatives") or ()),
    )


def _triage(t: Mapping[str, Any], where: str, ctx: Context) -> TriageRule:
    """A triage rule: per level a target, and an aim no later and a maximum no earlier."""
    return TriageRule(
        t["event"],
        t["field"],
        {name: _level(name, lv, f"{where}.levels.{name}", ctx) for name, lv in t["levels"].items()},
    )


def _level(name: str, lv: Mapping[str, Any], where: str, ctx: Context) -> TriageLevel:
    issues = ctx.issues
    target = build_duration(lv["target"], f"{where}.target", issues, ctx.since)
    bounds = {
        label: build_duration(lv[label], f"{where}.{label}", issues, ctx.since)
        for label in ("aim", "maximum")
        if label in lv
    }
    for label, d in bounds.items():
        if d.unit != target.unit:
            issues.at(
                lv,
                label,
                f"{where}.{label}",
                f"must be in {target.unit} like the target, got {d.unit}",
            )
    aim, maximum = bounds.get("aim"), bounds.get("maximum")
    if aim and aim.unit == target.unit and (found := first_excess(aim, target)):
        when, lo, hi = found
        issues.at(lv["aim"], aim.unit, f"{where}.aim", f"must be <= target ({hi}), got {lo}{when}")
    if maximum and maximum.unit == target.unit and (found := first_excess(target, maximum)):
        when, lo, hi = found
        issues.at(
            lv["maximum"],
            maximum.unit,
            f"{where}.maximum",
            f"must be >= target ({lo}), got {hi}{when}",
        )
    return TriageLevel(name, target, aim, maximum, lv.get("label"))


def _check_refs(
    clock: ClockDef,
    raw: Mapping[str, Any],
    where: str,
    events: Mapping[str, EventDef],
    clocks: Mapping[str, ClockDef],
    issues: Issues,
) -> None:
    """Every event and clock a clock names exists."""
    known = ", ".join(sorted(events))
    for key, names in (
        ("start", (clock.start,)),
        ("start_alternatives", clock.start_alternatives),
        ("start_also", clock.start_also),
        ("start_fallback", (clock.start_fallback,) if clock.start_fallback else ()),
        ("met_by", clock.met_by),
        ("superseded_by", clock.superseded_by),
        ("cancelled_by", clock.cancelled_by),
        ("not_required_by", clock.not_required_by),
    ):
        for e in names:
            if e not in events:
                issues.at(raw, key, f"{where}.{key}", f"unknown event {e!r}; events: {known}")
    if clock.due_with and clock.due_with not in clocks:
        issues.at(raw, "due_with", f"{where}.due_with", f"unknown clock {clock.due_with!r}")
    if clock.arises_after and (clock.arises_after not in clocks or clock.arises_after == clock.id):
        issues.at(
            raw,
            "arises_after",
            f"{where}.arises_after",
            f"must name another clock of the rule set, got {clock.arises_after!r}",
        )
    if clock.due_on:
        _check_due_on(clock, raw, where, events, issues)
    cap = clock.start_capped_by
    if cap and (cap not in clocks or cap == clock.id):
        why = "a clock cannot cap its own start" if cap == clock.id else f"unknown clock {cap!r}"
        issues.at(raw, "start_capped_by", f"{where}.start_capped_by", why)
    if clock.condition and clock.condition.unmet_clock not in clocks:
        issues.at(
            raw["applies_if"],
            "unmet",
            f"{where}.applies_if.unmet",
            f"unknown clock {clock.condition.unmet_clock!r}",
        )
    if clock.triage and clock.triage.event not in events:
        issues.at(
            raw["triage"],
            "event",
            f"{where}.triage.event",
            f"unknown event {clock.triage.event!r}; events: {known}",
        )


def _check_effects(
    clock: ClockDef,
    raw: Mapping[str, Any],
    where: str,
    events: Mapping[str, EventDef],
    issues: Issues,
) -> None:
    """What a clock declares it can undergo (extension, pause, triage) some event does."""
    if clock.extension is not None and not any(e.effect == "extend" for e in events.values()):
        issues.at(
            raw,
            "extension",
            f"{where}.extension",
            "no event has effect 'extend', so the clock can never be extended",
        )
    if clock.pausable and not any(e.effect == "pause" for e in events.values()):
        issues.at(raw, "pausable", f"{where}.pausable", "no event has effect 'pause'")
    if clock.restartable and not any(e.effect == "restart" for e in events.values()):
        issues.at(raw, "restartable", f"{where}.restartable", "no event has effect 'restart'")
    if clock.triage and clock.triage.event in events:
        _check_triage_event(
            clock.triage, events[clock.triage.event], raw["triage"], f"{where}.triage", issues
        )
    if clock.extension:
        ext = clock.extension
        for key, value in (
            ("before_due", ext.before_due),
            *(("before_due_alternatives", v) for v in ext.before_due_alternatives),
        ):
            if isinstance(value, str) and not any(
                e.effect == "extend" and getattr(e.fields.get(value), "type", None) == "date"
                for e in events.values()
            ):
                issues.at(
                    raw["extension"],
                    key,
                    f"{where}.extension.{key}",
                    f"no 'extend' event has a date field {value!r}",
                )
        for key, sets in (
            ("requires", (ext.requires,)),
            ("requires_alternatives", ext.requires_alternatives),
        ):
            for req in dict.fromkeys(r for s in sets for r in s):
                if not any(req in e.fields for e in events.values() if e.effect == "extend"):
                    issues.at(
                        raw["extension"],
                        key,
                        f"{where}.extension.{key}",
                        f"no 'extend' event has a field {req!r}",
                    )


def _check_triage_event(
    triage: TriageRule, ev: EventDef, traw: Mapping[str, Any], where: str, issues: Issues
) -> None:
    """The triage event has effect 'triage' and a choice field whose values are the levels."""
    if ev.effect != "triage":
        issues.at(traw, "event", f"{where}.event", f"event {ev.id!r} must have effect 'triage'")
    f = ev.fields.get(triage.field)
    if f is None or f.type != "choice":
        issues.at(
            traw, "field", f"{where}.field", f"event {ev.id!r} has no choice field {triage.field!r}"
        )
    elif set(f.values) != set(triage.levels):
        issues.at(
            traw,
            "levels",
            f"{where}.levels",
            f"levels ({', '.join(sorted(triage.levels))}) must equal the values of {ev.id}.{f.name} ({', '.join(sorted(f.values))})",
        )


def _check_due_with_chains(
    clocks: Mapping[str, ClockDef],
    raw_clocks: Mapping[str, Any],
    data: Mapping[str, Any],
    issues: Issues,
) -> None:
    """A clock due with another must not, through a chain of them, be due with itself."""
    for cid, clock in clocks.items():
        seen = [cid]
        nxt = clock.due_with
        while nxt and nxt in clocks:
            if nxt in seen:
                issues.at(
                    raw_clocks.get(cid, data),
                    "due_with",
                    f"clocks.{cid}.due_with",
                    f"circular due_with: {' -> '.join((*seen, nxt))}",
                )
                break
            seen.append(nxt)
            nxt = clocks[nxt].due_with


def _check_due_on(
    clock: ClockDef,
    raw: Mapping[str, Any],
    where: str,
    events: Mapping[str, EventDef],
    issues: Issues,
) -> None:
    """``due_on`` names a date field of every event that may start the clock, and the
    clock has a duration to count when the field is not given."""
    for name in (clock.start, *clock.start_alternatives):
        ev = events.get(name)
        f = ev.fields.get(clock.due_on or "") if ev is not None else None
        if ev is not None and (f is None or f.type != "date"):
            issues.at(
                raw,
                "due_on",
                f"{where}.due_on",
                f"must name a date field of start event {name!r}, got {clock.due_on!r}",
            )
    if clock.duration is None:
        issues.at(
            raw,
            "due_on",
            f"{where}.due_on",
            "needs a duration, counted when the start event does not give the date",
        )
