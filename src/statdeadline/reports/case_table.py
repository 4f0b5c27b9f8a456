"""A case's deadlines as a plain-text table: one line per deadline (due date, status,
when met, citation), then the case's warnings, and with ``explain`` how each due date
was worked out."""

from __future__ import annotations

from typing import TextIO

from ..engine import Case, Deadline, Deadlines
from .registry import CASE_DEADLINES, register
from .text import grid

__all__ = ["render_case_table", "write_case_table"]


def _citation(d: Deadline) -> str:
    return f"{d.citation.source} {d.citation.ref} [{d.citation.confidence}]"


def render_case_table(case: Case, ds: Deadlines, explain: bool = False) -> str:
    """The table, headed by the rule set, case, state and as-of date."""
    rs = case.ruleset
    who = f", case {case.case_id}" if case.case_id is not None else ""
    lines = [f"{rs.id} {rs.version}{who}: state {ds.state}, as of {ds.meta.as_of.isoformat()}"]
    rows = [
        [
            d.clock + (f" #{d.instance}" if d.instance > 1 else ""),
            d.due.isoformat() if d.due else "-",
            d.status + (" (paused)" if d.paused else ""),
            d.met_on.isoformat() if d.met_on else "-",
            _citation(d),
        ]
        for d in ds
    ]
    if rows:
        lines += grid(["clock", "due", "status", "met on", "citation"], rows)
    else:
        lines.append("no deadline has started")
    if ds.warnings:
        lines += ["", f"warnings ({len(ds.warnings)}):", *[f"  {w}" for w in ds.warnings]]
    if explain:
        for d in ds:
            lines += ["", str(d.explanation)]
    return "\n".join(lines)


def write_case_table(case: Case, deadlines: Deadlines, out: TextIO, *, explain: bool) -> None:
    """:func:`render_case_table` and a newline."""
    out.write(render_case_table(case, deadlines, explain) + "\n")


register("table", ".txt", CASE_DEADLINES, "a table", write_case_table)
