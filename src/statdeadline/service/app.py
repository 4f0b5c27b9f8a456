"""The HTTP layer: a Starlette application of the endpoints in
:mod:`statdeadline.service.endpoints`. Around them, in this order: the body-size cap (413), the token check (401 without a
valid ``Authorization: Bearer`` token, 403 for a read-only token that writes), then the
routes (404 and 405 as JSON). A calendar feed (``GET ....ics``) may instead carry a
read-only token as ``?token=``, for calendar programs that cannot send a header (a valid
token that may write is refused there with 403, saying why). A refusal is answered with its status and an ``error``
text; a database that cannot be used now (:mod:`statdeadline.service.unavailable` says
which errors mean that) with 503 and :data:`DOWN`; anything else unexpected, a database
error included, with 500 and ``{"error": "internal error", "error_id": ID}``: the
traceback goes to the server's log under that id, never to the client. No CORS headers
are sent: browsers on other origins cannot call the service.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import uuid
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..exceptions import StatDeadlineError
from .cases import ServiceError, refusal, ruleset, serve_rules, served_ids
from .endpoints import ROUTES, Handler
from .idempotency import DEFAULT_TTL
from .store import BUSY_TIMEOUT, Store, open_store
from .tokens import TOKEN_TTL, Caller, check_token

__all__ = ["DEFAULT_MAX_BODY", "app_from_environment", "create_app"]

DEFAULT_MAX_BODY = 1024 * 1024
DOWN = "the database cannot be reached or used now; nothing was stored (GET /health says why)"
URL_TOKEN = (
    "token {0!r} may write, so it is not taken from a URL (?token=); give a read-only "
    "token there (statdeadline token create --read-only), or this one as "
    "Authorization: Bearer TOKEN"
)
_log = logging.getLogger("statdeadline.service")


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"error": message, **extra}, status, headers=headers)


def _failed(store: Store, where: str) -> JSONResponse:
    """The answer to the exception being handled (call it in an ``except``): 503 and
    :data:`DOWN` if it means the database cannot be used now, else 500 with a new error id,
    logged with the traceback (``where``: what was being done)."""
    exc = sys.exc_info()[1]
    if exc is not None and store.unavailable(exc):
        _log.exception("database unavailable %s", where)
        return _error(503, DOWN)
    error_id = uuid.uuid4().hex[:16]
    _log.exception("internal error %s %s", error_id, where)
    return _error(500, "internal error", error_id=error_id)


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
        from_url = False
        try:
            if scheme.lower() == "bearer" and token.strip():
                caller = await self._caller(token.strip())
            elif not auth and scope["method"] == "GET" and scope["path"].endswith(".ics"):
                caller, from_url = await self._feed_caller(scope), True
        except Exception:
            await _failed(self.store, "checking a token")(scope, receive, send)
            return
        if from_url and caller is not None and not caller.read_only:
            await self._answer(scope, receive, send, 403, URL_TOKEN.format(caller.name))
            return
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
        """The caller of a calendar feed's ``?token=``, for calendar programs that cannot
        send a header (``None`` for no valid token: 401). Only a read-only token is let in
        from a URL (URLs end up in logs and settings): a valid token that may write is
        refused with 403 (:data:`URL_TOKEN`), not 401, since it is known but not allowed
        there."""
        given = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
        if not given:
            return None
        return await self._caller(given[0])

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


def _guarded(fn: Handler, store: Store) -> Handler:
    """``fn`` with refusals, oversized bodies, an unusable database (503) and unexpected
    errors (500) answered as JSON (:func:`_failed`)."""

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
            return _failed(store, f"in {request.method} {request.url.path}")

    return handle


async def _not_found(request: Request, exc: Exception) -> Response:
    code = exc.status_code if isinstance(exc, HTTPException) else 404
    text = "no such endpoint" if code == 404 else f"{request.method} is not allowed here"
    return _error(code, f"{text}: {request.method} {request.url.path}")


def create_app(
    db: str,
    max_body: int = DEFAULT_MAX_BODY,
    sqlite_synchronous: str = "full",
    idempotency_ttl: int = DEFAULT_TTL,
    rules_dirs: Sequence[str] = (),
    sqlite_busy_timeout: float = BUSY_TIMEOUT,
) -> ASGIApp:
    """The service over the database ``db`` (its tables created if missing);
    ``idempotency_ttl`` is how long an ``Idempotency-Key`` is kept, in seconds;
    ``rules_dirs``: rules folders whose rule sets are served besides the bundled ones;
    ``sqlite_busy_timeout``: how long a request waits for another process's SQLite lock
    before it is answered 503, in seconds."""
    serve_rules(rules_dirs)
    store = open_store(db, sqlite_synchronous, sqlite_busy_timeout)
    for ref in served_ids():  # load the rule sets before the first request
        ruleset(ref)
    routes = [Route(path, _guarded(fn, store), methods=methods) for path, fn, methods in ROUTES]
    app = Starlette(routes=routes, exception_handlers={404: _not_found, 405: _not_found})
    app.state.store = store
    app.state.idempotency_ttl = idempotency_ttl
    return Guard(app, store, max_body)


def app_from_environment() -> ASGIApp:
    """The app ``statdeadline serve`` starts in each worker: ``STATDEADLINE_DB``,
    ``STATDEADLINE_MAX_BODY`` (bytes), ``STATDEADLINE_SQLITE_SYNCHRONOUS`` and
    ``STATDEADLINE_IDEMPOTENCY_TTL`` (seconds), ``STATDEADLINE_RULES`` (rules
    folders, separated by ``os.pathsep``) and ``STATDEADLINE_SQLITE_BUSY_TIMEOUT``
    (seconds; not set by ``serve``, so it is the environment's) from the environment."""
    env = os.environ
    return create_app(
        env.get("STATDEADLINE_DB", "sqlite:///statdeadline.db"),
        int(env.get("STATDEADLINE_MAX_BODY", DEFAULT_MAX_BODY)),
        env.get("STATDEADLINE_SQLITE_SYNCHRONOUS", "full"),
        int(env.get("STATDEADLINE_IDEMPOTENCY_TTL", DEFAULT_TTL)),
        [d for d in env.get("STATDEADLINE_RULES", "").split(os.pathsep) if d],
        float(env.get("STATDEADLINE_SQLITE_BUSY_TIMEOUT", BUSY_TIMEOUT)),
    )
