"""Layer 5: writers for audit reports and case deadlines, behind one registry.

Every output format is one module that registers its writer (see
:mod:`~statdeadline.reports.registry`); importing this package imports them all, in the
order below, which is the order ``--format`` lists them (the first is the default):

- audit reports: ``table`` (:mod:`.table`), ``json`` (:mod:`.json_report`), ``csv``
  (:mod:`.csv_report`), ``html`` (:mod:`.html`), ``xlsx`` (:mod:`.xlsx_report`, needs
  openpyxl);
- case deadlines: ``table`` (:mod:`.case_table`), ``json`` (:mod:`.case_json`), ``ics``
  (:mod:`.ics`).

Per-case detail of an audit is streamed by :class:`CaseWriter` (:mod:`.cases`); a rule
set's state machine is drawn by :func:`mermaid` (:mod:`.mermaid`).
"""

from __future__ import annotations

# The writer modules, in the order their formats are listed (each registers itself).
from .table import render_table, write_table

# isort: split
from .json_report import write_json

# isort: split
from .csv_report import SUMMARY_COLUMNS, neutralise, summary_records, write_csv

# isort: split
from .html import write_html

# isort: split
from .xlsx_report import SHEETS as SHEETS_XLSX
from .xlsx_report import write_xlsx, xlsx_bytes

# isort: split
from .case_table import render_case_table, write_case_table

# isort: split
from .case_json import write_case_json

# isort: split
from .ics import to_ics, write_ics

# isort: split
from .cases import CASE_COLUMNS, CASE_FORMATS, CaseWriter
from .mermaid import mermaid
from .registry import (
    AUDIT_REPORT,
    CASE_DEADLINES,
    Writer,
    Writes,
    find_writer,
    register,
    writers,
)

__all__ = [
    "AUDIT_REPORT",
    "CASE_COLUMNS",
    "CASE_DEADLINES",
    "CASE_FORMATS",
    "SHEETS_XLSX",
    "SUMMARY_COLUMNS",
    "CaseWriter",
    "Writer",
    "Writes",
    "find_writer",
    "mermaid",
    "neutralise",
    "register",
    "render_case_table",
    "render_table",
    "summary_records",
    "to_ics",
    "write_case_json",
    "write_case_table",
    "write_csv",
    "write_html",
    "write_ics",
    "write_json",
    "write_table",
    "write_xlsx",
    "writers",
    "xlsx_bytes",
]
