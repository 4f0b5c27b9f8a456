"""The information-rights and complaint-code profiles (FOI, EIR, subject access, the
Housing Ombudsman's and LGSCO's Codes, the SPSO and NIPSO model procedures) give their
usual report tables when an audit runs over a small hand-built CSV: the share answered
within the statutory or Code timescale (the first band), in time with any extension (the
on-time rate, against a target where the profile has one), and later bands.

Every count below is worked by hand in the comments, on the rule set's own calendar."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tests.audit_support import row_for, write_rows

from statdeadline.audit import AuditReport, audit
from statdeadline.rules.profiles import load_profile

FIELDS = (
    "clock",
    "working_days",
    "months",
    "reason",
    "refusal_notice_given",
    "complex_and_voluminous",
    "exceptional_circumstances",
)
HEADER = ("case_id", "ruleset", "event", "date", *FIELDS)


def ext(case: str, rs: str, day: str, clock: str, **fields: str) -> tuple[str, ...]:
    """An extension row: its clock and fields in the HEADER's columns."""
    values = {"clock": clock, **fields}
    return (case, rs, "extension", day, *(values.get(f, "") for f in FIELDS))


def run(tmp_path: Path, profile: str, rows: Sequence[Sequence[str]], as_of: str) -> AuditReport:
    path = write_rows(tmp_path / "in.csv", HEADER, rows)
    report = audit([path], as_of=as_of, profile=profile)
    assert report.rejections == ()
    return report


def tally(report: AuditReport, clock: str) -> tuple[object, ...]:
    """(label, deadlines, met, met_late, on-time rate, bands) of one summary row."""
    r = row_for(report, clock)
    return (r.label, r.deadlines, r.met, r.met_late, r.on_time_rate, dict(r.histogram))


# ------------------------------------------------------------------------ FOI (UK union)
# Requests received Monday 3 March 2025. Working days exclude a bank holiday in any part
# of the UK, so Northern Ireland's St Patrick's Day (Mon 17 March) does not count:
# Mar 4(1) 5 6 7 10(5) 11 12 13 14(9) [17] 18(10) 19 20 21 24(14) 25 26 27 28(18)
# 31(19), Tue 1 April (20) is the due date (31 March counting England's days only).
FOI = "foi-2000"
FOI_ROWS = [
    ("F1", FOI, "received", "2025-03-03"),
    ("F1", FOI, "response", "2025-04-01"),  # day 20: on time, within 20
    ("F1", FOI, "internal_review_requested", "2025-04-02"),
    # review: Apr 3(1) 4 7 8 9 10 11(7) 14 15 16 17(11) [Good Friday 18, Easter Monday
    # 21] 22(12) 23 24 25(15) 28 29 30(18) May 1(19) 2(20) [Mon 5 May] 6 May (21): late
    ("F1", FOI, "internal_review_response", "2025-05-06"),
    ("F2", FOI, "received", "2025-03-03"),
    ("F2", FOI, "response", "2025-03-31"),  # day 19: on time, within 20
    ("F2", FOI, "internal_review_requested", "2025-04-01"),
    # review from 1 April: Apr 2(1) ... 17(12) [18, 21] 22(13) ... 30(19) May 1(20): on time
    ("F2", FOI, "internal_review_response", "2025-05-01"),
    ("F3", FOI, "received", "2025-03-03"),
    ("F3", FOI, "response", "2025-04-02"),  # day 21: late, 21-40
    ("F4", FOI, "received", "2025-03-03"),
    # a public-interest extension of 20 working days, recorded before the due date with
    # the refusal notice: due 20 working days after 1 April (1 May, Easter skipped)
    ext(
        "F4",
        FOI,
        "2025-03-28",
        "response",
        working_days="20",
        reason="public interest test",
        refusal_notice_given="yes",
    ),
    # answered 15 April: Apr 2(21) 3 4 7 8 9 10 11 14 15(30): on time, 21-40
    ("F4", FOI, "response", "2025-04-15"),
    ("F5", FOI, "received", "2025-03-03"),
    ("F5", FOI, "clarification_requested", "2025-03-05"),
    # the clarification is the new date of receipt: 20 working days from Mon 10 March,
    # Mar 11(1) .. 14(4) [17] 18(5) .. 31(14) Apr 1(15) .. 4(18) 7(19) 8(20): due 8 April
    ("F5", FOI, "clarification_received", "2025-03-10"),
    # answered 7 April: on time; the working days taken and the bands count from the
    # restart (the clock's own start, as its due date does): day 19, within 20
    ("F5", FOI, "response", "2025-04-07"),
]


