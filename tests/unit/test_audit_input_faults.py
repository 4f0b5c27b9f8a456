"""How the audit reads what councils' files really hold, beyond the nasty corpus
(``tests/data/nasty/``): JSON Lines keys as ``--group-by`` sees them, a wide mapping's
group names, rows of empty cells, bytes that are not valid in the file's encoding, and
slash dates. Each case is a real file, audited or read as the CLI would."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from tests.cli_support import run, usage_error

from statdeadline.audit import AuditError, audit, parse_input_date
from statdeadline.audit.dates import date_note
from statdeadline.audit.readers import KEY_SAMPLE, LongReader
from statdeadline.audit.source import resolve_source, scan_bytes

RS = "england-children-2006"
AS_OF = "2024-05-10"
HEADER = "case_id,ruleset,event,date,team"
REFUSED = (
    ": the row is refused rather than read altered (if the file is in another encoding, "
    "give --encoding)"
)


def _received(cid: str, **more: Any) -> str:
    return json.dumps(
        {"case_id": cid, "ruleset": RS, "event": "received", "date": "2024-04-02", **more}
    )


def _jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _reconciles(report: Any) -> None:
    c = report.counts
    assert c["rows_read"] == c["rows_used"] + c["rows_rejected"]
    assert c["cases_read"] == c["cases_audited"] + c["cases_rejected"]


# ------------------------------------------------------------ JSON Lines and --group-by


def test_jsonl_group_by_matches_keys_as_csv_headers(tmp_path: Path) -> None:
    """--group-by Team on JSON Lines whose key is team finds it (the key is read trimmed
    and in lower case, as a CSV header is), and the groups are the values: C1 in Team A,
    C2 in Team B; the meta names the group as read, team."""
    path = _jsonl(
        tmp_path / "team.jsonl",
        [_received("C1", team="Team A"), _received("C2", **{" TEAM ": "Team B"})],
    )
    report = audit([path], as_of=AS_OF, group_by=["Team"])
    _reconciles(report)
    assert report.meta["options"]["group_by"] == ["team"]
    assert sorted({r.group["team"] for r in report.summary}) == ["Team A", "Team B"]


def test_jsonl_group_column_no_object_has_is_refused_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--group-by teams (no such key) is one error, exit 2, listing the keys found, as
    for a CSV column that is not there; no report is written."""
    path = _jsonl(tmp_path / "team.jsonl", [_received("C1", team="Team A")])
    out = tmp_path / "report.json"
    argv = ["audit", str(path), "--as-of", AS_OF, "--group-by", "teams", "--output", str(out)]
    assert usage_error(argv, capsys) == (
        f"error: group column 'teams' is not a key of any object on the first 1,000 lines "
        f"of {path}; keys there: case_id, ruleset, event, date, team\n"
    )
    assert not out.exists()


def test_jsonl_keys_are_looked_for_only_in_the_first_lines(tmp_path: Path) -> None:
    """What is checked: the keys of the objects on the first KEY_SAMPLE (1,000)
    non-blank lines, a key with a null value included. A team key first seen on line
    1,001 is not found (refused); one given as null on line 1 is (the audit runs, the
    case with no team in the blank group)."""
    lines = [_received(f"C{i}") for i in range(KEY_SAMPLE)]
    late = _jsonl(tmp_path / "late.jsonl", [*lines, _received("CX", team="North")])
    with pytest.raises(AuditError) as info:
        audit([late], as_of=AS_OF, group_by=["team"])
    assert str(info.value).startswith("group column 'team' is not a key of any object")
    null = _jsonl(tmp_path / "null.jsonl", [_received("C1", team=None), _received("C2", team="N")])
    report = audit([null], as_of=AS_OF, group_by=["team"])
    _reconciles(report)
    assert sorted({r.group["team"] for r in report.summary}) == ["", "N"]


def test_jsonl_group_keys_that_clash_are_still_refused(tmp_path: Path) -> None:
    """The JSON Lines checks of old still hold once the key is found: a key that is an
    event field (reason) or an output column's name (Status, read as status) is refused
    before any case is replayed."""
    path = _jsonl(tmp_path / "clash.jsonl", [_received("C1", reason="x", Status="y")])
    with pytest.raises(AuditError) as info:
        audit([path], as_of=AS_OF, group_by=["Reason"])
    assert str(info.value).startswith("group column 'Reason' is an event field (reason, of the")
    with pytest.raises(AuditError) as info:
        audit([path], as_of=AS_OF, group_by=["status"])
    assert str(info.value) == (
        "group column 'status' has the name of an output column (status); rename the input column"
    )


