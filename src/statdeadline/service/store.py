"""The service's database: SQLite (the standard library's ``sqlite3``) or PostgreSQL
(``psycopg`` 3, from the ``service`` extra), behind one thin interface.

Tables (created if missing; ``meta`` holds the schema version):

* ``tokens`` - API tokens: name, SHA-256 of the token (never the token), read-only flag;
* ``cases`` - one row a case: rule set, team, current state and version, soft deletion,
  and the council's choices for it (``choices``: the rule set's conventions and division,
  as JSON; ``NULL`` for the rule set's own);
* ``events`` - append-only: ``(case_id, seq)`` and the event as the engine recorded it;
  rows are never updated or deleted;
* ``versions`` - one row per version of a case: who wrote it and when;
* ``deadlines`` - the clocks still running on each case (what the work queue reads),
  replaced whenever the case changes, with the case's ``choices`` (their calendar);
* ``idempotency`` - per token and ``Idempotency-Key``: the request's fingerprint and the
  response given, kept for a retention (:mod:`statdeadline.service.idempotency`);
* ``audit_trail`` - who (the token's name) wrote what, when;
* ``deadline_changes`` - a running clock's due date moved by a recomputation (new bank
  holidays, a new version of a rule set): old and new date, when and why;
* ``calendar_items`` - every dated deadline a calendar feed has: its due date, whether it
  still runs, and its iCalendar ``SEQUENCE``.

Every write holds the case while it runs: PostgreSQL ``SELECT ... FOR UPDATE`` on the
case's row, in a transaction of its own; SQLite one writer at a time (``BEGIN IMMEDIATE``
between processes, a lock between the threads of one). So two clients posting to one case
are applied one after the other, and neither event is lost.

SQLite commits in groups (see :meth:`Store.write`): the writes of the requests that queue
for the lock while one runs share one transaction, and so one sync to disk, each inside a
``SAVEPOINT`` of its own. A write that fails rolls back to its savepoint (only its own rows
go); every write of a group returns, or raises what it raised, only once the group's
``COMMIT`` is done, so an answer never rests on rows that are not yet durable. The
durability is ``synchronous`` (``full`` by default: a committed write survives a power
cut; ``normal``: it survives the process's crash, but the last commits before a power
cut can be lost).

SQL is written once with ``?`` placeholders; for PostgreSQL they become ``%s``.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..exceptions import UsageError
from .durability import SYNCHRONOUS
from .unavailable import unavailable

__all__ = [
    "BUSY_TIMEOUT",
    "GROUP_MAX",
    "PING_TIMEOUT",
    "SCHEMA_VERSION",
    "SYNCHRONOUS",
    "Store",
    "Tx",
    "open_store",
]

SCHEMA_VERSION = "2"

#: How long a SQLite connection waits for another process's lock by default, in seconds
#: (then it fails with "database is locked", answered 503).
BUSY_TIMEOUT = 60.0

#: How long :meth:`Store.ping` waits for the database, in seconds.
PING_TIMEOUT = 2

#: The most writes one SQLite commit groups (so one group cannot hold the lock forever).
GROUP_MAX = 64

_TABLES = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS tokens (name TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE,"
    " read_only INTEGER NOT NULL, created_at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS cases (case_id TEXT PRIMARY KEY, ruleset TEXT NOT NULL,"
    " ruleset_version TEXT, team TEXT, state TEXT NOT NULL, version INTEGER NOT NULL,"
    " created_at TEXT NOT NULL, created_by TEXT NOT NULL, deleted_at TEXT, deleted_by TEXT,"
    " choices TEXT)",
    "CREATE TABLE IF NOT EXISTS events (case_id TEXT NOT NULL REFERENCES cases (case_id),"
    " seq INTEGER NOT NULL, data TEXT NOT NULL, recorded_at TEXT NOT NULL,"
    " recorded_by TEXT NOT NULL, PRIMARY KEY (case_id, seq))",
    "CREATE TABLE IF NOT EXISTS versions (case_id TEXT NOT NULL, version INTEGER NOT NULL,"
    " state TEXT NOT NULL, events INTEGER NOT NULL, written_at TEXT NOT NULL,"
    " written_by TEXT NOT NULL, PRIMARY KEY (case_id, version))",
    "CREATE TABLE IF NOT EXISTS deadlines (case_id TEXT NOT NULL, idx INTEGER NOT NULL,"
    " ruleset TEXT NOT NULL, team TEXT, clock TEXT NOT NULL, label TEXT NOT NULL,"
    " kind TEXT NOT NULL, instance INTEGER NOT NULL, start TEXT NOT NULL, due TEXT,"
    " paused INTEGER NOT NULL, level TEXT, lapses_as TEXT NOT NULL,"
    " due_soon INTEGER NOT NULL, choices TEXT, PRIMARY KEY (case_id, idx))",
    "CREATE INDEX IF NOT EXISTS deadlines_by_due ON deadlines (due, case_id, idx)",
    "CREATE TABLE IF NOT EXISTS idempotency (token TEXT NOT NULL, key TEXT NOT NULL,"
    " request TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL,"
    " created_at TEXT NOT NULL, PRIMARY KEY (token, key))",
    "CREATE INDEX IF NOT EXISTS idempotency_by_age ON idempotency (created_at)",
    "CREATE TABLE IF NOT EXISTS audit_trail (id {serial}, at TEXT NOT NULL,"
    " token TEXT NOT NULL, action TEXT NOT NULL, case_id TEXT, detail TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS deadline_changes (id {serial}, case_id TEXT NOT NULL,"
    " clock TEXT NOT NULL, instance INTEGER NOT NULL, old_due TEXT, new_due TEXT,"
    " at TEXT NOT NULL, reason TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS deadline_changes_by_case ON deadline_changes (case_id)",
    "CREATE TABLE IF NOT EXISTS calendar_items (case_id TEXT NOT NULL, clock TEXT NOT NULL,"
    " instance INTEGER NOT NULL, due TEXT NOT NULL, state TEXT NOT NULL,"
    " sequence INTEGER NOT NULL, updated_at TEXT NOT NULL,"
    " PRIMARY KEY (case_id, clock, instance))",
)

#: What brings a database of an older schema version up to date, by that version.
_MIGRATIONS = {
    "1": (
        "ALTER TABLE cases ADD COLUMN choices TEXT",
        "ALTER TABLE deadlines ADD COLUMN choices TEXT",
    ),
}

_SERIAL = {"sqlite": "INTEGER PRIMARY KEY AUTOINCREMENT", "postgresql": "BIGSERIAL PRIMARY KEY"}


class Tx:
    """One transaction: ``rows`` for a query, ``run`` for a statement."""

    __slots__ = ("_cur", "_pg")

    def __init__(self, cursor: Any, postgres: bool) -> None:
        self._cur = cursor
        self._pg = postgres

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self._pg else sql

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Every row ``sql`` gives."""
        self._cur.execute(self._sql(sql), tuple(params))
        return list(self._cur.fetchall())

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """The first row ``sql`` gives, or ``None``."""
        self._cur.execute(self._sql(sql), tuple(params))
        row = self._cur.fetchone()
        return None if row is None else tuple(row)

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Execute one statement."""
        self._cur.execute(self._sql(sql), tuple(params))

    def run_many(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        """Execute one statement for each parameter row."""
        if params:
            self._cur.executemany(self._sql(sql), [tuple(p) for p in params])


class _Group:
    """The writes sharing one SQLite transaction: how many, and its ``COMMIT``'s outcome."""

    __slots__ = ("done", "error", "size")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.error: BaseException | None = None
        self.size = 0


