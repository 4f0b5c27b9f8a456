"""What the HTML report's page and charts share: escaping, number and date text, unique
element ids and the chart colours (each at least 3:1 against white, WCAG 1.4.11; text
colours 4.5:1)."""

from __future__ import annotations

import datetime as _dt
import html
from collections.abc import Iterable, Mapping
from typing import Any

from ..audit import MONTH_NAMES, SummaryRow

__all__ = [
    "BAR",
    "BAR_LOW",
    "GRID",
    "MUTED",
    "TARGET",
    "TEXT",
    "Ids",
    "by_ruleset",
    "count_text",
    "esc",
    "group_text",
    "long_date",
    "pct_text",
    "truncate",
    "wd_text",
]

# chart colours: each at least 3:1 against white (WCAG 1.4.11), text colours 4.5:1
BAR = "#1d4f91"
BAR_LOW = "#b3541e"
TARGET = "#a4262c"
GRID = "#d0d0d0"
TEXT = "#1b1b1b"
MUTED = "#545454"


def esc(value: Any) -> str:
    """Escaped text of ``value`` (``None`` as empty)."""
    return html.escape("" if value is None else str(value), quote=True)


def count_text(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def pct_text(rate: float | None) -> str:
    return "-" if rate is None else f"{rate * 100:.1f}%"


def wd_text(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def long_date(iso: str) -> str:
    try:
        d = _dt.date.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def group_text(group: Mapping[str, str]) -> str:
    return ", ".join(f"{k}: {v or '(blank)'}" for k, v in group.items())


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


class Ids:
    """Unique element ids within one page."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}-{self.n}"


def by_ruleset(rows: Iterable[SummaryRow]) -> list[tuple[str, list[SummaryRow]]]:
    out: list[tuple[str, list[SummaryRow]]] = []
    for row in rows:
        if not out or out[-1][0] != row.ruleset:
            out.append((row.ruleset, []))
        out[-1][1].append(row)
    return out
