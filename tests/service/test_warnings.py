"""Horizon warnings in the service's answers, over HTTP to a real server: a deadline whose
date lies past the last year of proclaimed bank holidays is flagged in the case's
``warnings`` and in the work queue's item, in the shape the OpenAPI document gives; the
same case under the library itself gives a HorizonWarning exactly then."""

from __future__ import annotations

import datetime as _dt
import uuid
import warnings
from typing import Any

import jsonschema
import pytest
from tests.service.server import Server

from statdeadline import Case, HorizonWarning, load_ruleset

CHILDREN = "england-children-2006"


def _monday_on_or_after(d: _dt.date) -> _dt.date:
    return d + _dt.timedelta(days=(7 - d.weekday()) % 7)


def _made(server: Server, received: _dt.date) -> tuple[str, str, Any]:
    cid, team = f"H-{uuid.uuid4().hex[:8]}", f"h-{uuid.uuid4().hex[:8]}"
    events = [{"event": "received", "date": received.isoformat()}]
    body = {"case_id": cid, "ruleset": CHILDREN, "team": team, "events": events}
    got = server.call("POST", f"/cases?as_of={received.isoformat()}", body)
    assert got.status == 201, got
    return cid, team, got.json


def _library_warns(received: _dt.date) -> bool:
    """Whether the library warns (HorizonWarning) for the same case's deadlines."""
    case = Case(load_ruleset(CHILDREN), "x")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", HorizonWarning)
        case.record("received", received)
        case.deadlines(received)
    return any(issubclass(w.category, HorizonWarning) for w in caught)


def test_a_due_date_past_the_horizon_is_a_warning_in_the_case_and_the_queue(
    server: Server,
) -> None:
    """Received on the first Monday on or after 21 December of the last authoritative
    year H: 10 working days from it cross 25 and 26 December and 1 January into January
    of H+1, past the horizon (31 December H), so the answer warns, naming the clock, the
    date, H and the division; GET and the queue's item say the same. Received on
    1 March of H: due in March of H, no warning. The library agrees on both."""
    horizon = server.call("GET", "/health").json["bank_holidays_until"]
    late = _monday_on_or_after(_dt.date(horizon, 12, 21))
    early = _dt.date(horizon, 3, 1)
    cid, team, made = _made(server, late)
    due = next(d["due"] for d in made["deadlines"] if d["clock"] == "stage1_response")
    assert due.startswith(f"{horizon + 1}-01-")
    expected = {
        "check": "bank_holiday_horizon",
        "message": f"stage1_response: {due} is after {horizon}, the last year whose "
        "england-and-wales bank holidays are treated as authoritative; later bank holidays "
        "are forecasts until proclaimed",
        "clock": "stage1_response",
        "instance": 1,
        "date": due,
        "horizon": horizon,
        "division": "england-and-wales",
    }
    assert made["warnings"] == [expected]
    shown = server.call("GET", f"/cases/{cid}?as_of={late.isoformat()}").json
    assert shown["warnings"] == [expected]
    page = server.call("GET", f"/deadlines?team={team}&as_of={late.isoformat()}").json
    assert [i["warnings"] for i in page["items"]] == [[expected]]

    doc = server.call("GET", "/openapi.json").json
    for name, data in (("Case", shown), ("QueuePage", page)):
        jsonschema.Draft202012Validator({**doc, "$ref": f"#/components/schemas/{name}"}).validate(
            data
        )

    _, early_team, early_made = _made(server, early)
    assert early_made["warnings"] == []
    early_page = server.call("GET", f"/deadlines?team={early_team}&as_of={early}").json
    assert [i["warnings"] for i in early_page["items"]] == [[]]
    assert (_library_warns(late), _library_warns(early)) == (True, False)


@pytest.mark.parametrize("name", ["Case", "QueueItem"])
def test_the_openapi_document_describes_the_warnings(server: Server, name: str) -> None:
    """Case.warnings and QueueItem.warnings are lists of Warning, which names check and
    message as required and the horizon's own fields."""
    schemas = server.call("GET", "/openapi.json").json["components"]["schemas"]
    assert schemas[name]["properties"]["warnings"]["items"] == {
        "$ref": "#/components/schemas/Warning"
    }
    warning = schemas["Warning"]
    assert (
        warning["required"],
        {"clock", "date", "horizon", "division"} <= set(warning["properties"]),
    ) == (
        ["check", "message"],
        True,
    )
