"""``GET /deadlines``: the work queue, read from the stored running clocks.

The store keeps, for every case, the clocks still running after its last event (see
:func:`statdeadline.engine.queue.open_deadlines`); their status at ``as_of`` is given by
:func:`statdeadline.engine.queue.upcoming`, so the queue needs no case replayed. Rows are
read in due order (no due date last) in batches, narrowed in SQL by what can be told
from the row alone (team, rule set, due before, overdue or not), and pages are counted
over the rows whose status is wanted.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from typing import Any

from ..calendar import parse_date
from ..engine.queue import DEFAULT_STATUSES, QUEUE_STATUSES, OpenDeadline, QueueEntry, upcoming
from ..exceptions import InvalidArgumentError
from .cases import ServiceError, calendar_of
from .horizon import date_warnings
from .store import Store

__all__ = ["MAX_LIMIT", "work_queue"]

MAX_LIMIT = 1000
_BATCH = 500
_COLUMNS = (
    "case_id, ruleset, clock, label, kind, instance, start, due, paused, level, lapses_as,"
    " due_soon, team, choices"
)


def _date(name: str, text: str | None) -> _dt.date | None:
    if text is None:
        return None
    try:
        return parse_date(text, name)
    except InvalidArgumentError as exc:
        raise ServiceError(400, str(exc), field=name) from None


def _int(name: str, text: str | None, default: int, top: int) -> int:
    if text is None:
        return default
    if not text.isdigit() or int(text) > top:
        raise ServiceError(
            400, f"{name}: expected a whole number 0-{top}, got {text!r}", field=name
        )
    return int(text)


def _rows(
    store: Store, where: list[str], params: list[Any], null_due: bool
) -> Iterator[tuple[Any, ...]]:
    """The stored rows matching ``where``, in queue order, read in batches (keyset)."""
    due_part = "due IS NULL" if null_due else "due IS NOT NULL"
    after: tuple[Any, ...] | None = None
    while True:
        cond = [due_part, *where]
        args = list(params)
        if after is not None:
            cond.append(
                "(due, case_id, clock, instance) > (?, ?, ?, ?)"
                if not null_due
                else "(case_id, clock, instance) > (?, ?, ?)"
            )
            args += list(after)
        sql = (
            f"SELECT {_COLUMNS} FROM deadlines WHERE {' AND '.join(cond)}"
            f" ORDER BY due, case_id, clock, instance LIMIT {_BATCH}"
        )
        with store.read() as tx:
            batch = tx.rows(sql, args)
        yield from batch
        if len(batch) < _BATCH:
            return
        last = batch[-1]
        after = (
            (last[7], last[0], last[2], last[5]) if not null_due else (last[0], last[2], last[5])
        )


def _record(row: tuple[Any, ...]) -> OpenDeadline:
    case_id, rs, clock, label, kind, inst, start, due, paused, level, lapses, soon, _, choices = row
    return OpenDeadline(
        case_id,
        rs,
        clock,
        label,
        kind,
        inst,
        _dt.date.fromisoformat(start),
        _dt.date.fromisoformat(due) if due else None,
        bool(paused),
        level,
        lapses,
        soon,
        calendar_of(rs, clock, choices),
    )


def _item(e: QueueEntry, team: str | None, choices: str | None) -> dict[str, Any]:
    calendar = calendar_of(e.ruleset, e.clock, choices)
    return {
        "case_id": e.case_id,
        "ruleset": e.ruleset,
        "team": team,
        "clock": e.clock,
        "label": e.label,
        "kind": e.kind,
        "instance": e.instance,
        "start": e.start.isoformat(),
        "due": e.due.isoformat() if e.due else None,
        "status": e.status,
        "days_remaining": e.days_remaining,
        "working_days_remaining": e.working_days_remaining,
        "paused": e.paused,
        "level": e.level,
        "warnings": date_warnings(calendar, e.clock, e.instance, (e.due,)),
    }


def work_queue(store: Store, query: dict[str, str]) -> dict[str, Any]:
    """The queue page ``query`` asks for: ``status`` (comma-separated, of
    overdue, expired, due_soon, pending; default all but expired), ``due_before`` (inclusive), ``team``,
    ``ruleset``, ``as_of`` (default today), ``limit`` (default 100) and ``offset``."""
    as_of = _date("as_of", query.get("as_of")) or _dt.date.today()
    due_before = _date("due_before", query.get("due_before"))
    limit = _int("limit", query.get("limit"), 100, MAX_LIMIT)
    offset = _int("offset", query.get("offset"), 0, 10**9)
    wanted: set[str] = set(DEFAULT_STATUSES)
    if query.get("status"):
        wanted = set(query["status"].split(","))
        if not wanted <= set(QUEUE_STATUSES):
            bad = ", ".join(sorted(wanted - set(QUEUE_STATUSES)))
            raise ServiceError(
                400,
                f"status: expected some of {', '.join(QUEUE_STATUSES)}, got {bad}",
                field="status",
            )
    where: list[str] = []
    params: list[Any] = []
    for name in ("team", "ruleset"):
        if query.get(name):
            where.append(f"{name} = ?")
            params.append(query[name])
    dated, dated_params = list(where), list(params)
    if due_before is not None:
        dated.append("due <= ?")
        dated_params.append(due_before.isoformat())
    if not wanted & {"pending", "due_soon"}:  # only past due: nothing due from as_of on
        dated += ["due < ?", "paused = 0"]
        dated_params.append(as_of.isoformat())
    elif not wanted & {"overdue", "expired"}:
        dated.append("(due >= ? OR paused = 1)")
        dated_params.append(as_of.isoformat())
    if "expired" not in wanted:  # a lapsed window (not paused, past due) is not read
        dated.append("NOT (lapses_as = 'expired' AND due < ? AND paused = 0)")
        dated_params.append(as_of.isoformat())
    sources = [False] if due_before is not None or "pending" not in wanted else [False, True]
    items: list[dict[str, Any]] = []
    skipped, more = 0, False
    for null_due in sources:
        found = (
            _rows(store, where, params, True)
            if null_due
            else _rows(store, dated, dated_params, False)
        )
        for row in found:
            got = upcoming([_record(row)], as_of, statuses=wanted)
            if not got:
                continue
            if skipped < offset:
                skipped += 1
            elif len(items) < limit:
                items.append(_item(got[0], row[12], row[13]))
            else:
                more = True
                break
        if more:
            break
    return {
        "as_of": as_of.isoformat(),
        "offset": offset,
        "limit": limit,
        "next_offset": offset + limit if more else None,
        "items": items,
    }
