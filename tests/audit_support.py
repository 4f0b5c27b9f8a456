"""What the audit and report tests share: writing an input CSV, a file's SHA-256 (as the
report's meta records it) and finding one line of a report's summary."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from statdeadline.audit import AuditReport, SummaryRow

#: How the meta says a plain UTF-8, comma-separated CSV input (or a JSON Lines one) was read.
CSV_READ = {"format": "csv", "encoding": "utf-8-sig", "delimiter": ",", "note": None}
JSONL_READ = {"format": "jsonl", "encoding": "utf-8-sig", "delimiter": None, "note": None}


def write_rows(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> Path:
    """``rows`` under ``header`` as CSV at ``path`` (short rows padded with empty cells)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(list(r) + [""] * (len(header) - len(r)))
    return path


def sha256(path: Path) -> str:
    """The file's SHA-256, hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def row_for(report: AuditReport, clock: str, **group: str) -> SummaryRow:
    """The one summary line of ``clock`` for exactly this group."""
    found = [r for r in report.summary if r.clock == clock and dict(r.group) == group]
    assert len(found) == 1, [(r.clock, dict(r.group)) for r in report.summary]
    return found[0]


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting to be reaped does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status
