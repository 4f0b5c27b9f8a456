"""``statdeadline rules validate``: check rule files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from ...exceptions import RuleSetError, RuleSetIssue, UsageError
from ...rules import validate_file
from ..common import EXIT_FAILED_CHECK, EXIT_OK, add_command, add_rules_option, rules_dirs

__all__ = ["register"]


def _rule_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for text in paths:
        p = Path(text)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*.yaml") if f.is_file())
            if not found:
                raise UsageError(f"{p}: no rule files (*.yaml) in this folder")
            files += found
        elif p.is_file():
            files.append(p)
        else:
            raise UsageError(f"{p}: no such file or folder")
    return files


def _cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    status = EXIT_OK
    dirs = rules_dirs(args)
    for path in _rule_files(args.paths):
        try:
            rs = validate_file(path, rules_dirs=dirs)
        except RuleSetError as exc:
            status = EXIT_FAILED_CHECK
            full = str(path.resolve())  # issues name the file as given, not its full path
            for i in exc.issues:
                shown = RuleSetIssue(
                    str(path) if i.file == full else i.file, i.line, i.path, i.message
                )
                out.write(f"{shown}\n")
        else:
            out.write(f"{path}: ok ({rs.id} {rs.version})\n")
    return status


def register(sub: Any) -> None:
    """Add ``validate`` to the ``rules`` subparsers ``sub``."""
    validate = add_command(
        sub,
        "validate",
        "check rule files",
        "Check rule files completely: structure, references, caps and the state graph. "
        "Prints 'PATH: ok (id version)' for each valid file and every issue of an invalid "
        "one as 'file:line key.path: message'.",
        [
            "statdeadline rules validate rules/local/my-council.yaml",
            "statdeadline rules validate rules/",
            "statdeadline rules validate --rules my-rules/ my-rules/local/my-council.yaml",
        ],
        _cmd_validate,
        notes=["Exit status: 0 if every file is valid, 1 if any is not, 2 for bad usage."],
    )
    validate.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a rule file, or a folder whose *.yaml files are all checked",
    )
    add_rules_option(
        validate,
        "a rules folder of your own where an overlay's base (extends) may be, besides "
        "its own folder and the bundled rule sets (repeatable)",
    )
