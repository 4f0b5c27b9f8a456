"""Working-day arithmetic for the UK's bank-holiday divisions: :class:`WorkingDayCalendar`.

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
* Month arithmetic (:mod:`.periods`) names its end convention (``corresponding`` or
  ``commencing``) and its roll (``none``, ``next``, ``previous``); nothing is implied.

Every calendar answers in O(1) from its index (:mod:`.index`). ``add_working_days`` and
``working_days_between`` take plain in-range, in-horizon arguments down a short fast
path (two list look-ups); anything else goes down a checked path that says what is wrong.
"""

from __future__ import annotations

import datetime as _dt
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

from ..exceptions import (
    BeyondHorizonError,
    DateOutOfRangeError,
    HorizonWarning,
    InvalidArgumentError,
    UnknownDivisionError,
    horizon_message,
)
from .bank_holidays import DIVISION_CODES, DIVISIONS, division_name
from .batch import BatchQueries
from .dates import (
    HORIZON_POLICIES,
    MAX_DATE,
    MIN_DATE,
    HorizonPolicy,
    check_choice,
    date,
    parse_date,
    parse_int,
)
from .index import HolidaySource, build_index
from .overrides import CalendarOverrides, combined_overrides
from .periods import PeriodQueries
from .reasons import ReasonQueries


