"""Fuzzing the rule-file loader: whatever a file holds, loading it either succeeds or
raises RuleSetError naming that file (with 1-based lines inside it and one line of text
per issue), never another exception.

Inputs: arbitrary YAML-ish data; a valid header with random sections; mutations of every
shipped rule file (a key deleted or renamed, a value of another type, a reference pointed
elsewhere, a list item duplicated or removed); random YAML-ish text; random bytes. Also:
whatever the structure checker accepts, the shipped JSON Schema accepts too.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.json_support import as_json
from tests.strategies import (
    rule_file_mutations,
    rule_like_data,
    yaml_data,
    yaml_texts,
)

from statdeadline import load_ruleset
from statdeadline.exceptions import RuleSetError
from statdeadline.rules import format as rf
from statdeadline.rules import spec as sp
from statdeadline.rules.loader import bundled_rules_dir, list_bundled

FUZZ = settings(
    max_examples=150,
    deadline=None,  # file I/O and loading a bundled base vary in time
    suppress_health_check=[HealthCheck.too_slow],
)

SHIPPED = {
    str(path.relative_to(bundled_rules_dir())): yaml.safe_load(path.read_text(encoding="utf-8"))
    for paths in list_bundled().values()
    for path in paths
}
SCHEMA = jsonschema.Draft202012Validator(
    json.loads((bundled_rules_dir() / "ruleset.schema.json").read_text(encoding="utf-8"))
)
_serial = itertools.count()
#: What YAML counts as a line break (and so the loader's line numbers).
YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def load_written(folder: Path, content: str | bytes) -> bool:
    """Write ``content`` to a fresh file (a new folder each time: loads are cached by
    path and modification time), load it, and return True if it loaded. A RuleSetError
    must name this file, with lines inside it, one line of text per issue; any other
    exception fails the test."""
    here = folder / str(next(_serial))
    here.mkdir()
    path = here / "rules.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
        text = content.decode("utf-8", errors="replace")
    else:
        path.write_bytes(content.encode("utf-8"))  # as is: no newline translation
        text = content
    lines = len(YAML_LINE_BREAK.split(text))
    try:
        load_ruleset(path)
    except RuleSetError as exc:
        assert exc.issues
        for issue in exc.issues:
            assert issue.file == str(path.resolve())
            assert issue.line is None or 1 <= issue.line <= lines
            assert issue.message
            assert "\n" not in str(issue)
        return False
    return True


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@FUZZ
@given(data=yaml_data())
def test_arbitrary_data_loads_or_raises_rule_set_error(folder: Path, data: Any) -> None:
    """Any nesting of mappings, lists, scalars and dates is a RuleSetError, not a crash
    (and cannot be a valid rule file: it has no valid header)."""
    assert not load_written(folder, dump(data))


@FUZZ
@given(data=rule_like_data())
def test_a_valid_header_with_random_sections(folder: Path, data: dict[str, Any]) -> None:
    """With the header right, the random sections reach the loader's cross-reference
    and graph checks: still only success or RuleSetError."""
    load_written(folder, dump(data))


@FUZZ
@given(st.data())
def test_mutated_shipped_files(folder: Path, data: st.DataObject) -> None:
    """A shipped file with one to three random mutations loads or raises RuleSetError."""
    name = data.draw(st.sampled_from(sorted(SHIPPED)), label="file")
    mutated, _ = data.draw(rule_file_mutations(SHIPPED[name]), label="mutation")
    load_written(folder, dump(mutated))


@FUZZ
@given(text=yaml_texts())
def test_random_yaml_text_raises_rule_set_error(folder: Path, text: str) -> None:
    """Random YAML-ish text (bad tags, impossible dates, aliases...) is a RuleSetError."""
    assert not load_written(folder, text)


@FUZZ
@given(content=st.binary(max_size=200))
def test_random_bytes_raise_rule_set_error(folder: Path, content: bytes) -> None:
    """Random bytes (often not UTF-8) are a RuleSetError."""
    assert not load_written(folder, content)


@FUZZ
@given(st.data())
def test_what_the_checker_accepts_the_schema_accepts(data: st.DataObject) -> None:
    """The JSON Schema is no stricter than the loader's structure check: a mutated file
    the checker passes also passes the schema (the schema is rendered from the same
    declaration)."""
    name = data.draw(st.sampled_from(sorted(SHIPPED)), label="file")
    mutated, _ = data.draw(rule_file_mutations(SHIPPED[name]), label="mutation")
    found: list[str] = []
    sp.check(rf.RULESET, mutated, "", None, None, lambda c, k, p, m: found.append(m))
    if not found:
        assert [e.message for e in SCHEMA.iter_errors(as_json(mutated))] == []
