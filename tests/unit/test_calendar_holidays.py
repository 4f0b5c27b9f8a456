"""python-holidays' vocabulary: its division codes wherever a division is accepted, and a
calendar built from a holidays.HolidayBase object a council configured."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from tests.cli_support import run

from statdeadline import (
    HorizonWarning,
    InvalidArgumentError,
    UnknownDivisionError,
    WorkingDayCalendar,
    load_ruleset,
)

D = dt.date


@pytest.mark.parametrize(
    ("code", "division"),
    [
        ("ENG", "england-and-wales"),
        ("WLS", "england-and-wales"),
        ("SCT", "scotland"),
        ("NIR", "northern-ireland"),
        ("UK", "united-kingdom"),
    ],
)
def test_holidays_codes_name_the_divisions(code: str, division: str) -> None:
    """A code gives the same calendar as the division's own name (equal, same fingerprint,
    and the division's name on it)."""
    a = WorkingDayCalendar(code, authoritative_until=2030)
    b = WorkingDayCalendar.for_division(division, authoritative_until=2030)
    assert (a, a.division, a.fingerprint) == (b, division, b.fingerprint)


def test_codes_are_exact() -> None:
    """Only the codes as python-holidays spells them; the message lists them too."""
    with pytest.raises(UnknownDivisionError) as info:
        WorkingDayCalendar("eng")
    assert str(info.value) == (
        "unknown division 'eng'; expected one of: england-and-wales, northern-ireland, "
        "scotland, united-kingdom, ENG, NIR, SCT, UK, WLS"
    )


def test_load_ruleset_takes_a_code_for_its_division() -> None:
    """division='UK' chooses united-kingdom, a declared alternative; 'ENG' is the default."""
    assert load_ruleset("england-children-2006", division="UK").division == "united-kingdom"
    assert load_ruleset("england-children-2006", division="ENG").division == "england-and-wales"


def _england(years: range = range(2024, 2027)) -> holidays.HolidayBase:
    return holidays.UK(subdiv="ENG", years=years)


def test_from_holidays_agrees_with_the_division_where_the_dates_do() -> None:
    """holidays.UK(subdiv='ENG') for 2024-2026 gives the same working days as
    england-and-wales in those years."""
    ours = WorkingDayCalendar("england-and-wales", authoritative_until=2026)
    theirs = WorkingDayCalendar.from_holidays(_england())
    days = [D(2024, 1, 1) + dt.timedelta(k) for k in range(3 * 365)]
    assert [theirs.is_working_day(d) for d in days] == [ours.is_working_day(d) for d in days]
    assert theirs.add_working_days(D(2024, 3, 28), 1) == D(2024, 4, 2)
    assert (theirs.division, theirs.authoritative_until) == ("holidays:GB-ENG:2024-2026", 2026)


def test_a_councils_own_closure_days_count() -> None:
    """A closure added to the object is a non-working day, named, and changes the
    fingerprint; a weekend date in it changes no count."""
    plain = WorkingDayCalendar.from_holidays(_england())
    obj = _england()
    obj[D(2024, 12, 27)] = "Council closure"
    closed = WorkingDayCalendar.from_holidays(obj)
    assert closed.add_working_days(D(2024, 12, 24), 1) == D(2024, 12, 30)
    assert plain.add_working_days(D(2024, 12, 24), 1) == D(2024, 12, 27)
    assert closed.non_working_reason(D(2024, 12, 27)) == "Council closure"
    assert len({plain.fingerprint, closed.fingerprint, len(closed.fingerprint)}) == 3
    assert closed == WorkingDayCalendar.from_holidays(obj)
    assert closed != plain


def test_our_overrides_apply_on_top() -> None:
    """non_working and working days are added as for for_division."""
    cal = WorkingDayCalendar.from_holidays(
        _england(), non_working={D(2024, 12, 27): "closure"}, working=[D(2024, 12, 26)]
    )
    assert cal.non_working_reason(D(2024, 12, 27)) == "closure"
    assert cal.is_working_day(D(2024, 12, 26))
    assert cal.with_options(horizon_policy="raise") == WorkingDayCalendar.from_holidays(
        _england(),
        non_working={D(2024, 12, 27): "closure"},
        working=[D(2024, 12, 26)],
        horizon_policy="raise",
    )


def test_the_objects_years_bound_the_horizon() -> None:
    """Past the object's last year there are no holidays: a count there warns, and a
    horizon later than that year is refused. The object is not expanded."""
    obj = _england(range(2024, 2025))
    cal = WorkingDayCalendar.from_holidays(obj)
    with pytest.warns(HorizonWarning):
        cal.add_working_days(D(2024, 12, 31), 1)
    assert obj.years == {2024}
    with pytest.raises(InvalidArgumentError) as info:
        WorkingDayCalendar.from_holidays(obj, authoritative_until=2030)
    assert str(info.value) == (
        "authoritative_until: expected a year the holidays object holds (at most 2024), got 2030"
    )


def test_any_holidays_object_but_not_an_empty_one() -> None:
    """Another country's object works; one holding no years, or not a HolidayBase, is
    refused saying what to pass."""
    fr = WorkingDayCalendar.from_holidays(holidays.France(years=2024))
    assert fr.non_working_reason(D(2024, 8, 15)) == "Assumption Day"  # a Thursday
    assert fr.is_working_day(D(2024, 8, 26))  # England's late summer bank holiday
    with pytest.raises(InvalidArgumentError) as info:
        WorkingDayCalendar.from_holidays(holidays.UK(subdiv="ENG"))
    assert str(info.value) == (
        "holidays: the object holds no years; build it with them, e.g. "
        "holidays.UK(subdiv='ENG', years=range(2020, 2031))"
    )
    with pytest.raises(InvalidArgumentError) as info:
        WorkingDayCalendar.from_holidays({D(2024, 1, 1): "New Year"})
    assert str(info.value) == (
        "holidays: expected a holidays.HolidayBase object, got {datetime.date(2024, 1, 1): "
        "'New Year'}"
    )


def test_the_command_line_takes_the_codes(capsys: pytest.CaptureFixture[str]) -> None:
    """--division SCT counts Scotland's bank holidays (Good Friday, not Easter Monday);
    rules show --division UK shows the united-kingdom choice."""
    status, out, _ = run(["calendar", "add", "2024-03-28", "1", "--division", "SCT"], capsys)
    assert (status, out) == (0, "2024-04-01\n")
    status, out, _ = run(["rules", "show", "england-children-2006", "--division", "UK"], capsys)
    assert status == 0
    assert "division: united-kingdom (alternatives: england-and-wales; chosen when loading)" in out
