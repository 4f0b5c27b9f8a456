"""Unit tests for reporting periods: statdeadline.audit.periods and audit()'s period options.

Four England adults cases, audited at 2020-06-30 (financial years run 1 April to 31 March):

- P1 received 20 March 2019 (2018-19), acknowledged next day, answered 15 April 2019 and
  closed 16 April 2019 (2019-20): still open when 2018-19 ended;
- P2 received 1 May 2019, answered 3 June and closed 4 June 2019: all in 2019-20;
- P3 received 3 February 2020 (2019-20), acknowledged, still open at the as-of date;
- P4 received 1 June 2017 and closed 3 July 2017 (2017-18).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.audit_support import write_rows

from statdeadline import InvalidArgumentError
from statdeadline.audit import AuditReport, audit
from statdeadline.audit.periods import Period, fy_period, period_spec

ADULTS = "england-adults-2009"
HEADER = ("case_id", "ruleset", "event", "date")
ROWS = [
    ("P1", ADULTS, "received", "2019-03-20"),
    ("P1", ADULTS, "acknowledged", "2019-03-21"),
    ("P1", ADULTS, "response", "2019-04-15"),
    ("P1", ADULTS, "closed", "2019-04-16"),
    ("P2", ADULTS, "received", "2019-05-01"),
    ("P2", ADULTS, "acknowledged", "2019-05-02"),
    ("P2", ADULTS, "response", "2019-06-03"),
    ("P2", ADULTS, "closed", "2019-06-04"),
    ("P3", ADULTS, "received", "2020-02-03"),
    ("P3", ADULTS, "acknowledged", "2020-02-04"),
    ("P4", ADULTS, "received", "2017-06-01"),
    ("P4", ADULTS, "acknowledged", "2017-06-02"),
    ("P4", ADULTS, "response", "2017-06-30"),
    ("P4", ADULTS, "closed", "2017-07-03"),
]


def run(tmp_path: Path, **options: object) -> AuditReport:
    path = write_rows(tmp_path / "in.csv", HEADER, ROWS)
    return audit([path], as_of="2020-06-30", **options)  # type: ignore[arg-type]


def case_counts(report: AuditReport) -> list[tuple[object, ...]]:
    return [
        (r.period, r.cases, r.closed, r.carried_forward, r.change, r.change_pct)
        for r in report.case_counts
    ]


def clock_rows(report: AuditReport, clock: str) -> list[tuple[object, ...]]:
    return [
        (r.period, r.deadlines, r.cases, r.met, r.open, r.carried_forward, r.change)
        for r in report.summary
        if r.clock == clock
    ]


# --------------------------------------------------------------------------- the periods


def test_financial_year_is_april_to_march_labelled_like_the_reports() -> None:
    """financial_year=2019 is 1 April 2019 to 31 March 2020, labelled 2019-20; compare=2
    puts the two years before it first."""
    spec = period_spec(financial_year=2019, compare=2)
    assert [(p.label, p.start, p.end) for p in spec.periods] == [
        ("2017-18", dt.date(2017, 4, 1), dt.date(2018, 3, 31)),
        ("2018-19", dt.date(2018, 4, 1), dt.date(2019, 3, 31)),
        ("2019-20", dt.date(2019, 4, 1), dt.date(2020, 3, 31)),
    ]


def test_quarters_are_financial_quarters_and_months_are_calendar_months() -> None:
    """A quarter is a quarter of the financial year (Q1 April to June, Q4 January to
    March); a month is labelled YYYY-MM; both ends are included."""
    quarter = period_spec(by="quarter")
    assert quarter.place(dt.date(2019, 4, 1)) == Period(
        dt.date(2019, 4, 1), dt.date(2019, 6, 30), "2019-20 Q1"
    )
    assert quarter.place(dt.date(2020, 3, 31)) == Period(
        dt.date(2020, 1, 1), dt.date(2020, 3, 31), "2019-20 Q4"
    )
    assert period_spec(by="month").place(dt.date(2020, 2, 29)) == Period(
        dt.date(2020, 2, 1), dt.date(2020, 2, 29), "2020-02"
    )


def test_a_period_cut_by_month_is_clipped_to_the_period() -> None:
    """--period cut --by month: the first and last months run only as far as the period,
    and are labelled with the range they cover (not a whole month); June is whole."""
    spec = period_spec(period="2019-05-10..2019-07-05", by="month")
    assert spec.place(dt.date(2019, 5, 9)) is None
    assert spec.place(dt.date(2019, 5, 10)) == Period(
        dt.date(2019, 5, 10), dt.date(2019, 5, 31), "2019-05-10..2019-05-31"
    )
    assert spec.place(dt.date(2019, 6, 30)) == Period(
        dt.date(2019, 6, 1), dt.date(2019, 6, 30), "2019-06"
    )
    assert spec.place(dt.date(2019, 7, 5)) == Period(
        dt.date(2019, 7, 1), dt.date(2019, 7, 5), "2019-07-01..2019-07-05"
    )
    assert spec.place(dt.date(2019, 7, 6)) is None


def test_compare_with_a_period_of_days_goes_back_by_its_length() -> None:
    """A period given by dates is compared with the same number of days just before it."""
    spec = period_spec(period=("2020-01-01", dt.date(2020, 1, 31)), compare=1)
    assert [p.label for p in spec.periods] == ["2019-12-01..2019-12-31", "2020-01-01..2020-01-31"]


def test_fy_labels_cross_a_century() -> None:
    """1999-00, as the reports print it."""
    assert fy_period(1999).label == "1999-00"


@pytest.mark.parametrize(
    ("options", "field", "expected"),
    [
        ({"period": "2019-04-01"}, "period", "FIRST..LAST, e.g. 2019-04-01..2020-03-31"),
        (
            {"period": "2020-04-01..2019-04-01"},
            "period",
            "a first date on or before the last",
        ),
        ({"by": "week"}, "by", "one of financial-year, quarter, month"),
        ({"placement": "due"}, "placement", "one of received, closed"),
        (
            {"period": "2019-04-01..2020-03-31", "financial_year": 2019},
            "financial_year",
            "not given with period (name one or the other)",
        ),
        (
            {"compare": 2},
            "compare",
            "0 unless period or financial_year is given (periods to compare it with)",
        ),
        ({"financial_year": 2019, "compare": -1}, "compare", "a whole number of periods >= 0"),
        (
            {"financial_year": 1800},
            "financial_year",
            "a year from 1901 to 2099 (the calendar's range)",
        ),
    ],
)
def test_bad_period_options_name_the_option_and_what_it_takes(
    options: dict[str, object], field: str, expected: str
) -> None:
    """Each bad option is refused naming itself and what it takes."""
    with pytest.raises(InvalidArgumentError) as err:
        period_spec(**options)  # type: ignore[arg-type]
    assert (err.value.argument, err.value.expected) == (field, expected)


# --------------------------------------------------------------------------- in an audit


def test_no_period_counts_every_case_as_before(tmp_path: Path) -> None:
    """Without period options every case is in one row (period None); carried forward
    are the cases and deadlines still running at the as-of date."""
    report = run(tmp_path)
    assert case_counts(report) == [(None, 4, 3, 1, None, None)]
    assert clock_rows(report, "response_backstop") == [(None, 4, 4, 3, 1, 1, None)]
    assert report.meta["periods"] == []
    assert report.meta["options"]["placement_rule"] is None


def test_received_placement_with_the_year_before(tmp_path: Path) -> None:
    """financial_year=2019, compare=1, placed by receipt: P1 is in 2018-19 and carried
    forward from it (closed in 2019-20), P2 and P3 in 2019-20 (P3 carried forward), P4 in
    neither; a deadline is placed by its clock's start, and the change is against the
    year before."""
    report = run(tmp_path, financial_year=2019, compare=1)
    assert case_counts(report) == [
        ("2018-19", 1, 0, 1, None, None),
        ("2019-20", 2, 1, 1, 1, 1.0),
    ]
    assert clock_rows(report, "acknowledgement") == [
        ("2018-19", 1, 1, 1, 0, 0, None),
        ("2019-20", 2, 2, 2, 0, 0, 1),
    ]
    assert clock_rows(report, "response_backstop") == [
        ("2018-19", 1, 1, 1, 0, 1, None),
        ("2019-20", 2, 2, 1, 1, 1, 1),
    ]
    assert [p["label"] for p in report.meta["periods"]] == ["2018-19", "2019-20"]
    assert (report.meta["options"]["financial_year"], report.meta["options"]["compare"]) == (
        2019,
        1,
    )


def test_closed_placement_places_by_closure_and_open_cases_by_the_as_of_date(
    tmp_path: Path,
) -> None:
    """placement="closed": P1 (closed April 2019) and P2 are in 2019-20; P3, still open,
    is placed at the as-of date (2020-21), outside the periods; nothing is carried forward.
    2018-19 counted none (its rows are there, with zeros): the change is +2, with no
    percentage."""
    report = run(tmp_path, financial_year=2019, compare=1, placement="closed")
    assert case_counts(report) == [
        ("2018-19", 0, 0, 0, None, None),
        ("2019-20", 2, 2, 0, 2, None),
    ]
    assert clock_rows(report, "acknowledgement") == [
        ("2018-19", 0, 0, 0, 0, 0, None),
        ("2019-20", 2, 2, 2, 0, 0, 2),
    ]
    assert report.meta["options"]["placement_rule"].startswith(
        "a case and its deadlines are placed by the date the case closed"
    )


def test_by_financial_year_alone_lays_every_year_side_by_side(tmp_path: Path) -> None:
    """by="financial-year" with no range: each case in the year it was received; the
    years come earliest first, each compared with the one before it."""
    report = run(tmp_path, by="financial-year")
    assert case_counts(report) == [
        ("2017-18", 1, 1, 0, None, None),
        ("2018-19", 1, 0, 1, 0, 0.0),
        ("2019-20", 2, 1, 1, 1, 1.0),
    ]


def test_a_case_is_counted_in_one_period_whatever_the_cut(tmp_path: Path) -> None:
    """Cut by month, quarter or year, every audited case is in exactly one period, and
    every deadline too: the periods' counts add up to the audit's without periods."""
    whole = run(tmp_path)
    for by in ("month", "quarter", "financial-year"):
        cut = run(tmp_path, by=by)
        assert sum(r.cases for r in cut.case_counts) == cut.counts["cases_audited"] == 4
        for clock in ("acknowledgement", "response_backstop"):
            assert sum(r.deadlines for r in cut.summary if r.clock == clock) == sum(
                r.deadlines for r in whole.summary if r.clock == clock
            )


def test_workers_share_the_periods(tmp_path: Path) -> None:
    """Two worker processes give the same periods, rows and case counts as one: each
    worker places its cases by the same rule, and the shares add up."""
    one = run(tmp_path, by="quarter", workers=1)
    two = run(tmp_path, by="quarter", workers=2)
    assert (two.summary, two.case_counts, two.meta["periods"]) == (
        one.summary,
        one.case_counts,
        one.meta["periods"],
    )
    assert [r.period for r in one.case_counts] == [
        "2017-18 Q1",
        "2018-19 Q4",
        "2019-20 Q1",
        "2019-20 Q4",
    ]


def test_headlines_describe_the_latest_period(tmp_path: Path) -> None:
    """The headline sentences are written from the latest period's figures: in 2019-20
    both acknowledgements were on time; one backstop was decided (P3's is still open),
    within six months."""
    report = run(tmp_path, financial_year=2019, compare=1, target=0.8)
    assert report.headlines == (
        "Acknowledgement: 2 complaints, 2 responded to within timescale (100.0%); target 80% met",
        "Response within six months (or a longer agreed period): 0 of 1 took longer than six months",
    )


def test_a_financial_year_by_quarter_is_its_four_quarters(tmp_path: Path) -> None:
    """financial_year=2019 by="quarter": the periods are 2019-20 Q1 to Q4 and nothing
    else (no whole-year row between Q1 and Q2), Q2 and Q3 (no case received) are rows of
    zeros, each change is against the quarter before, and the headlines describe the
    whole year, not its last quarter. Placed by receipt: P2 (1 May 2019) is in Q1, P3
    (3 February 2020) in Q4, so Q2 and Q3 are empty."""
    report = run(tmp_path, financial_year=2019, by="quarter")
    assert [p["label"] for p in report.meta["periods"]] == [
        "2019-20 Q1",
        "2019-20 Q2",
        "2019-20 Q3",
        "2019-20 Q4",
    ]
    assert case_counts(report) == [
        ("2019-20 Q1", 1, 1, 0, None, None),
        ("2019-20 Q2", 0, 0, 0, -1, -1.0),
        ("2019-20 Q3", 0, 0, 0, 0, None),
        ("2019-20 Q4", 1, 0, 1, 1, None),
    ]
    # the year's acknowledgements: P2's and P3's, both on time (the next working day)
    assert "Acknowledgement: 2 complaints, 2 responded to within timescale (100.0%)" in (
        report.headlines
    )


def test_carried_forward_means_a_council_deadline_still_running(tmp_path: Path) -> None:
    """A case is carried forward from a period when a council deadline of it was still
    running at the period's end, not when its state is not final: an FOI request
    answered in the year (F1: received Monday 2 June 2025, answered 30 June; the rule set
    has no 'closed' event after 'response') is not carried forward, one received 20 March
    2026 and unanswered at 2026-04-30 (F2) is, and one answered on 15 April 2026 after the
    year's end (F3, received 23 March 2026) is too."""
    rows = [
        ("F1", "foi-2000", "received", "2025-06-02"),
        ("F1", "foi-2000", "response", "2025-06-30"),
        ("F2", "foi-2000", "received", "2026-03-20"),
        ("F3", "foi-2000", "received", "2026-03-23"),
        ("F3", "foi-2000", "response", "2026-04-15"),
    ]
    path = write_rows(tmp_path / "foi.csv", HEADER, rows)
    report = audit([path], as_of="2026-04-30", financial_year=2025)
    assert case_counts(report) == [("2025-26", 3, 1, 2, None, None)]
