"""The subscribable calendars, read with the ``icalendar`` package: stable UIDs (the same
as ``case --format ics``), SEQUENCE raised when a due date moves or a deadline stops
running, STATUS:CANCELLED instead of dropping, the conditional delay notice only once it
applies, VALARM on request."""

from __future__ import annotations

import datetime as _dt
import uuid
from typing import Any

import pytest
from tests.service.server import Server

from statdeadline import Case, load_ruleset
from statdeadline.reports.ics import to_ics

# the test extra installs icalendar; without it these tests skip and say why
icalendar = pytest.importorskip(
    "icalendar", reason="icalendar (the test extra) reads the feeds back"
)

D = _dt.date


def _events(server: Server, path: str) -> dict[str, dict[str, Any]]:
    """SUMMARY -> (UID, SEQUENCE, STATUS, DTSTART, VALARM triggers) of a feed."""
    got = server.call("GET", path)
    assert (got.status, got.headers["content-type"]) == (200, "text/calendar; charset=utf-8")
    cal = icalendar.Calendar.from_ical(got.raw.decode())
    return {
        str(e["SUMMARY"]): {
            "uid": str(e["UID"]),
            "seq": int(e["SEQUENCE"]),
            "status": str(e["STATUS"]),
            "due": e["DTSTART"].dt,
            "alarms": [str(a["TRIGGER"].to_ical().decode()) for a in e.walk("VALARM")],
        }
        for e in cal.walk("VEVENT")
    }


def _post(server: Server, cid: str, event: dict[str, Any]) -> None:
    got = server.call("POST", f"/cases/{cid}/events", event)
    assert got.status == 201, got


def test_a_case_feed_through_a_moved_date_a_met_deadline_and_deletion(server: Server) -> None:
    """Sequence 0 when it appears; +1 when the extension moves the date; +1 and CANCELLED
    when met, while the next clock appears at 0; once the case is deleted, what still ran is
    CANCELLED (+1) and what was already cancelled stays as it was."""
    cid = f"ICS-{uuid.uuid4().hex[:6]}"
    team = f"team-{cid}"
    body = {"case_id": cid, "ruleset": "england-children-2006", "team": team,
            "events": [{"event": "received", "date": "2024-03-28"}]}  # fmt: skip
    assert server.call("POST", "/cases", body).status == 201
    path = f"/cases/{cid}/calendar.ics?as_of=2024-04-02"
    s1, w2 = (
        f"Stage 1 response - case {cid}",
        f"Complainant's window to ask for Stage 2 - case {cid}",
    )
    first = _events(server, path)
    assert {k: (v["seq"], v["status"], v["due"]) for k, v in first.items()} == {
        s1: (0, "CONFIRMED", D(2024, 4, 15))
    }
    library = Case(load_ruleset("england-children-2006"), cid)
    library.record("received", "2024-03-28")
    cli_uid = next(
        line.split(":", 1)[1]
        for line in to_ics(library.deadlines("2024-04-02")).splitlines()
        if line.startswith("UID:")
    )
    assert first[s1]["uid"] == cli_uid
    _post(server, cid, {"event": "extension", "date": "2024-04-10", "clock": "stage1_response",
                        "working_days": 5, "reason": "complex",
                        "agreed_with_complainant": True})  # fmt: skip
    moved = _events(server, path)
    assert (moved[s1]["seq"], moved[s1]["due"], moved[s1]["uid"]) == (1, D(2024, 4, 22), cli_uid)
    _post(server, cid, {"event": "stage1_response", "date": "2024-04-19"})
    met = _events(server, f"/cases/{cid}/calendar.ics?as_of=2024-04-20")
    assert {k: (v["seq"], v["status"]) for k, v in met.items()} == {
        s1: (2, "CANCELLED"),
        w2: (0, "CONFIRMED"),
    }
    assert sorted(_events(server, f"/calendar.ics?team={team}&as_of=2024-04-20")) == [w2, s1]
    assert server.call("DELETE", f"/cases/{cid}").status == 200
    gone = _events(server, f"/cases/{cid}/calendar.ics")
    assert sorted((v["uid"] == cli_uid, v["seq"], v["status"]) for v in gone.values()) == [
        (False, 1, "CANCELLED"),
        (True, 2, "CANCELLED"),  # already cancelled when met: unchanged
    ]


