"""A duty that arises when a period lapses and has no deadline of its own (``arises_after``).

The rule set is ``tests/data/rules/duty-after-backstop.yaml``: six months commencing on
the day of receipt (so 28 March 2024 gives a period ending Friday 27 September 2024), and
a delay notice owed from the day after if no response was sent in the period.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from statdeadline import Case, load_ruleset
from statdeadline.exceptions import RuleSetError

RULES = Path(__file__).parent.parent / "data" / "rules" / "duty-after-backstop.yaml"
D = dt.date


def case(*events: tuple[str, str] | tuple[str, str, dict[str, object]]) -> Case:
    c = Case(load_ruleset(RULES))
    c.record("received", "2024-03-28")
    for ev in events:
        c.record(ev[0], ev[1], **(ev[2] if len(ev) == 3 else {}))  # type: ignore[misc]
    return c


def notice(c: Case, as_of: str) -> tuple[object, ...]:
    d = c.deadlines(as_of).by_clock("delay_notice")[0]
    return d.due, d.status, d.met_on, d.days_late


def test_the_duty_is_pending_during_the_period_and_owed_the_day_after() -> None:
    """On the last day of the six months nothing is owed yet; on the next day (six months
    and a day) the notice is owed, with no due date and no days late."""
    c = case()
    assert notice(c, "2024-09-27") == (None, "pending", None, 0)
    assert notice(c, "2024-09-28") == (None, "owed", None, 0)
    assert notice(c, "2025-03-01") == (None, "owed", None, 0)
    backstop = c.deadlines("2024-09-28").by_clock("backstop")[0]
    assert (backstop.due, backstop.status) == (D(2024, 9, 27), "overdue")


def test_a_notice_sent_after_the_period_is_done_not_late() -> None:
    """A notice sent on the first day the duty exists, or any day after, is done: it is
    never late against the backstop date."""
    for day in ("2024-09-28", "2024-11-15"):
        c = case(("delay_notice", day))
        assert notice(c, "2024-12-01") == (None, "done", D.fromisoformat(day), 0)


def test_a_response_in_the_period_means_no_duty() -> None:
    """A response sent within the six months: the duty never arises (cancelled), also
    after the period ends."""
    c = case(("response", "2024-09-27"))
    assert notice(c, "2024-12-01") == (None, "cancelled", None, 0)


def test_a_late_response_leaves_the_notice_owed() -> None:
    """A response after the period does not discharge the notice the duty required."""
    c = case(("response", "2024-10-10"))
    assert notice(c, "2024-10-15") == (None, "owed", None, 0)


def test_a_case_withdrawn_before_the_duty_arose_cancels_it() -> None:
    """Withdrawn within the period: cancelled; withdrawn after it with no notice: still
    owed (the duty existed and was not done)."""
    assert notice(case(("withdrawn", "2024-09-27")), "2024-12-01")[1] == "cancelled"
    assert notice(case(("withdrawn", "2024-09-28")), "2024-12-01")[1] == "owed"


def test_an_agreed_longer_period_moves_the_day_the_duty_arises() -> None:
    """A longer period agreed before the six months expire (to Thursday 31 October
    2024): the notice is owed from Friday 1 November."""
    c = case(
        ("extension", "2024-09-02", {"clock": "backstop", "until": "2024-10-31", "reason": "r"})
    )
    assert notice(c, "2024-10-31")[1] == "pending"
    assert notice(c, "2024-11-01")[1] == "owed"


def test_the_explanation_names_the_day_the_duty_arises() -> None:
    """The explanation says from when the duty is owed, and that it has no due date."""
    d = case().deadlines("2024-10-01").by_clock("delay_notice")[0]
    assert [s.text for s in d.trace()][1] == (
        "owed from 2024-09-28 if Response within six months (backstop) is unmet by its due "
        "date 2024-09-27; no due date of its own"
    )


def test_arises_after_must_name_another_clock(tmp_path: Path) -> None:
    """An unknown clock, or the clock itself, is refused at file:line with the key path."""
    text = RULES.read_text(encoding="utf-8")
    for name, target in (("unknown", "nothing"), ("itself", "delay_notice")):
        f = tmp_path / f"{name}.yaml"
        f.write_text(text.replace("arises_after: backstop", f"arises_after: {target}"))
        with pytest.raises(RuleSetError) as info:
            load_ruleset(f)
        assert str(info.value).splitlines() == [
            f"{f.resolve()}:57 clocks.delay_notice.arises_after: must name another clock of "
            f"the rule set, got {target!r}"
        ]


def test_arises_after_is_a_timing_of_its_own(tmp_path: Path) -> None:
    """A clock has exactly one of duration, triage, due_with and arises_after."""
    text = RULES.read_text(encoding="utf-8")
    f = tmp_path / "both.yaml"
    f.write_text(
        text.replace(
            "    arises_after: backstop\n",
            "    arises_after: backstop\n    duration: {working_days: 5}\n",
        )
    )
    with pytest.raises(RuleSetError) as info:
        load_ruleset(f)
    assert str(info.value).splitlines() == [
        f"{f.resolve()}:53 clocks.delay_notice: needs exactly one of duration, triage, due_with, "
        "arises_after; got duration, arises_after"
    ]
