"""``statdeadline calendar add | between | holidays``: working-day arithmetic."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ..calendar import DIVISIONS, WorkingDayCalendar
from ..rules.overrides import load_overrides
from .common import EXIT_OK, Parser, add_command, date_arg, write_json


def _calendar_from(args: argparse.Namespace) -> WorkingDayCalendar:
    return WorkingDayCalendar.for_division(
        args.division,
        overrides=load_overrides(args.overrides) if args.overrides else None,
        authoritative_until=args.authoritative_until,
        horizon_policy=args.horizon,
    )


def _emit(out: TextIO, args: argparse.Namespace, text: str, data: Any) -> None:
    if args.format == "json":
        write_json(out, data)
    else:
        out.write(text + "\n")


def _cmd_add(args: argparse.Namespace, out: TextIO) -> int:
    cal = _calendar_from(args)
    if args.explain or args.format == "json":
        exp = cal.explain_add_working_days(args.date, args.n)
        _emit(out, args, str(exp) if args.explain else exp.result.isoformat(), exp.to_dict())
    else:
        out.write(cal.add_working_days(args.date, args.n).isoformat() + "\n")
    return EXIT_OK


def _cmd_between(args: argparse.Namespace, out: TextIO) -> int:
    cal = _calendar_from(args)
    n = cal.working_days_between(args.start, args.end)
    data: dict[str, Any] = {
        "start": args.start.isoformat(),
        "end": args.end.isoformat(),
        "working_days": n,
        "division": cal.division,
        "fingerprint": cal.fingerprint,
    }
    text = str(n)
    if args.explain:
        lo, hi = sorted((args.start, args.end))
        days = cal.non_working_days(lo, hi)
        days = [d for d in days if d.date != lo]  # the interval is (start, end]
        data["non_working"] = [{"date": d.date.isoformat(), "reason": d.reason} for d in days]
        text = (
            f"{n} working day(s) in ({args.start.isoformat()}, {args.end.isoformat()}] "
            f"({cal.division})\n" + "\n".join(f"  {d}" for d in days)
        ).rstrip()
    _emit(out, args, text, data)
    return EXIT_OK


def _cmd_holidays(args: argparse.Namespace, out: TextIO) -> int:
    cal = _calendar_from(args)
    days = cal.non_working_days(args.start, args.end)
    if not args.weekends:
        days = [d for d in days if d.date.weekday() < 5]
    data = {
        "division": cal.division,
        "fingerprint": cal.fingerprint,
        "days": [{"date": d.date.isoformat(), "reason": d.reason} for d in days],
    }
    _emit(out, args, "\n".join(str(d) for d in days), data)
    return EXIT_OK


def _add_calendar_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--division",
        default="england-and-wales",
        choices=DIVISIONS,
        metavar="DIVISION",
        help="bank-holiday division: %(choices)s (default: %(default)s)",
    )
    p.add_argument(
        "--overrides", metavar="FILE", help="YAML file of extra non-working and working days"
    )
    p.add_argument(
        "--authoritative-until",
        type=int,
        metavar="YEAR",
        help="last year whose bank holidays count as proclaimed (default: next year)",
    )
    p.add_argument(
        "--horizon",
        choices=("warn", "raise", "ignore"),
        default="warn",
        help="past that year: warn on stderr, fail, or ignore (default: %(default)s)",
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def register(sub: Any) -> None:
    """Add ``calendar`` and its subcommands to the top-level subparsers ``sub``."""
    cal = sub.add_parser(
        "calendar",
        help="working-day arithmetic",
        description="Working-day arithmetic on UK bank-holiday calendars.",
        epilog="example: statdeadline calendar add 2024-03-28 10 --explain",
    )
    cal_sub = cal.add_subparsers(dest="calendar_command", metavar="COMMAND", parser_class=Parser)
    cal_sub.required = True

    add = add_command(
        cal_sub,
        "add",
        "the N-th working day after DATE",
        "The N-th working day after DATE; DATE itself is never counted (day 0). "
        "Negative N counts back.",
        ["statdeadline calendar add 2024-03-28 10 --explain"],
        _cmd_add,
    )
    add.add_argument("date", type=date_arg("DATE"), metavar="DATE", help="start date, YYYY-MM-DD")
    add.add_argument("n", type=int, metavar="N", help="number of working days")
    add.add_argument("--explain", action="store_true", help="show every non-working day skipped")
    _add_calendar_options(add)

    between = add_command(
        cal_sub,
        "between",
        "working days in (START, END]",
        "Count the working days after START up to and including END.",
        ["statdeadline calendar between 2024-12-20 2025-01-03 --explain"],
        _cmd_between,
    )
    between.add_argument("start", type=date_arg("START"), metavar="START")
    between.add_argument("end", type=date_arg("END"), metavar="END")
    between.add_argument("--explain", action="store_true", help="list the non-working days")
    _add_calendar_options(between)

    hol = add_command(
        cal_sub,
        "holidays",
        "non-working weekdays from START to END",
        "List the bank holidays and override days from START to END inclusive.",
        ["statdeadline calendar holidays 2026-01-01 2026-12-31 --division scotland"],
        _cmd_holidays,
    )
    hol.add_argument("start", type=date_arg("START"), metavar="START")
    hol.add_argument("end", type=date_arg("END"), metavar="END")
    hol.add_argument("--weekends", action="store_true", help="list Saturdays and Sundays too")
    _add_calendar_options(hol)
