"""Input readers: the long format (one event per row, CSV or JSON Lines) and, through a
mapping, the wide format (one case per row; see :mod:`statdeadline.audit.wide`). Both
yield :class:`~statdeadline.audit.rows.Row` objects; a row that cannot be used says why
in its ``error``, and is rejected by the audit with its case."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..exceptions import AuditError
from .rows import CORE_COLUMNS, Keep, Reader, Row
from .wide import load_mapping

__all__ = ["LongReader", "reader_for"]


def reader_for(mapping: str | os.PathLike[str] | None) -> Reader:
    """The reader of an audit's inputs: long format, or wide through ``mapping``."""
    return LongReader() if mapping is None else load_mapping(mapping)


def _sniff_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".csv", ".txt"):
        return "csv"
    raise AuditError(
        f"{path}: unknown input format {suffix or '(no extension)'}; expected .csv or .jsonl",
        str(path),
    )


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _blank(cells: list[str]) -> bool:
    return not cells or (len(cells) == 1 and not cells[0].strip())


class LongReader:
    """Long-format files: ``.csv`` (a header naming at least :data:`CORE_COLUMNS`) or
    ``.jsonl``/``.ndjson`` (one object per line); cells as stripped text, empty ones left
    out. Blank lines are skipped and not counted as rows."""

    date_format: str | None = None

    def rows(self, path: Path, keep: Keep | None = None) -> Iterator[Row]:
        """Rows of a long-format file with their line numbers.

        ``keep``, if given, is asked with each row's case id first, and the row is skipped
        unless it says yes (a worker reading only its own cases).
        """
        if _sniff_format(path) == "csv":
            return self._csv_rows(path, keep)
        return self._jsonl_rows(path, keep)

    def _csv_rows(self, path: Path, keep: Keep | None) -> Iterator[Row]:
        name = str(path)
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            try:
                header = next(reader)
            except StopIteration:
                return
            header = [h.strip() for h in header]
            missing = [c for c in CORE_COLUMNS if c not in header]
            if missing:
                raise AuditError(
                    f"{name}:1: missing column(s) {', '.join(missing)}; a long-format file needs {', '.join(CORE_COLUMNS)}",
                    name,
                    1,
                )
            dupes = sorted({h for h in header if header.count(h) > 1})
            if dupes:
                raise AuditError(f"{name}:1: duplicate column(s) {', '.join(dupes)}", name, 1)
            width = len(header)
            at = header.index("case_id")
            for cells in reader:
                line = reader.line_num
                if not cells or (len(cells) == 1 and not cells[0].strip()):  # inline: hot
                    continue
                # a row with too few or too many cells still names its case when the
                # case_id cell is there, so the whole case is rejected, not audited without it
                cid = (cells[at].strip() or None) if at < len(cells) else None
                if keep is not None and not keep(cid):
                    continue
                if len(cells) != width:
                    error = f"expected {width} cells, got {len(cells)}"
                    yield Row(name, line, {"case_id": cid} if cid else {}, error)
                    continue
                yield Row(
                    name,
                    line,
                    {h: c for h, c in zip(header, map(str.strip, cells), strict=True) if c},
                )

    def _jsonl_rows(self, path: Path, keep: Keep | None) -> Iterator[Row]:
        name = str(path)
        with path.open(encoding="utf-8-sig") as fh:
            for line, text in enumerate(fh, 1):
                if not text.strip():
                    continue
                try:
                    obj = json.loads(text)
                except json.JSONDecodeError as exc:
                    if keep is None or keep(None):
                        yield Row(name, line, {}, f"not valid JSON ({exc.msg})")
                    continue
                if not isinstance(obj, dict):
                    if keep is None or keep(None):
                        yield Row(name, line, {}, "expected a JSON object")
                    continue
                if keep is not None:
                    cid = obj.get("case_id")
                    if not keep(_cell(cid) or None if cid is not None else None):
                        continue
                yield Row(
                    name,
                    line,
                    {str(k): _cell(v) for k, v in obj.items() if v is not None and _cell(v) != ""},
                )

    def case_ids(self, path: Path) -> Iterator[str | None]:
        """The case id of each row (no other cell is read); ``None`` for a row without
        one. Rows are counted as :meth:`rows` counts them."""
        if _sniff_format(path) == "csv":
            return self._csv_case_ids(path)
        return self._jsonl_case_ids(path)

    @staticmethod
    def _csv_case_ids(path: Path) -> Iterator[str | None]:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            header = [h.strip() for h in next(reader, [])]
            if "case_id" not in header:
                return  # rows() reports the missing column
            at = header.index("case_id")
            for cells in reader:
                if _blank(cells):
                    continue
                yield (cells[at].strip() or None) if at < len(cells) else None

    @staticmethod
    def _jsonl_case_ids(path: Path) -> Iterator[str | None]:
        with path.open(encoding="utf-8-sig") as fh:
            for text in fh:
                if not text.strip():
                    continue
                try:
                    obj = json.loads(text)
                except json.JSONDecodeError:
                    yield None
                    continue
                cid = obj.get("case_id") if isinstance(obj, dict) else None
                yield _cell(cid) or None if cid is not None else None
