"""statdeadline.rules.schema: the JSON Schema rendered from the rule-file declaration.

The schema is for editors; the loader's structure checker is the authority. They are
rendered from one declaration, so for structural mistakes they must agree.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest
import yaml
from tests.json_support import as_json

from statdeadline.rules import format as rf
from statdeadline.rules import spec as sp
from statdeadline.rules.loader import list_bundled
from statdeadline.rules.schema import _render, ruleset_schema, schema_json

VALIDATOR = jsonschema.Draft202012Validator(ruleset_schema())
CHILDREN = yaml.safe_load(list_bundled()["england-children-2006"][0].read_text(encoding="utf-8"))


def checker_messages(data: Any) -> list[str]:
    found: list[str] = []
    sp.check(rf.RULESET, data, "", None, None, lambda c, k, p, m: found.append(f"{p}: {m}"))
    return found


def schema_accepts(data: Any) -> bool:
    return VALIDATOR.is_valid(as_json(data))


def test_the_schema_is_valid_draft_2020_12() -> None:
    """The rendered schema is itself a valid Draft 2020-12 schema, and says so."""
    schema = ruleset_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert (schema["$schema"], schema["title"]) == (
        "https://json-schema.org/draft/2020-12/schema",
        "statdeadline rule file (statdeadline/rules@1)",
    )


def test_schema_json_is_the_schema_as_text() -> None:
    """schema_json() is the schema, indented, ending in one newline."""
    text = schema_json()
    assert json.loads(text) == ruleset_schema()
    assert text.endswith("}\n") and not text.endswith("\n\n")


def test_render_exactly_one_of() -> None:
    """exactly_one_of becomes a oneOf of 'required' alternatives."""
    out = _render(rf.DURATION)
    assert out["oneOf"] == [
        {"required": ["working_days"]},
        {"required": ["calendar_days"]},
        {"required": ["months"]},
        {"required": ["hours"]},
        {"required": ["office_hours"]},
    ]
    assert (out["type"], out["additionalProperties"]) == ("object", False)


def test_render_map_and_any_of_and_date() -> None:
    """A map is an object with propertyNames; any_of is anyOf; a date is a patterned
    string (YAML dates reach JSON validators as strings)."""
    assert _render(sp.Map(sp.Int(minimum=1))) == {
        "type": "object",
        "additionalProperties": {"type": "integer", "minimum": 1},
        "propertyNames": {"pattern": rf.ID_PATTERN},
    }
    assert _render(rf.IDS) == {
        "anyOf": [
            {"type": "string", "pattern": rf.ID_PATTERN, "description": rf.ID.description},
            {
                "type": "array",
                "items": {
                    "type": "string",
                    "pattern": rf.ID_PATTERN,
                    "description": rf.ID.description,
                },
                "minItems": 1,
            },
        ],
        "description": "one id or a list of ids",
    }
    assert _render(sp.Date()) == {
        "type": "string",
        "format": "date",
        "pattern": r"^\d{4}-\d{2}-\d{2}$",
    }


def test_a_shipped_file_passes_both() -> None:
    """The sample the mutations below start from is valid for both."""
    assert (checker_messages(CHILDREN), schema_accepts(CHILDREN)) == ([], True)


def mutated(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    """CHILDREN with the value at ``path`` replaced (``...`` deletes it)."""
    data = copy.deepcopy(CHILDREN)
    target = data
    for step in path[:-1]:
        target = target[step]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


# Not among them: an id with a trailing newline. The checker and ECMA-262 regexes (the
# dialect JSON Schema specifies, used by editors) reject "open\n" for ^[a-z]...$, but the
# Python jsonschema package searches with Python's re, whose '$' accepts it.
SAMPLES = {
    "unknown top-level key": (("titel",), "x"),
    "missing required key": (("title",), ...),
    "wrong format": (("format",), "statdeadline/rules@2"),
    "bad id": (("id",), "England"),
    "bad enum": (("clocks", "panel", "kind"), "law"),
    "two duration units": (("clocks", "panel", "duration"), {"working_days": 1, "months": 1}),
    "no duration unit": (("clocks", "panel", "duration"), {"roll": "next"}),
    "negative working days": (("clocks", "panel", "duration"), {"working_days": -1}),
    "bool for an int": (("due_soon_working_days",), True),
    "string for a bool": (("states", "new", "initial"), "yes"),
    "bad map key": (("events", "Received"), {"label": "x"}),
    "empty met_by list": (("clocks", "panel", "met_by"), []),
    "transition from a number": (("transitions", 0, "from"), 3),
    "bad confidence": (("checks", "time_limit", "citation", "confidence"), "sure"),
    "clock choice with a met_by": (
        ("clocks", "panel"),
        {"start": "received", "met_by": "panel_held"},
    ),
}


@pytest.mark.parametrize("name", list(SAMPLES))
def test_schema_rejects_what_the_checker_rejects(name: str) -> None:
    """For each structural mistake, both the checker and the JSON Schema say no."""
    data = mutated(*SAMPLES[name])
    assert (bool(checker_messages(data)), schema_accepts(data)) == (True, False)


def _with_reply_duration(working_days: Any) -> Any:
    data = copy.deepcopy(CHILDREN)
    data["clocks"]["stage1_response"]["duration"] = {"working_days": working_days}
    return data


def test_the_schema_accepts_dated_durations_and_refuses_other_keys() -> None:
    """A duration's amount may be dated values keyed by YYYY-MM-DD (as an editor sees
    them: strings); other keys, and an empty mapping, are refused by both checkers."""
    assert schema_accepts(_with_reply_duration({"2014-08-01": 10, "2027-04-01": 20}))
    for bad in ({"soon": 10}, {}):
        assert not schema_accepts(_with_reply_duration(bad))
    assert checker_messages(_with_reply_duration({"soon": 10})) == [
        "clocks.stage1_response.duration.working_days.soon: key must be a date YYYY-MM-DD, got 'soon'"
    ]
