"""The OpenAPI document of the service (``GET /openapi.json``), built from the JSON
Schemas of :mod:`statdeadline.service.schemas` (the ones the request checks read and the
tests validate every response against): each path's operations, parameters, responses
and a stable ``operationId``, so a council's generated client has named methods.
"""

from __future__ import annotations

import functools
from typing import Any

from .._version import __version__
from .schemas import SCHEMAS, ref

__all__ = ["OPERATION_IDS", "openapi"]


def _op(summary: str, ok: tuple[int, str], errors: tuple[int, ...], **more: Any) -> Any:
    responses: dict[str, Any] = {
        str(ok[0]): {
            "description": "OK" if ok[0] == 200 else "Created",
            "content": {"application/json": {"schema": ref(ok[1])}},
        }
    }
    for code in (401, *errors, 500, 503):
        responses[str(code)] = {
            "description": _WHY[code],
            "content": {"application/json": {"schema": ref("Error")}},
        }
    return {"summary": summary, "responses": responses, **more}


_WHY = {
    400: "bad request (a parameter, or a body property of the wrong JSON type)",
    401: "no valid token",
    403: "a token not allowed to do this (a read-only one that writes; one that may write in a feed's ?token=)",
    404: "no such case or rule set",
    409: "the case exists",
    412: "If-Match names a stale version",
    413: "body too large",
    422: "the rule set refuses the event; nothing stored",
    500: "an unexpected failure (a database error included): error_id names its entry in the server's log",
    503: "the database cannot be reached or used now; nothing stored",
}


def _health() -> Any:
    """``GET /health``: 200 or 503, both with a Health body."""
    op = _op("database reachable, rule sets loaded", (200, "Health"), ())
    op["responses"]["503"] = {
        "description": "the database cannot be reached or used: the problems say why",
        "content": {"application/json": {"schema": ref("Health")}},
    }
    return op


def _param(name: str, where: str, description: str, required: bool = False) -> Any:
    return {
        "name": name,
        "in": where,
        "required": required,
        "description": description,
        "schema": {"type": "string"},
    }


_AS_OF = _param("as_of", "query", "evaluate at this date (YYYY-MM-DD; default today)")
_CASE = _param("case_id", "path", "the case id", required=True)
_IDEM = _param("Idempotency-Key", "header", "a retried request with this key is recorded once")


def _body(name: str) -> Any:
    return {"required": True, "content": {"application/json": {"schema": ref(name)}}}


def _more_paths() -> dict[str, Any]:
    """The calendar, audit and feed paths."""
    paths: dict[str, Any] = {}
    paths["/calendar/add"] = {
        "post": _op(
            "the N-th working day after a date, with the days skipped",
            (200, "CalendarAnswer"),
            (400, 422),
            requestBody=_body("CalendarAdd"),
        )
    }
    paths["/calendar/between"] = {
        "post": _op(
            "working days between two dates, with the non-working days",
            (200, "CalendarAnswer"),
            (400, 422),
            requestBody=_body("CalendarBetween"),
        )
    }
    paths["/audit"] = {
        "post": _op(
            "audit an uploaded file (small runs): the JSON report 'statdeadline audit "
            "--format json' writes",
            (200, "AuditReport"),
            (400, 413, 422),
            parameters=[
                _param("as_of", "query", "the date to audit at (YYYY-MM-DD)", required=True),
                _param("format", "query", "csv (default), tsv, jsonl or xlsx"),
                _param("group_by", "query", "comma-separated columns to group by"),
                _param("target", "query", "the on-time rate to meet, 0-1"),
            ],
            requestBody={
                "required": True,
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            },
        )
    }
    ics_params = [
        _AS_OF,
        _param(
            "token", "query", "a read-only token, for calendar programs that cannot send a header"
        ),
        _param("alarm", "query", "a VALARM this many days before each running deadline (0-60)"),
    ]
    ics: dict[str, Any] = {
        "200": {
            "description": "an iCalendar feed (RFC 5545)",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        }
    }
    for code in (400, 401, 403, 404):
        ics[str(code)] = {
            "description": _WHY[code],
            "content": {"application/json": {"schema": ref("Error")}},
        }
    paths["/cases/{case_id}/calendar.ics"] = {
        "get": {
            "summary": "the case's deadlines as a subscribable calendar",
            "parameters": [_CASE, *ics_params],
            "responses": ics,
        }
    }
    paths["/calendar.ics"] = {
        "get": {
            "summary": "every case's deadlines (or one team's) as a subscribable calendar",
            "parameters": [_param("team", "query", "the cases of this team"), *ics_params],
            "responses": {k: v for k, v in ics.items() if k != "404"},
        }
    }
    return paths


