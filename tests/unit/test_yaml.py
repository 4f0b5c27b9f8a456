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
        # an unclosed quote: the line it opens on, and where the end of the stream was met
        (
            "a: 'open\n",
            "f.yaml:1 YAML error: found unexpected end of stream at line 2 while scanning a"
            " quoted scalar that starts on line 1",
        ),
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
    data = load_yaml_text("a:\n  - x\n  - z\nb: 1\n")
    assert line_of(data) == 1
    assert line_of(data, "b") == 4
    assert line_of(data, "missing") == 1  # falls back to the mapping's own line
    assert line_of(data["a"], 1) == 3
    assert line_of(data["a"], 7) == 2  # out of range: the sequence's own line
    assert line_of(data["a"]) == 2
    assert line_of({"a": 1}, "a") is None  # plain dicts carry no lines
    assert line_of([1], 0) is None
    assert line_of("scalar") is None


def test_scalars_are_read_as_yaml_1_2() -> None:
    """Plain scalars follow YAML 1.2's core schema: 010 is ten, 0o10 eight, 0x1F 31,
    1e3 a float; true/false are the only booleans; null and dates are as before; quoted
    scalars are always text."""
    data = load_yaml_text(
        "a: 10\nb: 0x1F\nc: -3\nd: 1.5\ne: true\nf: FALSE\ng: null\nh: ~\n"
        "i: 2024-01-31\nj: 'yes'\nk: \"010\"\nl: '17:30'\nm: +7\nn2: .inf\nz: ten\n"
    )
    assert dict(data) == {
        "a": 10,
        "b": 31,
        "c": -3,
        "d": 1.5,
        "e": True,
        "f": False,
        "g": None,
        "h": None,
        "i": dt.date(2024, 1, 31),
        "j": "yes",
        "k": "010",
        "l": "17:30",
        "m": 7,
        "n2": float("inf"),
        "z": "ten",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "yes",
            "'yes' is the text 'yes' in YAML 1.2 but true in YAML 1.1; write true or false for yes/no, or quote it ('yes') for the text",
        ),
        (
            "Off",
            "'Off' is the text 'Off' in YAML 1.2 but false in YAML 1.1; write true or false for yes/no, or quote it ('Off') for the text",
        ),
        (
            "010",
            "'010' is 10 in YAML 1.2 but 8 in YAML 1.1; write 10 for the number, or quote it ('010') for the text",
        ),
        (
            "09",
            "'09' is 9 in YAML 1.2 but the text '09' in YAML 1.1; write 9 for the number, or quote it ('09') for the text",
        ),
        (
            "0o17",
            "'0o17' is 15 in YAML 1.2 but the text '0o17' in YAML 1.1; write 15 for the number, or quote it ('0o17') for the text",
        ),
        (
            "0b101",
            "'0b101' is the text '0b101' in YAML 1.2 but 5 in YAML 1.1; write 5 for the number, or quote it ('0b101') for the text",
        ),
        (
            "1_000",
            "'1_000' is the text '1_000' in YAML 1.2 but 1000 in YAML 1.1; write 1000 for the number, or quote it ('1_000') for the text",
        ),
        (
            "1e3",
            "'1e3' is 1000.0 in YAML 1.2 but the text '1e3' in YAML 1.1; write 1000.0 for the number, or quote it ('1e3') for the text",
        ),
        (
            "1:20",
            "'1:20' is the text '1:20' in YAML 1.2 but 80 in YAML 1.1; quote it ('1:20') for the text",
        ),
        (
            "17:30",
            "'17:30' is the text '17:30' in YAML 1.2 but 1050 in YAML 1.1; quote it ('17:30') for the text",
        ),
    ],
)
def test_a_plain_scalar_yaml_1_1_reads_otherwise_is_refused(text: str, expected: str) -> None:
    """A plain scalar whose YAML 1.1 reading differs from its YAML 1.2 one is an error at
    its line and key path, saying both readings and how to write it unambiguously."""
    e = yaml_error(f"top:\n  list:\n    - ok\n    - {text}\n")
    assert str(e) == f"f.yaml:4 top.list[1]: {expected}"
    assert (e.file, e.line, e.path) == ("f.yaml", 4, "top.list[1]")


def test_every_ambiguous_scalar_is_reported_at_once_keys_included() -> None:
    """All offenders are reported together, a key like 'on' as well as values; a tag
    written out (!!str, !!bool) or quotes say what is meant, so they are accepted."""
    e = yaml_error("on: 1\na: {b: no}\nc: !!str yes\nd: !!bool 'true'\ne: 'no'\nf: 1_0.5\n")
    assert [(i.line, i.path) for i in e.issues] == [(1, "on"), (2, "a.b"), (6, "f")]
    data = load_yaml_text("c: !!str yes\nd: !!int '10'\ne: 'no'\n")
    assert dict(data) == {"c": "yes", "d": 10, "e": "no"}


def test_one_letter_y_and_n_stay_text() -> None:
    """y and n are text in YAML 1.2 and in PyYAML's YAML 1.1, so they are not refused."""
    assert dict(load_yaml_text("a: y\nb: N\n")) == {"a": "y", "b": "N"}


def test_yaml_is_not_imported_until_a_file_is_read() -> None:
    """Importing the YAML module does not import PyYAML (it costs ~20 ms of cold start)."""
    import subprocess
    import sys

    code = "import sys, statdeadline.rules.yamlfile; print('yaml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False\n"
