"""Input readers: the long format (one event per row, CSV or JSON Lines) and, through a
mapping, the wide format (one case per row; see :mod:`statdeadline.audit.wide`). Both
yield :class:`~statdeadline.audit.rows.Row` objects; a row that cannot be used says why
in its ``error``, and is rejected by the audit with its case.

Column names are trimmed and matched case-insensitively: the long format reads them in
lower case (``Case_ID`` is ``case_id``), a CSV header's and a JSON object's keys alike. A
malformed CSV record (:mod:`~statdeadline.audit.csvfile` says which) or JSON line, an
over-long cell, a NUL, a lone surrogate, a byte not valid in the file's encoding
(:func:`~statdeadline.audit.source.undecodable`), a JSON key given twice or a ``NaN`` or
``Infinity`` (not JSON by RFC 8259) rejects only its own row and case. A row of empty
cells is skipped like a blank line (:mod:`~statdeadline.audit.tables`).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..exceptions import AuditError
from .rows import CORE_COLUMNS, MAX_CELL, Keep, Reader, Record, Row, new_row
from .source import Source, as_source, shown_marks, undecodable
from .tables import case_records, table
from .wide import load_mapping

__all__ = ["KEY_SAMPLE", "LongReader", "header_names", "json_case_id", "json_keys", "reader_for"]

_SURROGATE = re.compile("[\ud800-\udfff]")
#: How many of a JSON Lines file's first non-blank lines ``--group-by`` is checked
#: against: a group must be a key of at least one of them.
KEY_SAMPLE = 1000


def reader_for(mapping: str | os.PathLike[str] | None) -> Reader:
    """The reader of an audit's inputs: long format, or wide through ``mapping``."""
    return LongReader() if mapping is None else load_mapping(mapping)


def header_names(cells: list[str]) -> list[str]:
    """A long-format header's column names: trimmed, in lower case.

    >>> header_names([" Case_ID", "RuleSet ", "event", "Date"])
    ['case_id', 'ruleset', 'event', 'date']
    """
    return [c.strip().lower() for c in cells]


class _NoCaseIds(Exception):
    """The header has no case_id column (internal: rows() reports it)."""


class _BadCell(ValueError):
    """A JSON value that cannot be a cell."""


