"""``Idempotency-Key``'s retention over HTTP, to a real server started with
``--idempotency-ttl 1s``: within it a retry is answered with the first answer; past it
the key is forgotten (the same request is recorded again) and deleted from the store."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from tests.service.server import NO_POSTGRES, POSTGRES, Server, running

from statdeadline.service.idempotency import parse_ttl
from statdeadline.service.store import Store

CHILDREN = "england-children-2006"
POST = {"event": "stage2_statement_agreed", "date": "2024-04-02"}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def short(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A server that keeps idempotency keys for one second."""
    if request.param == "postgresql" and not POSTGRES:
        pytest.skip(NO_POSTGRES)
    folder = tmp_path_factory.mktemp(f"idem-{request.param}")
    with running(request.param, folder, "--idempotency-ttl", "1s") as srv:
        yield srv


def _case(server: Server) -> str:
    cid = f"I-{uuid.uuid4().hex[:8]}"
    events = [
        {"event": "received", "date": "2024-03-28"},
        {"event": "stage2_requested", "date": "2024-04-01"},
    ]
    body = {"case_id": cid, "ruleset": CHILDREN, "events": events}
    assert server.call("POST", "/cases", body).status == 201
    return cid


def _keys(server: Server) -> set[str]:
    store = Store(server.db)
    try:
        with store.read() as tx:
            return {k for (k,) in tx.rows("SELECT key FROM idempotency")}
    finally:
        store.close()


def _past_retention() -> None:
    """Wait out the one-second retention (a wait, not a timed assertion)."""
    time.sleep(1.2)


def test_a_key_is_answered_again_within_its_retention_and_forgotten_after(
    short: Server,
) -> None:
    """Within the second: the same post is the first answer again (version 2, replayed)
    and another post with the key is refused. Past it: the same post is a new request,
    recorded (version 3, not replayed), and the case holds both events."""
    cid = _case(short)
    key = {"Idempotency-Key": f"k-{cid}"}
    first = short.call("POST", f"/cases/{cid}/events", POST, key)
    again = short.call("POST", f"/cases/{cid}/events", POST, key)
    other = short.call("POST", f"/cases/{cid}/events", {**POST, "date": "2024-04-03"}, key)
    assert (first.status, first.json["version"], "replayed" in first.json) == (201, 2, False)
    assert (again.status, again.json["version"], again.json["replayed"]) == (201, 2, True)
    assert (other.status, other.json["field"]) == (422, "Idempotency-Key")
    _past_retention()
    later = short.call("POST", f"/cases/{cid}/events", POST, key)
    assert (later.status, later.json["version"], "replayed" in later.json) == (201, 3, False)
    assert len(short.call("GET", f"/cases/{cid}").json["events"]) == 4


def test_keys_past_their_retention_are_deleted(short: Server) -> None:
    """A key used once and not again: after its retention, the next write that keeps a
    key deletes it (pruning), and keeps its own."""
    cid = _case(short)
    old, new = f"old-{cid}", f"new-{cid}"
    assert short.call("POST", f"/cases/{cid}/events", POST, {"Idempotency-Key": old}).status == 201
    assert old in _keys(short)
    _past_retention()
    assert short.call("POST", f"/cases/{cid}/events", POST, {"Idempotency-Key": new}).status == 201
    keys = _keys(short)
    assert (old in keys, new in keys) == (False, True)


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("90m", 5400), ("24h", 86400), ("7d", 604800)]
)
def test_a_retention_is_a_whole_number_and_a_unit(text: str, seconds: int) -> None:
    """s, m, h, d: seconds, minutes (60 s), hours (3,600 s), days (86,400 s)."""
    assert parse_ttl(text) == seconds
