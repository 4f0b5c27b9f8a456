"""The deadline service as a client sees it, over HTTP to a real server: tokens, cases,
events, the library's refusals, versions, idempotency, soft deletion and a restart."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from tests.service.server import Server

from statdeadline import Case, load_ruleset
from statdeadline.audit import audit
from statdeadline.reports.json_report import report_dict
from statdeadline.service.store import Store

CHILDREN = "england-children-2006"


def _valid(server: Server, schema: str, data: Any) -> None:
    """``data`` conforms to the OpenAPI document's schema ``schema``."""
    doc = server.call("GET", "/openapi.json").json
    jsonschema.Draft202012Validator({**doc, "$ref": f"#/components/schemas/{schema}"}).validate(
        data
    )


def _new_case(server: Server, *events: dict[str, Any], team: str = "north") -> str:
    cid = f"C-{uuid.uuid4().hex[:8]}"
    got = server.call(
        "POST",
        "/cases",
        {"case_id": cid, "ruleset": CHILDREN, "team": team, "events": list(events)},
    )
    assert got.status == 201, got
    return cid


def test_every_request_without_a_valid_token_is_refused(server: Server) -> None:
    """No token, a wrong token, or another scheme: 401 with WWW-Authenticate, even for an
    unknown path (the token is checked before anything else)."""
    for path, token in [("/health", None), ("/cases/x", "sdt_wrong"), ("/nothing", None)]:
        got = server.call("GET", path, token=token)
        assert (got.status, got.headers.get("www-authenticate"), got.json) == (
            401,
            "Bearer",
            {"error": "a valid API token is required (Authorization: Bearer TOKEN)"},
        )
    basic = server.call("GET", "/health", token=None, headers={"Authorization": "Basic eDp5"})
    assert basic.status == 401


def test_health_and_the_openapi_document(server: Server) -> None:
    """Health names the database and the rule sets; the OpenAPI document is 3.1 and
    describes every endpoint."""
    health = server.call("GET", "/health")
    assert (health.status, health.json["status"], CHILDREN in health.json["rulesets"]) == (
        200,
        "ok",
        True,
    )
    _valid(server, "Health", health.json)
    doc = server.call("GET", "/openapi.json").json
    assert doc["openapi"] == "3.1.0"
    assert sorted(doc["paths"]) == [
        "/audit",
        "/calendar.ics",
        "/calendar/add",
        "/calendar/between",
        "/cases",
        "/cases/{case_id}",
        "/cases/{case_id}/calendar.ics",
        "/cases/{case_id}/events",
        "/deadlines",
        "/health",
        "/rulesets",
        "/rulesets/{ruleset_id}",
    ]
    # every operation has an operationId, unique, so generated clients get named methods
    ids = [op["operationId"] for item in doc["paths"].values() for op in item.values()]
    assert (len(ids), len(set(ids))) == (13, 13)
    assert doc["paths"]["/cases/{case_id}/events"]["post"]["operationId"] == "recordEvent"
    jsonschema.Draft202012Validator.check_schema({**doc["components"]["schemas"]["Case"]})


def test_rulesets_list_and_one_with_events_fields_clocks_and_citations(server: Server) -> None:
    """GET /rulesets lists the bundled rule sets; GET /rulesets/{id} gives its events with
    their fields, its states and its clocks with citations; an unknown id is 404."""
    listed = server.call("GET", "/rulesets").json["rulesets"]
    assert CHILDREN in [r["id"] for r in listed]
    one = server.call("GET", f"/rulesets/{CHILDREN}").json
    assert one["events"]["extension"]["fields"]["reason"] == {
        "type": "str",
        "required": True,
        "label": None,
    }
    assert one["states"]["closed"] == {"label": "Closed", "initial": False, "final": True}
    assert "citation" in one["clocks"]["stage1_response"]
    missing = server.call("GET", "/rulesets/nowhere")
    assert missing.status == 404
    assert missing.json["error"].startswith("no rule set 'nowhere'; the service has: ")


