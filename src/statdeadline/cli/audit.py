"""``statdeadline audit``: replay many cases and report timeliness."""

from __future__ import annotations

import argparse
import datetime as _dt
import functools
import inspect
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from ..audit import AuditReport, CaseResult, audit
from ..audit.caseout import CaseOutput
from ..audit.limits import RejectLimit
from ..audit.periods import PERIOD_UNITS, PLACEMENTS, period_spec
from ..audit.pool import WorkerError
from ..exceptions import InvalidArgumentError, UsageError
from ..reports import AUDIT_REPORT, CASE_FORMATS, writers
from ..reports.cases import CasePartWriter
from ..reports.xlsx_report import CaseSheet
from ..rules.profiles import bundled_profiles
from .common import (
    EXIT_FAILED_CHECK,
    EXIT_OK,
    add_command,
    add_format_option,
    atomic_output,
    check_writable,
    date_arg,
    load_writer,
)


class Progress:
    """A one-line progress bar on a terminal: rows done of the total, percent and rate.

    Drawn only when ``stream`` is a terminal and not in CI (``CI`` set) or a dumb terminal,
    so pipes, files and logs never get it. Redrawn at most every ``interval`` seconds and
    erased by :meth:`close`.
    """

    def __init__(
        self,
        stream: TextIO,
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.interval = interval
        self.clock = clock
        self.enabled = (
            stream.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"
        )
        self.started = clock()
        self.last = -interval
        self.width = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self.last < self.interval and done < total:
            return
        self.last = now
        elapsed = now - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        share = done / total if total else 1.0
        filled = int(share * 20)
        text = (
            f"audit [{'#' * filled}{'.' * (20 - filled)}] {done:,}/{total:,} rows "
            f"{share * 100:5.1f}% {rate:,.0f} rows/s"
        )
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def close(self) -> None:
        """Erase the bar, so what is printed next starts on a clean line."""
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def _buckets(text: str) -> tuple[str, list[int]]:
    """``20,40,60`` (every deadline: clock ``*``) or ``CLOCK=0,2``."""
    clock, _, edges = text.rpartition("=")
    try:
        return (clock or "*"), [int(part) for part in edges.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected whole numbers separated by commas, e.g. 20,40,60, or CLOCK=EDGES, "
            f"e.g. acknowledgement=0,2; got {text!r}"
        ) from None


def _target(text: str) -> tuple[str, float]:
    """``0.8`` (every deadline) or ``CLOCK=0.8``; a rate may be written ``80%``."""
    clock, _, rate = text.rpartition("=")
    try:
        value = float(rate[:-1]) / 100 if rate.endswith("%") else float(rate)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(
            f"expected a rate from 0 to 1 or 0% to 100%, e.g. 0.8, or CLOCK=RATE, "
            f"e.g. stage1_response=80%; got {text!r}"
        )
    return (clock or "*"), value


def _by_clock(given: list[tuple[str, Any]] | None, option: str) -> dict[str, Any]:
    """Repeated ``--buckets``/``--target`` values by clock (``*``: every other one);
    a clock given twice is a usage error."""
    out: dict[str, Any] = {}
    for clock, value in given or []:
        if clock in out:
            which = "without CLOCK=" if clock == "*" else f"for {clock}"
            raise UsageError(f"{option}: given twice {which}")
        out[clock] = value
    return out


def _check_outputs(args: argparse.Namespace) -> None:
    """Refuse, before any work, outputs that cannot be written or would overwrite an
    input (a hard link counts) or each other."""
    inputs = [*args.inputs, *([args.mapping] if args.mapping else [])]
    outputs = [("--output", args.output), ("--cases", args.cases)]
    for option, value in outputs:
        if value is not None and value != "-":
            check_writable(option, value, inputs)
    if args.cases == "-":
        raise UsageError("--cases -: the per-case file must be a file (.csv or .jsonl)")
    if args.output not in (None, "-") and args.cases is not None:
        same = Path(args.output).resolve() == Path(args.cases).resolve() or (
            Path(args.output).exists()
            and Path(args.cases).exists()
            and os.path.samefile(args.output, args.cases)
        )
        if same:
            raise UsageError(f"--output and --cases are the same file: {args.output}")


def _case_output(path: str | None, group_by: list[str]) -> CaseOutput | None:
    """The per-case file, which the audit writes whole or not at all (the previous one
    is kept if the audit fails part way), from each worker process side by side."""
    if path is None:
        return None
    fmt = CASE_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise UsageError(f"--cases {path}: unknown format; name a .csv or .jsonl file")
    return CaseOutput(Path(path), CasePartWriter(fmt, tuple(group_by)))


def _check_periods(args: argparse.Namespace) -> None:
    """Refuse period options that do not go together, in the CLI's words."""
    if args.period is not None and args.financial_year is not None:
        raise UsageError("--period and --financial-year: give one or the other")
    if args.compare and args.period is None and args.financial_year is None:
        raise UsageError(
            f"--compare {args.compare}: needs --period or --financial-year (the period to compare)"
        )


def _format(args: argparse.Namespace) -> str:
    """The report's format: --format, or the one whose suffix --output has, or the
    default; a workbook is refused on standard output."""
    found = writers(AUDIT_REPORT)
    name: str = args.format
    if name is None:
        suffix = Path(args.output).suffix.lower() if args.output not in (None, "-") else ""
        known = {w.suffix: w.name for w in found}
        known.setdefault(".htm", "html")
        # a name's last dot may not start a suffix ("audit-31.03.2025"): only letters do
        if suffix[1:].isalpha() and suffix not in known:  # not guessed: say what is known
            raise UsageError(
                f"--output {args.output}: no report format has the suffix {suffix!r}; give "
                f"--format ({', '.join(w.name for w in found)}) or one of the suffixes "
                f"{', '.join(sorted(known))}"
            )
        name = known.get(suffix, found[0].name)
    if name == "xlsx" and args.output in (None, "-"):
        raise UsageError("--format xlsx: a workbook must go to a file; give --output report.xlsx")
    return name


def _cmd_audit(args: argparse.Namespace, out: TextIO) -> int:
    args.format = _format(args)
    _check_outputs(args)
    _check_periods(args)
    args.buckets = _by_clock(args.buckets, "--buckets")
    args.target = _by_clock(args.target, "--target")
    for d in args.rules_dirs:
        if not Path(d).is_dir():
            raise UsageError(f"--rules {d}: no such folder")
    # found before the audit runs, so a writer missing from this installation is
    # reported before any work is done
    write_report: Callable[..., None] = load_writer(args.format, AUDIT_REPORT)
    if args.title is not None:
        if "title" not in inspect.signature(write_report).parameters:
            raise UsageError(f"--title: the {args.format} format has no title")
        write_report = functools.partial(write_report, title=args.title)
    # a workbook lists the cases in its Cases sheet: kept as the audit goes
    cases = CaseSheet() if args.format == "xlsx" else None
    if cases is not None:
        write_report = functools.partial(write_report, cases=cases)
    try:
        report = _run(args, cases)
    except WorkerError as exc:  # the audit could not finish: no report, no --cases file
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_FAILED_CHECK
    to_stdout = args.output in (None, "-")
    if to_stdout:
        write_report(report, out)
    else:
        with atomic_output(args.output) as fh:
            write_report(report, fh)
    # the default format, on the terminal, lists the rejections itself
    shown = args.format == writers(AUDIT_REPORT)[0].name and to_stdout
    if report.rejections and not shown:
        c = report.counts
        sys.stderr.write(
            f"warning: {c['cases_rejected']} case(s) and {c['rows_rejected']} row(s) rejected; "
            f"the first: {report.rejections[0]}\n"
        )
    _horizon_warnings(report)
    if report.meta.get("profile_warning"):
        sys.stderr.write(f"warning: {report.meta['profile_warning']}\n")
    if not report.counts["rows_read"]:
        sys.stderr.write("warning: the input has no rows: the report is empty\n")
    if not to_stdout:  # the file is written, whatever the checks below say of it
        n = report.counts["cases_audited"]
        sys.stderr.write(f"wrote {args.output} ({n} case{'' if n == 1 else 's'} audited)\n")
    caseless = report.rows_without_case
    over = args.max_rejected.exceeded(report.counts, caseless) if args.max_rejected else None
    if over is not None:
        sys.stderr.write(f"error: {over} (--max-rejected)\n")
        return EXIT_FAILED_CHECK
    c = report.counts
    if (c["cases_read"] or caseless) and not c["cases_audited"]:  # a report of nothing
        what = f"every case was rejected ({c['cases_read']} read, none audited)"
        if not c["cases_read"]:
            what = f"no case could be read ({caseless} row(s) rejected, none naming a case)"
        sys.stderr.write(f"error: {what}; the first: {report.rejections[0]}\n")
        return EXIT_FAILED_CHECK
    return EXIT_OK


def _horizon_warnings(report: AuditReport) -> None:
    """The audit's horizon warnings on stderr: a few examples and how many more."""
    summary = report.meta.get("warnings") or {}
    examples = summary.get("examples", [])
    for w in examples:
        sys.stderr.write(f"warning: {w['message']} ({w['cases']} case(s))\n")
    more = summary.get("distinct", 0) - len(examples)
    if more > 0:
        sys.stderr.write(
            f"warning: and {more} more such date(s); {summary['cases']} case(s) in all rest "
            "on bank holidays not yet proclaimed (the JSON report's meta.warnings has these "
            "totals and the first examples)\n"
        )


def _run(
    args: argparse.Namespace, on_case: Callable[[CaseResult], None] | None = None
) -> AuditReport:
    """The audit, with --cases written as it goes (whole, or not at all), and each case
    given to ``on_case``."""
    progress = Progress(sys.stderr)
    case_output = _case_output(args.cases, args.group_by)
    try:
        return audit(
            args.inputs,
            as_of=args.as_of or _dt.date.today(),
            group_by=args.group_by,
            buckets=args.buckets or (20, 40, 60, 80, 100),
            target=args.target or None,
            profile=args.profile,
            strict=args.strict,
            mapping=args.mapping,
            date_format=args.date_format,
            case_output=case_output,
            on_case=on_case,
            progress=progress,
            input_format=args.input_format,
            encoding=args.encoding,
            delimiter=args.delimiter,
            sheet=args.sheet,
            rules_dirs=args.rules_dirs,
            period=args.period,
            financial_year=args.financial_year,
            by=args.by,
            placement=args.placement,
            compare=args.compare,
        )
    finally:
        progress.close()


def _period(text: str) -> str:
    try:
        period_spec(period=text)
    except InvalidArgumentError as exc:
        raise argparse.ArgumentTypeError(f"expected {exc.expected}, got {text!r}") from None
    return text


def _year(text: str) -> int:
    try:
        year = int(text)
        period_spec(financial_year=year)
    except (ValueError, InvalidArgumentError):
        raise argparse.ArgumentTypeError(
            f"expected the year the financial year starts in, from 1901 to 2099 (2019 for 2019-20), got {text!r}"
        ) from None
    return year


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}")
    return int(text)