def test_foi_profile_within_20_working_days_and_in_time(tmp_path: Path) -> None:
    """FOI: 3 of 5 answered within 20 working days (F1 on day 20, the union calendar's
    due date; F2 on 19; F5 on 19 from its clarification); 4 of 5 in time (F3 late), under the ICO's 90%; the internal
    reviews 1 of 2 in time (F1's on day 21)."""
    report = run(tmp_path, FOI, FOI_ROWS, "2025-06-30")
    within, later, over = "within 20 working days", "21-40 working days", "over 40 working days"
    assert tally(report, "response") == (
        "Requests answered",
        5,
        4,
        1,
        0.8,
        {within: 3, later: 2, over: 0},
    )
    response = row_for(report, "response")
    assert (response.target, response.target_met) == (0.9, False)
    # mean working days taken: (20 + 19 + 21 + 30 + 19) / 5 = 109 / 5
    assert response.wd_mean == 21.8
    assert tally(report, "internal_review") == (
        "Internal reviews",
        2,
        1,
        1,
        0.5,
        {within: 1, later: 1, over: 0},
    )
    assert [r.clock for r in report.summary] == ["response", "internal_review"]
    # the profile's noun: requests, not complaints; 4 of 5 is 80.0% (one decimal, the
    # default percent), under the 90% target; the reviews 1 of 2
    assert report.headlines[:2] == (
        "Requests answered: 5 requests, 4 responded to within timescale (80.0%); target 90% missed",
        "Internal reviews: 2 requests, 1 responded to within timescale (50.0%)",
    )


# ------------------------------------------------------------------------ EIR (UK union)
EIR = "eir-2004"
EIR_ROWS = [
    # received Fri 10 July 2026: Jul 14(1) [Mon 13 July, Northern Ireland] 15 16 17(4)
    # 20-24(9) 27-31(14) [Mon 3 Aug, Scotland] Aug 4(15) 5 6 7(18) 10(19) 11(20)
    ("E1", EIR, "received", "2026-07-10"),
    ("E1", EIR, "response", "2026-08-11"),  # day 20: within 20, on time
    # representations Wed 12 Aug; the decision is due in 40 working days (reg 11); sent
    # Fri 11 Sep: Aug 13 14 (2) 17-21 (7) 24-28 (12) [Mon 31 Aug] Sep 1-4 (16) 7-10 (20)
    # 11 (21): on time, 21-40
    ("E1", EIR, "internal_review_requested", "2026-08-12"),
    ("E1", EIR, "internal_review_response", "2026-09-11"),
    ("E2", EIR, "received", "2026-07-10"),
    # complex and voluminous: to 40 working days, Aug 12(21) .. 28(33) [Mon 31 Aug,
    # England, Wales and NI] Sep 1(34) .. 4(37) 7 8(39) 9(40): due 9 September
    ext(
        "E2",
        EIR,
        "2026-07-20",
        "response",
        working_days="20",
        reason="many files",
        complex_and_voluminous="yes",
    ),
    ("E2", EIR, "response", "2026-09-08"),  # day 39: on time, 21-40
    ("E3", EIR, "received", "2026-07-10"),
    ("E3", EIR, "response", "2026-08-12"),  # day 21, no extension: late
]


def test_eir_profile(tmp_path: Path) -> None:
    """EIR: 1 of 3 within 20 working days, 2 of 3 in time (E2 with the reg 7(1)
    extension); the UK union calendar skips the NI and Scottish holidays. The one reg 11
    review took 21 working days of its 40."""
    report = run(tmp_path, EIR, EIR_ROWS, "2026-10-31")
    assert tally(report, "response") == (
        "Requests answered",
        3,
        2,
        1,
        2 / 3,
        {"within 20 working days": 1, "21-40 working days": 2, "over 40 working days": 0},
    )
    assert row_for(report, "response").target == 0.9
    assert tally(report, "internal_review") == (
        "Internal reviews (reg 11)",
        1,
        1,
        0,
        1.0,
        {"within 20 working days": 0, "21-40 working days": 1, "over 40 working days": 0},
    )


