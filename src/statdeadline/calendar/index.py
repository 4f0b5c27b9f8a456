"""The index: every lookup a calendar makes, precomputed once per division and overrides.

For each day from :data:`MIN_DATE` to :data:`MAX_DATE` the index holds the count of
working days before it, and it lists the working days themselves as ``date`` objects, so
that every calendar query is one or two list look-ups (see :mod:`.working_days`).

Building an index needs the division's bank holidays. Deriving them from ``holidays``
means importing it and expanding 111 years of rules (tens of milliseconds); so they are
kept in the file cache (:mod:`.cache`) under the installed ``holidays`` version and
:data:`.bank_holidays.DATA_VERSION`, and a later process reads them back instead. The
index, and so the fingerprint, is the same whichever way the holidays were found
(tested). Within a process each index is built once per division and overrides.
"""

from __future__ import annotations

import functools
import itertools
import re

import attrs

from .bank_holidays import DATA_VERSION, holiday_names, holidays_version
from .dates import MAX_DATE, MIN_DATE, date
from .overrides import CalendarOverrides

_BASE = MIN_DATE.toordinal()
_SPAN = MAX_DATE.toordinal() - _BASE + 1


@attrs.frozen(eq=False)
class Index:
    """Precomputed working-day data for one division and set of overrides."""

    base: int  # ordinal of MIN_DATE
    span: int  # number of days covered
    #: before[i]: the number of working days in [MIN_DATE, MIN_DATE + i days), so up to
    #: and including the day at offset i from MIN_DATE - 1 day; span + 1 items.
    before: list[int]
    #: working[m]: the m-th working day from MIN_DATE (1-based, ascending); working[0] is
    #: a placeholder, the day before MIN_DATE, that no query returns.
    working: list[date]
    reasons: dict[int, str]  # ordinal -> reason, for non-working weekdays
    extra_working: dict[int, str]  # ordinal -> reason, for days forced to be working
    fingerprint: str


def _plausible(names: dict[int, str]) -> bool:
    """Every day is a weekday in the supported range (what :func:`holiday_names` gives)."""
    return all(_BASE <= o < _BASE + _SPAN and (o + 6) % 7 < 5 for o in names)


def weekday_holidays(division: str) -> dict[int, str]:
    """:func:`holiday_names` of ``division``, read from the file cache when it holds them
    for the installed ``holidays`` version (and saved there when it does not)."""
    # Imported here, when a calendar is first built: the file cache needs json, hashlib,
    # tempfile and pathlib, which ``import statdeadline`` should not pay for.
    from . import cache

    folder = cache.cache_folder()
    version = holidays_version() if folder is not None else None
    if folder is None or version is None:
        return holiday_names(division)
    key = {
        "division": division,
        "holidays": version,
        "data": DATA_VERSION,
        "first": MIN_DATE.isoformat(),
        "last": MAX_DATE.isoformat(),
    }
    name = f"holidays-{division}-{re.sub(r'[^0-9A-Za-z.+-]', '_', version)}-v{DATA_VERSION}"
    names = cache.load(folder, name, key)
    if names is not None and _plausible(names):
        return names
    names = holiday_names(division)
    cache.save(folder, name, key, names)
    return names


def _fingerprint(
    division: str,
    reasons: dict[int, str],
    extra_working: dict[int, str],
    overrides: CalendarOverrides,
) -> str:
    """SHA-256 of the division, its non-working weekdays and the override dates."""
    import hashlib  # when a calendar is built, not when statdeadline is imported

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
    return h.hexdigest()


@attrs.frozen
class HolidaySource:
    """Bank holidays given rather than looked up (:meth:`WorkingDayCalendar.from_holidays`):
    ``label`` names where they came from (it is the calendar's ``division`` and goes into
    its fingerprint), ``days`` are the weekday holidays as sorted (ordinal, name) pairs."""

    label: str
    days: tuple[tuple[int, str], ...]


@functools.lru_cache(maxsize=64)
def build_index(
    division: str, overrides: CalendarOverrides, source: HolidaySource | None = None
) -> Index:
    """The index of ``division`` (a key of :data:`.bank_holidays.SUBDIVISIONS`, or with
    ``source`` its label and its holidays) with ``overrides`` applied: an extra working
    day is working whatever else it is; an extra non-working weekday is not; every other
    weekday is working unless a bank holiday."""
    reasons = dict(weekday_holidays(division) if source is None else source.days)
    for d, reason in overrides.non_working:
        if d.weekday() < 5:
            reasons[d.toordinal()] = reason
    extra_working = {d.toordinal(): r for d, r in overrides.working}
    for o in extra_working:
        reasons.pop(o, None)

    # One flag a day: the weekday pattern from MIN_DATE's weekday, then the exceptions.
    week = bytes(1 if (MIN_DATE.weekday() + k) % 7 < 5 else 0 for k in range(7))
    flags = bytearray((week * (_SPAN // 7 + 1))[:_SPAN])
    for o in reasons:
        flags[o - _BASE] = 0
    for o in extra_working:
        flags[o - _BASE] = 1
    before = [0, *itertools.accumulate(flags)]
    days = itertools.compress(range(_BASE, _BASE + _SPAN), flags)
    working = [date.fromordinal(_BASE - 1), *map(date.fromordinal, days)]
    fingerprint = _fingerprint(division, reasons, extra_working, overrides)
    return Index(_BASE, _SPAN, before, working, reasons, extra_working, fingerprint)
