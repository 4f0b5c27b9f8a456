"""``Idempotency-Key``: a retried ``POST`` answered with its first answer, recorded once.

A key is one token's; it is kept with the request's fingerprint and the answer, in the
transaction that made the answer, for a retention (``statdeadline serve
--idempotency-ttl``, default :data:`DEFAULT_TTL`: 24 hours). Within it, the same request
with the same key is answered again (``"replayed": true``) and a different request with
it is refused (422). Past it the key is forgotten: the same key is then a new request.
Keys past their retention are deleted (pruned) by the writes that remember new keys, at
most once every :data:`PRUNE_EVERY` seconds in each server process.
"""

from __future__ import annotations

import datetime as _dt
import json
import threading
import time
from typing import Any

from .store import Tx

__all__ = ["DEFAULT_TTL", "PRUNE_EVERY", "Idem", "KeyReused", "parse_ttl", "remember", "replayed"]

Result = tuple[int, dict[str, Any]]

#: How long a key is kept, in seconds (24 hours).
DEFAULT_TTL = 24 * 3600

#: The most often one process deletes the keys past their retention, in seconds.
PRUNE_EVERY = 60.0

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_pruned = {"at": float("-inf")}
_prune_lock = threading.Lock()


class KeyReused(Exception):
    """A key given again, within its retention, with another request (answered 422)."""

    def __init__(self, key: str) -> None:
        super().__init__(f"Idempotency-Key {key!r} was used for a different request")
        self.key = key


def parse_ttl(text: str) -> int:
    """A retention such as ``24h``, ``90m``, ``7d`` or ``30s`` in seconds (at least 1).

    >>> parse_ttl("24h"), parse_ttl("7d"), parse_ttl("1s")
    (86400, 604800, 1)
    """
    number, unit = text[:-1], text[-1:]
    if unit not in _UNITS or not number.isdigit() or int(number) < 1:
        raise ValueError(
            f"expected a whole number and a unit (s, m, h or d), e.g. 24h, got {text!r}"
        )
    return int(number) * _UNITS[unit]


def _stamp(at: _dt.datetime) -> str:
    return at.isoformat(timespec="milliseconds")


class Idem:
    """An ``Idempotency-Key`` of one token, the fingerprint of the request it came with,
    and how long it is kept (seconds)."""

    __slots__ = ("fingerprint", "key", "token", "ttl")

    def __init__(self, token: str, key: str, fingerprint: str, ttl: int = DEFAULT_TTL) -> None:
        if not 0 < len(key) <= 200:
            raise ValueError("Idempotency-Key: expected 1-200 characters")
        self.token, self.key, self.fingerprint, self.ttl = token, key, fingerprint, ttl

    def cutoff(self, now: _dt.datetime) -> str:
        """The ``created_at`` before which a key is past its retention."""
        return _stamp(now - _dt.timedelta(seconds=self.ttl))


def replayed(tx: Tx, idem: Idem | None) -> Result | None:
    """The answer once given for ``idem`` (the same request again), or ``None`` for a new
    key; :class:`KeyReused` for a key given within its retention with another request. A
    key past its retention is deleted here, and is new."""
    if idem is None:
        return None
    row = tx.one(
        "SELECT request, status, body, created_at FROM idempotency WHERE token = ? AND key = ?",
        (idem.token, idem.key),
    )
    if row is None:
        return None
    if row[3] < idem.cutoff(_dt.datetime.now(_dt.timezone.utc)):
        tx.run("DELETE FROM idempotency WHERE token = ? AND key = ?", (idem.token, idem.key))
        return None
    if row[0] != idem.fingerprint:
        raise KeyReused(idem.key)
    return int(row[1]), {**json.loads(row[2]), "replayed": True}


def remember(tx: Tx, idem: Idem | None, result: Result) -> Result:
    """Keep ``result`` as the answer to ``idem``, in the transaction that made it; and,
    at most once every :data:`PRUNE_EVERY` seconds, delete the keys past retention."""
    if idem is None:
        return result
    now = _dt.datetime.now(_dt.timezone.utc)
    tx.run(
        "INSERT INTO idempotency (token, key, request, status, body, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (idem.token, idem.key, idem.fingerprint, result[0], json.dumps(result[1]), _stamp(now)),
    )
    every = min(PRUNE_EVERY, float(idem.ttl))
    with _prune_lock:
        due = time.monotonic() - _pruned["at"] >= every
        if due:
            _pruned["at"] = time.monotonic()
    if due:
        tx.run("DELETE FROM idempotency WHERE created_at < ?", (idem.cutoff(now),))
    return result
