"""Safe YAML loading that remembers where every key and item came from.

PyYAML's ``safe_load`` forgets line numbers and silently keeps the last of two duplicate
keys. Rule files and calendar overrides are written by people, so errors must say
``file:line key.path``: this loader builds plain ``dict``/``list`` subclasses that carry
the line of each key and item, and rejects duplicate keys. It constructs only the safe
YAML tags (no Python objects, nothing evaluated).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from .exceptions import RuleSetError, RuleSetIssue

__all__ = ["LineDict", "LineList", "line_of", "load_yaml_file", "load_yaml_text"]


class LineDict(dict):  # type: ignore[type-arg]  # values are arbitrary YAML data
    """A mapping from YAML that knows the line of itself and of each key."""

    line: int | None = None
    lines: dict[Any, int]


class LineList(list):  # type: ignore[type-arg]  # items are arbitrary YAML data
    """A sequence from YAML that knows the line of itself and of each item."""

    line: int | None = None
    lines: list[int]


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings and sequences remember their lines."""


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> Iterator[LineDict]:
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.lines = {}
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "found an unhashable key", key_node.start_mark
            ) from None
        if key in data:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first at line {data.lines[key]})",
                key_node.start_mark,
            )
        data[key] = loader.construct_object(value_node, deep=True)
        data.lines[key] = line


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode) -> Iterator[LineList]:
    data = LineList()
    data.line = node.start_mark.line + 1
    data.lines = []
    yield data
    for item in node.value:
        data.append(loader.construct_object(item, deep=True))
        data.lines.append(item.start_mark.line + 1)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def load_yaml_text(text: str, source: str = "<string>") -> Any:
    """Parse YAML text safely into LineDict/LineList/scalars.

    A syntax error, or a duplicate key, raises :class:`RuleSetError` naming ``source``
    and the line.
    """
    try:
        return yaml.load(text, Loader=_LineLoader)  # _LineLoader is a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise RuleSetError([RuleSetIssue(source, line, "", f"YAML error: {problem}")]) from None
    except yaml.YAMLError as exc:
        raise RuleSetError([RuleSetIssue(source, None, "", f"YAML error: {exc}")]) from None


def load_yaml_file(path: str | Path) -> Any:
    """Read and parse a YAML file (UTF-8) safely; errors name the file and line."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleSetError([RuleSetIssue(str(p), None, "", f"cannot read: {exc.strerror}")]) from None
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