def test_jsonl_duplicate_keys_and_nan_reject_their_rows(tmp_path: Path) -> None:
    """A key given twice (the last value would silently win) and the non-JSON NaN and
    Infinity reject their row and case, which keeps its case id; a NaN inside a list is
    refused as the list it is in."""
    path = _jsonl(
        tmp_path / "quirks.jsonl",
        [
            _received("Q1").replace("}", ', "case_id": "Q9"}'),
            _received("Q2").replace("}", ', "working_days": Infinity}'),
            _received("Q3").replace("}", ', "team": [NaN]}'),
        ],
    )
    rows = list(LongReader().rows(path))
    assert [(r.line, r.data.get("case_id"), r.error) for r in rows] == [
        (
            1,
            "Q1",
            "the key 'case_id' is given more than once in this object (keys are matched "
            "trimmed and in any case)",
        ),
        (2, "Q2", "working_days: Infinity is not valid JSON (RFC 8259 has no NaN or Infinity)"),
        (3, "Q3", "team: a cell holds a JSON list; expected text, a number or true/false"),
    ]


# ------------------------------------------------------------ a wide mapping's groups

WIDE = "Ref,Procedure,Team,Received,Responded\nW1,foi-2000,A,01/04/2025,20/04/2025\n"


def _mapping(tmp_path: Path, groups: str, ruleset: str = "ruleset_column: Procedure") -> Path:
    path = tmp_path / "map.yaml"
    path.write_text(
        "format: statdeadline/wide-mapping@1\n"
        f"{ruleset}\n"
        "case_id: Ref\n"
        'date_format: "%d/%m/%Y"\n'
        f"groups:\n{groups}"
        "events:\n"
        "  - {event: received, date: Received}\n"
        "  - {event: response, date: Responded}\n",
        "utf-8",
    )
    return path


def test_a_mapping_group_named_as_a_core_column_is_one_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """groups: {case_id: Team} would replace each row's case id (cases collapse into
    their team): exit 2 before any row is read, naming the mapping file, line (6: the
    groups entry) and key; the group's column may stay, only its name must change."""
    wide = tmp_path / "wide.csv"
    wide.write_text(WIDE, "utf-8")
    m = _mapping(tmp_path, "  case_id: Team\n")
    argv = ["audit", str(wide), "--mapping", str(m), "--as-of", "2025-12-31"]
    assert usage_error(argv, capsys) == (
        f"error: {m}:6 groups.case_id: a group cannot be named 'case_id', a column every "
        "case has (case_id, ruleset, event, date, time): the group would replace it; give "
        "the group another name (the column it reads, 'Team', need not change)\n"
    )


def test_every_clashing_mapping_group_is_reported_at_once(tmp_path: Path) -> None:
    """An event field (reason: every case would be rejected, one by one), an output
    column (status) and a core column in another case (Time) are refused together; a
    plain group (team) is not. With a ruleset_column the fields are those of every
    bundled rule set."""
    wide = tmp_path / "wide.csv"
    wide.write_text(WIDE, "utf-8")
    groups = "  team: Team\n  reason: Team\n  status: Team\n  Time: Team\n"
    m = _mapping(tmp_path, groups)
    with pytest.raises(AuditError) as info:
        audit([wide], mapping=m, as_of="2025-12-31")
    lines = str(info.value).splitlines()
    assert [line.split(": a group cannot be named ")[0] for line in lines] == [
        f"{m}:7 groups.reason",
        f"{m}:8 groups.status",
        f"{m}:9 groups.Time",
    ]
    assert "an event field (reason, of the " in lines[0]
    assert "the name of an output column: the group would overwrite it" in lines[1]
    assert "a column every case has" in lines[2]


def test_a_mapping_with_one_ruleset_is_checked_against_its_fields(tmp_path: Path) -> None:
    """With ruleset: foi-2000, a group named reason is refused as a field of a foi-2000
    event (its clarification_requested event has one); team is fine and the audit runs
    (W1 audited, in group A)."""
    wide = tmp_path / "wide.csv"
    wide.write_text(WIDE, "utf-8")
    m = _mapping(tmp_path, "  reason: Team\n", "ruleset: foi-2000")
    with pytest.raises(AuditError) as info:
        audit([wide], mapping=m, as_of="2025-12-31")
    assert str(info.value) == (
        f"{m}:6 groups.reason: a group cannot be named 'reason', an event field (reason, "
        "of the clarification_requested event): its values would be read as that field of "
        "every event; give the group another name (the column it reads, 'Team', need not "
        "change)"
    )
    ok = _mapping(tmp_path, "  team: Team\n", "ruleset: foi-2000")
    report = audit([wide], mapping=ok, as_of="2025-12-31", group_by=["team"])
    _reconciles(report)
    assert (report.counts["cases_audited"], {r.group["team"] for r in report.summary}) == (1, {"A"})


# ------------------------------------------------------------ rows of empty cells


