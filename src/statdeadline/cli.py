"""The ``statdeadline`` command line: a thin layer over the library.

Each command parses its arguments, calls one public function and formats the result.
User mistakes print one line ``error: ...`` to stderr and exit with status 2; a failed
check exits 1; success exits 0. No traceback is shown for a user mistake.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from . import __version__
from .calendar import DIVISIONS, MAX_DATE, MIN_DATE, WorkingDayCalendar, parse_date
from .exceptions import HorizonWarning, StatDeadlineError

EXIT_OK = 0
EXIT_FAILED_CHECK = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one ``error:`` line and exit status 2."""

    def error(self, message: str) -> Any:  # never returns: exit() raises SystemExit
        self.exit(EXIT_USAGE, f"error: {message} (see '{self.prog} --help')\n")


def _date_arg(argument: str) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        try:
            d = parse_date(text, argument)
        except StatDeadlineError as exc:
            # argparse already says "argument DATE: "; drop parse_date's "DATE: " prefix.
            raise argparse.ArgumentTypeError(str(exc).removeprefix(f"{argument}: ")) from None
        if not MIN_DATE <= d <= MAX_DATE:
            # Checked here so the message names DATE/START/END, not the library's d/a/b.
            raise argparse.ArgumentTypeError(
                f"{d} is outside the supported range {MIN_DATE} .. {MAX_DATE}"
            )
        return d

    return parse


def _calendar_from(args: argparse.Namespace) -> WorkingDayCalendar:
    return WorkingDayCalendar.for_division(
        args.division,
        overrides=args.overrides,
        authoritative_until=args.authoritative_until,
        horizon_policy=args.horizon,
    )


def _emit(out: TextIO, args: argparse.Namespace, text: str, data: Any) -> None:
    if args.format == "json":
        out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        out.write(text + "\n")


def _cmd_calendar_add(args: argparse.Namespace, out: TextIO) -> int:
    cal = _calendar_from(args)
    if args.explain or args.format == "json":
        exp = cal.explain_add_working_days(args.date, args.n)
        _emit(out, args, str(exp) if args.explain else exp.result.isoformat(), exp.to_dict())
    else:
        out.write(cal.add_working_days(args.date, args.n).isoformat() + "\n")
    return EXIT_OK


def _cmd_calendar_between(args: argparse.Namespace, out: TextIO) -> int:
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


def _cmd_calendar_holidays(args: argparse.Namespace, out: TextIO) -> int:
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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command (used by ``main`` and the CLI docs test)."""
    parser = _Parser(
        prog="statdeadline",
        description="UK statutory complaint deadlines: when they fall, why, and whether met.",
    )
    parser.add_argument("--version", action="version", version=f"statdeadline {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    cal = sub.add_parser(
        "calendar",
        help="working-day arithmetic",
        description="Working-day arithmetic on UK bank-holiday calendars.",
    )
    cal_sub = cal.add_subparsers(dest="calendar_command", metavar="COMMAND", parser_class=_Parser)
    cal_sub.required = True

    add = cal_sub.add_parser(
        "add",
        help="the N-th working day after DATE",
        description=(
            "The N-th working day after DATE; DATE itself is never counted (day 0). "
            "Negative N counts back."
        ),
        epilog="example: statdeadline calendar add 2024-03-28 10 --explain",
    )
    add.add_argument("date", type=_date_arg("DATE"), metavar="DATE", help="start date, YYYY-MM-DD")
    add.add_argument("n", type=int, metavar="N", help="number of working days")
    add.add_argument("--explain", action="store_true", help="show every non-working day skipped")
    _add_calendar_options(add)
    add.set_defaults(func=_cmd_calendar_add)

    between = cal_sub.add_parser(
        "between",
        help="working days in (START, END]",
        description="Count the working days after START up to and including END.",
        epilog="example: statdeadline calendar between 2024-12-20 2025-01-03 --explain",
    )
    between.add_argument("start", type=_date_arg("START"), metavar="START")
    between.add_argument("end", type=_date_arg("END"), metavar="END")
    between.add_argument("--explain", action="store_true", help="list the non-working days")
    _add_calendar_options(between)
    between.set_defaults(func=_cmd_calendar_between)

    hol = cal_sub.add_parser(
        "holidays",
        help="non-working weekdays from START to END",
        description="List the bank holidays and override days from START to END inclusive.",
        epilog="example: statdeadline calendar holidays 2026-01-01 2026-12-31 --division scotland",
    )
    hol.add_argument("start", type=_date_arg("START"), metavar="START")
    hol.add_argument("end", type=_date_arg("END"), metavar="END")
    hol.add_argument("--weekends", action="store_true", help="list Saturdays and Sundays too")
    _add_calendar_options(hol)
    hol.set_defaults(func=_cmd_calendar_holidays)
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 failed check, 2 bad input)."""
    out = stdout or sys.stdout
    parser = build_parser()
    try:
        with contextlib.redirect_stdout(out):  # --help and --version print to sys.stdout
            args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return int(exc.code or 0)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", HorizonWarning)
            status: int = args.func(args, out)
        for w in caught:
            if issubclass(w.category, HorizonWarning):
                sys.stderr.write(f"warning: {w.message}\n")
            else:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        return status
    except StatDeadlineError as exc:
        first, *rest = str(exc).splitlines() or [""]
        sys.stderr.write(f"error: {first}\n" + "".join(f"  {line}\n" for line in rest))
        return EXIT_USAGE
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
