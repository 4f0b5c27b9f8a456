"""An event recorded on a case: what happened, on which day, with which fields."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

__all__ = ["NO_FIELDS", "Event"]

#: The fields of an event recorded without any (read-only, so one can be shared).
NO_FIELDS: Mapping[str, Any] = MappingProxyType({})


class Event(NamedTuple):
    """A dated fact about a case: the event id, its date, optional time and fields.

    >>> Event("received", _dt.date(2024, 3, 28), {"grounds_arose": _dt.date(2024, 1, 2)}).to_dict()
    {'event': 'received', 'date': '2024-03-28', 'grounds_arose': '2024-01-02'}
    """

    id: str
    date: _dt.date
    fields: Mapping[str, Any] = NO_FIELDS
    time: _dt.time | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: ``{"event": ..., "date": ..., "time"?: ..., **fields}``; the time
        is ``"HH:MM"``, or ``"HH:MM:SS[.ffffff]"`` when it has seconds."""
        out: dict[str, Any] = {"event": self.id, "date": self.date.isoformat()}
        t = self.time
        if t is not None:  # "HH:MM", with the seconds only when there are some
            out["time"] = t.isoformat("minutes" if not (t.second or t.microsecond) else "auto")
        for k, v in self.fields.items():
            out[k] = v.isoformat() if isinstance(v, _dt.date) else v
        return out
