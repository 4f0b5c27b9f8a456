"""Unit tests for statdeadline.audit.wide: one row per case, mapped to events by a YAML file.

Dates are worked by hand on the England and Wales calendar: from Monday 2 June 2025
(day 0), 2 WD is Wednesday 4 June, 3 WD Thursday 5 June, 5 WD Monday 9 June, 10 WD Monday
16 June, 20 WD Monday 30 June, 30 WD Monday 14 July (no bank holiday in between).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from tests.audit_support import row_for

from statdeadline import RuleSetError
from statdeadline.audit import AuditError, audit
from statdeadline.audit.wide import FORMAT, EventColumns, load_mapping

ROOT = Path(__file__).resolve().parents[2]

MAPPING = """\
format: statdeadline/wide-mapping@1
ruleset: cheshire-west-adults
case_id: Ref
date_format: "%d/%m/%Y"
groups: {team: Team}
events:
  - {event: received, date: Received}
  - {event: acknowledged, date: Acknowledged}
  - event: extension
    date: Extended On
    fields:
      clock: "=local_response"
      working_days: Extra Days
      reason: Why
      agreed_with_complainant: true
  - {event: response, date: Responded}
"""

# W1: acknowledged in 2 WD (on time), answered in 10 WD (local target 20: on time).
# W2: acknowledged in 5 WD (due 5 June: late), local target extended by 10 WD on 20 June
#     (to 14 July), answered 14 July (30 WD): on time, one extension.
# W3: received only: at 2025-07-31 the acknowledgement (due 5 June) and the local target
#     (due 30 June) are overdue.
WIDE = """\
Ref,Team,Received,Acknowledged,Extended On,Extra Days,Why,Responded
W1,North,02/06/2025,04/06/2025,,,,16/06/2025
W2,North,02/06/2025,09/06/2025,20/06/2025,10,Complex,14/07/2025
W3,South,02/06/2025,,,,,
"""

LONG = """\
case_id,ruleset,event,date,team,clock,working_days,reason,agreed_with_complainant
W1,cheshire-west-adults,received,2025-06-02,North,,,,
W1,cheshire-west-adults,acknowledged,2025-06-04,North,,,,
W1,cheshire-west-adults,response,2025-06-16,North,,,,
W2,cheshire-west-adults,received,2025-06-02,North,,,,
W2,cheshire-west-adults,acknowledged,2025-06-09,North,,,,
W2,cheshire-west-adults,extension,2025-06-20,North,local_response,10,Complex,true
W2,cheshire-west-adults,response,2025-07-14,North,,,,
W3,cheshire-west-adults,received,2025-06-02,South,,,,
"""


def files(tmp_path: Path, mapping: str = MAPPING, wide: str = WIDE) -> tuple[Path, Path]:
    m = tmp_path / "mapping.yaml"
    m.write_text(mapping, encoding="utf-8")
    w = tmp_path / "wide.csv"
    w.write_text(wide, encoding="utf-8")
    return m, w


def test_wide_rows_become_events_and_audit_by_hand(tmp_path: Path) -> None:
    """Each filled date column is one event (8 from 3 lines); DD/MM/YYYY dates are read
    with the mapping's format; "=local_response" and a YAML true are constants."""
    m, w = files(tmp_path)
    report = audit([w], mapping=m, as_of="2025-07-31", group_by=["team"])
    assert report.counts == {
        "rows_read": 8,
        "rows_used": 8,
        "rows_rejected": 0,
        "cases_read": 3,
        "cases_audited": 3,
        "cases_rejected": 0,
        "cases_open": 3,  # none is closed: W1 and W2 are answered, W3 is not
    }
    ack_n = row_for(report, "acknowledgement", team="North")
    local_n = row_for(report, "local_response", team="North")
    local_s = row_for(report, "local_response", team="South")
    assert (ack_n.met, ack_n.met_late, ack_n.wd_mean) == (1, 1, 3.5)
    assert (local_n.met, local_n.met_late, local_n.extensions_used, local_n.wd_mean) == (
        2,
        0,
        1,
        20.0,
    )
    assert (local_s.deadlines, local_s.overdue) == (1, 1)
    assert report.meta["options"]["format"] == "wide"
    assert report.meta["options"]["date_format"] == "%d/%m/%Y"
    assert report.meta["inputs"][0]["rows"] == 8  # events, not lines


