"""Plain-text layout shared by the text writers and the command line."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["grid", "horizon_text", "versions_text"]


def horizon_text(meta: Mapping[str, Any]) -> str | None:
    """The warning a report opens with when some of its cases' deadlines rest on bank
    holidays not yet proclaimed (``meta["warnings"]``, counted once per case whatever
    the number of workers), else ``None``.

    >>> horizon_text({"warnings": {"cases": 2, "distinct": 4, "examples": [
    ...     {"message": "2029-05-04 is after 2027, the last year ...", "cases": 1}]}})
    'warning: 2 case(s) rest on bank holidays not yet proclaimed (4 distinct warning(s), the first: 2029-05-04 is after 2027, the last year ...); their due dates may move when those holidays are proclaimed'
    """
    summary = meta.get("warnings") or {}
    if not summary.get("cases"):
        return None
    first = summary["examples"][0]["message"] if summary.get("examples") else None
    return (
        f"warning: {summary['cases']} case(s) rest on bank holidays not yet proclaimed ("
        f"{summary.get('distinct', 0)} distinct warning(s)"
        + (f", the first: {first}" if first else "")
        + "); their due dates may move when those holidays are proclaimed"
    )


def versions_text(info: Mapping[str, Any]) -> str:
    """A rule set's version as a report's provenance gives it (``info``: its entry in
    the audit's ``meta["rulesets"]``): the one version its cases were judged under, or
    each of several with its cases.

    >>> versions_text({"version": "2.1.0", "versions": {"2.1.0": 30}})
    '2.1.0'
    >>> versions_text({"version": "2.1.0", "versions": {"1.1.0": 12, "2.1.0": 30}})
    '1.1.0 (12 cases), 2.1.0 (30 cases)'
    """
    used = info.get("versions") or {}
    if len(used) <= 1:
        return str(info.get("version"))
    return ", ".join(f"{v} ({n} case{'' if n == 1 else 's'})" for v, n in used.items())


def grid(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned columns two spaces apart under a header and a rule, trailing spaces
    trimmed.

    >>> print("\\n".join(grid(["id", "n"], [["a", "10"], ["bcd", "2"]])))
    id   n
    ---  --
    a    10
    bcd  2
    """
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(header), line(["-" * w for w in widths]), *[line(r) for r in rows]]