def test_rows_of_empty_cells_are_skipped_on_both_paths(tmp_path: Path) -> None:
    """,,,, (a blank row as Excel writes it) and a row of spaces are skipped like blank
    lines and not counted, read fast (plain UTF-8) or carefully (UTF-16); a row with
    an empty case id but something else is still a row 'missing case_id'. Rows: B-1 on
    line 2, the case-less row on line 5: 2 read, 1 rejected."""
    text = f"{HEADER}\nB-1,{RS},received,2024-04-02,North\n,,,,\n , ,,,\n,{RS},received,,\n"
    for name, data in (("fast.csv", text.encode()), ("careful.csv", text.encode("utf-16"))):
        path = tmp_path / name
        path.write_bytes(data)
        assert resolve_source(path, name).plain is (name == "fast.csv")
        rows = list(LongReader().rows(path))
        assert [(r.line, r.error) for r in rows] == [(2, None), (5, None)]
        report = audit([path], as_of=AS_OF)
        _reconciles(report)
        assert (report.counts["rows_read"], report.counts["rows_rejected"]) == (2, 1)
        assert [(r.line, r.case_id, r.reason) for r in report.rejections] == [
            (5, None, "missing case_id")
        ]


def test_a_wide_file_s_rows_of_empty_cells_are_skipped(tmp_path: Path) -> None:
    """In a wide file too: a row of empty cells is not a case 'with no milestone date';
    W1's two dates are its 2 rows, and nothing is rejected."""
    wide = tmp_path / "wide.csv"
    wide.write_text(WIDE + ",,,,\n", "utf-8")
    report = audit([wide], mapping=_mapping(tmp_path, "  team: Team\n"), as_of="2025-12-31")
    _reconciles(report)
    assert (report.counts["rows_read"], report.counts["cases_read"], report.rejections) == (
        2,
        1,
        (),
    )


# ------------------------------------------------------------ bytes that do not decode


def test_how_a_file_s_bytes_are_checked() -> None:
    """scan_bytes says, with the codec and note, whether the file has no NUL byte and
    whether every byte decodes: a later Windows-1252 byte after a UTF-8 byte-order mark
    does not; a file without one that is not UTF-8 is Windows-1252, clean unless it has
    one of the five bytes that has no character there; a UTF-16 lone surrogate does not
    decode."""
    bom = codecs.BOM_UTF8 + b"a,b\nx,caf\xe9\n"
    assert scan_bytes(io.BytesIO(bom)) == ("utf-8-sig", None, True, False)
    assert scan_bytes(io.BytesIO(codecs.BOM_UTF8 + b"a,b\n")) == ("utf-8-sig", None, True, True)
    note = "not valid UTF-8; read as Windows-1252"
    assert scan_bytes(io.BytesIO(b"a,b\nx,caf\xe9\n")) == ("cp1252", note, True, True)
    assert scan_bytes(io.BytesIO(b"a,b\nx,\xe9\x9d\n")) == ("cp1252", note, True, False)
    lone = codecs.BOM_UTF16_LE + "a,\ud800b\n".encode("utf-16-le", "surrogatepass")
    assert scan_bytes(io.BytesIO(lone)) == ("utf-16", None, False, False)


def test_a_case_id_with_a_bad_byte_is_reported_as_the_byte(tmp_path: Path) -> None:
    """The case id of a refused row is shown with the byte written \\x92 (the row's
    text is never altered into the data, and the report can be written); every row of
    that case has the byte, so the case is rejected whole (2 rows)."""
    path = tmp_path / "ids.csv"
    path.write_bytes(
        codecs.BOM_UTF8
        + f"{HEADER}\nC\x92,{RS},received,2024-04-02,N\nC\x92,{RS},stage1_response,2024-04-10,N\n"
        f"C2,{RS},received,2024-04-02,N\n".encode("latin-1")
    )
    report = audit([path], as_of=AS_OF)
    _reconciles(report)
    assert [(r.line, r.case_id, r.rows, r.reason) for r in report.rejections] == [
        (2, "C\\x92", 2, f"byte 0x92 is not valid UTF-8{REFUSED}")
    ]
    json.dumps(report.to_dict(), ensure_ascii=False).encode("utf-8")  # no lone surrogate


def test_a_header_with_a_bad_byte_cannot_be_read(tmp_path: Path) -> None:
    """A header holding a byte that is not valid UTF-8 (after a BOM) is one error naming
    the file, line 1 and the byte."""
    path = tmp_path / "head.csv"
    path.write_bytes(codecs.BOM_UTF8 + f"{HEADER},\xc9quipe\n".encode("latin-1"))
    with pytest.raises(AuditError) as info:
        audit([path], as_of=AS_OF)
    assert str(info.value) == (
        f"{path}:1: the header cannot be read: byte 0xc9 is not valid UTF-8{REFUSED}"
    )


