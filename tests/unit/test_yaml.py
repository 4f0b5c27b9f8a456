"""statdeadline.rules.yamlfile: safe YAML that keeps line numbers and rejects duplicate keys."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from statdeadline.exceptions import RuleSetError
from statdeadline.rules.yamlfile import LineDict, LineList, line_of, load_yaml_file, load_yaml_text


def yaml_error(text: str, source: str = "f.yaml") -> RuleSetError:
    with pytest.raises(RuleSetError) as info:
        load_yaml_text(text, source)
    return info.value


def test_mappings_and_sequences_remember_their_lines() -> None:
    """Each mapping/sequence records its own line and the line of each key or item."""
    data = load_yaml_text("top:\n  - date: 2024-01-01\n    reason: x\n  - 5\nother: 1\n")
    assert isinstance(data, LineDict)
    assert (data.line, data.lines) == (1, {"top": 1, "other": 5})
    top = data["top"]
    assert isinstance(top, LineList)
    assert (top.line, top.lines) == (2, [2, 4])
    assert top[0].lines == {"date": 2, "reason": 3}


def test_values_are_plain_python_data() -> None:
    """Mappings compare equal to dicts; YAML dates become datetime.date."""
    data = load_yaml_text("a: 2024-02-29\nb: [1, two]\nc: {d: null}\n")
    assert data == {"a": dt.date(2024, 2, 29), "b": [1, "two"], "c": {"d": None}}
    assert type(data["a"]) is dt.date


def test_empty_document_is_none() -> None:
    """An empty file parses to None (callers decide what that means)."""
    assert load_yaml_text("") is None


def test_merge_keys_are_flattened() -> None:
    """'<<' merges the anchored mapping's keys into the mapping."""
    assert load_yaml_text("b: &b {a: 1}\nx:\n  <<: *b\n  c: 2\n")["x"] == {"a": 1, "c": 2}


def test_duplicate_key_is_rejected_with_both_lines() -> None:
    """A repeated key is an error at its second line, naming the first."""
    e = yaml_error("a: 1\nb: 2\na: 3\n")
    assert str(e) == "f.yaml:3 YAML error: duplicate key 'a' (first at line 1)"
    assert (e.file, e.line, e.path) == ("f.yaml", 3, "")


def test_duplicate_key_in_a_nested_mapping_is_rejected() -> None:
    """Duplicates are found at any depth, including in flow mappings."""
    assert str(yaml_error("a:\n  b: 1\n  b: 2\n")) == (
        "f.yaml:3 YAML error: duplicate key 'b' (first at line 2)"
    )
    assert str(yaml_error("- x\n- {a: 1, a: 2}\n")) == (
        "f.yaml:2 YAML error: duplicate key 'a' (first at line 2)"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: [1, 2\nb: 3\n", "f.yaml:2 YAML error: expected ',' or ']', but got ':'"),
        ("a: 1\n  b: 2\n", "f.yaml:2 YAML error: mapping values are not allowed here"),
        ("a: 'open\n", "f.yaml:2 YAML error: found unexpected end of stream"),
        ("\tb: 1\n", "f.yaml:1 YAML error: found character '\\t' that cannot start any token"),
        ("a: 1\n---\nb: 2\n", "f.yaml:2 YAML error: but found another document"),
    ],
)
def test_syntax_errors_name_the_file_and_line(text: str, expected: str) -> None:
    """A YAML syntax error is one RuleSetIssue: 'file:line YAML error: problem'."""
    assert str(yaml_error(text)) == expected


def test_unhashable_key_is_an_error() -> None:
    """A sequence used as a key is rejected with the key's line."""
    e = yaml_error("a: 1\n? [1, 2]\n: x\n")
    assert str(e) == "f.yaml:2 YAML error: found an unhashable key"


def test_python_tags_are_not_constructed() -> None:
    """Only safe tags are built: a python/object tag is an error, nothing is executed."""
    e = yaml_error("a: !!python/object/apply:os.system ['true']\n")
    assert str(e) == (
        "f.yaml:1 YAML error: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'"
    )


def test_default_source_name() -> None:
    """Without a source name, errors say <string>."""
    with pytest.raises(RuleSetError) as info:
        load_yaml_text("a: 1\na: 2\n")
    assert str(info.value) == "<string>:2 YAML error: duplicate key 'a' (first at line 1)"