#: The reporting periods' options.
_PERIOD_OPTIONS: tuple[tuple[str, dict[str, Any]], ...] = (
    (
        "--period",
        {
            "type": _period,
            "metavar": "FIRST..LAST",
            "help": "report on this period only, both dates included, e.g. 2019-04-01..2020-03-31",
        },
    ),
    (
        "--financial-year",
        {
            "type": _year,
            "metavar": "YEAR",
            "help": "report on the financial year starting 1 April YEAR (2019: 2019-20)",
        },
    ),
    (
        "--compare",
        {
            "type": _count,
            "default": 0,
            "metavar": "N",
            "help": "with --period or --financial-year: also the N periods of the same "
            "length before it, side by side with the change (year on year)",
        },
    ),
    (
        "--by",
        {
            "choices": list(PERIOD_UNITS),
            "help": "lay periods side by side: financial years, financial quarters or months "
            "(alone: every one the cases fall in)",
        },
    ),
    (
        "--placement",
        {
            "choices": list(PLACEMENTS),
            "default": "received",
            "help": "which date places a case in a period: received (default; a deadline "
            "by its clock's start) or closed (open cases by --as-of)",
        },
    ),
)


def _max_rejected(text: str) -> RejectLimit:
    try:
        return RejectLimit.parse(text)
    except InvalidArgumentError as exc:
        raise argparse.ArgumentTypeError(f"expected {exc.expected}, got {text!r}") from None


