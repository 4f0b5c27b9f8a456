"""Plain-text layout shared by the text writers and the command line."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["grid", "versions_text"]


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
