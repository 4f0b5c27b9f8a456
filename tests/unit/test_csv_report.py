"""Unit tests for the summary CSV (statdeadline.reports.csv_report) when deadlines have
bands of their own: every bundled profile, and ``--buckets CLOCK=EDGES``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from tests.audit_support import write_rows

from statdeadline.audit import audit
from statdeadline.reports import write_csv
from statdeadline.rules.profiles import bundled_profiles, load_profile

HEADER = ("case_id", "ruleset", "event", "date")


def csv_rows(report: object) -> tuple[list[str], list[dict[str, str]]]:
    buf = io.StringIO()
    write_csv(report, buf)  # type: ignore[arg-type]
    reader = csv.DictReader(io.StringIO(buf.getvalue()))
    rows = list(reader)
    assert reader.fieldnames is not None
    return list(reader.fieldnames), rows


@pytest.mark.parametrize("name", sorted(bundled_profiles()))
def test_csv_carries_each_deadlines_own_bands_for_every_profile(tmp_path: Path, name: str) -> None:
    """With a bundled profile, whose deadlines have bands of their own, the CSV is
    written (it raised ValueError: dict contains fields not in fieldnames), its header
    holds every deadline's band columns, and each row has a number in its own deadline's
    band columns and a blank in the others'."""
    profile = load_profile(name)
    # one case received Monday 1 June 2026, still open at 2026-06-02: every deadline of the
    # rule set that starts on receipt is a row, with its bands (all 0: none met yet)
    path = write_rows(
        tmp_path / "in.csv", HEADER, [("C1", profile.ruleset, "received", "2026-06-01")]
    )
    report = audit([path], as_of="2026-06-02", profile=name)
    header, rows = csv_rows(report)
    assert rows
    bands_of = {r.clock: [f"wd {b}" for b in r.histogram] for r in report.summary}
    union = [b for bands in bands_of.values() for b in bands]
    assert [h for h in header if h.startswith("wd ")] == list(dict.fromkeys(union))
    for row in rows:
        own = bands_of[row["clock"]]
        for band in header:
            if not band.startswith("wd "):
                continue
            assert row[band] == ("0" if band in own else ""), (row["clock"], band)


def test_csv_with_buckets_for_one_clock(tmp_path: Path) -> None:
    """--buckets CLOCK=EDGES for one deadline: that deadline's bands and the other's
    default bands both have columns; a row is blank in the other's."""
    # A1 received Monday 2 March 2026, acknowledged 4 March (2 working days: the
    # acknowledgement's "2-3" band under edges 1,3) and answered 16 March (10 working
    # days after receipt: the default bands of the response)
    rows = [
        ("A1", "england-adults-2009", "received", "2026-03-02"),
        ("A1", "england-adults-2009", "acknowledged", "2026-03-04"),
        ("A1", "england-adults-2009", "response", "2026-03-16"),
    ]
    path = write_rows(tmp_path / "in.csv", HEADER, rows)
    report = audit([path], as_of="2026-03-20", buckets={"acknowledgement": (1, 3)})
    header, out = csv_rows(report)
    ack = next(r for r in out if r["clock"] == "acknowledgement")
    ack_bands = [
        f"wd {b}" for b in next(r for r in report.summary if r.clock == "acknowledgement").histogram
    ]
    assert ack[ack_bands[1]] == "1"
    others = [h for h in header if h.startswith("wd ") and h not in ack_bands]
    assert others and all(ack[h] == "" for h in others)
