"""``statdeadline due`` (a case from flags) and ``statdeadline case`` (a case from a file):
its deadlines and their statuses as a table, JSON or an iCalendar file."""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from ..calendar import DIVISIONS
from ..engine import Case
from ..exceptions import CaseError, RuleSetError, StatDeadlineError, UsageError
from ..reports import CASE_DEADLINES, writers
from ..rules import RuleSet, load_ruleset
from ..rules.yamlfile import load_yaml_file  # not yet exported by statdeadline.rules
from .common import (
    EXIT_OK,
    add_command,
    add_format_option,
    choice_error,
    date_arg,
    load_writer,
    name_value,
)

_EVENT_ID = r"[a-z][a-z0-9_]*"
# A comma starts a new field only when "name=" follows, so a value may contain commas.
_FIELD_SPLIT = re.compile(rf",(?=\s*{_EVENT_ID}\s*=)")


def _fields(text: str, argument: str, whole: str) -> dict[str, Any]:
    """``DATE[,field=value...]`` as ``{"date": ..., field: value}``."""
    first, *rest = _FIELD_SPLIT.split(text)
    data: dict[str, Any] = {"date": date_arg(argument)(first.strip())}
    for item in rest:
        name, _, value = item.partition("=")
        name = name.strip()
        if name in ("event", "date") or name in data:
            raise argparse.ArgumentTypeError(f"field {name!r} given twice in {whole!r}")
        data[name] = value.strip()
    return data


def _received_arg(text: str) -> dict[str, Any]:
    """``--received DATE[,field=value...]``: the ``received`` event."""
    return {"event": "received", **_fields(text, "DATE", text)}


def _event_arg(text: str) -> dict[str, Any]:
    """``--event NAME=DATE[,field=value...]``."""
    name, sep, rest = text.partition("=")
    if not sep or not re.fullmatch(_EVENT_ID, name.strip()):
        raise argparse.ArgumentTypeError(f"expected NAME=DATE[,field=value...], got {text!r}")
    try:
        return {"event": name.strip(), **_fields(rest, "DATE", text)}
    except argparse.ArgumentTypeError as exc:
        raise argparse.ArgumentTypeError(f"{name.strip()}: {exc}") from None


def _load(ref: str, args: argparse.Namespace) -> RuleSet:
    """The rule set with the council's choices; a refused choice is named by its option."""
    try:
        return load_ruleset(ref, conventions=dict(args.convention), division=args.division)
    except RuleSetError as exc:
        raise choice_error(exc) from None


def _case_error(exc: StatDeadlineError, where: str = "") -> UsageError:
    """The library's error with the file and case it is about in front."""
    prefix = f"{where}: " if where else ""
    case_id = exc.case_id if isinstance(exc, CaseError) else None
    if case_id is not None:
        prefix += f"case {case_id}: "
    first, *rest = str(exc).splitlines() or [""]
    return UsageError("\n".join([prefix + first, *rest]))


def _output(case: Case, args: argparse.Namespace, out: TextIO) -> int:
    try:
        ds = case.deadlines(args.as_of)
    except StatDeadlineError as exc:
        raise _case_error(exc) from None
    load_writer(args.format, CASE_DEADLINES)(case, ds, out, explain=args.explain)
    return EXIT_OK


def _cmd_due(args: argparse.Namespace, out: TextIO) -> int:
    rs = _load(args.ruleset, args)
    events = [args.received, *args.event]
    try:
        case = Case(rs, args.case_id, events=events)
    except StatDeadlineError as exc:
        raise _case_error(exc) from None
    return _output(case, args, out)


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


def _cmd_case(args: argparse.Namespace, out: TextIO) -> int:
    path = Path(args.file)
    data = _read_case_file(path)
    if not isinstance(data, Mapping) or not isinstance(data.get("ruleset"), str):
        raise UsageError(
            f"{path}: expected a mapping with case_id, ruleset (a rule-set id or file) and "
            "events, as written by Case.to_dict()"
        )
    ref = data["ruleset"]
    beside = path.parent / ref  # a rule file named in a case file is found beside it
    try:
        rs = _load(str(beside) if beside.is_file() else ref, args)
        case = Case.from_dict(rs, {**data, "ruleset": rs.id})
    except StatDeadlineError as exc:
        raise _case_error(exc, str(path)) from None
    return _output(case, args, out)


