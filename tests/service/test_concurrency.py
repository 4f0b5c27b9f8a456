"""Many clients at once, to a real server on 127.0.0.1: 50 concurrent event posts to one
case and 1,000 to different cases. Every accepted event is stored exactly once, none is
lost, and nothing is answered with a 5xx. Bounded in count (the numbers above) and in time
(each request times out after 60 s), never timed as a pass/fail criterion."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from tests.service.server import Reply, Server

from statdeadline.service.store import Store

CHILDREN = "england-children-2006"
CLIENTS = 50


def _all(server: Server, requests: list[tuple[str, str, Any, dict[str, str]]]) -> list[Reply]:
    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(server.call, m, p, b, h) for m, p, b, h in requests]
        return [f.result() for f in futures]


def _stored(server: Server, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    store = Store(server.db)
    try:
        with store.read() as tx:
            return tx.rows(sql, params)
    finally:
        store.close()


def test_fifty_concurrent_posts_to_one_case_are_each_stored_once(server: Server) -> None:
    """50 clients post an event to one case at the same moment: all accepted, each with
    its own version, and the case holds all 50, in the order of their versions."""
    cid = f"one-{uuid.uuid4().hex[:8]}"
    events = [
        {"event": "received", "date": "2024-03-28"},
        {"event": "stage2_requested", "date": "2024-04-01"},
    ]
    assert (
        server.call(
            "POST", "/cases", {"case_id": cid, "ruleset": CHILDREN, "events": events}
        ).status
        == 201
    )
    post = {"event": "stage2_statement_agreed", "date": "2024-04-02"}
    replies = _all(server, [("POST", f"/cases/{cid}/events", post, {}) for _ in range(CLIENTS)])
    assert Counter(r.status for r in replies) == {201: CLIENTS}
    assert sorted(r.json["version"] for r in replies) == list(range(2, CLIENTS + 2))
    case = server.call("GET", f"/cases/{cid}").json
    assert (case["version"], len(case["events"])) == (CLIENTS + 1, CLIENTS + 2)
    seqs = _stored(server, "SELECT seq FROM events WHERE case_id = ? ORDER BY seq", (cid,))
    assert [s for (s,) in seqs] == list(range(CLIENTS + 2))


def test_concurrent_retries_with_one_idempotency_key_record_one_event(server: Server) -> None:
    """20 copies of one request with one key, at once: one event, every answer 201."""
    cid = f"idem-{uuid.uuid4().hex[:8]}"
    events = [
        {"event": "received", "date": "2024-03-28"},
        {"event": "stage2_requested", "date": "2024-04-01"},
    ]
    assert (
        server.call(
            "POST", "/cases", {"case_id": cid, "ruleset": CHILDREN, "events": events}
        ).status
        == 201
    )
    post = {"event": "stage2_statement_agreed", "date": "2024-04-02"}
    key = {"Idempotency-Key": f"retry-{cid}"}
    replies = _all(server, [("POST", f"/cases/{cid}/events", post, key) for _ in range(20)])
    assert Counter(r.status for r in replies) == {201: 20}
    assert {r.json["version"] for r in replies} == {2}
    assert len(server.call("GET", f"/cases/{cid}").json["events"]) == 3


def test_refusals_among_concurrent_posts_take_nothing_from_the_others(server: Server) -> None:
    """50 posts to one case at once, all with ``If-Match: "1"`` (the version it was made
    at), and among them 25 events the rule set refuses (a stage 1 response after stage 2
    was asked for: 422). Exactly one If-Match post can win, so: one 201, 24 412s, 25
    422s, and the case holds its two events and the winner's, nothing else - the refusals
    that shared its commit took none of it with them."""
    cid = f"mixed-{uuid.uuid4().hex[:8]}"
    events = [
        {"event": "received", "date": "2024-03-28"},
        {"event": "stage2_requested", "date": "2024-04-01"},
    ]
    body = {"case_id": cid, "ruleset": CHILDREN, "events": events}
    assert server.call("POST", "/cases", body).status == 201
    good = {"event": "stage2_statement_agreed", "date": "2024-04-02"}
    bad = {"event": "stage1_response", "date": "2024-04-02"}
    match = {"If-Match": '"1"'}
    replies = _all(
        server,
        [
            ("POST", f"/cases/{cid}/events", good if i % 2 else bad, match if i % 2 else {})
            for i in range(CLIENTS)
        ],
    )
    assert Counter(r.status for r in replies) == {201: 1, 412: 24, 422: 25}
    case = server.call("GET", f"/cases/{cid}").json
    assert (case["version"], [e["event"] for e in case["events"]]) == (
        2,
        ["received", "stage2_requested", "stage2_statement_agreed"],
    )


def test_a_thousand_concurrent_posts_to_different_cases(server: Server) -> None:
    """1,000 cases made by 50 clients at once, then an event posted to each of them at
    once: every case holds exactly its two events, and the work queue lists each case's
    next clock."""
    run = uuid.uuid4().hex[:8]
    ids = [f"many-{run}-{i:04d}" for i in range(1000)]
    made = _all(
        server,
        [
            ("POST", "/cases", {"case_id": c, "ruleset": CHILDREN, "team": f"t-{run}",
                                "events": [{"event": "received", "date": "2024-03-28"}]}, {})
            for c in ids
        ],
    )  # fmt: skip
    assert Counter(r.status for r in made) == {201: 1000}
    posted = _all(
        server,
        [
            ("POST", f"/cases/{c}/events", {"event": "stage1_response", "date": "2024-04-05"}, {})
            for c in ids
        ],
    )
    assert Counter(r.status for r in posted) == {201: 1000}
    counts = _stored(
        server,
        "SELECT case_id, COUNT(*) FROM events WHERE case_id LIKE ? GROUP BY case_id",
        (f"many-{run}-%",),
    )
    assert sorted(counts) == [(c, 2) for c in ids]
    page = server.call("GET", f"/deadlines?team=t-{run}&as_of=2024-04-10&limit=1000").json
    assert [(i["case_id"], i["clock"]) for i in page["items"]] == [
        (c, "stage2_request_window") for c in ids
    ]


@pytest.fixture(scope="module")
def two_workers(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A second server over the same database, with two worker processes."""
    log = tmp_path_factory.mktemp("workers") / "server.log"
    with Server(server.db, log, "--workers", "2", token=server.token) as srv:
        yield srv


def test_two_worker_processes_and_a_second_server_share_one_case(
    server: Server, two_workers: Server
) -> None:
    """Three processes over one database (SQLite's file lock or PostgreSQL's row lock
    between them): 50 posts to one case spread over both servers, each stored once."""
    cid = f"procs-{uuid.uuid4().hex[:8]}"
    events = [
        {"event": "received", "date": "2024-03-28"},
        {"event": "stage2_requested", "date": "2024-04-01"},
    ]
    body = {"case_id": cid, "ruleset": CHILDREN, "events": events}
    assert server.call("POST", "/cases", body).status == 201
    post = {"event": "stage2_statement_agreed", "date": "2024-04-02"}
    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [
            pool.submit(
                (server if i % 2 else two_workers).call, "POST", f"/cases/{cid}/events", post
            )
            for i in range(CLIENTS)
        ]
        replies = [f.result() for f in futures]
    assert Counter(r.status for r in replies) == {201: CLIENTS}
    assert sorted(r.json["version"] for r in replies) == list(range(2, CLIENTS + 2))
    assert len(two_workers.call("GET", f"/cases/{cid}").json["events"]) == CLIENTS + 2
