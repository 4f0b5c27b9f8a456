"""Layer 5: writers for audit reports and case deadlines (table, JSON, CSV, HTML, ICS)."""

from __future__ import annotations

from .html import write_html
from .ics import to_ics
from .summary import CaseWriter, render_table, write_csv, write_json

__all__ = ["CaseWriter", "render_table", "to_ics", "write_csv", "write_html", "write_json"]
