"""The HTTP layer: a Starlette application over :mod:`statdeadline.service.cases`.

Each endpoint reads its request (path, query, JSON body), calls one function there in a
worker thread (the database and the engine are synchronous) and writes its result as
JSON. Around them, in this order: the body-size cap (413), the token check (401 without a
valid ``Authorization: Bearer`` token, 403 for a read-only token that writes), then the
routes (404 and 405 as JSON). A calendar feed (``GET ....ics``) may instead carry a
read-only token as ``?token=``, for calendar programs that cannot send a header. A refusal is answered with its status and an ``error``
text; anything unexpected with 500 and ``{"error": "internal error"}`` (the traceback goes
to the server's log, never to the client). No CORS headers are sent: browsers on other
origins cannot call the service.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .._version import __version__
from ..exceptions import StatDeadlineError
from . import auditing, calendars, cases, feeds
from .cases import Idem, ServiceError, as_of_date, bundled_ids, refusal, retrying, ruleset
from .schemas import check_body, openapi
from .store import Store, open_store
from .tokens import Caller, check_token
from .workqueue import work_queue

__all__ = ["DEFAULT_MAX_BODY", "TOKEN_TTL", "app_from_environment", "create_app"]

DEFAULT_MAX_BODY = 1024 * 1024
#: Seconds a valid token is remembered by a server process.
TOKEN_TTL = 60.0
ICS = "text/calendar; charset=utf-8"
_log = logging.getLogger("statdeadline.service")
Handler = Callable[[Request], Awaitable[Response]]


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"error": message, **extra}, status, headers=headers)


class _TooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: the body-size cap and the token check, before any route."""

    def __init__(self, app: ASGIApp, store: Store, max_body: int) -> None:
        self.app, self.store, self.max_body = app, store, max_body
        self._known: dict[str, tuple[Caller, float]] = {}

    async def _caller(self, token: str) -> Caller | None:
        """The token's caller; a valid token is remembered for ``TOKEN_TTL`` seconds, so
        most requests need no database read to be let in (an unknown one is never
        remembered: a token made a moment ago works at once)."""
        now = time.monotonic()
        known = self._known.get(token)
        if known is not None and now - known[1] < TOKEN_TTL:
            return known[0]
        caller = await run_in_threadpool(check_token, self.store, token)
        if caller is not None:
            if len(self._known) > 10_000:
                self._known.clear()
            self._known[token] = (caller, now)
        return caller

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.max_body:
            await self._answer(
                scope, receive, send, 413, f"request body larger than {self.max_body} bytes"
            )
            return
        auth = headers.get(b"authorization", b"").decode("latin-1")
        scheme, _, token = auth.partition(" ")
        caller = None
        if scheme.lower() == "bearer" and token.strip():
            caller = await self._caller(token.strip())
        elif not auth and scope["method"] == "GET" and scope["path"].endswith(".ics"):
            caller = await self._feed_caller(scope)
        if caller is None:
            await self._answer(
                scope,
                receive,
                send,
                401,
                "a valid API token is required (Authorization: Bearer TOKEN)",
            )
            return
        if caller.read_only and scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            await self._answer(scope, receive, send, 403, f"token {caller.name!r} is read-only")
            return
        scope.setdefault("state", {})["caller"] = caller
        await self.app(scope, self._capped(receive), send)

    async def _feed_caller(self, scope: Scope) -> Caller | None:
        """A calendar feed's ``?token=``, for calendar programs that cannot send a header:
        only a read-only token is taken from a URL (URLs end up in logs and settings)."""
        given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
        if not given:
            return None
        caller = await self._caller(given[0])
        return caller if caller is not None and caller.read_only else None

    def _capped(self, receive: Receive) -> Receive:
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                raise _TooLarge
            return message

        return counted

    @staticmethod
    async def _answer(scope: Scope, receive: Receive, send: Send, status: int, text: str) -> None:
        await _error(status, text)(scope, receive, send)


def _guarded(fn: Handler) -> Handler:
    """``fn`` with refusals, oversized bodies and unexpected errors answered as JSON."""

    async def handle(request: Request) -> Response:
        try:
            return await fn(request)
        except ServiceError as exc:
            return JSONResponse(exc.body, exc.status)
        except _TooLarge:
            return _error(413, "request body too large")
        except StatDeadlineError as exc:
            err = refusal(exc)
            return JSONResponse(err.body, err.status)
        except Exception:
            _log.exception("internal error in %s %s", request.method, request.url.path)
            return _error(500, "internal error")

    return handle


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
    return Idem(caller.name, key, seen.hexdigest())


def _case_response(result: tuple[int, dict[str, Any]]) -> Response:
    status, body = result
    return JSONResponse(body, status, headers={"ETag": f'"{body["version"]}"'})


