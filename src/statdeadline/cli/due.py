"""``statdeadline due``: a case's deadlines from its events given as flags."""

from __future__ import annotations

import argparse
import re
from typing import Any, TextIO

from ..engine import Case
from ..exceptions import StatDeadlineError
from .common import add_command, date_arg
from .deadlines import add_case_options, case_error, load, output

__all__ = ["register"]

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


def _cmd_due(args: argparse.Namespace, out: TextIO) -> int:
    rs = load(args.ruleset, args)
    events = [args.received, *args.event]
    try:
        case = Case(rs, args.case_id, events=events)
    except StatDeadlineError as exc:
        raise case_error(exc) from None
    return output(case, args, out)


def register(sub: Any) -> None:
    """Add ``due`` to the top-level subparsers ``sub``."""
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
            "reason=needs an advocate,agreed_with_complainant=yes' --as-of 2024-04-12",
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
    add_case_options(due)
