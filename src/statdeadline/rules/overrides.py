"""Calendar overrides read from rule files and YAML: every problem with file, line and key."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..calendar import MAX_DATE, MIN_DATE, CalendarOverrides, parse_date
from ..exceptions import InvalidArgumentError, RuleSetError, RuleSetIssue
from .yamlfile import line_of, load_yaml_file

__all__ = ["load_overrides", "overrides_from_data"]

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # a closure is a whole day, never a timestamp


def overrides_from_data(
    data: Any, source: str = "<overrides>", base_path: str = ""
) -> CalendarOverrides:
    """Build :class:`CalendarOverrides` from parsed YAML/JSON data.

    The shape is ``{"non_working": [{"date": ..., "reason": ...}], "working": [...]}``;
    both keys optional. Every problem is reported at once as a :class:`RuleSetError` with
    file, line and key path.
    """
    issues: list[RuleSetIssue] = []
    prefix = f"{base_path}." if base_path else ""
    if not isinstance(data, Mapping):
        # The built-in type's name: "list", not the loader's LineList subclass.
        found = next(t.__name__ for t in type(data).__mro__ if t.__module__ == "builtins")
        raise RuleSetError(
            [RuleSetIssue(source, line_of(data), base_path, f"must be a mapping, got {found}")]
        )
    for key in data:
        if key not in ("non_working", "working"):
            issues.append(
                RuleSetIssue(
                    source,
                    line_of(data, key),
                    f"{prefix}{key}",
                    "unknown key; allowed: non_working, working",
                )
            )
    parsed: dict[str, list[tuple[_dt.date, str]]] = {"non_working": [], "working": []}
    for kind in ("non_working", "working"):
        items = data.get(kind, [])
        if items is None:
            items = []
        if not isinstance(items, list):
            issues.append(
                RuleSetIssue(source, line_of(data, kind), f"{prefix}{kind}", "must be a list")
            )
            continue
        for i, item in enumerate(items):
            day = _day(item, line_of(items, i), f"{prefix}{kind}[{i}]", source, issues)
            if day is not None:
                parsed[kind].append(day)
    if issues:
        raise RuleSetError(issues)
    try:
        return CalendarOverrides.of(parsed["non_working"], parsed["working"])
    except InvalidArgumentError as exc:
        raise RuleSetError([RuleSetIssue(source, line_of(data), base_path, str(exc))]) from None


def _day(
    item: Any, line: int | None, where: str, source: str, issues: list[RuleSetIssue]
) -> tuple[_dt.date, str] | None:
    """One ``{date, reason}`` entry, or ``None`` with its problems added to ``issues``."""
    if not isinstance(item, Mapping):
        issues.append(RuleSetIssue(source, line, where, "must be a mapping with date and reason"))
        return None
    extra = sorted(set(item) - {"date", "reason"}, key=str)
    if extra:
        issues.append(
            RuleSetIssue(source, line, where, f"unknown key(s) {extra}; allowed: date, reason")
        )

    def bad(key: str, message: str) -> None:
        at = line_of(item, key) if key in item else line
        issues.append(RuleSetIssue(source, at, f"{where}.{key}", message))

    raw = item.get("date")
    try:
        if isinstance(raw, _dt.datetime) or (isinstance(raw, str) and not _DAY.fullmatch(raw)):
            raise InvalidArgumentError("date", raw, "a day")  # a closure is a whole day
        d = parse_date(raw, "date")
    except InvalidArgumentError:
        bad("date", f"must be a date YYYY-MM-DD, got {raw!r}")
        return None
    if not MIN_DATE <= d <= MAX_DATE:
        bad("date", f"must be from {MIN_DATE} to {MAX_DATE}, got {d}")
        return None
    reason = item.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        bad("reason", f"must be a non-empty string, got {reason!r}")
        return None
    return d, reason


def load_overrides(path: str | Path) -> CalendarOverrides:
    """Load calendar overrides from a YAML file.

    The file looks like::

        non_working:
          - {date: 2026-12-24, reason: Council closure day}
        working:
          - {date: 2026-12-29, reason: Offices open}

    Errors name the file, line and key path.
    """
    data = load_yaml_file(path)
    return overrides_from_data(data if data is not None else {}, str(path))