# ---------------------------------------------------------- subject access (England)
SAR = "uk-gdpr-sar"
SAR_ROWS = [
    # received Sat 31 January 2026, before 5 February, so under uk-gdpr-sar@2021: no 31
    # February, so the month ends Sat 28 February, moved to Mon 2 March; 30 days
    ("S1", SAR, "received", "2026-01-31"),
    ("S1", SAR, "response", "2026-03-02"),
    # received Mon 30 March: due Thu 30 April; answered Fri 1 May, 32 days: late
    ("S2", SAR, "received", "2026-03-30"),
    ("S2", SAR, "response", "2026-05-01"),
    # received Thu 2 April, extended by two months within the first: due Thu 2 July;
    # answered 30 June: on time, 28 + 31 + 30 = 89 days
    ("S3", SAR, "received", "2026-04-02"),
    ext("S3", SAR, "2026-04-20", "response", months="2", reason="complex"),
    ("S3", SAR, "response", "2026-06-30"),
    # received on the early May bank holiday, Mon 4 May (day 1 whatever the day): the
    # month ends Thu 4 June; asked for information 6 May, received 8 May: 3 days (both
    # ends) do not count, so 7 June, a Sunday, moved to Mon 8 June; answered then, on
    # time, after 35 days
    ("S4", SAR, "received", "2026-05-04"),
    ("S4", SAR, "information_requested", "2026-05-06"),
    ("S4", SAR, "information_received", "2026-05-08"),
    ("S4", SAR, "response", "2026-06-08"),
]


def test_sar_profile_within_the_month(tmp_path: Path) -> None:
    """Subject access: 3 of 4 within the month or its extension (the on-time rate; S2 a
    day late), across both versions of the rule set; bands and averages in calendar
    days, so S4, on time after its pause, is in the second band."""
    report = run(tmp_path, SAR, SAR_ROWS, "2026-09-30")
    assert tally(report, "response") == (
        "Subject access requests",
        4,
        3,
        1,
        0.75,
        {"up to 31 days": 1, "32-92 days": 3, "over 92 days": 0},
    )
    row = row_for(report, "response")
    # (30 + 32 + 89 + 35) / 4 calendar days
    assert (row.target, row.average_unit, row.wd_mean) == (None, "calendar_days", 46.5)


# ------------------------------------------------- Housing Ombudsman's Code (England)
HO = "housing-ombudsman-code-2024"
HO_ROWS = [
    # received Fri 19 December 2025: Dec 22(1) 23 24(3) [25, 26] 29(4) 30(5)
    ("H1", HO, "received", "2025-12-19"),
    ("H1", HO, "acknowledged", "2025-12-30"),  # day 5: within 5
    # 10 working days from the acknowledgement: Dec 31(1) [1 Jan] Jan 2(2) 5 .. 9(7)
    # 12 13 14(10): due and answered Wed 14 January
    ("H1", HO, "stage1_response", "2026-01-14"),
    ("H2", HO, "received", "2025-12-19"),
    ("H2", HO, "acknowledged", "2025-12-19"),  # the same day: 0
    # due 10 working days from 19 December: 22 23 24 29 30 31 Jan 2 5 6 7(10); extended
    # by 10 on 5 January: due 21 January; answered Tue 20 January, Jan 8(11) .. 20(19)
    ext("H2", HO, "2026-01-05", "stage1_response", working_days="10", reason="complex"),
    ("H2", HO, "stage1_response", "2026-01-20"),
    # received Mon 5 January 2026; acknowledged Tue 13th, day 6: late
    ("H3", HO, "received", "2026-01-05"),
    ("H3", HO, "acknowledged", "2026-01-13"),
    # from the actual acknowledgement: Jan 14(1) .. 27(10); answered on time
    ("H3", HO, "stage1_response", "2026-01-27"),
    # escalated Mon 2 February, acknowledged Fri 6th (day 4); 20 working days from the
    # acknowledgement: Feb 9-13(5) 16-20(10) 23-27(15) Mar 2-6(20): due Fri 6 March;
    # answered Mon 9 March, day 21: late
    ("H3", HO, "stage2_requested", "2026-02-02"),
    ("H3", HO, "stage2_acknowledged", "2026-02-06"),
    ("H3", HO, "stage2_response", "2026-03-09"),
]