def test_the_delay_notice_appears_only_once_it_applies(server: Server) -> None:
    """England adults: the delay notice is owed only if the six-month backstop (Fri 27
    September 2024) passes without a response, so it is in the feed only once it is owed,
    on the day it is owed from (Sat 28 September), and not the day before."""
    cid = f"ADL-{uuid.uuid4().hex[:6]}"
    body = {"case_id": cid, "ruleset": "england-adults-2009",
            "events": [{"event": "received", "date": "2024-03-28"}]}  # fmt: skip
    assert server.call("POST", "/cases", body).status == 201
    early = _events(server, f"/cases/{cid}/calendar.ics?as_of=2024-09-27")
    late = _events(server, f"/cases/{cid}/calendar.ics?as_of=2024-09-30")
    notice = [k for k in late if k.startswith("Written explanation of the delay")]
    assert (len(notice), [k for k in early if k in notice]) == (1, [])
    assert (late[notice[0]]["due"], late[notice[0]]["status"]) == (
        _dt.date(2024, 9, 28),
        "CONFIRMED",
    )


def test_alarm_adds_a_reminder_to_running_deadlines(server: Server) -> None:
    """?alarm=2: a VALARM two days before; a bad value is 400."""
    cid = f"ALM-{uuid.uuid4().hex[:6]}"
    body = {"case_id": cid, "ruleset": "england-children-2006",
            "events": [{"event": "received", "date": "2024-03-28"}]}  # fmt: skip
    assert server.call("POST", "/cases", body).status == 201
    got = _events(server, f"/cases/{cid}/calendar.ics?as_of=2024-04-02&alarm=2")
    assert [v["alarms"] for v in got.values()] == [["-P2D"]]
    bad = server.call("GET", f"/cases/{cid}/calendar.ics?alarm=soon")
    assert (bad.status, bad.json["error"]) == (
        400,
        "alarm: expected a number of days 0-60, got 'soon'",
    )
    assert server.call("GET", "/cases/nobody/calendar.ics").status == 404


def test_a_feed_takes_a_read_only_token_from_its_url(server: Server) -> None:
    """?token= for calendar programs that send no header: a read-only token only, and
    only for a feed."""
    reader = server.make_token(f"cal-{uuid.uuid4().hex[:6]}", read_only=True)
    got = server.call("GET", f"/calendar.ics?token={reader}", token=None)
    assert (got.status, got.headers["content-type"]) == (200, "text/calendar; charset=utf-8")
    elsewhere = server.call("GET", f"/deadlines?token={reader}", token=None)
    unknown = server.call("GET", "/calendar.ics?token=not-a-token", token=None)
    assert (elsewhere.status, unknown.status) == (401, 401)


def test_a_token_that_may_write_is_refused_in_a_url_saying_why(server: Server) -> None:
    """A valid token that may write, given as ?token=, is known but not allowed in a URL
    (URLs end up in logs and calendar settings): 403 saying so, not 401 "a valid API
    token is required"."""
    writer = server.call("GET", f"/calendar.ics?token={server.token}", token=None)
    assert (writer.status, writer.json["error"]) == (
        403,
        "token 'tests' may write, so it is not taken from a URL (?token=); give a "
        "read-only token there (statdeadline token create --read-only), or this one as "
        "Authorization: Bearer TOKEN",
    )


def test_a_due_date_past_the_horizon_carries_its_warning(server: Server) -> None:
    """Received on the first Monday on or after 21 December of the last authoritative
    year H (``/health``'s bank_holidays_until): 10 working days from it cross Christmas
    and New Year into January of H+1, past the horizon, so the feed's event carries the
    warning the case's JSON gives, as X-STATDEADLINE-WARNING and in DESCRIPTION. A case
    received on 1 March of H has none."""
    horizon = server.call("GET", "/health").json["bank_holidays_until"]
    late = _dt.date(horizon, 12, 21)
    late += _dt.timedelta(days=(7 - late.weekday()) % 7)
    found = {}
    for received in (late, _dt.date(horizon, 3, 1)):
        cid = f"W-{uuid.uuid4().hex[:8]}"
        body = {
            "case_id": cid,
            "ruleset": "england-children-2006",
            "events": [{"event": "received", "date": received.isoformat()}],
        }
        made = server.call("POST", f"/cases?as_of={received}", body).json
        got = server.call("GET", f"/cases/{cid}/calendar.ics?as_of={received}")
        (event,) = [
            c
            for c in icalendar.Calendar.from_ical(got.raw.decode()).walk("VEVENT")
            if "stage1_response" in str(c.get("DESCRIPTION"))
        ]
        messages = [w["message"] for w in made["warnings"] if w["clock"] == "stage1_response"]
        prop = event.get("X-STATDEADLINE-WARNING")
        found[received] = (
            messages,
            None if prop is None else str(prop),
            str(event.get("DESCRIPTION")),
        )
    (message,), prop, description = found[late]
    assert (prop, description.endswith(f"\nWarning: {message}")) == (message, True)
    assert found[_dt.date(horizon, 3, 1)][:2] == ([], None)
