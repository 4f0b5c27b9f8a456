"""The JSON Schema for rule files, rendered from :data:`statdeadline.rules.format.RULESET`.

The shipped file ``rules/ruleset.schema.json`` is this schema; a test checks it is up to
date. Regenerate it with ``python -m statdeadline.rules.schema > rules/ruleset.schema.json``.
The schema checks structure only: cross-references, caps and the state graph are checked
when a rule set is loaded.
"""

from __future__ import annotations

import json
from typing import Any

from .format import FORMAT, RULESET
from .spec import Spec

__all__ = ["ruleset_schema", "schema_json"]


def _render(spec: Spec) -> dict[str, Any]:
    out: dict[str, Any] = {}
    k = spec.kind
    if k == "object":
        out["type"] = "object"
        out["properties"] = {name: _render(sub) for name, sub in spec.keys.items()}
        out["additionalProperties"] = False
        if spec.required:
            out["required"] = list(spec.required)
        if spec.exactly_one_of:
            out["oneOf"] = [{"required": [name]} for name in spec.exactly_one_of]
    elif k == "map":
        assert spec.values is not None
        out["type"] = "object"
        out["additionalProperties"] = _render(spec.values)
        if spec.key_pattern:
            out["propertyNames"] = {"pattern": spec.key_pattern}
    elif k == "dated":
        assert spec.values is not None
        out["type"] = "object"
        out["additionalProperties"] = _render(spec.values)
        out["propertyNames"] = {"pattern": r"^\d{4}-\d{2}-\d{2}$"}
        out["minProperties"] = 1
    elif k == "list":
        assert spec.items is not None
        out["type"] = "array"
        out["items"] = _render(spec.items)
        if spec.min_items:
            out["minItems"] = spec.min_items
    elif k == "str":
        out["type"] = "string"
    elif k == "int":
        out["type"] = "integer"
    elif k == "bool":
        out["type"] = "boolean"
    elif k == "date":
        # YAML turns an unquoted 2024-01-31 into a date; JSON validators see a string.
        out["type"] = "string"
        out["format"] = "date"
        out["pattern"] = r"^\d{4}-\d{2}-\d{2}$"
    elif k == "null":
        out["type"] = "null"
    elif k == "any_of":
        out["anyOf"] = [_render(o) for o in spec.options]
    if spec.enum:
        out["enum"] = list(spec.enum)
    if spec.pattern:
        out["pattern"] = spec.pattern
    if spec.minimum is not None:
        out["minimum"] = spec.minimum
    if spec.description:
        out["description"] = spec.description
    return out


def ruleset_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a rule file."""
    schema = _render(RULESET)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://statdeadline.invalid/schema/rules-1.json",
        "title": f"statdeadline rule file ({FORMAT})",
        **schema,
    }


def schema_json() -> str:
    """The schema as the text of ``rules/ruleset.schema.json``."""
    return json.dumps(ruleset_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(schema_json(), end="")
