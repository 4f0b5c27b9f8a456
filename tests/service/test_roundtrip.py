"""One Case JSON round trip the CLI and the service share: what ``GET /cases/{id}``
answers is read by ``statdeadline case FILE`` (its team and derived keys recognised, its
conventions and division honoured) and gives the same deadlines."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from tests.cli_support import run, usage_error
from tests.service.server import Server

CHILDREN = "england-children-2006"
DEEMED = {"receipt": "deemed_next_working_day"}


def test_a_served_case_round_trips_through_the_cli(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Received Thursday 28 March 2024, made with receipt=deemed_next_working_day: deemed
    received Tuesday 2 April (Good Friday and Easter Monday are bank holidays), and 10
    working days from it are 3, 4, 5, 8, 9, 10, 11, 12, 15, 16 April -> due 16 April (the
    rule set's own day_0 would give 15 April, so the choice must be honoured).

    The case fetched from a real server, written to a file, replayed by ``statdeadline
    case FILE --format json`` at the same date: the same deadlines; and that output read
    back by ``case`` again: the same deadlines once more."""
    cid = f"R-{uuid.uuid4().hex[:8]}"
    body = {
        "case_id": cid,
        "ruleset": CHILDREN,
        "team": "north",
        "conventions": DEEMED,
        "events": [{"event": "received", "date": "2024-03-28"}],
    }
    assert server.call("POST", "/cases", body).status == 201
    served = server.call("GET", f"/cases/{cid}?as_of=2024-04-10").json
    stage1 = next(d for d in served["deadlines"] if d["clock"] == "stage1_response")
    assert (served["team"], stage1["due"]) == ("north", "2024-04-16")

    first = tmp_path / "c1.json"
    first.write_text(json.dumps(served))
    status, out, err = run(
        ["case", str(first), "--format", "json", "--as-of", "2024-04-10"], capsys
    )
    assert (status, err) == (0, "")
    replayed = json.loads(out)
    assert replayed["deadlines"] == served["deadlines"]
    assert replayed["state"] == served["state"]

    second = tmp_path / "c2.json"
    second.write_text(out)
    status, again, _ = run(
        ["case", str(second), "--format", "json", "--as-of", "2024-04-10"], capsys
    )
    assert (status, json.loads(again)["deadlines"]) == (0, served["deadlines"])


def test_a_truly_unknown_key_is_still_named(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A served case with a key none of the documented shapes has is refused, naming it."""
    cid = f"R-{uuid.uuid4().hex[:8]}"
    body = {"case_id": cid, "ruleset": CHILDREN, "events": []}
    assert server.call("POST", "/cases", body).status == 201
    served = server.call("GET", f"/cases/{cid}").json
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**served, "colour": "red"}))
    assert usage_error(["case", str(bad)], capsys) == (
        f"error: {bad}: case {cid}: case data: unknown key 'colour'; allowed: case_id, "
        "ruleset, ruleset_version, events\n"
    )


def test_a_choice_the_rule_set_does_not_offer_is_named_by_the_case_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A case file's own convention that the rule set refuses is named as the file's
    key, not as a command-line option; ``--convention`` overrides the file's."""
    f = tmp_path / "c.json"
    data = {
        "case_id": "C-1",
        "ruleset": CHILDREN,
        "conventions": {"receipt": "never"},
        "events": [{"event": "received", "date": "2024-03-28"}],
    }
    f.write_text(json.dumps(data))
    err = usage_error(["case", str(f)], capsys)
    assert err.startswith(f"error: {f}: conventions.receipt: ")
    status, out, _ = run(
        [
            "case",
            str(f),
            "--convention",
            "receipt=day_0",
            "--format",
            "json",
            "--as-of",
            "2024-04-02",
        ],
        capsys,
    )
    due = next(d["due"] for d in json.loads(out)["deadlines"] if d["clock"] == "stage1_response")
    assert (status, due) == (0, "2024-04-15")
