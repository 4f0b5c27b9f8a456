"""The JSON Schemas of what the service takes and gives, and the OpenAPI document built
from them (``GET /openapi.json``). The request checks read the same schemas
(:func:`check_body`), and the tests validate every response against them, so the
document a council's developers generate a client from is the one the service keeps.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

from .._version import __version__
from ..engine.stored import case_schema

__all__ = ["SCHEMAS", "check_body", "openapi"]

_DATE = {"type": "string", "format": "date"}
_NDATE = {"type": ["string", "null"], "format": "date"}
_NSTR = {"type": ["string", "null"]}
_CONVENTIONS = {
    "type": "object",
    "additionalProperties": {"type": "string"},
    "description": "the council's choice among the conventions the rule set offers (as "
    "the CLI's --convention NAME=VALUE): name -> value; kept with the case and applied "
    "whenever it is recomputed",
}
_DIVISION = {
    "type": "string",
    "description": "the bank-holiday division, one the rule set offers (as --division)",
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(props: dict[str, Any], required: list[str] | None = None, extra: bool = False) -> Any:
    return {
        "type": "object",
        "properties": props,
        "required": list(props) if required is None else required,
        "additionalProperties": extra,
    }


def _stored_case() -> tuple[dict[str, Any], dict[str, Any]]:
    """The library's ``case.schema.json`` as two components: its event (``EventIn``) and
    the case itself (``StoredCase``, its events referring to ``EventIn``)."""
    schema = case_schema()
    event = schema.pop("$defs")["event"]
    for key in ("$schema", "$id"):
        schema.pop(key)
    schema["properties"]["events"]["items"] = _ref("EventIn")
    return event, schema


_EVENT_IN, _STORED_CASE = _stored_case()

SCHEMAS: dict[str, Any] = {
    "Error": _obj(
        {
            "error": {"type": "string", "description": "what was wrong, where, what is allowed"},
            "event": _NSTR,
            "state": _NSTR,
            "allowed": {"type": ["array", "null"], "items": {"type": "string"}},
            "field": _NSTR,
            "version": {"type": "integer"},
        },
        required=["error"],
    ),
    "EventIn": _EVENT_IN,
    "StoredCase": _STORED_CASE,
    "CaseIn": _obj(
        {
            "case_id": {"type": "string", "minLength": 1},
            "ruleset": {"type": "string", "description": "a rule-set id from GET /rulesets"},
            "team": {"type": ["string", "null"]},
            "conventions": _CONVENTIONS,
            "division": _DIVISION,
            "events": {"type": "array", "items": _ref("EventIn")},
            "ruleset_version": {"type": "string", "description": "ignored (as to_dict writes it)"},
        },
        required=["case_id", "ruleset"],
    ),
    "Citation": {"type": "object", "additionalProperties": True},
    "Deadline": _obj(
        {
            "clock": {"type": "string"},
            "label": {"type": "string"},
            "kind": {"type": "string"},
            "instance": {"type": "integer"},
            "start_event": {"type": "string"},
            "start": _DATE,
            "due": {**_NDATE, "description": "null: no date yet (an untriaged clock)"},
            "status": {"type": "string"},
            "met_on": _NDATE,
            "met_by": _NSTR,
            "ended_by": _NSTR,
            "aim": _NDATE,
            "maximum": _NDATE,
            "level": _NSTR,
            "paused": {"type": "boolean"},
            "extensions": {"type": "array", "items": {"type": "object"}},
            "pauses": {"type": "array", "items": {"type": "object"}},
            "working_days_taken": {"type": ["integer", "null"]},
            "days_late": {"type": "integer"},
            "citation": _ref("Citation"),
            "calendar_fingerprint": {"type": "string"},
        }
    ),
    "Case": _obj(
        {
            "case_id": {"type": "string"},
            "ruleset": {"type": "string"},
            "ruleset_version": {"type": "string"},
            "events": {"type": "array", "items": _ref("EventIn")},
            "conventions": _CONVENTIONS,
            "division": {**_DIVISION, "type": ["string", "null"]},
            "team": _NSTR,
            "version": {"type": "integer", "description": "also the ETag"},
            "state": {"type": "string", "description": "the state at as_of"},
            "closed": {"type": "boolean"},
            "as_of": _DATE,
            "deadlines": {"type": "array", "items": _ref("Deadline")},
            "warnings": {"type": "array", "items": _ref("Warning")},
            "recorded": _ref("EventIn"),
            "replayed": {"type": "boolean", "description": "an Idempotency-Key's first answer"},
            "deadline_changes": {
                "type": "array",
                "description": "due dates a recomputation moved (GET only)",
                "items": _obj(
                    {
                        "clock": {"type": "string"},
                        "instance": {"type": "integer"},
                        "old_due": _NDATE,
                        "new_due": _NDATE,
                        "at": {"type": "string"},
                        "reason": {"type": "string"},
                    }
                ),
            },
        },
        required=[
            "case_id",
            "ruleset",
            "ruleset_version",
            "events",
            "conventions",
            "division",
            "team",
            "version",
            "state",
            "closed",
            "as_of",
            "deadlines",
            "warnings",
        ],
    ),
    "Deleted": _obj(
        {
            "case_id": {"type": "string"},
            "deleted": {"const": True},
            "deleted_at": {"type": "string"},
            "version": {"type": "integer"},
        }
    ),
    "QueueItem": _obj(
        {
            "case_id": {"type": "string"},
            "ruleset": {"type": "string"},
            "team": _NSTR,
            "clock": {"type": "string"},
            "label": {"type": "string"},
            "kind": {"type": "string"},
            "instance": {"type": "integer"},
            "start": _DATE,
            "due": _NDATE,
            "status": {"enum": ["overdue", "expired", "due_soon", "pending"]},
            "days_remaining": {"type": ["integer", "null"]},
            "working_days_remaining": {"type": ["integer", "null"]},
            "paused": {"type": "boolean"},
            "level": _NSTR,
            "warnings": {
                "type": "array",
                "items": _ref("Warning"),
                "description": "the due date rests on forecast bank holidays (check "
                "bank_holiday_horizon)",
            },
        }
    ),
    "Warning": _obj(
        {
            "check": {
                "type": "string",
                "description": "what was found: bank_holiday_horizon (a date rests on bank "
                "holidays not yet proclaimed), or a rule set's own check (a complaint "
                "made late, ...)",
            },
            "message": {"type": "string"},
            "event": {"type": "string", "description": "a rule set's check: the event"},
            "on": {**_DATE, "description": "a rule set's check: the event's date"},
            "citation": _ref("Citation"),
            "clock": {"type": "string", "description": "bank_holiday_horizon: the clock"},
            "instance": {"type": "integer"},
            "date": {**_DATE, "description": "bank_holiday_horizon: the date past it"},
            "horizon": {
                "type": "integer",
                "description": "bank_holiday_horizon: the last year of proclaimed bank holidays",
            },
            "division": {"type": "string"},
        },
        required=["check", "message"],
    ),
    "QueuePage": _obj(
        {
            "as_of": _DATE,
            "offset": {"type": "integer"},
            "limit": {"type": "integer"},
            "next_offset": {"type": ["integer", "null"]},
            "items": {"type": "array", "items": _ref("QueueItem")},
        }
    ),
    "RuleSetList": _obj(
        {"rulesets": {"type": "array", "items": {"type": "object"}}},
    ),
    "RuleSet": {
        "type": "object",
        "required": ["id", "version", "clocks", "events", "states"],
        "additionalProperties": True,
    },
    "CalendarAdd": _obj(
        {
            "date": {**_DATE, "description": "day 0 (never counted)"},
            "working_days": {"type": "integer", "description": "negative counts back"},
            "division": {"type": "string", "description": "default england-and-wales"},
        },
        required=["date", "working_days"],
    ),
    "CalendarBetween": _obj(
        {
            "start": _DATE,
            "end": _DATE,
            "division": {"type": "string", "description": "default england-and-wales"},
        },
        required=["start", "end"],
    ),
    "CalendarAnswer": {
        "type": "object",
        "description": "as 'statdeadline calendar add/between --format json' (with --explain) give it",
        "additionalProperties": True,
    },
    "AuditReport": {
        "type": "object",
        "description": "as 'statdeadline audit --format json' writes it (docs/auditors-guide.md)",
        "required": ["meta", "counts", "summary", "rejections"],
        "additionalProperties": True,
    },
    "Health": _obj(
        {
            "status": {
                "enum": ["ok", "unavailable"],
                "description": "ok (200), or unavailable (503): see problems",
            },
            "database": {"type": "string", "description": "sqlite or postgresql"},
            "problems": {
                "type": "array",
                "items": {"type": "string"},
                "description": "what is wrong (the database cannot be read: why); empty if ok",
            },
            "rulesets": {"type": "array", "items": {"type": "string"}},
            "bank_holidays_until": {"type": "integer"},
            "version": {"type": "string"},
        }
    ),
}


def check_body(name: str, body: Any) -> list[str]:
    """What is wrong with ``body`` against the top level of schema ``name``: not an
    object, a required property missing, an unknown one, or one of the wrong JSON type
    (nested values are the library's to check). Empty if nothing is."""
    schema = SCHEMAS[name]
    if not isinstance(body, Mapping):
        return [f"expected a JSON object ({name}), got {json.dumps(body)[:60]}"]
    out = [f"{p}: required" for p in schema["required"] if p not in body]
    props = schema["properties"]
    if not schema["additionalProperties"]:
        out += [f"{p}: not a property of {name}" for p in body if p not in props]
    for p, value in body.items():
        want = props.get(p, {}).get("type")
        if want is not None and not _is(value, want):
            out.append(
                f"{p}: expected {want if isinstance(want, str) else ' or '.join(want)}, got {json.dumps(value)[:60]}"
            )
    return out


_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


def _is(value: Any, want: str | list[str]) -> bool:
    kinds = [want] if isinstance(want, str) else want
    for k in kinds:
        if isinstance(value, _TYPES[k]) and not (k == "integer" and isinstance(value, bool)):
            return True
    return False


def _op(summary: str, ok: tuple[int, str], errors: tuple[int, ...], **more: Any) -> Any:
    responses: dict[str, Any] = {
        str(ok[0]): {
            "description": "OK" if ok[0] == 200 else "Created",
            "content": {"application/json": {"schema": _ref(ok[1])}},
        }
    }
    for code in (401, *errors, 503):
        responses[str(code)] = {
            "description": _WHY[code],
            "content": {"application/json": {"schema": _ref("Error")}},
        }
    return {"summary": summary, "responses": responses, **more}


_WHY = {
    400: "bad request (a parameter or body property of the wrong form)",
    401: "no valid token",
    403: "a read-only token",
    404: "no such case or rule set",
    409: "the case exists",
    412: "If-Match names a stale version",
    413: "body too large",
    422: "the rule set refuses the event; nothing stored",
    503: "the database cannot be reached or used now; nothing stored",
}


def _health() -> Any:
    """``GET /health``: 200 or 503, both with a Health body."""
    op = _op("database reachable, rule sets loaded", (200, "Health"), ())
    op["responses"]["503"] = {
        "description": "the database cannot be reached or used: the problems say why",
        "content": {"application/json": {"schema": _ref("Health")}},
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
    return {"required": True, "content": {"application/json": {"schema": _ref(name)}}}


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
    for code in (400, 401, 404):
        ics[str(code)] = {
            "description": _WHY[code],
            "content": {"application/json": {"schema": _ref("Error")}},
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
        _param("status", "query", "comma-separated: overdue, expired, due_soon, pending"),
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
