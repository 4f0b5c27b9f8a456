"""``statdeadline token create`` and ``statdeadline serve``'s refusals (the server itself
is tested over HTTP in test_http.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.cli_support import run, usage_error

from statdeadline.service.store import open_store
from statdeadline.service.tokens import check_token, token_hash


def test_token_create_prints_the_token_once_as_the_last_word(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The token works, is stored only as its hash, and its name is unique."""
    db = f"sqlite:///{tmp_path / 'c.db'}"
    status, out, err = run(["token", "create", "--name", "crm", "--db", db], capsys)
    token = out.split()[-1]
    assert (status, err) == (0, "")
    assert out == f"token 'crm' (read-write) created; it is shown only now: {token}\n"
    store = open_store(db)
    assert tuple(check_token(store, token) or ()) == ("crm", False)
    with store.read() as tx:
        assert tx.rows("SELECT name, hash FROM tokens") == [("crm", token_hash(token))]
    assert usage_error(["token", "create", "--name", "crm", "--db", db], capsys) == (
        "error: --name crm: a token with that name exists\n"
    )


def test_a_read_only_token_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--read-only makes a token that may only read."""
    db = f"sqlite:///{tmp_path / 'c.db'}"
    _, out, _ = run(["token", "create", "--name", "view", "--read-only", "--db", db], capsys)
    assert out.startswith("token 'view' (read-only) created; ")
    assert tuple(check_token(open_store(db), out.split()[-1]) or ()) == ("view", True)


@pytest.mark.parametrize(
    ("db", "message"),
    [
        (
            "mysql://x/y",
            "--db mysql://x/y: expected sqlite:///PATH or postgresql://USER@HOST/DATABASE",
        ),
        ("sqlite:///", "--db sqlite:///: expected sqlite:///PATH, a file name after ///"),
        (
            "sqlite:///no/such/c.db",
            "--db sqlite:///no/such/c.db: the folder no/such does not exist",
        ),
    ],
)
def test_serve_refuses_a_database_url_it_cannot_use(
    db: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """One error line naming --db and what is expected; exit 2; nothing started."""
    assert usage_error(["serve", "--db", db], capsys) == f"error: {message}\n"


def test_a_bad_token_name_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Names are letters, digits and _.- (they are written into the audit trail)."""
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert usage_error(["token", "create", "--name", "a b", "--db", db], capsys) == (
        "error: --name 'a b': expected 1-64 letters, digits, '_', '.' or '-', starting with "
        "a letter or digit\n"
    )


def test_a_postgresql_server_that_is_not_there_is_a_usage_error_without_the_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Port 1 on 127.0.0.1 refuses: exit 2, the URL with its password starred."""
    status, out, err = run(
        ["token", "create", "--name", "x", "--db", "postgresql://sd:secret@127.0.0.1:1/x"], capsys
    )
    assert (status, out) == (2, "")
    assert err.startswith("error: --db postgresql://sd:***@127.0.0.1:1/x: cannot connect: ")
    assert "secret" not in err


def test_tokens_are_listed_without_the_token_and_revoked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """list shows name, scope and date; revoke deletes it, so it no longer checks; an
    unknown name is a usage error."""
    db = f"sqlite:///{tmp_path / 'c.db'}"
    token = run(["token", "create", "--name", "crm", "--db", db], capsys)[1].split()[-1]
    run(["token", "create", "--name", "view", "--read-only", "--db", db], capsys)
    status, out, _ = run(["token", "list", "--db", db], capsys)
    assert (status, [line.split("\t")[:2] for line in out.splitlines()]) == (
        0,
        [["crm", "read-write"], ["view", "read-only"]],
    )
    assert token not in out
    assert run(["token", "revoke", "--name", "crm", "--db", db], capsys)[1] == (
        "token 'crm' revoked; a running server refuses it within 60 s\n"
    )
    assert check_token(open_store(db), token) is None
    assert usage_error(["token", "revoke", "--name", "crm", "--db", db], capsys) == (
        "error: --name crm: no token with that name\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--idempotency-ttl", "24"],
            "argument --idempotency-ttl: expected a whole number and a unit (s, m, h or d), "
            "e.g. 24h, got '24'",
        ),
        (
            ["--idempotency-ttl", "0h"],
            "argument --idempotency-ttl: expected a whole number and a unit (s, m, h or d), "
            "e.g. 24h, got '0h'",
        ),
        (
            ["--sqlite-synchronous", "off"],
            "argument --sqlite-synchronous: invalid choice: 'off' (choose from 'full', 'normal')",
        ),
    ],
)
def test_serve_refuses_a_bad_retention_or_durability(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--idempotency-ttl is a whole number and a unit; --sqlite-synchronous full or
    normal: anything else is one error line naming the option, exit 2."""
    assert usage_error(["serve", *argv], capsys).splitlines()[-1] == (
        f"error: {message} (see 'statdeadline serve --help')"
    )
