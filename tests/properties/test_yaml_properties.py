"""The YAML 1.2 reading of plain scalars (statdeadline.rules.yamlfile): a scalar is either
read as YAML 1.1 (PyYAML's safe_load) reads it too, or refused with YAML 1.1's reading in
the message. So a rule file that loads means the same to every YAML reader."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from statdeadline.exceptions import RuleSetError
from statdeadline.rules.yamlfile import load_yaml_text

SCALARS = st.text(alphabet="0123456789+-._:eEoxbBtrufalsyYnNOFTY", min_size=1, max_size=8)


def yaml11(text: str) -> Any:
    """What PyYAML (YAML 1.1) makes of ``a: <text>``, or a marker if it cannot."""
    try:
        return yaml.safe_load(f"a: {text}\n")["a"]
    except (yaml.YAMLError, ValueError, TypeError, KeyError):
        return pytest


def shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the text {value!r}"
    return repr(value)


@given(SCALARS)
def test_a_plain_scalar_means_the_same_in_yaml_1_1_or_is_refused(text: str) -> None:
    """Loaded: equal (value and type) to PyYAML's reading. Refused: the message gives
    PyYAML's reading as YAML 1.1's."""
    old = yaml11(text)
    if old is pytest or isinstance(old, (dt.date, list, dict)):  # not a scalar YAML 1.1 builds
        return
    try:
        data = load_yaml_text(f"a: {text}\n")
    except RuleSetError as exc:
        (issue,) = exc.issues
        assert f" but {shown(old)} in YAML 1.1;" in issue.message
        assert (issue.line, issue.path) == (1, "a")
        return
    new = data["a"]
    assert (type(new), repr(new)) == (type(old), repr(old))


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_integers_written_plainly_are_integers(n: int) -> None:
    """An integer written without leading zeros, underscores or a base is that integer."""
    assert load_yaml_text(f"a: {n}\n") == {"a": n}


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20))
def test_quoted_text_is_always_text(text: str) -> None:
    """A double-quoted scalar is the text, whatever it looks like (yes, 010, 17:30...)."""
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    assert load_yaml_text(f'a: "{quoted}"\n') == {"a": text}
