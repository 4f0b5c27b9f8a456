"""``GET /health`` when the database cannot be used: 503 (not 500) and a JSON body naming
what is wrong, from a real server whose SQLite file is removed or replaced, or whose
PostgreSQL database is dropped under it. Each test has a server of its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import jsonschema
import psycopg
import pytest
from tests.service.server import NO_POSTGRES, POSTGRES, Server, database

from statdeadline.service.app import DOWN


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[Server]:
    with Server(f"sqlite:///{tmp_path / 'cases.db'}", tmp_path / "server.log") as srv:
        yield srv


def _healthy(server: Server) -> None:
    """200 and status ok, with no problems (and the token is now known to the server)."""
    got = server.call("GET", "/health")
    assert (got.status, got.json["status"], got.json["problems"]) == (200, "ok", [])


def _valid_health(server: Server, body: object) -> None:
    """``body`` is a Health as the OpenAPI document describes it, for a 503 too."""
    doc = server.call("GET", "/openapi.json").json
    assert doc["paths"]["/health"]["get"]["responses"]["503"]["content"] == {
        "application/json": {"schema": {"$ref": "#/components/schemas/Health"}}
    }
    jsonschema.Draft202012Validator({**doc, "$ref": "#/components/schemas/Health"}).validate(body)


def test_health_is_503_naming_the_problem_when_the_sqlite_file_is_gone(
    sqlite_server: Server, tmp_path: Path
) -> None:
    """The database file (and its -wal and -shm) removed under a running server: health
    answers 503 with status 'unavailable' and the problem naming the database and
    SQLite's own words; it does not create an empty file in its place."""
    _healthy(sqlite_server)
    doc_before = sqlite_server.call("GET", "/openapi.json").json  # the token is cached now
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"cases.db{suffix}").unlink(missing_ok=True)
    got = sqlite_server.call("GET", "/health")
    assert (got.status, got.json["status"], got.json["problems"]) == (
        503,
        "unavailable",
        [f"database: sqlite:///{tmp_path / 'cases.db'}: unable to open database file"],
    )
    assert not (tmp_path / "cases.db").exists()
    jsonschema.Draft202012Validator({**doc_before, "$ref": "#/components/schemas/Health"}).validate(
        got.json
    )


def test_health_is_503_while_the_sqlite_file_is_not_a_database(
    sqlite_server: Server, tmp_path: Path
) -> None:
    """The database file moved aside and another file put in its place: 503, SQLite's
    'file is not a database'; with the file back, 200 again."""
    _healthy(sqlite_server)
    _valid_health(sqlite_server, sqlite_server.call("GET", "/health").json)
    db = tmp_path / "cases.db"
    db.rename(tmp_path / "aside.db")
    db.write_bytes(b"these are not the cases you are looking for\n" * 100)
    got = sqlite_server.call("GET", "/health")
    assert (got.status, got.json["status"], got.json["problems"]) == (
        503,
        "unavailable",
        [f"database: sqlite:///{db}: file is not a database"],
    )
    db.unlink()
    (tmp_path / "aside.db").rename(db)
    _healthy(sqlite_server)


@pytest.mark.skipif(not POSTGRES, reason=NO_POSTGRES)
def test_health_is_503_when_the_postgresql_database_is_dropped(tmp_path: Path) -> None:
    """The server's PostgreSQL database dropped under it (its connections closed by
    force): health is 503, the problem naming the database URL; any other request is 503
    too (not 500), whether its token was already known or cannot now be checked."""
    assert POSTGRES is not None
    with database("postgresql", tmp_path) as db:
        srv = Server(db, tmp_path / "server.log")
        srv.start()
        try:
            _healthy(srv)
            name = db.rpartition("/")[2]
            with psycopg.connect(POSTGRES, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            got = srv.call("GET", "/health")
            assert (got.status, got.json["status"], len(got.json["problems"])) == (
                503,
                "unavailable",
                1,
            )
            assert got.json["problems"][0].startswith(f"database: {db}: ")
            assert name in got.json["problems"][0]
            down = {"error": DOWN}
            case = srv.call("GET", "/cases/anything")  # the token is known: the read fails
            stranger = srv.call("GET", "/cases/anything", token="sdt_not_checkable_now")
            assert [(r.status, r.json) for r in (case, stranger)] == [(503, down), (503, down)]
        finally:
            srv.stop()