def test_housing_ombudsman_profile(tmp_path: Path) -> None:
    """The housing Code's table: acknowledgements within 5 working days at each stage,
    responses within the Code's timescale (counted from the acknowledgement), with an
    extension, and later; stage order, the Code's labels, no target."""
    report = run(tmp_path, HO, HO_ROWS, "2026-06-30")
    assert [r.clock for r in report.summary] == [
        "stage1_acknowledgement",
        "stage1_response",
        "stage2_acknowledgement",
        "stage2_response",
    ]
    within5, over5 = "within 5 working days", "over 5 working days"
    assert tally(report, "stage1_acknowledgement") == (
        "Stage 1 acknowledged",
        3,
        2,
        1,
        2 / 3,
        {within5: 2, over5: 1},
    )
    assert tally(report, "stage1_response") == (
        "Stage 1 responses",
        3,
        3,
        0,
        1.0,
        {
            "within 10 working days": 2,
            "11-20 working days (with extension)": 1,
            "over 20 working days": 0,
        },
    )
    assert tally(report, "stage2_acknowledgement")[1:] == (1, 1, 0, 1.0, {within5: 1, over5: 0})
    assert tally(report, "stage2_response")[1:] == (
        1,
        0,
        1,
        0.0,
        {
            "within 20 working days": 0,
            "21-40 working days (with extension)": 1,
            "over 40 working days": 0,
        },
    )
    assert all(r.target is None for r in report.summary)


# ------------------------------------------------------------- LGSCO's Code (England)
LG = "lgsco-code-2024"
LG_ROWS = [
    # received Thu 2 April 2026, Good Friday 3 and Easter Monday 6 April skipped:
    # Apr 7(1) 8 9(3); acknowledged on day 3; response due 10 working days later,
    # Apr 10(1) 13 .. 17(6) 20 .. 23(10): answered on the due date
    ("L1", LG, "received", "2026-04-02"),
    ("L1", LG, "acknowledged", "2026-04-09"),
    ("L1", LG, "stage1_response", "2026-04-23"),
    # acknowledged Tue 14 April, day 6 (late); response due Apr 15(1) .. 28(10);
    # answered 29 April, day 11: late
    ("L2", LG, "received", "2026-04-02"),
    ("L2", LG, "acknowledged", "2026-04-14"),
    ("L2", LG, "stage1_response", "2026-04-29"),
]


def test_lgsco_profile(tmp_path: Path) -> None:
    """The LGSCO Code's table over Easter: one acknowledgement and one response in
    time of two; only the stage 1 rows, as no stage 2 started."""
    report = run(tmp_path, LG, LG_ROWS, "2026-06-30")
    assert tally(report, "stage1_acknowledgement") == (
        "Stage 1 acknowledged",
        2,
        1,
        1,
        0.5,
        {"within 5 working days": 1, "over 5 working days": 1},
    )
    assert tally(report, "stage1_response")[1:] == (
        2,
        1,
        1,
        0.5,
        {
            "within 10 working days": 1,
            "11-20 working days (with extension)": 1,
            "over 20 working days": 0,
        },
    )
    assert [r.clock for r in report.summary] == ["stage1_acknowledgement", "stage1_response"]


