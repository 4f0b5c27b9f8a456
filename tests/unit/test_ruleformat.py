"""statdeadline.rules.format: the declared structure of a rule file and its checker."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from statdeadline.rules import format as rf
from statdeadline.rules import spec as sp
from statdeadline.rules.yamlfile import line_of, load_yaml_text

Found = list[tuple[int | None, str, str]]


def problems(spec: sp.Spec, value: Any) -> Found:
    """Every (line, key path, message) the checker reports for ``value``."""
    found: Found = []

    def report(container: Any, key: Any, path: str, message: str) -> None:
        found.append((line_of(container, key), path, message))

    sp.check(spec, value, "", None, None, report)
    return found


def yaml_problems(spec: sp.Spec, text: str) -> Found:
    return problems(spec, load_yaml_text(text))


PERSON = sp.Obj(
    {"name": sp.Str(), "age": sp.Int(minimum=0), "tags": sp.List(rf.ID, min_items=1)},
    required=("name", "age"),
)


def test_a_valid_value_has_no_problems() -> None:
    """Nothing is reported for a value that fits."""
    assert yaml_problems(PERSON, "name: Ann\nage: 3\ntags: [a, b_2]\n") == []


def test_unknown_and_missing_keys_are_reported_together() -> None:
    """An object reports each unknown key at its line and each missing required key at
    the object's own line, in one pass."""
    assert yaml_problems(PERSON, "nme: Ann\nextra: 1\n") == [
        (1, "nme", "unknown key; allowed: age, name, tags"),
        (2, "extra", "unknown key; allowed: age, name, tags"),
        (1, "", "missing required key 'name'"),
        (1, "", "missing required key 'age'"),
    ]


def test_nested_paths_and_lines() -> None:
    """Problems inside lists and nested objects carry the full key path and the line of
    the offending item."""
    spec = sp.Obj({"people": sp.List(PERSON)})
    text = "people:\n  - name: Ann\n    age: -1\n  - name: 7\n    age: 2\n    tags: [ok, Bad]\n"
    assert yaml_problems(spec, text) == [
        (3, "people[0].age", "must be >= 0, got -1"),
        (4, "people[1].name", "must be a string, got 7"),
        (6, "people[1].tags[1]", "must match ^[a-z][a-z0-9_]*$, got 'Bad'"),
    ]


def test_list_min_items() -> None:
    """A list shorter than min_items is reported at its key."""
    assert yaml_problems(PERSON, "name: A\nage: 1\ntags: []\n") == [
        (3, "tags", "needs at least 1 item(s)")
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"working_days": 5}, []),
        ({"months": 6, "end": "commencing"}, []),
        (
            {},
            [
                "needs exactly one of working_days, calendar_days, months, hours, office_hours; got none"
            ],
        ),
        (
            {"working_days": 5, "months": 1},
            [
                "needs exactly one of working_days, calendar_days, months, hours, office_hours;"
                " got working_days, months"
            ],
        ),
        (
            {"months": 0, "roll": "sideways"},
            ["must be >= 1, got 0", "must be one of: next, none, previous; got 'sideways'"],
        ),
    ],
)
def test_exactly_one_of(value: dict[str, Any], expected: list[str]) -> None:
    """A duration needs exactly one unit; the other keys are still checked."""
    assert [message for _, _, message in problems(rf.DURATION, value)] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("received", []),
        (["received", "closed"], []),
        (5, [("", "must be a string or a list, got 5")]),
        ([], [("", "needs at least 1 item(s)")]),
        (["ok", "Not ok"], [("[1]", "must match ^[a-z][a-z0-9_]*$, got 'Not ok'")]),
        ("Received", [("", "must match ^[a-z][a-z0-9_]*$, got 'Received'")]),
    ],
)
def test_any_of_resolves_by_type(value: Any, expected: list[tuple[str, str]]) -> None:
    """One id or a list of ids: the option whose type matches is the one checked, so a
    bad list reports its item, not "must be a string"."""
    assert [(path, message) for _, path, message in problems(rf.IDS, value)] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("open", []),
        (["open", "closed"], []),
        ("*", []),  # fails the id pattern, fits the third option
        ("**", ["must match ^[a-z][a-z0-9_]*$, got '**'"]),  # reported against the first
        (None, ["must be a string or a list or one of: *, got None"]),
    ],
)
def test_any_of_tries_every_option_of_the_right_type(value: Any, expected: list[str]) -> None:
    """A transition's 'from': two string options; the value passes if either fits, and
    is reported against the first of its type if none does."""
    spec = rf.TRANSITION.keys["from"]
    assert [message for _, _, message in problems(spec, value)] == expected


