"""``statdeadline serve``: the deadline service (docs/service.md) under uvicorn."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from ..exceptions import StatDeadlineError, UsageError
from ..service.durability import SYNCHRONOUS  # imports nothing: --help needs no extra
from .common import EXIT_OK, add_command, add_rules_option, rules_dirs
from .database import add_db_option

__all__ = ["register"]

EXTRA = 'pip install "statdeadline[service]"'


def _port(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"expected a port number 1-65535, got {text!r}")
    return int(text)


def _count(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) <= 64:
        raise argparse.ArgumentTypeError(f"expected a whole number 1-64, got {text!r}")
    return int(text)


def _ttl(text: str) -> int:
    from ..service.idempotency import parse_ttl

    try:
        return parse_ttl(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _bytes(text: str) -> int:
    if not text.isdigit() or int(text) < 1024:
        raise argparse.ArgumentTypeError(f"expected a number of bytes >= 1024, got {text!r}")
    return int(text)


def _cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    try:
        import starlette  # noqa: F401  # checked here, for a usage error
        import uvicorn
    except ModuleNotFoundError:
        raise UsageError(f"serve needs the service extra: {EXTRA}") from None
    from ..service.cases import ruleset, serve_rules, served_ids
    from ..service.recompute import recompute
    from ..service.store import open_store
    from .recompute import report_recompute

    dirs = rules_dirs(args)
    serve_rules(dirs)
    try:  # a rule file of a --rules folder that does not load is told now, not per request
        for ref in served_ids():
            ruleset(ref)
    except StatDeadlineError as exc:
        raise UsageError(f"--rules: {exc}") from None
    store = open_store(args.db, args.sqlite_synchronous)
    with store.read() as tx:
        row = tx.one("SELECT COUNT(*) FROM tokens")
    done, moved = recompute(store)  # new bank holidays or rule-set versions since last time
    store.close()
    if done:
        report_recompute(out, done, moved)
    if not row or not row[0]:
        sys.stderr.write(
            "warning: no API tokens yet, so every request will be refused (401); "
            f"create one with: statdeadline token create --name NAME --db {args.db}\n"
        )
    os.environ["STATDEADLINE_DB"] = args.db
    os.environ["STATDEADLINE_MAX_BODY"] = str(args.max_body)
    os.environ["STATDEADLINE_SQLITE_SYNCHRONOUS"] = args.sqlite_synchronous
    os.environ["STATDEADLINE_IDEMPOTENCY_TTL"] = str(args.idempotency_ttl)
    os.environ["STATDEADLINE_RULES"] = os.pathsep.join(str(Path(d).resolve()) for d in dirs)
    out.write(
        f"statdeadline service on http://{args.host}:{args.port}/ "
        f"({args.workers} worker(s)); Ctrl-C stops it\n"
    )
    out.flush()
    uvicorn.run(
        "statdeadline.service.app:app_from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=args.access_log,
        log_level="info" if args.access_log else "warning",
    )
    return EXIT_OK


def register(sub: Any) -> None:
    """Add ``serve`` to the top-level subparsers ``sub``."""
    serve = add_command(
        sub,
        "serve",
        "the deadline service: an HTTP/JSON API over a database",
        "Serve the HTTP/JSON API of docs/service.md: cases, their events and deadlines, "
        "and the work queue across cases, kept in a SQLite file or a PostgreSQL database. "
        "Every request needs a token from 'statdeadline token create'. Needs the service "
        f"extra: {EXTRA}.",
        [
            "statdeadline serve --db sqlite:///cases.db --port 8080",
            "statdeadline serve --db postgresql://sd@db.internal/statdeadline --workers 4",
        ],
        _cmd_serve,
    )
    add_db_option(serve)
    serve.add_argument(
        "--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument("--port", type=_port, default=8000, help="the port (default: 8000)")
    serve.add_argument(
        "--workers", type=_count, default=1, metavar="N", help="server processes (default: 1)"
    )
    serve.add_argument(
        "--max-body",
        type=_bytes,
        default=1024 * 1024,
        metavar="BYTES",
        help="refuse request bodies larger than this with 413 (default: 1048576)",
    )
    serve.add_argument(
        "--sqlite-synchronous",
        choices=SYNCHRONOUS,
        default="full",
        help="SQLite's durability: 'full' (default) syncs every commit to disk, so an event "
        "answered 201 survives a power cut; 'normal' syncs less often (faster), and the "
        "events answered in the moments before a power cut can be lost (a crash of the "
        "server alone loses nothing). Ignored for PostgreSQL",
    )
    serve.add_argument(
        "--idempotency-ttl",
        type=_ttl,
        default="24h",
        metavar="DURATION",
        help="how long an Idempotency-Key is kept (and a retry with it answered with the "
        "first answer): a number and s, m, h or d (default: 24h); older keys are deleted "
        "and the same key is then a new request",
    )
    serve.add_argument("--access-log", action="store_true", help="log every request to stderr")
    add_rules_option(
        serve,
        "a rules folder of the council's own (its rule sets and overlays, as the other "
        "commands' --rules): served besides the bundled rule sets, for cases, the work "
        "queue, recompute and /audit (repeatable)",
    )
