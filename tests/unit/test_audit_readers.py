"""Unit tests for statdeadline.audit.readers and .rows: every reader yields Row objects,
and a row that cannot be used says why in its ``error`` field (never in its data)."""

from __future__ import annotations

import json
from pathlib import Path

from statdeadline.audit import audit
from statdeadline.audit.readers import LongReader, reader_for
from statdeadline.audit.rows import Row
from statdeadline.audit.wide import WideMapping

ADULTS = "england-adults-2009"


def test_a_row_that_can_be_used_has_no_error() -> None:
    """``error`` defaults to None: rows are built from file, line and data alone."""
    assert Row("in.csv", 2, {"case_id": "A1"}).error is None


def test_csv_row_with_the_wrong_width_keeps_its_case_id(tmp_path: Path) -> None:
    """A CSV row with too many or too few cells has an error and, when its case_id cell
    is there, that case id in its data (so the whole case is rejected with it)."""
    path = tmp_path / "in.csv"
    path.write_text(
        "case_id,ruleset,event,date\n"
        f"A1,{ADULTS},received,2025-06-02\n"
        f"A1,{ADULTS},acknowledged\n"
        "\n"
        f",{ADULTS},received,2025-06-02,extra\n",
        "utf-8",
    )
    rows = list(LongReader().rows(path))
    assert [
        Row(
            str(path),
            2,
            {"case_id": "A1", "ruleset": ADULTS, "event": "received", "date": "2025-06-02"},
        ),
        Row(str(path), 3, {"case_id": "A1"}, "expected 4 cells, got 3"),
        Row(str(path), 5, {}, "expected 4 cells, got 5"),
    ] == rows
    assert list(LongReader().case_ids(path)) == ["A1", "A1", None]


def test_jsonl_rows_that_are_not_objects_have_an_error(tmp_path: Path) -> None:
    """A line that is not JSON, or not a JSON object, is a row with no data and an error."""
    path = tmp_path / "in.jsonl"
    path.write_text(
        json.dumps({"case_id": "A1", "ruleset": ADULTS, "event": "received", "date": "2025-06-02"})
        + "\n{not json\n[1, 2]\n",
        "utf-8",
    )
    rows = list(LongReader().rows(path))
    assert [r.error for r in rows] == [
        None,
        "not valid JSON (Expecting property name enclosed in double quotes)",
        "expected a JSON object",
    ]
    assert [dict(r.data) for r in rows[1:]] == [{}, {}]
    assert list(LongReader().case_ids(path)) == ["A1", None, None]


def test_keep_is_asked_with_the_case_id_before_a_row_is_read(tmp_path: Path) -> None:
    """Only the rows whose case id ``keep`` accepts are yielded; rows without a case id
    (including unreadable ones) are asked about as None."""
    path = tmp_path / "in.csv"
    path.write_text(
        f"case_id,ruleset,event,date\nA1,{ADULTS},received,2025-06-02\n"
        f"B1,{ADULTS},received,2025-06-02\n,{ADULTS},received\n",
        "utf-8",
    )
    asked: list[str | None] = []

    def keep(cid: str | None) -> bool:
        asked.append(cid)
        return cid != "A1"

    assert [(r.line, r.error) for r in LongReader().rows(path, keep)] == [
        (3, None),
        (4, "expected 4 cells, got 3"),
    ]
    assert asked == ["A1", "B1", None]


def test_wide_row_without_a_milestone_has_an_error_and_its_case(tmp_path: Path) -> None:
    """A wide line with no milestone date is one row: its case id and groups as data, the
    reason as its error; a line with the wrong width has no data."""
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        f"format: statdeadline/wide-mapping@1\nruleset: {ADULTS}\ncase_id: Ref\n"
        "groups: {team: Team}\nevents:\n  - {event: received, date: Received}\n",
        "utf-8",
    )
    wide = tmp_path / "wide.csv"
    wide.write_text("Ref,Team,Received\nW1,North,\nW2,South\n", "utf-8")
    reader = reader_for(mapping)
    assert isinstance(reader, WideMapping)
    assert [
        Row(
            str(wide),
            2,
            {"case_id": "W1", "ruleset": ADULTS, "team": "North"},
            "no milestone date in this row",
        ),
        Row(str(wide), 3, {"case_id": "W2"}, "expected 3 cells, got 2"),
    ] == list(reader.rows(wide))
    assert list(reader.case_ids(wide)) == ["W1", "W2"]


def test_an_error_column_in_the_input_is_only_a_column(tmp_path: Path) -> None:
    """The reason a row cannot be used is not kept in its data, so an input column named
    like the old magic key ("__error__") is an ordinary ignored column, not a rejection."""
    path = tmp_path / "in.csv"
    path.write_text(
        f"case_id,ruleset,event,date,__error__\nA1,{ADULTS},received,2025-06-02,oops\n",
        "utf-8",
    )
    report = audit([path], as_of="2025-06-30")
    assert (
        report.counts["cases_audited"],
        report.counts["cases_rejected"],
        tuple(report.meta["ignored_columns"]),
    ) == (1, 0, ("__error__",))