def _routes(store: Store) -> list[Route]:
    async def health(request: Request) -> Response:
        def check() -> dict[str, Any]:
            with store.read() as tx:
                tx.one("SELECT 1")
            ids = bundled_ids()
            return {
                "status": "ok",
                "database": store.dialect,
                "rulesets": list(ids),
                "bank_holidays_until": min(ruleset(i).calendar.authoritative_until for i in ids),
                "version": __version__,
            }

        return JSONResponse(await run_in_threadpool(check))

    async def rulesets(request: Request) -> Response:
        return JSONResponse({"rulesets": [_summary(i) for i in bundled_ids()]})

    async def one_ruleset(request: Request) -> Response:
        return JSONResponse(_describe(request.path_params["ruleset_id"]))

    async def create(request: Request) -> Response:
        body, raw = await _json_body(request, "CaseIn")
        caller, as_of = request.state.caller, as_of_date(request.query_params.get("as_of"))
        idem = _idem(request, caller, raw)
        return _case_response(
            await run_in_threadpool(
                retrying, store, lambda: cases.create_case(store, caller, body, as_of, idem)
            )
        )

    async def get_case(request: Request) -> Response:
        as_of = as_of_date(request.query_params.get("as_of"))
        cid = request.path_params["case_id"]
        return _case_response(await run_in_threadpool(cases.get_case, store, cid, as_of))

    async def delete(request: Request) -> Response:
        cid, caller = request.path_params["case_id"], request.state.caller
        if_match = request.headers.get("if-match")
        status, body = await run_in_threadpool(cases.delete_case, store, caller, cid, if_match)
        return JSONResponse(body, status)

    async def add_event(request: Request) -> Response:
        body, raw = await _json_body(request, "EventIn")
        caller, cid = request.state.caller, request.path_params["case_id"]
        as_of = as_of_date(request.query_params.get("as_of"))
        idem, if_match = _idem(request, caller, raw), request.headers.get("if-match")

        def work() -> tuple[int, dict[str, Any]]:
            return cases.add_event(store, caller, cid, body, if_match, as_of, idem)

        return _case_response(await run_in_threadpool(retrying, store, work))

    async def deadlines(request: Request) -> Response:
        query = dict(request.query_params)
        return JSONResponse(await run_in_threadpool(work_queue, store, query))

    async def case_ics(request: Request) -> Response:
        cid, as_of = request.path_params["case_id"], as_of_date(request.query_params.get("as_of"))
        alarm = _alarm(request)
        text = await run_in_threadpool(feeds.case_feed, store, cid, cases.rebuild, as_of, alarm)
        if text is None:
            raise ServiceError(404, f"no case {cid!r}")
        return Response(text, media_type=ICS)

    async def team_ics(request: Request) -> Response:
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

    table: list[tuple[str, Handler, list[str]]] = [
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
    return [Route(path, _guarded(fn), methods=methods) for path, fn, methods in table]


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
    """A rule set as ``to_summary`` gives it, with its events (and their fields) and states."""
    rs = ruleset(ref)
    events = {
        e.id: {
            "label": e.label,
            "effect": e.effect,
            "receipt": e.receipt,
            "fields": {
                f.name: {"type": f.type, "required": f.required, "label": f.label}
                for f in e.fields.values()
            },
        }
        for e in rs.events.values()
    }
    states = {
        s.id: {"label": s.label, "initial": s.initial, "final": s.final} for s in rs.states.values()
    }
    return {**rs.to_summary(), "events": events, "states": states}


async def _not_found(request: Request, exc: Exception) -> Response:
    code = exc.status_code if isinstance(exc, HTTPException) else 404
    text = "no such endpoint" if code == 404 else f"{request.method} is not allowed here"
    return _error(code, f"{text}: {request.method} {request.url.path}")


def create_app(db: str, max_body: int = DEFAULT_MAX_BODY) -> ASGIApp:
    """The service over the database ``db`` (its tables created if missing)."""
    store = open_store(db)
    for ref in bundled_ids():  # load the rule sets before the first request
        ruleset(ref)
    app = Starlette(
        routes=_routes(store),
        exception_handlers={404: _not_found, 405: _not_found},
    )
    return Guard(app, store, max_body)


def app_from_environment() -> ASGIApp:
    """The app ``statdeadline serve`` starts in each worker: ``STATDEADLINE_DB`` and
    ``STATDEADLINE_MAX_BODY`` (bytes) from the environment."""
    db = os.environ.get("STATDEADLINE_DB", "sqlite:///statdeadline.db")
    return create_app(db, int(os.environ.get("STATDEADLINE_MAX_BODY", DEFAULT_MAX_BODY)))
