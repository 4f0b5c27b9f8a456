"""The service's store in-process, over a real SQLite file: group commit (the writes that
queue while one runs share its transaction, each in a savepoint of its own, and return only
once it is committed) and ``synchronous``."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from statdeadline.cli import serve
from statdeadline.exceptions import UsageError
from statdeadline.service.store import SYNCHRONOUS, Store, open_store


class Refused(Exception):
    """What a write block raises to be refused (as a 412 or 422 would be)."""


def _queued(store: Store, n: int) -> None:
    """Wait until ``n`` threads queue for the write lock (bounded: at most 60 s)."""
    end = time.monotonic() + 60
    while store._waiting < n:  # the only sign that a thread queues; no public one
        assert time.monotonic() < end, "the writers never queued"
        time.sleep(0.001)


def test_queued_writes_share_one_commit_and_a_refusal_takes_only_its_own_rows(
    tmp_path: Path,
) -> None:
    """A opens a write and, inside it, waits until B and C queue behind it. Then A writes
    'a'; B writes 'b' and is refused; C writes 'c'. A's block ended first, but A returns
    only after B's and C's blocks ran (their group's COMMIT is A's too); 'a' and 'c' are
    stored, 'b' is not, and B raises its own refusal while A and C return normally."""
    store = open_store(f"sqlite:///{tmp_path / 'g.db'}")
    with store.write() as tx:
        tx.run("CREATE TABLE t (v TEXT)")
    log: list[str] = []
    outcome: dict[str, str] = {}
    inside = threading.Event()

    def write(name: str, refuse: bool, hold: bool = False) -> None:
        try:
            with store.write() as tx:
                if hold:
                    inside.set()
                    _queued(store, 2)
                tx.run("INSERT INTO t (v) VALUES (?)", (name,))
                log.append(f"{name} ran")
                if refuse:
                    raise Refused(name)
            outcome[name] = "returned"
            log.append(f"{name} returned")
        except Refused as exc:
            outcome[name] = f"refused {exc}"

    a = threading.Thread(target=write, args=("a", False, True))
    a.start()
    inside.wait(60)  # A holds the lock; B and C queue behind it
    others = [threading.Thread(target=write, args=(n, n == "b")) for n in "bc"]
    for t in others:
        t.start()
    for t in [a, *others]:
        t.join(60)
    assert outcome == {"a": "returned", "b": "refused b", "c": "returned"}
    assert log.index("a returned") > max(log.index("b ran"), log.index("c ran"))
    with store.read() as tx:
        assert sorted(tx.rows("SELECT v FROM t")) == [("a",), ("c",)]


def test_fifty_threads_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    """50 threads, each 20 writes of one row, every fifth refused after it wrote: the
    table holds exactly the 50 x 16 rows that were not refused."""
    store = open_store(f"sqlite:///{tmp_path / 'm.db'}")
    with store.write() as tx:
        tx.run("CREATE TABLE t (who INTEGER, n INTEGER)")

    def writer(who: int) -> None:
        for n in range(20):
            try:
                with store.write() as tx:
                    tx.run("INSERT INTO t (who, n) VALUES (?, ?)", (who, n))
                    if n % 5 == 4:
                        raise Refused
            except Refused:
                pass

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    with store.read() as tx:
        got = sorted(tx.rows("SELECT who, n FROM t"))
    assert got == [(w, n) for w in range(50) for n in range(20) if n % 5 != 4]


@pytest.mark.parametrize(("given", "pragma"), [("full", 2), ("normal", 1)])
def test_synchronous_is_sqlites_pragma(tmp_path: Path, given: str, pragma: int) -> None:
    """``synchronous`` sets SQLite's PRAGMA synchronous on the connection writes use
    (FULL is 2, NORMAL is 1)."""
    store = open_store(f"sqlite:///{tmp_path / 's.db'}", given)
    with store.write() as tx:
        assert tx.one("PRAGMA synchronous") == (pragma,)


def test_an_unknown_synchronous_is_a_usage_error(tmp_path: Path) -> None:
    """Only full and normal; the message names the option, the choices and the value."""
    with pytest.raises(UsageError) as caught:
        Store(f"sqlite:///{tmp_path / 's.db'}", "off")
    assert str(caught.value) == "--sqlite-synchronous: expected one of full, normal, got 'off'"
    assert serve.SYNCHRONOUS is SYNCHRONOUS == ("full", "normal")  # one tuple, not a copy


def test_a_schema_1_database_gains_the_choices_columns(tmp_path: Path) -> None:
    """A database of schema version 1 (no ``choices`` on cases and deadlines, as the
    service before per-case choices made it) opened now: the columns are added, NULL
    (the rule set's own choices) for the rows already there, and the version is 2."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = open_store(url)
    with store.write() as tx:
        for table in ("cases", "deadlines"):
            tx.run(f"ALTER TABLE {table} DROP COLUMN choices")
        tx.run("UPDATE meta SET value = '1' WHERE key = 'schema'")
        tx.run(
            "INSERT INTO cases (case_id, ruleset, team, state, version, created_at,"
            " created_by) VALUES ('old', 'england-children-2006', NULL, 'stage1', 1, 'x', 't')"
        )
    store.close()
    again = open_store(url)
    with again.read() as tx:
        assert tx.one("SELECT value FROM meta WHERE key = 'schema'") == ("2",)
        assert tx.rows("SELECT case_id, choices FROM cases") == [("old", None)]
        assert tx.rows("SELECT choices FROM deadlines") == []
