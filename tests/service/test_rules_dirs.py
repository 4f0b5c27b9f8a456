"""``statdeadline serve --rules DIR``: a council's own rule files served besides the
bundled ones, through a real server: listed in /rulesets, usable for cases (and so the
work queue and calendars), recompute and /audit. Without the option the same id is 404."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.cli_support import run, usage_error
from tests.service.server import Server

#: An overlay choosing the enquiry period's declared alternative, 20 working days.
OVERLAY = """\
format: statdeadline/rules@1
id: my-council
title: My council's Ombudsman enquiries
version: "1.0.0"
effective_from: 2014-08-01
extends: ombudsman-enquiries
clocks:
  enquiry_response:
    duration: {working_days: 20}
"""
RECEIVED = [{"event": "enquiry_received", "date": "2025-06-02"}]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rules = tmp_path_factory.mktemp("council-rules")
    (rules / "my-council.yaml").write_text(OVERLAY)
    return rules


@pytest.fixture(scope="module")
def council(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server over SQLite serving the council's folder."""
    db = tmp_path_factory.mktemp("council-db") / "cases.db"
    with Server(f"sqlite:///{db}", db.parent / "server.log", "--rules", str(folder)) as srv:
        yield srv


def test_a_council_rule_set_is_served(council: Server, folder: Path) -> None:
    """Received Monday 2 June 2025 (no bank holiday in June): the overlay's 20 working
    days run 3-6, 9-13, 16-20, 23-27 and 30 June -> due 30 June (the base's 10 would
    give 16 June). Listed in /rulesets, made a case of, queued, and still there for
    GET /rulesets/{id}; a bundled rule set is still served beside it."""
    ids = [r["id"] for r in council.call("GET", "/rulesets").json["rulesets"]]
    assert ("my-council" in ids, "england-children-2006" in ids) == (True, True)
    assert council.call("GET", "/rulesets/my-council").status == 200
    body = {"case_id": "M-1", "ruleset": "my-council", "team": "own", "events": RECEIVED}
    made = council.call("POST", "/cases?as_of=2025-06-10", body)
    assert made.status == 201, made
    assert [(d["clock"], d["due"]) for d in made.json["deadlines"]] == [
        ("enquiry_response", "2025-06-30")
    ]
    queue = council.call("GET", "/deadlines?team=own&as_of=2025-06-10").json["items"]
    assert [(i["case_id"], i["due"]) for i in queue] == [("M-1", "2025-06-30")]


def test_audit_and_recompute_know_the_council_rule_set(
    council: Server, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """POST /audit reads a file naming my-council; ``statdeadline recompute --rules``
    recomputes its cases (nothing moves), and without ``--rules`` a rules folder that
    does not exist is a usage error."""
    body = {"case_id": "M-2", "ruleset": "my-council", "events": RECEIVED}
    assert council.call("POST", "/cases", body).status == 201
    upload = (
        b"case_id,ruleset,event,date\n"
        b"A-1,my-council,enquiry_received,2025-06-02\n"
        b"A-1,my-council,response_sent,2025-06-27\n"
    )
    got = council.call("POST", "/audit?as_of=2025-07-31", raw=upload)
    assert got.status == 200, got
    counts = got.json["counts"]
    assert (counts["cases_audited"], counts["cases_rejected"]) == (1, 0)
    argv = ["recompute", "--all", "--db", council.db, "--rules", str(folder)]
    status, out, _ = run(argv, capsys)
    assert (status, out.endswith("; 0 due date(s) moved\n"), "recomputed 0" in out) == (
        0,
        True,
        False,
    )
    missing = str(folder / "nowhere")
    assert usage_error(["recompute", "--db", council.db, "--rules", missing], capsys) == (
        f"error: --rules {missing}: no such folder\n"
    )


def test_without_rules_the_council_id_is_not_served(server: Server) -> None:
    """The module's plain server (no --rules) answers 404 for my-council."""
    body = {"case_id": "M-9", "ruleset": "my-council", "events": RECEIVED}
    got = server.call("POST", "/cases", body)
    assert (got.status, got.json["error"].startswith("no rule set 'my-council'")) == (404, True)


def test_a_broken_rule_file_stops_serve_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rule file of a --rules folder that does not load stops ``serve`` before it
    listens, with the file and line (not a worker's traceback at the first request)."""
    from statdeadline.service.cases import serve_rules

    bad = tmp_path / "rules"
    bad.mkdir()
    (bad / "bad.yaml").write_text("format: statdeadline/rules@1\nid: bad\n")
    argv = ["serve", "--db", f"sqlite:///{tmp_path / 'c.db'}", "--rules", str(bad)]
    try:
        status, out, err = run(argv, capsys)
    finally:
        serve_rules(())  # this process serves the bundled rule sets again
    assert (status, out) == (2, "")
    assert err.startswith(f"error: --rules: {bad / 'bad.yaml'}:1 missing required key 'title'\n")
