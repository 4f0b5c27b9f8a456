"""Working-day arithmetic for the UK's bank-holiday divisions.

This module knows dates, weekends and bank holidays; it knows nothing of complaints.

Conventions (each a named, explicit choice):

* A **working day** is Monday to Friday, not a bank holiday in the calendar's division,
  not an extra non-working day, or any day declared an extra working day.
* ``add_working_days(d, n)`` returns **the n-th working day after d**. ``d`` itself is
  never counted (it is "day 0"), whether or not it is a working day: for a Saturday ``d``,
  the following Monday is day 1. ``n < 0`` counts backwards the same way; ``n == 0``
  returns ``d`` unchanged.
* ``working_days_between(a, b)`` counts working days in the half-open interval
  ``(a, b]``: ``a`` excluded, ``b`` included; negative when ``b < a``.
* Month arithmetic names its end convention (``corresponding`` or ``commencing``) and its
  roll (``none``, ``next``, ``previous``); nothing is implied.

Bank holidays come from the ``holidays`` package (``GB`` with subdivision ``ENG``,
``SCT`` or ``NIR``; ``united-kingdom`` is their union, as FOI Act s.10(6) defines a
working day). ``holidays`` also lists the weekend date of a holiday that is substituted
to a weekday; only weekdays matter here, so those entries change nothing. The result
matches the published gov.uk lists for every division and year 2012-2028 (tested).

Every calendar answers in O(1): it precomputes, once per division and overrides, the
count of working days before each day from 1990-01-01 to 2100-12-31 and the ordinal of
each working day.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, NamedTuple

import attrs

from ..exceptions import (
    BeyondHorizonError,
    DateOutOfRangeError,
    HorizonWarning,
    InvalidArgumentError,
    UnknownDivisionError,
    horizon_message,
)

date = _dt.date

__all__ = [
    "DIVISIONS",
    "MAX_DATE",
    "MIN_DATE",
    "CalendarOverrides",
    "Explanation",
    "NonWorkingDay",
    "WorkingDayCalendar",
    "parse_date",
]

#: The divisions a calendar can be built for, sorted.
DIVISIONS: tuple[str, ...] = (
    "england-and-wales",
    "northern-ireland",
    "scotland",
    "united-kingdom",
)

#: The first and last dates any calendar supports. Outside them there is no holiday data
#: we trust, so computations raise :class:`DateOutOfRangeError` instead of guessing.
MIN_DATE = date(1990, 1, 1)
MAX_DATE = date(2100, 12, 31)

_SUBDIVS: dict[str, tuple[str, ...]] = {
    "england-and-wales": ("ENG",),
    "scotland": ("SCT",),
    "northern-ireland": ("NIR",),
    "united-kingdom": ("ENG", "SCT", "NIR"),
}
_SUBDIV_NAMES = {"ENG": "England and Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

HorizonPolicy = Literal["warn", "raise", "ignore"]
MonthEnd = Literal["corresponding", "commencing"]
Roll = Literal["none", "next", "previous"]
_HORIZON_POLICIES = ("ignore", "raise", "warn")
_MONTH_ENDS = ("commencing", "corresponding")
_ROLLS = ("next", "none", "previous")


class NonWorkingDay(NamedTuple):
    """A day that is not a working day, and why (``"Saturday"``, ``"Good Friday"``...)."""

    date: _dt.date
    reason: str

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.reason}"


def parse_date(value: Any, argument: str = "date") -> _dt.date:
    """Return ``value`` as a :class:`datetime.date`.

    Accepted: a ``date`` (but not a ``datetime``: its time would be silently dropped, and
    a time of day can matter for receipt cut-offs; pass ``.date()`` explicitly), or an ISO
    8601 calendar-date string ``YYYY-MM-DD``. Anything else raises
    :class:`InvalidArgumentError` naming ``argument``.

    >>> parse_date("2024-02-29")
    datetime.date(2024, 2, 29)
    >>> parse_date("29/02/2024", "received")
    Traceback (most recent call last):
    ...
    statdeadline.exceptions.InvalidArgumentError: received: expected a date or an ISO date \
