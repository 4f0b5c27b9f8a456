"""Unit tests for statdeadline.audit: small inputs whose tables are worked out by hand.

Calendar facts used throughout (England and Wales): Monday 2 June 2025 is a working day
and no bank holiday falls from 27 May to 22 August 2025; Monday 25 August 2025 is the
summer bank holiday. So from Monday 2 June 2025 (day 0), n working days are n/5 whole
weeks later while that stays before 25 August: 3 WD is Thursday 5 June, 5 WD Monday 9
June, 10 WD Monday 16 June, 20 WD Monday 30 June, 30 WD Monday 14 July, 40 WD Monday 28
July; past 25 August one day more: 60 WD is Tuesday 26 August, 80 WD Tuesday 23
September, 100 WD Tuesday 21 October, 130 WD Tuesday 2 December (no holiday from 26
August to 24 December).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest
from tests.audit_support import CSV_READ, JSONL_READ, row_for, sha256, write_rows

from statdeadline import InvalidArgumentError, __version__, load_ruleset
from statdeadline.audit import AuditError, CaseResult, SummaryRow, audit
from statdeadline.audit.dates import date_note
from statdeadline.reports import render_table

D0 = dt.date(2025, 6, 2)  # Monday: day 0 of most cases below

HEADER = (
    "case_id",
    "ruleset",
    "event",
    "date",
    "team",
    "level",
    "clock",
    "working_days",
    "reason",
    "agreed_with_complainant",
)


def wd(n: int) -> str:
    """The n-th working day after D0, from the table in the module docstring."""
    table = {
        0: "2025-06-02",
        1: "2025-06-03",
        2: "2025-06-04",
        3: "2025-06-05",
        5: "2025-06-09",
        8: "2025-06-12",
        9: "2025-06-13",
        10: "2025-06-16",
        12: "2025-06-18",
        14: "2025-06-20",
        15: "2025-06-23",
        16: "2025-06-24",
        18: "2025-06-26",
        20: "2025-06-30",
        21: "2025-07-01",
        25: "2025-07-07",
        30: "2025-07-14",
        35: "2025-07-21",
        40: "2025-07-28",
        41: "2025-07-29",
        60: "2025-08-26",
        61: "2025-08-27",
        80: "2025-09-23",
        81: "2025-09-24",
        100: "2025-10-21",
        101: "2025-10-22",
        130: "2025-12-02",
    }
    return table[n]


def write_csv(path: Path, rows: Iterable[Sequence[str]], header: Sequence[str] = HEADER) -> Path:
    return write_rows(path, header, rows)


def tally(r: SummaryRow) -> dict[str, object]:
    """The counting fields of a summary row, for compact expected values."""
    return {
        "deadlines": r.deadlines,
        "met": r.met,
        "met_late": r.met_late,
        "overdue": r.overdue,
        "open": r.open,
        "expired": r.expired,
        "cancelled": r.cancelled,
        "superseded": r.superseded,
        "on_time_rate": r.on_time_rate,
        "wd_mean": r.wd_mean,
        "wd_median": r.wd_median,
        "wd_p90": r.wd_p90,
        "histogram": dict(r.histogram),
        "extensions_used": r.extensions_used,
        "backstop_breaches": r.backstop_breaches,
    }


# --------------------------------------------------------------------------- by hand

ADULTS = "england-adults-2009"
# Four England adults cases, audited at 2025-07-31. Acknowledgement is due 3 WD after
# receipt; the six-month backstop for a complaint received 2 June 2025 ends on 1 December
# 2025 (six months beginning on the day received); the delay notice applies only if the
# backstop is missed.
FOUR_CASES = [
    # A1 North: acknowledged in 2 WD, answered in 10 WD, closed.
    ("A1", ADULTS, "received", wd(0), "North"),
    ("A1", ADULTS, "acknowledged", wd(2), "North"),
    ("A1", ADULTS, "response", wd(10), "North"),
    ("A1", ADULTS, "closed", "2025-06-17", "North"),
    # A2 North: acknowledged in 5 WD (2 WD late), answered in 30 WD, not closed (open).
    ("A2", ADULTS, "received", wd(0), "North"),
    ("A2", ADULTS, "acknowledged", wd(5), "North"),
    ("A2", ADULTS, "response", wd(30), "North"),
    # A3 South: withdrawn after 2 WD, before anything was due: every clock cancelled.
    ("A3", ADULTS, "received", wd(0), "South"),
    ("A3", ADULTS, "withdrawn", wd(2), "South"),
    # A4 South: received Friday 6 June, acknowledged the same day, no answer yet (open).
    ("A4", ADULTS, "received", "2025-06-06", "South"),
    ("A4", ADULTS, "acknowledged", "2025-06-06", "South"),
]


def test_four_cases_by_hand(tmp_path: Path) -> None:
    """Each deadline lands in one status; rates, means, medians, p90 and bands follow.

    acknowledgement North: A1 met in 2 WD, A2 met late in 5 WD: rate 1/2; taken {2, 5}:
    mean 3.5, median 3.5, p90 (nearest rank ceil(0.9 x 2) = 2nd) 5; bands <=10: 2.
    acknowledgement South: A3 cancelled (withdrawn on 4 June, due 5 June), A4 met in 0 WD.
    response_backstop North: 10 and 30 WD, both met: mean 20, median 20, p90 30;
    bands <= 10: 1, 11-20: 0, over 20: 1. South: A3 cancelled, A4 pending (open).
    delay_notice: cancelled where the backstop was met (A1, A2) or the case ended (A3);
    A4's is pending, due with the backstop (open).
    """
    path = write_csv(tmp_path / "four.csv", FOUR_CASES)
    report = audit([path], as_of="2025-07-31", group_by=["team"], buckets=[10, 20], target=0.75)

    assert report.counts == {
        "rows_read": 11,
        "rows_used": 11,
        "rows_rejected": 0,
        "cases_read": 4,
        "cases_audited": 4,
        "cases_rejected": 0,
        "cases_open": 2,  # A2 (responded, not closed) and A4
    }
    none = {"<= 10": 0, "11-20": 0, "over 20": 0}
    base = dict.fromkeys(
        ("met", "met_late", "overdue", "open", "expired", "cancelled", "superseded"), 0
    )
    nothing = {"wd_mean": None, "wd_median": None, "wd_p90": None, "histogram": none}
    no_ext = {"extensions_used": 0, "backstop_breaches": 0}
    expected = {
        ("acknowledgement", "North"): {
            **base, "deadlines": 2, "met": 1, "met_late": 1, "on_time_rate": 0.5,
            "wd_mean": 3.5, "wd_median": 3.5, "wd_p90": 5.0,
            "histogram": {**none, "<= 10": 2}, **no_ext,
        },
        ("acknowledgement", "South"): {
            **base, "deadlines": 2, "met": 1, "cancelled": 1, "on_time_rate": 1.0,
            "wd_mean": 0.0, "wd_median": 0.0, "wd_p90": 0.0,
            "histogram": {**none, "<= 10": 1}, **no_ext,
        },
        ("response_backstop", "North"): {
            **base, "deadlines": 2, "met": 2, "on_time_rate": 1.0,
            "wd_mean": 20.0, "wd_median": 20.0, "wd_p90": 30.0,
            "histogram": {"<= 10": 1, "11-20": 0, "over 20": 1}, **no_ext,
        },
        ("response_backstop", "South"): {
            **base, "deadlines": 2, "open": 1, "cancelled": 1, "on_time_rate": None,
            **nothing, **no_ext,
        },
        ("delay_notice", "North"): {
            **base, "deadlines": 2, "cancelled": 2, "on_time_rate": None, **nothing, **no_ext,
        },
        ("delay_notice", "South"): {
            **base, "deadlines": 2, "open": 1, "cancelled": 1, "on_time_rate": None,
            **nothing, **no_ext,
        },
    }  # fmt: skip
    actual = {(r.clock, r.group["team"]): tally(r) for r in report.summary}
    assert expected == actual
    order = [(r.ruleset, r.clock, r.group["team"]) for r in report.summary]
    assert order == [
        (ADULTS, "acknowledgement", "North"),
        (ADULTS, "acknowledgement", "South"),
        (ADULTS, "response_backstop", "North"),
        (ADULTS, "response_backstop", "South"),
        (ADULTS, "delay_notice", "North"),
        (ADULTS, "delay_notice", "South"),
    ]  # rule set, then the rule set's clock order, then group
    ack_north = row_for(report, "acknowledgement", team="North")
    assert (ack_north.target, ack_north.target_met) == (0.75, False)
    backstop_north = row_for(report, "response_backstop", team="North")
    assert (backstop_north.target, backstop_north.target_met) == (0.75, True)
    assert (
        row_for(report, "delay_notice", team="North").target_met,
        row_for(report, "response_backstop", team="South").target_met,
    ) == (None, None)
    assert (ack_north.label, ack_north.kind) == ("Acknowledgement", "statutory")


def test_per_case_results_are_streamed(tmp_path: Path) -> None:
    """on_case gets one CaseResult per case with its groups, state and deadlines."""
    path = write_csv(tmp_path / "four.csv", FOUR_CASES)
    seen: list[CaseResult] = []
    audit([path], as_of="2025-07-31", group_by=["team"], on_case=seen.append)
    assert [(c.case_id, c.state, dict(c.groups)) for c in seen] == [
        ("A1", "closed", {"team": "North"}),
        ("A2", "responded", {"team": "North"}),
        ("A3", "withdrawn", {"team": "South"}),
        ("A4", "open", {"team": "South"}),
    ]
    a2 = {d.clock: (d.status, d.due, d.working_days_taken, d.days_late) for d in seen[1].deadlines}
    assert ("met_late", dt.date(2025, 6, 5), 5, 2) == a2["acknowledgement"]
    assert ("met", dt.date(2025, 12, 1), 30, 0) == a2["response_backstop"]
    assert [c.rows for c in seen] == [4, 3, 2, 2]


def test_progress_reports_rows_done_of_total(tmp_path: Path) -> None:
    """progress is called after each case with (rows done, rows in all)."""
    path = write_csv(tmp_path / "four.csv", FOUR_CASES)
    calls: list[tuple[int, int]] = []
    audit([path], as_of="2025-07-31", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(4, 11), (7, 11), (9, 11), (11, 11)]


def test_extension_and_backstop_breach_counted(tmp_path: Path) -> None:
    """A clock extended counts once in extensions_used; a backstop answered after its
    due date is a backstop breach (met late), as is one still unanswered past it.

    B1: Cheshire West local target (20 WD, due 30 June) extended by 10 WD on 20 June (to
    14 July), answered 14 July (30 WD): met, 1 extension. Its six-month backstop (to 1
    December) met in 30 WD. B2: answered 2 December (130 WD): local target met late,
    backstop (1 December) met late: one breach. B3: received 2 June, never answered, as
    of 2026-01-30: local target and backstop overdue: one breach.
    """
    cw = "cheshire-west-adults"
    rows = [
        ("B1", cw, "received", wd(0), "T"),
        ("B1", cw, "extension", wd(14), "T", "", "local_response", "10", "complex", "true"),
        ("B1", cw, "response", wd(30), "T"),
        ("B2", cw, "received", wd(0), "T"),
        ("B2", cw, "response", wd(130), "T"),
        ("B3", cw, "received", wd(0), "T"),
    ]
    report = audit([write_csv(tmp_path / "b.csv", rows)], as_of="2026-01-30", group_by=["team"])
    local = row_for(report, "local_response", team="T")
    backstop = row_for(report, "response_backstop", team="T")
    assert (
        local.met,
        local.met_late,
        local.overdue,
        local.extensions_used,
        local.backstop_breaches,
    ) == (1, 1, 1, 1, 0)
    assert (
        backstop.met,
        backstop.met_late,
        backstop.overdue,
        backstop.extensions_used,
        backstop.backstop_breaches,
    ) == (1, 1, 1, 0, 2)


# --------------------------------------------------------------------------- seed reports


def test_oxfordshire_stage1_107_complaints_96_in_time(tmp_path: Path) -> None:
    """Oxfordshire's seed report: "Stage 1: 107 complaints, 96 in time, 89%", target 80%.

    107 oxfordshire-adults cases, all received Monday 2 June 2025 and triaged green the
    same day (green: 10 WD, so due Monday 16 June). 96 answered Friday 13 June (9 WD, in
    time), 11 answered Friday 20 June (14 WD, late). On-time rate 96/107 = 0.8972 (89.7%),
    over the 80% target. Working days: mean (96 x 9 + 11 x 14) / 107 = 1018/107 = 9.514;
    median 9 (the 54th value); p90 the 97th value (ceil(0.9 x 107) = 97), so 14.
    """
    rows = []
    for i in range(1, 108):
        cid = f"OX-{i:03d}"
        answered = wd(9) if i <= 96 else wd(14)
        rows += [
            (cid, "oxfordshire-adults", "received", wd(0), "Adults"),
            (cid, "oxfordshire-adults", "triaged", wd(0), "Adults", "green"),
            (cid, "oxfordshire-adults", "acknowledged", wd(1), "Adults"),
            (cid, "oxfordshire-adults", "response", answered, "Adults"),
        ]
    report = audit(
        [write_csv(tmp_path / "oxon.csv", rows)], as_of="2025-07-31", target=0.8, buckets=[10]
    )
    stage1 = row_for(report, "local_response")
    assert tally(stage1) == {
        "deadlines": 107,
        "met": 96,
        "met_late": 11,
        "overdue": 0,
        "open": 0,
        "expired": 0,
        "cancelled": 0,
        "superseded": 0,
        "on_time_rate": 96 / 107,
        "wd_mean": 1018 / 107,
        "wd_median": 9.0,
        "wd_p90": 14.0,
        "histogram": {"<= 10": 96, "over 10": 11},
        "extensions_used": 0,
        "backstop_breaches": 0,
    }
    assert f"{stage1.on_time_rate:.1%}" == "89.7%"
    assert (stage1.target, stage1.target_met) == (0.8, True)
    line = next(x for x in render_table(report).splitlines() if "local_response" in x)
    assert line.split() == [
        "oxfordshire-adults", "local_response", "107", "107", "96", "11", "0", "0", "0", "0",
        "0", "0", "0", "0", "89.7%", "met", "9.5", "9", "14",
    ]  # fmt: skip


def test_cheshire_west_working_day_bands(tmp_path: Path) -> None:
    """Cheshire West's seed table: local response in <= 20, 21-40, 41-60, 61-80, 81-100,
    over 100 working days, still open counted apart.

    Twelve cases received Monday 2 June 2025 answered at each band's edges: 5 and 20 WD
    (<= 20), 21 and 40, 41 and 60, 61 and 80, 81 and 100, 101 and 130 (over 100). Two
    cases received Monday 26 January 2026 and not yet answered at 2026-01-30 are open
    (due 23 February), counted apart from the bands. One received 2 June 2025 and never
    answered is overdue: in neither the bands nor open.
    """
    cw = "cheshire-west-adults"
    rows = []
    for n in (5, 20, 21, 40, 41, 60, 61, 80, 81, 100, 101, 130):
        cid = f"CW-{n:03d}"
        rows += [(cid, cw, "received", wd(0), "T"), (cid, cw, "response", wd(n), "T")]
    rows += [
        ("CW-OPEN-1", cw, "received", "2026-01-26", "T"),
        ("CW-OPEN-2", cw, "received", "2026-01-26", "T"),
        ("CW-NEVER", cw, "received", wd(0), "T"),
    ]
    report = audit(
        [write_csv(tmp_path / "cw.csv", rows)],
        as_of="2026-01-30",
        buckets=[20, 40, 60, 80, 100],
    )
    local = row_for(report, "local_response")
    assert dict(local.histogram) == {
        "<= 20": 2,
        "21-40": 2,
        "41-60": 2,
        "61-80": 2,
        "81-100": 2,
        "over 100": 2,
    }
    assert (
        local.deadlines,
        local.met,
        local.met_late,
        local.open,
        local.overdue,
    ) == (15, 2, 10, 2, 1)
    table = render_table(report).splitlines()
    assert (
        "rule set              deadline           <= 20  21-40  41-60  61-80  81-100  over 100  not rec.  open"
        in table
    )
    assert (
        "cheshire-west-adults  local_response         2      2      2      2       2         2         0     2"
        in table
    )


def test_cardiff_acknowledgement_bands_and_average_response(tmp_path: Path) -> None:
    """Cardiff's seed table: acknowledged the same day, in 1-2 working days, in 3 or more,
    or not recorded; and the average days to respond at Stage 1.

    Buckets 0,2 give the bands "<= 0" (same day), "1-2" and "over 2" (3+). Thirteen cases
    received Monday 2 June 2025: acknowledged after 0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 5 WD,
    and two never acknowledged, so at 2025-09-30 those two are overdue: "not recorded" is
    the deadlines not met at all (overdue + open + cancelled). Acknowledgement due in 2 WD:
    9 on time, 2 late. Stage 1 written responses after 5, 8, 10, 10, 12, 12, 14, 15, 15,
    16, 18, 25, 35 WD (target 15): total 195, mean 15.0, median (7th) 14; 9 on time.
    """
    cf = "cardiff-social-services"
    acks = [0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 5, None, None]
    replies = [5, 8, 10, 10, 12, 12, 14, 15, 15, 16, 18, 25, 35]
    rows = []
    for i, (ack, reply) in enumerate(zip(acks, replies, strict=True), 1):
        cid = f"CF-{i:02d}"
        rows.append((cid, cf, "received", wd(0), "T"))
        if ack is not None:
            rows.append((cid, cf, "acknowledged", wd(ack), "T"))
        rows.append((cid, cf, "stage1_response", wd(reply), "T"))
    report = audit([write_csv(tmp_path / "cf.csv", rows)], as_of="2025-09-30", buckets=[0, 2])
    ack_row = row_for(report, "acknowledgement")
    not_recorded = ack_row.deadlines - ack_row.met - ack_row.met_late
    assert (dict(ack_row.histogram), not_recorded) == ({"<= 0": 3, "1-2": 6, "over 2": 2}, 2)
    assert (ack_row.met, ack_row.met_late, ack_row.overdue) == (9, 2, 2)
    reply_row = row_for(report, "stage1_written_response")
    assert (
        reply_row.wd_mean,
        reply_row.wd_median,
        reply_row.met,
        reply_row.met_late,
    ) == (15.0, 14.0, 9, 4)


# --------------------------------------------------------------------------- reconciling

# Seven cases and two case-less rows; line numbers are the file's (header is line 1).
MESSY = """\
case_id,ruleset,event,date,team
G1,england-adults-2009,received,2025-06-02,North
G1,england-adults-2009,acknowledged,2025-06-03,North
X1,england-adults-2009,received,2025-06-02,North
X1,england-adults-2009,acknowlegded,2025-06-03,North
,england-adults-2009,received,2025-06-02,North
X2,no-such-rules,received,2025-06-02,South
X3,england-adults-2009,received,2025-02-30,South
X3,england-adults-2009,acknowledged,2025-03-03,South
too,few,cells
X4,england-adults-2009,acknowledged,2025-06-02,South
X5,england-adults-2009,received,03/06/2025,South
G2,england-adults-2009,received,2025-06-02,South
"""


def test_bad_rows_reconcile_in_lenient_mode(tmp_path: Path) -> None:
    """Rows read = used + rejected and cases read = audited + rejected, with each bad case
    rejected whole and each case-less row rejected alone, with file, line and reason.

    Rows: 12 read (lines 2-13). Used: G1 (2) and G2 (1), 3. Rejected, 9: X1 (2 rows, an
    unknown event on line 5), the row without case_id (line 6, alone), X2 (1, unknown rule
    set), X3 (2, bad date on line 8), the short row (line 10: its first cell names a case,
    "too", which is rejected whole), X4 (1, acknowledged before received), X5 (1, ambiguous
    date). Cases: G1, X1, X2, X3, too, X4, X5, G2 = 8 read, 2 audited, 6 rejected; the
    case-less row is a row, not a case. G1 and G2 are open.
    """
    path = tmp_path / "messy.csv"
    path.write_text(MESSY, encoding="utf-8")
    report = audit([path], as_of="2025-07-31", group_by=["team"])
    assert report.counts == {
        "rows_read": 12,
        "rows_used": 3,
        "rows_rejected": 9,
        "cases_read": 8,
        "cases_audited": 2,
        "cases_rejected": 6,
        "cases_open": 2,
    }
    name = str(path)
    reasons = [(r.line, r.case_id, r.rows, r.reason) for r in report.rejections]
    assert [
        (
            5,
            "X1",
            2,
            "unknown event 'acknowlegded' for england-adults-2009; allowed here: acknowledged, "
            "delay_notice, extension, response, withdrawn",
        ),
        (6, None, 1, "missing case_id"),
        (7, "X2", 1, reasons[2][3]),  # the loader's message, checked below
        (8, "X3", 2, "date '2025-02-30' is not a real date (February 2025 has 28 days)"),
        (10, "too", 1, "expected 5 cells, got 3"),
        (
            11,
            "X4",
            1,
            "cannot apply 'acknowledged' in state 'new'; allowed: received, withdrawn",
        ),
        (
            12,
            "X5",
            1,
            "date '03/06/2025' is ambiguous (3 June or 6 March?); use YYYY-MM-DD or give the "
            "date format (--date-format %d/%m/%Y day first, %m/%d/%Y month first; "
            "date_format= in Python)",
        ),
    ] == reasons
    assert reasons[2][3].startswith("unknown rule set 'no-such-rules'; available: ")
    assert {name} == {r.file for r in report.rejections}
    assert [{"path": name, "rows": 12, "sha256": sha256(path), **CSV_READ}] == report.meta["inputs"]


def test_strict_mode_stops_at_the_first_bad_case(tmp_path: Path) -> None:
    """strict=True raises AuditError naming the file and line of the first bad row."""
    path = tmp_path / "messy.csv"
    path.write_text(MESSY, encoding="utf-8")
    with pytest.raises(AuditError) as info:
        audit([path], as_of="2025-07-31", strict=True)
    assert (str(path), 5) == (info.value.file, info.value.line)
    assert str(info.value).startswith(f"{path}:5: case X1: unknown event 'acknowlegded'")


def test_strict_mode_on_clean_input_reconciles_like_lenient(tmp_path: Path) -> None:
    """With nothing to reject, strict and lenient audits give the same counts and table."""
    path = write_csv(tmp_path / "four.csv", FOUR_CASES)
    strict = audit([path], as_of="2025-07-31", group_by=["team"], strict=True)
    lenient = audit([path], as_of="2025-07-31", group_by=["team"])
    assert lenient.counts == strict.counts
    assert lenient.summary == strict.summary
    assert tuple(
        strict.counts[k]
        for k in (
            "rows_read",
            "rows_used",
            "rows_rejected",
            "cases_read",
            "cases_audited",
            "cases_rejected",
        )
    ) == (11, 11, 0, 4, 4, 0)


def test_several_files_and_jsonl_count_rows_per_file(tmp_path: Path) -> None:
    """A case split over a CSV and a JSON Lines file is one case; each file's rows and
    hash are in the meta, and the counts span both."""
    first = write_csv(tmp_path / "a.csv", FOUR_CASES[:2])  # A1 received, acknowledged
    second = tmp_path / "b.jsonl"
    second.write_text(
        '{"case_id": "A1", "ruleset": "england-adults-2009", "event": "response", '
        '"date": "2025-06-16", "team": "North"}\n'
        "\n"
        "[1, 2]\n",
        encoding="utf-8",
    )
    report = audit([first, second], as_of="2025-07-31", group_by=["team"])
    assert [
        {"path": str(first), "rows": 2, "sha256": sha256(first), **CSV_READ},
        {"path": str(second), "rows": 2, "sha256": sha256(second), **JSONL_READ},
    ] == report.meta["inputs"]
    assert (
        report.counts["rows_read"],
        report.counts["rows_used"],
        report.counts["rows_rejected"],
        report.counts["cases_read"],
        report.counts["cases_audited"],
    ) == (4, 3, 1, 1, 1)
    assert [(str(second), 3, "expected a JSON object")] == [
        (r.file, r.line, r.reason) for r in report.rejections
    ]
    assert row_for(report, "response_backstop", team="North").met == 1


def test_ungrouped_input_gives_the_same_result(tmp_path: Path) -> None:
    """Rows of different cases interleaved (not contiguous), in any order, give the same
    counts and summary as the tidy file (cases are then grouped in memory)."""
    tidy = audit([write_csv(tmp_path / "tidy.csv", FOUR_CASES)], as_of="2025-07-31")
    shuffled = list(FOUR_CASES)
    random.Random(4).shuffle(shuffled)
    messy = audit([write_csv(tmp_path / "messy.csv", shuffled)], as_of="2025-07-31")
    assert tidy.counts == messy.counts
    assert tidy.summary == messy.summary


# --------------------------------------------------------------------------- meta


def test_meta_records_what_is_needed_to_reproduce_the_run(tmp_path: Path) -> None:
    """meta has the library version, as-of date, options, each input's rows and sha256,
    and per rule set its version (and the cases under each version used), layers,
    division, conventions and calendar fingerprints."""
    path = write_csv(tmp_path / "four.csv", FOUR_CASES)
    report = audit([path], as_of=dt.date(2025, 7, 31), group_by=["team"], target=0.8)
    rs = load_ruleset(ADULTS)
    assert {
        "library_version": __version__,
        "as_of": "2025-07-31",
        "generated_by": "statdeadline.audit",
        "options": {
            "group_by": ["team"],
            "buckets": [20, 40, 60, 80, 100],
            "target": 0.8,
            "clock_buckets": {},
            "clock_targets": {},
            "profile": None,
            "strict": False,
            "format": "long",
            "mapping": None,
            "date_format": None,
            "dates": date_note(None),
            "ruleset_options": {},
            "rules_dirs": [],
            "period": None,
            "financial_year": None,
            "compare": 0,
            "by": None,
            "placement": "received",
            "placement_rule": None,
        },
        "ignored_columns": [],
        "warnings": {"cases": 0, "distinct": 0, "examples": []},
        "inputs": [{"path": str(path), "rows": 11, "sha256": sha256(path), **CSV_READ}],
        "rulesets": {
            ADULTS: {
                "version": rs.version,
                "versions": {rs.version: 4},  # the four cases, all received under it
                "layers": [ADULTS],
                "division": "england-and-wales",
                "conventions": {
                    "receipt": "day_0",
                    "retriage": "from_original_start",
                    "receipt_cutoff": "none",
                    "received_on": "raised_on",
                },
                "calendar_fingerprint": rs.calendar.fingerprint,
                "local_calendar_fingerprint": rs.local_calendar.fingerprint,
            }
        },
        "periods": [],
        "profile_warning": None,  # no profile
    } == report.meta
    assert len(rs.calendar.fingerprint) == 64


def test_ruleset_options_are_applied_and_recorded(tmp_path: Path) -> None:
    """ruleset_options loads a rule set with a council's conventions and says so in meta.

    Under deemed_next_working_day, a complaint received Monday 2 June is deemed received
    Tuesday 3 June, so the acknowledgement (3 WD) is due Friday 6 June: one made on
    Friday 6 June (4 WD after receipt) is on time, where under day_0 it was late.
    """
    rows = [
        ("C1", ADULTS, "received", wd(0), "T"),
        ("C1", ADULTS, "acknowledged", "2025-06-06", "T"),
    ]
    path = write_csv(tmp_path / "c.csv", rows)
    plain = audit([path], as_of="2025-07-31")
    deemed = audit(
        [path],
        as_of="2025-07-31",
        ruleset_options={ADULTS: {"conventions": {"receipt": "deemed_next_working_day"}}},
    )
    assert (row_for(plain, "acknowledgement").met, row_for(plain, "acknowledgement").met_late) == (
        0,
        1,
    )
    assert (
        row_for(deemed, "acknowledgement").met,
        row_for(deemed, "acknowledgement").met_late,
    ) == (1, 0)
    assert deemed.meta["rulesets"][ADULTS]["conventions"]["receipt"] == "deemed_next_working_day"
    assert deemed.meta["options"]["ruleset_options"] == {
        ADULTS: {"conventions": {"receipt": "deemed_next_working_day"}}
    }


def test_ruleset_named_by_path_is_reported_by_id(tmp_path: Path) -> None:
    """A ruleset cell may name a rule file by path; results and meta use its id.
    (This crashed with KeyError before the evaluator kept rule sets by id too.)"""
    rules = Path(__file__).resolve().parents[2] / "rules" / "local" / "cheshire-west-adults.yaml"
    rows = [("P1", str(rules), "received", wd(0), "T"), ("P1", str(rules), "response", wd(5), "T")]
    report = audit([write_csv(tmp_path / "p.csv", rows)], as_of="2025-07-31")
    assert list(report.meta["rulesets"]) == ["cheshire-west-adults"]
    assert row_for(report, "local_response").met == 1


def test_columns_that_are_not_event_fields_are_listed_as_ignored(tmp_path: Path) -> None:
    """A column that no event of the rule set has (and is not a group) is ignored and
    named in meta; a field of another event on a row is a rejection."""
    rows = [
        ("I1", ADULTS, "received", wd(0), "T", "", "", "", "a note"),
        ("I2", ADULTS, "received", wd(0), "T", "", "response_backstop"),
    ]
    header = ("case_id", "ruleset", "event", "date", "team", "level", "clock", "x", "notes")
    report = audit([write_csv(tmp_path / "i.csv", rows, header)], as_of="2025-07-31")
    assert report.meta["ignored_columns"] == ["notes", "team"]
    assert [r.reason for r in report.rejections] == [
        "received: field 'clock' does not belong to this event; its fields: concern_raised, grounds_arose"
    ]


def test_same_day_events_follow_the_rule_sets_order(tmp_path: Path) -> None:
    """Events on the same date are replayed in the rule set's declared order (received
    before triaged before response), whatever their order in the file; a time column
    orders them first."""
    ox = "oxfordshire-adults"
    rows = [
        ("S1", ox, "response", wd(3), "T"),
        ("S1", ox, "triaged", wd(0), "T", "amber"),
        ("S1", ox, "received", wd(0), "T"),
    ]
    report = audit([write_csv(tmp_path / "s.csv", rows)], as_of="2025-07-31")
    assert (report.counts["cases_rejected"], row_for(report, "local_response").met) == (0, 1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"buckets": [20, 10]}, "buckets"),
        ({"buckets": [-1]}, "buckets"),
        ({"target": 80}, "target"),
    ],
)
def test_bad_options_are_refused(tmp_path: Path, kwargs: dict[str, object], message: str) -> None:
    """Buckets must ascend and be >= 0; the target is a fraction (0.8, not 80)."""
    path = write_csv(tmp_path / "four.csv", FOUR_CASES)
    with pytest.raises(InvalidArgumentError) as info:
        audit([path], as_of="2025-07-31", **kwargs)  # type: ignore[arg-type]
    assert message == info.value.argument


def test_missing_file_and_missing_columns_are_audit_errors(tmp_path: Path) -> None:
    """A missing input and a file without the core columns stop the audit, saying where."""
    with pytest.raises(AuditError) as info:
        audit([tmp_path / "nope.csv"], as_of="2025-07-31")
    assert f"{tmp_path / 'nope.csv'}: no such file" == str(info.value)
    bad = tmp_path / "bad.csv"
    bad.write_text("case,ruleset,event,day\n", encoding="utf-8")
    with pytest.raises(AuditError) as info:
        audit([bad], as_of="2025-07-31")
    assert (
        f"{bad}:1: missing column(s) case_id, date; a long-format file needs case_id, ruleset, event, date (columns found: case, ruleset, event, day)"
        == str(info.value)
    )


def test_report_to_dict_is_json_ready(tmp_path: Path) -> None:
    """AuditReport.to_dict() has meta, counts, summary rows and rejections as plain data."""
    import json

    path = tmp_path / "messy.csv"
    path.write_text(MESSY, encoding="utf-8")
    data = audit([path], as_of="2025-07-31", group_by=["team"]).to_dict()
    again = json.loads(json.dumps(data))
    assert data == again
    assert list(data) == [
        "meta",
        "headlines",
        "counts",
        "summary",
        "totals",
        "case_counts",
        "case_totals",
        "rejections",
    ]
    assert data["summary"][0]["group"] == {"team": "North"}


def test_parse_dates_with_a_format_still_accept_iso() -> None:
    """With a date format declared, ISO dates still work (the mapping docs promise it);
    other text that does not match the format is refused with the reason."""
    from statdeadline.audit import parse_input_date

    assert (dt.date(2025, 4, 3), None) == parse_input_date("2025-04-03", "%d/%m/%Y")
    assert (dt.date(2025, 4, 3), None) == parse_input_date("03/04/2025", "%d/%m/%Y")
    with pytest.raises(ValueError) as info:
        parse_input_date("04-03-2025", "%d/%m/%Y")
    assert str(info.value) == "date '04-03-2025' does not match the format '%d/%m/%Y'"


def test_example_files_reconcile_and_reject_only_the_deliberate_rows() -> None:
    """examples/cases.csv audits with exactly its three deliberately bad cases rejected."""
    root = Path(__file__).resolve().parents[2]
    report = audit(
        [root / "examples" / "cases.csv"], as_of="2026-06-30", group_by=["team"], target=0.8
    )
    c = report.counts
    assert c["rows_read"] == c["rows_used"] + c["rows_rejected"]
    assert c["cases_read"] == c["cases_audited"] + c["cases_rejected"]
    assert [r.reason.split(" for ")[0].split(" (")[0] for r in report.rejections] == [
        "unknown event 'stage1_reponse'",
        "date '03/04/2025' is ambiguous",
        "date '2026-02-30' is not a real date",
    ]


def test_complainant_windows_are_not_judged_against_the_target(tmp_path: Path) -> None:
    """A complainant's window has a rate (asked in time over asked at all) but no target
    verdict: it is the complainant's time, not the council's deadline.

    W1: Stage 1 answered 9 June (5 WD); the 20 WD window runs to 7 July; Stage 2 asked 14
    July: met late. W2: answered 9 June, Stage 2 asked 16 June: met. Rate 1/2; with a
    target of 0.8 the Stage 1 response (2 of 2 on time) is judged, the window is not.
    """
    ch = "england-children-2006"
    rows = [
        ("W1", ch, "received", wd(0), "T"),
        ("W1", ch, "stage1_response", wd(5), "T"),
        ("W1", ch, "stage2_requested", "2025-07-14", "T"),
        ("W2", ch, "received", wd(0), "T"),
        ("W2", ch, "stage1_response", wd(5), "T"),
        ("W2", ch, "stage2_requested", "2025-06-16", "T"),
    ]
    report = audit([write_csv(tmp_path / "w.csv", rows)], as_of="2025-07-31", target=0.8)
    window = row_for(report, "stage2_request_window")
    stage1 = row_for(report, "stage1_response")
    assert (window.kind, window.on_time_rate, window.target, window.target_met) == (
        "complainant_window",
        0.5,
        0.8,
        None,
    )
    assert (stage1.on_time_rate, stage1.target_met) == (1.0, True)


def test_example_files_are_what_the_generator_writes() -> None:
    """examples/generate.py is deterministic and the committed files are its output
    (if this fails after a rule or engine change, run python examples/generate.py)."""
    import importlib.util

    root = Path(__file__).resolve().parents[2] / "examples"
    spec = importlib.util.spec_from_file_location("_statdeadline_examples", root / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    files = module.build()
    assert sorted(files) == ["cases-wide-mapping.yaml", "cases-wide.csv", "cases.csv"]
    for name, text in files.items():
        assert (root / name).read_text(encoding="utf-8") == text, name
