"""libyaml (``yaml.CSafeLoader``) and the pure-Python loader read every rule file alike:
the same data, the same line of every key and item, and, for a broken file, the same
error with the same line (:func:`statdeadline.rules.yamlfile.load_yaml_text`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from statdeadline.exceptions import RuleSetError
from statdeadline.rules.loader import bundled_rules_dir
from statdeadline.rules.yamlfile import LineDict, LineList, _loader_class, load_yaml_text

RULES = bundled_rules_dir()
FILES = sorted(RULES.rglob("*.yaml"))


def shape(value: Any) -> Any:
    """``value`` with every mapping's and sequence's lines spelled out, and every
    scalar's type, so two readings compare equal only if they agree on all of them."""
    if isinstance(value, LineDict):
        return ("map", value.line, [(shape(k), value.lines[k], shape(v)) for k, v in value.items()])
    if isinstance(value, LineList):
        return ("seq", value.line, value.lines, [shape(v) for v in value])
    return (type(value).__name__, repr(value))


def reading(text: str, *, fast: bool) -> Any:
    """What the loader gives: the data's shape, or the error's text."""
    try:
        return shape(load_yaml_text(text, "f.yaml", fast=fast))
    except RuleSetError as exc:
        return str(exc)


def test_libyaml_is_used_where_pyyaml_has_it() -> None:
    """The fast loader is built on CSafeLoader when PyYAML was built with libyaml."""
    cls = _loader_class(True)
    if not yaml.__with_libyaml__:
        assert cls is None
    else:
        assert cls is not None and issubclass(cls, yaml.CSafeLoader)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(RULES)))
def test_every_bundled_file_reads_the_same(path: Path) -> None:
    """Data, types and every line number agree on every bundled rule file and profile."""
    text = path.read_text(encoding="utf-8")
    pure = reading(text, fast=False)
    assert isinstance(pure, tuple)  # the bundled files load
    assert reading(text, fast=True) == pure
    cls = _loader_class(True)
    if cls is not None:  # libyaml itself reads it (not the fallback), with no second look
        loader = cls(text)
        assert (shape(loader.get_single_data()), loader.ambiguous) == (pure, [])


def breakages(text: str) -> list[str]:
    """Broken versions of a rule file: cut off at a third, half and two thirds (often
    mid-quote or mid-flow), a tab indent, an unclosed quote, a duplicate key, a YAML 1.1
    boolean, an invalid date, a NUL."""
    lines = text.splitlines(keepends=True)
    n = len(lines)
    cut = [text[: len(text) * k // 6] for k in (2, 3, 4)]
    return [
        *cut,
        "".join(lines[:5]) + "\tbad: 1\n" + "".join(lines[5:]),
        "".join(lines[: n // 2]) + 'oops: "unclosed\n' + "".join(lines[n // 2 :]),
        text + "id: again\n",
        text + "extra: yes\n",
        text + "when: 2024-02-30\n",
        "".join(lines[:3]) + "x: \x00\n",
    ]


@pytest.mark.parametrize("path", FILES[:6] + FILES[-3:], ids=lambda p: p.name)
def test_broken_files_give_the_same_error(path: Path) -> None:
    """Each broken version gives the same error and line from either loader."""
    for text in breakages(path.read_text(encoding="utf-8")):
        assert reading(text, fast=True) == reading(text, fast=False)


@pytest.mark.parametrize(
    "text",
    [
        "a: !!int 010\n",  # tagged: no YAML 1.1 question, though libyaml cannot tell
        "a: !!str yes\n",
        "a: ! 010\n",
        "a: &x 010\nb: *x\n",
        "a: '010'\nb: \"yes\"\n",
        "a: 010\n",
        "<<: {a: 1}\nb: 2\n",
        "a: 1\r\nb: [1,\r\n  2]\r\n",
        "a: é\nb: [x, y]\n\u2028c: 1\n",
        # tabs as whitespace: libyaml takes them, the pure loader refuses each
        "a:\t1\n",
        "a: 1\t# c\n",
        "a: 1 \t\n",
        "a: [1,\t2]\n",
        "a: {b:\tc}\n",
    ],
)
def test_tags_anchors_and_line_breaks_read_the_same(text: str) -> None:
    """Explicit tags, anchors, merge keys, CRLF and Unicode line breaks."""
    assert reading(text, fast=True) == reading(text, fast=False)


def test_nesting_too_deep_for_libyaml_is_the_pure_loaders_error() -> None:
    """Flow collections nested 200,000 deep crash a libyaml without a depth limit (a
    segmentation fault with Debian's python3-yaml 6.0.3; PyYAML 6.0.4's wheel refuses
    them), so this runs in a child process, to report a crash rather than die of it;
    the fast path leaves such a text to the pure loader, whose error names the line."""
    code = (
        "from statdeadline.rules.yamlfile import load_yaml_text\n"
        "from statdeadline.exceptions import RuleSetError\n"
        "text = 'a:\\n  b: ' + '[' * 200000 + ']' * 200000 + '\\n'\n"
        "try:\n"
        "    load_yaml_text(text, 'deep.yaml')\n"
        "except RuleSetError as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("deep.yaml:2 YAML error: nested too deeply")


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize(
    ("text", "line"), [('a: "\\U00110000"\n', 1), ('x: 1\na: "\\UFFFFFFFF"\n', 2)]
)
def test_an_escape_past_unicode_is_a_yaml_error(text: str, line: int, fast: bool) -> None:
    """A ``\\U`` escape past U+10FFFF (PyYAML raises ValueError or OverflowError from
    its scanner, not a YAML error) is reported with file and line, from either loader."""
    with pytest.raises(RuleSetError) as err:
        load_yaml_text(text, "e.yaml", fast=fast)
    assert str(err.value) == f"e.yaml:{line} YAML error: an escape names no character"
