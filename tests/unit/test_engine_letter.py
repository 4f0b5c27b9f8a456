"""A deadline set by a letter (``due_on``): the start event gives the date, the clock is
judged against it, and an extension must come before it.

The rule set is ``tests/data/rules/letter-date.yaml``: the enquiry's ``respond_by`` date
when given, else 10 working days from receipt.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from statdeadline import Case, load_ruleset
from statdeadline.exceptions import RuleSetError, TransitionNotAllowed

RULES = Path(__file__).parent.parent / "data" / "rules" / "letter-date.yaml"
D = dt.date


def case(respond_by: str | None = "2024-05-03") -> Case:
    c = Case(load_ruleset(RULES))
    fields = {"respond_by": respond_by} if respond_by else {}
    c.record("enquiry", "2024-04-19", **fields)
    return c


def response(c: Case, as_of: str) -> tuple[object, ...]:
    d = c.deadlines(as_of)[0]
    return d.due, d.status, d.days_late


def test_the_letter_date_is_the_due_date() -> None:
    """Enquiry of Friday 19 April 2024 asking for a reply by Friday 3 May: due 3 May
    (10 working days would be the same day; the letter's date wins, see the next test)."""
    c = case("2024-05-03")
    assert response(c, "2024-05-03")[:2] == (D(2024, 5, 3), "due_soon")
    assert response(c, "2024-05-07") == (D(2024, 5, 3), "overdue", 1)


def test_a_letter_date_on_any_day_is_taken_as_given() -> None:
    """A letter may set a Saturday (11 May 2024): the clock is due that day, not rolled,
    and not counted (without the letter, 10 working days from 19 April is 3 May)."""
    assert response(case("2024-05-11"), "2024-04-22")[0] == D(2024, 5, 11)
    assert response(case(None), "2024-04-22")[0] == D(2024, 5, 3)


def test_the_explanation_says_the_date_was_given() -> None:
    """The count step names the event and field the date came from."""
    d = case("2024-05-11").deadlines("2024-04-22")[0]
    assert [s.text for s in d.trace()][1] == (
        "due date 2024-05-11, given by enquiry.respond_by (not counted)"
    )


def test_an_extension_before_the_date_moves_it_and_one_after_is_refused() -> None:
    """More time agreed on Thursday 2 May, until Friday 17 May: due 17 May. Asked on
    Monday 20 May, after that date: refused, with the date named."""
    c = case("2024-05-03")
    c.record("extension", "2024-05-02", clock="response", until="2024-05-17", reason="r")
    assert response(c, "2024-05-13")[:2] == (D(2024, 5, 17), "pending")
    with pytest.raises(TransitionNotAllowed) as info:
        c.record("extension", "2024-05-20", clock="response", until="2024-05-31", reason="r")
    assert str(info.value) == (
        "extension: 'response' must be extended on or before its due date 2024-05-17, got "
        "2024-05-20"
    )


def test_an_extension_until_a_non_working_day_is_allowed() -> None:
    """A date set by letter is not a count of working days, so a new date may be any day:
    Saturday 11 May. As of Tuesday 7 May three working days remain (8, 9, 10): due soon."""
    c = case("2024-05-03")
    c.record("extension", "2024-05-03", clock="response", until="2024-05-11", reason="r")
    assert response(c, "2024-05-07")[:2] == (D(2024, 5, 11), "due_soon")


def test_a_pause_moves_a_letter_date_by_calendar_days() -> None:
    """Paused Monday 29 April, resumed Thursday 2 May: 3 calendar days (30 April, 1 and
    2 May), so 3 May becomes Monday 6 May."""
    c = case("2024-05-03")
    c.record("pause", "2024-04-29")
    c.record("resume", "2024-05-02")
    assert response(c, "2024-05-02")[0] == D(2024, 5, 6)


def test_due_on_must_name_a_date_field_of_the_start_event(tmp_path: Path) -> None:
    """A field the start event does not have is refused at file:line with the key path."""
    f = tmp_path / "bad.yaml"
    f.write_text(
        RULES.read_text(encoding="utf-8").replace("due_on: respond_by", "due_on: reply_by")
    )
    with pytest.raises(RuleSetError) as info:
        load_ruleset(f)
    assert str(info.value).splitlines() == [
        f"{f.resolve()}:45 clocks.response.due_on: must name a date field of start event "
        "'enquiry', got 'reply_by'"
    ]