class WorkingDayCalendar(PeriodQueries, BatchQueries, ReasonQueries):
    """Working days for one UK division, with optional overrides and a horizon.

    Build one with :meth:`for_division`; calendars are immutable and cheap to build after
    the first for a given division and overrides (the index is cached in the process, and
    the bank holidays it is built from in a file cache across processes: :mod:`.cache`).

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
        "_last",
        "_nwork",
        "_shift",
        "_source",
        "_span",
        "_top",
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
        _source: HolidaySource | None = None,
    ) -> None:
        if _source is None:  # (a calendar from_holidays is named by its source's label)
            name = division_name(division)
            if name is None:
                raise UnknownDivisionError(division, (*DIVISIONS, *sorted(DIVISION_CODES)))
            division = name
        if overrides is None:
            overrides = CalendarOverrides()
        elif not isinstance(overrides, CalendarOverrides):
            raise InvalidArgumentError("overrides", overrides, "a CalendarOverrides")
        if authoritative_until is None:
            authoritative_until = date.today().year + 1
        authoritative_until = parse_int(authoritative_until, "authoritative_until")
        if not MIN_DATE.year <= authoritative_until <= MAX_DATE.year:
            raise InvalidArgumentError(
                "authoritative_until",
                authoritative_until,
                f"a year from {MIN_DATE.year} to {MAX_DATE.year}",
            )
        check_choice(horizon_policy, "horizon_policy", HORIZON_POLICIES)
        index = build_index(division, overrides, _source)
        self._source = _source
        self.division = division
        self.overrides = overrides
        self.authoritative_until = authoritative_until
        self.horizon_policy = horizon_policy
        self._index = index
        self._base = index.base
        self._span = index.span
        self._before = index.before
        self._working = index.working
        self._nwork = len(index.working) - 1
        self._hi = index.base + index.span - 1
        self._horizon_ord = (
            self._hi + 1
            if horizon_policy == "ignore"
            else date(authoritative_until, 12, 31).toordinal()
        )
        # What the fast paths use. A day's offset i = ordinal - _shift runs 1.._span over
        # the supported range; _before[i] counts the working days up to and including it,
        # and _working[m] is the m-th working day. _top: the last offset inside both the
        # range and the horizon; _last: the number of working days up to it.
        self._shift = index.base - 1
        self._top = min(self._span, self._horizon_ord - self._shift)
        self._last = self._before[self._top]

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
        return cls(
            division,
            combined_overrides(non_working, working, overrides),
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
            _source=self._source,
        )

    @classmethod
    def from_holidays(
        cls,
        holidays: Any,
        *,
        non_working: Mapping[Any, str] | Iterable[Any] | None = None,
        working: Mapping[Any, str] | Iterable[Any] | None = None,
        overrides: CalendarOverrides | None = None,
        authoritative_until: int | None = None,
        horizon_policy: HorizonPolicy = "warn",
    ) -> WorkingDayCalendar:
        """A calendar whose bank holidays are those of ``holidays``, any
        ``holidays.HolidayBase`` (``holidays.UK(subdiv="ENG", years=...)`` with a council's
        own closure days added), for the years it holds (:mod:`.from_holidays`), plus our
        overrides as in :meth:`for_division`. Its ``division`` is the label
        ``holidays:<country>[-<subdivision>]:<first year>-<last year>``, and
        ``authoritative_until`` defaults to (and may not pass) the object's last year.
        """
        from .from_holidays import holiday_source

        source, horizon = holiday_source(holidays, authoritative_until)
        return cls(
            source.label,
            combined_overrides(non_working, working, overrides),
            authoritative_until=horizon,
            horizon_policy=horizon_policy,
            _source=source,
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
        return self._key() == other._key()

    def _key(self) -> tuple[Any, ...]:
        return (
            self.division,
            self.overrides,
            self.authoritative_until,
            self.horizon_policy,
            self._source,
        )

    def __hash__(self) -> int:
        return hash(self._key())

    # ------------------------------------------------------------------ properties

    @property
    def fingerprint(self) -> str:
        """SHA-256 (hex) of the division, every non-working weekday and every override.

        It does not depend on holiday names or on the ``holidays`` version, only on the
        dates, so two runs that agree on every date agree on the fingerprint (and it is
        the same whether the bank holidays came from the file cache or from ``holidays``).
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

    def _horizon(self, o: int, stacklevel: int = 3) -> None:
        """Apply the horizon policy to a computation that looked at ordinal ``o``;
        ``stacklevel`` 3 places a warning at the caller of the method that called this."""
        d = date.fromordinal(o)
        if self.horizon_policy == "raise":
            raise BeyondHorizonError(d, self.authoritative_until, self.division)
        message = horizon_message(d, self.authoritative_until, self.division)
        warnings.warn(message, HorizonWarning, stacklevel=stacklevel)

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
        i = o - self._shift
        return self._before[i] != self._before[i - 1]

    def add_working_days(self, d: _dt.date | str, n: int) -> _dt.date:
        """The ``n``-th working day after ``d`` (before it, for negative ``n``).

        Order of operations: ``d`` is day 0 and never counted, working or not; count ``n``
        working days forward (or ``-n`` backward); return that day. ``n == 0`` returns
        ``d`` itself, even when ``d`` is not a working day (use
        :meth:`next_working_day` to roll). Errors are checked in this order: ``d``'s type,
        ``n``'s type, ``d`` in the supported range, the result in it, then the horizon
        (for a forward count the result's date, for a backward one ``d``'s).

        >>> cal = WorkingDayCalendar.for_division("england-and-wales", authoritative_until=2100)
        >>> cal.add_working_days(date(2024, 3, 30), 1)   # Saturday: Easter Monday skipped too
        datetime.date(2024, 4, 2)
        >>> cal.add_working_days(date(2024, 4, 2), -1)   # back over Easter to Maundy Thursday
        datetime.date(2024, 3, 28)
        >>> cal.add_working_days(date(2024, 3, 30), 0)
        datetime.date(2024, 3, 30)
        >>> cal.add_working_days(date(2100, 12, 30), 5)
        Traceback (most recent call last):
        ...
        statdeadline.exceptions.DateOutOfRangeError: result: 2100-12-30 + 5 working days \
is outside the supported range 1990-01-01 .. 2100-12-31
        """
        # The fast path: plain arguments, d within range and the result within range
        # and horizon (one check on the day's offset, one on the result's number).
        if type(d) is date and type(n) is int:
            i = d.toordinal() - self._shift
            if n > 0:
                if i > 0:
                    try:
                        m = self._before[i] + n
                        if m <= self._last:
                            return self._working[m]
                    except IndexError:  # d is after MAX_DATE
                        pass
            elif n < 0 and 0 < i <= self._top:
                m = self._before[i - 1] + 1 + n
                if m > 0:
                    return self._working[m]
        return self._add_working_days(d, n)

    def _add_working_days(self, d: _dt.date | str, n: int) -> _dt.date:
        """:meth:`add_working_days` with every check in order, for what the fast path
        does not answer; a horizon warning is placed at the caller of that method."""
        if type(d) is not date:
            d = parse_date(d, "d")
        if type(n) is not int:
            n = parse_int(n, "n")
        i = d.toordinal() - self._shift
        if not 0 < i <= self._span:
            raise DateOutOfRangeError("d", d, MIN_DATE, MAX_DATE)
        if n > 0:
            m = self._before[i] + n  # the count up to d, plus n
            if m > self._nwork:
                raise self._result_out_of_range(d, n)
            if m > self._last:
                self._horizon(self._working[m].toordinal(), stacklevel=4)
            return self._working[m]
        if n < 0:
            m = self._before[i - 1] + 1 + n  # the last working day before d is day -1
            if m < 1:
                raise self._result_out_of_range(d, n)
            if i > self._top:
                self._horizon(d.toordinal(), stacklevel=4)
            return self._working[m]
        return d

    def working_days_between(self, a: _dt.date | str, b: _dt.date | str) -> int:
        """Working days in ``(a, b]``: after ``a``, up to and including ``b``.

        Negative when ``b < a`` (then it is minus the count in ``(b, a]``); 0 when equal.
        For ``n >= 0``, ``working_days_between(d, add_working_days(d, n)) == n``. Errors
        are checked in this order: ``a``'s type, ``b``'s type, ``a`` in the supported
        range, ``b`` in it, then the horizon (the later of the two).

        >>> cal = WorkingDayCalendar.for_division("england-and-wales", authoritative_until=2100)
        >>> cal.working_days_between(date(2024, 12, 20), date(2025, 1, 3))   # Christmas week
        7
        >>> cal.working_days_between(date(2025, 1, 3), date(2024, 12, 20))
        -7
        """
        # The fast path: two plain dates, both within range and horizon.
        if type(a) is date and type(b) is date:
            i = a.toordinal() - self._shift
            j = b.toordinal() - self._shift
            top = self._top
            if 0 < i <= top and 0 < j <= top:
                return self._before[j] - self._before[i]
        return self._working_days_between(a, b)

    def _working_days_between(self, a: _dt.date | str, b: _dt.date | str) -> int:
        """:meth:`working_days_between` with every check in order."""
        if type(a) is not date:
            a = parse_date(a, "a")
        if type(b) is not date:
            b = parse_date(b, "b")
        i = a.toordinal() - self._shift
        j = b.toordinal() - self._shift
        if not 0 < i <= self._span:
            raise DateOutOfRangeError("a", a, MIN_DATE, MAX_DATE)
        if not 0 < j <= self._span:
            raise DateOutOfRangeError("b", b, MIN_DATE, MAX_DATE)
        top = (i if i > j else j) + self._shift
        if top > self._horizon_ord:
            self._horizon(top, stacklevel=4)
        return self._before[j] - self._before[i]

    def next_working_day(self, d: _dt.date | str, include_self: bool = True) -> _dt.date:
        """``d`` if it is a working day and ``include_self``; else the first working day after.

        >>> cal = WorkingDayCalendar.for_division("england-and-wales", authoritative_until=2100)
        >>> cal.next_working_day(date(2024, 12, 25))
        datetime.date(2024, 12, 27)
        """
        return self._nearest_working_day(d, include_self, 1)

    def previous_working_day(self, d: _dt.date | str, include_self: bool = True) -> _dt.date:
        """``d`` if it is a working day and ``include_self``; else the last working day before.

        >>> cal = WorkingDayCalendar.for_division("england-and-wales", authoritative_until=2100)
        >>> cal.previous_working_day(date(2024, 12, 26))
        datetime.date(2024, 12, 24)
        """
        return self._nearest_working_day(d, include_self, -1)

    def _nearest_working_day(self, d: _dt.date | str, include_self: bool, step: int) -> _dt.date:
        o = self._ordinal(d, "d")
        i = o - self._shift
        if include_self and self._before[i] != self._before[i - 1]:
            if o > self._horizon_ord:
                self._horizon(o, stacklevel=4)
            return date.fromordinal(o)
        return self.add_working_days(date.fromordinal(o), step)
