"""A database error in a command that uses the service's database (`token`,
`recompute`) is one line and exit status 1, not a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from tests.cli_support import run

from statdeadline.cli.main import _database_failed


def test_a_database_that_refuses_a_command_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A database whose tokens table lost a column (renamed behind the service's back):
    `token list` says what the database refused, and asks whether it is a statdeadline
    database of this version."""
    url = f"sqlite:///{tmp_path / 't.db'}"
    status, _, _ = run(["token", "create", "--name", "crm", "--db", url], capsys)
    assert status == 0
    with sqlite3.connect(tmp_path / "t.db") as conn:
        conn.execute("ALTER TABLE tokens RENAME COLUMN read_only TO ro")
    status, out, err = run(["token", "list", "--db", url], capsys)
    assert (status, out) == (1, "")
    assert err == (
        "error: the database refused the command: no such column: read_only (is it a "
        "statdeadline database of this version?)\n"
    )


def test_a_database_that_cannot_be_used_now_says_try_again(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A lock held past the busy timeout (SQLite's own words): the database cannot be
    used now, try again."""
    assert _database_failed(sqlite3.OperationalError("database is locked")) == 1
    assert capsys.readouterr().err == (
        "error: the database cannot be used now: database is locked; try again\n"
    )
