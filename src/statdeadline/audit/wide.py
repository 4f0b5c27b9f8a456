"""Wide-format input: one row per case, a column per milestone, mapped to events.

Case systems usually export one row per case (``Case Ref, Date Received, Date
Acknowledged, Date Responded, Team``). A small YAML mapping says which column is which:

.. code-block:: yaml

    format: statdeadline/wide-mapping@1
    ruleset: england-adults-2009      # the rule set of every row, or:
    # ruleset_column: Procedure       # a column naming each row's rule set
    case_id: Case Ref
    date_format: "%d/%m/%Y"           # optional; ISO dates always work
    groups: {team: Team}              # name used by --group-by: column
    events:
      - {event: received, date: Date Received, fields: {grounds_arose: Date of Incident}}
      - {event: acknowledged, date: Date Acknowledged}
      - event: extension
        date: Extension Agreed
        fields: {clock: "=response_backstop", until: Extended To, reason: Extension Reason,
                 agreed_with_complainant: "=true"}
      - {event: response, date: Date Responded}

Each row becomes one event per mapped column that has a date; empty cells are skipped.
A field value starting with ``=`` is a constant, otherwise it names a column. Errors in
the mapping name the mapping file, line and key; a column the mapping names but the CSV
lacks is an error naming both.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from ..exceptions import AuditError, RuleSetError, RuleSetIssue
from ..rules.yamlfile import line_of, load_yaml_file  # not yet exported by statdeadline.rules
from .rows import Keep, Record, Row
from .source import Source, as_source
from .tables import case_records

__all__ = ["FORMAT", "EventColumns", "WideMapping", "load_mapping"]

#: The value of the ``format`` key of a mapping file.
FORMAT = "statdeadline/wide-mapping@1"


@attrs.frozen
class EventColumns:
    """One event of the mapping: its id, date column, optional time column and fields."""

    event: str
    date: str
    time: str | None = None
    fields: Mapping[str, str] = attrs.field(factory=dict)  # field -> column, or "=constant"


@attrs.frozen
class WideMapping:
    """A parsed mapping file. :meth:`rows` turns a wide CSV into long-format rows."""

    source: str
    case_id: str
    events: tuple[EventColumns, ...]
    ruleset: str | None = None
    ruleset_column: str | None = None
    date_format: str | None = None
    groups: Mapping[str, str] = attrs.field(factory=dict)
    #: the line of each key in the mapping file, by its path (``groups.team``), for
    #: messages about the mapping found after it was read
    lines: Mapping[str, int] = attrs.field(factory=dict, eq=False, repr=False)

    def columns(self) -> set[str]:
        """Every CSV column the mapping reads."""
        cols = {self.case_id, *self.groups.values()}
        if self.ruleset_column:
            cols.add(self.ruleset_column)
        for e in self.events:
            cols.add(e.date)
            if e.time:
                cols.add(e.time)
            cols.update(v for v in e.fields.values() if not v.startswith("="))
        return cols

    def _header(self, src: Source, cells: list[str], error: str | None) -> dict[str, int]:
        """Where each column the mapping names is, matched trimmed and case-insensitively."""
        name = src.name
        if error is not None:
            raise AuditError(f"{name}:1: the header cannot be read: {error}", name, 1)
        header = [h.strip() for h in cells]
        where: dict[str, int] = {}
        for i, h in enumerate(header):
            where.setdefault(h.casefold(), i)
        missing = sorted(c for c in self.columns() if c.strip().casefold() not in where)
        if missing:
            raise AuditError(
                f"{name}:1: column(s) named in {self.source} not found: {', '.join(missing)}; "
                f"columns: {', '.join(header)}",
                name,
                1,
            )
        folded = [h.casefold() for h in header]
        dupes = sorted(c for c in self.columns() if folded.count(c.strip().casefold()) > 1)
        if dupes:
            raise AuditError(
                f"{name}:1: column(s) named in {self.source} found more than once: {', '.join(dupes)}",
                name,
                1,
            )
        return {c: where[c.strip().casefold()] for c in self.columns()}

    def rows(self, source: Source | Path, keep: Keep | None = None) -> Iterator[Row]:
        """Long-format rows from a wide CSV file: one per filled milestone date of each
        line (a line with none, or with the wrong number of cells, is one row with an
        ``error``). ``keep``, if given, is asked with each line's case id first."""
        src = as_source(source)
        if src.format == "jsonl":
            raise AuditError(
                f"{src.name}: a wide mapping reads CSV files and workbooks, not JSON Lines",
                src.name,
            )
        at: dict[str, int] = {}

        def case_id_at(head: Record) -> int:
            at.update(self._header(src, head.cells, head.error))
            return at[self.case_id]

        for rec in case_records(src, keep, case_id_at):
            if isinstance(rec, Row):
                yield rec
                continue
            line, cells = rec
            yield from self._events(src.name, line, {c: cells[i].strip() for c, i in at.items()})

    def _events(self, name: str, line: int, rec: Mapping[str, str]) -> Iterator[Row]:
        """The long-format rows of one wide line, ``rec`` its cells by mapped column."""
        base = {"case_id": rec[self.case_id]}
        rid = self.ruleset if self.ruleset else rec.get(self.ruleset_column or "", "")
        if rid:
            base["ruleset"] = rid
        for gname, col in self.groups.items():
            if rec[col]:
                base[gname] = rec[col]
        emitted = False
        for e in self.events:
            if not rec[e.date]:
                continue
            data = dict(base, event=e.event, date=rec[e.date])
            if e.time and rec[e.time]:
                data["time"] = rec[e.time]
            for fname, col in e.fields.items():
                value = col[1:] if col.startswith("=") else rec[col]
                if value:
                    data[fname] = value
            emitted = True
            yield Row(name, line, data)
        if not emitted:
            yield Row(name, line, base, "no milestone date in this row")

    def case_column(self, source: Source, header: list[str]) -> int | None:
        """Which of a CSV header's cells is the mapping's case id column (``None`` when
        the header lacks a column the mapping names)."""
        try:
            return self._header(source, header, None)[self.case_id]
        except AuditError:
            return None

    def group_columns(self, source: Source | Path) -> list[str] | None:
        """The names ``--group-by`` takes for a wide input: the mapping's group names."""
        return list(self.groups)

    def case_ids(self, source: Source | Path) -> Iterator[str | None]:
        """The case id of each row :meth:`rows` yields."""
        return (row.data.get("case_id") for row in self.rows(source))


