"""Reporting periods: which period a case or a deadline belongs to, and by which date.

A council's annual report counts the complaints of one financial year (1 April to
31 March, labelled ``2019-20``), often beside the years before it. An audit's periods are
given by :func:`period_spec`:

- ``period`` (``"2019-04-01..2020-03-31"``, or a pair of dates): one period, both ends
  included, labelled ``2019-04-01..2020-03-31``;
- ``financial_year`` (``2019``): 1 April 2019 to 31 March 2020, labelled ``2019-20``;
- ``by`` (``financial-year``, ``quarter`` or ``month``): the period(s) above cut into
  financial years, financial quarters (``2019-20 Q1`` is April to June 2019) or months
  (``2019-04``), side by side; without ``period`` or ``financial_year``, every date falls in
  the one of these it is in, however many there are;
- ``compare`` (``2``): with ``period`` or ``financial_year``, that many periods of the
  same length just before it, side by side (year on year).

Which date places a case or a deadline in a period is a named choice, :data:`PLACEMENTS`
(``placement``), shown in the report. Each case and each deadline has exactly one such
date, so it is counted in one period or, when that date is outside every period, in none:
never twice.

>>> spec = period_spec(financial_year=2019, compare=1)
>>> [p.label for p in spec.periods]
['2018-19', '2019-20']
>>> spec.place(_dt.date(2019, 3, 31)).label, spec.place(_dt.date(2020, 4, 1))
('2018-19', None)
>>> period_spec(by="quarter").place(_dt.date(2020, 1, 15)).label
'2019-20 Q4'
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from typing import Literal, cast

import attrs

from ..calendar import parse_date
from ..exceptions import InvalidArgumentError

__all__ = [
    "PERIOD_UNITS",
    "PLACEMENTS",
    "Period",
    "PeriodSpec",
    "PeriodUnit",
    "Placement",
    "fy_period",
    "period_spec",
]

#: Which date places a case and its deadlines in a period.
Placement = Literal["received", "closed"]
#: How periods are cut side by side.
PeriodUnit = Literal["financial-year", "quarter", "month"]

#: Every placement rule and what it means, as the report shows it (the first is the default).
PLACEMENTS: dict[str, str] = {
    "received": (
        "a case is placed by the date it was received (its first event), a deadline by "
        "the date its clock started"
    ),
    "closed": (
        "a case and its deadlines are placed by the date the case closed (a case still "
        "open at the as-of date: by the as-of date)"
    ),
}


@attrs.frozen(order=True)
class Period:
    """One reporting period, ``start`` to ``end`` with both included."""

    start: _dt.date
    end: _dt.date
    label: str = attrs.field(order=False)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, _dt.date) and self.start <= day <= self.end

    def to_dict(self) -> dict[str, str]:
        """JSON-safe form."""
        return {"label": self.label, "start": self.start.isoformat(), "end": self.end.isoformat()}


def _month_end(year: int, month: int) -> _dt.date:
    following = _dt.date(year + month // 12, month % 12 + 1, 1)
    return following - _dt.timedelta(days=1)


def _fy_start(day: _dt.date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def fy_period(year: int) -> Period:
    """1 April ``year`` to 31 March of the next, labelled like ``2019-20``.

    >>> fy_period(1999).label, fy_period(2019).end
    ('1999-00', datetime.date(2020, 3, 31))
    """
    return Period(_dt.date(year, 4, 1), _dt.date(year + 1, 3, 31), f"{year}-{(year + 1) % 100:02d}")


def _quarter(day: _dt.date) -> Period:
    fy = _fy_start(day)
    q = ((day.month - 4) % 12) // 3  # 0 for April to June
    first = (4 + 3 * q - 1) % 12 + 1
    year = fy if first >= 4 else fy + 1
    return Period(
        _dt.date(year, first, 1),
        _month_end(year, first + 2),
        f"{fy_period(fy).label} Q{q + 1}",
    )


def _month(day: _dt.date) -> Period:
    return Period(
        _dt.date(day.year, day.month, 1),
        _month_end(day.year, day.month),
        f"{day.year}-{day.month:02d}",
    )


#: The period a date falls in, for each way of cutting periods side by side.
PERIOD_UNITS: dict[str, Callable[[_dt.date], Period]] = {
    "financial-year": lambda day: fy_period(_fy_start(day)),
    "quarter": _quarter,
    "month": _month,
}


@attrs.frozen
class PeriodSpec:
    """An audit's reporting periods and its placement rule.

    ``periods``: the fixed periods, earliest first (empty: every date has a period, cut
    by ``by``). ``by``: how dates are cut (``None`` with ``periods``: the periods as they
    are). ``placement``: a key of :data:`PLACEMENTS`.
    """

    periods: tuple[Period, ...] = ()
    by: PeriodUnit | None = None
    placement: Placement = "received"
    #: the audit's as-of date, which places a case still open under ``closed``
    as_of: _dt.date | None = None

    def place(self, day: _dt.date | None) -> Period | None:
        """The period ``day`` is in (``None``: outside every one, or no date).

        With ``by`` and fixed periods, ``day``'s month (quarter, year) clipped to the
        fixed period containing ``day``, so that no cut straddles two fixed periods (with
        ``compare``, a month across the boundary of two compared periods is two cuts, one
        in each). A cut clipped short of its whole unit is labelled with the range it
        covers, like a ``period``'s label.

        >>> spec = period_spec(period="2025-03-10..2025-04-20", compare=1, by="month")
        >>> [p.label for p in spec.periods]
        ['2025-01-27..2025-03-09', '2025-03-10..2025-04-20']
        >>> spec.place(_dt.date(2025, 3, 5)).label, spec.place(_dt.date(2025, 3, 20)).label
        ('2025-03-01..2025-03-09', '2025-03-10..2025-03-31')
        >>> spec.place(_dt.date(2025, 2, 14)).label
        '2025-02'
        """
        if day is None:
            return None
        fixed = None
        if self.periods:
            if not self.periods[0].start <= day <= self.periods[-1].end:
                return None
            fixed = next((p for p in self.periods if day in p), None)
            if self.by is None or fixed is None:
                return fixed
        assert self.by is not None
        cut = PERIOD_UNITS[self.by](day)
        if fixed is not None and (cut.start < fixed.start or cut.end > fixed.end):
            start, end = max(cut.start, fixed.start), min(cut.end, fixed.end)
            return Period(start, end, f"{start.isoformat()}..{end.isoformat()}")
        return cut

    def layout(self, found: Iterable[Period] = ()) -> list[Period]:
        """The report's periods, earliest first, each once.

        Without ``by``: the fixed periods. With ``by`` and fixed periods: every period of
        that unit from the first fixed period's start to the last one's end, contiguous,
        each a row even when empty (a quarter with no cases is a row of zeros); the fixed
        period itself is not a row of its own beside its cuts. With ``by`` alone: the
        periods in ``found`` (those the cases and deadlines were placed in), as the
        auditor's guide says ("every one the cases fall in").

        >>> spec = period_spec(financial_year=2019, by="quarter")
        >>> [p.label for p in spec.layout()]
        ['2019-20 Q1', '2019-20 Q2', '2019-20 Q3', '2019-20 Q4']
        >>> [p.label for p in period_spec(period="2019-05-10..2019-07-05", by="month").layout()]
        ['2019-05-10..2019-05-31', '2019-06', '2019-07-01..2019-07-05']
        """
        if not self.periods:
            return sorted(set(found), key=lambda p: (p.start, p.end))
        if self.by is None:
            return list(self.periods)
        out: list[Period] = []
        day, last = self.periods[0].start, self.periods[-1].end
        while day <= last:
            cut = self.place(day)
            assert cut is not None
            out.append(cut)
            day = cut.end + _dt.timedelta(days=1)
        return out


def _parse_range(period: str | tuple[_dt.date | str, _dt.date | str]) -> Period:
    first: _dt.date | str
    last: _dt.date | str
    if isinstance(period, str):
        parts = period.split("..")
        if len(parts) != 2:
            raise InvalidArgumentError("period", period, "FIRST..LAST, e.g. 2019-04-01..2020-03-31")
        first, last = parts
    else:
        first, last = period
    start, end = parse_date(first, "period"), parse_date(last, "period")
    if end < start:
        raise InvalidArgumentError("period", period, "a first date on or before the last")
    return Period(start, end, f"{start.isoformat()}..{end.isoformat()}")


def _previous(p: Period, years: bool) -> Period:
    """The period of the same length just before ``p`` (a financial year: the year before)."""
    if years:
        return fy_period(p.start.year - 1)
    length = p.end - p.start
    end = p.start - _dt.timedelta(days=1)
    start = end - length
    return Period(start, end, f"{start.isoformat()}..{end.isoformat()}")


def period_spec(
    *,
    period: str | tuple[_dt.date | str, _dt.date | str] | None = None,
    financial_year: int | None = None,
    by: str | None = None,
    placement: str = "received",
    compare: int = 0,
    as_of: _dt.date | None = None,
) -> PeriodSpec:
    """The periods an audit's options name (see the module's docstring), checked:
    ``InvalidArgumentError`` naming the option, what it takes and what it got."""
    if placement not in PLACEMENTS:
        raise InvalidArgumentError("placement", placement, f"one of {', '.join(PLACEMENTS)}")
    if by is not None and by not in PERIOD_UNITS:
        raise InvalidArgumentError("by", by, f"one of {', '.join(PERIOD_UNITS)}")
    if period is not None and financial_year is not None:
        raise InvalidArgumentError(
            "financial_year", financial_year, "not given with period (name one or the other)"
        )
    if isinstance(compare, bool) or not isinstance(compare, int) or compare < 0:
        raise InvalidArgumentError("compare", compare, "a whole number of periods >= 0")
    if compare and period is None and financial_year is None:
        raise InvalidArgumentError(
            "compare",
            compare,
            "0 unless period or financial_year is given (periods to compare it with)",
        )
    fixed: list[Period] = []
    if financial_year is not None:
        if isinstance(financial_year, bool) or not isinstance(financial_year, int):
            raise InvalidArgumentError("financial_year", financial_year, "a year, e.g. 2019")
        if not 1901 <= financial_year <= 2099:
            raise InvalidArgumentError(
                "financial_year", financial_year, "a year from 1901 to 2099 (the calendar's range)"
            )
        fixed.append(fy_period(financial_year))
    elif period is not None:
        fixed.append(_parse_range(period))
    is_fy = financial_year is not None
    for _ in range(compare):
        fixed.insert(0, _previous(fixed[0], is_fy))
    return PeriodSpec(
        tuple(fixed), cast("PeriodUnit | None", by), cast(Placement, placement), as_of
    )
