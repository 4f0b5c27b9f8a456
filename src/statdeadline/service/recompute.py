"""Keeping the stored deadlines true when the bank holidays or a rule set change.

The work queue reads the running clocks stored with each case, written when the case
changes. A new bank holiday (new ``holidays`` data) or a new version of a rule set can
move a due date without any event: :func:`recompute` rebuilds every open (undeleted)
case of the rule sets whose *stamp* changed, stores its running clocks again, and records
each due date that moved (old and new, when and why) in ``deadline_changes``, where a case
worker can see why a date moved (``GET /cases/{id}`` lists them).

A rule set's stamp is its versions and the fingerprints of their calendars (which change
with any non-working day), under its own division and each it offers a case instead. ``statdeadline serve`` recomputes what changed before it
starts; ``statdeadline recompute`` does it on demand (``--all``: every case).
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any, NamedTuple

from ..engine.case import Case
from ..exceptions import StatDeadlineError
from ..rules.loader import versions_of
from .cases import ServiceError, ruleset, served_ids, store_deadlines
from .feeds import track
from .store import Store

__all__ = ["Moved", "recompute", "stamp"]


class Moved(NamedTuple):
    """A running clock whose due date a recomputation moved."""

    case_id: str
    clock: str
    instance: int
    old_due: str | None
    new_due: str | None


def stamp(ref: str) -> str:
    """What the stored deadlines of rule set ``ref`` depend on besides the events: its
    versions and their calendars, under its own division and under each division a case
    may choose instead (a case made with ``division: united-kingdom`` counts on the
    union's calendar, which a Scotland-only bank holiday changes and England's does
    not)."""
    rs = ruleset(ref)
    layouts = [rs] + [
        ruleset(ref, json.dumps({"conventions": {}, "division": d}))
        for d in rs.division_alternatives
    ]
    return json.dumps(
        [
            [v.version, v.calendar.fingerprint, v.local_calendar.fingerprint]
            for layout in layouts
            for v in versions_of(layout)
        ]
    )


def _changed(store: Store) -> dict[str, str]:
    """Rule set id -> new stamp, for those whose stamp is not the one stored."""
    with store.read() as tx:
        known = dict(tx.rows("SELECT key, value FROM meta WHERE key LIKE ?", ("stamp:%",)))
    return {r: s for r in served_ids() if known.get(f"stamp:{r}") != (s := stamp(r))}


def recompute(store: Store, everything: bool = False) -> tuple[int, list[Moved]]:
    """Recompute the stored running clocks of the open cases of every rule set whose
    stamp changed (all of them with ``everything``); the number of cases recomputed and
    the due dates that moved. Each case is its own transaction."""
    changed = _changed(store)
    refs = list(served_ids()) if everything else list(changed)
    moved: list[Moved] = []
    done = 0
    for ref in refs:
        with store.read() as tx:
            ids = [
                r[0]
                for r in tx.rows(
                    "SELECT case_id FROM cases WHERE ruleset = ? AND deleted_at IS NULL"
                    " ORDER BY case_id",
                    (ref,),
                )
            ]
        for cid in ids:
            got = _one(store, ref, cid, "bank holidays or rule set changed")
            if got is not None:
                done += 1
                moved += got
        with store.write() as tx:
            tx.run("DELETE FROM meta WHERE key = ?", (f"stamp:{ref}",))
            tx.run("INSERT INTO meta (key, value) VALUES (?, ?)", (f"stamp:{ref}", stamp(ref)))
    return done, moved


def _one(store: Store, ref: str, cid: str, reason: str) -> list[Moved] | None:
    """One case recomputed (``None`` if it is closed or gone, or its history no longer
    replays under the rule set: then its stored clocks are left as they were)."""
    with store.write() as tx:
        row = store.lock_case(tx, cid)
        if row is None or row[3] is not None:
            return None
        events = [
            json.loads(r[0])
            for r in tx.rows("SELECT data FROM events WHERE case_id = ? ORDER BY seq", (cid,))
        ]
        try:
            rs = ruleset(ref, row[4])
            case = Case.from_dict(rs, {"case_id": cid, "ruleset": rs.id, "events": events})
        except (StatDeadlineError, ServiceError):  # ServiceError: choices no longer offered
            return None
        old: dict[tuple[str, int], Any] = {
            (c, i): d
            for c, i, d in tx.rows(
                "SELECT clock, instance, due FROM deadlines WHERE case_id = ?", (cid,)
            )
        }
        if case.closed and not old:
            return None
        new = {
            (d.clock, d.instance): d.due.isoformat() if d.due else None
            for d in store_deadlines(tx, case, row[1], row[4])
        }
        track(tx, case, cid)
        now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        moved = [
            Moved(cid, clock, inst, old[(clock, inst)], due)
            for (clock, inst), due in sorted(new.items())
            if (clock, inst) in old and old[(clock, inst)] != due
        ]
        tx.run_many(
            "INSERT INTO deadline_changes (case_id, clock, instance, old_due, new_due, at, reason)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(m.case_id, m.clock, m.instance, m.old_due, m.new_due, now, reason) for m in moved],
        )
        return moved
