"""A real deadline service for the tests: ``statdeadline serve`` started as a process on
127.0.0.1 on a free port, over a temporary SQLite file or a throwaway PostgreSQL
database, and an HTTP client for it (``urllib``, so nothing else is needed).

PostgreSQL is used when ``STATDEADLINE_TEST_POSTGRES`` names a server
(``postgresql://USER@HOST:PORT/DATABASE``, a database the user may create databases
from); each server fixture gets a database of its own, dropped afterwards.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

POSTGRES = os.environ.get("STATDEADLINE_TEST_POSTGRES")
NO_POSTGRES = (
    "no PostgreSQL server for the tests: set STATDEADLINE_TEST_POSTGRES to "
    "postgresql://USER@HOST:PORT/DATABASE (.ci/run starts one)"
)


class Reply:
    """An HTTP response: status, headers (lower-case names) and the JSON body."""

    def __init__(self, status: int, headers: Mapping[str, str], raw: bytes) -> None:
        self.status = status
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.raw = raw
        self.json: Any = (
            json.loads(raw) if raw and "json" in self.headers.get("content-type", "") else None
        )

    def __repr__(self) -> str:
        return f"<Reply {self.status} {self.raw[:200]!r}>"


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``statdeadline serve`` over ``db``; :meth:`start`, :meth:`stop`, :meth:`call`; as
    a context manager, started on entry and stopped on exit. The tests' token is made
    unless another server's ``token`` is given; ``env``: environment variables the server
    gets besides the tests' own."""

    def __init__(
        self,
        db: str,
        log: Path,
        *extra: str,
        token: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.db = db
        self.log = log
        self.extra = extra
        self.env = {**os.environ, **(env or {})}
        self.port = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self.token = token or self.make_token("tests")

    def make_token(self, name: str, read_only: bool = False) -> str:
        """A new token, made with ``statdeadline token create`` (its last word)."""
        argv = [sys.executable, "-m", "statdeadline", "token", "create", "--name", name]
        argv += ["--db", self.db] + (["--read-only"] if read_only else [])
        done = subprocess.run(argv, capture_output=True, text=True, check=True)
        return done.stdout.split()[-1]

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self.port = free_port()
        argv = [sys.executable, "-m", "statdeadline", "serve", "--db", self.db]
        argv += ["--port", str(self.port), *self.extra]
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log.read_text()}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), 0.2),
            ):
                return
            time.sleep(0.05)
        raise RuntimeError(f"the server did not start: {self.log.read_text()}")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(30)
            self.proc = None

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        token: str | None = "",
        raw: bytes | None = None,
    ) -> Reply:
        """One request; ``token=""`` sends the tests' token, ``None`` none at all."""
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if token is not None:
            req.add_header("Authorization", f"Bearer {token or self.token}")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return Reply(resp.status, dict(resp.headers), resp.read())
        except urllib.error.HTTPError as exc:
            return Reply(exc.code, dict(exc.headers), exc.read())


@contextlib.contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    """A fresh database URL for ``backend`` (``sqlite`` or ``postgresql``)."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'cases.db'}"
        return
    import psycopg

    assert POSTGRES is not None
    name = f"sd_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = POSTGRES.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def running(backend: str, folder: Path, *extra: str) -> Iterator[Server]:
    """A started server with ``extra`` options over a fresh ``backend`` database in
    ``folder``, stopped (and the database dropped) when done."""
    with database(backend, folder) as db, Server(db, folder / "server.log", *extra) as srv:
        yield srv
