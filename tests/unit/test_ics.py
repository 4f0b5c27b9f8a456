"""statdeadline.reports.ics: open deadlines as an RFC 5545 iCalendar file."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.cli_support import parse_ics, unescape_ics

from statdeadline import Case, __version__, load_ruleset
from statdeadline.reports.ics import escape_text, fold_line, open_deadlines, owed_from, to_ics

STAMP = dt.datetime(2024, 4, 8, 9, 30, tzinfo=dt.timezone.utc)


def adults_case(case_id: str | None = "C-1", *events: dict[str, str]) -> Case:
    return Case(
        load_ruleset("england-adults-2009"),
        case_id,
        events=[{"event": "received", "date": "2024-03-28"}, *events],
    )


def test_escape_text() -> None:
    """Backslash, semicolon, comma and every kind of line break are escaped."""
    assert escape_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"


@pytest.mark.parametrize(
    ("line", "lengths"),
    [
        ("X" * 75, [75]),  # exactly 75 octets: not folded
        ("X" * 76, [75, 2]),  # one over: a continuation of a space and one character
        ("X" * 149, [75, 75]),  # 75 + (1 space + 74)
        ("X" * 150, [75, 75, 2]),
    ],
)
def test_fold_line_lengths(line: str, lengths: list[int]) -> None:
    """Lines are cut at 75 octets; each continuation is one space and up to 74 more."""
    assert [len(p) for p in fold_line(line).split("\r\n")] == lengths


def test_fold_line_never_splits_a_character() -> None:
    """'DESCRIPTION:' is 12 octets and each 'é' 2: 31 of them fill 74 octets, and the 32nd
    would make 76, so the first line stops at 74 octets; the other 9 follow a space."""
    line = "DESCRIPTION:" + "é" * 40
    parts = fold_line(line).split("\r\n")
    assert [len(p.encode("utf-8")) for p in parts] == [74, 19]
    assert parts[1] == " " + "é" * 9
    assert "".join(p.removeprefix(" ") for p in parts) == line


def test_open_deadlines() -> None:
    """Met deadlines are not open; overdue running ones are. Acknowledgement is due
    3 working days after Thursday 28 March 2024: 2, 3 and 4 April (Good Friday 29 March,
    the weekend and Easter Monday 1 April skipped)."""
    case = adults_case()
    ds = case.deadlines("2024-04-08")
    assert [(d.clock, d.status) for d in open_deadlines(ds)] == [
        ("acknowledgement", "overdue"),
        ("response_backstop", "pending"),
    ]  # the delay notice is not owed yet, and has no due date
    acked = adults_case("C-1", {"event": "acknowledged", "date": "2024-04-03"})
    assert [d.clock for d in open_deadlines(acked.deadlines("2024-04-08"))] == [
        "response_backstop",
    ]


def test_a_deadline_that_ended_late_is_not_open() -> None:
    """Withdrawn after the acknowledgement was due: the acknowledgement is 'overdue' but
    no longer running, so it is not exported; the others were cancelled."""
    case = adults_case("C-1", {"event": "withdrawn", "date": "2024-04-08"})
    ds = case.deadlines("2024-04-10")
    assert ds.by_clock("acknowledgement")[0].status == "overdue"
    assert open_deadlines(ds) == []


def test_to_ics_events() -> None:
    """One all-day event per open deadline on its due date, DTEND the next day.

    Response backstop: six months beginning with 28 March 2024 ends the day before the
    corresponding date, 27 September 2024. The delay notice is not owed yet (it would be
    from 28 September, if no response is sent by then): no event."""
    text = to_ics(adults_case().deadlines("2024-04-08"), dtstamp=STAMP)
    *events, calendar = parse_ics(text)
    assert calendar == {
        "BEGIN": "VCALENDAR",
        "VERSION": "2.0",
        "PRODID": f"-//statdeadline//statdeadline {__version__}//EN",
        "CALSCALE": "GREGORIAN",
        "METHOD": "PUBLISH",
    }
    assert [
        (e["DTSTART;VALUE=DATE"], e["DTEND;VALUE=DATE"], e["SUMMARY"], e["DTSTAMP"]) for e in events
    ] == [
        ("20240404", "20240405", "Acknowledgement - case C-1 (overdue)", "20240408T093000Z"),
        (
            "20240927",
            "20240928",
            "Response within six months (or a longer agreed period) - case C-1",
            "20240408T093000Z",
        ),
    ]
    description = unescape_ics(events[0]["DESCRIPTION"])
    assert description.splitlines() == [
        "Acknowledgement (acknowledgement, statutory) for case C-1",
        "Due 2024-04-04: overdue; started by received on 2024-03-28",
        "Citation: The Local Authority Social Services and National Health Service "
        "Complaints (England) Regulations 2009 (SI 2009/309), reg 13(1) - acknowledge not "
        "later than 3 working days after the day of receipt [secondary]",
        "https://www.legislation.gov.uk/uksi/2009/309/contents/made",
        f"Rule set england-adults-2009 1.2.0; as of 2024-04-08; statdeadline {__version__}",
    ]
    assert {e["TRANSP"] for e in events} == {"TRANSPARENT"}


def test_uid_is_stable_per_case_clock_and_instance() -> None:
    """Exporting the same case again (even later, with more events) gives the same UIDs;
    another case id gives others; each UID is unique within the file."""

    def uids(case: Case, as_of: str) -> dict[str, str]:
        events = parse_ics(to_ics(case.deadlines(as_of), dtstamp=STAMP))[:-1]
        return {e["SUMMARY"].split(" - ")[0]: e["UID"] for e in events}

    first = uids(adults_case(), "2024-04-02")
    later = uids(adults_case("C-1", {"event": "acknowledged", "date": "2024-04-03"}), "2024-04-08")
    other = uids(adults_case("C-2"), "2024-04-02")
    assert len(set(first.values())) == 2
    assert {k: first[k] for k in later} == later
    assert not set(first.values()) & set(other.values())
    assert all(u.endswith("@statdeadline") for u in first.values())


def test_without_a_case_id() -> None:
    """With no case id the summary names the rule set, and the UID is still stable."""
    a = parse_ics(to_ics(adults_case(None).deadlines("2024-04-02"), dtstamp=STAMP))
    b = parse_ics(to_ics(adults_case(None).deadlines("2024-04-03"), dtstamp=STAMP))
    assert a[0]["SUMMARY"] == "Acknowledgement - england-adults-2009"
    assert [e.get("UID") for e in a] == [e.get("UID") for e in b]


def test_no_open_deadline_gives_an_empty_calendar() -> None:
    """A closed case: a calendar with no events."""
    case = adults_case(
        "C-1",
        {"event": "acknowledged", "date": "2024-04-02"},
        {"event": "response", "date": "2024-04-10"},
        {"event": "closed", "date": "2024-04-11"},
    )
    text = to_ics(case.deadlines("2024-04-12"), dtstamp=STAMP)
    assert [c["BEGIN"] for c in parse_ics(text)] == ["VCALENDAR"]


def test_dtstamp_is_utc() -> None:
    """An aware stamp is converted to UTC; a naive one is taken as UTC."""
    bst = dt.timezone(dt.timedelta(hours=1))
    aware = parse_ics(to_ics(adults_case().deadlines("2024-04-02"), dtstamp=STAMP.astimezone(bst)))
    naive = parse_ics(
        to_ics(adults_case().deadlines("2024-04-02"), dtstamp=dt.datetime(2024, 4, 8, 9, 30))
    )
    assert aware[0]["DTSTAMP"] == naive[0]["DTSTAMP"] == "20240408T093000Z"


def test_an_owed_duty_is_shown_on_the_day_it_is_owed_from() -> None:
    """Received Thu 28 March 2024, no response: the six months end Fri 27 September, so
    as of Mon 30 September the delay notice is owed from Sat 28 September, its event on
    that day; once sent (Tue 1 October) it is done and not exported."""
    ds = adults_case().deadlines("2024-09-30")
    notice = [d for d in open_deadlines(ds) if d.clock == "delay_notice"]
    assert [(d.status, d.due, owed_from(d)) for d in notice] == [
        ("owed", None, dt.date(2024, 9, 28))
    ]
    events = parse_ics(to_ics(ds, dtstamp=STAMP))[:-1]
    got = [e for e in events if e["SUMMARY"].startswith("Written explanation")]
    assert [(e["DTSTART;VALUE=DATE"], e["SUMMARY"]) for e in got] == [
        ("20240928", "Written explanation of the delay - case C-1 (owed)")
    ]
    assert unescape_ics(got[0]["DESCRIPTION"]).splitlines()[1] == (
        "Owed from 2024-09-28: owed; started by received on 2024-03-28"
    )
    sent = adults_case("C-1", {"event": "delay_notice", "date": "2024-10-01"})
    assert [d.clock for d in open_deadlines(sent.deadlines("2024-10-01"))] == [
        "acknowledgement",
        "response_backstop",
    ]
