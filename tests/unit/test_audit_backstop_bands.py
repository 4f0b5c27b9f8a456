"""What Cheshire West's six-month backstop headline and its bands each count: the
headline's "N of M took longer than six months" counts, of the M decided (met, met late,
overdue, not recorded), the backstop breaches (met late, overdue, not recorded); the
bands ("within six months", "longer than six months": working days past the due date)
count the met ones only, on time or late, as every band does. So the headline's N is
the band "longer than six months" plus the row's overdue and not recorded."""

from __future__ import annotations

from pathlib import Path

from tests.audit_support import write_rows

from statdeadline.audit import audit

HEADER = ("case_id", "ruleset", "event", "date")
R = "cheshire-west-adults"


def test_the_backstop_headline_is_its_late_band_plus_overdue_and_not_recorded(
    tmp_path: Path,
) -> None:
    """Financial year 2019, as of 2020-06-30. K1: received 1 April 2019, answered
    15 October 2019, past the six months (due 30 September): met late, the band 'longer'.
    K2: received 1 May 2019, never answered: overdue (due 31 October 2019), in no band.
    K4: received 1 July 2019, answered 1 August: met, 'within'. The headline: K1 and K2
    took longer, of three decided (K1, K2, K4): '2 of 3'; the bands: 1 and 1."""
    rows = [
        ("K1", R, "received", "2019-04-01"),
        ("K1", R, "acknowledged", "2019-04-02"),
        ("K1", R, "response", "2019-10-15"),
        ("K1", R, "closed", "2019-10-16"),
        ("K2", R, "received", "2019-05-01"),
        ("K2", R, "acknowledged", "2019-05-02"),
        ("K4", R, "received", "2019-07-01"),
        ("K4", R, "acknowledged", "2019-07-02"),
        ("K4", R, "response", "2019-08-01"),
        ("K4", R, "closed", "2019-08-02"),
    ]
    path = write_rows(tmp_path / "in.csv", HEADER, rows)
    report = audit([path], as_of="2020-06-30", profile=R, financial_year=2019)
    (row,) = [r for r in report.summary if r.clock == "response_backstop"]
    assert (row.met, row.met_late, row.overdue, row.not_recorded) == (1, 1, 1, 0)
    assert row.histogram == {"within six months": 1, "longer than six months": 1}
    assert row.backstop_breaches == (
        row.histogram["longer than six months"] + row.overdue + row.not_recorded
    )
    assert "Response within six months: 2 of 3 took longer than six months" in (report.headlines)
