"""Unit tests for statdeadline.reports.registry: every format is one registered writer,
and a new format is one module that registers itself."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest
from tests.cli_support import run

from statdeadline.reports import (
    AUDIT_REPORT,
    CASE_DEADLINES,
    Writer,
    find_writer,
    register,
    registry,
    write_csv,
    writers,
)

PLUGIN = '''\
"""A made-up format: the counts, one "name=value" line each."""

from statdeadline.reports import AUDIT_REPORT, register


def write_counts(report, out):
    out.write("".join(f"{k}={v}\\n" for k, v in report.counts.items()))


register("counts", ".txt", AUDIT_REPORT, "counts only", write_counts)
'''

CASES = """\
case_id,ruleset,event,date
A1,england-adults-2009,received,2025-06-02
A1,england-adults-2009,acknowledged,2025-06-04
"""


@pytest.fixture
def scratch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Registrations made by a test are undone after it."""
    monkeypatch.setattr(registry, "_WRITERS", dict(registry._WRITERS))


def test_the_shipped_formats_in_order() -> None:
    """Audit reports: table (the default), JSON, CSV, HTML; case deadlines: table, JSON,
    iCalendar; each with its suffix and the module that writes it."""
    assert [(w.name, w.suffix, w.module) for w in writers(AUDIT_REPORT)] == [
        ("table", ".txt", "statdeadline.reports.table"),
        ("json", ".json", "statdeadline.reports.json_report"),
        ("csv", ".csv", "statdeadline.reports.csv_report"),
        ("html", ".html", "statdeadline.reports.html"),
        ("xlsx", ".xlsx", "statdeadline.reports.xlsx_report"),
    ]
    assert [(w.name, w.suffix, w.module) for w in writers(CASE_DEADLINES)] == [
        ("table", ".txt", "statdeadline.reports.case_table"),
        ("json", ".json", "statdeadline.reports.case_json"),
        ("ics", ".ics", "statdeadline.reports.ics"),
    ]


def test_find_writer_and_load_give_the_function() -> None:
    """A writer is found by what it writes and its name; load() gives its function."""
    found = find_writer("csv", AUDIT_REPORT)
    assert found == Writer(
        "csv", ".csv", AUDIT_REPORT, "CSV", "statdeadline.reports.csv_report", "write_csv"
    )
    assert found.load() is write_csv


def test_an_unknown_format_names_the_known_ones() -> None:
    """LookupError says what was asked for and what there is."""
    with pytest.raises(LookupError) as caught:
        find_writer("pdf", AUDIT_REPORT)
    assert str(caught.value) == (
        "no writer of audit reports named 'pdf'; known: table, json, csv, html, xlsx"
    )


def test_a_second_writer_of_the_same_name_is_refused(scratch: None) -> None:
    """Names are unique per thing written (table is both an audit and a case format)."""
    with pytest.raises(ValueError) as caught:
        register("csv", ".csv", AUDIT_REPORT, "CSV again", write_csv)
    assert str(caught.value) == "a writer of audit reports named 'csv' is registered already"


def test_a_missing_module_is_found_when_the_writer_is_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """load() imports the writer's module, so one this installation lacks raises
    ModuleNotFoundError naming it (the command line turns it into a usage error)."""
    monkeypatch.setitem(sys.modules, "statdeadline.reports.html", None)
    with pytest.raises(ModuleNotFoundError) as caught:
        find_writer("html", AUDIT_REPORT).load()
    assert caught.value.name == "statdeadline.reports.html"


def test_a_new_format_is_one_module_that_registers_itself(
    scratch: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Importing a module that calls register() adds its format to the registry and to
    the choices of ``statdeadline audit --format``; nothing else changes."""
    (tmp_path / "counts_format.py").write_text(PLUGIN, "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "counts_format", raising=False)
    importlib.import_module("counts_format")
    assert [w.name for w in writers(AUDIT_REPORT)][-1] == "counts"
    cases = tmp_path / "cases.csv"
    cases.write_text(CASES, "utf-8")
    argv = ["audit", str(cases), "--as-of", "2025-06-30", "--format", "counts"]
    status, out, err = run(argv, capsys)
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "rows_read=2",
        "rows_used=2",
        "rows_rejected=0",
        "cases_read=1",
        "cases_audited=1",
        "cases_rejected=0",
        "cases_open=1",
    ]
