"""A rule file's ``calendar`` and ``conventions`` sections.

A statutory rule set declares its division, the alternatives a council may choose, its
calendar overrides, the year up to which bank holidays count as proclaimed, and each
convention's value and alternatives. An overlay chooses among those alternatives
(:mod:`statdeadline.rules.choices`) and adds closure days for its own clocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

import attrs

from ..calendar import MAX_DATE, MIN_DATE, CalendarOverrides
from ..exceptions import RuleSetError
from .choices import convention_problem, declared_value_ok, division_problem, rotated
from .context import Context
from .issues import Issues
from .model import ConventionChoice, RuleSet
from .overrides import overrides_from_data
from .sources import Cite
from .vocabulary import CONVENTIONS, OPTIONAL_CONVENTIONS

__all__ = ["CalendarPart", "build_calendar", "build_conventions"]


class CalendarPart(NamedTuple):
    """What the ``calendar`` section gives a rule set."""

    division: str
    division_alternatives: tuple[str, ...]
    overrides: CalendarOverrides
    local_overrides: CalendarOverrides
    horizon_year: int | None
    division_chosen_by: str | None = None


def build_calendar(ctx: Context) -> CalendarPart:
    """The calendar section; an overlay's days are local (they apply to its own clocks)."""
    base, issues = ctx.base, ctx.issues
    cal = ctx.data.get("calendar") or {}
    chosen_by = base.division_chosen_by if base else None
    division = base.division if base else cal.get("division", "england-and-wales")
    alternatives = (
        base.division_alternatives if base else tuple(cal.get("division_alternatives") or ())
    )
    if base and "division" in cal:
        why = division_problem(base.id, division, alternatives, cal["division"], overlay=True)
        if why:
            issues.at(cal, "division", "calendar.division", why)
        elif cal["division"] != division:
            alternatives = rotated(cal["division"], division, alternatives)
            division, chosen_by = cal["division"], ctx.data["id"]
    if base and "division_alternatives" in cal:
        issues.at(
            cal,
            "division_alternatives",
            "calendar.division_alternatives",
            "only the statutory rule set declares alternatives",
        )
    overrides = base.overrides if base else CalendarOverrides()
    local_overrides = base.local_overrides if base else CalendarOverrides()
    if "non_working" in cal or "working" in cal:
        days = _days(cal, ctx.path, issues)
        if base:
            local_overrides = local_overrides.merged(days)
        else:
            overrides = days
    return CalendarPart(
        division,
        alternatives,
        overrides,
        local_overrides,
        _horizon(cal, base, issues),
        chosen_by,
    )


def _days(cal: Mapping[str, Any], path: Path, issues: Issues) -> CalendarOverrides:
    try:
        return overrides_from_data(
            {k: cal[k] for k in ("non_working", "working") if k in cal}, str(path), "calendar"
        )
    except RuleSetError as exc:
        issues.items.extend(exc.issues)
        return CalendarOverrides()


def _horizon(cal: Mapping[str, Any], base: RuleSet | None, issues: Issues) -> int | None:
    """``calendar.authoritative_until`` (an overlay inherits its base's unless it sets
    one); ``None``: the calendar's default, the year after the current one."""
    year = cal.get("authoritative_until")
    if year is None:
        return base.horizon_year if base else None
    if not MIN_DATE.year <= year <= MAX_DATE.year:
        issues.at(
            cal,
            "authoritative_until",
            "calendar.authoritative_until",
            f"must be a year from {MIN_DATE.year} to {MAX_DATE.year}, got {year}",
        )
        return None
    return int(year)


def build_conventions(ctx: Context) -> dict[str, ConventionChoice]:
    """The conventions: declared by a statutory rule set, chosen by an overlay; every
    convention not mentioned has its default (the first value of :data:`CONVENTIONS`),
    except the :data:`OPTIONAL_CONVENTIONS`, which a rule set has only if it declares them."""
    base, issues = ctx.base, ctx.issues
    conventions: dict[str, ConventionChoice] = dict(base.conventions) if base else {}
    raw = ctx.data.get("conventions") or {}
    for name, c in raw.items():
        if name not in CONVENTIONS:
            issues.at(
                raw,
                name,
                f"conventions.{name}",
                f"unknown convention; known: {', '.join(sorted(CONVENTIONS))}",
            )
            continue
        if base and name not in conventions:
            issues.at(
                raw,
                name,
                f"conventions.{name}",
                f"{base.id} declares no {name!r} convention, so there is nothing to choose",
            )
        elif base:
            chosen = _chosen(conventions[name], c, raw, issues, ctx.data["id"])
            if chosen is not None:
                conventions[name] = chosen
        else:
            conventions[name] = _declared(name, c, raw, ctx.cite, issues)
    for name, values in CONVENTIONS.items():
        if name not in OPTIONAL_CONVENTIONS:
            conventions.setdefault(name, ConventionChoice(name, values[0], ()))
    return conventions


def _chosen(
    current: ConventionChoice, c: Any, raw: Mapping[str, Any], issues: Issues, layer: str
) -> ConventionChoice | None:
    """Overlay ``layer``'s choice for ``current`` (``None``: refused); the value it
    replaces becomes one of the alternatives."""
    where = f"conventions.{current.name}"
    value = c if isinstance(c, str) else c["value"]
    if not isinstance(c, str) and set(c) - {"value", "note", "citation"}:
        issues.at(
            raw,
            current.name,
            where,
            "an overlay may only choose a value (with a note and citation)",
        )
    why = convention_problem(current, value)
    if why:
        issues.at(raw, current.name, where, why)
        return None
    note = c.get("note") if isinstance(c, Mapping) else None
    return attrs.evolve(
        current,
        value=value,
        alternatives=rotated(value, current.value, current.alternatives),
        note=note or current.note,
        chosen_by=layer,
    )


def _declared(
    name: str, c: Any, raw: Mapping[str, Any], cite: Cite, issues: Issues
) -> ConventionChoice:
    """A statutory rule set's declaration of convention ``name``."""
    where = f"conventions.{name}"
    value = c if isinstance(c, str) else c["value"]
    alts = tuple(c.get("alternatives") or ()) if isinstance(c, Mapping) else ()
    for v in (value, *alts):
        if not declared_value_ok(name, v):
            issues.at(
                raw, name, where, f"unknown value {v!r}; allowed: {', '.join(CONVENTIONS[name])}"
            )
    citation = (
        cite(c, "citation", f"{where}.citation")
        if isinstance(c, Mapping) and "citation" in c
        else None
    )
    note = c.get("note") if isinstance(c, Mapping) else None
    return ConventionChoice(name, value, alts, citation, note)
