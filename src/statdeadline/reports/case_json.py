"""A case and its deadlines as one JSON document: ``{"case": Case.to_dict(), ...}`` and
``Deadlines.to_dict()`` (with explanations when asked)."""

from __future__ import annotations

import json
from typing import TextIO

from ..engine import Case, Deadlines
from .registry import CASE_DEADLINES, register

__all__ = ["write_case_json"]


def write_case_json(case: Case, deadlines: Deadlines, out: TextIO, *, explain: bool) -> None:
    """The case and every deadline, indented, and a newline."""
    data = {"case": case.to_dict(), **deadlines.to_dict(explain=explain)}
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


register("json", ".json", CASE_DEADLINES, "the case and every deadline", write_case_json)