def _format_help(descriptions: list[str]) -> str:
    first, *rest = descriptions
    listed = [f"{first} (default)", *rest]
    return "the summary as " + (
        f"{', '.join(listed[:-1])} or {listed[-1]}" if len(listed) > 1 else listed[0]
    )


#: How the inputs are read, and when the audit fails for its rejections.
_READING_OPTIONS: tuple[tuple[str, dict[str, Any]], ...] = (
    (
        "--input-format",
        {
            "choices": ["csv", "jsonl", "xlsx"],
            "help": "the inputs' format whatever their names say (needed for -, standard input)",
        },
    ),
    (
        "--encoding",
        {
            "metavar": "NAME",
            "help": "the inputs' text encoding, e.g. cp1252 (default: found out; see above)",
        },
    ),
    (
        "--delimiter",
        {
            "choices": [",", ";", "tab", "|"],
            "help": "the CSV delimiter (default: found from the header line)",
        },
    ),
    (
        "--sheet",
        {
            "metavar": "NAME",
            "help": "the worksheet of .xlsx inputs (default: the first; needs statdeadline[excel])",
        },
    ),
    (
        "--max-rejected",
        {
            "type": _max_rejected,
            "metavar": "RATE|COUNT",
            "help": "fail (exit status 1) when more cases than this are rejected: a count "
            "(10) or a rate (5%%, 0.05); a row naming no case counts as one",
        },
    ),
)


