"""The UK's bank-holiday divisions, and their weekday bank holidays from ``holidays``.

Bank holidays come from the ``holidays`` package (``GB`` with subdivision ``ENG``,
``SCT`` or ``NIR``; ``united-kingdom`` is their union, as FOI Act s.10(6) defines a
working day). ``holidays`` also lists the weekend date of a holiday that is substituted
to a weekday; only weekdays matter here, so those entries are dropped. The result
matches the published gov.uk lists for every division and year 2012-2028 (tested).

``holidays`` is imported only inside :func:`holiday_names`: importing statdeadline, or
building a calendar whose holidays are in the file cache (:mod:`.cache`), never imports
it.
"""

from __future__ import annotations

import functools

from .dates import MAX_DATE, MIN_DATE

#: The divisions a calendar can be built for, sorted.
DIVISIONS: tuple[str, ...] = (
    "england-and-wales",
    "northern-ireland",
    "scotland",
    "united-kingdom",
)

#: The ``holidays`` subdivisions of ``GB`` whose bank holidays each division observes.
SUBDIVISIONS: dict[str, tuple[str, ...]] = {
    "england-and-wales": ("ENG",),
    "scotland": ("SCT",),
    "northern-ireland": ("NIR",),
    "united-kingdom": ("ENG", "SCT", "NIR"),
}
#: python-holidays' codes for the divisions, accepted wherever a division name is: its
#: subdivisions of ``GB`` (England and Wales share one list of bank holidays, so ``ENG``
#: and ``WLS`` both mean england-and-wales) and ``UK``, the union of all three.
DIVISION_CODES: dict[str, str] = {
    "ENG": "england-and-wales",
    "NIR": "northern-ireland",
    "SCT": "scotland",
    "UK": "united-kingdom",
    "WLS": "england-and-wales",
}


#: Every name a division may be given by: :data:`DIVISIONS`, then the codes, sorted.
DIVISION_NAMES: tuple[str, ...] = (*DIVISIONS, *sorted(DIVISION_CODES))


def division_name(value: object) -> str | None:
    """The division ``value`` names (one of :data:`DIVISIONS` or :data:`DIVISION_CODES`),
    or ``None``.

    >>> division_name("WLS"), division_name("scotland"), division_name("england")
    ('england-and-wales', 'scotland', None)
    """
    if not isinstance(value, str):
        return None
    return value if value in SUBDIVISIONS else DIVISION_CODES.get(value)


_SUBDIVISION_NAMES = {"ENG": "England and Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}

#: The version of what :func:`holiday_names` derives from a given ``holidays`` release.
#: Bump it whenever a change here could change its result (names, dates, the supported
#: range), so that holidays cached by an older statdeadline are not reused.
DATA_VERSION = 1


@functools.cache
def holidays_version() -> str | None:
    """The installed ``holidays`` distribution's version, read from its metadata (without
    importing it), or None when the metadata cannot be found. Read once per process: the
    ``holidays`` a process has imported does not change when a newer one is installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("holidays")
    except PackageNotFoundError:
        return None


def holiday_names(division: str) -> dict[int, str]:
    """Weekday bank holidays of ``division`` from :data:`MIN_DATE` to :data:`MAX_DATE`:
    ordinal -> name.

    A weekend holiday is dropped (its weekday substitute is listed separately, with
    ``"(observed)"`` renamed ``"(substitute day)"``). Where a day has several names they
    are joined with ``"; "``. In ``united-kingdom`` a holiday of only some subdivisions
    names them: ``"Easter Monday (England and Wales, Northern Ireland)"``.
    """
    import holidays  # deferred: importing statdeadline must not import holidays

    subdivs = SUBDIVISIONS[division]
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
                name += " (" + ", ".join(_SUBDIVISION_NAMES[s] for s in where) + ")"
            parts.append(name)
        out[ordinal] = "; ".join(parts)
    return out
