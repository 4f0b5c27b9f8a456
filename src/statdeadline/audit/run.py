"""Replay many cases and tabulate timeliness: the auditor's job.

Input is one event per row (long format: CSV or JSON Lines with columns ``case_id``,
``ruleset``, ``event``, ``date`` and optional event fields, ``time`` and any grouping
columns), or one case per row (wide format, mapped to events by a small YAML file; see
:mod:`statdeadline.wide`). Each case is replayed through the engine; every deadline gets a
verdict; verdicts are tallied per rule set, clock and group.

Order of work, per case: rows are sorted by date, then time, then the rule set's declared
order of events (so the same rows in any order give the same result), then input order;
each event is recorded; the case's deadlines are evaluated at ``as_of``. A case with a row
that cannot be used (an unknown rule set, a bad date, an event the case's state does not
allow) is rejected whole, with the file, line and reason, since a partial history would
give wrong deadlines; the rest of the audit goes on (``strict=True`` stops instead). The
counts always reconcile: rows read = rows used + rows rejected, and cases read = cases
audited + cases rejected.

Memory stays flat when each case's rows are contiguous (any order within a case), which
is checked in a first quick pass over the files; otherwise all rows are grouped in memory.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import hashlib
import json
import multiprocessing
import os
import re
import sys
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from .._version import __version__
from ..calendar import parse_date
from ..engine.case import Case
from ..engine.results import Deadline, Verdict
from ..exceptions import AuditError, InvalidArgumentError, StatDeadlineError
from ..rules.loader import load_ruleset
from ..rules.model import RuleSet
from ..rules.vocabulary import kind_info
from .rows import Row as _Row
from .wide import load_mapping

__all__ = [
    "CORE_COLUMNS",
    "AuditError",
    "AuditReport",
    "CaseResult",
    "Rejection",
    "SummaryRow",
    "audit",
    "parse_input_date",
]

#: The columns every long-format row has.
CORE_COLUMNS = ("case_id", "ruleset", "event", "date")
_OPTIONAL = ("time",)
#: English month names (not the locale's), for messages and reports.
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{2})(?::\d{2})?)?")


def parse_input_date(text: str, date_format: str | None = None) -> tuple[_dt.date, _dt.time | None]:
    """A date (and time, if given) from an input cell.

    Accepted: ISO ``YYYY-MM-DD`` (optionally with ``HH:MM[:SS]``); with ``date_format``, that
    :func:`~datetime.datetime.strptime` format; otherwise a spreadsheet-style
    ``DD/MM/YYYY`` only when it cannot be read two ways (the day is over 12, or day and
    month are equal). Anything else raises ``ValueError`` with the reason.

    >>> parse_input_date("2024-03-28")
    (datetime.date(2024, 3, 28), None)
    >>> parse_input_date("28/03/2024 17:30")
    (datetime.date(2024, 3, 28), datetime.time(17, 30))
    >>> parse_input_date("03/04/2024")
    Traceback (most recent call last):
    ...
    ValueError: date '03/04/2024' is ambiguous (3 April or 4 March?); use YYYY-MM-DD or give the date format

    With a ``date_format``, ISO dates still work:

    >>> parse_input_date("03/04/2024", "%d/%m/%Y"), parse_input_date("2024-04-03", "%d/%m/%Y")
    ((datetime.date(2024, 4, 3), None), (datetime.date(2024, 4, 3), None))
    """
    s = text.strip()
    if date_format:
        try:
            dt = _dt.datetime.strptime(s, date_format)
        except ValueError:
            if _ISO.fullmatch(s) is None:  # ISO dates always work: read below
                raise ValueError(
                    f"date {text!r} does not match the format {date_format!r}"
                ) from None
        else:
            has_time = any(c in date_format for c in ("%H", "%I", "%M"))
            return dt.date(), (dt.time() if has_time else None)
    m = _ISO.fullmatch(s)
    if m:
        y, mo, d, hh, mm = m.groups()
        try:
            day = _dt.date(int(y), int(mo), int(d))
            return day, (_dt.time(int(hh), int(mm)) if hh else None)
        except ValueError as exc:
            raise ValueError(f"date {text!r} is not a real date ({exc})") from None
    m = _SLASHED.fullmatch(s)
    if m:
        a, b, y, hh, mm = m.groups()
        first, second = int(a), int(b)
        if first <= 12 and second <= 12 and first != second:
            months = MONTH_NAMES
            raise ValueError(
                f"date {text!r} is ambiguous ({first} {months[second - 1]} or {second} {months[first - 1]}?); "
                "use YYYY-MM-DD or give the date format"
            )
        day_n, month_n = (first, second) if first > 12 or first == second else (second, first)
        try:
            day = _dt.date(int(y), month_n, day_n)
            return day, (_dt.time(int(hh), int(mm)) if hh else None)
        except ValueError as exc:
            raise ValueError(f"date {text!r} is not a real date ({exc})") from None
    raise ValueError(f"date {text!r} is not a date; use YYYY-MM-DD")


# --------------------------------------------------------------------------- results


@attrs.frozen
class Rejection:
    """A row or case left out of the audit, and why."""

    file: str
    line: int | None
    case_id: str | None
    reason: str
    rows: int = 1  # rows this rejection accounts for

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        who = f"case {self.case_id}: " if self.case_id else ""
        return f"{where}: {who}{self.reason}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "file": self.file,
            "line": self.line,
            "case_id": self.case_id,
            "reason": self.reason,
            "rows": self.rows,
        }


@attrs.frozen
class CaseResult:
    """One audited case: its deadlines at ``as_of``, or why it was rejected."""

    case_id: str
    ruleset: str | None
    groups: Mapping[str, str]
    state: str | None
    deadlines: tuple[Deadline, ...]
    rejection: Rejection | None = None
    rows: int = 0
    #: The deadlines in light form, when full deadlines were not asked for (an audit with
    #: no ``on_case`` callback tallies these: they cost about half as much).
    verdicts: tuple[Verdict, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form (one entry per deadline, without explanations)."""
        return {
            "case_id": self.case_id,
            "ruleset": self.ruleset,
            "groups": dict(self.groups),
            "state": self.state,
            "rejected": self.rejection.reason if self.rejection else None,
            "deadlines": [_deadline_row(d) for d in self.deadlines],
        }


