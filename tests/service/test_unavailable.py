"""A database that cannot be used now is 503 ("database unavailable"); an error in what
the service asked of it (a missing column) is 500 with an error id, never 503. Real
servers whose database is locked by another process, or loses a column behind their
back; and :func:`statdeadline.service.unavailable.unavailable` on the errors the drivers
really raise."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from tests.service.server import NO_POSTGRES, POSTGRES, Server, database

from statdeadline.service.app import DOWN
from statdeadline.service.store import Store
from statdeadline.service.unavailable import unavailable

CHILDREN = "england-children-2006"


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and not POSTGRES:
        pytest.skip(NO_POSTGRES)
    return str(request.param)


@pytest.fixture
def locking_server(tmp_path: Path) -> Iterator[Server]:
    """A SQLite server whose requests wait at most half a second for another process's
    lock (STATDEADLINE_SQLITE_BUSY_TIMEOUT), so a held lock outlasts it."""
    env = {"STATDEADLINE_SQLITE_BUSY_TIMEOUT": "0.5"}
    with Server(f"sqlite:///{tmp_path / 'cases.db'}", tmp_path / "server.log", env=env) as srv:
        yield srv


def test_a_write_while_another_process_holds_the_lock_is_503(
    locking_server: Server, tmp_path: Path
) -> None:
    """Another connection holds an exclusive transaction longer than the busy timeout:
    POST /cases is 503 with the DOWN text and stores nothing; reads still answer (WAL
    lets them), so health is 200; with the lock released the same request is 201."""
    body = {"case_id": "L-1", "ruleset": CHILDREN}
    other = sqlite3.connect(tmp_path / "cases.db", isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        refused = locking_server.call("POST", "/cases", body)
        health = locking_server.call("GET", "/health")
        absent = locking_server.call("GET", "/cases/L-1")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [(r.status, r.json) for r in (refused, absent)] == [
        (503, {"error": DOWN}),
        (404, {"error": "no case 'L-1'"}),
    ]
    assert (health.status, health.json["problems"]) == (200, [])
    made = locking_server.call("POST", "/cases", body)
    assert (made.status, made.json["version"]) == (201, 1)
    assert "database unavailable in POST /cases" in locking_server.log.read_text()


def test_a_missing_column_is_500_with_an_error_id_not_503(backend: str, tmp_path: Path) -> None:
    """Columns dropped behind the server's back make its own queries wrong (SQLite: an
    OperationalError 'no such column', the class that also says 'database is locked';
    PostgreSQL: UndefinedColumn): GET /cases/{id} and checking a token not seen before
    are each 500 with an error id, logged with the traceback, not 503; health, whose
    query still works, stays 200."""
    with database(backend, tmp_path) as db, Server(db, tmp_path / "server.log") as srv:
        assert srv.call("POST", "/cases", {"case_id": "M-1", "ruleset": CHILDREN}).status == 201
        stranger = srv.make_token("stranger")
        store = Store(db)
        with store.write() as tx:
            tx.run("ALTER TABLE cases DROP COLUMN team")
            tx.run("ALTER TABLE tokens DROP COLUMN read_only")
        store.close()
        got = [srv.call("GET", "/cases/M-1"), srv.call("GET", "/cases/M-1", token=stranger)]
        ids = [g.json.get("error_id", "") for g in got]
        assert [(g.status, g.json) for g in got] == [
            (500, {"error": "internal error", "error_id": i}) for i in ids
        ]
        assert all(re.fullmatch("[0-9a-f]{16}", i) for i in ids) and ids[0] != ids[1]
        log = srv.log.read_text()
        for i, where in zip(ids, ("in GET /cases/M-1", "checking a token"), strict=True):
            after = log.split(f"internal error {i} {where}\n")
            assert len(after) == 2 and after[1].startswith("Traceback")
            assert ("no such column" if backend == "sqlite" else "does not exist") in after[1]
        assert srv.call("GET", "/health").status == 200


@pytest.mark.skipif(not POSTGRES, reason=NO_POSTGRES)
def test_the_service_connects_again_once_postgresql_dropped_its_connections(
    tmp_path: Path,
) -> None:
    """The server's PostgreSQL connections terminated by an administrator (as a restart
    of PostgreSQL does): a request finding its connection lost is 503, and each request
    thread connects again for the next one, so of as many requests as connections were
    lost plus one, at most that many are 503 and at least one is 200; writes work again (one 201 of as
    many tries, the others 503 or 409 once it exists)."""
    assert POSTGRES is not None
    with database("postgresql", tmp_path) as db, Server(db, tmp_path / "server.log") as srv:
        assert srv.call("POST", "/cases", {"case_id": "P-1", "ruleset": CHILDREN}).status == 201
        assert srv.call("GET", "/cases/P-1").status == 200
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            row = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s",
                (db.rpartition("/")[2],),
            ).fetchone()
        assert row is not None
        lost = int(row[0])
        got = [srv.call("GET", "/cases/P-1") for _ in range(lost + 1)]
        down = [g for g in got if g.status == 503]
        assert lost >= 1 and len(down) <= lost
        assert [g.json for g in down] == [{"error": DOWN}] * len(down)
        assert sorted({g.status for g in got} - {503}) == [200]
        body = {"case_id": "P-2", "ruleset": CHILDREN}  # a 503 stored nothing: resent
        made = [srv.call("POST", "/cases", body).status for _ in range(lost + 1)]
        assert (made.count(201), set(made) - {201, 409, 503}) == (1, set())


def _raised(conn: sqlite3.Connection, sql: str) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as info:
        conn.execute(sql)
    return info.value


def test_sqlite_errors_the_database_raises_are_told_apart(tmp_path: Path) -> None:
    """Real SQLite errors: locked (another connection's exclusive transaction, no busy
    wait), read-only (a connection opened mode=ro writing), cannot open (no such folder)
    and not a database are unavailable; no such column, no such table and a syntax error
    are not."""
    db = tmp_path / "a.db"
    conn = sqlite3.connect(db, isolation_level=None, timeout=0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (x)")
    other = sqlite3.connect(db, isolation_level=None, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    locked = _raised(conn, "INSERT INTO t VALUES (1)")
    other.execute("ROLLBACK")
    ro = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    readonly = _raised(ro, "INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.Error) as cannot:
        sqlite3.connect(tmp_path / "no-such-folder" / "a.db")
    (tmp_path / "junk.db").write_bytes(b"not a database\n" * 100)
    junk = sqlite3.connect(tmp_path / "junk.db")
    notadb = _raised(junk, "SELECT * FROM t")
    wrong = [_raised(conn, sql) for sql in ("SELECT nope FROM t", "SELECT * FROM u", "SELEC 1")]
    for c in (conn, other, ro, junk):
        c.close()
    down = [locked, readonly, cannot.value, notadb]
    assert [str(e) for e in down + wrong] == [
        "database is locked",
        "attempt to write a readonly database",
        "unable to open database file",
        "file is not a database",
        "no such column: nope",
        "no such table: u",
        'near "SELEC": syntax error',
    ]
    assert [unavailable(e) for e in down + wrong] == [True] * 4 + [False] * 3


def test_sqlite_errors_without_a_code_are_told_by_their_text() -> None:
    """An error with no sqlite_errorcode (Python 3.10, or one raised by hand) is told by
    SQLite's text for the code, at the start of its message; 'no such column' is not."""
    texts = ["database is locked", "disk I/O error", "database or disk is full"]
    made = [sqlite3.OperationalError(t) for t in [*texts, "no such column: x"]]
    assert [getattr(e, "sqlite_errorcode", None) for e in made] == [None] * 4
    assert [unavailable(e) for e in made] == [True, True, True, False]


def test_postgresql_errors_are_told_by_their_sqlstate() -> None:
    """Connection exceptions (08...), insufficient resources (53...), operator
    intervention (57P0x), and an OperationalError psycopg raises itself (no SQLSTATE: a
    connection closed or lost) are unavailable; an undefined column (42703), a syntax
    error (42601) and a cancelled query (57014, a statement timeout) are not."""
    e = psycopg.errors
    down = [
        e.ConnectionFailure(),
        e.DiskFull(),
        e.TooManyConnections(),
        e.AdminShutdown(),
        e.DatabaseDropped(),
        psycopg.OperationalError("the connection is closed"),
    ]
    wrong = [e.UndefinedColumn(), e.SyntaxError(), e.QueryCanceled(), ValueError("x")]
    assert [getattr(x, "sqlstate", None) for x in down + wrong] == [
        "08006",
        "53100",
        "53300",
        "57P01",
        "57P04",
        None,
        "42703",
        "42601",
        "57014",
        None,
    ]
    assert [unavailable(x) for x in down + wrong] == [True] * 6 + [False] * 4
