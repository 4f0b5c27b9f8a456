"""The ``statdeadline`` command line: a thin layer over the library.

Each command parses its arguments, calls one public function and formats the result; each
lives in its own internal module (``due.py``, ``case.py``, ``audit.py``, and the
``rules/`` and ``calendar/`` packages, one module per subcommand). User mistakes print one line ``error: ...`` to stderr
(a rule file with several problems adds an indented line for each other one) and exit
with status 2; a failed check exits 1; success exits 0. No traceback is shown for a user
mistake. Ctrl-C prints ``interrupted`` and exits 130; SIGTERM and SIGHUP end the command
as cleanly (:mod:`~statdeadline.cli.signals`: its temporary files removed), print
``terminated (SIGTERM)`` or ``terminated (SIGHUP)`` and exit 143 or 129. ``docs/cli.md``
is generated from the help text by :func:`cli_reference_markdown` (``python -m
statdeadline --markdown > docs/cli.md``).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import warnings
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from .._version import __version__
from ..exceptions import HorizonWarning, RuleSetVersionWarning, StatDeadlineError
from . import audit as _cli_audit
from . import calendar as _cli_calendar
from . import case as _cli_case
from . import cases as _cli_cases
from . import due as _cli_due
from . import recompute as _cli_recompute
from . import rules as _cli_rules
from . import serve as _cli_serve
from . import token as _cli_token
from .common import EXIT_FAILED_CHECK, EXIT_OK, EXIT_USAGE, Parser
from .signals import Terminated, signals_exit

__all__ = [
    "EXIT_FAILED_CHECK",
    "EXIT_OK",
    "EXIT_USAGE",
    "build_parser",
    "cli_reference_markdown",
    "main",
]


class _MarkdownAction(argparse.Action):
    """The hidden ``--markdown`` option: print the CLI reference (docs/cli.md) and exit."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(
            option_strings,
            dest=argparse.SUPPRESS,
            default=argparse.SUPPRESS,
            nargs=0,
            help=argparse.SUPPRESS,
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        sys.stdout.write(cli_reference_markdown())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command (used by ``main`` and the CLI docs test)."""
    parser = Parser(
        prog="statdeadline",
        description="UK statutory complaint deadlines: when they fall, why, and whether met.",
        epilog="Exit status: 0 success; 1 a failed check (rules validate); 2 bad usage or "
        "input. Errors are printed to stderr as one line starting 'error:'.\n\n"
        "example: statdeadline due england-children-2006 --received 2024-03-28 "
        "--as-of 2024-04-02",
    )
    parser.add_argument("--version", action="version", version=f"statdeadline {__version__}")
    parser.add_argument("--markdown", action=_MarkdownAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    for command in (
        _cli_due,
        _cli_case,
        _cli_cases,
        _cli_rules,
        _cli_calendar,
        _cli_audit,
        _cli_serve,
        _cli_token,
        _cli_recompute,
    ):
        command.register(sub)
    return parser


def _parsers(
    parser: argparse.ArgumentParser,
) -> Iterator[argparse.ArgumentParser]:
    """``parser`` and every subcommand's parser under it, depth first in declared order."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from _parsers(child)


def cli_reference_markdown() -> str:
    """docs/cli.md: every command's ``--help`` text, generated so the two cannot drift."""
    parsers = list(_parsers(build_parser()))
    lines = [
        "# Command-line reference",
        "",
        "<!-- Generated from the argparse help by `python -m statdeadline --markdown >",
        "docs/cli.md`; do not edit by hand (tests/unit/test_cli_docs.py checks it). -->",
        "",
        "Every command and subcommand prints this help with `--help`. Exit status: 0",
        "success; 1 a failed check (`rules validate` found an invalid file); 2 bad usage or",
        "input, with one line on stderr starting `error:`.",
        "",
    ]
    lines += [f"- [`{p.prog}`](#{p.prog.replace(' ', '-')})" for p in parsers]
    for p in parsers:
        lines += ["", f"## {p.prog}", "", "```text", p.format_help().rstrip("\n"), "```"]
    return "\n".join(lines) + "\n"


def _report_warnings(caught: list[warnings.WarningMessage]) -> None:
    """Horizon and rule-set version warnings as ``warning:`` lines on stderr (each once);
    others re-issued."""
    seen: set[str] = set()
    for w in caught:
        if issubclass(w.category, (HorizonWarning, RuleSetVersionWarning)):
            text = str(w.message)
            if text not in seen:
                seen.add(text)
                sys.stderr.write(f"warning: {text}\n")
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def _error(message: str) -> int:
    first, *rest = message.splitlines() or [""]
    sys.stderr.write(f"error: {first}\n" + "".join(f"  {line}\n" for line in rest))
    return EXIT_USAGE


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 failed check, 2 bad input;
    130 interrupted, 128 + the signal's number for SIGTERM or SIGHUP)."""
    out = stdout or sys.stdout
    parser = build_parser()
    try:
        with contextlib.redirect_stdout(out):  # --help and --version print to sys.stdout
            args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return int(exc.code or 0)
    try:
        with signals_exit(), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", HorizonWarning)
            warnings.simplefilter("always", RuleSetVersionWarning)
            status: int = args.func(args, out)
        _report_warnings(caught)
        return status
    except StatDeadlineError as exc:
        return _error(str(exc))
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK
    except KeyboardInterrupt:  # Ctrl-C: no traceback (tests/unit/test_audit_interrupts.py)
        sys.stderr.write("interrupted\n")
        return 130
    except Terminated as exc:  # SIGTERM, SIGHUP: likewise
        sys.stderr.write(f"{exc}\n")
        return 128 + exc.signum
    except OSError as exc:  # a file that cannot be read or written
        where = f"{exc.filename}: " if exc.filename else ""
        return _error(f"{where}{exc.strerror or exc}")
    except Exception as exc:
        from ..service.unavailable import driver_error

        if not driver_error(exc):  # the service database's (token, recompute, serve)
            raise
        return _database_failed(exc)


def _database_failed(exc: BaseException) -> int:
    """One line for a database error, exit status 1: whether the database cannot be
    used now (locked, unreachable: try again) or refused what was asked of it."""
    from ..service.unavailable import unavailable

    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if unavailable(exc):
        sys.stderr.write(f"error: the database cannot be used now: {first}; try again\n")
    else:
        sys.stderr.write(
            f"error: the database refused the command: {first} (is it a statdeadline "
            "database of this version?)\n"
        )
    return EXIT_FAILED_CHECK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
