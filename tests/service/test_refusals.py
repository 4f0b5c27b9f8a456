"""400 or 422, as docs/service.md's refusals table says: 400 for what the service's own
request schema refuses (not JSON, a required property missing, a property the schema
types given a value of another JSON type, a query parameter or a calendar date that is
no date); 422 for a value the rule set refuses, an event's date or field among them,
with ``event`` and ``field`` naming it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from tests.service.server import Server

CHILDREN = "england-children-2006"


@pytest.fixture(scope="module")
def case_id(server: Server) -> str:
    cid = f"Q-{uuid.uuid4().hex[:8]}"
    body = {
        "case_id": cid,
        "ruleset": CHILDREN,
        "events": [{"event": "received", "date": "2024-03-28"}],
    }
    assert server.call("POST", "/cases", body).status == 201
    return cid


@pytest.mark.parametrize(
    ("path", "body", "status", "field"),
    [
        # the service's schema: the JSON type of a property it types
        ("/calendar/add", {"date": "2024-03-28", "working_days": "five"}, 400, None),
        ("/calendar/add", {"date": "12/04/2024", "working_days": 5}, 400, "date"),
        ("/cases", {"case_id": 5, "ruleset": CHILDREN}, 400, None),
        ("EVENTS", {"event": 5, "date": "2024-04-02"}, 400, None),
        # the rule set's: an event's date, an event's field
        ("EVENTS", {"event": "stage1_response", "date": "12/04/2024"}, 422, "date"),
        (
            "EVENTS",
            {
                "event": "extension",
                "date": "2024-04-02",
                "clock": "stage1_response",
                "working_days": "five",
            },
            422,
            "working_days",
        ),
    ],
)
def test_which_refusal_is_400_and_which_422(
    server: Server, case_id: str, path: str, body: dict[str, Any], status: int, field: str | None
) -> None:
    """Each refusal has the status the table gives it; a 422 names the event's field (and
    its message says ``event.field``)."""
    where = f"/cases/{case_id}/events" if path == "EVENTS" else path
    got = server.call("POST", where, body)
    assert (got.status, got.json.get("field")) == (status, field), got
    if status == 422:
        assert got.json["error"].startswith(f"{body['event']}.{field}: "), got