def test_a_whole_england_childrens_case_through_http(server: Server) -> None:
    """Every stage posted as it happens; after each, the service's deadlines are the
    library's for the same history (the service adds no logic of its own)."""
    cid = _new_case(server)
    history = [
        {"event": "received", "date": "2024-03-28"},
        {"event": "stage1_response", "date": "2024-04-12"},
        {"event": "stage2_requested", "date": "2024-04-22"},
        {"event": "stage2_statement_agreed", "date": "2024-04-26"},
        {
            "event": "extension",
            "date": "2024-05-20",
            "clock": "stage2_response",
            "working_days": 20,
            "reason": "complex",
            "complainant_told": True,
        },
        {"event": "stage2_response", "date": "2024-06-14"},
        {"event": "stage3_requested", "date": "2024-06-28"},
        {"event": "panel_held", "date": "2024-07-24"},
        {"event": "panel_report", "date": "2024-07-26"},
        {"event": "final_response", "date": "2024-08-20"},
        {"event": "closed", "date": "2024-08-21"},
    ]
    library = Case(load_ruleset(CHILDREN), cid)
    for i, event in enumerate(history):
        got = server.call("POST", f"/cases/{cid}/events?as_of=2024-09-01", event)
        assert (got.status, got.json["version"], got.headers["etag"]) == (201, i + 2, f'"{i + 2}"')
        fields = {k: v for k, v in event.items() if k not in ("event", "date")}
        library.record(event["event"], event["date"], **fields)
        assert got.json["deadlines"] == [d.to_dict() for d in library.deadlines("2024-09-01")]
        assert got.json["state"] == library.state
    _valid(server, "Case", got.json)
    shown = server.call("GET", f"/cases/{cid}?as_of=2024-09-01")
    assert shown.json["events"] == library.to_dict()["events"]
    assert (shown.json["state"], shown.json["closed"], shown.headers["etag"]) == (
        "closed",
        True,
        f'"{len(history) + 1}"',
    )
    earlier = server.call("GET", f"/cases/{cid}?as_of=2024-04-02").json
    assert (earlier["state"], [d["status"] for d in earlier["deadlines"]]) == (
        "stage1",
        ["pending"],
    )


def test_a_refused_event_is_422_with_the_librarys_fields_and_nothing_is_stored(
    server: Server,
) -> None:
    """An event the state does not allow: the library's error, event, state, allowed
    events and field; the case's version and events are unchanged."""
    cid = _new_case(server, {"event": "received", "date": "2024-03-28"})
    got = server.call("POST", f"/cases/{cid}/events", {"event": "panel_held", "date": "2024-04-01"})
    assert (got.status, got.json) == (
        422,
        {
            "error": "cannot apply 'panel_held' in state 'stage1'; allowed: extension, pause, "
            "resume, stage1_response, stage2_requested, withdrawn",
            "event": "panel_held",
            "state": "stage1",
            "allowed": [
                "extension", "pause", "resume", "stage1_response", "stage2_requested", "withdrawn",
            ],
            "field": None,
        },
    )  # fmt: skip
    _valid(server, "Error", got.json)
    missing = server.call(
        "POST", f"/cases/{cid}/events", {"event": "pause", "date": "2024-04-01"}
    ).json
    assert (missing["event"], missing["field"]) == ("pause", "reason")
    after = server.call("GET", f"/cases/{cid}").json
    assert (after["version"], len(after["events"])) == (1, 1)


def test_bad_bodies_and_parameters_are_400_naming_what(server: Server) -> None:
    """Not JSON, a missing property, a wrong type, a bad as_of."""
    cid = _new_case(server)
    path = f"/cases/{cid}/events"
    assert server.call("POST", path, raw=b"{nope").json == {
        "error": "body: not valid JSON (line 1, column 2)"
    }
    assert server.call("POST", path, {"date": "2024-01-01"}).json == {
        "error": "body: event: required"
    }
    assert server.call("POST", path, {"event": 3, "date": "2024-01-01"}).json == {
        "error": "body: event: expected string, got 3"
    }
    bad = server.call("GET", f"/cases/{cid}?as_of=soon")
    assert (bad.status, bad.json["field"]) == (400, "as_of")