_Bad = Callable[[Any, Any, str, str], None]


def _event_columns(data: Mapping[str, Any], bad: _Bad) -> list[EventColumns]:
    """The mapping's ``events``, each checked (every problem is given to ``bad``)."""
    events = data.get("events")
    parsed: list[EventColumns] = []
    if not isinstance(events, list) or not events:
        bad(data, "events", "events", "must be a non-empty list of {event, date, time?, fields?}")
    else:
        for i, e in enumerate(events):
            where = f"events[{i}]"
            if not isinstance(e, Mapping):
                bad(events, i, where, "must be a mapping with event and date")
                continue
            extra = sorted(set(e) - {"event", "date", "time", "fields"})
            if extra:
                bad(
                    events,
                    i,
                    where,
                    f"unknown key(s) {', '.join(extra)}; allowed: event, date, time, fields",
                )
            ok = True
            for key in ("event", "date"):
                if not (isinstance(e.get(key), str) and e[key].strip()):
                    bad(
                        e,
                        key if key in e else None,
                        f"{where}.{key}",
                        f"must be a non-empty string, got {e.get(key)!r}",
                    )
                    ok = False
            if "time" in e and not (isinstance(e["time"], str) and e["time"].strip()):
                bad(e, "time", f"{where}.time", f"must be a column name, got {e['time']!r}")
                ok = False
            fields = e.get("fields") or {}
            if not isinstance(fields, Mapping) or not all(
                isinstance(k, str) and isinstance(v, (str, bool, int)) for k, v in fields.items()
            ):
                bad(
                    e,
                    "fields",
                    f"{where}.fields",
                    "must map event fields to column names (or '=constant')",
                )
                ok = False
            if ok:
                parsed.append(
                    EventColumns(
                        e["event"],
                        e["date"],
                        e.get("time"),
                        {
                            k: (v if isinstance(v, str) else "=" + str(v).lower())
                            for k, v in fields.items()
                        },
                    )
                )
    return parsed


def load_mapping(path: str | os.PathLike[str]) -> WideMapping:
    """Read and check a mapping file; every problem is reported at once."""

    source = str(path)
    data = load_yaml_file(Path(path))
    issues: list[RuleSetIssue] = []

    def bad(container: Any, key: Any, where: str, message: str) -> None:
        issues.append(RuleSetIssue(source, line_of(container, key), where, message))

    if not isinstance(data, Mapping):
        raise RuleSetError(
            [RuleSetIssue(source, line_of(data), "", "a mapping file must be a mapping")]
        )
    allowed = {"format", "ruleset", "ruleset_column", "case_id", "date_format", "groups", "events"}
    for key in data:
        if key not in allowed:
            bad(data, key, str(key), f"unknown key; allowed: {', '.join(sorted(allowed))}")
    if data.get("format") != FORMAT:
        bad(data, "format", "format", f"must be {FORMAT!r}, got {data.get('format')!r}")
    if bool(data.get("ruleset")) == bool(data.get("ruleset_column")):
        bad(
            data,
            None,
            "ruleset",
            "give exactly one of ruleset (an id) and ruleset_column (a column)",
        )
    for key in ("ruleset", "ruleset_column", "case_id", "date_format"):
        if key in data and not (isinstance(data[key], str) and data[key].strip()):
            bad(data, key, key, f"must be a non-empty string, got {data[key]!r}")
    if "case_id" not in data:
        bad(data, None, "case_id", "missing required key 'case_id' (the case reference column)")
    groups = data.get("groups") or {}
    if not isinstance(groups, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in groups.items()
    ):
        bad(data, "groups", "groups", "must map group names to column names")
        groups = {}
    parsed = _event_columns(data, bad)
    if issues:
        raise RuleSetError(issues)
    return WideMapping(
        source=source,
        case_id=data["case_id"],
        events=tuple(parsed),
        ruleset=data.get("ruleset"),
        ruleset_column=data.get("ruleset_column"),
        date_format=data.get("date_format"),
        groups=dict(groups),
        lines={
            f"groups.{k}": line
            for k in groups
            if (line := line_of(data.get("groups"), k)) is not None
        },
    )
