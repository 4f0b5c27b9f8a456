"""Safe YAML loading that remembers where every key and item came from.

PyYAML's ``safe_load`` forgets line numbers and silently keeps the last of two duplicate
keys. Rule files and calendar overrides are written by people, so errors must say
``file:line key.path``: this loader builds plain ``dict``/``list`` subclasses that carry
the line of each key and item, and rejects duplicate keys. It constructs only the safe
YAML tags (no Python objects, nothing evaluated).

One YAML 1.1 rule is dropped: plain scalars like ``17:30`` are *not* read as base-60
numbers (1050) but stay strings, as in YAML 1.2, so times of day can be written unquoted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from ..exceptions import RuleSetError, RuleSetIssue

__all__ = ["LineDict", "LineList", "line_of", "load_yaml_file", "load_yaml_text"]


class LineDict(dict):  # type: ignore[type-arg]  # values are arbitrary YAML data
    """A mapping from YAML that knows the line of itself and of each key."""

    line: int | None = None
    lines: dict[Any, int]


class LineList(list):  # type: ignore[type-arg]  # items are arbitrary YAML data
    """A sequence from YAML that knows the line of itself and of each item."""

    line: int | None = None
    lines: list[int]


#: What YAML counts as a line break (PyYAML's marks count lines the same way).
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings and sequences remember their lines."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # SafeLoader's scalar constructors raise plain exceptions on bad values ("!!int x",
        # "2024-02-30", "!!bool maybe", an empty "!!float"); report them as YAML errors at
        # the node.
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, LookupError, TypeError, AttributeError, OverflowError) as exc:
            tag = node.tag.rsplit(":", 1)[-1]
            shown = f" {node.value!r}" if isinstance(node, yaml.ScalarNode) else ""
            detail = f": {exc}" if isinstance(exc, ValueError) else ""
            raise yaml.constructor.ConstructorError(
                None, None, f"invalid {tag}{shown}{detail}", node.start_mark
            ) from None

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        # Record how many of the node's pairs came from merge keys ("<<"): PyYAML puts them
        # first. The mapping's own keys override merged ones (YAML merge semantics), so a
        # merged key repeated by the mapping itself is not a duplicate.
        own = sum(1 for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge")
        super().flatten_mapping(node)
        merged = len(node.value) - own
        if merged:
            node.merged_pairs = merged  # type: ignore[attr-defined]  # yaml nodes allow it


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> Iterator[LineDict]:
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.lines = {}
    yield data
    loader.flatten_mapping(node)
    merged = getattr(node, "merged_pairs", 0)
    own: set[Any] = set()
    for index, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "found an unhashable key", key_node.start_mark
            ) from None
        if index >= merged and key in own:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first at line {data.lines[key]})",
                key_node.start_mark,
            )
        data[key] = loader.construct_object(value_node, deep=True)
        data.lines[key] = line
        if index >= merged:
            own.add(key)


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode) -> Iterator[LineList]:
    data = LineList()
    data.line = node.start_mark.line + 1
    data.lines = []
    yield data
    for item in node.value:
        data.append(loader.construct_object(item, deep=True))
        data.lines.append(item.start_mark.line + 1)


# YAML 1.1 reads 17:30 as the base-60 integer 1050 and 1:30.5 as a float; drop those
# forms (YAML 1.2 has none) so a time of day stays a string. Other numbers are unchanged.
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_INT, _FLOAT)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    _INT,
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)
_LineLoader.add_implicit_resolver(
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?"
        r"|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)

_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def load_yaml_text(text: str, source: str = "<string>") -> Any:
    """Parse YAML text safely into LineDict/LineList/scalars.

    A syntax error, a duplicate key, a value its tag cannot build (``2024-02-30``,
    ``!!int x``), a character YAML does not allow (NUL) or nesting too deep to parse
    raises :class:`RuleSetError` naming ``source`` and the line.
    """
    loader: _LineLoader | None = None
    try:
        loader = _LineLoader(text)  # a SafeLoader subclass: no Python objects, nothing evaluated
        return loader.get_single_data()
    except RecursionError:
        reached = loader.get_mark().line + 1 if loader is not None else None
        raise RuleSetError(
            [RuleSetIssue(source, reached, "", "YAML error: nested too deeply")]
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (e.g. NUL)
        at = exc.position
        line = len(_LINE_BREAK.findall(text, 0, at)) + 1 if isinstance(at, int) else None
        problem = f"unacceptable character #x{exc.character:04x}: {exc.reason}"
        raise RuleSetError([RuleSetIssue(source, line, "", f"YAML error: {problem}")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise RuleSetError([RuleSetIssue(source, line, "", f"YAML error: {problem}")]) from None
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())  # one line, like every other issue
        raise RuleSetError([RuleSetIssue(source, None, "", f"YAML error: {problem}")]) from None
    finally:
        if loader is not None:
            loader.dispose()


def load_yaml_file(path: str | Path) -> Any:
    """Read and parse a YAML file (UTF-8) safely; errors name the file and line."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleSetError(
            [RuleSetIssue(str(p), None, "", f"cannot read: {exc.strerror}")]
        ) from None
    except UnicodeDecodeError:
        raise RuleSetError([RuleSetIssue(str(p), None, "", "not UTF-8 text")]) from None
    return load_yaml_text(text, str(p))


def line_of(container: Any, key: Any = None) -> int | None:
    """The line of ``container[key]`` (or of the container when ``key`` is None), if known."""
    own: int | None = getattr(container, "line", None)
    if key is None:
        return own
    lines = getattr(container, "lines", None)
    if lines is None:
        return own
    if isinstance(container, LineDict):
        found: int | None = lines.get(key, own)
        return found
    if isinstance(key, int) and 0 <= key < len(lines):
        return int(lines[key])
    return own
