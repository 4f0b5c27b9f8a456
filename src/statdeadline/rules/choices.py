"""A council's choices among the alternatives a statutory rule set declares.

These may be chosen: a convention's value (``receipt``, ``retriage``,
``receipt_cutoff``, ...), the bank-holiday division, the start event of a clock that
declares ``start_alternatives``, its duration among ``duration_alternatives``, and the
fields an extension requires and when it must come, of a clock whose extension declares
``requires_alternatives`` or ``before_due_alternatives``, and its cap among
``max_total_alternatives``. They are chosen in an overlay file or, for
conventions and division, by ``load_ruleset(conventions=..., division=...)``; both ways
are checked here, by the same rules: a choice is the current value, a declared
alternative, or (for ``receipt_cutoff`` only) any time of day ``HH:MM``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping
from typing import TypeVar

import attrs

from ..calendar import DIVISIONS
from ..calendar.bank_holidays import division_name
from ..exceptions import RuleSetError, RuleSetIssue
from .format import TIME_PATTERN
from .model import CHOSEN_AT_LOAD, ClockDef, ConventionChoice, Duration, RuleSet
from .vocabulary import CONVENTIONS

__all__ = [
    "apply_choices",
    "before_due_problem",
    "before_due_words",
    "convention_problem",
    "declared_value_ok",
    "division_problem",
    "max_total_problem",
    "requires_problem",
    "rotated",
    "start_problem",
]


_T = TypeVar("_T")


def _same(value: object) -> Hashable:
    return (type(value), value) if isinstance(value, bool) else value  # True is not 1


def rotated(
    chosen: _T,
    previous: _T,
    alternatives: tuple[_T, ...],
    key: Callable[[_T], Hashable] = _same,
) -> tuple[_T, ...]:
    """The alternatives left once ``chosen`` replaces ``previous``: ``previous`` first,
    then the others, without ``chosen`` or repeats (``key``: what makes two values the
    same; a set of required fields is the same in any order). A further overlay may so
    choose back the value an earlier layer had.

    >>> rotated("deemed_next_working_day", "day_0", ("non_working_deemed_next", "deemed_next_working_day"))
    ('day_0', 'non_working_deemed_next')
    >>> rotated(("b", "a"), ("a",), (("a", "b"), ()), key=frozenset)
    (('a',), ())
    >>> rotated("day_0", "day_0", ("x",))
    ('x',)
    """
    out: dict[Hashable, _T] = {}
    for value in (previous, *alternatives):
        out.setdefault(key(value), value)
    out.pop(key(chosen), None)
    return tuple(out.values())


def _is_time(value: object) -> bool:
    """A receipt cut-off may always be set to a time of day (it only makes deadlines later
    for receipts late in the day, which is the documented purpose of the convention)."""
    return isinstance(value, str) and re.fullmatch(TIME_PATTERN, value) is not None


def declared_value_ok(name: str, value: str) -> bool:
    """True if a statutory rule set may declare ``value`` for convention ``name``."""
    return value in CONVENTIONS[name] or (name == "receipt_cutoff" and _is_time(value))


def convention_problem(current: ConventionChoice, value: str) -> str | None:
    """Why convention ``current`` may not be changed to ``value`` (``None``: it may)."""
    if (
        value == current.value
        or value in current.alternatives
        or (current.name == "receipt_cutoff" and _is_time(value))
    ):
        return None
    return f"{current.value!r} may be changed only to a declared alternative ({', '.join(current.alternatives) or 'none'}), got {value!r}"


def division_problem(
    ruleset_id: str, current: str, alternatives: tuple[str, ...], wanted: str, *, overlay: bool
) -> str | None:
    """Why the division may not be changed from ``current`` to ``wanted`` (``None``: it
    may); ``overlay``: the choice is made by an overlay file (else at load time)."""
    if wanted == current or (wanted in DIVISIONS and wanted in alternatives):
        return None
    allowed = ", ".join(alternatives) or "none"
    if overlay:
        return f"{ruleset_id} counts bank holidays of {current}; an overlay may choose only a declared alternative ({allowed}), got {wanted!r}"
    return (
        f"{ruleset_id} counts bank holidays of {current}; alternatives: {allowed}; got {wanted!r}"
    )


def start_problem(clock: ClockDef, start: str) -> str | None:
    """Why an overlay may not start statutory ``clock`` at ``start`` (``None``: it may)."""
    if start == clock.start or start in clock.start_alternatives:
        return None
    return f"statutory clock {clock.id!r} starts at {clock.start!r}; an overlay may choose only a declared alternative ({', '.join(clock.start_alternatives) or 'none'}), got {start!r}"


def requires_problem(clock: ClockDef, requires: tuple[str, ...]) -> str | None:
    """Why an overlay may not make ``clock``'s extension require ``requires`` (``None``:
    it may): the set must be the declared one or one of its declared alternatives (the
    order of the fields does not matter)."""
    ext = clock.extension
    if ext is None:
        return f"clock {clock.id!r} cannot be extended, so there is no requirement to choose"
    if set(requires) == set(ext.requires) or any(
        set(requires) == set(alt) for alt in ext.requires_alternatives
    ):
        return None
    declared = "; ".join(f"[{', '.join(a)}]" for a in ext.requires_alternatives) or "none"
    return f"clock {clock.id!r}'s extension requires [{', '.join(ext.requires)}]; an overlay may choose only a declared alternative ({declared}), got [{', '.join(requires)}]"


def _cap_words(cap: Duration | None) -> str:
    return "no cap" if cap is None else f"at most {cap} in all"


def max_total_problem(clock: ClockDef, cap: Duration | None) -> str | None:
    """Why an overlay may not give ``clock``'s extension the cap ``cap`` (``None``: no cap)
    (``None`` returned: it may): the declared cap or one of its declared alternatives."""
    ext = clock.extension
    if ext is None:
        return f"clock {clock.id!r} cannot be extended, so there is no cap to choose"
    if cap == ext.max_total or cap in ext.max_total_alternatives:
        return None
    declared = "; ".join(_cap_words(c) for c in ext.max_total_alternatives) or "none"
    return f"clock {clock.id!r}'s extension allows {_cap_words(ext.max_total)}; an overlay may choose only a declared alternative ({declared}), got {_cap_words(cap)}"


def before_due_words(value: bool | str) -> str:
    """``before_due`` in words: ``true (recorded on or before the due date)``..."""
    if value is True:
        return "true (recorded on or before the due date)"
    if value is False:
        return "false (any time)"
    return f"{value} (that date on or before the due date)"


def before_due_problem(clock: ClockDef, value: object) -> str | None:
    """Why an overlay may not set ``clock``'s ``extension.before_due`` to ``value``
    (``None``: it may): the current reading or a declared alternative."""
    ext = clock.extension
    if ext is None:
        return f"clock {clock.id!r} cannot be extended, so there is nothing to choose"
    if value == ext.before_due or value in ext.before_due_alternatives:
        return None
    declared = "; ".join(before_due_words(v) for v in ext.before_due_alternatives) or "none"
    found = before_due_words(value) if isinstance(value, (bool, str)) else repr(value)
    return f"clock {clock.id!r}'s extension before_due is {before_due_words(ext.before_due)}; an overlay may choose only a declared alternative ({declared}), got {found}"


def apply_choices(
    rs: RuleSet, conventions: Mapping[str, str], division: str | None, source: str
) -> RuleSet:
    """``rs`` with a council's choices made at load time (every problem raised at once)."""
    known = ", ".join(sorted(rs.conventions))  # the rule set's own (some are optional)
    issues = [
        RuleSetIssue(source, None, f"conventions.{name}", f"unknown convention; known: {known}")
        for name in conventions
        if name not in rs.conventions
    ]
    new_conv = dict(rs.conventions)
    for name, value in conventions.items():
        current = rs.conventions.get(name)
        if current is None:
            continue
        why = convention_problem(current, value)
        if why:
            issues.append(RuleSetIssue(source, None, f"conventions.{name}", why))
        new_conv[name] = attrs.evolve(
            current,
            value=value,
            alternatives=rotated(value, current.value, current.alternatives),
            chosen_by=CHOSEN_AT_LOAD if value != current.value else current.chosen_by,
        )
    new_div, new_alts, new_by = rs.division, rs.division_alternatives, rs.division_chosen_by
    if division is not None:
        division = division_name(division) or division  # python-holidays' codes too
        why = division_problem(
            rs.id, rs.division, rs.division_alternatives, division, overlay=False
        )
        if why:
            issues.append(RuleSetIssue(source, None, "calendar.division", why))
        if division != rs.division:
            new_div, new_by = division, CHOSEN_AT_LOAD
            new_alts = rotated(division, rs.division, rs.division_alternatives)
    if issues:
        raise RuleSetError(issues, rs.id)
    return attrs.evolve(
        rs,
        conventions=new_conv,
        division=new_div,
        division_alternatives=new_alts,
        division_chosen_by=new_by,
    )
