"""``statdeadline case``: a case's deadlines from a JSON or YAML event history."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from ..engine import Case
from ..engine.stored import CHOICE_KEYS, choice_issues, load_for_case, unwrap
from ..exceptions import RuleSetError, StatDeadlineError, UsageError
from ..rules import RuleSet
from ..rules.yamlfile import load_yaml_file  # not yet exported by statdeadline.rules
from .common import add_command, rules_dirs
from .deadlines import add_case_options, case_error, output

__all__ = ["case_data", "load_case_ruleset", "register", "replay"]


def _read_case_file(path: Path) -> Any:
    """The data of a case file: JSON, or YAML read safely (errors name the file)."""
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return load_yaml_file(path)
    if suffix != ".json":
        raise UsageError(
            f"{path}: unknown case file format {suffix or '(no extension)'}; "
            "expected .json, .yaml or .yml"
        )
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{path}:{exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno})"
        ) from None


def _read_stdin(stdin: TextIO) -> Any:
    """The JSON document on standard input (errors name ``-``)."""
    try:
        return json.loads(stdin.read())
    except UnicodeDecodeError:
        raise UsageError("-: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"-:{exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno})"
        ) from None


def case_data(data: Any) -> Any:
    """The case in a document: ``Case.to_dict()``'s mapping itself, what the service's
    ``GET /cases/{id}`` answers, or the ``case`` of what ``due --format json`` and
    ``case --format json`` write (the deadlines beside it are recomputed, not read; see
    :func:`statdeadline.engine.stored.unwrap`)."""
    return unwrap(data)


def load_case_ruleset(ref: str, data: Mapping[str, Any], args: argparse.Namespace) -> RuleSet:
    """The rule set ``ref`` under the case's choices, each overridden by the command
    line's ``--convention`` and ``--division`` (:func:`~statdeadline.engine.stored.load_for_case`);
    a refused choice is named by its option where the command line made it, else by the
    case's key (``conventions.NAME``, ``division``; the caller puts the file in front)."""
    ours = dict(args.convention)
    try:
        return load_for_case(
            data, ref, rules_dirs=rules_dirs(args), conventions=ours, division=args.division
        )
    except RuleSetError as exc:
        refused = choice_issues(exc)
        if refused is None:
            raise
        raise UsageError("\n".join(f"{_option(k, ours, args)}: {m}" for k, m in refused)) from None


def _option(key: str, ours: Mapping[str, str], args: argparse.Namespace) -> str:
    """A refused choice's name: the command line's option when it made the choice."""
    if key == "division":
        return "argument --division" if args.division else key
    name = key.split(".", 1)[1]
    return f"argument --convention {name}" if name in ours else key


def replay(rs: RuleSet, data: Mapping[str, Any]) -> Case:
    """``data`` replayed under ``rs``, loaded with its choices (:func:`load_case_ruleset`),
    so they are not checked again (the command line may have overridden them)."""
    rest = {k: v for k, v in data.items() if k not in CHOICE_KEYS}
    return Case.from_dict(rs, {**rest, "ruleset": rs.id})


def _cmd_case(args: argparse.Namespace, out: TextIO) -> int:
    rules_dirs(args)  # a --rules that is no folder is the option's fault, not the file's
    stdin = args.file == "-"
    path = Path(args.file)
    raw = _read_stdin(sys.stdin) if stdin else _read_case_file(path)
    try:
        data = case_data(raw)
    except StatDeadlineError as exc:
        raise case_error(exc, str(path)) from None
    if not isinstance(data, Mapping) or not isinstance(data.get("ruleset"), str):
        raise UsageError(
            f"{path}: expected a mapping with case_id, ruleset (a rule-set id or file) and "
            "events, as written by Case.to_dict()"
        )
    ref = data["ruleset"]
    beside = path.parent / ref  # a rule file named in a case file is found beside it
    try:
        rs = load_case_ruleset(str(beside) if not stdin and beside.is_file() else ref, data, args)
        case = replay(rs, data)
    except StatDeadlineError as exc:
        raise case_error(exc, str(path)) from None
    return output(case, args, out)


def register(sub: Any) -> None:
    """Add ``case`` to the top-level subparsers ``sub``."""
    case = add_command(
        sub,
        "case",
        "a case's deadlines from a JSON or YAML event history",
        "Replay a case's event history from FILE and show each deadline, as 'due' does. "
        'FILE is JSON or YAML in the form Case.to_dict() writes: {"case_id": ..., '
        '"ruleset": ..., "events": [{"event": ..., "date": ..., field: value}]}, or what '
        "'due --format json' and 'case --format json' write, or what the service's "
        "GET /cases/{id} answers (its case is replayed, under the conventions and division "
        "it was made with unless --convention or --division say otherwise; the deadlines, "
        "state and other derived keys in it are not read); '-' reads JSON from standard "
        "input. "
        "A rule file named in FILE is looked for beside it first.",
        [
            "statdeadline case C-1.yaml --as-of 2024-04-12",
            "statdeadline case C-1.json --format json --explain",
            "statdeadline case - --as-of 2024-04-12 --format json",
        ],
        _cmd_case,
        notes=[
            'In YAML, quote times of day (time: "17:30"): unquoted, YAML reads 17:30 as a number.'
        ],
    )
    case.add_argument(
        "file", metavar="FILE", help="the case file (.json, .yaml or .yml), or - for JSON on stdin"
    )
    add_case_options(case)
