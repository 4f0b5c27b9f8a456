"""API tokens: made once, shown once, stored as their SHA-256 (a token is 256 random bits,
so a plain hash is enough: there is nothing to guess that a slow hash would protect)."""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
import secrets
from typing import NamedTuple

from ..exceptions import UsageError
from .store import Store

__all__ = [
    "TOKEN_TTL",
    "Caller",
    "check_token",
    "create_token",
    "list_tokens",
    "revoke_token",
    "token_hash",
]

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
PREFIX = "sdt_"
#: Seconds a valid token is remembered by a server process (so a revoked one may still be
#: let in for up to this long).
TOKEN_TTL = 60.0


class Caller(NamedTuple):
    """Who a request comes from: the token's name and whether it may write."""

    name: str
    read_only: bool


def token_hash(token: str) -> str:
    """What is stored of ``token``."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(store: Store, name: str, read_only: bool = False) -> str:
    """A new token named ``name`` (letters, digits, ``_.-``; unique), stored hashed;
    returns the token, which cannot be read back later."""
    if not _NAME.fullmatch(name):
        raise UsageError(
            f"--name {name!r}: expected 1-64 letters, digits, '_', '.' or '-', "
            "starting with a letter or digit"
        )
    token = PREFIX + secrets.token_urlsafe(32)
    now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    with store.write() as tx:
        if tx.one("SELECT 1 FROM tokens WHERE name = ?", (name,)) is not None:
            raise UsageError(f"--name {name}: a token with that name exists")
        tx.run(
            "INSERT INTO tokens (name, hash, read_only, created_at) VALUES (?, ?, ?, ?)",
            (name, token_hash(token), int(read_only), now),
        )
        tx.run(
            "INSERT INTO audit_trail (at, token, action, case_id, detail) VALUES (?, ?, ?, ?, ?)",
            (now, "(command line)", "token_create", None, f'{{"name": "{name}"}}'),
        )
    return token


def check_token(store: Store, token: str) -> Caller | None:
    """The caller ``token`` belongs to, or ``None`` for no such token."""
    with store.read() as tx:
        row = tx.one("SELECT name, read_only FROM tokens WHERE hash = ?", (token_hash(token),))
    return None if row is None else Caller(row[0], bool(row[1]))


def list_tokens(store: Store) -> list[tuple[str, bool, str]]:
    """(name, read-only, created) of every token, by name (never the token)."""
    with store.read() as tx:
        rows = tx.rows("SELECT name, read_only, created_at FROM tokens ORDER BY name")
    return [(r[0], bool(r[1]), r[2]) for r in rows]


def revoke_token(store: Store, name: str) -> None:
    """Delete the token named ``name`` (what it wrote stays in the audit trail under its
    name). A server that let it in within the last ``TOKEN_TTL`` seconds may take it
    until then."""
    now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    with store.write() as tx:
        if tx.one("SELECT 1 FROM tokens WHERE name = ?", (name,)) is None:
            raise UsageError(f"--name {name}: no token with that name")
        tx.run("DELETE FROM tokens WHERE name = ?", (name,))
        tx.run(
            "INSERT INTO audit_trail (at, token, action, case_id, detail) VALUES (?, ?, ?, ?, ?)",
            (now, "(command line)", "token_revoke", None, f'{{"name": "{name}"}}'),
        )
