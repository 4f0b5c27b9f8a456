"""Stored deadlines stay true: ``statdeadline recompute`` (also run by ``serve`` before it
starts) recomputes the open cases of a rule set whose versions or bank holidays changed,
and records each due date that moved."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import pytest
from tests.cli_support import run

from statdeadline import load_ruleset
from statdeadline.service.cases import create_case, get_case
from statdeadline.service.recompute import recompute, stamp
from statdeadline.service.store import open_store
from statdeadline.service.tokens import Caller

CHILDREN = "england-children-2006"
WHO = Caller("tests", False)


def _store_with_a_case(tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    store = open_store(db)
    recompute(store)  # the stamps of today's data, as serve stores them
    body = {
        "case_id": "C-1",
        "ruleset": CHILDREN,
        "events": [{"event": "received", "date": "2024-03-28"}],
    }
    create_case(store, WHO, body, _dt.date(2024, 4, 2), None)
    return db


def test_nothing_changed_nothing_recomputed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the stamps as stored, no case is touched."""
    db = _store_with_a_case(tmp_path)
    assert run(["recompute", "--db", db], capsys) == (
        0,
        "recomputed 0 case(s); 0 due date(s) moved\n",
        "",
    )


def test_a_changed_calendar_moves_the_stored_date_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The stored stamp differs (as after new bank-holiday data) and the stored due date
    is one the old data gave: recompute stores today's date, records the move, and the
    case shows it."""
    db = _store_with_a_case(tmp_path)
    store = open_store(db)
    with store.write() as tx:
        tx.run("UPDATE meta SET value = 'old' WHERE key = ?", (f"stamp:{CHILDREN}",))
        tx.run("UPDATE deadlines SET due = '2024-04-12' WHERE case_id = 'C-1'")
    assert run(["recompute", "--db", db], capsys) == (
        0,
        "recomputed 1 case(s); 1 due date(s) moved\n"
        "  case C-1 stage1_response: 2024-04-12 -> 2024-04-15\n",
        "",
    )
    with store.read() as tx:
        assert tx.rows("SELECT due FROM deadlines WHERE case_id = 'C-1'") == [("2024-04-15",)]
    _, shown = get_case(store, "C-1", _dt.date(2024, 4, 2))
    assert [
        (c["clock"], c["old_due"], c["new_due"], c["reason"]) for c in shown["deadline_changes"]
    ] == [("stage1_response", "2024-04-12", "2024-04-15", "bank holidays or rule set changed")]
    assert (
        run(["recompute", "--db", db], capsys)[1] == "recomputed 0 case(s); 0 due date(s) moved\n"
    )


def test_all_recomputes_every_open_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--all: every open case, though nothing changed (and nothing moves)."""
    db = _store_with_a_case(tmp_path)
    assert run(["recompute", "--all", "--db", db], capsys)[1] == (
        "recomputed 1 case(s); 0 due date(s) moved\n"
    )


def test_the_stamp_covers_every_division_a_case_may_choose() -> None:
    """A case made with ``division: united-kingdom`` counts on the union's calendar: a
    bank holiday of Scotland alone changes that calendar and not England and Wales's, so
    the stamp that decides what to recompute holds the fingerprint of each division the
    rule set offers, not only its own (before, a Scotland-only holiday left such cases'
    stored dates stale)."""
    parts = json.loads(stamp(CHILDREN))
    fingerprints = {p[1] for p in parts}
    for division in ("england-and-wales", "united-kingdom"):
        calendar = load_ruleset(CHILDREN, division=division).calendar
        assert calendar.fingerprint in fingerprints
