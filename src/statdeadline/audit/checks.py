"""What is checked before any case is replayed: the ``group_by`` columns against the
inputs' columns, the event fields and the output columns, so a misspelt or clashing
group is one error rather than a silently wrong table."""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping, Sequence
from typing import Any

from ..exceptions import AuditError, StatDeadlineError
from ..rules import RuleSet, list_bundled, load_ruleset
from .model import OUTPUT_COLUMNS
from .readers import KEY_SAMPLE
from .replay import refusal
from .rows import CORE_COLUMNS, OPTIONAL_COLUMNS, Reader
from .source import Source
from .wide import WideMapping

__all__ = ["check_group_names", "check_groups", "check_mapping", "event_fields"]


def event_fields(ruleset_ids: Sequence[str]) -> dict[str, str]:
    """Every event field of these rule sets, with an event that has it, for messages."""
    found: dict[str, str] = {}
    for rid in ruleset_ids:
        try:
            rs = load_ruleset(rid)
        except (
            StatDeadlineError
        ):  # pragma: no cover - a bundled rule set that fails is a bug elsewhere
            continue
        for name, where in _fields_of(rs).items():
            found.setdefault(name, where)
    return found


def _fields_of(rs: RuleSet) -> dict[str, str]:
    """Every event field of one rule set, with an event that has it, for messages."""
    found: dict[str, str] = {}
    for ev_id, ev in rs.events.items():
        for name in ev.fields:
            found.setdefault(name, f"{name}, of the {ev_id} event")
    return found


def _mapped_fields(reader: Reader) -> dict[str, str]:
    events = getattr(reader, "events", ())
    return {f: f"{f}, of the mapping's {e.event} event" for e in events for f in e.fields}


def check_groups(
    reader: Reader,
    sources: Sequence[Source],
    group_by: Sequence[str],
    mapping: str | os.PathLike[str] | None = None,
) -> list[str]:
    """The ``group_by`` columns as the inputs name them (matched trimmed and
    case-insensitively), once each is a column of every input that has a header (of a
    JSON Lines input: a key of at least one object on its first
    :data:`~statdeadline.audit.readers.KEY_SAMPLE` non-blank lines), and none is a
    column the audit reads, an event field or an output column."""
    if not group_by:
        return []
    resolved: list[str] = []
    fields: dict[str, str] | None = None
    for given in group_by:
        name = given.strip()
        for src in sources:
            columns = reader.group_columns(src)
            if columns is None:
                continue  # a reader that cannot say: nothing to check against
            match = [c for c in columns if c.casefold() == name.casefold()]
            if not match:
                raise AuditError(_not_there(given, src, columns, mapping), src.name)
            name = match[0]
        _check_name(given, name)
        if fields is None:
            fields = {**event_fields(sorted(list_bundled())), **_mapped_fields(reader)}
        if name in fields:
            raise AuditError(
                f"group column {given!r} is an event field ({fields[name]}); its values belong to events, so it cannot be a group"
            )
        if name in resolved:
            raise AuditError(f"group column {given!r} is given more than once")
        resolved.append(name)
    return resolved


def _not_there(
    given: str, src: Source, columns: Sequence[str], mapping: str | os.PathLike[str] | None
) -> str:
    """The error for a ``group_by`` name that is not a column of ``src``."""
    listed = ", ".join(c for c in columns if c) or "none"
    if mapping is not None:
        return (
            f"group column {given!r} is not a group of the mapping of {src.name}; there: {listed}"
        )
    if src.format == "jsonl":
        return (
            f"group column {given!r} is not a key of any object on the first {KEY_SAMPLE:,} "
            f"lines of {src.name}; keys there: {listed}"
        )
    return f"group column {given!r} is not a column of {src.name}; there: {listed}"


_CORE = (*CORE_COLUMNS, *OPTIONAL_COLUMNS)


def _check_name(given: str, name: str) -> None:
    """``AuditError`` when a group named ``name`` (``given`` as the user wrote it) has
    the name of a column every case has or of an output column."""
    if name in _CORE:
        raise AuditError(
            f"group column {given!r} is a column every case has ({', '.join(_CORE)}); group by another column"
        )
    if name in OUTPUT_COLUMNS:
        raise AuditError(
            f"group column {given!r} has the name of an output column ({name}); rename the input column"
        )