def test_a_jsonl_line_with_a_bad_byte_rejects_its_case(tmp_path: Path) -> None:
    """A JSON Lines line with a byte that is not valid in the given encoding rejects its
    case by name; the other line is read."""
    path = tmp_path / "bad.jsonl"
    first = _received("J1", team="Cafe").replace("Cafe", "Caf\xe9")  # not \\u00e9
    path.write_bytes((first + "\n" + _received("J2") + "\n").encode("cp1252"))
    report = audit([path], as_of=AS_OF, encoding="utf-8")
    _reconciles(report)
    assert [(r.line, r.case_id, r.reason) for r in report.rejections] == [
        (1, "J1", f"byte 0xe9 is not valid UTF-8{REFUSED}")
    ]


def test_workers_reject_the_same_rows_as_one_process(tmp_path: Path) -> None:
    """A large file with a BOM and a Windows-1252 byte in every 50th case, read by two
    workers over byte ranges, gives exactly the one-process report: 2,000 cases, the 40
    with the byte rejected."""
    lines = [HEADER]
    for i in range(2000):
        team = "Caf\xe9" if i % 50 == 7 else "North"
        lines.append(f"K-{i:04d},{RS},received,2024-04-02,{team}")
        lines.append(f"K-{i:04d},{RS},stage1_response,2024-04-10,North")
    path = tmp_path / "big.csv"
    path.write_bytes(codecs.BOM_UTF8 + ("\n".join(lines) + "\n").encode("cp1252"))
    one = audit([path], as_of=AS_OF, workers=1)
    two = audit([path], as_of=AS_OF, workers=2)
    assert two.to_dict() == one.to_dict()
    _reconciles(one)
    assert (one.counts["cases_read"], one.counts["cases_rejected"]) == (2000, 40)


# ------------------------------------------------------------ slash dates


def test_slash_dates_are_read_day_first_or_refused() -> None:
    """Without a format: 13/04/2025 is 13 April; 04/13/2025 is never read as 13 April
    (no month 13 day first: refused, suggesting %m/%d/%Y); 05/05/2025 is 5 May either
    way; an impossible day says how long its month is."""
    assert parse_input_date("13/04/2025") == (dt.date(2025, 4, 13), None)
    assert parse_input_date("05/05/2025") == (dt.date(2025, 5, 5), None)
    with pytest.raises(ValueError) as info:
        parse_input_date("04/13/2025")
    assert "--date-format %m/%d/%Y" in str(info.value)
    assert str(info.value).startswith("date '04/13/2025' cannot be day first (there is no month")
    with pytest.raises(ValueError) as info:
        parse_input_date("29/02/2025")
    assert str(info.value) == "date '29/02/2025' is not a real date (February 2025 has 28 days)"
    assert parse_input_date("29/02/2024") == (dt.date(2024, 2, 29), None)  # a leap year


@pytest.mark.parametrize(
    ("text", "date_format", "why"),
    [
        ("31/02/2025", "%d/%m/%Y", "February 2025 has 28 days"),
        ("31/04/2025 10:30", "%d/%m/%Y %H:%M", "April 2025 has 30 days"),
        ("02/30/2024", "%m/%d/%Y", "February 2024 has 29 days"),
        ("31 Sep 25", "%d %b %y", "September 2025 has 30 days"),
    ],
)
def test_a_date_that_fits_the_format_but_is_no_day_says_so(
    text: str, date_format: str, why: str
) -> None:
    """A date that matches the format but names a day its month does not have is not
    said 'not to match': the message says which month has how many days."""
    with pytest.raises(ValueError) as info:
        parse_input_date(text, date_format)
    assert str(info.value) == (
        f"date {text!r} fits the format {date_format!r} but is not a real date ({why})"
    )


def test_the_meta_says_how_slash_dates_were_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """meta.options.dates says day first without a format, and the format with one;
    --date-format %m/%d/%Y reads 04/13/2024 as 13 April (the case audited)."""
    path = tmp_path / "us.csv"
    path.write_text(f"{HEADER}\nM-1,{RS},received,04/13/2024,N\n", "utf-8")
    plain = audit([path], as_of=AS_OF)
    assert plain.meta["options"]["dates"] == date_note(None)
    assert date_note(None).startswith("YYYY-MM-DD; slash dates day first (DD/MM/YYYY)")
    assert plain.counts["cases_rejected"] == 1
    argv = ["audit", str(path), "--as-of", AS_OF, "--format", "json", "--date-format", "%m/%d/%Y"]
    status, out, _ = run(argv, capsys)
    report = json.loads(out)
    assert (status, report["counts"]["cases_audited"]) == (0, 1)
    assert report["meta"]["options"]["dates"] == "the format '%m/%d/%Y', and YYYY-MM-DD"