def test_impossible_date_names_the_file_and_line() -> None:
    """'2026-02-30' matches YAML's timestamp pattern but is no date: report file:line."""
    e = yaml_error("a: 1\nd: 2026-02-30\n")
    assert str(e) == (
        "f.yaml:2 YAML error: invalid timestamp '2026-02-30': day is out of range for month"
    )
    assert (e.file, e.line) == ("f.yaml", 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: !!int x1\n",
            "f.yaml:1 YAML error: invalid int 'x1': invalid literal for int() with base 10: 'x1'",
        ),
        (
            "a: !!float abc\n",
            "f.yaml:1 YAML error: invalid float 'abc': could not convert string to float: 'abc'",
        ),
        ("a: 1\nb: !!bool maybe\n", "f.yaml:2 YAML error: invalid bool 'maybe'"),
        ("a: !!float\n", "f.yaml:1 YAML error: invalid float ''"),
        (
            "- !!timestamp 2024-13-01\n",
            "f.yaml:1 YAML error: invalid timestamp '2024-13-01': month must be in 1..12",
        ),
    ],
)
def test_bad_tagged_scalars_are_yaml_errors(text: str, expected: str) -> None:
    """A value its (explicit or implied) tag cannot build is a RuleSetError at its line,
    not the ValueError/KeyError PyYAML's constructors raise."""
    assert str(yaml_error(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "\x00",
            "f.yaml:1 YAML error: unacceptable character #x0000: special characters are not allowed",
        ),
        (
            "a: 1\rb: \x07\n",
            "f.yaml:2 YAML error: unacceptable character #x0007: special characters are not allowed",
        ),
    ],
)
def test_characters_yaml_does_not_allow(text: str, expected: str) -> None:
    """A control character is one issue on one line, with the line it is on, counting
    line breaks as YAML does (a lone CR is one); PyYAML's own message spans two lines and
    gives a character position."""
    assert str(yaml_error(text)) == expected


def test_deep_nesting_is_a_yaml_error_not_a_recursion_error() -> None:
    """Nesting deeper than the parser can recurse is reported, with the line reached."""
    e = yaml_error("a: 1\nb: " + "[" * 5000 + "\n")
    assert str(e) == "f.yaml:2 YAML error: nested too deeply"


def test_own_keys_override_merged_keys() -> None:
    """As in yaml.safe_load, a mapping's own key overrides one merged from '<<' (not a
    duplicate), and of several merged mappings the earlier wins."""
    text = "b: &b {a: 1, c: 1}\nc: &c {a: 3, d: 3}\nx:\n  <<: [*b, *c]\n  c: 2\n"
    data = load_yaml_text(text)
    assert data["x"] == {"a": 1, "c": 2, "d": 3}
    assert data["x"].lines == {"a": 1, "c": 5, "d": 2}


def test_duplicate_own_keys_are_still_rejected_beside_a_merge() -> None:
    """Merging does not hide a key written twice in the mapping itself."""
    e = yaml_error("x: {a: 1, <<: {a: 2}, a: 3}\n")
    assert str(e) == "f.yaml:1 YAML error: duplicate key 'a' (first at line 1)"


def test_load_yaml_file_reads_utf8_and_names_the_file(tmp_path: Path) -> None:
    """A file is read as UTF-8; its errors carry its path."""
    good = tmp_path / "good.yaml"
    good.write_text("reason: Council closure — Christmas\n", encoding="utf-8")
    assert load_yaml_file(good) == {"reason": "Council closure — Christmas"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: 1\na: 2\n", encoding="utf-8")
    assert str(yaml_file_error(bad)) == f"{bad}:2 YAML error: duplicate key 'a' (first at line 1)"


def yaml_file_error(path: Path | str) -> RuleSetError:
    with pytest.raises(RuleSetError) as info:
        load_yaml_file(path)
    return info.value


def test_missing_file(tmp_path: Path) -> None:
    """A file that cannot be read is one issue naming it, with the OS reason."""
    path = tmp_path / "missing.yaml"
    assert str(yaml_file_error(path)) == f"{path} cannot read: No such file or directory"
    assert yaml_file_error(str(path)).line is None


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 are reported as such, not as a decoding traceback."""
    path = tmp_path / "latin1.yaml"
    path.write_bytes("reason: caf\xe9\n".encode("latin-1"))
    assert str(yaml_file_error(path)) == f"{path} not UTF-8 text"


def test_line_of() -> None:
    """line_of finds a key's or item's line, else the container's, else None."""
    data = load_yaml_text("a:\n  - x\n  - y\nb: 1\n")
    assert line_of(data) == 1
    assert line_of(data, "b") == 4
    assert line_of(data, "missing") == 1  # falls back to the mapping's own line
    assert line_of(data["a"], 1) == 3
    assert line_of(data["a"], 7) == 2  # out of range: the sequence's own line
    assert line_of(data["a"]) == 2
    assert line_of({"a": 1}, "a") is None  # plain dicts carry no lines
    assert line_of([1], 0) is None
    assert line_of("scalar") is None


def test_times_of_day_stay_strings_not_base_60_numbers() -> None:
    """An unquoted 17:30 is the string '17:30' (YAML 1.2), not YAML 1.1's base-60 1050;
    other plain numbers load as safe_load loads them."""
    from statdeadline.rules.yamlfile import load_yaml_text

    data = load_yaml_text("t: 17:30\nn: 12\nf: 1.5\nh: 0x1F\nneg: -3\nsep: 1_000\n")
    assert dict(data) == {"t": "17:30", "n": 12, "f": 1.5, "h": 31, "neg": -3, "sep": 1000}
