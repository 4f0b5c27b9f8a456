"""Convention ``month_extension``: where a month clock's extension in months counts
from - its start (``from_start``, the default: the period lengthened) or the end of the
period first counted (``from_first_end``) - with its explanation, its combination with
``month_pause: move_start``, and refusal by rule sets that do not declare it."""

from __future__ import annotations

import datetime as dt

import pytest

from statdeadline import Case, load_ruleset
from statdeadline.exceptions import RuleSetError


def extended(conventions: dict[str, str]) -> Case:
    """A subject access request received Sat 31 October 2026, information asked for on
    Mon 2 and received Wed 4 November (3 days that do not count, both ends), extended on
    Fri 20 November by two months."""
    case = Case(load_ruleset("uk-gdpr-sar", conventions=conventions))
    case.record("received", "2026-10-31")
    case.record("information_requested", "2026-11-02")
    case.record("information_received", "2026-11-04")
    case.record("extension", "2026-11-20", clock="response", months=2, reason="volume")
    return case


def test_from_the_first_end_is_explained() -> None:
    """The first month ends Mon 30 November (no 31 November); two months on is Sat 30
    January 2027; plus the 3 days: Tue 2 February 2027. The explanation names the end it
    counted from (the days not counted included in the date it gives)."""
    (d,) = extended({"month_extension": "from_first_end"}).deadlines("2026-11-20")
    assert d.due == dt.date(2027, 2, 2)
    texts = [s.text for s in d.trace()]
    assert (
        "extension on 2026-11-20: +2 month(s), counted from the end of the first period, "
        "2026-11-30 -> 2027-02-02; reason: volume"
    ) in texts


def test_from_the_start_is_the_default() -> None:
    """Three months from 31 October is 31 January 2027, plus 3 days: Wed 3 February."""
    (d,) = extended({}).deadlines("2026-11-20")
    assert d.due == dt.date(2027, 2, 3)
    assert any("the period counted from its start" in s.text for s in d.trace())


def test_with_the_start_moved_by_the_days_not_counted() -> None:
    """Under month_pause: move_start the 3 days move the start to Tue 3 November; its
    first month ends Thu 3 December, and two months on is Wed 3 February 2027 - here the
    same as three months from the moved start, since every month has a 3rd."""
    both = {"month_extension": "from_first_end", "month_pause": "move_start"}
    (d,) = extended(both).deadlines("2026-11-20")
    assert d.due == dt.date(2027, 2, 3)


def test_a_rule_set_without_month_periods_does_not_have_it() -> None:
    """The convention is optional: FOI (working days) does not declare it."""
    with pytest.raises(RuleSetError, match=r"conventions\.month_extension: unknown convention"):
        load_ruleset("foi-2000", conventions={"month_extension": "from_first_end"})
