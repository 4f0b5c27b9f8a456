"""The endpoints: each reads its request (path, query, JSON body), calls one function of
:mod:`statdeadline.service.cases` (or ``workqueue``, ``feeds``, ``calendars``,
``auditing``) in a worker thread - the database and the engine are synchronous - and
writes its result. The store is the application's (``request.app.state.store``); the
token check, the body cap and the answers to refusals are :mod:`statdeadline.service.app`'s.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .._version import __version__
from . import auditing, calendars, cases, feeds
from .cases import ServiceError, as_of_date, retrying, ruleset, served_ids
from .idempotency import Idem
from .openapi import openapi
from .schemas import check_body
from .store import Store
from .tokens import Caller
from .workqueue import work_queue

__all__ = ["ICS", "ROUTES", "Handler"]

ICS = "text/calendar; charset=utf-8"
Handler = Callable[[Request], Awaitable[Response]]


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def _json_body(request: Request, schema: str) -> tuple[Any, bytes]:
    raw = await request.body()
    try:
        body = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = (
            f" (line {exc.lineno}, column {exc.colno})"
            if isinstance(exc, json.JSONDecodeError)
            else ""
        )
        raise ServiceError(400, f"body: not valid JSON{where}") from None
    wrong = check_body(schema, body)
    if wrong:
        raise ServiceError(400, "body: " + "; ".join(wrong))
    return body, raw


def _idem(request: Request, caller: Caller, raw: bytes) -> Idem | None:
    key = request.headers.get("idempotency-key")
    if key is None:
        return None
    seen = hashlib.sha256(f"{request.method} {request.url.path}?{request.url.query}\n".encode())
    seen.update(raw)
    try:
        return Idem(caller.name, key, seen.hexdigest(), request.app.state.idempotency_ttl)
    except ValueError as exc:
        raise ServiceError(400, str(exc), field="Idempotency-Key") from None


def _case_response(result: tuple[int, dict[str, Any]]) -> Response:
    status, body = result
    return JSONResponse(body, status, headers={"ETag": f'"{body["version"]}"'})


def _alarm(request: Request) -> int | None:
    """``?alarm=N``: a reminder N days before (0-60)."""
    text = request.query_params.get("alarm")
    if text is None:
        return None
    if not text.isdigit() or int(text) > 60:
        raise ServiceError(
            400, f"alarm: expected a number of days 0-60, got {text!r}", field="alarm"
        )
    return int(text)


def _summary(ref: str) -> dict[str, Any]:
    rs = ruleset(ref)
    return {
        "id": rs.id,
        "title": rs.title,
        "version": rs.version,
        "effective_from": rs.effective_from.isoformat(),
        "effective_to": rs.effective_to.isoformat() if rs.effective_to else None,
    }


def _describe(ref: str) -> dict[str, Any]:
    """A rule set as ``to_summary`` gives it (its events with their fields, its clocks
    with their citations and choices), with its states."""
    rs = ruleset(ref)
    states = {
        s.id: {"label": s.label, "initial": s.initial, "final": s.final} for s in rs.states.values()
    }
    return {**rs.to_summary(), "states": states}


async def health(request: Request) -> Response:
    store = _store(request)

    def check() -> dict[str, Any]:
        wrong = store.ping()
        ids = served_ids()
        return {
            "status": "ok" if wrong is None else "unavailable",
            "database": store.dialect,
            "problems": [] if wrong is None else [f"database: {wrong}"],
            "rulesets": list(ids),
            "bank_holidays_until": min(ruleset(i).calendar.authoritative_until for i in ids),
            "version": __version__,
        }

    body = await run_in_threadpool(check)
    return JSONResponse(body, 200 if body["status"] == "ok" else 503)


async def rulesets(request: Request) -> Response:
    return JSONResponse({"rulesets": [_summary(i) for i in served_ids()]})


async def one_ruleset(request: Request) -> Response:
    return JSONResponse(_describe(request.path_params["ruleset_id"]))


async def create(request: Request) -> Response:
    store = _store(request)
    body, raw = await _json_body(request, "CaseIn")
    caller, as_of = request.state.caller, as_of_date(request.query_params.get("as_of"))
    idem = _idem(request, caller, raw)
    return _case_response(
        await run_in_threadpool(
            retrying, store, lambda: cases.create_case(store, caller, body, as_of, idem)
        )
    )


async def get_case(request: Request) -> Response:
    store = _store(request)
    as_of = as_of_date(request.query_params.get("as_of"))
    cid = request.path_params["case_id"]
    return _case_response(await run_in_threadpool(cases.get_case, store, cid, as_of))


async def delete(request: Request) -> Response:
    store = _store(request)
    cid, caller = request.path_params["case_id"], request.state.caller
    if_match = request.headers.get("if-match")
    status, body = await run_in_threadpool(cases.delete_case, store, caller, cid, if_match)
    return JSONResponse(body, status)


async def add_event(request: Request) -> Response:
    store = _store(request)
    body, raw = await _json_body(request, "EventIn")
    caller, cid = request.state.caller, request.path_params["case_id"]
    as_of = as_of_date(request.query_params.get("as_of"))
    idem, if_match = _idem(request, caller, raw), request.headers.get("if-match")

    def work() -> tuple[int, dict[str, Any]]:
        return cases.add_event(store, caller, cid, body, if_match, as_of, idem)

    return _case_response(await run_in_threadpool(retrying, store, work))


async def deadlines(request: Request) -> Response:
    store = _store(request)
    query = dict(request.query_params)
    return JSONResponse(await run_in_threadpool(work_queue, store, query))


async def case_ics(request: Request) -> Response:
    store = _store(request)
    cid, as_of = request.path_params["case_id"], as_of_date(request.query_params.get("as_of"))
    alarm = _alarm(request)
    text = await run_in_threadpool(feeds.case_feed, store, cid, cases.rebuild, as_of, alarm)
    if text is None:
        raise ServiceError(404, f"no case {cid!r}")
    return Response(text, media_type=ICS)


async def team_ics(request: Request) -> Response:
    store = _store(request)
    as_of, alarm = as_of_date(request.query_params.get("as_of")), _alarm(request)
    team = request.query_params.get("team")
    text = await run_in_threadpool(feeds.team_feed, store, team, cases.rebuild, as_of, alarm)
    return Response(text, media_type=ICS)


async def calendar_add(request: Request) -> Response:
    body, _ = await _json_body(request, "CalendarAdd")
    return JSONResponse(await run_in_threadpool(calendars.add, body))


async def calendar_between(request: Request) -> Response:
    body, _ = await _json_body(request, "CalendarBetween")
    return JSONResponse(await run_in_threadpool(calendars.between, body))


async def run_audit(request: Request) -> Response:
    raw, query = await request.body(), dict(request.query_params)
    text = await run_in_threadpool(auditing.run_audit, raw, query)
    return Response(text, media_type="application/json")


async def spec(request: Request) -> Response:
    return JSONResponse(openapi())


#: (path, handler, methods) of every endpoint.
ROUTES: list[tuple[str, Handler, list[str]]] = [
    ("/health", health, ["GET"]),
    ("/openapi.json", spec, ["GET"]),
    ("/rulesets", rulesets, ["GET"]),
    ("/rulesets/{ruleset_id}", one_ruleset, ["GET"]),
    ("/cases", create, ["POST"]),
    ("/cases/{case_id}", get_case, ["GET"]),
    ("/cases/{case_id}", delete, ["DELETE"]),
    ("/cases/{case_id}/events", add_event, ["POST"]),
    ("/deadlines", deadlines, ["GET"]),
    ("/cases/{case_id}/calendar.ics", case_ics, ["GET"]),
    ("/calendar.ics", team_ics, ["GET"]),
    ("/calendar/add", calendar_add, ["POST"]),
    ("/calendar/between", calendar_between, ["POST"]),
    ("/audit", run_audit, ["POST"]),
]
