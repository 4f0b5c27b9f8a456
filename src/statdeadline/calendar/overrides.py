"""Override days: extra non-working days and extra working days, each with a reason.

A :class:`CalendarOverrides` is plain, hashable data; the index (:mod:`.index`) applies it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ..exceptions import DateOutOfRangeError, InvalidArgumentError
from .dates import MAX_DATE, MIN_DATE, date, parse_date


def _as_day_map(
    value: Mapping[Any, str] | Iterable[Any] | None, argument: str
) -> tuple[tuple[_dt.date, str], ...]:
    """Normalise overrides to a sorted tuple of (date, reason) pairs."""
    if value is None:
        return ()
    if isinstance(value, (str, date)) or not isinstance(value, Iterable):
        raise InvalidArgumentError(
            argument,
            value,
            "a mapping {date: reason}, or an iterable of dates or (date, reason) pairs",
        )
    items: Iterable[Any] = value.items() if isinstance(value, Mapping) else value
    out: dict[_dt.date, str] = {}
    for item in items:
        if isinstance(item, (date, str)):
            d, reason = parse_date(item, argument), ""
        else:
            try:
                raw_d, reason = item
            except (TypeError, ValueError):
                raise InvalidArgumentError(
                    argument, item, "a date, or a (date, reason) pair"
                ) from None
            d = parse_date(raw_d, argument)
            if not isinstance(reason, str):
                raise InvalidArgumentError(f"{argument}[{d}]", reason, "a reason string")
        if not MIN_DATE <= d <= MAX_DATE:
            raise DateOutOfRangeError(argument, d, MIN_DATE, MAX_DATE)
        out[d] = reason or ("extra non-working day" if "non" in argument else "extra working day")
    return tuple(sorted(out.items()))


@attrs.frozen
class CalendarOverrides:
    """Days that differ from the bank-holiday data, each with the reason shown in explanations.

    ``non_working``: extra non-working days (a bank holiday proclaimed after the
    ``holidays`` release you run; a council's closure days). ``working``: days that are
    working days whatever the data says. A date may not be in both. Both change the
    calendar's fingerprint.
    """

    non_working: tuple[tuple[_dt.date, str], ...] = ()
    working: tuple[tuple[_dt.date, str], ...] = ()

    @classmethod
    def of(
        cls,
        non_working: Mapping[Any, str] | Iterable[Any] | None = None,
        working: Mapping[Any, str] | Iterable[Any] | None = None,
    ) -> CalendarOverrides:
        """Build from mappings ``{date: reason}`` or iterables of dates or (date, reason)."""
        nw = _as_day_map(non_working, "non_working")
        w = _as_day_map(working, "working")
        both = sorted({d for d, _ in nw} & {d for d, _ in w})
        if both:
            raise InvalidArgumentError(
                "working",
                [d.isoformat() for d in both],
                "dates that are not also extra non-working days",
                "overrides: "
                + ", ".join(d.isoformat() for d in both)
                + " declared both working and non-working",
            )
        return cls(nw, w)

    def merged(self, other: CalendarOverrides) -> CalendarOverrides:
        """These overrides plus ``other``'s; ``other`` wins where a date is in both."""
        nw = dict(self.non_working)
        w = dict(self.working)
        for d, r in other.non_working:
            w.pop(d, None)
            nw[d] = r
        for d, r in other.working:
            nw.pop(d, None)
            w[d] = r
        return CalendarOverrides(tuple(sorted(nw.items())), tuple(sorted(w.items())))

    def to_dict(self) -> dict[str, list[dict[str, str]]]:
        """The plain-data (JSON-safe) form, the same shape as the YAML file."""
        return {
            "non_working": [{"date": d.isoformat(), "reason": r} for d, r in self.non_working],
            "working": [{"date": d.isoformat(), "reason": r} for d, r in self.working],
        }


def combined_overrides(
    non_working: Mapping[Any, str] | Iterable[Any] | None,
    working: Mapping[Any, str] | Iterable[Any] | None,
    overrides: CalendarOverrides | None,
) -> CalendarOverrides:
    """``overrides`` with the keyword days merged in (they win)."""
    if overrides is not None and not isinstance(overrides, CalendarOverrides):
        raise InvalidArgumentError(
            "overrides",
            overrides,
            "a CalendarOverrides (read a YAML file with statdeadline.load_overrides(path))",
        )
    base = overrides if overrides is not None else CalendarOverrides()
    if non_working is not None or working is not None:
        base = base.merged(CalendarOverrides.of(non_working, working))
    return base
