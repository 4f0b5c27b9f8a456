"""Convention ``received_on``: a receipt event's ``raised_on`` date field (the day a
concern it began as was raised) starts its clocks under ``raised_on``; under
``event_date`` the event's own day does. The choice is named in the rule file and a
council may flip it (``load_ruleset(conventions=...)`` or an overlay).

Worked on ``england-adults-2009``: a concern raised Mon 3 Jun 2024, handled as a
complaint and received Wed 5 Jun. Acknowledgement in 3 working days: from 3 Jun, 4, 5, 6
Jun -> Thu 6 Jun; from 5 Jun, 6, 7, 10 Jun -> Mon 10 Jun (8-9 Jun a weekend).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from statdeadline import Case, load_ruleset
from statdeadline.exceptions import RuleSetError, TransitionNotAllowed

D = dt.date
RULES = Path(__file__).parent.parent.parent / "rules"


def ack(conventions: dict[str, str] | None = None, **fields: object) -> dt.date | None:
    c = Case(load_ruleset("england-adults-2009", conventions=conventions or {}))
    c.record("received", D(2024, 6, 5), **fields)
    return c.deadlines(as_of=D(2024, 6, 5)).by_clock("acknowledgement")[0].due


def test_raised_on_counts_from_the_concern() -> None:
    """The default, raised_on: the clocks count from the concern's day."""
    assert ack(concern_raised=D(2024, 6, 3)) == D(2024, 6, 6)


def test_event_date_counts_from_the_event() -> None:
    """The alternative, event_date: the field is kept but the event's day counts."""
    assert ack({"received_on": "event_date"}, concern_raised=D(2024, 6, 3)) == D(2024, 6, 10)


def test_without_the_field_the_event_date_counts() -> None:
    """No concern recorded: the event's own day, whichever the choice."""
    assert ack() == D(2024, 6, 10)


def test_the_explanation_names_the_convention() -> None:
    """The start step says where the day came from and which convention chose it."""
    c = Case(load_ruleset("england-adults-2009"))
    c.record("received", D(2024, 6, 5), concern_raised=D(2024, 6, 3))
    d = c.deadlines(as_of=D(2024, 6, 5)).by_clock("acknowledgement")[0]
    assert d.start == D(2024, 6, 3)
    assert d.trace()[0].text == (
        "start: received on 2024-06-05 (Wednesday); counted from concern_raised, "
        "2024-06-03, the day the matter was first raised (convention received_on: "
        "raised_on); day 0 under convention day_0"
    )


def test_a_day_first_raised_after_the_event_is_refused() -> None:
    """The concern cannot come after the complaint it became; the case is unchanged."""
    c = Case(load_ruleset("england-adults-2009"))
    with pytest.raises(TransitionNotAllowed) as info:
        c.record("received", D(2024, 6, 5), concern_raised=D(2024, 6, 6))
    assert str(info.value) == (
        "received.concern_raised: the day the matter was first raised must not be after the "
        "event's own date (2024-06-05); got 2024-06-06"
    )
    assert info.value.field == "concern_raised"
    assert c.events == ()


def test_an_hours_clock_counts_from_the_start_of_the_day_raised(tmp_path: Path) -> None:
    """The event's time of day belongs to its own (later) day: counted from the concern's
    day, an hours clock starts at midnight. Concern 3 Jun, received 5 Jun 15:00; 48 hours
    from 3 Jun 00:00 -> 5 Jun 00:00, so due Wed 5 Jun."""
    f = tmp_path / "hours.yaml"
    f.write_text(
        (RULES / "england-adults-2009.yaml")
        .read_text(encoding="utf-8")
        .replace("duration: {working_days: 3}", "duration: {hours: 48}", 1)
    )
    c = Case(load_ruleset(f))
    c.record("received", D(2024, 6, 5), time="15:00", concern_raised=D(2024, 6, 3))
    d = c.deadlines(as_of=D(2024, 6, 5)).by_clock("acknowledgement")[0]
    assert d.due == D(2024, 6, 5)
    assert [s.text for s in d.trace()][1] == (
        "count 48 hours from 2024-06-03 00:00 -> 2024-06-05 00:00"
    )


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    text = (RULES / "england-adults-2009.yaml").read_text(encoding="utf-8")
    assert old in text
    f = tmp_path / "variant.yaml"
    f.write_text(text.replace(old, new, 1))
    return f


def _messages(f: Path) -> list[str]:
    with pytest.raises(RuleSetError) as info:
        load_ruleset(f)
    return [i.message for i in info.value.issues]


def test_raised_on_must_name_a_date_field(tmp_path: Path) -> None:
    """The field named must be a date field of the event."""
    f = _variant(tmp_path, "raised_on: concern_raised", "raised_on: concern_day")
    assert _messages(f) == [
        "must name a date field of the event (date fields: concern_raised, grounds_arose), "
        "got 'concern_day'"
    ]


def test_raised_on_needs_the_convention(tmp_path: Path) -> None:
    """An event with raised_on and no received_on convention is refused: the choice
    must be named."""
    text = (RULES / "england-adults-2009.yaml").read_text(encoding="utf-8")
    start, end = text.index("  received_on:\n"), text.index("\nevents:")
    f = tmp_path / "variant.yaml"
    f.write_text(text[:start] + text[end:])
    assert _messages(f) == [
        "event(s) received have raised_on: declare conventions.received_on (raised_on or "
        "event_date) to say which day their clocks count from"
    ]


def test_the_convention_needs_an_event_with_raised_on(tmp_path: Path) -> None:
    """A received_on convention with nothing to choose is refused."""
    f = _variant(tmp_path, "    raised_on: concern_raised\n", "")
    assert _messages(f) == ["no event has raised_on, so there is nothing to choose"]


def test_an_overlay_chooses_event_date(tmp_path: Path) -> None:
    """An overlay flips the choice like any convention; an undeclared value is refused."""
    f = tmp_path / "council.yaml"
    f.write_text(
        "format: statdeadline/rules@1\nid: council\ntitle: t\nversion: '1'\n"
        "effective_from: 2009-04-01\nextends: england-adults-2009\n"
        "conventions:\n  received_on: event_date\n"
    )
    c = Case(load_ruleset(f))
    c.record("received", D(2024, 6, 5), concern_raised=D(2024, 6, 3))
    assert c.deadlines(as_of=D(2024, 6, 5)).by_clock("acknowledgement")[0].due == D(2024, 6, 10)
    f.write_text(f.read_text(encoding="utf-8").replace("event_date", "first_letter"))
    assert _messages(f) == [
        "'raised_on' may be changed only to a declared alternative (event_date), got 'first_letter'"
    ]


def test_an_overlay_event_with_raised_on_needs_a_base_that_declares_the_choice(
    tmp_path: Path,
) -> None:
    """An overlay cannot declare the convention, so its own event with raised_on on a base
    without it is refused, saying why."""
    f = tmp_path / "council.yaml"
    f.write_text(
        "format: statdeadline/rules@1\nid: council\ntitle: t\nversion: '1'\n"
        "effective_from: 2014-08-01\nextends: ombudsman-enquiries\n"
        "events:\n  second_letter:\n    label: A second letter\n    receipt: true\n"
        "    raised_on: first_letter\n    fields: {first_letter: {type: date}}\n"
        "transitions:\n  - {event: second_letter, from: open}\n"
    )
    assert _messages(f) == [
        "event(s) second_letter have raised_on, but ombudsman-enquiries declares no "
        "received_on convention to say which day counts (only a statutory rule set declares "
        "it)"
    ]