class Store:
    """A database the service keeps its cases in; see the module docstring.

    Reads use a connection per thread (the server runs requests in a thread pool); SQLite
    writes share one connection, held by one thread at a time.
    """

    def __init__(
        self, url: str, synchronous: str = "full", busy_timeout: float = BUSY_TIMEOUT
    ) -> None:
        if synchronous not in SYNCHRONOUS:
            raise UsageError(
                f"--sqlite-synchronous: expected one of {', '.join(SYNCHRONOUS)}, "
                f"got {synchronous!r}"
            )
        self.url = url
        self.synchronous = synchronous
        self.busy_timeout = busy_timeout
        self.dialect, self._target = _parse(url)
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._gate = threading.Lock()  # guards _waiting
        self._waiting = 0  # threads queued for _write_lock
        self._writer: Any = None  # SQLite: the connection every write uses
        self._group: _Group | None = None  # SQLite: the transaction open on _writer
        if self.dialect == "postgresql":
            import psycopg

            self._integrity: type[Exception] = psycopg.errors.IntegrityError
        else:
            self._integrity = sqlite3.IntegrityError

    @property
    def integrity_error(self) -> type[Exception]:
        """The exception a broken uniqueness constraint raises in this database."""
        return self._integrity

    def _open(self) -> Any:
        """A new connection; the driver's error if the database cannot be opened (a
        request's: :func:`~statdeadline.service.unavailable.unavailable` tells; at
        start-up :meth:`create` makes it a usage error)."""
        if self.dialect == "postgresql":
            import psycopg

            return psycopg.connect(self._target)
        conn = sqlite3.connect(
            self._target,
            isolation_level=None,
            timeout=self.busy_timeout,
            check_same_thread=False,
        )
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute(f"PRAGMA synchronous={self.synchronous.upper()}")
        return conn

    def _connect(self) -> Any:
        """This thread's connection, opened anew if it has none or PostgreSQL's was lost
        (a server restarted, its connections terminated: the request that found it lost
        was answered 503, and the next one connects again)."""
        conn = getattr(self._local, "conn", None)
        if conn is None or (self.dialect == "postgresql" and conn.closed):
            conn = self._local.conn = self._open()
        return conn

    def create(self) -> None:
        """Create the tables that are missing and record the schema version (a database
        of an older one is brought up to date: version 1 lacked ``choices``). A database
        that cannot be opened is a :class:`UsageError` naming ``--db``."""
        self._first_connection()
        with self.write() as tx:
            for sql in _TABLES:
                tx.run(sql.replace("{serial}", _SERIAL[self.dialect]))
            got = tx.one("SELECT value FROM meta WHERE key = 'schema'")
            if got is None:
                tx.run("INSERT INTO meta (key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))
            elif got[0] in _MIGRATIONS:
                for sql in _MIGRATIONS[got[0]]:
                    tx.run(sql)
                tx.run("UPDATE meta SET value = ? WHERE key = 'schema'", (SCHEMA_VERSION,))
            elif got[0] != SCHEMA_VERSION:
                raise UsageError(
                    f"--db {_redact(self.url)}: schema version {got[0]}; this statdeadline "
                    f"uses {SCHEMA_VERSION}"
                )

    def _first_connection(self) -> None:
        """Open the connection :meth:`create`'s write uses, a failure told as the command
        line's mistake (a request's is the driver's error, answered 503 or 500)."""
        if self.dialect == "postgresql":
            import psycopg

            try:
                self._connect()
            except psycopg.Error as exc:
                raise UsageError(f"--db {_redact(self.url)}: cannot connect: {exc}") from None
        elif self._writer is None:
            try:
                self._writer = self._open()
            except sqlite3.Error as exc:
                raise UsageError(f"--db {self.url}: cannot open: {exc}") from None

    @contextlib.contextmanager
    def read(self) -> Iterator[Tx]:
        """A read-only transaction (a consistent view of several queries)."""
        conn = self._connect()
        cur = conn.cursor()
        if self.dialect == "sqlite":
            cur.execute("BEGIN")
        try:
            yield Tx(cur, self.dialect == "postgresql")
        finally:
            conn.rollback()

    def write(self) -> contextlib.AbstractContextManager[Tx]:
        """A write, committed if the block ends normally, else rolled back; the block's
        exception is raised again once that is done.

        PostgreSQL: a transaction of its own; lock the rows written with
        :meth:`lock_case` first. SQLite: a group commit, see :meth:`_grouped`.
        """
        return self._grouped() if self.dialect == "sqlite" else self._alone()

    @contextlib.contextmanager
    def _alone(self) -> Iterator[Tx]:
        conn = self._connect()
        cur = conn.cursor()
        try:
            yield Tx(cur, True)
        except BaseException:
            conn.rollback()
            raise
        conn.commit()

    @contextlib.contextmanager
    def _grouped(self) -> Iterator[Tx]:
        """A SQLite write in a group commit.

        1. Queue for the write lock (counted in ``_waiting``).
        2. Holding it: ``BEGIN IMMEDIATE`` unless an earlier write left its transaction
           open for this one; ``SAVEPOINT``; the block; ``RELEASE``, or if the block
           raised ``ROLLBACK TO`` (only this block's rows go) and ``RELEASE``.
        3. If another write is queued and the group has fewer than :data:`GROUP_MAX`
           writes, leave the transaction open for it; else ``COMMIT``. If the database
           itself fails (the ``COMMIT``, a ``SAVEPOINT``), ``ROLLBACK`` the group, and
           every write of it raises that failure.
        4. Release the lock, wait for the group's ``COMMIT``, then return, or raise what
           the block raised.
        """
        with self._gate:
            self._waiting += 1
        self._write_lock.acquire()
        with self._gate:
            self._waiting -= 1
        try:
            if self._writer is None:
                self._writer = self._open()
            conn = self._writer
            if self._group is None:
                conn.execute("BEGIN IMMEDIATE")
                self._group = _Group()
        except BaseException:
            self._write_lock.release()
            raise
        group = self._group
        group.size += 1
        failed: BaseException | None = None
        try:
            conn.execute("SAVEPOINT write")
            try:
                yield Tx(conn.cursor(), False)
            except BaseException as exc:
                failed = exc
                conn.execute("ROLLBACK TO write")
            conn.execute("RELEASE write")
        except BaseException as exc:  # the database itself failed: so does the group
            failed = failed or exc
            group.error = exc
        finally:
            with self._gate:
                last = group.error is not None or self._waiting == 0 or group.size >= GROUP_MAX
            if last:
                self._commit(conn, group)
            self._write_lock.release()
        group.done.wait()
        if failed is not None:
            raise failed
        if group.error is not None:
            raise group.error

    def _commit(self, conn: Any, group: _Group) -> None:
        """End ``group``'s transaction (held under the write lock): ``COMMIT``, or
        ``ROLLBACK`` if the database already failed in it."""
        self._group = None
        try:
            if group.error is not None:
                conn.rollback()
            else:
                conn.execute("COMMIT")
        except BaseException as exc:
            group.error = exc
            with contextlib.suppress(sqlite3.Error):
                conn.rollback()
        finally:
            group.done.set()

    def ping(self) -> str | None:
        """``None`` if the database answers now, else what is wrong with it.

        A connection of its own (not the requests' connections, which may have outlived
        the database: a SQLite file removed, a PostgreSQL server restarted), waiting at
        most :data:`PING_TIMEOUT` seconds, reading the schema version; a SQLite file is
        never created by it."""
        try:
            if self.dialect == "sqlite":
                uri = Path(self._target).absolute().as_uri() + "?mode=rw"
                conn: Any = sqlite3.connect(uri, uri=True, timeout=PING_TIMEOUT)
            else:
                import psycopg

                conn = psycopg.connect(self._target, connect_timeout=PING_TIMEOUT)
            try:
                row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            finally:
                conn.close()
        except Exception as exc:  # whatever the driver raises, it is the answer
            text = " ".join(str(exc).split()) or type(exc).__name__
            return f"{_redact(self.url)}: {text}"
        if row is None or row[0] != SCHEMA_VERSION:
            found = "no schema version" if row is None else f"schema version {row[0]}"
            return f"{_redact(self.url)}: {found}, expected {SCHEMA_VERSION}"
        return None

    @staticmethod
    def unavailable(exc: BaseException) -> bool:
        """Whether ``exc`` means the database cannot be reached or used now (answered
        503), rather than an error in what was asked of it (500): see
        :mod:`statdeadline.service.unavailable`."""
        return unavailable(exc)

    def lock_case(self, tx: Tx, case_id: str) -> tuple[Any, ...] | None:
        """The case's row ``(ruleset, team, version, deleted_at, choices)``, locked for the
        rest of ``tx`` (SQLite's whole-database lock already holds it); ``None`` if absent."""
        lock = " FOR UPDATE" if self.dialect == "postgresql" else ""
        return tx.one(
            "SELECT ruleset, team, version, deleted_at, choices FROM cases WHERE case_id = ?"
            + lock,
            (case_id,),
        )

    def close(self) -> None:
        """Close this thread's connection (and the writers', once no write runs)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
        with self._write_lock:
            if self._writer is not None and self._group is None:
                self._writer.close()
                self._writer = None


def _parse(url: str) -> tuple[str, str]:
    """(dialect, what the driver connects to) for a ``--db`` URL."""
    if url.startswith(("postgresql://", "postgres://")):
        try:
            import psycopg  # noqa: F401  # checked here, for a usage error
        except ModuleNotFoundError:
            raise UsageError(
                f"--db {_redact(url)}: PostgreSQL needs psycopg: pip install "
                '"statdeadline[service]"'
            ) from None
        return "postgresql", url
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
        if not path:
            raise UsageError(f"--db {url}: expected sqlite:///PATH, a file name after ///")
        folder = Path(path).parent
        if not folder.is_dir():
            raise UsageError(f"--db {url}: the folder {folder} does not exist")
        return "sqlite", path
    raise UsageError(
        f"--db {_redact(url)}: expected sqlite:///PATH or postgresql://USER@HOST/DATABASE"
    )


def _redact(url: str) -> str:
    """``url`` without a password (``postgresql://user:***@host/db``)."""
    scheme, sep, rest = url.partition("://")
    creds, at, host = rest.rpartition("@")
    if not sep or not at or ":" not in creds:
        return url
    return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"


def open_store(url: str, synchronous: str = "full", busy_timeout: float = BUSY_TIMEOUT) -> Store:
    """The store at ``url`` (``sqlite:///PATH``, relative to the working folder, or
    ``sqlite:////ABSOLUTE/PATH``; ``postgresql://...``), its tables created if missing;
    ``synchronous`` is SQLite's (:data:`SYNCHRONOUS`), and ``busy_timeout`` how long its
    connections wait for another process's lock, in seconds."""
    store = Store(url, synchronous, busy_timeout)
    store.create()
    return store