def test_if_match_with_a_stale_version_is_412(server: Server) -> None:
    """If-Match naming the current version records; a stale one is refused, unstored. (A
    case is at version 1 when made, with or without events; each event adds one.)"""
    cid = _new_case(server, {"event": "received", "date": "2024-03-28"})
    ok = server.call(
        "POST",
        f"/cases/{cid}/events",
        {"event": "stage1_response", "date": "2024-04-02"},
        headers={"If-Match": '"1"'},
    )
    assert ok.status == 201
    stale = server.call(
        "POST",
        f"/cases/{cid}/events",
        {"event": "stage2_requested", "date": "2024-04-03"},
        headers={"If-Match": '"1"'},
    )
    assert (stale.status, stale.json) == (
        412,
        {"error": f'case {cid!r} is at version 2, not "1"', "version": 2},
    )
    assert len(server.call("GET", f"/cases/{cid}").json["events"]) == 2


def test_an_idempotency_key_records_a_retried_event_once(server: Server) -> None:
    """The same request with the same key again: the first answer, one event stored; the
    key with another request: 422."""
    cid = _new_case(server, {"event": "received", "date": "2024-03-28"})
    event = {"event": "stage1_response", "date": "2024-04-02"}
    key = {"Idempotency-Key": f"k-{cid}"}
    first = server.call("POST", f"/cases/{cid}/events", event, headers=key)
    again = server.call("POST", f"/cases/{cid}/events", event, headers=key)
    assert (first.status, again.status, again.json["replayed"]) == (201, 201, True)
    assert {k: v for k, v in again.json.items() if k != "replayed"} == first.json
    other = server.call(
        "POST", f"/cases/{cid}/events", {"event": "closed", "date": "2024-04-03"}, headers=key
    )
    assert (other.status, other.json["error"]) == (
        422,
        f"Idempotency-Key 'k-{cid}' was used for a different request",
    )
    assert len(server.call("GET", f"/cases/{cid}").json["events"]) == 2


def test_unknown_and_deleted_cases_are_404(server: Server) -> None:
    """GET or post to a case that does not exist, or was soft-deleted (its DELETE is
    answered with what was deleted); creating an existing case is 409."""
    assert server.call("GET", "/cases/none-such").json == {"error": "no case 'none-such'"}
    cid = _new_case(server, {"event": "received", "date": "2024-03-28"})
    again = server.call("POST", "/cases", {"case_id": cid, "ruleset": CHILDREN})
    assert (again.status, again.json) == (409, {"error": f"case {cid!r} exists"})
    gone = server.call("DELETE", f"/cases/{cid}")
    assert (gone.status, gone.json["deleted"], gone.json["version"]) == (200, True, 1)
    _valid(server, "Deleted", gone.json)
    for method, body in [("GET", None), ("POST", {"event": "closed", "date": "2024-04-01"})]:
        path = f"/cases/{cid}" if method == "GET" else f"/cases/{cid}/events"
        got = server.call(method, path, body)
        assert (got.status, got.json["error"].startswith(f"case {cid!r} was deleted at ")) == (
            404,
            True,
        )


def test_a_read_only_token_reads_but_may_not_write(server: Server) -> None:
    """403 for a write; GET answers."""
    reader = server.make_token(f"reader-{uuid.uuid4().hex[:6]}", read_only=True)
    assert server.call("GET", "/rulesets", token=reader).status == 200
    got = server.call("POST", "/cases", {"case_id": "R-1", "ruleset": CHILDREN}, token=reader)
    assert got.status == 403 and got.json["error"].endswith("is read-only")


def test_a_body_over_the_cap_is_413(server: Server) -> None:
    """The server was started with --max-body 65536."""
    got = server.call("POST", "/cases", raw=json.dumps({"x": "y" * 70000}).encode())
    assert (got.status, got.json) == (413, {"error": "request body larger than 65536 bytes"})


def test_unknown_routes_and_methods_answer_json(server: Server) -> None:
    """404 and 405 as JSON errors, not HTML or a stack trace."""
    assert server.call("GET", "/nothing").json == {"error": "no such endpoint: GET /nothing"}
    put = server.call("PUT", "/cases")
    assert (put.status, put.json) == (405, {"error": "PUT is not allowed here: PUT /cases"})


