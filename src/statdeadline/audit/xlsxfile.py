"""Excel workbooks (``.xlsx``) as a table of records, like a CSV file: one
:class:`~statdeadline.audit.csvfile.Record` per worksheet row, the header first, read in
openpyxl's read-only (streaming) mode so memory does not grow with the sheet.

Cells become text as a CSV export would give it: a date cell ``YYYY-MM-DD`` (with
``HH:MM`` when it has a time of day), a whole number without ``.0``, ``true``/``false``,
an empty cell ``""``; a formula gives its last computed value. Empty cells right of the
header's last name are not columns, so a row is as wide as the header unless it has
something beyond it. openpyxl is an optional
dependency (``pip install 'statdeadline[excel]'``).
"""

from __future__ import annotations

import datetime as _dt
import warnings
import zipfile
from collections.abc import Generator
from typing import Any

from ..exceptions import AuditError
from .rows import MAX_CELL, Record
from .source import Source

__all__ = ["cell_text", "records"]

_CHUNK = 1000  # rows read at a time (with openpyxl's warnings silenced)


def cell_text(value: Any) -> str:
    """A worksheet cell's value as the text a CSV export would hold.

    >>> import datetime as dt
    >>> cell_text(dt.datetime(2024, 3, 28)), cell_text(dt.datetime(2024, 3, 28, 17, 30))
    ('2024-03-28', '2024-03-28 17:30')
    >>> cell_text(10.0), cell_text(2.5), cell_text(True), cell_text(None)
    ('10', '2.5', 'true', '')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time():
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _open(src: Source) -> Any:
    try:
        import openpyxl  # optional: only .xlsx input needs it
    except ModuleNotFoundError:
        raise AuditError(
            f"{src.name}: reading .xlsx files needs openpyxl: pip install 'statdeadline[excel]'",
            src.name,
        ) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on styles it does not read
            return openpyxl.load_workbook(src.path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise AuditError(f"{src.name}: not a readable .xlsx workbook ({exc})", src.name) from None


def records(src: Source) -> Generator[Record, None, None]:
    """The rows of the source's sheet (``src.sheet``, or the first) as records."""
    book = _open(src)
    try:
        names = book.sheetnames
        if src.sheet is not None and src.sheet not in names:
            raise AuditError(
                f"{src.name}: no sheet named {src.sheet!r}; sheets: {', '.join(names)}", src.name
            )
        sheet = book[src.sheet] if src.sheet is not None else book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        line = 0
        width: int | None = None
        while True:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                chunk = [row for _, row in zip(range(_CHUNK), rows, strict=False)]
            if not chunk:
                return
            for values in chunk:
                line += 1
                cells = [cell_text(v) for v in values]
                if width is None:
                    while cells and cells[-1] == "":
                        cells.pop()  # empty cells right of the header are not columns
                    width = len(cells)
                elif not any(cells[width:]):  # a sheet's rows are as wide as its widest
                    cells = cells[:width] + [""] * (width - len(cells))
                long = any(len(c) > MAX_CELL for c in cells)
                yield Record(
                    line, cells, f"a cell is longer than {MAX_CELL:,} characters" if long else None
                )
    finally:
        book.close()