def test_map_key_patterns() -> None:
    """A map checks every key against its pattern (a key that is not a string, or does
    not match, is reported at its line and its value is skipped); good keys' values are
    checked."""
    spec = sp.Map(sp.Int())
    text = 'good: 1\nBad: 2\n3: 3\nalso_good: x\n"nl\\n": 4\n'
    assert yaml_problems(spec, text) == [
        (2, "Bad", "key must match ^[a-z][a-z0-9_]*$, got 'Bad'"),
        (3, "3", "key must match ^[a-z][a-z0-9_]*$, got 3"),
        (4, "also_good", "must be an integer, got 'x'"),
        (5, "'nl\\n'", "key must match ^[a-z][a-z0-9_]*$, got 'nl\\n'"),
    ]


@pytest.mark.parametrize(
    ("spec", "value", "expected"),
    [
        (sp.Int(), True, "must be an integer, got True"),
        (sp.Int(), 1.0, "must be an integer, got 1.0"),
        (sp.Bool(), 1, "must be true or false, got 1"),
        (
            sp.Date(),
            dt.datetime(2024, 1, 1, 9, 0),
            "must be a date YYYY-MM-DD, got 2024-01-01T09:00:00",
        ),
        (sp.Date(), "2024-01-01", "must be a date YYYY-MM-DD, got '2024-01-01'"),
        (sp.Str(), ["a"], "must be a string, got a list"),
        (sp.Str(), {"a": 1}, "must be a string, got a mapping"),
        (sp.NULL, 0, "must be null, got 0"),
        (sp.Str(enum=("a", "b")), "c", "must be one of: a, b; got 'c'"),
        (sp.Str(enum=("a", "b")), 1, "must be one of: a, b, got 1"),
    ],
)
def test_scalar_types_are_exact(spec: sp.Spec, value: Any, expected: str) -> None:
    """bool is not an integer, a datetime is not a date, a quoted date is a string."""
    assert problems(spec, value) == [(None, "", expected)]


def test_scalars_that_fit() -> None:
    """The plain cases pass."""
    pairs = [
        (sp.Int(minimum=0), 0),
        (sp.Bool(), False),
        (sp.Date(), dt.date(2024, 2, 29)),
        (sp.NULL, None),
        (sp.ANY, object()),
    ]
    assert [problems(spec, value) for spec, value in pairs] == [[]] * len(pairs)


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        (rf.ID_PATTERN, "stage1", True),
        (rf.ID_PATTERN, "stage1\n", False),
        (rf.ID_PATTERN, "Stage1", False),
        (rf.TIME_PATTERN, "23:59", True),
        (rf.TIME_PATTERN, "24:00", False),
        (r"a\$", "a$", True),  # an escaped dollar is a literal, not the end
        ("b", "abc", True),  # unanchored: a search, as in JSON Schema
    ],
)
def test_matches_reads_patterns_as_json_schema_does(
    pattern: str, value: str, expected: bool
) -> None:
    """'$' is the end of the text (Python's '$' would accept a trailing newline)."""
    assert sp.matches(pattern, value) is expected


@pytest.mark.parametrize(
    ("path", "key", "expected"),
    [
        ("", "clocks", "clocks"),
        ("clocks", "reply", "clocks.reply"),
        ("states", "open\n", "states.'open\\n'"),
        ("m", 3, "m.3"),
        ("m", dt.date(2024, 1, 2), "m.2024-01-02"),
        ("m", True, "m.True"),
    ],
)
def test_join_path(path: str, key: Any, expected: str) -> None:
    """Key paths stay on one line: keys that are not printable text are quoted."""
    assert sp.join_path(path, key) == expected


def test_describe() -> None:
    """What a value must be, in words, for messages."""
    assert [sp.describe(s) for s in (rf.IDS, rf.DURATION, rf.CITATION.keys["confidence"])] == [
        "a string or a list",
        "a mapping",
        "one of: local, primary, secondary",
    ]