string 'YYYY-MM-DD', got '29/02/2024'
    """
    if type(value) is date:
        return value
    if isinstance(value, _dt.datetime):
        raise InvalidArgumentError(
            argument,
            value,
            "a date, not a datetime",
            f"{argument}: expected a date, got the datetime {value!r}; "
            "pass value.date() to drop the time",
        )
    if isinstance(value, date):  # a date subclass that is not a datetime
        return date(value.year, value.month, value.day)
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise InvalidArgumentError(
                argument,
                value,
                "a real calendar date",
                f"{argument}: {value!r} is not a date ({exc})",
            ) from None
    raise InvalidArgumentError(argument, value, "a date or an ISO date string 'YYYY-MM-DD'")


def _parse_int(value: Any, argument: str) -> int:
    if type(value) is int:
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgumentError(argument, value, "an integer")
    return int(value)


def _check_choice(value: Any, argument: str, allowed: Sequence[str]) -> Any:
    if value not in allowed:
        raise InvalidArgumentError(
            argument,
            value,
            "one of: " + ", ".join(allowed),
            f"unknown {argument} {value!r}; expected one of: {', '.join(allowed)}",
        )
    return value


def _as_sequence(value: Any, argument: str) -> Sequence[Any]:
    """``value`` as a list or tuple of items; one date or string, or a non-iterable, is refused."""
    if isinstance(value, (list, tuple)):
        return value
    if isinstance(value, (str, date)) or not isinstance(value, Iterable):
        raise InvalidArgumentError(argument, value, "an iterable of dates")
    return list(value)


def _shift_months(d: _dt.date, n: int) -> _dt.date | None:
    """The same day of the month ``n`` months from ``d``, or that month's last day if it is
    shorter (what ``dateutil.relativedelta(months=n)`` gives; tested against it). ``None``
    when the result is outside the years ``date`` can hold."""
    months = d.year * 12 + (d.month - 1) + n
    year, month = divmod(months, 12)
    if not _dt.MINYEAR <= year <= _dt.MAXYEAR:
        return None
    month += 1
    if month == 2:
        last = 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    else:
        last = 30 if month in (4, 6, 9, 11) else 31
    return date(year, month, d.day if d.day <= last else last)


# --------------------------------------------------------------------------- overrides


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


# --------------------------------------------------------------------------- the index


@attrs.frozen
class _Index:
    """Precomputed working-day data for one division and set of overrides."""

    base: int  # ordinal of MIN_DATE
    span: int  # number of days covered
    before: list[int]  # before[i] = working days in [MIN_DATE, MIN_DATE + i)
    working: list[int]  # ordinals of working days, ascending
    reasons: dict[int, str]  # ordinal -> reason, for non-working weekdays
    extra_working: dict[int, str]  # ordinal -> reason, for days forced to be working
    fingerprint: str


def _holiday_names(division: str) -> dict[int, str]:
    """Weekday bank holidays of ``division`` in the supported range: ordinal -> name."""
    import holidays  # deferred: importing statdeadline must not import holidays

    subdivs = _SUBDIVS[division]
    years = range(MIN_DATE.year, MAX_DATE.year + 1)
    found: dict[int, dict[str, list[str]]] = {}
    for subdiv in subdivs:
        hols = holidays.country_holidays("GB", subdiv=subdiv, years=years)
        for d, names in hols.items():
            if d.weekday() >= 5:
                continue  # a weekend original; its weekday substitute is listed separately
            for name in names.split("; "):
                name = name.replace("(observed)", "(substitute day)")
                found.setdefault(d.toordinal(), {}).setdefault(name, []).append(subdiv)
    out: dict[int, str] = {}
    for ordinal, by_name in found.items():
        parts = []
        for name, where in by_name.items():
            if len(subdivs) > 1 and len(where) < len(subdivs):
                name += " (" + ", ".join(_SUBDIV_NAMES[s] for s in where) + ")"
            parts.append(name)
        out[ordinal] = "; ".join(parts)
    return out


@functools.lru_cache(maxsize=64)
def _build_index(division: str, overrides: CalendarOverrides) -> _Index:
    base = MIN_DATE.toordinal()
    end = MAX_DATE.toordinal()
    span = end - base + 1
    reasons = _holiday_names(division)
    for d, reason in overrides.non_working:
        o = d.toordinal()
        if d.weekday() < 5:
            reasons[o] = reason
    extra_working = {d.toordinal(): r for d, r in overrides.working}
    for o in extra_working:
        reasons.pop(o, None)

    before = [0] * (span + 1)
    working: list[int] = []
    append = working.append
    count = 0
    # MIN_DATE's weekday, then walk once; this is the only day-by-day loop, run at build.
    wd = MIN_DATE.weekday()
    for i in range(span):
        o = base + i
        if o in extra_working or (wd < 5 and o not in reasons):
            append(o)
            count += 1
        before[i + 1] = count
        wd = wd + 1 if wd < 6 else 0

    h = hashlib.sha256()
    h.update(f"statdeadline-calendar/1|{division}|{MIN_DATE}|{MAX_DATE}|".encode())
    iso = date.fromordinal
    h.update(("H:" + ",".join(iso(o).isoformat() for o in sorted(reasons))).encode())
    h.update(("|W:" + ",".join(iso(o).isoformat() for o in sorted(extra_working))).encode())
    if overrides.non_working:
        # Every extra non-working day, weekends included (a Saturday closure changes no
        # count, but it is an override and overrides change the fingerprint). Only added
        # when present, so calendars without overrides keep their fingerprints.
        h.update(("|N:" + ",".join(d.isoformat() for d, _ in overrides.non_working)).encode())
    return _Index(base, span, before, working, reasons, extra_working, h.hexdigest())


# --------------------------------------------------------------------------- explanation


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
        weekday = _WEEKDAY_NAMES[self.start.weekday()]
        lines.append(f"  day 0: {self.start.isoformat()} ({weekday}){note}; not counted")
        if self.skipped:
            lines.append(f"  skipped {len(self.skipped)} non-working day(s):")
            lines.extend(f"    {d}" for d in self.skipped)
        else:
            lines.append("  skipped no non-working days")
        if self.days:
            lines.append(
                f"  day {abs(self.days)}: {self.result.isoformat()} "
                f"({_WEEKDAY_NAMES[self.result.weekday()]})"
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


# --------------------------------------------------------------------------- calendar


class WorkingDayCalendar:
    """Working days for one UK division, with optional overrides and a horizon.

    Build one with :meth:`for_division`; calendars are immutable and cheap to build after
    the first for a given division and overrides (the index is cached).

    >>> cal = WorkingDayCalendar.for_division("england-and-wales", authoritative_until=2100)
    >>> cal.add_working_days(date(2024, 3, 28), 1)   # Good Friday and Easter Monday skipped
    datetime.date(2024, 4, 2)
    >>> cal.working_days_between(date(2024, 3, 28), date(2024, 4, 2))
    1
    """

    __slots__ = (
        "_base",
        "_before",
        "_hi",
        "_horizon_ord",
        "_index",
        "_nwork",
        "_span",
        "_working",
        "authoritative_until",
        "division",
        "horizon_policy",
        "overrides",
    )

    division: str
    overrides: CalendarOverrides
    authoritative_until: int
    horizon_policy: HorizonPolicy

    def __init__(
        self,
        division: str = "england-and-wales",
        overrides: CalendarOverrides | None = None,
        *,
        authoritative_until: int | None = None,
        horizon_policy: HorizonPolicy = "warn",
    ) -> None:
        if not isinstance(division, str) or division not in _SUBDIVS:
            raise UnknownDivisionError(division, DIVISIONS)
        if overrides is None:
            overrides = CalendarOverrides()
        elif not isinstance(overrides, CalendarOverrides):
            raise InvalidArgumentError("overrides", overrides, "a CalendarOverrides")
        if authoritative_until is None:
            authoritative_until = date.today().year + 1
        authoritative_until = _parse_int(authoritative_until, "authoritative_until")
        if not MIN_DATE.year <= authoritative_until <= MAX_DATE.year:
            raise InvalidArgumentError(
                "authoritative_until",
                authoritative_until,
                f"a year from {MIN_DATE.year} to {MAX_DATE.year}",
            )
        _check_choice(horizon_policy, "horizon_policy", _HORIZON_POLICIES)
        index = _build_index(division, overrides)
        self.division = division
        self.overrides = overrides
        self.authoritative_until = authoritative_until
        self.horizon_policy = horizon_policy
        self._index = index
        self._base = index.base
        self._span = index.span
        self._before = index.before
        self._working = index.working
        self._nwork = len(index.working)
        self._hi = index.base + index.span - 1
        self._horizon_ord = (
            self._hi + 1
            if horizon_policy == "ignore"
            else date(authoritative_until, 12, 31).toordinal()
        )

    @classmethod
    def for_division(
        cls,
        division: str = "england-and-wales",
        *,
        non_working: Mapping[Any, str] | Iterable[Any] | None = None,
        working: Mapping[Any, str] | Iterable[Any] | None = None,
        overrides: CalendarOverrides | None = None,
        authoritative_until: int | None = None,
        horizon_policy: HorizonPolicy = "warn",
    ) -> WorkingDayCalendar:
        """A calendar for ``division``: one of :data:`DIVISIONS`.

        ``non_working`` / ``working`` add override days (``{date: reason}`` or an iterable
        of dates or (date, reason) pairs); ``overrides`` may also be a
        :class:`CalendarOverrides` (for a YAML file, ``statdeadline.load_overrides(path)``:
        the calendar itself reads no files); when both are given, the keyword days win.
        ``authoritative_until`` is the last year whose bank holidays are treated as
        proclaimed (default: next year); ``horizon_policy`` says what happens when a
        computation looks past it: ``"warn"`` (a :class:`HorizonWarning`), ``"raise"``
        (:class:`BeyondHorizonError`) or ``"ignore"``.
        """
        if overrides is not None and not isinstance(overrides, CalendarOverrides):
            raise InvalidArgumentError(
                "overrides",
                overrides,
                "a CalendarOverrides (read a YAML file with statdeadline.load_overrides(path))",
            )
        base = overrides if overrides is not None else CalendarOverrides()
        if non_working is not None or working is not None:
            base = base.merged(CalendarOverrides.of(non_working, working))
        return cls(
            division,
            base,
            authoritative_until=authoritative_until,
            horizon_policy=horizon_policy,
        )

    def with_options(
        self,
        *,
        authoritative_until: int | None = None,
        horizon_policy: HorizonPolicy | None = None,
    ) -> WorkingDayCalendar:
        """A copy with another horizon or horizon policy (the index is shared)."""
        return WorkingDayCalendar(
            self.division,
            self.overrides,
            authoritative_until=(
                self.authoritative_until if authoritative_until is None else authoritative_until
            ),
            horizon_policy=self.horizon_policy if horizon_policy is None else horizon_policy,
        )

    def __repr__(self) -> str:
        extra = ""
        if self.overrides.non_working or self.overrides.working:
            extra = (
                f", overrides=+{len(self.overrides.non_working)} non-working/"
                f"+{len(self.overrides.working)} working"
            )
        return (
            f"WorkingDayCalendar({self.division!r}{extra}, "
            f"authoritative_until={self.authoritative_until}, "
            f"horizon_policy={self.horizon_policy!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkingDayCalendar):
            return NotImplemented
        return (self.division, self.overrides, self.authoritative_until, self.horizon_policy) == (
            other.division,
            other.overrides,
            other.authoritative_until,
            other.horizon_policy,
        )

    def __hash__(self) -> int:
        return hash((self.division, self.overrides, self.authoritative_until, self.horizon_policy))

    # ------------------------------------------------------------------ properties

    @property
    def fingerprint(self) -> str:
        """SHA-256 (hex) of the division, every non-working weekday and every override.

        It does not depend on holiday names or on the ``holidays`` version, only on the
        dates, so two runs that agree on every date agree on the fingerprint.
        """
        return self._index.fingerprint

    @property
    def first_date(self) -> _dt.date:
        """The earliest date this calendar supports (:data:`MIN_DATE`)."""
        return MIN_DATE

    @property
    def last_date(self) -> _dt.date:
        """The latest date this calendar supports (:data:`MAX_DATE`)."""
        return MAX_DATE

    # ------------------------------------------------------------------ helpers

    def _ordinal(self, d: Any, argument: str) -> int:
        if type(d) is not date:
            d = parse_date(d, argument)
        o: int = d.toordinal()
        if not self._base <= o <= self._hi:
            raise DateOutOfRangeError(argument, d, MIN_DATE, MAX_DATE)
        return o

    def _horizon(self, o: int) -> None:
        """Apply the horizon policy to a computation that looked at ordinal ``o``."""
        d = date.fromordinal(o)
        if self.horizon_policy == "raise":
            raise BeyondHorizonError(d, self.authoritative_until, self.division)
        message = horizon_message(d, self.authoritative_until, self.division)
        warnings.warn(message, HorizonWarning, stacklevel=3)

    def _result_out_of_range(
        self, d: _dt.date, n: int, argument: str = "result"
    ) -> DateOutOfRangeError:
        return DateOutOfRangeError(
            argument, f"{d} {'+' if n >= 0 else '-'} {abs(n)} working days", MIN_DATE, MAX_DATE
        )

    # ------------------------------------------------------------------ queries

    def is_working_day(self, d: _dt.date | str) -> bool:
        """True if ``d`` is a working day in this calendar.

        >>> cal = WorkingDayCalendar.for_division("scotland", authoritative_until=2100)
        >>> cal.is_working_day(date(2024, 8, 5)), cal.is_working_day(date(2024, 8, 26))
        (False, True)
        """
        o = self._ordinal(d, "d")
        if o > self._horizon_ord:
            self._horizon(o)
        i = o - self._base
        return self._before[i + 1] != self._before[i]

    def non_working_reason(self, d: _dt.date | str) -> str | None:
        """Why ``d`` is not a working day (``"Saturday"``, ``"Christmas Day"``), or None."""
        o = self._ordinal(d, "d")
        if o > self._horizon_ord:
            self._horizon(o)
        return self._reason(o)

    def _reason(self, o: int) -> str | None:
        idx = self._index
        if o in idx.extra_working:
            return None
        reason = idx.reasons.get(o)
        if reason is not None:
            return reason
        wd = date.fromordinal(o).weekday()
        if wd >= 5:
            extra = next((r for d, r in self.overrides.non_working if d.toordinal() == o), None)
            return _WEEKDAY_NAMES[wd] + (f"; {extra}" if extra else "")
        return None

    def add_working_days(self, d: _dt.date | str, n: int) -> _dt.date:
        """The ``n``-th working day after ``d`` (before it, for negative ``n``).

        Order of operations: ``d`` is day 0 and never counted, working or not; count ``n``
        working days forward (or ``-n`` backward); return that day. ``n == 0`` returns
        ``d`` itself, even when ``d`` is not a working day (use
        :meth:`next_working_day` to roll).

        >>> cal = WorkingDayCalendar.for_division("england-and-wales", authoritative_until=2100)
        >>> cal.add_working_days(date(2024, 3, 30), 1)   # Saturday: Easter Monday skipped too
        datetime.date(2024, 4, 2)
        >>> cal.add_working_days(date(2024, 4, 2), -1)   # back over Easter to Maundy Thursday
        datetime.date(2024, 3, 28)
        >>> cal.add_working_days(date(2024, 3, 30), 0)
        datetime.date(2024, 3, 30)
        """
        if type(d) is not date:
            d = parse_date(d, "d")
        if type(n) is not int:
            n = _parse_int(n, "n")
        i = d.toordinal() - self._base
        if not 0 <= i < self._span:
            raise DateOutOfRangeError("d", d, MIN_DATE, MAX_DATE)
        if n > 0:
            k = self._before[i + 1] + n - 1
            if k >= self._nwork:
                raise self._result_out_of_range(d, n)
            o = self._working[k]
            if o > self._horizon_ord:
                self._horizon(o)
            return date.fromordinal(o)
        if n < 0:
            k = self._before[i] + n
            if k < 0:
                raise self._result_out_of_range(d, n)
            if i + self._base > self._horizon_ord:
                self._horizon(i + self._base)
            return date.fromordinal(self._working[k])
        return d

    def working_days_between(self, a: _dt.date | str, b: _dt.date | str) -> int:
        """Working days in ``(a, b]``: after ``a``, up to and including ``b``.

        Negative when ``b < a`` (then it is minus the count in ``(b, a]``); 0 when equal.
        For ``n >= 0``, ``working_days_between(d, add_working_days(d, n)) == n``.

        >>> cal = WorkingDayCalendar.for_division("england-and-wales", authoritative_until=2100)
        >>> cal.working_days_between(date(2024, 12, 20), date(2025, 1, 3))   # Christmas week
        7
        >>> cal.working_days_between(date(2025, 1, 3), date(2024, 12, 20))
        -7
        """
        if type(a) is not date:
            a = parse_date(a, "a")
        if type(b) is not date:
            b = parse_date(b, "b")
        i = a.toordinal() - self._base
        j = b.toordinal() - self._base
        if not 0 <= i < self._span:
            raise DateOutOfRangeError("a", a, MIN_DATE, MAX_DATE)
        if not 0 <= j < self._span:
            raise DateOutOfRangeError("b", b, MIN_DATE, MAX_DATE)
        top = (i if i > j else j) + self._base
        if top > self._horizon_ord:
            self._horizon(top)
        return self._before[j + 1] - self._before[i + 1]

    def next_working_day(self, d: _dt.date | str, include_self: bool = True) -> _dt.date:
        """``d`` if it is a working day and ``include_self``; else the first working day after.

        >>> cal = WorkingDayCalendar.for_division("england-and-wales", authoritative_until=2100)
        >>> cal.next_working_day(date(2024, 12, 25))
        datetime.date(2024, 12, 27)
        """
        o = self._ordinal(d, "d")
        i = o - self._base
        if include_self and self._before[i + 1] != self._before[i]:
            if o > self._horizon_ord:
                self._horizon(o)
            return date.fromordinal(o)
        return self.add_working_days(date.fromordinal(o), 1)

    def previous_working_day(self, d: _dt.date | str, include_self: bool = True) -> _dt.date:
        """``d`` if it is a working day and ``include_self``; else the last working day before.

        >>> cal = WorkingDayCalendar.for_division("england-and-wales", authoritative_until=2100)
        >>> cal.previous_working_day(date(2024, 12, 26))
        datetime.date(2024, 12, 24)
        """
        o = self._ordinal(d, "d")
        i = o - self._base
        if include_self and self._before[i + 1] != self._before[i]:
            if o > self._horizon_ord:
                self._horizon(o)
            return date.fromordinal(o)
        return self.add_working_days(date.fromordinal(o), -1)

    def roll(self, d: _dt.date | str, roll: Roll) -> _dt.date:
        """Apply a roll: ``"none"`` returns ``d``; ``"next"``/``"previous"`` move a
        non-working ``d`` to the nearest working day after/before it."""
        _check_choice(roll, "roll", _ROLLS)
        if roll == "next":
            return self.next_working_day(d)
        if roll == "previous":
            return self.previous_working_day(d)
        return date.fromordinal(self._ordinal(d, "d"))

    def add_days(self, d: _dt.date | str, n: int, roll: Roll = "none") -> _dt.date:
        """``d`` plus ``n`` calendar days, then the roll.

        >>> cal = WorkingDayCalendar.for_division("england-and-wales", authoritative_until=2100)
        >>> cal.add_days(date(2024, 12, 11), 14, roll="next")   # lands on Christmas Day
        datetime.date(2024, 12, 27)
        """
        start = date.fromordinal(self._ordinal(d, "d"))
        n = _parse_int(n, "n")
        _check_choice(roll, "roll", _ROLLS)
        o = start.toordinal() + n
        if not self._base <= o <= self._hi:
            raise DateOutOfRangeError("result", f"{start} + {n} days", MIN_DATE, MAX_DATE)
        return self.roll(date.fromordinal(o), roll)

    def add_months(
        self,
        d: _dt.date | str,
        n: int,
        end: MonthEnd = "corresponding",
        roll: Roll = "none",
    ) -> _dt.date:
        """The end of a period of ``n`` calendar months from ``d``, then the roll.

        ``end="corresponding"``: the same day of the month ``n`` months on; if that month
        is too short, its last day (the UK GDPR subject-access style). ``n`` may be
        negative.

        ``end="commencing"``: a period of ``n`` months *beginning with* ``d`` (it includes
        ``d``), so it ends the day before the corresponding date; if the target month has
        no corresponding date, the period ends on that month's last day. ``n >= 1``. This
        is "six months beginning on the day on which the complaint was received".

        ``roll`` is applied last: ``"none"``, ``"next"`` or ``"previous"`` working day.

        >>> cal = WorkingDayCalendar.for_division("england-and-wales", authoritative_until=2100)
        >>> cal.add_months(date(2023, 8, 31), 6)                    # no 31 Feb: last day
        datetime.date(2024, 2, 29)
        >>> cal.add_months(date(2023, 8, 31), 6, end="commencing")  # no 31 Feb: last day
        datetime.date(2024, 2, 29)
        >>> cal.add_months(date(2024, 3, 1), 6, end="commencing")
        datetime.date(2024, 8, 31)
        >>> cal.add_months(date(2024, 2, 29), 12)                   # leap day, no 29 Feb 2025
        datetime.date(2025, 2, 28)
        >>> cal.add_months(date(2024, 3, 1), 6, end="commencing", roll="next")  # Sat 31 Aug
        datetime.date(2024, 9, 2)
        """
        start = date.fromordinal(self._ordinal(d, "d"))
        n = _parse_int(n, "n")
        _check_choice(end, "end", _MONTH_ENDS)
        _check_choice(roll, "roll", _ROLLS)
        if end == "commencing" and n < 1:
            raise InvalidArgumentError("n", n, "at least 1 month for end='commencing'")
        corresponding = _shift_months(start, n)
        if corresponding is None:
            raise DateOutOfRangeError("result", f"{start} + {n} months", MIN_DATE, MAX_DATE)
        if end == "commencing":
            # A missing day was clamped to the month's last day; in that case the period
            # ends on that last day, otherwise the day before the corresponding date.
            clamped = corresponding.day != start.day
            result = corresponding if clamped else corresponding - _dt.timedelta(1)
        else:
            result = corresponding
        if not MIN_DATE <= result <= MAX_DATE:
            raise DateOutOfRangeError("result", f"{start} + {n} months", MIN_DATE, MAX_DATE)
        return self.roll(result, roll)

    def non_working_days(self, a: _dt.date | str, b: _dt.date | str) -> list[NonWorkingDay]:
        """Every non-working day from ``a`` to ``b`` inclusive, with its reason, in date order.

        >>> cal = WorkingDayCalendar.for_division("england-and-wales", authoritative_until=2100)
        >>> for day in cal.non_working_days(date(2024, 3, 29), date(2024, 4, 1)):
        ...     print(day)
        2024-03-29 Good Friday
        2024-03-30 Saturday
        2024-03-31 Sunday
        2024-04-01 Easter Monday
        """
        lo = self._ordinal(a, "a")
        hi = self._ordinal(b, "b")
        if hi > self._horizon_ord:
            self._horizon(hi)
        out = []
        before = self._before
        base = self._base
        for o in range(lo, hi + 1):
            i = o - base
            if before[i + 1] == before[i]:
                out.append(NonWorkingDay(date.fromordinal(o), self._reason(o) or "non-working day"))
        return out

    def explain_add_working_days(self, d: _dt.date | str, n: int) -> Explanation:
        """:meth:`add_working_days` with its working: every non-working day skipped.

        >>> cal = WorkingDayCalendar.for_division("england-and-wales", authoritative_until=2100)
        >>> print(cal.explain_add_working_days(date(2024, 3, 28), 2))
        2024-03-28 + 2 working days = 2024-04-03 (england-and-wales)
          day 0: 2024-03-28 (Thursday); not counted
          skipped 4 non-working day(s):
            2024-03-29 Good Friday
            2024-03-30 Saturday
            2024-03-31 Sunday
            2024-04-01 Easter Monday
          day 2: 2024-04-03 (Wednesday)
        """
        start = parse_date(d, "d")
        n = _parse_int(n, "n")
        forecast = False
        with warnings.catch_warnings(record=True) as caught:
            if self.horizon_policy == "warn":
                warnings.simplefilter("always", HorizonWarning)
            result = self.add_working_days(start, n)
        for w in caught:
            if issubclass(w.category, HorizonWarning):
                forecast = True
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        lo, hi = (start, result) if result >= start else (result, start)
        skipped: tuple[NonWorkingDay, ...] = ()
        if (hi - lo).days > 1:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", HorizonWarning)
                skipped = tuple(self.non_working_days(lo + _dt.timedelta(1), hi - _dt.timedelta(1)))
        return Explanation(
            start=start,
            days=n,
            result=result,
            division=self.division,
            skipped=skipped,
            start_reason=self._reason(start.toordinal()),
            fingerprint=self.fingerprint,
            # Whatever the policy ("ignore" only silences it), a result past
            # authoritative_until rests on forecast bank holidays.
            forecast=forecast or hi.year > self.authoritative_until,
        )

    # ------------------------------------------------------------------ batch

    def _batch_ordinals(self, dates: Any, argument: str) -> list[int]:
        dates = _as_sequence(dates, argument)
        if set(map(type, dates)) <= {date}:
            ords = [d.toordinal() for d in dates]
        else:
            ords = [parse_date(d, f"{argument}[{k}]").toordinal() for k, d in enumerate(dates)]
        if ords:
            lo, hi = min(ords), max(ords)
            if lo < self._base or hi > self._hi:
                k, bad = next((k, o) for k, o in enumerate(ords) if not self._base <= o <= self._hi)
                raise DateOutOfRangeError(
                    f"{argument}[{k}]", date.fromordinal(bad), MIN_DATE, MAX_DATE
                )
        return ords

    def add_working_days_many(self, dates: Iterable[_dt.date | str], n: int) -> list[_dt.date]:
        """:meth:`add_working_days` for many start dates at once (same ``n``), in order.

        The same rules and errors as the scalar form; an error names the position
        (``dates[17]``). The horizon policy applies once per call, to the latest result.
        """
        n = _parse_int(n, "n")
        ords = self._batch_ordinals(dates, "dates")
        if not ords or n == 0:
            return [date.fromordinal(o) for o in ords]
        before = self._before
        working = self._working
        base = self._base
        fromordinal = date.fromordinal
        if n > 0:
            top = before[max(ords) - base + 1] + n - 1
            if top >= self._nwork:
                k = next(
                    k for k, o in enumerate(ords) if before[o - base + 1] + n - 1 >= self._nwork
                )
                raise self._result_out_of_range(date.fromordinal(ords[k]), n, f"result[{k}]")
            if working[top] > self._horizon_ord:
                self._horizon(working[top])
            shift = base - 1  # before[o - base + 1] == before[o - shift]
            m = n - 1
            return [fromordinal(working[before[o - shift] + m]) for o in ords]
        low = before[min(ords) - base] + n
        if low < 0:
            k = next(k for k, o in enumerate(ords) if before[o - base] + n < 0)
            raise self._result_out_of_range(date.fromordinal(ords[k]), n, f"result[{k}]")
        if max(ords) > self._horizon_ord:
            self._horizon(max(ords))
        return [fromordinal(working[before[o - base] + n]) for o in ords]

    def working_days_between_many(
        self, starts: Iterable[_dt.date | str], ends: Iterable[_dt.date | str]
    ) -> list[int]:
        """:meth:`working_days_between` pairwise over two equal-length sequences."""
        a = self._batch_ordinals(starts, "starts")
        b = self._batch_ordinals(ends, "ends")
        if len(a) != len(b):
            raise InvalidArgumentError("ends", len(b), f"as many dates as starts ({len(a)})")
        if a:
            top = max(max(a), max(b))
            if top > self._horizon_ord:
                self._horizon(top)
        before = self._before
        k = 1 - self._base
        return [before[j + k] - before[i + k] for i, j in zip(a, b, strict=True)]