class _Constant:
    """``NaN``, ``Infinity`` or ``-Infinity``, which Python's ``json`` accepts but
    RFC 8259 does not (``json``'s ``parse_constant``): a cell holding one is refused."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


#: How a JSON Lines line is parsed: integers kept as their text (no limit on digits, and
#: the cell is text anyway), objects as tuples of their (key, value) pairs in the order
#: written (so that a key given twice is seen, not overwritten; a JSON list is a list),
#: the non-standard constants as :class:`_Constant`. One decoder for every line
#: (``json.loads`` with options makes a new one each time: twice the work).
_loads = json.JSONDecoder(parse_int=str, parse_constant=_Constant, object_pairs_hook=tuple).decode


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list, _Constant)):
        if isinstance(value, _Constant):
            raise _BadCell(f"{value.name} is not valid JSON (RFC 8259 has no NaN or Infinity)")
        kind = "object" if isinstance(value, tuple) else "list"
        raise _BadCell(f"a cell holds a JSON {kind}; expected text, a number or true/false")
    text = str(value).strip()
    if len(text) > MAX_CELL:
        raise _BadCell(f"a cell is longer than {MAX_CELL:,} characters")
    if _SURROGATE.search(text) or "\0" in text:
        raise _BadCell("a cell holds a lone surrogate or NUL character (not text)")
    return text


def _json_object(text: str) -> tuple[dict[str, str], str | None]:
    """One JSON Lines line as cells, and why it cannot be used (``None`` when it can);
    the cells that could be read are kept, so a bad line still names its case. Keys are
    read as CSV headers are (:func:`header_names`: trimmed, in lower case); a key given
    twice (``Team`` and ``team`` count as one) rejects the line, as does a value that is
    not a cell (an object, a list, ``NaN``...)."""
    try:
        obj = _loads(text)
    except RecursionError:
        return {}, "not valid JSON (nested too deeply)"
    except json.JSONDecodeError as exc:
        return {}, f"not valid JSON ({exc.msg})"
    if not isinstance(obj, tuple):
        return {}, "expected a JSON object"
    out, error = _cells(obj)
    if len(out) < len(obj):  # a key left out (null, empty, bad), or given twice: which?
        twice = _twice(obj)
        if twice is not None:
            out = _cells(obj[::-1])[0]  # the first value of each key, for the case id
            error = f"the key {twice!r} is given more than once in this object (keys are matched trimmed and in any case)"
    return out, error


def _cells(pairs: tuple[tuple[str, Any], ...]) -> tuple[dict[str, str], str | None]:
    """A JSON object's non-empty cells by key (the last value of a key given twice),
    and why the first bad one cannot be a cell."""
    out: dict[str, str] = {}
    error = None
    for k, v in pairs:
        if v is None:
            continue
        try:
            key = _cell(k).lower()
            cell = _cell(v)
        except _BadCell as exc:
            error = error or f"{_SURROGATE.sub('?', str(k))[:40]}: {exc}"
            continue
        if cell:
            out[key] = cell
    return out, error


def _twice(pairs: tuple[tuple[str, Any], ...]) -> str | None:
    """The first key of a JSON object given more than once, as read (trimmed, in lower
    case), if any."""
    seen: set[str] = set()
    for k, _ in pairs:
        key = k.strip().lower()
        if key in seen:
            return key
        seen.add(key)
    return None


def json_keys(text: str) -> list[str]:
    """The keys of one JSON Lines line's object as :class:`LongReader` reads them
    (trimmed, in lower case), whatever their values, ``null`` included; none for a line
    that is not a JSON object.

    >>> json_keys('{" Team ": null, "case_id": "C1"}'), json_keys("[1]"), json_keys("{")
    (['team', 'case_id'], [], [])
    """
    try:
        obj = _loads(text)
    except (RecursionError, ValueError):
        return []
    if not isinstance(obj, tuple):
        return []
    keys = []
    for k, _ in obj:
        try:
            keys.append(_cell(k).lower())
        except _BadCell:
            continue
    return keys


def _escaped(text: str) -> str:
    """A JSON Lines line read with marks for bytes that do not decode
    (:data:`~.source.MARK_ERRORS`), each mark written as the text ``\\x92`` (its
    backslash escaped for JSON), so that the case id of the line refused for it can be
    reported.

    >>> print(_escaped('{"case_id": "C\\udc92"}'))
    {"case_id": "C\\\\x92"}
    """
    if text.isascii():
        return text
    return _SURROGATE.sub(lambda m: shown_marks(m.group()).replace("\\", "\\\\"), text)


def json_case_id(text: str) -> str | None:
    """The case id of one JSON Lines line, as :class:`LongReader` reads it (``None``
    when it has none, or is not a JSON object).

    >>> json_case_id('{"Case_ID": " C1 ", "event": "received"}'), json_case_id("[1]")
    ('C1', None)
    """
    return _json_object(text)[0].get("case_id") or None


def _sample_keys(src: Source) -> list[str]:
    found: dict[str, None] = {}
    with src.open() as fh:
        lines = (text for text in fh if text.strip())
        for text in itertools.islice(lines, KEY_SAMPLE):
            found.update(dict.fromkeys(json_keys(text)))
    return list(found)


class LongReader:
    """Long-format files: CSV (a header naming at least :data:`CORE_COLUMNS`; comma,
    semicolon or tab separated) or JSON Lines (one object per line); cells as stripped
    text, empty ones left out. Blank lines are skipped and not counted as rows."""

    date_format: str | None = None

    def rows(self, source: Source | Path, keep: Keep | None = None) -> Iterator[Row]:
        """Rows of a long-format file with their line numbers.

        ``keep``, if given, is asked with each row's case id first, and the row is skipped
        unless it says yes (a worker reading only its own cases).
        """
        src = as_source(source)
        if src.format == "jsonl":
            return self._jsonl_rows(src, keep)
        return self._csv_rows(src, keep)  # a CSV file or a worksheet: a table

    def group_columns(self, source: Source | Path) -> list[str] | None:
        """The input's column names; for JSON Lines, which has no header, every key of
        the objects on its first :data:`KEY_SAMPLE` non-blank lines (in the order first
        seen, each read as :func:`json_keys` reads it)."""
        src = as_source(source)
        if src.format == "jsonl":
            return _sample_keys(src.whole())
        with contextlib.closing(table(src)) as recs:
            head = next(recs, None)
        return header_names(head.cells) if head is not None and head.error is None else []

    def _header(self, src: Source, cells: list[str] | None, error: str | None) -> list[str]:
        name = src.name
        if error is not None:
            raise AuditError(f"{name}:1: the header cannot be read: {error}", name, 1)
        header = header_names(cells or [])
        missing = [c for c in CORE_COLUMNS if c not in header]
        if missing:
            shown = ", ".join(h for h in header if h) or "none"
            raise AuditError(
                f"{name}:1: missing column(s) {', '.join(missing)}; a long-format file needs {', '.join(CORE_COLUMNS)} (columns found: {shown})",
                name,
                1,
            )
        dupes = sorted({h for h in header if header.count(h) > 1})
        if dupes:
            raise AuditError(f"{name}:1: duplicate column(s) {', '.join(dupes)}", name, 1)
        return header

    def _csv_rows(self, src: Source, keep: Keep | None) -> Iterator[Row]:
        header: list[str] = []

        def case_id_at(head: Record) -> int:
            header.extend(self._header(src, head.cells, head.error))
            return header.index("case_id")

        name = src.name
        strip = str.strip
        for rec in case_records(src, keep, case_id_at):
            if isinstance(rec, Row):
                yield rec
                continue
            line, cells = rec
            yield new_row(
                (
                    name,
                    line,
                    {h: c for h, c in zip(header, map(strip, cells), strict=True) if c},
                    None,
                )
            )

    def _jsonl_rows(self, src: Source, keep: Keep | None) -> Iterator[Row]:
        name = src.name
        clean, encoding = src.clean, src.encoding
        with src.open() as fh:
            for line, text in enumerate(fh, src.line):
                if not text.strip():
                    continue
                bad = None if clean else undecodable(text, encoding)
                data, error = _json_object(text if bad is None else _escaped(text))
                if keep is not None and not keep(data.get("case_id") or None):
                    continue
                yield Row(name, line, data, bad or error)

    def case_column(self, source: Source, header: list[str]) -> int | None:
        """Which of a CSV header's cells names the case id (``None``: none does)."""
        names = header_names(header)
        return names.index("case_id") if "case_id" in names else None

    def case_ids(self, source: Source | Path) -> Iterator[str | None]:
        """The case id of each row; ``None`` for a row without one. Rows are counted as
        :meth:`rows` counts them."""
        src = as_source(source)
        if src.format == "jsonl":
            return self._jsonl_case_ids(src)
        return self._csv_case_ids(src)

    @staticmethod
    def _csv_case_ids(src: Source) -> Iterator[str | None]:
        at: list[int] = []

        def case_id_at(head: Record) -> int:
            header = header_names(head.cells) if head.error is None else []
            if "case_id" not in header:
                raise _NoCaseIds  # rows() reports the missing column
            at.append(header.index("case_id"))
            return at[0]

        try:
            for rec in case_records(src, None, case_id_at):
                if isinstance(rec, Row):
                    yield rec.data.get("case_id")
                else:
                    yield rec[1][at[0]].strip() or None
        except _NoCaseIds:
            return

    @staticmethod
    def _jsonl_case_ids(src: Source) -> Iterator[str | None]:
        with src.open() as fh:
            for text in fh:
                if not text.strip():
                    continue
                if not src.clean:
                    text = _escaped(text)
                yield _json_object(text)[0].get("case_id") or None
