"""case.schema.json: the JSON Schema of Case.to_dict data, shipped in the package; every
example case file and every golden case's to_dict() validate against it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from tests.golden.test_regimes import golden_cases, replay

import statdeadline
from statdeadline import Case, case_schema, load_ruleset

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples" / "cases").glob("*.*"))
VALIDATOR = jsonschema.Draft202012Validator(case_schema())


def _load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


def test_the_schema_is_a_valid_schema_shipped_in_the_package() -> None:
    """The file beside the package's __init__ is a valid draft 2020-12 schema, and
    case_schema() is it."""
    shipped = Path(statdeadline.__file__).parent / "case.schema.json"
    schema = json.loads(shipped.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert case_schema() == schema


def test_there_are_example_case_files() -> None:
    """(So the parametrised checks below check something.)"""
    assert [p.name for p in EXAMPLES] == ["children-stage1.json", "foi-request.yaml"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_case_validates_and_replays(path: Path) -> None:
    """An example validates, is accepted by from_dict without a warning, and its
    to_dict() validates too."""
    data = _load(path)
    VALIDATOR.validate(data)
    case = Case.from_dict(load_ruleset(data["ruleset"]), data, strict=True)
    VALIDATOR.validate(case.to_dict())


def test_every_golden_cases_to_dict_validates() -> None:
    """The to_dict() of every golden case (replayed as far as it is accepted) validates."""
    checked = 0
    for rid, golden in golden_cases():
        case, _ = replay(rid, golden)
        VALIDATOR.validate(case.to_dict())
        checked += len(case.events)
    assert checked > 500


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"events": []}, "'ruleset' is a required property"),
        ({"ruleset": "x", "events": [], "notes": 1}, "Additional properties are not allowed"),
        (
            {"ruleset": "x", "events": [{"event": "received", "date": "28/03/2024"}]},
            "does not match",
        ),
        ({"ruleset": "x", "events": [{"event": "received"}]}, "'date' is a required property"),
        (
            {"ruleset": "x", "events": [{"event": "a", "date": "2024-03-28", "time": "5pm"}]},
            "does not match",
        ),
        (
            {"ruleset": "x", "events": [{"event": "a", "date": "2024-03-28", "f": [1]}]},
            "is not of type",
        ),
    ],
)
def test_what_is_not_a_case_fails_the_schema(data: dict[str, Any], message: str) -> None:
    """What from_dict refuses for its shape, the schema refuses too."""
    errors = [e.message for e in VALIDATOR.iter_errors(data)]
    assert len(errors) == 1 and message in errors[0], errors


def test_the_service_openapi_document_uses_it() -> None:
    """The service's OpenAPI document has the case schema as StoredCase and its event as
    EventIn; the examples validate against the document's StoredCase."""
    from statdeadline.service.openapi import openapi

    doc = openapi()
    schema = case_schema()
    components = doc["components"]["schemas"]
    assert components["EventIn"] == schema["$defs"]["event"]
    assert components["StoredCase"]["required"] == schema["required"]
    stored = jsonschema.Draft202012Validator({**doc, "$ref": "#/components/schemas/StoredCase"})
    for path in EXAMPLES:
        stored.validate(_load(path))
    assert not stored.is_valid({"ruleset": "x", "events": [{"event": "a"}]})
