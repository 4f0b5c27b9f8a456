"""What an answer rests on: :class:`NonWorkingDay` (a day and why) and :class:`Explanation`
(a worked ``add_working_days``). Plain data with their text and JSON-safe forms; the
calendar (:mod:`.working_days`) fills them in.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, NamedTuple

import attrs

from .dates import WEEKDAY_NAMES


class NonWorkingDay(NamedTuple):
    """A day that is not a working day, and why (``"Saturday"``, ``"Good Friday"``...)."""

    date: _dt.date
    reason: str

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.reason}"


@attrs.frozen
class Explanation:
    """A worked answer for ``add_working_days``: the result and every day skipped.

    ``skipped`` lists each non-working day strictly between ``start`` and ``result``,
    with its reason; ``start_reason`` says why ``start`` is not a working day, when it
    is not (the count still starts after it). ``forecast`` is true when the result
    depends on bank holidays past the calendar's authoritative horizon.
    """

    start: _dt.date
    days: int
    result: _dt.date
    division: str
    skipped: tuple[NonWorkingDay, ...]
    start_reason: str | None
    fingerprint: str
    forecast: bool = False

    def __str__(self) -> str:
        sign = "+" if self.days >= 0 else "-"
        unit = "working day" if abs(self.days) == 1 else "working days"
        lines = [
            f"{self.start.isoformat()} {sign} {abs(self.days)} {unit} = "
            f"{self.result.isoformat()} ({self.division})"
        ]
        note = f" is not a working day ({self.start_reason})" if self.start_reason else ""
        weekday = WEEKDAY_NAMES[self.start.weekday()]
        lines.append(f"  day 0: {self.start.isoformat()} ({weekday}){note}; not counted")
        if self.skipped:
            lines.append(f"  skipped {len(self.skipped)} non-working day(s):")
            lines.extend(f"    {d}" for d in self.skipped)
        else:
            lines.append("  skipped no non-working days")
        if self.days:
            lines.append(
                f"  day {abs(self.days)}: {self.result.isoformat()} "
                f"({WEEKDAY_NAMES[self.result.weekday()]})"
            )
        if self.forecast:
            lines.append("  note: depends on bank holidays not yet proclaimed (forecast)")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of every field; dates as ISO strings."""
        return {
            "start": self.start.isoformat(),
            "days": self.days,
            "result": self.result.isoformat(),
            "division": self.division,
            "skipped": [{"date": d.date.isoformat(), "reason": d.reason} for d in self.skipped],
            "start_reason": self.start_reason,
            "fingerprint": self.fingerprint,
            "forecast": self.forecast,
        }
