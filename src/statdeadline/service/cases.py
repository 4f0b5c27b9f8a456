"""What each endpoint does with the store and the library: no HTTP here, only data in and
data out, and a :class:`ServiceError` carrying the status a refusal is answered with.

Every write is one transaction (see :mod:`statdeadline.service.store`): the case is
locked, rebuilt from its stored events with :meth:`Case.from_dict`, the new event is
recorded by :meth:`Case.record` (which changes nothing if it refuses), and only then are
the event, the new version, the clocks still running and the audit row written. A refusal
raises before anything is written, so nothing is stored.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..calendar import WorkingDayCalendar, parse_date
from ..engine.case import Case
from ..engine.queue import OpenDeadline, open_deadlines
from ..engine.stored import case_choices, choice_issues, load_for_case
from ..exceptions import (
    CaseError,
    InvalidArgumentError,
    RuleSetError,
    StatDeadlineError,
    TransitionNotAllowed,
)
from ..rules.bundled import rules_in
from ..rules.loader import list_bundled, load_ruleset, rules_folders
from ..rules.model import RuleSet
from .feeds import track
from .horizon import case_warnings
from .idempotency import Idem, KeyReused, remember, replayed
from .store import Store, Tx
from .tokens import Caller

__all__ = [
    "ServiceError",
    "add_event",
    "calendar_of",
    "choices_of",
    "choices_view",
    "create_case",
    "delete_case",
    "get_case",
    "rebuild",
    "refusal",
    "retrying",
    "rules_dirs",
    "ruleset",
    "serve_rules",
    "served_ids",
    "store_deadlines",
]

Result = tuple[int, dict[str, Any]]


class ServiceError(Exception):
    """A request refused: the HTTP status and the JSON body to answer with."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"error": message, **extra}


def refusal(exc: StatDeadlineError) -> ServiceError:
    """The library's error as a 422 with its structured fields (event, state, allowed
    events, field), each ``null`` where the error has none."""
    body: dict[str, Any] = {"event": None, "state": None, "allowed": None, "field": None}
    if isinstance(exc, CaseError):
        body.update(event=exc.event, state=exc.state, field=exc.field)
    if isinstance(exc, TransitionNotAllowed):
        body["allowed"] = list(exc.allowed)
    if isinstance(exc, InvalidArgumentError):
        body["field"] = "date" if exc.argument == "on" else exc.argument
    return ServiceError(422, str(exc), **body)


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds")


_rules_dirs: tuple[str, ...] = ()


def serve_rules(dirs: Sequence[str]) -> None:
    """Serve the rule sets of the rules folders ``dirs`` (``serve --rules DIR``, the
    meaning of the CLI's ``--rules``: a council's own rule sets and overlays) besides the
    bundled ones; ``()`` for the bundled ones alone."""
    global _rules_dirs
    folders = rules_folders(dirs)
    if folders != _rules_dirs:
        _rules_dirs = folders
        served_ids.cache_clear()
        ruleset.cache_clear()
        calendar_of.cache_clear()


def rules_dirs() -> tuple[str, ...]:
    """The rules folders served besides the bundled rule sets (:func:`serve_rules`)."""
    return _rules_dirs


@functools.cache
def served_ids() -> tuple[str, ...]:
    """The rule sets the service serves: the bundled ones and those of its rules folders
    (a request can name only these, never a file), sorted."""
    ids = set(list_bundled())
    for d in _rules_dirs:
        ids.update(rules_in(Path(d)))
    return tuple(sorted(ids))


def choices_of(body: Mapping[str, Any]) -> str | None:
    """The council's choices in a ``POST /cases`` body (``conventions``: name -> value,
    ``division``), as stored with the case: canonical JSON, or ``None`` for the rule
    set's own. Their form is checked by the library's
    :func:`~statdeadline.engine.stored.case_choices` (the check a case file's choices
    get), a wrong one answered 400 with its message and ``field``; whether the rule set
    allows them is :func:`ruleset`'s to say."""
    try:
        conventions, division = case_choices(body)
    except CaseError as exc:
        raise ServiceError(400, str(exc), field=exc.field) from None
    if not conventions and division is None:
        return None
    return json.dumps(
        {"conventions": dict(sorted(conventions.items())), "division": division},
        sort_keys=True,
    )