def _format_help(descriptions: list[str]) -> str:
    names = [w.name for w in writers(CASE_DEADLINES)]
    return "; ".join(
        f"{name} (default)" if i == 0 else f"{name} ({what})"
        for i, (name, what) in enumerate(zip(names, descriptions, strict=True))
    )


def _add_case_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as-of",
        type=date_arg("DATE"),
        metavar="DATE",
        help="the date to evaluate at; later events are ignored (default: today)",
    )
    add_format_option(p, CASE_DEADLINES, _format_help)
    p.add_argument("--explain", action="store_true", help="show how each due date was worked out")
    p.add_argument(
        "--convention",
        type=name_value,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="choose one of the rule set's declared alternatives, e.g. "
        "receipt=deemed_next_working_day (repeatable)",
    )
    p.add_argument(
        "--division",
        choices=DIVISIONS,
        metavar="DIVISION",
        help="count the bank holidays of another division the rule set allows: %(choices)s",
    )


def register(sub: Any) -> None:
    """Add ``due`` and ``case`` to the top-level subparsers ``sub``."""
    due = add_command(
        sub,
        "due",
        "a case's deadlines from its events given as flags",
        "Record a case's events from the command line and show each deadline: when it is "
        "due, its status, when it was met and the rule it comes from. Events are recorded "
        "in the order given, --received first.",
        [
            "statdeadline due england-children-2006 --received 2024-03-28 --as-of 2024-04-02",
            "statdeadline due england-children-2006 --received 2024-03-28 "
            "--event stage1_response=2024-04-10 --as-of 2024-04-12 --explain",
            "statdeadline due england-children-2006 --received 2024-03-28 "
            "--event 'extension=2024-04-09,clock=stage1_response,working_days=5,"
            "reason=needs an advocate' --as-of 2024-04-12",
            "statdeadline due england-adults-2009 --received 2024-03-28 --case-id C-1 "
            "--as-of 2024-04-02 --format ics > C-1.ics",
        ],
        _cmd_due,
        notes=[
            "Event fields are given after the date as field=value, separated by commas; a "
            "value may contain commas (a comma starts a new field only when 'name=' "
            "follows). A time of day is the field time=HH:MM.",
        ],
    )
    due.add_argument("ruleset", metavar="RULESET", help="a bundled rule-set id or a rule file")
    due.add_argument(
        "--received",
        type=_received_arg,
        required=True,
        metavar="DATE[,field=value...]",
        help="the date the complaint was received (the event 'received')",
    )
    due.add_argument(
        "--event",
        type=_event_arg,
        action="append",
        default=[],
        metavar="NAME=DATE[,field=value...]",
        help="a later event, e.g. stage1_response=2024-04-10 (repeatable)",
    )
    due.add_argument(
        "--case-id", metavar="ID", help="the case reference (shown in output and ICS events)"
    )
    _add_case_options(due)

    case = add_command(
        sub,
        "case",
        "a case's deadlines from a JSON or YAML event history",
        "Replay a case's event history from FILE and show each deadline, as 'due' does. "
        'FILE is JSON or YAML in the form Case.to_dict() writes: {"case_id": ..., '
        '"ruleset": ..., "events": [{"event": ..., "date": ..., field: value}]}. '
        "A rule file named in FILE is looked for beside it first.",
        [
            "statdeadline case C-1.yaml --as-of 2024-04-12",
            "statdeadline case C-1.json --format json --explain",
        ],
        _cmd_case,
        notes=[
            'In YAML, quote times of day (time: "17:30"): unquoted, YAML reads 17:30 as a number.'
        ],
    )
    case.add_argument("file", metavar="FILE", help="the case file (.json, .yaml or .yml)")
    _add_case_options(case)