#: Each operation's ``operationId``: the method name a generated client gives it (.NET,
#: Java and TypeScript generators otherwise make one up from the path).
OPERATION_IDS = {
    ("/health", "get"): "getHealth",
    ("/rulesets", "get"): "listRuleSets",
    ("/rulesets/{ruleset_id}", "get"): "getRuleSet",
    ("/cases", "post"): "createCase",
    ("/cases/{case_id}", "get"): "getCase",
    ("/cases/{case_id}", "delete"): "deleteCase",
    ("/cases/{case_id}/events", "post"): "recordEvent",
    ("/deadlines", "get"): "listDeadlines",
    ("/calendar/add", "post"): "addWorkingDays",
    ("/calendar/between", "post"): "workingDaysBetween",
    ("/audit", "post"): "auditFile",
    ("/cases/{case_id}/calendar.ics", "get"): "getCaseCalendar",
    ("/calendar.ics", "get"): "getCalendar",
}


@functools.lru_cache(maxsize=1)
def openapi() -> dict[str, Any]:
    """The OpenAPI 3.1 document of the service."""
    queue_params = [
        _param(
            "status",
            "query",
            "comma-separated: overdue, expired, due_soon, pending (default all but expired)",
        ),
        _param("due_before", "query", "due on or before this date"),
        _param("team", "query", "the case's team"),
        _param("ruleset", "query", "a rule-set id"),
        _AS_OF,
        _param("limit", "query", "items per page (default 100, at most 1000)"),
        _param("offset", "query", "items to skip (a page's next_offset)"),
    ]
    paths = {
        "/health": {"get": _health()},
        "/rulesets": {"get": _op("the rule sets served", (200, "RuleSetList"), ())},
        "/rulesets/{ruleset_id}": {
            "get": _op(
                "a rule set: events, fields, states, clocks, citations",
                (200, "RuleSet"),
                (404,),
                parameters=[_param("ruleset_id", "path", "a rule-set id", True)],
            )
        },
        "/cases": {
            "post": _op(
                "create a case (optionally with its history)",
                (201, "Case"),
                (400, 403, 404, 409, 413, 422),
                parameters=[_AS_OF, _IDEM],
                requestBody=_body("CaseIn"),
            )
        },
        "/cases/{case_id}": {
            "get": _op(
                "the case and its deadlines", (200, "Case"), (400, 404), parameters=[_CASE, _AS_OF]
            ),
            "delete": _op(
                "soft-delete the case (audited)",
                (200, "Deleted"),
                (403, 404, 412),
                parameters=[_CASE, _param("If-Match", "header", "the version expected")],
            ),
        },
        "/cases/{case_id}/events": {
            "post": _op(
                "record an event; the case's new deadlines",
                (201, "Case"),
                (400, 403, 404, 412, 413, 422),
                parameters=[
                    _CASE,
                    _AS_OF,
                    _IDEM,
                    _param("If-Match", "header", "the version expected"),
                ],
                requestBody=_body("EventIn"),
            )
        },
        "/deadlines": {
            "get": _op(
                "the work queue across cases, by due date",
                (200, "QueuePage"),
                (400,),
                parameters=queue_params,
            )
        },
    }
    paths.update(_more_paths())
    for (path, method), op_id in OPERATION_IDS.items():
        paths[path][method]["operationId"] = op_id
    return {
        "openapi": "3.1.0",
        "info": {"title": "statdeadline service", "version": __version__},
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"token": []}],
    }