def _deadline_row(d: Deadline) -> dict[str, Any]:
    return {
        "clock": d.clock,
        "instance": d.instance,
        "kind": d.kind,
        "start": d.start.isoformat(),
        "due": d.due.isoformat() if d.due else None,
        "met_on": d.met_on.isoformat() if d.met_on else None,
        "status": d.status,
        "working_days_taken": d.working_days_taken,
        "days_late": d.days_late,
        "extensions": len(d.extensions),
        "pauses": len(d.pauses),
        "level": d.level,
    }


@attrs.frozen
class SummaryRow:
    """Tallies for one rule set, clock and group.

    ``deadlines`` counts every case in which the clock started; each is in exactly one of
    ``met``, ``met_late``, ``overdue``, ``open`` (pending or due soon at ``as_of``),
    ``expired``, ``cancelled``, ``superseded``. ``on_time_rate`` is ``met`` over the
    decided ones (``met + met_late + overdue``), ``None`` when none is decided;
    ``target_met`` compares it with ``target``, except for a complainant's window (``kind``
    ``complainant_window``: not the council's deadline), where it is ``None``. Working days
    taken (``mean``, ``median``, ``p90``, ``histogram``) are over the met ones (on time or
    late); ``histogram`` has a band per bucket edge plus ``over N``, and open deadlines are
    counted apart in ``open``.
    """

    ruleset: str
    clock: str
    label: str
    kind: str
    group: Mapping[str, str]
    deadlines: int
    met: int
    met_late: int
    overdue: int
    open: int
    expired: int
    cancelled: int
    superseded: int
    on_time_rate: float | None
    target: float | None
    target_met: bool | None
    wd_mean: float | None
    wd_median: float | None
    wd_p90: float | None
    histogram: Mapping[str, int]
    extensions_used: int
    backstop_breaches: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        out = attrs.asdict(self)
        out["group"] = dict(self.group)
        out["histogram"] = dict(self.histogram)
        return out


@attrs.frozen
class AuditReport:
    """The result of an audit: provenance, reconciled counts, summary tables and rejections.

    Per-case results are streamed to the ``on_case`` callback of :func:`audit` rather
    than kept here, so memory does not grow with the number of cases.
    """

    meta: Mapping[str, Any]
    counts: Mapping[str, int]
    summary: tuple[SummaryRow, ...]
    rejections: tuple[Rejection, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "meta": dict(self.meta),
            "counts": dict(self.counts),
            "summary": [r.to_dict() for r in self.summary],
            "rejections": [r.to_dict() for r in self.rejections],
        }