def test_wide_gives_the_same_table_as_the_long_form(tmp_path: Path) -> None:
    """The wide file and the same events in long format give the same summary and counts."""
    m, w = files(tmp_path)
    long = tmp_path / "long.csv"
    long.write_text(LONG, encoding="utf-8")
    from_wide = audit([w], mapping=m, as_of="2025-07-31", group_by=["team"])
    from_long = audit([long], as_of="2025-07-31", group_by=["team"])
    assert from_wide.summary == from_long.summary
    assert from_wide.counts == from_long.counts


def test_load_mapping_parses_every_key(tmp_path: Path) -> None:
    """The mapping's keys come back as a WideMapping; non-string field values become
    constants ("=true"); columns() lists every CSV column read."""
    m, _ = files(tmp_path)
    mapping = load_mapping(m)
    assert (mapping.source, mapping.case_id, mapping.ruleset, mapping.ruleset_column) == (
        str(m),
        "Ref",
        "cheshire-west-adults",
        None,
    )
    assert (mapping.date_format, dict(mapping.groups)) == ("%d/%m/%Y", {"team": "Team"})
    assert mapping.events[2] == EventColumns(
        "extension",
        "Extended On",
        None,
        {
            "clock": "=local_response",
            "working_days": "Extra Days",
            "reason": "Why",
            "agreed_with_complainant": "=true",
        },
    )
    assert mapping.columns() == {
        "Ref",
        "Team",
        "Received",
        "Acknowledged",
        "Extended On",
        "Extra Days",
        "Why",
        "Responded",
    }


BAD_MAPPING = """\
format: statdeadline/wide-mapping@2
ruleset: england-adults-2009
ruleset_column: Procedure
case_id: ""
colour: blue
groups: [Team]
events:
  - {event: received, date: Received}
  - {event: response}
  - event: extension
    date: Ext
    when: Ext
    fields: {clock: [a]}
  - not a mapping
  - {event: closed, date: Closed, time: 5}
"""


def test_mapping_errors_name_file_line_and_key(tmp_path: Path) -> None:
    """Every problem in a mapping is reported at once, each with the mapping file, the
    line and the key path, what is allowed and what was found."""
    m, _ = files(tmp_path, mapping=BAD_MAPPING)
    with pytest.raises(RuleSetError) as info:
        load_mapping(m)
    assert str(info.value).splitlines() == [
        f"{m}:5 colour: unknown key; allowed: case_id, date_format, events, format, groups, ruleset, ruleset_column",
        f"{m}:1 format: must be '{FORMAT}', got 'statdeadline/wide-mapping@2'",
        f"{m}:1 ruleset: give exactly one of ruleset (an id) and ruleset_column (a column)",
        f"{m}:4 case_id: must be a non-empty string, got ''",
        f"{m}:6 groups: must map group names to column names",
        f"{m}:9 events[1].date: must be a non-empty string, got None",
        f"{m}:10 events[2]: unknown key(s) when; allowed: event, date, time, fields",
        f"{m}:13 events[2].fields: must map event fields to column names (or '=constant')",
        f"{m}:14 events[3]: must be a mapping with event and date",
        f"{m}:15 events[4].time: must be a column name, got 5",
    ]
    assert [(i.file, i.line, i.path) for i in info.value.issues][:2] == [
        (str(m), 5, "colour"),
        (str(m), 1, "format"),
    ]


