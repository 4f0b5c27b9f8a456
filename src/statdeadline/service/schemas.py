"""The JSON Schemas of what the service takes and gives, from which
:mod:`statdeadline.service.openapi` builds the OpenAPI document (``GET /openapi.json``).
The request checks read the same schemas (:func:`check_body`), and the tests validate
every response against them, so the document a council's developers generate a client
from is the one the service keeps.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..engine.stored import case_schema

__all__ = ["SCHEMAS", "check_body", "ref"]

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


def ref(name: str) -> dict[str, str]:
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
    schema["properties"]["events"]["items"] = ref("EventIn")
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
            "error_id": {
                "type": "string",
                "description": "500 only: names the server log's entry (with the traceback)",
            },
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
            "events": {"type": "array", "items": ref("EventIn")},
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
            "ended_on": {**_NDATE, "description": "the day it stopped running; null: running"},
            "counted_from": {**_NDATE, "description": "the day its days taken count from"},
            "citation": ref("Citation"),
            "calendar_fingerprint": {"type": "string"},
        }
    ),
    "Case": _obj(
        {
            "case_id": {"type": "string"},
            "ruleset": {"type": "string"},
            "ruleset_version": {"type": "string"},
            "events": {"type": "array", "items": ref("EventIn")},
            "conventions": _CONVENTIONS,
            "division": {**_DIVISION, "type": ["string", "null"]},
            "team": _NSTR,
            "version": {"type": "integer", "description": "also the ETag"},
            "state": {"type": "string", "description": "the state at as_of"},
            "closed": {"type": "boolean"},
            "as_of": _DATE,
            "deadlines": {"type": "array", "items": ref("Deadline")},
            "warnings": {"type": "array", "items": ref("Warning")},
            "recorded": ref("EventIn"),
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
                "items": ref("Warning"),
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
            "citation": ref("Citation"),
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
            "items": {"type": "array", "items": ref("QueueItem")},
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
