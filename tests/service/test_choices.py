"""A council's choices on a case, over HTTP to a real server: ``POST /cases`` takes the
rule set's conventions and division (those the CLI's ``--convention`` and ``--division``
and :func:`statdeadline.load_ruleset` take), stores them with the case, applies them on
every recomputation (an event, ``statdeadline recompute``) and echoes them in
``GET /cases/{id}``; choices the rule set does not offer are refused, naming the key."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from tests.cli_support import run
from tests.service.server import Server

CHILDREN = "england-children-2006"
RECEIVED = [{"event": "received", "date": "2024-03-28"}]
DEEMED = {"receipt": "deemed_next_working_day"}


def _make(server: Server, **more: Any) -> tuple[str, str, Any]:
    cid, team = f"K-{uuid.uuid4().hex[:8]}", f"t-{uuid.uuid4().hex[:8]}"
    body = {"case_id": cid, "ruleset": CHILDREN, "team": team, "events": RECEIVED, **more}
    got = server.call("POST", "/cases?as_of=2024-04-02", body)
    assert got.status == 201, got
    return cid, team, got.json


def _due(case: Any, clock: str) -> str:
    return next(d["due"] for d in case["deadlines"] if d["clock"] == clock)


def _queue(server: Server, team: str) -> list[tuple[str, str]]:
    page = server.call("GET", f"/deadlines?team={team}&as_of=2024-04-02").json
    return [(i["clock"], i["due"]) for i in page["items"]]


def test_a_convention_is_kept_applied_and_echoed(
    server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    """Received Thursday 28 March 2024; 10 working days for the stage 1 response (Good
    Friday 29 March and Easter Monday 1 April are bank holidays in England).

    The rule set's own convention (day_0): counting from the 28th, days 1-10 are
    2, 3, 4, 5, 8, 9, 10, 11, 12, 15 April -> due 15 April.
    receipt=deemed_next_working_day: received is deemed Tuesday 2 April, and counting
    from it, days 1-10 are 3, 4, 5, 8, 9, 10, 11, 12, 15, 16 April -> due 16 April.

    The chosen case says 16 April when made, when read back, in the work queue, after
    ``statdeadline recompute --all`` (nothing moves) and after its next event."""
    _, plain_team, made_plain = _make(server)
    cid, team, made = _make(server, conventions=DEEMED)
    assert (made_plain["conventions"], made_plain["division"]) == ({}, None)
    assert (made["conventions"], made["division"]) == (DEEMED, None)
    assert (_due(made_plain, "stage1_response"), _due(made, "stage1_response")) == (
        "2024-04-15",
        "2024-04-16",
    )
    shown = server.call("GET", f"/cases/{cid}?as_of=2024-04-02").json
    assert (shown["conventions"], _due(shown, "stage1_response")) == (DEEMED, "2024-04-16")
    assert _queue(server, plain_team) == [("stage1_response", "2024-04-15")]
    assert _queue(server, team) == [("stage1_response", "2024-04-16")]

    status, out, _ = run(["recompute", "--all", "--db", server.db], capsys)
    assert (status, out.endswith("; 0 due date(s) moved\n")) == (0, True)
    assert _queue(server, team) == [("stage1_response", "2024-04-16")]
    assert server.call("GET", f"/cases/{cid}").json["deadline_changes"] == []

    event = {"event": "stage1_response", "date": "2024-04-05"}
    after = server.call("POST", f"/cases/{cid}/events?as_of=2024-04-06", event)
    assert (after.status, after.json["conventions"], _due(after.json, "stage1_response")) == (
        201,
        DEEMED,
        "2024-04-16",
    )


@pytest.mark.parametrize(
    ("more", "field", "error"),
    [
        (
            {"conventions": {"receipt": "whenever"}},
            "conventions.receipt",
            "conventions.receipt: 'day_0' may be changed only to a declared alternative "
            "(non_working_deemed_next, deemed_next_working_day), got 'whenever'",
        ),
        (
            {"conventions": {"tea_break": "long"}},
            "conventions.tea_break",
            "conventions.tea_break: unknown convention; known: receipt, receipt_cutoff, received_on, retriage",
        ),
        (
            {"division": "atlantis"},
            "division",
            "division: england-children-2006 counts bank holidays of england-and-wales; "
            "alternatives: united-kingdom; got 'atlantis'",
        ),
    ],
)
def test_choices_the_rule_set_does_not_offer_are_refused(
    server: Server, more: dict[str, Any], field: str, error: str
) -> None:
    """422 naming the key (as the library's RuleSetError names its path), the rule set's
    alternatives; no case is stored."""
    cid = f"K-{uuid.uuid4().hex[:8]}"
    body = {"case_id": cid, "ruleset": CHILDREN, "events": RECEIVED, **more}
    got = server.call("POST", "/cases", body)
    assert (got.status, got.json["field"], got.json["error"]) == (422, field, error)
    assert server.call("GET", f"/cases/{cid}").status == 404


def test_choices_of_the_wrong_form_are_a_bad_request(server: Server) -> None:
    """conventions must be an object of strings: a list (the body's schema) or a number
    as a value (the library's case_choices, the check a case file's choices get, in its
    words) is 400, naming conventions."""
    got = [
        server.call("POST", "/cases", {"case_id": "K-x", "ruleset": CHILDREN, "conventions": c})
        for c in (["receipt"], {"receipt": 1})
    ]
    assert [(g.status, g.json) for g in got] == [
        (400, {"error": 'body: conventions: expected object, got ["receipt"]'}),
        (
            400,
            {
                "error": 'conventions: expected a mapping of names to values (text), got {"receipt": 1}',
                "field": "conventions",
            },
        ),
    ]


def test_a_division_is_kept_and_echoed(server: Server) -> None:
    """division=united-kingdom (the alternative the rule set offers) is echoed back."""
    cid, _, made = _make(server, division="united-kingdom")
    shown = server.call("GET", f"/cases/{cid}").json
    assert (made["division"], shown["division"], shown["conventions"]) == (
        "united-kingdom",
        "united-kingdom",
        {},
    )
