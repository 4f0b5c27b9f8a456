"""Shared by the rule-file and schema tests."""

from __future__ import annotations

import datetime as dt
from typing import Any


def as_json(value: Any) -> Any:
    """YAML data as JSON sees it: dates become ISO strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