#: The paragraphs of `audit --help` after the options.
_NOTES = [
    "A case with a row that cannot be used (unknown rule set or event, bad date) is "
    "rejected whole and listed in the report with its file, line and reason; the "
    "rest of the audit goes on. The ruleset column may name only bundled rule sets and "
    "rule sets or files under a --rules folder: a cell naming any other file rejects its "
    "case, and that file is not read.",
    "Input files are read whatever they were saved as: UTF-8 (with or without a BOM), "
    "UTF-16, or Windows-1252 (noted in the report); comma, semicolon or tab "
    "separated (found from the header line); column names in any case. A malformed "
    "row (bad quoting, an over-long cell, the wrong number of cells) rejects only its "
    "own case. An Excel workbook (.xlsx) needs statdeadline[excel]. '-' reads standard input (give --input-format).",
    "Outputs are written whole or not at all: a failed or interrupted run leaves the "
    "previous file as it was. When more than 5% of cases are rejected the report "
    "opens with a warning.",
    "Exit status: 0 when the audit ran, even with rejected cases; 1 when more cases "
    "were rejected than --max-rejected allows, or every case was (the report is still "
    "written); 2 for "
    "bad usage or input, or with --strict at the first rejected row (the error names "
    "it). A progress bar is drawn on stderr when it is a terminal. A worker process that dies ends the audit with exit status 1.",
]


