"""``GET /deadlines``, the work queue, over HTTP: what the library's ``upcoming`` gives
for the same cases, filtered, ordered and paged."""

from __future__ import annotations

from typing import Any

import pytest
from tests.service.server import Server

from statdeadline import Case, load_ruleset, upcoming

CHILDREN = "england-children-2006"
AS_OF = "2024-04-10"

#: case id -> (team, events)
CASES: dict[str, tuple[str, list[dict[str, Any]]]] = {
    "A": ("north", [{"event": "received", "date": "2024-03-01"}]),
    "B": ("south", [{"event": "received", "date": "2024-03-28"}]),
    "C": ("north", [{"event": "received", "date": "2024-04-08"}]),
    "D": (
        "north",
        [{"event": "received", "date": "2024-03-01"}, {"event": "withdrawn", "date": "2024-04-01"}],
    ),
    "E": (
        "south",
        [
            {"event": "received", "date": "2024-03-04"},
            {
                "event": "pause",
                "date": "2024-03-05",
                "clock": "stage1_response",
                "reason": "consent",
            },
        ],
    ),
    "F": ("north", [{"event": "received", "date": "2024-03-02"}]),
}


@pytest.fixture(scope="module")
def queue_server(server: Server) -> Server:
    """The module's server with the cases above; F deleted."""
    for cid, (team, events) in CASES.items():
        got = server.call(
            "POST", "/cases", {"case_id": cid, "ruleset": CHILDREN, "team": team, "events": events}
        )
        assert got.status == 201, got
    assert server.call("DELETE", "/cases/F").status == 200
    return server


def _library(*ids: str) -> list[tuple[Any, ...]]:
    cases = []
    for cid in ids:
        case = Case(load_ruleset(CHILDREN), cid)
        for e in CASES[cid][1]:
            fields = {k: v for k, v in e.items() if k not in ("event", "date")}
            case.record(e["event"], e["date"], **fields)
        cases.append(case)
    return [
        (e.case_id, e.clock, e.due and e.due.isoformat(), e.status, e.days_remaining)
        for e in upcoming(cases, AS_OF)
    ]


def _items(server: Server, query: str) -> list[tuple[Any, ...]]:
    got = server.call("GET", f"/deadlines?as_of={AS_OF}&{query}")
    assert got.status == 200, got
    return [
        (i["case_id"], i["clock"], i["due"], i["status"], i["days_remaining"])
        for i in got.json["items"]
    ]


def test_the_queue_is_the_librarys_upcoming(queue_server: Server) -> None:
    """Every running clock of the undeleted cases, by due date; the withdrawn case (its
    clock ended overdue) and the deleted one are not in it."""
    assert _items(queue_server, "") == _library("A", "B", "C", "D", "E")
    assert [c for c, *_ in _items(queue_server, "")] == ["A", "E", "B", "C"]


def test_status_team_ruleset_and_due_before_narrow_it(queue_server: Server) -> None:
    """Each filter alone, and two together."""
    assert [c for c, *_ in _items(queue_server, "status=overdue")] == ["A"]
    assert [c for c, *_ in _items(queue_server, "status=due_soon,pending")] == ["E", "B", "C"]
    assert [c for c, *_ in _items(queue_server, "team=south")] == ["E", "B"]
    assert [c for c, *_ in _items(queue_server, "due_before=2024-04-15")] == ["A", "E", "B"]
    assert [c for c, *_ in _items(queue_server, "team=north&status=pending")] == ["C"]
    assert _items(queue_server, "ruleset=england-adults-2009") == []


def test_the_queue_is_paged(queue_server: Server) -> None:
    """limit and offset; next_offset until the last page; the pages make the whole."""
    first = queue_server.call("GET", f"/deadlines?as_of={AS_OF}&limit=3").json
    second = queue_server.call("GET", f"/deadlines?as_of={AS_OF}&limit=3&offset=3").json
    assert (first["next_offset"], second["next_offset"]) == (3, None)
    ids = [i["case_id"] for i in first["items"] + second["items"]]
    assert ids == ["A", "E", "B", "C"]


def test_an_item_has_days_remaining_team_and_paused(queue_server: Server) -> None:
    """One item whole, and it conforms to the OpenAPI schema."""
    page = queue_server.call("GET", f"/deadlines?as_of={AS_OF}&team=south").json
    assert page["items"][1] == {
        "case_id": "B",
        "ruleset": CHILDREN,
        "team": "south",
        "clock": "stage1_response",
        "label": "Stage 1 response",
        "kind": "statutory",
        "instance": 1,
        "start": "2024-03-28",
        "due": "2024-04-15",
        "status": "due_soon",
        "days_remaining": 5,
        "working_days_remaining": 3,
        "paused": False,
        "level": None,
        "warnings": [],
    }
    assert page["items"][0]["paused"] is True


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("status=late", "status: expected some of overdue, expired, due_soon, pending, got late"),
        ("limit=5000", "limit: expected a whole number 0-1000, got '5000'"),
        (
            "due_before=May",
            "due_before: expected a date, a datetime, or an ISO 8601 date 'YYYY-MM-DD' or timestamp 'YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]', got 'May'",
        ),
    ],
)
def test_bad_queue_parameters_are_400(queue_server: Server, query: str, error: str) -> None:
    """Each names the parameter and what it expects."""
    got = queue_server.call("GET", f"/deadlines?{query}")
    assert (got.status, got.json["error"]) == (400, error)


def test_an_expired_window_is_not_in_the_default_queue(server: Server) -> None:
    """A 2024 case answered at Stage 1 on 5 April: the complainant's window to ask for
    Stage 2 was due 3 May 2024 and has expired by 1 July 2025. The default queue leaves it
    out (it is no work for the council); ``status=expired`` still lists it, at
    2024-05-03 - 2025-07-01 = -424 days."""
    events = [
        {"event": "received", "date": "2024-03-28"},
        {"event": "stage1_response", "date": "2024-04-05"},
    ]
    body = {"case_id": "X-EXPIRED", "ruleset": CHILDREN, "team": "expiry", "events": events}
    assert server.call("POST", "/cases", body).status == 201
    default = server.call("GET", "/deadlines?team=expiry&as_of=2025-07-01").json
    asked = server.call("GET", "/deadlines?team=expiry&as_of=2025-07-01&status=expired").json
    assert default["items"] == []
    got = [(i["clock"], i["status"], i["days_remaining"]) for i in asked["items"]]
    assert got == [("stage2_request_window", "expired", -424)]