# --------------------------------------------------------------------------- reading


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


def _read_long(path: Path, keep: Callable[[str | None], bool] | None = None) -> Iterator[_Row]:
    """Rows of a long-format file with their line numbers; cells as stripped text.

    ``keep``, if given, is asked with each row's case id first, and the row is skipped
    unless it says yes (a worker reading only its own cases).
    """
    fmt = _sniff_format(path)
    name = str(path)
    if fmt == "csv":
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
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue
                # a row with too few or too many cells still names its case when the
                # case_id cell is there, so the whole case is rejected, not audited without it
                cid = (cells[at].strip() or None) if at < len(cells) else None
                if keep is not None and not keep(cid):
                    continue
                if len(cells) != width:
                    bad = {"__error__": f"expected {width} cells, got {len(cells)}"}
                    if cid:
                        bad["case_id"] = cid
                    yield _Row(name, line, bad)
                    continue
                yield _Row(
                    name,
                    line,
                    {h: c for h, c in zip(header, map(str.strip, cells), strict=True) if c},
                )
    else:
        with path.open(encoding="utf-8-sig") as fh:
            for line, text in enumerate(fh, 1):
                if not text.strip():
                    continue
                try:
                    obj = json.loads(text)
                except json.JSONDecodeError as exc:
                    if keep is None or keep(None):
                        yield _Row(name, line, {"__error__": f"not valid JSON ({exc.msg})"})
                    continue
                if not isinstance(obj, dict):
                    if keep is None or keep(None):
                        yield _Row(name, line, {"__error__": "expected a JSON object"})
                    continue
                if keep is not None:
                    cid = obj.get("case_id")
                    if not keep(_cell(cid) or None if cid is not None else None):
                        continue
                yield _Row(
                    name,
                    line,
                    {str(k): _cell(v) for k, v in obj.items() if v is not None and _cell(v) != ""},
                )


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --------------------------------------------------------------------------- per case


