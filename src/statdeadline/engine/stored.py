"""Stored cases: :meth:`Case.to_dict` data read back (:meth:`Case.from_dict`), checked.

What is not a case is refused with a :class:`~statdeadline.exceptions.CaseError` naming
the key (its ``field``): a mapping is needed, with ``ruleset`` (the id of the rule set it
is replayed under) and ``events`` (a list); ``case_id`` and ``ruleset_version`` may be
left out (hand-written files), any other key is refused. The events are then replayed,
each checked as :meth:`Case.record` checks it. A ``ruleset_version`` other than the one
the replayed case is under (the version its first event's date chose) means the rules
changed since the case was stored: a :class:`~statdeadline.exceptions.RuleSetVersionWarning`,
or with ``strict=True`` a ``CaseError``. The JSON Schema of this format is
``case.schema.json``, shipped in the package (:func:`case_schema`).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

from ..exceptions import CaseError, RuleSetVersionWarning, version_message

__all__ = ["CASE_KEYS", "REQUIRED_KEYS", "case_schema", "check_case_data", "check_version"]

#: Every key of a stored case, in the order :meth:`Case.to_dict` writes them.
CASE_KEYS = ("case_id", "ruleset", "ruleset_version", "events")
#: The keys a stored case must have.
REQUIRED_KEYS = ("ruleset", "events")


def _refuse(message: str, key: str, case_id: Any = None) -> CaseError:
    return CaseError(message, case_id=case_id if isinstance(case_id, str) else None, field=key)


def check_case_data(ruleset_id: str, data: Any) -> tuple[str | None, list[Any]]:
    """The case id and events of ``data``, once its keys and their types are checked."""
    if not isinstance(data, Mapping):
        raise _refuse(
            "case data: expected a mapping with case_id, ruleset, ruleset_version and events, "
            f"got {type(data).__name__}",
            "case",
        )
    cid = data.get("case_id")
    unknown = [k for k in data if k not in CASE_KEYS]
    if unknown:
        raise _refuse(
            f"case data: unknown key {unknown[0]!r}; allowed: {', '.join(CASE_KEYS)}",
            str(unknown[0]),
            cid,
        )
    missing = [k for k in REQUIRED_KEYS if k not in data]
    if missing:
        raise _refuse(f"case data: missing key {missing[0]!r}", missing[0], cid)
    if cid is not None and not isinstance(cid, str):
        raise _refuse(f"case_id: expected text or null, got {cid!r}", "case_id")
    rid = data["ruleset"]
    if rid != ruleset_id:
        raise _refuse(
            f"ruleset: the case data is for rule set {rid!r}, not {ruleset_id!r}", "ruleset", cid
        )
    version = data.get("ruleset_version")
    if version is not None and not isinstance(version, str):
        raise _refuse(
            f"ruleset_version: expected a version string, got {version!r}", "ruleset_version", cid
        )
    events = data["events"]
    if not isinstance(events, list):
        raise _refuse(f"events: expected a list, got {type(events).__name__}", "events", cid)
    return cid, events


def check_version(data: Mapping[str, Any], ruleset_id: str, loaded: str, strict: bool) -> None:
    """Warn (or with ``strict`` raise) when ``data``'s ``ruleset_version`` is not ``loaded``."""
    stored = data.get("ruleset_version")
    if stored is None or stored == loaded:
        return
    cid = data.get("case_id")
    if strict:
        raise _refuse(version_message(cid, ruleset_id, stored, loaded), "ruleset_version", cid)
    warnings.warn(RuleSetVersionWarning(cid, ruleset_id, stored, loaded), stacklevel=3)


def case_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :meth:`Case.to_dict` data: the package's
    ``case.schema.json``, for other systems to validate what they send (a new copy each
    call).

    >>> schema = case_schema()
    >>> schema["required"], sorted(schema["properties"])
    (['ruleset', 'events'], ['case_id', 'events', 'ruleset', 'ruleset_version'])
    """
    import json  # (only when asked: importing statdeadline reads no file)
    from importlib import resources

    text = resources.files("statdeadline").joinpath("case.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