def test_mapping_errors_stop_the_audit(tmp_path: Path) -> None:
    """audit() with a bad mapping raises the mapping's error before reading any row."""
    m, w = files(tmp_path, mapping=MAPPING.replace("case_id: Ref\n", ""))
    with pytest.raises(RuleSetError) as info:
        audit([w], mapping=m, as_of="2025-07-31")
    assert str(info.value) == (
        f"{m}:1 case_id: missing required key 'case_id' (the case reference column)"
    )


def test_a_column_the_mapping_names_but_the_file_lacks(tmp_path: Path) -> None:
    """A mapped column missing from the CSV header is an AuditError naming the CSV, the
    mapping, the missing columns and the columns found."""
    m, w = files(tmp_path, wide=WIDE.replace("Responded", "Answered"))
    with pytest.raises(AuditError) as info:
        audit([w], mapping=m, as_of="2025-07-31")
    assert str(info.value) == (
        f"{w}:1: column(s) named in {m} not found: Responded; columns: Ref, Team, Received, "
        "Acknowledged, Extended On, Extra Days, Why, Answered"
    )
    assert (info.value.file, info.value.line) == (str(w), 1)


AMBIGUOUS = """\
Ref,Team,Received,Acknowledged,Extended On,Extra Days,Why,Responded
A1,North,13/06/2025,16/06/2025,,,,27/06/2025
A2,North,02/06/2025,04/06/2025,,,,16/06/2025
A3,North,2025-06-02,2025-06-04,,,,2025-06-16
"""


def test_ambiguous_day_month_dates_are_rejected_with_the_reason(tmp_path: Path) -> None:
    """Without a date format, a DD/MM date is read only when it cannot be read two ways:
    13/06/2025 and 27/06/2025 are 13 and 27 June; 02/06/2025 (2 June or 6 February?) is
    refused, rejecting the case whole; ISO dates always work."""
    m, w = files(tmp_path, mapping=MAPPING.replace('date_format: "%d/%m/%Y"\n', ""), wide=AMBIGUOUS)
    report = audit([w], mapping=m, as_of="2025-07-31", group_by=["team"])
    assert [(r.line, r.case_id, r.rows, r.reason) for r in report.rejections] == [
        (
            3,
            "A2",
            3,
            "date '02/06/2025' is ambiguous (2 June or 6 February?); use YYYY-MM-DD or give the date format (--date-format %d/%m/%Y day first, %m/%d/%Y month first; date_format= in Python)",
        )
    ]
    assert (report.counts["cases_audited"], report.counts["cases_rejected"]) == (2, 1)
    ack = row_for(report, "acknowledgement", team="North")
    assert (ack.met, ack.wd_mean) == (2, 1.5)  # A1: 13 -> 16 June, 1 WD; A3: 2 WD


def test_iso_dates_work_alongside_a_declared_format(tmp_path: Path) -> None:
    """With date_format "%d/%m/%Y", a cell in ISO form is still read (the mapping's
    documentation promises it), so one file may mix both."""
    m, w = files(tmp_path, wide=WIDE.replace("02/06/2025,04/06/2025", "2025-06-02,2025-06-04"))
    report = audit([w], mapping=m, as_of="2025-07-31", group_by=["team"])
    assert report.counts["cases_rejected"] == 0
    assert row_for(report, "acknowledgement", team="North").met == 1


def test_rows_without_a_milestone_or_with_the_wrong_width_are_rejected(tmp_path: Path) -> None:
    """A line with no date at all is rejected ("no milestone date in this row"); a line
    with the wrong number of cells is rejected with the case its case-id cell names."""
    wide = WIDE + "W4,North,,,,,,\nW5,North\n"
    m, w = files(tmp_path, wide=wide)
    report = audit([w], mapping=m, as_of="2025-07-31", group_by=["team"])
    assert [(r.line, r.case_id, r.reason) for r in report.rejections] == [
        (5, "W4", "no milestone date in this row"),
        (6, "W5", "expected 8 cells, got 2"),
    ]
    c = report.counts
    assert (c["rows_read"], c["rows_used"], c["rows_rejected"]) == (10, 8, 2)
    assert (c["cases_read"], c["cases_audited"], c["cases_rejected"]) == (5, 3, 2)


