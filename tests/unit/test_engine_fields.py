"""statdeadline.engine.fields: one checker per field type, in one table."""

from __future__ import annotations

import datetime as dt

import pytest

from statdeadline.engine.fields import CHECKERS, FieldRejected, parse_time
from statdeadline.rules.model import FieldSpec
from statdeadline.rules.vocabulary import FIELD_TYPES

CLOCKS = {"stage1_response": object()}


def test_every_field_type_has_a_checker() -> None:
    """The table covers exactly the field types of the rule language."""
    assert set(CHECKERS) == set(FIELD_TYPES)


@pytest.mark.parametrize(
    ("kind", "given", "stored"),
    [
        ("int", "5", 5),
        ("int", 7, 7),
        ("bool", "yes", True),
        ("bool", "False", False),
        ("date", "2024-06-03", dt.date(2024, 6, 3)),
        ("choice", "red", "red"),
        ("clock", "stage1_response", "stage1_response"),
        ("str", "complex", "complex"),
    ],
)
def test_checkers_convert_what_they_accept(kind: str, given: object, stored: object) -> None:
    """Text forms are converted to the stored type."""
    spec = FieldSpec("f", kind, values=("red", "green"))  # type: ignore[arg-type]
    assert CHECKERS[kind](spec, given, "ev", CLOCKS) == stored


@pytest.mark.parametrize(
    ("kind", "given", "message"),
    [
        ("int", "five", "ev.f: expected an integer, got 'five'"),
        ("int", True, "ev.f: expected an integer, got True"),
        ("bool", "maybe", "ev.f: expected true or false, got 'maybe'"),
        ("choice", "blue", "ev.f: expected one of: red, green; got 'blue'"),
        ("clock", "nope", "ev.f: unknown clock 'nope'; clocks: stage1_response"),
        ("str", "  ", "ev.f: expected non-empty text, got '  '"),
        (
            "date",
            "2101-01-01",
            "ev.f: 2101-01-01 is outside the supported range 1990-01-01 .. 2100-12-31",
        ),
    ],
)
def test_checkers_name_the_field_and_what_was_found(kind: str, given: object, message: str) -> None:
    """A refused value names the event and field, what is allowed and what was found."""
    spec = FieldSpec("f", kind, values=("red", "green"))  # type: ignore[arg-type]
    with pytest.raises(FieldRejected) as info:
        CHECKERS[kind](spec, given, "ev", CLOCKS)
    assert (info.value.message, info.value.field) == (message, "f")


def test_parse_time() -> None:
    """A time of day is None, a time, or 24-hour 'HH:MM'; anything else is refused."""
    assert parse_time(None) is None
    assert parse_time("17:30") == dt.time(17, 30)
    assert parse_time(dt.time(9, 5)) == dt.time(9, 5)
    with pytest.raises(ValueError, match="expected a time of day 'HH:MM'"):
        parse_time("5pm")


def test_an_integer_with_too_many_digits_is_refused_with_the_field_named() -> None:
    """A 5,000-digit integer (int() would raise its own ValueError past 4,300 digits) is a
    refusal naming the field, not a crash."""
    spec = FieldSpec("working_days", "int")
    with pytest.raises(FieldRejected) as info:
        CHECKERS["int"](spec, "9" * 5000, "extension", CLOCKS)
    assert info.value.message == (
        "extension.working_days: expected an integer of at most 18 digits, got one of 5000"
    )
    assert CHECKERS["int"](spec, "9" * 18, "extension", CLOCKS) == int("9" * 18)