class _Evaluator:
    """Turns one case's rows into a :class:`CaseResult`."""

    def __init__(
        self,
        as_of: _dt.date,
        group_by: Sequence[str],
        date_format: str | None,
        ruleset_options: Mapping[str, Any],
    ):
        self.as_of = as_of
        self.group_by = tuple(group_by)
        self.date_format = date_format
        self.options = ruleset_options
        self.rulesets: dict[str, RuleSet] = {}  # by the name the input gave (id or path)
        self.by_id: dict[str, RuleSet] = {}  # by rule-set id, as results name them
        self.bad_rulesets: dict[str, str] = {}
        self.ranks: dict[str, dict[str, int]] = {}
        self.ignored: set[str] = set()
        self.fields: dict[str, frozenset[str]] = {}  # every event field of a rule set
        self.skip = frozenset((*CORE_COLUMNS, *_OPTIONAL, *self.group_by))
        self._dates: dict[str, tuple[_dt.date, _dt.time | None]] = {}

    def date(self, text: str) -> tuple[_dt.date, _dt.time | None]:
        """:func:`parse_input_date` with this audit's format, remembering answers (a year
        of cases has a few hundred distinct dates)."""
        got = self._dates.get(text)
        if got is None:
            got = parse_input_date(text, self.date_format)
            if len(self._dates) >= 100_000:
                self._dates.clear()
            self._dates[text] = got
        return got

    def ruleset(self, rid: str) -> RuleSet:
        if rid in self.bad_rulesets:
            raise StatDeadlineError(self.bad_rulesets[rid])
        rs = self.rulesets.get(rid)
        if rs is None:
            try:
                rs = load_ruleset(rid, **self.options.get(rid, {}))
            except StatDeadlineError as exc:
                self.bad_rulesets[rid] = str(exc).splitlines()[0]
                raise
            self.rulesets[rid] = rs
            self.by_id[rs.id] = rs
            self.ranks[rid] = {e: i for i, e in enumerate(rs.events)}
            self.fields[rid] = frozenset(f for e in rs.events.values() for f in e.fields)
        return rs

    def evaluate(self, case_id: str, rows: list[_Row], detail: bool = True) -> CaseResult:
        """The case's result; with ``detail``, full :class:`Deadline` objects (for callers
        who see each case), otherwise only :class:`Verdict` tuples (for the tallies)."""
        groups: dict[str, str] = {}
        first = rows[0]
        for row in rows:
            for col in self.group_by:
                if col in row.data and col not in groups:
                    groups[col] = row.data[col]

        def reject(row: _Row | None, reason: str, rid: str | None = None) -> CaseResult:
            where = row or first
            return CaseResult(
                case_id,
                rid,
                groups,
                None,
                (),
                Rejection(where.file, where.line, case_id, reason, len(rows)),
                len(rows),
            )

        for row in rows:
            if "__error__" in row.data:
                return reject(row, row.data["__error__"])
        rids = {row.data.get("ruleset", "") for row in rows}
        if len(rids) != 1 or "" in rids:
            if "" in rids:
                bad = next(r for r in rows if not r.data.get("ruleset"))
                return reject(bad, "missing ruleset")
            return reject(first, f"rows name different rule sets: {', '.join(sorted(rids))}")
        rid = rids.pop()
        try:
            rs = self.ruleset(rid)
        except StatDeadlineError as exc:
            return reject(first, str(exc).splitlines()[0], rid)
        events = []
        for row in rows:
            ev_id = row.data.get("event")
            if not ev_id:
                return reject(row, "missing event", rid)
            raw = row.data.get("date")
            if not raw:
                return reject(row, "missing date", rid)
            try:
                day, parsed_time = self.date(raw)
            except ValueError as exc:
                return reject(row, str(exc), rid)
            # an explicit time column wins over a time in the date cell; the engine checks it
            t = row.data.get("time") or (parsed_time.strftime("%H:%M") if parsed_time else "")
            edef = rs.events.get(ev_id)
            fields: dict[str, Any] = {}
            if edef is not None:
                for name, value in row.data.items():
                    if name in self.skip:
                        continue
                    spec = edef.fields.get(name)
                    if spec is None:
                        if name in self.fields[rid]:
                            return reject(
                                row,
                                f"{ev_id}: field {name!r} does not belong to this event; its fields: {', '.join(sorted(edef.fields)) or 'none'}",
                                rid,
                            )
                        self.ignored.add(name)  # not an event field: listed in the report's meta
                        continue
                    if spec.type == "date":
                        try:
                            value, _ = self.date(value)  # type: ignore[assignment]
                        except ValueError as exc:
                            return reject(row, f"{ev_id}.{name}: {exc}", rid)
                    fields[name] = value
            rank = self.ranks[rid].get(ev_id, len(self.ranks[rid]))
            events.append(
                (
                    day,
                    t,
                    rank,
                    row.line,
                    row,
                    ev_id,
                    fields,
                )
            )
        events.sort(key=lambda e: (e[0], e[1], e[2], e[3]))
        case = Case(rs, case_id)
        for day, t, _, _, row, ev_id, fields in events:
            try:
                case.record(ev_id, day, time=t or None, **fields)
            except StatDeadlineError as exc:
                return reject(row, str(exc), rid)
        if not detail:
            verdicts = tuple(case.verdicts(self.as_of))
            state = case.state_at(self.as_of)
            return CaseResult(case_id, rs.id, groups, state, (), None, len(rows), verdicts)
        ds = case.deadlines(self.as_of)
        return CaseResult(case_id, rs.id, groups, ds.state, tuple(ds), None, len(rows))


# --------------------------------------------------------------------------- tallying


class _Tally:
    __slots__ = ("backstop", "extensions", "kind", "label", "statuses", "taken")

    def __init__(self, label: str, kind: str):
        self.label = label
        self.kind = kind
        self.statuses: Counter[str] = Counter()
        self.taken: Counter[int] = Counter()
        self.extensions = 0
        self.backstop = 0


