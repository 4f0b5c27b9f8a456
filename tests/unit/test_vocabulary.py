"""statdeadline.rules.vocabulary: each word of the rule language has its meaning once."""

from __future__ import annotations

from typing import get_args

import pytest

from statdeadline.rules import vocabulary as v


def test_every_clock_kind_has_exactly_one_row() -> None:
    """The table, the tuple and the Literal type name the same kinds."""
    assert tuple(sorted(v.CLOCK_KIND_TABLE)) == v.CLOCK_KINDS == get_args(v.ClockKind)
    assert all(row.kind == kind for kind, row in v.CLOCK_KIND_TABLE.items())


def test_what_each_kind_means() -> None:
    """A complainant's window lapses as expired and is in no on-time rate; a backstop's
    breaches are tallied; every other kind is a council duty that lapses as overdue."""
    meaning = {
        k: (r.lapses_as, r.in_on_time_rate, r.breach_tallied, r.actor)
        for k, r in v.CLOCK_KIND_TABLE.items()
    }
    assert meaning == {
        "backstop": ("overdue", True, True, "council"),
        "complainant_window": ("expired", False, False, "complainant"),
        "local_target": ("overdue", True, False, "council"),
        "statutory": ("overdue", True, False, "council"),
        "statutory_soft": ("overdue", True, False, "council"),
    }


@pytest.mark.parametrize(
    ("values", "literal"),
    [
        (v.CONFIDENCES, v.Confidence),
        (v.DURATION_UNITS, v.DurationUnit),
        (v.EFFECTS, v.Effect),
        (v.FIELD_TYPES, v.FieldType),
    ],
)
def test_tuples_come_from_the_literal_types(values: tuple[str, ...], literal: object) -> None:
    """Each run-time tuple is its Literal type's arguments, sorted as declared."""
    assert values == get_args(literal)
    assert list(values) == sorted(values)


def test_kind_info_looks_a_kind_up() -> None:
    """kind_info returns the row; an unknown kind is a KeyError (the loader refuses them)."""
    assert v.kind_info("backstop") is v.CLOCK_KIND_TABLE["backstop"]
    with pytest.raises(KeyError):
        v.kind_info("nope")


def test_every_field_type_word_means_a_field_type() -> None:
    """The plain words (text, number, yes/no) and every short name map onto FIELD_TYPES,
    each short name onto itself, so files written either way mean the same."""
    assert set(v.FIELD_TYPE_WORDS.values()) == set(v.FIELD_TYPES)
    assert all(v.FIELD_TYPE_WORDS[t] == t for t in v.FIELD_TYPES)
    assert {w: t for w, t in v.FIELD_TYPE_WORDS.items() if w != t} == {
        "text": "str",
        "number": "int",
        "yes/no": "bool",
    }


def test_old_spellings_are_the_hyphenated_clock_kinds() -> None:
    """Each kind spelt with an underscore was once spelt with a hyphen, and is still read."""
    assert v.OLD_SPELLINGS == {
        "complainant-window": "complainant_window",
        "local-target": "local_target",
        "statutory-soft": "statutory_soft",
    }