def choices_view(choices: str | None) -> dict[str, Any]:
    """``{"conventions": {...}, "division": ...}``: the choices a case was made with, as
    ``POST /cases`` took them (``{}`` and ``null`` where it took none)."""
    if choices is None:
        return {"conventions": {}, "division": None}
    got = json.loads(choices)
    return {"conventions": got["conventions"], "division": got["division"]}


@functools.lru_cache(maxsize=1024)
def ruleset(ref: str, choices: str | None = None) -> RuleSet:
    """The served rule set ``ref`` (loaded once), under the council's ``choices`` (see
    :func:`choices_of`); 404 for any other name, 422 for choices the rule set does not
    offer (each naming its key: ``conventions.NAME`` or ``division``)."""
    if ref not in served_ids():
        raise ServiceError(404, f"no rule set {ref!r}; the service has: {', '.join(served_ids())}")
    if choices is None:
        return load_ruleset(ref, rules_dirs=_rules_dirs)
    try:
        return load_for_case(choices_view(choices), ref, rules_dirs=_rules_dirs)
    except RuleSetError as exc:
        refused = choice_issues(exc) or [(i.path, i.message) for i in exc.issues]
        raise ServiceError(
            422,
            "; ".join(f"{k}: {m}" for k, m in refused),
            event=None,
            state=None,
            allowed=None,
            field=refused[0][0] if refused else None,
        ) from None


@functools.lru_cache(maxsize=4096)
def calendar_of(ref: str, clock: str, choices: str | None = None) -> WorkingDayCalendar:
    """The calendar ``clock`` of the served rule set ``ref`` counts in (under the
    case's ``choices``: a division changes it)."""
    rs = ruleset(ref, choices)
    found = rs.clocks.get(clock)
    return rs.calendar if found is None else rs.calendar_for(found)


def as_of_date(text: str | None) -> _dt.date:
    """The ``as_of`` query parameter (default today); 400 if it is no date."""
    if text is None:
        return _dt.date.today()
    try:
        return parse_date(text, "as_of")
    except InvalidArgumentError as exc:
        raise ServiceError(400, str(exc), field="as_of") from None


def rebuild(
    rs_id: str, case_id: str, events: list[dict[str, Any]], choices: str | None = None
) -> Case:
    """A stored case rebuilt from its events, under the choices it was made with."""
    rs = ruleset(rs_id, choices)
    return Case.from_dict(rs, {"case_id": case_id, "ruleset": rs.id, "events": events})


def _view(
    case: Case, team: str | None, version: int, as_of: _dt.date, choices: str | None
) -> dict[str, Any]:
    """A case in the shape of ``Case.to_dict`` plus its choices, version, state and
    deadlines at ``as_of``."""
    try:
        ds = case.deadlines(as_of)
    except StatDeadlineError as exc:
        raise refusal(exc) from None
    return {
        **case.to_dict(),
        **choices_view(choices),
        "team": team,
        "version": version,
        "state": ds.state,
        "closed": case.closed,
        "as_of": as_of.isoformat(),
        "deadlines": [d.to_dict() for d in ds],
        "warnings": [w.to_dict() for w in ds.warnings] + case_warnings(case, ds),
    }


def _events(tx: Tx, case_id: str) -> list[dict[str, Any]]:
    rows = tx.rows("SELECT data FROM events WHERE case_id = ? ORDER BY seq", (case_id,))
    return [json.loads(r[0]) for r in rows]


def _live(row: tuple[Any, ...] | None, case_id: str) -> tuple[Any, ...]:
    if row is None:
        raise ServiceError(404, f"no case {case_id!r}")
    if row[3] is not None:
        raise ServiceError(404, f"case {case_id!r} was deleted at {row[3]}")
    return row


def _check_version(if_match: str | None, case_id: str, version: int) -> None:
    """412 unless ``If-Match`` is absent, ``*`` or names ``version`` (quoted or not)."""
    if if_match is None or if_match.strip() == "*":
        return
    given = [t.strip().removeprefix("W/").strip('"') for t in if_match.split(",")]
    if str(version) not in given:
        raise ServiceError(
            412,
            f"case {case_id!r} is at version {version}, not {if_match.strip()}",
            version=version,
        )


