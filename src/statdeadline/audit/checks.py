"""What is checked before any case is replayed: the ``group_by`` columns against the
inputs' columns, the event fields and the output columns, so a misspelt or clashing
group is one error rather than a silently wrong table."""

from __future__ import annotations

import os
from collections.abc import Sequence

from ..exceptions import AuditError, StatDeadlineError
from ..rules import list_bundled, load_ruleset
from .model import OUTPUT_COLUMNS
from .rows import CORE_COLUMNS, OPTIONAL_COLUMNS, Reader
from .source import Source

__all__ = ["check_groups", "event_fields"]


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
    case-insensitively), once each is a column of every input that has a header, and
    none is a column the audit reads, an event field or an output column."""
    if not group_by:
        return []
    resolved: list[str] = []
    fields: dict[str, str] | None = None
    for given in group_by:
        name = given.strip()
        for src in sources:
            columns = reader.group_columns(src)
            if columns is None:
                continue  # JSON Lines: no header to check against
            match = [c for c in columns if c.casefold() == name.casefold()]
            if not match:
                listed = ", ".join(c for c in columns if c) or "none"
                what = "group of the mapping" if mapping is not None else "column"
                raise AuditError(
                    f"group column {given!r} is not a {what} of {src.name}; there: {listed}",
                    src.name,
                )
            name = match[0]
        if name in (*CORE_COLUMNS, *OPTIONAL_COLUMNS):
            raise AuditError(
                f"group column {given!r} is a column every case has ({', '.join((*CORE_COLUMNS, *OPTIONAL_COLUMNS))}); group by another column"
            )
        if name in OUTPUT_COLUMNS:
            raise AuditError(
                f"group column {given!r} has the name of an output column ({name}); rename the input column"
            )
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