def register(sub: Any) -> None:
    """Add ``audit`` to the top-level subparsers ``sub``."""
    p = add_command(
        sub,
        "audit",
        "replay many cases and report timeliness",
        "Replay every case in the input files and report, per rule set, deadline and "
        "group, how many deadlines were met on time, late, are overdue or still open, with "
        "working days taken. Input is long format (one event per row: case_id, ruleset, "
        "event, date and event fields; .csv or .jsonl) or, with --mapping, wide format "
        "(one case per row).",
        [
            "statdeadline audit cases.csv --as-of 2025-03-31",
            "statdeadline audit cases.csv --as-of 2025-03-31 --group-by team --target 0.8",
            "statdeadline audit cases.csv --as-of 2020-06-30 --financial-year 2019 --compare 2",
            "statdeadline audit cases.csv --format json --output report.json --cases cases-out.csv",
            "statdeadline audit export.csv --mapping mapping.yaml --format csv --strict",
        ],
        _cmd_audit,
        notes=_NOTES,
    )
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="case files (.csv, .tsv, .jsonl or .xlsx); - for standard input",
    )
    add_format_option(p, AUDIT_REPORT, _format_help)
    p.set_defaults(format=None)  # found from --output's suffix when not given
    p.add_argument(
        "--output",
        metavar="PATH",
        help="write the summary here (default, -: stdout); without --format, the format is "
        "found from its suffix (.txt, .json, .csv, .html, .xlsx); a file written is "
        "named on stderr with the number of cases audited",
    )
    p.add_argument(
        "--title",
        metavar="TEXT",
        help="the report's title (html and xlsx; default: the report profile's title, else one made from the as-of date)",
    )
    p.add_argument(
        "--cases",
        metavar="PATH",
        help="also write every case's deadlines here, as CSV (.csv) or JSON Lines (.jsonl)",
    )
    p.add_argument(
        "--as-of",
        type=date_arg("DATE"),
        metavar="DATE",
        help="evaluate every case at this date (default: today)",
    )
    p.add_argument(
        "--group-by",
        action="append",
        default=[],
        metavar="COLUMN",
        help="tabulate by this input column too, e.g. team (repeatable)",
    )
    p.add_argument(
        "--buckets",
        type=_buckets,
        action="append",
        metavar="[CLOCK=]N,N,...",
        help="working-day band edges of the histogram (default: 20,40,60,80,100, or the "
        "profile's); CLOCK=EDGES for one deadline (repeatable)",
    )
    p.add_argument(
        "--target",
        type=_target,
        action="append",
        metavar="[CLOCK=]RATE",
        help="on-time rate to compare each deadline with, from 0 to 1 (0.8) or a "
        "percentage (80%%); CLOCK=RATE for one deadline (repeatable)",
    )
    p.add_argument(
        "--profile",
        metavar="ID|FILE",
        help="a report profile: which deadlines appear, in which order, under which "
        "labels, with which bands and targets (bundled: " + ", ".join(bundled_profiles()) + ")",
    )
    p.add_argument(
        "--strict", action="store_true", help="stop at the first rejected row (exit status 2)"
    )
    p.add_argument(
        "--mapping", metavar="FILE", help="YAML mapping of a wide (one case per row) CSV"
    )
    p.add_argument(
        "--rules",
        dest="rules_dirs",
        action="append",
        default=[],
        metavar="DIR",
        help="a rules folder of your own: the ruleset column may name its files (by path) "
        "or rule sets (by id), besides the bundled ones; overlays' bases are looked for "
        "there too (repeatable)",
    )
    p.add_argument(
        "--date-format",
        metavar="FMT",
        help="strptime format of dates that are not YYYY-MM-DD, e.g. %%d/%%m/%%Y",
    )
    for flag, options in _PERIOD_OPTIONS:
        p.add_argument(flag, **options)
    for flag, options in _READING_OPTIONS:
        p.add_argument(flag, **options)