def _write_case(
    tx: Tx,
    caller: Caller,
    case: Case,
    team: str | None,
    choices: str | None,
    version: int,
    new: list[dict[str, Any]],
) -> None:
    """The rows of a case changed by ``new`` events (already recorded in ``case``)."""
    now, cid = _now(), case.case_id
    first = len(case.events) - len(new)
    tx.run_many(
        "INSERT INTO events (case_id, seq, data, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?)",
        [(cid, first + i, json.dumps(e), now, caller.name) for i, e in enumerate(new)],
    )
    tx.run(
        "UPDATE cases SET state = ?, version = ?, ruleset_version = ? WHERE case_id = ?",
        (case.state, version, case.ruleset.version, cid),
    )
    tx.run(
        "INSERT INTO versions (case_id, version, state, events, written_at, written_by)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (cid, version, case.state, len(case.events), now, caller.name),
    )
    store_deadlines(tx, case, team, choices)
    track(tx, case, cid or "")  # a stored case always has its id


def store_deadlines(
    tx: Tx, case: Case, team: str | None, choices: str | None
) -> list[OpenDeadline]:
    """Replace the case's stored running clocks with those after its last event (kept
    with the case's ``choices``); returns them."""
    tx.run("DELETE FROM deadlines WHERE case_id = ?", (case.case_id,))
    try:
        running = open_deadlines(case)
    except StatDeadlineError as exc:
        raise refusal(exc) from None
    tx.run_many(
        "INSERT INTO deadlines (case_id, idx, ruleset, team, clock, label, kind, instance,"
        " start, due, paused, level, lapses_as, due_soon, choices)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                case.case_id,
                i,
                d.ruleset,
                team,
                d.clock,
                d.label,
                d.kind,
                d.instance,
                d.start.isoformat(),
                d.due.isoformat() if d.due else None,
                int(d.paused),
                d.level,
                d.lapses_as,
                d.due_soon_working_days,
                choices,
            )
            for i, d in enumerate(running)
        ],
    )
    return running


def audit(tx: Tx, caller: Caller, action: str, case_id: str | None, detail: Any) -> None:
    """A row of the audit trail: who wrote what."""
    tx.run(
        "INSERT INTO audit_trail (at, token, action, case_id, detail) VALUES (?, ?, ?, ?, ?)",
        (_now(), caller.name, action, case_id, json.dumps(detail)),
    )


