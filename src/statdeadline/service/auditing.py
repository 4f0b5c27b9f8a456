"""``POST /audit``: a small audit run on an uploaded file, answered with the JSON report
``statdeadline audit --format json`` writes.

The body is the file itself (CSV, TSV, JSON Lines or Excel, named by ``?format=``, CSV by
default), at most the server's body cap. It is written to a temporary file and audited in
the request's thread (``workers=1``: no processes are started by a request); the input's
``ruleset`` column may name only the rule sets the service serves (the bundled ones and
those of ``serve --rules`` folders), so an upload cannot make the service read a file of
its own choosing; the report and errors name the input
``upload.FORMAT``, not the server's temporary folder. ``as_of`` is required; ``group_by``
(comma-separated) and ``target`` (a rate, 0-1) as on the command line.
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import Any

from ..audit import audit
from ..exceptions import StatDeadlineError
from ..reports import write_json
from .cases import ServiceError, as_of_date, rules_dirs

__all__ = ["FORMATS", "run_audit"]

FORMATS = ("csv", "tsv", "jsonl", "xlsx")


def _target(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise ServiceError(
            400, f"target: expected a rate from 0 to 1, got {text!r}", field="target"
        )
    return value


def run_audit(raw: bytes, query: dict[str, str]) -> str:
    """The JSON report of auditing ``raw`` as ``query`` asks."""
    if "as_of" not in query:
        raise ServiceError(400, "as_of: required (the date to audit at, YYYY-MM-DD)", field="as_of")
    as_of = as_of_date(query["as_of"])
    fmt = query.get("format", "csv")
    if fmt not in FORMATS:
        raise ServiceError(
            400, f"format: expected one of {', '.join(FORMATS)}, got {fmt!r}", field="format"
        )
    group_by = [g for g in query.get("group_by", "").split(",") if g]
    target = _target(query.get("target"))
    with tempfile.TemporaryDirectory(prefix="statdeadline-audit-") as folder:
        path = Path(folder) / f"upload.{fmt}"
        path.write_bytes(raw)
        kwargs: dict[str, Any] = {
            "as_of": as_of,
            "group_by": group_by,
            "workers": 1,
            "rules_dirs": rules_dirs(),
        }
        if target is not None:
            kwargs["target"] = target
        try:
            report = audit([str(path)], **kwargs)
        except StatDeadlineError as exc:
            raise ServiceError(422, str(exc).replace(str(path), path.name)) from None
        out = io.StringIO()
        write_json(report, out)
    # the report names its input (meta, rejections): the upload's name, not the server's
    # temporary folder
    return out.getvalue().replace(json.dumps(str(path))[1:-1], path.name)