# ----------------------------------------------------------------- SPSO (Scotland)
SP = "spso-mchp-2020"
SP_ROWS = [
    # received Thu 26 November 2026; St Andrew's Day is Mon 30 November in Scotland:
    # Nov 27(1) [30] Dec 1(2) 2 3 4(5)
    ("P1", SP, "received", "2026-11-26"),
    ("P1", SP, "stage1_response", "2026-12-04"),  # day 5: on time
    ("P2", SP, "received", "2026-11-26"),
    # exceptional circumstances: 5 more, due Fri 11 December; answered the 10th, day 9
    ext(
        "P2",
        SP,
        "2026-12-02",
        "stage1_response",
        working_days="5",
        reason="absence",
        exceptional_circumstances="yes",
    ),
    ("P2", SP, "stage1_response", "2026-12-10"),
    ("P3", SP, "received", "2026-11-26"),
    ("P3", SP, "stage1_response", "2026-12-07"),  # day 6: late
    # stage 2 requested Tue 8 December; acknowledged the 10th (day 2); 20 working days
    # in Scotland: Dec 9(1) 10 11(3) 14-18(8) 21-24(12) [25, 28] 29 30 31(15)
    # [1 Jan, 4 Jan 2027] Jan 5 6 7 8(19) 11(20): answered on the due date
    ("P3", SP, "stage2_requested", "2026-12-08"),
    ("P3", SP, "stage2_acknowledged", "2026-12-10"),
    ("P3", SP, "stage2_response", "2027-01-11"),
]


def test_spso_profile_closed_within_5_and_20_working_days(tmp_path: Path) -> None:
    """The SPSO's indicators on Scotland's calendar (St Andrew's Day, Christmas and the
    2 January holiday moved to Monday 4 January 2027): stage 1 within 5 working days 1
    of 3, in time 2 of 3; stage 2 within 20."""
    report = run(tmp_path, SP, SP_ROWS, "2027-03-31")
    assert tally(report, "stage1_response") == (
        "Stage 1 (frontline resolution)",
        3,
        2,
        1,
        2 / 3,
        {"within 5 working days": 1, "6-10 working days": 2, "over 10 working days": 0},
    )
    assert tally(report, "stage2_acknowledgement")[1:] == (
        1,
        1,
        0,
        1.0,
        {"within 3 working days": 1, "over 3 working days": 0},
    )
    assert tally(report, "stage2_response")[1:] == (
        1,
        1,
        0,
        1.0,
        {"within 20 working days": 1, "over 20 working days": 0},
    )
    # mean working days at stage 1: (5 + 9 + 6) / 3
    assert row_for(report, "stage1_response").wd_mean == 20 / 3


# -------------------------------------------------------- NIPSO (Northern Ireland)
NI = "nipso-mchp"
NI_ROWS = [
    # received Wed 8 July 2026; the Battle of the Boyne holiday is Mon 13 July in
    # Northern Ireland: Jul 9(1) 10(2) [13] 14(3) 15 16(5)
    ("N1", NI, "received", "2026-07-08"),
    ("N1", NI, "stage1_response", "2026-07-16"),  # day 5: on time
    ("N2", NI, "received", "2026-07-08"),
    ("N2", NI, "stage1_response", "2026-07-17"),  # day 6: late
    # stage 2 requested Mon 20 July, acknowledged Thu 23rd (day 3); 20 working days:
    # Jul 21-24(4) 27-31(9) Aug 3-7(14) 10-14(19) 17(20): answered on the due date
    ("N2", NI, "stage2_requested", "2026-07-20"),
    ("N2", NI, "stage2_acknowledged", "2026-07-23"),
    ("N2", NI, "stage2_response", "2026-08-17"),
]


def test_nipso_profile_leaves_out_the_complainants_window(tmp_path: Path) -> None:
    """NIPSO: the three council deadlines in stage order; the window to go to the
    Ombudsman (started by N2's stage 2 response) is not in the table."""
    report = run(tmp_path, NI, NI_ROWS, "2026-12-31")
    assert [r.clock for r in report.summary] == [
        "stage1_response",
        "stage2_acknowledgement",
        "stage2_response",
    ]
    assert tally(report, "stage1_response")[1:] == (
        2,
        1,
        1,
        0.5,
        {"within 5 working days": 1, "6-10 working days": 1, "over 10 working days": 0},
    )
    assert tally(report, "stage2_acknowledgement")[1:] == (
        1,
        1,
        0,
        1.0,
        {"within 3 working days": 1, "over 3 working days": 0},
    )
    assert tally(report, "stage2_response")[1:] == (
        1,
        1,
        0,
        1.0,
        {"within 20 working days": 1, "over 20 working days": 0},
    )


def test_each_wave2_profile_is_for_its_own_rule_set() -> None:
    """The seven profiles are named after the rule set they lay out."""
    names = (FOI, EIR, SAR, HO, LG, SP, NI)
    assert [load_profile(n).ruleset for n in names] == list(names)