def test_ruleset_column_names_each_rows_rule_set(tmp_path: Path) -> None:
    """With ruleset_column, each line's rule set is read from that column; an empty cell
    is a rejection (missing ruleset)."""
    mapping = MAPPING.replace("ruleset: cheshire-west-adults", "ruleset_column: Procedure")
    wide = (
        "Ref,Procedure,Team,Received,Acknowledged,Extended On,Extra Days,Why,Responded\n"
        "R1,england-adults-2009,North,02/06/2025,04/06/2025,,,,\n"
        "R2,,North,02/06/2025,,,,,\n"
    )
    m, w = files(tmp_path, mapping=mapping, wide=wide)
    report = audit([w], mapping=m, as_of="2025-07-31", group_by=["team"])
    assert list(report.meta["rulesets"]) == ["england-adults-2009"]
    assert [(r.case_id, r.reason) for r in report.rejections] == [("R2", "missing ruleset")]


def test_shipped_wide_example_is_the_adults_part_of_the_long_example(tmp_path: Path) -> None:
    """examples/cases-wide.csv (with its mapping, DD/MM/YYYY) gives exactly the summary
    and counts of the adults' cases in examples/cases.csv."""
    examples = ROOT / "examples"
    adults = {"england-adults-2009", "oxfordshire-adults", "cheshire-west-adults"}
    with (examples / "cases.csv").open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = [r for r in reader if r["ruleset"] in adults]
    subset = tmp_path / "adults.csv"
    with subset.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    groups = ["team", "service_area"]
    long = audit([subset], as_of="2026-06-30", group_by=groups, target=0.8)
    wide = audit(
        [examples / "cases-wide.csv"],
        mapping=examples / "cases-wide-mapping.yaml",
        as_of="2026-06-30",
        group_by=groups,
        target=0.8,
    )
    assert wide.summary == long.summary
    assert wide.counts == long.counts
    assert wide.counts["cases_read"] == 160
    assert wide.meta["options"]["date_format"] == "%d/%m/%Y"


def test_a_misspelt_event_or_field_is_one_error_before_any_row(tmp_path: Path) -> None:
    """A mapping naming one rule set is checked against it before any row is read: a
    misspelt event and a field its event does not have are reported together, once,
    instead of rejecting every case."""
    mapping = MAPPING.replace("event: acknowledged", "event: acknowledgd").replace(
        "reason: Why", "cause: Why"
    )
    m, w = files(tmp_path, mapping=mapping)
    with pytest.raises(AuditError) as info:
        audit([w], mapping=m, as_of="2025-07-31")
    assert str(info.value).splitlines() == [
        f"{m}: events[1].event: 'acknowledgd' is not an event of cheshire-west-adults; its "
        "events: received, acknowledged, response, extension, delay_notice, withdrawn, closed",
        f"{m}: events[2].fields.cause: not a field of cheshire-west-adults extension; its "
        "fields: clock, until, working_days, reason, agreed_with_complainant",
    ]


def test_headers_match_in_any_case_and_semicolons_are_found(tmp_path: Path) -> None:
    """The mapping's column names match a header in another case, with spaces around
    them, in a semicolon-separated export: the same audit as the comma file."""
    header, *body = WIDE.splitlines()
    shouted = ";".join(f" {h.upper()} " for h in header.split(","))
    text = "\n".join([shouted, *(line.replace(",", ";") for line in body)]) + "\n"
    m, w = files(tmp_path, wide=text)
    report = audit([w], mapping=m, as_of="2025-07-31", group_by=["team"])
    (tmp_path / "plain").mkdir()
    m2, w2 = files(tmp_path / "plain")
    plain = audit([w2], mapping=m2, as_of="2025-07-31", group_by=["team"])
    assert (report.counts, report.summary) == (plain.counts, plain.summary)
    assert report.counts["cases_rejected"] == 0
