"""Safe YAML loading that remembers where every key and item came from.

PyYAML's ``safe_load`` forgets line numbers and silently keeps the last of two duplicate
keys. Rule files and calendar overrides are written by people, so errors must say
``file:line key.path``: this loader builds plain ``dict``/``list`` subclasses that carry
the line of each key and item, and rejects duplicate keys. It constructs only the safe
YAML tags (no Python objects, nothing evaluated).

Plain scalars are read as YAML 1.2 (its core schema, plus dates ``2024-01-31``): ``010``
is ten, ``0o10`` eight, ``yes`` and ``on`` are text, ``1e3`` is a number. PyYAML reads
YAML 1.1, so its resolver is replaced. A plain scalar that YAML 1.1 would read otherwise
(``yes``, ``010``, ``1_000``, ``17:30``...) is refused with the way to write it so that
every reader agrees (:mod:`statdeadline.rules.yaml11`); quoted scalars are always text.

PyYAML (and :mod:`~statdeadline.rules.yaml11`) are imported on first use, not when this
module is: PyYAML costs about 20 ms. Files are parsed by libyaml (``yaml.CSafeLoader``)
where PyYAML has it, and read again by the pure-Python loader whenever libyaml's reading
finds a fault, so results and messages are the pure loader's (:func:`load_yaml_text`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exceptions import RuleSetError, RuleSetIssue

if TYPE_CHECKING:
    import yaml

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


_PREFIX = "tag:yaml.org,2002:"
#: YAML 1.2's core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), with dates.
_RESOLVERS_12 = (
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    (
        "float",
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        "-+.0123456789",
    ),
)
#: Resolvers kept from PyYAML (YAML 1.1 and 1.2 agree on them).
_KEPT = ("null", "timestamp", "merge")


def _construct_int_12(loader: Any, node: yaml.ScalarNode) -> int:
    """A YAML 1.2 integer: decimal (leading zeros are not octal), ``0o`` octal, ``0x`` hex."""
    text = loader.construct_scalar(node)
    if text[:2] == "0o":
        return int(text[2:], 8)
    if text[:2] == "0x":
        return int(text[2:], 16)
    return int(text, 10)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and repr(a) == repr(b)  # repr: nan is nan


@functools.cache
def _loader_class(fast: bool = False) -> type[Any] | None:
    """The loader class, built on first use (PyYAML is imported here). ``fast``: on
    libyaml's ``CSafeLoader`` (still safe loading: the same constructors and resolvers,
    only the scanning and parsing in C), or ``None`` if PyYAML was built without it."""
    import yaml

    from .yaml11 import advice, reading_11

    parser = getattr(yaml, "CSafeLoader", None) if fast else yaml.SafeLoader
    if parser is None:
        return None

    class _LineLoader(parser):  # type: ignore[misc,valid-type]  # SafeLoader or CSafeLoader
        """A safe loader reading YAML 1.2 scalars, whose mappings and sequences remember
        their lines and which notes plain scalars YAML 1.1 reads otherwise."""

        def __init__(self, stream: str):
            super().__init__(stream)
            self.key_path: list[Any] = []  # where construction is, for messages
            self.ambiguous: list[tuple[int, str, str]] = []  # (line, path, message)

        if not fast:

            def compose_scalar_node(self, anchor: Any) -> yaml.ScalarNode:
                event = self.peek_event()
                node: yaml.ScalarNode = super().compose_scalar_node(anchor)
                # plain (unquoted), with no tag written: its type is implied by its text
                node.implied = event.style is None and event.tag in (None, "!")  # type: ignore[attr-defined]  # yaml nodes allow it
                return node

        def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
            # SafeConstructor's scalar constructors raise plain exceptions on bad values
            # ("!!int x", "2024-02-30", "!!bool maybe", an empty "!!float"); report them as
            # YAML errors at the node.
            try:
                value = super().construct_object(node, deep=deep)
            except (ValueError, LookupError, TypeError, AttributeError, OverflowError) as exc:
                tag = node.tag.rsplit(":", 1)[-1]
                shown = f" {node.value!r}" if isinstance(node, yaml.ScalarNode) else ""
                detail = f": {exc}" if isinstance(exc, ValueError) else ""
                raise yaml.constructor.ConstructorError(
                    None, None, f"invalid {tag}{shown}{detail}", node.start_mark
                ) from None
            if isinstance(node, yaml.ScalarNode) and _implied(node):
                self._compare_with_11(node, value)
            return value

        def _compare_with_11(self, node: yaml.ScalarNode, value: Any) -> None:
            old = reading_11(node.value)
            if old is node.value:  # text (or null, a date) in YAML 1.1
                if not isinstance(value, (bool, int, float)):
                    return
            elif _same(old, value):
                return
            path = ".".join(str(k) for k in self.key_path).replace(".[", "[")
            line = node.start_mark.line + 1
            self.ambiguous.append((line, path, advice(node.value, value, old)))

        def flatten_mapping(self, node: yaml.MappingNode) -> None:
            # Record how many of the node's pairs came from merge keys ("<<"): PyYAML puts
            # them first. The mapping's own keys override merged ones (YAML merge
            # semantics), so a merged key repeated by the mapping itself is not a duplicate.
            own = sum(1 for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge")
            super().flatten_mapping(node)
            merged = len(node.value) - own
            if merged:
                node.merged_pairs = merged  # type: ignore[attr-defined]  # yaml nodes allow it

    _LineLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag[len(_PREFIX) :] in _KEPT]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    for name, pattern, first in _RESOLVERS_12:
        _LineLoader.add_implicit_resolver(
            _PREFIX + name, re.compile(f"^(?:{pattern})$"), list(first)
        )
    _LineLoader.add_constructor(_PREFIX + "int", _construct_int_12)
    _LineLoader.add_constructor(_PREFIX + "map", _construct_map)
    _LineLoader.add_constructor(_PREFIX + "seq", _construct_seq)
    return _LineLoader


def _implied(node: Any) -> bool:
    """A plain scalar whose type is implied by its text. The pure loader knows (it marks
    the node while composing, where the event says whether a tag was written); libyaml's
    nodes do not say, so there every plain scalar counts, tagged or not: at worst a
    tagged one is compared with YAML 1.1 too, and the file is then read again by the pure
    loader (:func:`load_yaml_text`), whose verdict stands."""
    implied = getattr(node, "implied", None)
    if implied is not None:
        return bool(implied)
    return node.style in (None, "")  # libyaml: '' for plain


def _construct_map(loader: Any, node: yaml.MappingNode) -> Iterator[LineDict]:
    from yaml.constructor import ConstructorError

    data = LineDict()
    data.line = node.start_mark.line + 1
    data.lines = {}
    yield data
    loader.flatten_mapping(node)
    merged = getattr(node, "merged_pairs", 0)
    own: set[Any] = set()
    for index, (key_node, value_node) in enumerate(node.value):
        loader.key_path.append(getattr(key_node, "value", "?"))
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            raise ConstructorError(
                None, None, "found an unhashable key", key_node.start_mark
            ) from None
        if index >= merged and key in own:
            raise ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first at line {data.lines[key]})",
                key_node.start_mark,
            )
        data[key] = loader.construct_object(value_node, deep=True)
        loader.key_path.pop()
        data.lines[key] = line
        if index >= merged:
            own.add(key)


def _construct_seq(loader: Any, node: yaml.SequenceNode) -> Iterator[LineList]:
    data = LineList()
    data.line = node.start_mark.line + 1
    data.lines = []
    yield data
    for index, item in enumerate(node.value):
        loader.key_path.append(f"[{index}]")
        data.append(loader.construct_object(item, deep=True))
        loader.key_path.pop()
        data.lines.append(item.start_mark.line + 1)


def load_yaml_text(text: str, source: str = "<string>", *, fast: bool = True) -> Any:
    """Parse YAML text safely into LineDict/LineList/scalars.

    A syntax error, a duplicate key, a value its tag cannot build (``2024-02-30``,
    ``!!int x``), a character YAML does not allow (NUL) or nesting too deep to parse
    raises :class:`RuleSetError` naming ``source`` and the line; so does every plain
    scalar YAML 1.1 reads otherwise (all of them at once, each with its key path).

    ``fast`` (the default): parse with libyaml (``yaml.CSafeLoader``) when PyYAML has
    it, about 20 times faster than the pure-Python loader, with the same constructors,
    resolvers and line numbers; a text it finds any fault with (or whose plain scalars
    need a second look) is read again by the pure loader, so every result and every
    message is the pure loader's; so is a text with a tab or a great many flow
    collections (:func:`_fast_is_safe`), which libyaml would read differently or crash
    on. ``fast=False``: the pure loader only.
    """
    loader_class = _loader_class(True) if fast and _fast_is_safe(text) else None
    if loader_class is not None:
        try:
            loader = loader_class(text)
            try:
                data = loader.get_single_data()
            finally:
                loader.dispose()
            if not loader.ambiguous:
                return data
        except Exception:  # any fault: the pure loader reports it, in its own words
            pass
    return _load_pure(text, source)


#: Flow collections opened in a text past which libyaml is not trusted with it: its C
#: composer recurses without a limit and crashes the process (a segmentation fault no
#: ``except`` can catch) on flow collections nested some 100,000 deep, where the pure
#: loader says "nested too deeply".
_FAST_FLOWS = 1000


def _fast_is_safe(text: str) -> bool:
    """Whether libyaml reads ``text`` as the pure loader does: not when it has a tab
    (libyaml takes a tab as whitespace after a key, before a comment, at a line's end or
    inside a flow collection, all of which the pure loader refuses) or more flow
    collections than :data:`_FAST_FLOWS` (the depth a crash needs is far beyond any rule
    file, and counting openings is a bound on it)."""
    return "\t" not in text and text.count("[") + text.count("{") <= _FAST_FLOWS


def _load_pure(text: str, source: str) -> Any:
    """:func:`load_yaml_text` with PyYAML's pure-Python loader."""
    import yaml

    pure = _loader_class()
    assert pure is not None  # PyYAML always has SafeLoader
    loader: Any = None
    try:
        loader = pure(text)  # a SafeLoader subclass: no Python objects, nothing evaluated
        data = loader.get_single_data()
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
        line, problem = _where(exc)
        raise RuleSetError([RuleSetIssue(source, line, "", f"YAML error: {problem}")]) from None
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())  # one line, like every other issue
        raise RuleSetError([RuleSetIssue(source, None, "", f"YAML error: {problem}")]) from None
    except (ValueError, OverflowError):
        # PyYAML's scanner builds a "\U" escape with chr() unchecked: past U+10FFFF it
        # raises ValueError (OverflowError past a C int) where it stopped
        reached = loader.get_mark().line + 1 if loader is not None else None
        raise RuleSetError(
            [RuleSetIssue(source, reached, "", "YAML error: an escape names no character")]
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    if loader.ambiguous:
        raise RuleSetError(
            RuleSetIssue(source, line, path, message) for line, path, message in loader.ambiguous
        )
    return data


#: Contexts of a syntax error whose start is where the mistake is: an unclosed quote is
#: noticed only where the stream (or the next quote) ends, often lines later.
_STARTED_AT = ("while scanning a quoted scalar",)


def _where(exc: yaml.MarkedYAMLError) -> tuple[int | None, str]:
    """The line and message of a YAML syntax error. For a context in :data:`_STARTED_AT`
    (an unclosed quote) the line is where the context started, and the message says
    where the problem was noticed:

    ``3 found unexpected end of stream at line 5 while scanning a quoted scalar that
    starts on line 3``; otherwise the line of the problem and PyYAML's words for it.
    """
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    problem = exc.problem or exc.context or "invalid YAML"
    start = exc.context_mark
    if exc.context in _STARTED_AT and start is not None and start.line + 1 != line:
        noticed = f" at line {line}" if line is not None else ""
        problem = f"{problem}{noticed} {exc.context} that starts on line {start.line + 1}"
        line = start.line + 1
    return line, problem


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
