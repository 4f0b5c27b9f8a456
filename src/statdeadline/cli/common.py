"""What every command of the command line shares: the parser class, the help layout,
argument types, exit statuses and small output helpers. Internal to ``statdeadline.cli``."""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import json
import os
import re
import tempfile
import textwrap
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from ..calendar import MAX_DATE, MIN_DATE, parse_date
from ..engine.stored import choice_issues
from ..exceptions import RuleSetError, StatDeadlineError, UsageError
from ..reports import Writes, find_writer, writers
from ..reports.text import grid

EXIT_OK = 0
EXIT_FAILED_CHECK = 1
EXIT_USAGE = 2

#: Help text is wrapped at this width whatever the terminal, so `--help` and the generated
#: docs/cli.md read the same everywhere.
HELP_WIDTH = 88

Command = Callable[[argparse.Namespace, TextIO], int]


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter at a fixed width. Descriptions and epilogs are wrapped
    paragraph by paragraph (paragraphs are separated by a blank line); a paragraph that
    starts with "example" or whose lines are all indented is kept as written."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=HELP_WIDTH, max_help_position=32)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        out = []
        for para in textwrap.dedent(text).strip("\n").split("\n\n"):
            lines = para.splitlines()
            if para.startswith("example") or all(line.startswith(" ") for line in lines):
                out.append("\n".join(indent + line for line in lines))
            else:
                out.append(
                    textwrap.fill(
                        " ".join(para.split()),
                        width,
                        initial_indent=indent,
                        subsequent_indent=indent,
                    )
                )
        return "\n\n".join(out)


class Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one ``error:`` line and exit status 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> Any:  # never returns: exit() raises SystemExit
        self.exit(EXIT_USAGE, f"error: {message} (see '{self.prog} --help')\n")


def add_command(
    sub: Any,
    name: str,
    summary: str,
    description: str,
    examples: Sequence[str],
    func: Command | None = None,
    notes: Sequence[str] = (),
) -> argparse.ArgumentParser:
    """A subcommand: ``summary`` is its line in the parent's list, ``description`` opens its
    own help; the epilog has the paragraphs of ``notes`` then the ``examples``."""
    if len(examples) == 1:
        shown = f"example: {examples[0]}"
    else:
        shown = "examples:\n" + "\n".join(f"  {e}" for e in examples)
    epilog = "\n\n".join([*notes, shown])
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=summary, description=description, epilog=epilog
    )
    if func is not None:
        parser.set_defaults(func=func)
    return parser


def date_arg(argument: str) -> Callable[[str], _dt.date]:
    """An argparse type: a date ``YYYY-MM-DD`` in the calendar's range; errors name
    ``argument`` (argparse prefixes them with "argument DATE:")."""

    def parse(text: str) -> _dt.date:
        try:
            d = parse_date(text, argument)
        except StatDeadlineError as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix(f"{argument}: ")) from None
        if not MIN_DATE <= d <= MAX_DATE:
            # Checked here so the message names DATE/START/END, not the library's d/a/b.
            raise argparse.ArgumentTypeError(
                f"{d} is outside the supported range {MIN_DATE} .. {MAX_DATE}"
            )
        return d

    return parse


def name_value(text: str) -> tuple[str, str]:
    """An argparse type: ``NAME=VALUE``."""
    name, sep, value = text.partition("=")
    if not sep or not re.fullmatch(r"[a-z_][a-z0-9_]*", name.strip()) or not value.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name.strip(), value.strip()


def choice_error(exc: RuleSetError) -> StatDeadlineError:
    """A refused ``--convention`` or ``--division`` named by its option; other rule-set
    errors unchanged (which issues are refused choices: :func:`choice_issues`)."""
    issues = choice_issues(exc)
    if not issues:
        return exc
    return UsageError(
        "\n".join(
            f"argument --division: {message}"
            if key == "division"
            else f"argument --convention {key.split('.', 1)[1]}: {message}"
            for key, message in issues
        )
    )


RULES_HELP = (
    "a rules folder of your own: RULESET may be the id of a rule set in it, and an "
    "overlay's base is looked for there too (repeatable)"
)


def add_rules_option(parser: argparse.ArgumentParser, help_text: str = RULES_HELP) -> None:
    """``--rules DIR`` (repeatable): rules folders of the user's own, into ``rules_dirs``."""
    parser.add_argument(
        "--rules",
        dest="rules_dirs",
        action="append",
        default=[],
        metavar="DIR",
        help=help_text,
    )


def rules_dirs(args: argparse.Namespace) -> list[str]:
    """The ``--rules`` folders given, each checked to be a folder (a usage error names
    the one that is not)."""
    given: list[str] = args.rules_dirs
    for d in given:
        if not Path(d).is_dir():
            raise UsageError(f"--rules {d}: no such folder")
    return given


def write_json(out: TextIO, data: Any) -> None:
    """``data`` as indented JSON and a newline."""
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def add_format_option(
    parser: argparse.ArgumentParser, writes: Writes, describe: Callable[[list[str]], str]
) -> None:
    """``--format``: the registered writers of ``writes`` (the first is the default);
    ``describe`` makes the help text from their descriptions."""
    found = writers(writes)
    parser.add_argument(
        "--format",
        choices=[w.name for w in found],
        default=found[0].name,
        help=describe([w.description for w in found]),
    )


def load_writer(name: str, writes: Writes) -> Callable[..., None]:
    """The writing function of format ``name``; a writer whose module this installation
    lacks is a usage error naming it."""
    writer = find_writer(name, writes)
    try:
        write = writer.load()
    except ModuleNotFoundError as exc:
        if exc.name != writer.module:
            raise
        raise UsageError(
            f"--format {name} needs {writer.module}, which this installation lacks"
        ) from None
    lacking = writer.missing()
    if lacking is not None:
        raise UsageError(f"--format {name} needs {lacking}, which this installation lacks")
    return write


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[TextIO]:
    """A text file written whole or not at all: the text goes to a temporary file in the
    same folder, which replaces ``path`` only once everything is written and on disk. If
    anything fails (a full disk, an error, an interrupt) the temporary file is removed and
    ``path`` keeps what it had, or stays absent; an ``OSError`` names ``path``."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.filename is None:
            raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from None
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_writable(
    option: str, path: str | os.PathLike[str], inputs: Sequence[str | os.PathLike[str]]
) -> None:
    """Refuse, before any work is done, an output that cannot be written or that is one
    of the ``inputs`` (compared with ``os.path.samefile``, so a hard link counts)."""
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise UsageError(f"{option} {path}: is a folder")
    if not folder.is_dir():
        raise UsageError(f"{option} {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"{option} {path}: the folder {folder} cannot be written to")
    if target.exists():
        for given in inputs:
            if str(given) != "-" and Path(given).exists() and os.path.samefile(target, given):
                raise UsageError(f"{option} {path}: is the input {given}; it would be overwritten")


__all__ = [
    "EXIT_FAILED_CHECK",
    "EXIT_OK",
    "EXIT_USAGE",
    "Command",
    "HelpFormatter",
    "Parser",
    "add_command",
    "add_format_option",
    "add_rules_option",
    "atomic_output",
    "check_writable",
    "choice_error",
    "date_arg",
    "grid",
    "load_writer",
    "name_value",
    "rules_dirs",
    "write_json",
]
