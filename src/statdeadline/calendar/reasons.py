"""Why days are not working days, and a count with its working shown.

:class:`ReasonQueries` is a mixin of :class:`.working_days.WorkingDayCalendar`:
``non_working_reason`` (one day), ``non_working_days`` (every day of a range) and
``explain_add_working_days`` (an ``add_working_days`` with each day it skipped, an
:class:`.explanation.Explanation`). It reads the calendar's index through the attributes
:class:`_Reasoned` names; the counting itself is the calendar's own.
"""

from __future__ import annotations

import datetime as _dt
import warnings
from typing import Any, Protocol

from ..exceptions import HorizonWarning
from .dates import WEEKDAY_NAMES, HorizonPolicy, date, parse_date, parse_int
from .explanation import Explanation, NonWorkingDay
from .index import Index
from .overrides import CalendarOverrides


class _Reasoned(Protocol):
    """What the reasons use of a calendar (see ``WorkingDayCalendar.__init__``)."""

    division: str
    overrides: CalendarOverrides
    authoritative_until: int
    horizon_policy: HorizonPolicy
    _index: Index
    _before: list[int]
    _shift: int
    _horizon_ord: int

    @property
    def fingerprint(self) -> str: ...

    def _ordinal(self, d: Any, argument: str) -> int: ...

    def _horizon(self, o: int, stacklevel: int = 3) -> None: ...

    def _reason(self, o: int) -> str | None: ...

    def add_working_days(self, d: _dt.date | str, n: int) -> _dt.date: ...

    def non_working_days(self, a: _dt.date | str, b: _dt.date | str) -> list[NonWorkingDay]: ...


class ReasonQueries:
    """``non_working_reason``, ``non_working_days`` and ``explain_add_working_days``."""

    __slots__ = ()

    def non_working_reason(self: _Reasoned, d: _dt.date | str) -> str | None:
        """Why ``d`` is not a working day (``"Saturday"``, ``"Christmas Day"``), or None."""
        o = self._ordinal(d, "d")
        if o > self._horizon_ord:
            self._horizon(o)
        return self._reason(o)

    def _reason(self: _Reasoned, o: int) -> str | None:
        idx = self._index
        if o in idx.extra_working:
            return None
        reason = idx.reasons.get(o)
        if reason is not None:
            return reason
        wd = date.fromordinal(o).weekday()
        if wd >= 5:
            extra = next((r for d, r in self.overrides.non_working if d.toordinal() == o), None)
            return WEEKDAY_NAMES[wd] + (f"; {extra}" if extra else "")
        return None

    def non_working_days(
        self: _Reasoned, a: _dt.date | str, b: _dt.date | str
    ) -> list[NonWorkingDay]:
        """Every non-working day from ``a`` to ``b`` inclusive, with its reason, in date order.

        >>> from statdeadline import WorkingDayCalendar
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
        shift = self._shift
        for o in range(lo, hi + 1):
            i = o - shift
            if before[i] == before[i - 1]:
                out.append(NonWorkingDay(date.fromordinal(o), self._reason(o) or "non-working day"))
        return out

    def explain_add_working_days(self: _Reasoned, d: _dt.date | str, n: int) -> Explanation:
        """:meth:`add_working_days` with its working: every non-working day skipped.

        >>> from statdeadline import WorkingDayCalendar
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
        n = parse_int(n, "n")
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
