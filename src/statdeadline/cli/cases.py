"""``statdeadline cases --jsonl IN OUT``: many cases' deadlines, one case a line, for
systems that prefer files to HTTP."""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import json
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from ..exceptions import StatDeadlineError, UsageError
from ..rules import RuleSet
from .case import case_data, load_case_ruleset, replay
from .common import (
    EXIT_OK,
    add_command,
    atomic_output,
    check_writable,
    rules_dirs,
)
from .deadlines import add_replay_options

__all__ = ["register"]


def _one(
    line: str, number: int, args: argparse.Namespace, loaded: dict[str, RuleSet]
) -> dict[str, Any]:
    """One input line's output: the case and its deadlines, or the line's error."""
    try:
        data = case_data(json.loads(line))
    except StatDeadlineError as exc:
        return {"line": number, "case_id": getattr(exc, "case_id", None), "error": str(exc)}
    except json.JSONDecodeError as exc:
        return {
            "line": number,
            "case_id": None,
            "error": f"not valid JSON: {exc.msg} (column {exc.colno})",
        }
    if not isinstance(data, Mapping) or not isinstance(data.get("ruleset"), str):
        return {
            "line": number,
            "case_id": None,
            "error": "expected a mapping with case_id, ruleset and events, as written by "
            "Case.to_dict()",
        }
    ref = data["ruleset"]
    try:
        key = json.dumps([ref, data.get("conventions"), data.get("division")], default=str)
        rs = loaded.get(key) or loaded.setdefault(key, load_case_ruleset(ref, data, args))
        case = replay(rs, data)
        ds = case.deadlines(args.as_of or _dt.date.today())
    except StatDeadlineError as exc:
        return {"line": number, "case_id": data.get("case_id"), "error": str(exc)}
    return {"case": case.to_dict(), **ds.to_dict(explain=args.explain)}


def _cmd_cases(args: argparse.Namespace, out: TextIO) -> int:
    rules_dirs(args)
    source, target = args.jsonl
    if target != "-":
        check_writable("OUT", target, [source])
    loaded: dict[str, RuleSet] = {}
    done = refused = 0
    try:
        fin = sys.stdin if source == "-" else open(source, encoding="utf-8")  # noqa: SIM115
    except FileNotFoundError:
        raise UsageError(f"{source}: no such file") from None
    with fin, contextlib.nullcontext(out) if target == "-" else atomic_output(target) as fout:
        for number, line in enumerate(fin, 1):
            if not line.strip():
                continue
            got = _one(line, number, args, loaded)
            refused += "error" in got
            done += 1
            fout.write(json.dumps(got, ensure_ascii=False) + "\n")
    sys.stderr.write(f"{done} case(s), {refused} refused (their lines carry the error)\n")
    return EXIT_OK


def register(sub: Any) -> None:
    """Add ``cases`` to the top-level subparsers ``sub``."""
    p = add_command(
        sub,
        "cases",
        "many cases' deadlines, one JSON case a line",
        "Replay every case of IN (JSON Lines: one case a line, in the form Case.to_dict() "
        "writes, or what 'due --format json' writes) and write to OUT one line a case: "
        "the JSON 'case --format json' gives, or, for a line that cannot be replayed, "
        '{"line": N, "case_id": ..., "error": ...}. A refused line does not stop the rest. '
        "IN or OUT may be - (standard input or output); OUT is written whole or not at all.",
        ["statdeadline cases --jsonl cases.jsonl deadlines.jsonl --as-of 2024-06-30"],
        _cmd_cases,
    )
    p.add_argument(
        "--jsonl",
        nargs=2,
        required=True,
        metavar=("IN", "OUT"),
        help="the cases to read and the file to write (- for standard input or output)",
    )
    add_replay_options(p, many=True)
