"""The batch forms of the calendar's counts: many dates in one call, for audits.

:class:`BatchQueries` is a mixin of :class:`.working_days.WorkingDayCalendar`; it reads
the calendar's index through the attributes :class:`_Indexed` names, and answers each
item exactly as the scalar method would, errors naming the item's position.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any, Protocol, overload

from ..exceptions import DateOutOfRangeError, InvalidArgumentError
from .arrays import add_many, between_many, is_array
from .dates import MAX_DATE, MIN_DATE, as_sequence, date, parse_date, parse_int


class _Indexed(Protocol):
    """What the batch forms use of a calendar (see ``WorkingDayCalendar.__init__``)."""

    _base: int
    _hi: int
    _shift: int
    _before: list[int]
    _working: list[_dt.date]
    _nwork: int
    _last: int
    _horizon_ord: int
    _index: Any

    def _horizon(self, o: int, stacklevel: int = 3) -> None: ...

    def _result_out_of_range(
        self, d: _dt.date, n: int, argument: str = "result"
    ) -> DateOutOfRangeError: ...


def _batch_ordinals(cal: _Indexed, dates: Any, argument: str) -> list[int]:
    """The ordinals of ``dates``, each parsed and range-checked; an error names its item."""
    dates = as_sequence(dates, argument)
    if set(map(type, dates)) <= {date}:
        ords = [d.toordinal() for d in dates]
    else:
        ords = [parse_date(d, f"{argument}[{k}]").toordinal() for k, d in enumerate(dates)]
    if ords:
        lo, hi = min(ords), max(ords)
        if lo < cal._base or hi > cal._hi:
            k, bad = next((k, o) for k, o in enumerate(ords) if not cal._base <= o <= cal._hi)
            raise DateOutOfRangeError(f"{argument}[{k}]", date.fromordinal(bad), MIN_DATE, MAX_DATE)
    return ords


class DateArray(Protocol):
    """What the type checker sees of a numpy ``datetime64[D]`` array (numpy is optional)."""

    @property
    def dtype(self) -> Any: ...

    @property
    def ndim(self) -> int: ...


class BatchQueries:
    """``add_working_days_many`` and ``working_days_between_many``."""

    __slots__ = ()

    @overload
    def add_working_days_many(self: _Indexed, dates: DateArray, n: int) -> Any: ...

    @overload
    def add_working_days_many(
        self: _Indexed, dates: Iterable[_dt.date | str], n: int
    ) -> list[_dt.date]: ...

    def add_working_days_many(
        self: _Indexed, dates: Iterable[_dt.date | str] | DateArray, n: int
    ) -> list[_dt.date] | Any:
        """:meth:`add_working_days` for many start dates at once (same ``n``), in order.

        The same rules and errors as the scalar form; an error names the position
        (``dates[17]``). The horizon policy applies once per call, to the latest result
        (or, counting back, the latest start). A numpy ``datetime64[D]`` array gives a
        ``datetime64[D]`` array (:mod:`.arrays`; numpy is imported only then).
        """
        n = parse_int(n, "n")
        if is_array(dates):
            return add_many(self, dates, n)
        ords = _batch_ordinals(self, dates, "dates")
        if not ords or n == 0:
            return [date.fromordinal(o) for o in ords]
        before = self._before
        working = self._working  # working[m]: the m-th working day
        shift = self._shift  # before[o - shift]: working days up to and including o
        if n > 0:
            top = before[max(ords) - shift] + n
            if top > self._nwork:
                k = next(k for k, o in enumerate(ords) if before[o - shift] + n > self._nwork)
                raise self._result_out_of_range(date.fromordinal(ords[k]), n, f"result[{k}]")
            if top > self._last:
                self._horizon(working[top].toordinal())
            return [working[before[o - shift] + n] for o in ords]
        back = shift + 1  # before[o - back]: working days before o
        m = n + 1  # the last working day before o is day -1
        if before[min(ords) - back] + m < 1:
            k = next(k for k, o in enumerate(ords) if before[o - back] + m < 1)
            raise self._result_out_of_range(date.fromordinal(ords[k]), n, f"result[{k}]")
        if max(ords) > self._horizon_ord:
            self._horizon(max(ords))
        return [working[before[o - back] + m] for o in ords]

    @overload
    def working_days_between_many(
        self: _Indexed, starts: DateArray, ends: DateArray | Iterable[_dt.date | str]
    ) -> Any: ...

    @overload
    def working_days_between_many(
        self: _Indexed, starts: Iterable[_dt.date | str], ends: DateArray
    ) -> Any: ...

    @overload
    def working_days_between_many(
        self: _Indexed, starts: Iterable[_dt.date | str], ends: Iterable[_dt.date | str]
    ) -> list[int]: ...

    def working_days_between_many(
        self: _Indexed,
        starts: Iterable[_dt.date | str] | DateArray,
        ends: Iterable[_dt.date | str] | DateArray,
    ) -> list[int] | Any:
        """:meth:`working_days_between` pairwise over two equal-length sequences; when
        either is a numpy ``datetime64[D]`` array, an ``int64`` array (:mod:`.arrays`)."""
        if is_array(starts) or is_array(ends):
            return between_many(self, starts, ends)
        a = _batch_ordinals(self, starts, "starts")
        b = _batch_ordinals(self, ends, "ends")
        if len(a) != len(b):
            raise InvalidArgumentError("ends", len(b), f"as many dates as starts ({len(a)})")
        if a:
            top = max(max(a), max(b))
            if top > self._horizon_ord:
                self._horizon(top)
        before = self._before
        shift = self._shift
        return [before[j - shift] - before[i - shift] for i, j in zip(a, b, strict=True)]