def test_the_data_outlives_a_restart(server: Server) -> None:
    """Stop the server, start it again over the same database: the case is there."""
    cid = _new_case(server, {"event": "received", "date": "2024-03-28"})
    before = server.call("GET", f"/cases/{cid}?as_of=2024-04-02").json
    server.stop()
    server.start()
    assert server.call("GET", f"/cases/{cid}?as_of=2024-04-02").json == before


def test_calendar_add_and_between_as_the_cli_gives_them(server: Server) -> None:
    """The same JSON as 'calendar add/between --format json' with the days skipped."""
    added = server.call("POST", "/calendar/add", {"date": "2024-03-28", "working_days": 10})
    assert (added.status, added.json["result"], added.json["skipped"][0]) == (
        200,
        "2024-04-15",
        {"date": "2024-03-29", "reason": "Good Friday"},
    )
    between = server.call(
        "POST", "/calendar/between", {"start": "2024-12-20", "end": "2025-01-03"}
    ).json
    assert (between["working_days"], len(between["non_working"])) == (7, 7)
    bad = server.call(
        "POST", "/calendar/add", {"date": "2024-03-28", "working_days": 1, "division": "mars"}
    )
    assert (bad.status, bad.json["field"]) == (400, "division")


def test_audit_an_uploaded_file(server: Server, tmp_path_factory: pytest.TempPathFactory) -> None:
    """POST /audit: the JSON report of the file, as the library's audit gives it; as_of
    is required; a file the audit cannot read is 422 with the audit's message."""
    lines = Path("examples/cases.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    upload = "".join(lines[:150]).encode()
    got = server.call("POST", "/audit?as_of=2026-06-30&group_by=team", raw=upload)
    assert got.status == 200, got
    _valid(server, "AuditReport", got.json)
    path = tmp_path_factory.mktemp("audit") / "upload.csv"
    path.write_bytes(upload)
    # as the JSON writer gives it: the report's dict with each row's band shares
    report = report_dict(audit([str(path)], as_of="2026-06-30", group_by=["team"], workers=1))
    assert (got.json["counts"], got.json["summary"]) == (report["counts"], report["summary"])
    missing = server.call("POST", "/audit", raw=upload)
    assert (missing.status, missing.json["error"]) == (
        400,
        "as_of: required (the date to audit at, YYYY-MM-DD)",
    )
    broken = server.call("POST", "/audit?as_of=2026-06-30", raw=b"case_id,date\nC-1,2024-01-01\n")
    assert (broken.status, broken.json["error"]) == (
        422,
        "upload.csv:1: missing column(s) ruleset, event; a long-format file needs case_id, "
        "ruleset, event, date (columns found: case_id, date)",
    )
    assert "statdeadline-audit-" not in got.raw.decode()


def test_a_case_id_a_url_cannot_carry_is_refused(server: Server) -> None:
    """A '/' would make the case unreachable at /cases/{id}."""
    got = server.call("POST", "/cases", {"case_id": "a/b", "ruleset": CHILDREN})
    assert (got.status, got.json) == (
        400,
        {
            "error": "case_id: expected at most 200 printable characters and no '/', got \"a/b\"",
            "field": "case_id",
        },
    )


def test_an_unexpected_failure_is_500_without_a_stack_trace(server: Server) -> None:
    """A stored event the service cannot read (written into the database behind its
    back): 500 and {"error": "internal error", "error_id": ID}; the traceback is in the
    server's log under that id, never in the answer."""
    cid = _new_case(server, {"event": "received", "date": "2024-03-28"})
    store = Store(server.db)
    with store.write() as tx:
        tx.run("UPDATE events SET data = ? WHERE case_id = ?", ("{broken", cid))
    store.close()
    got = server.call("GET", f"/cases/{cid}")
    error_id = got.json.get("error_id", "")
    assert (got.status, got.json) == (500, {"error": "internal error", "error_id": error_id})
    assert re.fullmatch("[0-9a-f]{16}", error_id)
    _valid(server, "Error", got.json)
    logged = server.log.read_text().split(f"internal error {error_id} in GET /cases/{cid}\n")
    assert len(logged) == 2 and logged[1].startswith("Traceback")
    assert "Traceback" not in got.raw.decode()