def check_group_names(reader: WideMapping, fields: Mapping[str, str]) -> None:
    """A wide mapping's ``groups`` names checked before any row is read, whether or not
    ``--group-by`` names them (each row carries every group): none may be a column every
    case has (``case_id``, ``ruleset``, ``event``, ``date``, ``time``: the group would
    replace it), an output column's name, or one of ``fields`` (event fields, with an
    event that has each: the group would be read as that field of every event). Names
    are compared in any case. All problems are reported at once, each naming the
    mapping file, line and key."""
    problems = []
    for name, column in reader.groups.items():
        folded = name.strip().casefold()
        if folded in _CORE:
            why = f"a column every case has ({', '.join(_CORE)}): the group would replace it"
        elif folded in OUTPUT_COLUMNS:
            why = "the name of an output column: the group would overwrite it"
        elif folded in fields:
            why = f"an event field ({fields[folded]}): its values would be read as that field of every event"
        else:
            continue
        line = reader.lines.get(f"groups.{name}")
        where = f"{reader.source}:{line}" if line is not None else reader.source
        problems.append(
            f"{where} groups.{name}: a group cannot be named {name!r}, {why}; give the group another name (the column it reads, {column!r}, need not change)"
        )
    if problems:
        raise AuditError("\n".join(problems), reader.source)


def check_mapping(
    reader: Reader,
    ruleset_options: Mapping[str, Mapping[str, Any]],
    rules_dirs: tuple[str, ...] = (),
) -> None:
    """A wide mapping with one ``ruleset`` checked against it before any row is read:
    it is a rule set the input may name (:func:`~statdeadline.audit.replay.refusal`:
    bundled, or in the ``rules_dirs``), every mapped event is one of its events and
    every mapped field one of that event's fields (a misspelt event would otherwise
    reject every case, one by one). All problems are reported at once.

    A mapping whose rows name their rule set (``ruleset_column``), without rules folders
    of the user's own, may name only bundled rule sets: every mapped event must be an
    event of one of them, and every field a field of that event in one of them (the
    rows' own rule sets are checked case by case). With rules folders, whose rule sets
    may have any events, such a mapping is checked case by case only."""
    if not isinstance(reader, WideMapping):
        return  # long format: checked case by case
    if not reader.ruleset:
        fields = {**event_fields(sorted(list_bundled())), **_mapped_fields(reader)}
        check_group_names(reader, fields)
        if not rules_dirs:
            _check_against_bundled(reader)
        return
    why = refusal(reader.ruleset, rules_dirs)
    if why is not None:
        raise AuditError(f"{reader.source}: {why}", reader.source)
    options = ruleset_options.get(reader.ruleset, {})
    rs = load_ruleset(reader.ruleset, rules_dirs=rules_dirs, **options)
    check_group_names(reader, {**_fields_of(rs), **_mapped_fields(reader)})
    problems = []
    for i, e in enumerate(reader.events):
        edef = rs.events.get(e.event)
        if edef is None:
            problems.append(
                f"events[{i}].event: {e.event!r} is not an event of {rs.id}; its events: {', '.join(rs.events)}"
            )
            continue
        for name in e.fields:
            if name not in edef.fields:
                allowed = ", ".join(edef.fields) or "none"
                problems.append(
                    f"events[{i}].fields.{name}: not a field of {rs.id} {e.event}; its fields: {allowed}"
                )
    if problems:
        raise AuditError("\n".join(f"{reader.source}: {p}" for p in problems), reader.source)


def _check_against_bundled(reader: WideMapping) -> None:
    """A mapping with a rule set per row checked against every bundled rule set (see
    :func:`check_mapping`)."""
    events: dict[str, set[str]] = {}  # every bundled event, with its fields in any
    for rid in sorted(list_bundled()):
        for ev_id, ev in load_ruleset(rid).events.items():
            events.setdefault(ev_id, set()).update(ev.fields)
    column = reader.ruleset_column
    problems = []
    for i, e in enumerate(reader.events):
        if e.event not in events:
            close = difflib.get_close_matches(e.event, sorted(events), 1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(
                f"events[{i}].event: {e.event!r} is not an event of any bundled rule set "
                f"(which the {column!r} column may name){hint}"
            )
            continue
        for name in e.fields:
            if name not in events[e.event]:
                allowed = ", ".join(sorted(events[e.event])) or "none"
                problems.append(
                    f"events[{i}].fields.{name}: not a field of the {e.event} event in any "
                    f"bundled rule set; its fields: {allowed}"
                )
    if problems:
        raise AuditError("\n".join(f"{reader.source}: {p}" for p in problems), reader.source)