def _text(body: Mapping[str, Any], name: str, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        found = "nothing" if value is None else json.dumps(value)
        raise ServiceError(400, f"{name}: expected a non-empty string, got {found}", field=name)
    return value


def create_case(
    store: Store, caller: Caller, body: Mapping[str, Any], as_of: _dt.date, idem: Idem | None
) -> Result:
    """``POST /cases``: ``{case_id, ruleset, team?, conventions?, division?, events?}``
    -> 201 and the case."""
    cid = _text(body, "case_id")
    rs_id = _text(body, "ruleset")
    team = _text(body, "team", required=False)
    events = body.get("events", [])
    assert cid is not None and rs_id is not None
    if len(cid) > 200 or "/" in cid or not cid.isprintable():
        raise ServiceError(
            400,
            f"case_id: expected at most 200 printable characters and no '/', got {json.dumps(cid)[:80]}",
            field="case_id",
        )
    if not isinstance(events, list):
        raise ServiceError(
            400, f"events: expected a list, got {json.dumps(events)}", field="events"
        )
    choices = choices_of(body)
    ruleset(rs_id, choices)
    try:
        case = rebuild(rs_id, cid, events, choices)
    except StatDeadlineError as exc:
        raise refusal(exc) from None
    stored = [e.to_dict() for e in case.events]
    with store.write() as tx:
        replay = _replayed(tx, idem)
        if replay is not None:
            return replay
        if tx.one("SELECT 1 FROM cases WHERE case_id = ?", (cid,)) is not None:
            raise ServiceError(409, f"case {cid!r} exists")
        tx.run(
            "INSERT INTO cases (case_id, ruleset, ruleset_version, team, state, version,"
            " created_at, created_by, choices) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (cid, rs_id, case.ruleset.version, team, case.state, 1, _now(), caller.name, choices),
        )
        _write_case(tx, caller, case, team, choices, 1, stored)
        detail = {"ruleset": rs_id, "team": team, **choices_view(choices), "events": stored}
        audit(tx, caller, "case_create", cid, detail)
        return remember(tx, idem, (201, _view(case, team, 1, as_of, choices)))


def get_case(store: Store, case_id: str, as_of: _dt.date) -> Result:
    """``GET /cases/{id}``: the case and its deadlines at ``as_of``."""
    with store.read() as tx:
        rs_id, team, version, _, choices = _live(
            tx.one(
                "SELECT ruleset, team, version, deleted_at, choices FROM cases WHERE case_id = ?",
                (case_id,),
            ),
            case_id,
        )
        events = _events(tx, case_id)
        changes = tx.rows(
            "SELECT clock, instance, old_due, new_due, at, reason FROM deadline_changes"
            " WHERE case_id = ? ORDER BY id",
            (case_id,),
        )
    out = _view(rebuild(rs_id, case_id, events, choices), team, version, as_of, choices)
    out["deadline_changes"] = [
        dict(zip(("clock", "instance", "old_due", "new_due", "at", "reason"), c, strict=True))
        for c in changes
    ]
    return 200, out


def add_event(
    store: Store,
    caller: Caller,
    case_id: str,
    body: Mapping[str, Any],
    if_match: str | None,
    as_of: _dt.date,
    idem: Idem | None,
) -> Result:
    """``POST /cases/{id}/events``: ``{event, date, time?, field: value...}`` -> 201, the
    case with its new deadlines; 422 (nothing stored) if the rule set refuses it."""
    event = _text(body, "event")
    date = _text(body, "date")
    time = body.get("time")
    fields = {k: v for k, v in body.items() if k not in ("event", "date", "time")}
    if "on" in fields:
        raise ServiceError(422, f"unknown field 'on' for event {event!r}", event=event, field="on")
    with store.write() as tx:
        rs_id, team, version, _, choices = _live(store.lock_case(tx, case_id), case_id)
        replay = _replayed(tx, idem)
        if replay is not None:
            return replay
        _check_version(if_match, case_id, version)
        case = rebuild(rs_id, case_id, _events(tx, case_id), choices)
        try:
            ev = case.record(event, date, time=time, **fields)  # type: ignore[arg-type]
        except StatDeadlineError as exc:
            raise refusal(exc) from None
        stored = ev.to_dict()
        _write_case(tx, caller, case, team, choices, version + 1, [stored])
        audit(tx, caller, "event", case_id, stored)
        out = _view(case, team, version + 1, as_of, choices)
        out["recorded"] = stored
        return remember(tx, idem, (201, out))


def delete_case(store: Store, caller: Caller, case_id: str, if_match: str | None) -> Result:
    """``DELETE /cases/{id}``: a soft delete (the events stay), audited; the case leaves
    the work queue."""
    with store.write() as tx:
        version = _live(store.lock_case(tx, case_id), case_id)[2]
        _check_version(if_match, case_id, version)
        now = _now()
        tx.run(
            "UPDATE cases SET deleted_at = ?, deleted_by = ? WHERE case_id = ?",
            (now, caller.name, case_id),
        )
        tx.run("DELETE FROM deadlines WHERE case_id = ?", (case_id,))
        track(tx, None, case_id)
        audit(tx, caller, "case_delete", case_id, {"version": version})
    return 200, {"case_id": case_id, "deleted": True, "deleted_at": now, "version": version}


def _replayed(tx: Tx, idem: Idem | None) -> Result | None:
    """The answer once given for ``idem``, or ``None``; 422 for a key reused for another
    request (see :mod:`statdeadline.service.idempotency`)."""
    try:
        return replayed(tx, idem)
    except KeyReused as exc:
        raise ServiceError(422, str(exc), field="Idempotency-Key") from None


def retrying(store: Store, work: Callable[[], Result]) -> Result:
    """``work()``, once more if a uniqueness constraint broke (a concurrent request made
    the same case, or used the same ``Idempotency-Key``: the second try sees it)."""
    try:
        return work()
    except store.integrity_error:
        return work()