def _percentile(counts: Counter[int], q: float) -> float | None:
    """The q-quantile (0..1) of integer values given as counts, by the nearest-rank method."""
    total = sum(counts.values())
    if not total:
        return None
    rank = max(1, -(-int(q * total * 1000) // 1000))  # ceil(q * total), robust to float noise
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return float(value)
    return float(max(counts))


def _median(counts: Counter[int]) -> float | None:
    total = sum(counts.values())
    if not total:
        return None
    values = sorted(counts)
    lo_rank, hi_rank = (total + 1) // 2, total // 2 + 1
    seen = 0
    lo = hi = None
    for v in values:
        seen += counts[v]
        if lo is None and seen >= lo_rank:
            lo = v
        if seen >= hi_rank:
            hi = v
            break
    assert lo is not None and hi is not None
    return (lo + hi) / 2


def _bands(buckets: Sequence[int]) -> list[tuple[str, int | None, int | None]]:
    """Histogram bands from edges: ``<= e1``, ``e1+1-e2``, ..., ``over eN``."""
    out: list[tuple[str, int | None, int | None]] = []
    low = None
    for edge in buckets:
        if low is None:
            out.append((f"<= {edge}", None, edge))
        else:
            out.append((f"{low + 1}-{edge}" if edge > low + 1 else f"{edge}", low + 1, edge))
        low = edge
    out.append(
        (f"over {low}" if low is not None else "all", (low + 1) if low is not None else None, None)
    )
    return out


# --------------------------------------------------------------------------- the audit


def _group_rows(rows: Iterable[_Row], grouped: bool) -> Iterator[tuple[str | None, list[_Row]]]:
    """Cases and their rows. Rows with no case id come out one by one as ``(None, [row])``."""
    if grouped:
        current: str | None = None
        bucket: list[_Row] = []
        loose: list[_Row] = []  # case-less rows, yielded after the case they follow
        for row in rows:
            cid = row.data.get("case_id")
            if not cid:
                loose.append(row)
                continue
            if cid != current:
                if bucket:
                    yield current, bucket
                yield from ((None, [r]) for r in loose)
                current, bucket, loose = cid, [], []
            bucket.append(row)
        if bucket:
            yield current, bucket
        yield from ((None, [r]) for r in loose)
        return
    cases: dict[str, list[_Row]] = {}
    for row in rows:
        cid = row.data.get("case_id")
        if not cid:
            yield None, [row]
            continue
        cases.setdefault(cid, []).append(row)
    yield from cases.items()


def _case_ids(path: Path) -> Iterator[str | None]:
    """The case id of each row of a long-format file (a quick first pass: no other cell is
    read); ``None`` for a row without one. Rows are counted as :func:`_read_long` counts
    them."""
    if _sniff_format(path) == "csv":
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            header = [h.strip() for h in next(reader, [])]
            if "case_id" not in header:
                return  # _read_long reports the missing column
            at = header.index("case_id")
            for cells in reader:
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue
                yield (cells[at].strip() or None) if at < len(cells) else None
    else:
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


def _prescan(case_ids: Iterable[str | None]) -> tuple[bool, int]:
    """Whether every case's rows are contiguous, and how many rows there are."""
    seen: set[str] = set()
    current = None
    grouped = True
    count = 0
    for cid in case_ids:
        count += 1
        if not grouped or not cid or cid == current:
            continue
        if cid in seen:
            grouped = False
        seen.add(cid)
        current = cid
    return grouped, count


_PARALLEL_ROWS = 200_000  # below this, starting worker processes costs more than it saves


def _empty_counts() -> Counter[str]:
    return Counter(
        rows_read=0,
        rows_used=0,
        rows_rejected=0,
        cases_read=0,
        cases_audited=0,
        cases_rejected=0,
        cases_open=0,
    )


class _Pass:
    """The running totals of an audit (or of one worker's share of it)."""

    def __init__(
        self,
        evaluator: _Evaluator,
        group_by: tuple[str, ...],
        paths: Sequence[Path],
        strict: bool,
        on_case: Callable[[CaseResult], None] | None,
    ):
        self.evaluator = evaluator
        self.group_by = group_by
        self.strict = strict
        self.on_case = on_case
        self.tallies: dict[tuple[str, str, tuple[tuple[str, str], ...]], _Tally] = {}
        self.rejections: list[Rejection] = []
        self.counts = _empty_counts()
        self.file_rows: Counter[str] = Counter({str(p): 0 for p in paths})

    def feed(self, cid: str | None, rows: list[_Row]) -> None:
        """Audit one case (or count one row that has no case id)."""
        counts = self.counts
        counts["rows_read"] += len(rows)
        if len(rows) == 1 or all(r.file == rows[0].file for r in rows):
            self.file_rows[rows[0].file] += len(rows)
        else:
            self.file_rows.update(r.file for r in rows)
        if cid is None:
            rej = Rejection(
                rows[0].file, rows[0].line, None, rows[0].data.get("__error__") or "missing case_id"
            )
            counts["rows_rejected"] += 1
            self.rejections.append(rej)
            if self.strict:
                raise AuditError(str(rej), rej.file, rej.line)
            return
        counts["cases_read"] += 1
        result = self.evaluator.evaluate(cid, rows, detail=self.on_case is not None)
        if result.rejection is not None:
            counts["cases_rejected"] += 1
            counts["rows_rejected"] += len(rows)
            self.rejections.append(result.rejection)
            if self.strict:
                raise AuditError(
                    str(result.rejection), result.rejection.file, result.rejection.line
                )
        else:
            counts["cases_audited"] += 1
            counts["rows_used"] += len(rows)
            rs = self.evaluator.by_id[result.ruleset or ""]
            if result.state not in rs.final_states:
                counts["cases_open"] += 1
            gkey = tuple((g, result.groups.get(g, "")) for g in self.group_by)
            tallies = self.tallies
            for d in result.deadlines or result.verdicts:
                key = (rs.id, d.clock, gkey)
                t = tallies.get(key)
                if t is None:
                    t = tallies[key] = _Tally(rs.clocks[d.clock].label, d.kind)
                t.statuses[d.status] += 1
                if d.status in ("met", "met_late") and d.working_days_taken is not None:
                    t.taken[d.working_days_taken] += 1
                if d.extensions:
                    t.extensions += 1
                if kind_info(d.kind).breach_tallied and d.status in ("overdue", "met_late"):
                    t.backstop += 1
        if self.on_case is not None:
            self.on_case(result)

    def share(self) -> _Share:
        """What a worker sends back: plain, picklable totals."""
        return _Share(
            self.counts,
            self.tallies,
            self.rejections,
            self.file_rows,
            set(self.evaluator.rulesets) | set(self.evaluator.bad_rulesets),
            self.evaluator.ignored,
        )


@attrs.define
class _Share:
    counts: Counter[str]
    tallies: dict[tuple[str, str, tuple[tuple[str, str], ...]], _Tally]
    rejections: list[Rejection]
    file_rows: Counter[str]
    names: set[str]  # rule sets as the input named them
    ignored: set[str]

    def add(self, other: _Share) -> None:
        self.counts.update(other.counts)
        for key, t in other.tallies.items():
            mine = self.tallies.get(key)
            if mine is None:
                self.tallies[key] = t
                continue
            mine.statuses.update(t.statuses)
            mine.taken.update(t.taken)
            mine.extensions += t.extensions
            mine.backstop += t.backstop
        self.rejections.extend(other.rejections)
        self.file_rows.update(other.file_rows)
        self.names |= other.names
        self.ignored |= other.ignored


@attrs.frozen
class _Job:
    """Everything a worker process needs to audit its share of the cases."""

    paths: list[Path]
    mapping: str | os.PathLike[str] | None
    day: _dt.date
    group_by: tuple[str, ...]
    date_format: str | None
    ruleset_options: dict[str, Mapping[str, Any]]
    grouped: bool


def _mine(cid: str | None, index: int, workers: int) -> bool:
    """Whether worker ``index`` of ``workers`` audits case ``cid`` (rows with no case id
    go to worker 0). A stable hash, the same in every process."""
    if not cid:
        return index == 0
    return zlib.crc32(cid.encode("utf-8")) % workers == index


_DONE: Any = None  # in a worker process: the shared count of rows done, for progress


def _init_worker(done: Any) -> None:
    global _DONE
    _DONE = done


def _work(job: _Job, index: int, workers: int) -> _Share:
    """One worker: read every input, audit the cases that are this worker's."""
    done = _DONE
    evaluator = _Evaluator(job.day, job.group_by, job.date_format, job.ruleset_options)
    state = _Pass(evaluator, job.group_by, job.paths, False, None)
    if job.mapping is not None:
        wide = load_mapping(job.mapping)
        date_format = job.date_format or wide.date_format
        evaluator.date_format = date_format

        def rows() -> Iterator[_Row]:
            for p in job.paths:
                for row in wide.rows(p):
                    if _mine(row.data.get("case_id"), index, workers):
                        yield row

    else:

        def keep(cid: str | None) -> bool:
            return _mine(cid, index, workers)

        def rows() -> Iterator[_Row]:
            for p in job.paths:
                yield from _read_long(p, keep)

    pending = 0
    for cid, case_rows in _group_rows(rows(), job.grouped):
        state.feed(cid, case_rows)
        pending += len(case_rows)
        if pending >= 5000:
            with done.get_lock():
                done.value += pending
            pending = 0
    with done.get_lock():
        done.value += pending
    return state.share()


def _run_parallel(
    job: _Job, workers: int, total: int, progress: Callable[[int, int], None] | None
) -> _Share:
    """Share the cases between ``workers`` processes and add up what they send back."""
    # fork where it is safe (Linux, no other thread running): it does not re-run the
    # caller's __main__, so a script without an `if __name__ == "__main__"` guard works;
    # otherwise spawn, which starts clean interpreters.
    safe_fork = sys.platform.startswith("linux") and threading.active_count() == 1
    ctx = multiprocessing.get_context("fork" if safe_fork else "spawn")
    done = ctx.Value("q", 0)
    with ctx.Pool(workers, initializer=_init_worker, initargs=(done,)) as pool:
        pending = pool.starmap_async(_work, [(job, i, workers) for i in range(workers)])
        while not pending.ready():
            pending.wait(0.2)
            if progress is not None:
                progress(min(done.value, total), total)
        shares = pending.get()
    if progress is not None:
        progress(total, total)
    first, *rest = shares
    for share in rest:
        first.add(share)
    return first


def audit(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    as_of: _dt.date | str,
    group_by: Sequence[str] = (),
    buckets: Sequence[int] = (20, 40, 60, 80, 100),
    target: float | None = None,
    strict: bool = False,
    mapping: str | os.PathLike[str] | None = None,
    date_format: str | None = None,
    ruleset_options: Mapping[str, Mapping[str, Any]] | None = None,
    on_case: Callable[[CaseResult], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
    grouped: bool | None = None,
    workers: int | None = None,
) -> AuditReport:
    """Audit every case in ``inputs`` at ``as_of``; return the reconciled summary.

    ``group_by``: columns to tabulate by (e.g. ``["team"]``), carried on each case.
    ``buckets``: working-day band edges for the histogram (ascending). ``target``: the
    on-time rate to compare against (0..1). ``strict``: raise :class:`AuditError` at the
    first rejected row or case instead of going on. ``mapping``: a wide-format mapping file
    (see :mod:`statdeadline.wide`); without it inputs are long format. ``date_format``: a
    ``strptime`` format for dates that are not ISO. ``ruleset_options``: per rule-set id,
    ``load_ruleset`` options (a council's conventions). ``on_case``: called with each
    :class:`CaseResult` as it is done. ``progress``: called as ``(rows_done, rows_total)``.
    ``grouped``: whether each case's rows are contiguous (default: checked).
    ``workers``: processes to share the cases between (default: up to 4, one per core, for
    inputs of 200,000 rows or more; 1 otherwise). Several are used only without
    ``on_case`` and ``strict``, which need the cases one by one in input order; each worker
    reads the inputs and replays the cases whose id hashes to it, and the tallies are
    added up, so the result is the same whatever the number of workers.
    """

    day = parse_date(as_of, "as_of")
    edges = [int(b) for b in buckets]
    if edges != sorted(set(edges)) or any(b < 0 for b in edges):
        raise InvalidArgumentError(
            "buckets", list(buckets), "ascending, distinct whole numbers >= 0"
        )
    if target is not None and not 0 <= target <= 1:
        raise InvalidArgumentError("target", target, "a fraction from 0 to 1 (0.8 for 80%)")
    paths = [Path(p) for p in inputs]
    if not paths:
        raise InvalidArgumentError("inputs", [], "at least one input file")
    for p in paths:
        if not p.is_file():
            raise AuditError(f"{p}: no such file", str(p))
    if mapping is not None:
        wide = load_mapping(mapping)

        date_format = date_format or wide.date_format
        read: Callable[[Path], Iterator[_Row]] = wide.rows

        def wide_ids(p: Path) -> Iterator[str | None]:
            return (row.data.get("case_id") for row in wide.rows(p))

        ids: Callable[[Path], Iterator[str | None]] = wide_ids
    else:
        read = _read_long
        ids = _case_ids

    def all_rows() -> Iterator[_Row]:
        for p in paths:
            yield from read(p)

    total = 0
    if grouped is None or progress is not None or workers is None:
        all_grouped, total = _prescan(cid for p in paths for cid in ids(p))
        if grouped is None:
            grouped = all_grouped

    evaluator = _Evaluator(day, group_by, date_format, ruleset_options or {})
    if workers is None:
        workers = min(4, os.cpu_count() or 1) if total >= _PARALLEL_ROWS else 1
    if workers > 1 and on_case is None and not strict:
        job = _Job(
            paths, mapping, day, tuple(group_by), date_format, dict(ruleset_options or {}), grouped
        )
        state = _run_parallel(job, workers, total, progress)
        for name in state.names:
            with contextlib.suppress(StatDeadlineError):  # a bad one is a rejection already
                evaluator.ruleset(name)
        evaluator.ignored |= state.ignored
    else:
        one = _Pass(evaluator, tuple(group_by), paths, strict, on_case)
        done = 0
        for cid, rows in _group_rows(all_rows(), grouped):
            one.feed(cid, rows)
            done += len(rows)
            if progress is not None:
                progress(done, total)
        state = one.share()
    counts, tallies, rejections, file_rows = (
        state.counts,
        state.tallies,
        state.rejections,
        state.file_rows,
    )
    assert counts["rows_read"] == counts["rows_used"] + counts["rows_rejected"]
    assert counts["cases_read"] == counts["cases_audited"] + counts["cases_rejected"]
    file_order = {str(p): i for i, p in enumerate(paths)}  # rejections listed in file order
    rejections.sort(key=lambda r: (file_order.get(r.file, len(file_order)), r.line or 0))

    bands = _bands(edges)
    summary = []
    for (rid, clock, gkey), t in sorted(
        tallies.items(),
        key=lambda kv: (kv[0][0], _clock_order(evaluator.by_id[kv[0][0]], kv[0][1]), kv[0][2]),
    ):
        s = t.statuses
        decided = s["met"] + s["met_late"] + s["overdue"]
        rate = s["met"] / decided if decided else None
        hist = {}
        for label, lo, hi in bands:
            hist[label] = sum(
                n for v, n in t.taken.items() if (lo is None or v >= lo) and (hi is None or v <= hi)
            )
        met_total = sum(t.taken.values())
        summary.append(
            SummaryRow(
                ruleset=rid,
                clock=clock,
                label=t.label,
                kind=t.kind,
                group=dict(gkey),
                deadlines=sum(s.values()),
                met=s["met"],
                met_late=s["met_late"],
                overdue=s["overdue"],
                open=s["pending"] + s["due_soon"],
                expired=s["expired"],
                cancelled=s["cancelled"],
                superseded=s["superseded"],
                on_time_rate=rate,
                target=target,
                target_met=(rate >= target)
                if (rate is not None and target is not None and kind_info(t.kind).in_on_time_rate)
                else None,
                wd_mean=(sum(v * n for v, n in t.taken.items()) / met_total) if met_total else None,
                wd_median=_median(t.taken),
                wd_p90=_percentile(t.taken, 0.9),
                histogram=hist,
                extensions_used=t.extensions,
                backstop_breaches=t.backstop,
            )
        )
    meta = {
        "library_version": __version__,
        "as_of": day.isoformat(),
        "generated_by": "statdeadline.audit",
        "options": {
            "group_by": list(group_by),
            "buckets": edges,
            "target": target,
            "strict": strict,
            "format": "wide" if mapping is not None else "long",
            "mapping": str(mapping) if mapping is not None else None,
            "date_format": date_format,
            "ruleset_options": {k: dict(v) for k, v in (ruleset_options or {}).items()},
        },
        "ignored_columns": sorted(evaluator.ignored),
        "inputs": [
            {"path": str(p), "rows": file_rows[str(p)], "sha256": _sha256(p)} for p in paths
        ],
        "rulesets": {
            rid: {
                "version": rs.version,
                "layers": list(rs.layers),
                "division": rs.division,
                "conventions": {k: v.value for k, v in rs.conventions.items()},
                "calendar_fingerprint": rs.calendar.fingerprint,
                "local_calendar_fingerprint": rs.local_calendar.fingerprint,
            }
            for rid, rs in sorted(evaluator.by_id.items())
        },
    }
    return AuditReport(meta, dict(counts), tuple(summary), tuple(rejections))


def _clock_order(rs: RuleSet, clock: str) -> int:
    return list(rs.clocks).index(clock) if clock in rs.clocks else len(rs.clocks)
