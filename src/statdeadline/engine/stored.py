"""Stored cases: :meth:`Case.to_dict` data read back (:meth:`Case.from_dict`), checked.

What is not a case is refused with a :class:`~statdeadline.exceptions.CaseError` naming
the key (its ``field``): a mapping is needed, with ``ruleset`` (the id of the rule set it
is replayed under) and ``events`` (a list); ``case_id`` and ``ruleset_version`` may be
left out (hand-written files). The documented output shapes are read back too: what
``case --format json`` / ``due --format json`` write (``{"case": ..., "meta": ...,
"state": ..., "warnings": ..., "deadlines": ...}``, see :func:`unwrap`) and what the
service's ``GET /cases/{id}`` answers (the case's keys beside its derived ones). Their
derived keys (:data:`DERIVED_KEYS`: deadlines, state, version, ...) are recognised and
not read (the replay recomputes them); ``team`` (:data:`STORE_KEYS`) is a store's, with
no meaning to a replay; ``conventions`` and ``division`` (:data:`CHOICE_KEYS`, the
council's choices the case was made with) are the loader's to honour (the CLI loads the
rule set with them) and are checked against the rule set given: a case made under other
choices is refused, naming the key. Any other key is refused. The events are then replayed,
each checked as :meth:`Case.record` checks it. A ``ruleset_version`` other than the one
the replayed case is under (the version its first event's date chose) means the rules
changed since the case was stored: a :class:`~statdeadline.exceptions.RuleSetVersionWarning`,
or with ``strict=True`` a ``CaseError``. The JSON Schema of this format is
``case.schema.json``, shipped in the package (:func:`case_schema`).
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

from ..calendar.bank_holidays import division_name
from ..exceptions import (
    CaseError,
    RuleSetError,
    RuleSetIssue,
    RuleSetVersionWarning,
    version_message,
)
from ..rules.loader import load_ruleset
from ..rules.model import RuleSet

__all__ = [
    "CASE_KEYS",
    "CHOICE_KEYS",
    "DERIVED_KEYS",
    "REQUIRED_KEYS",
    "STORE_KEYS",
    "case_choices",
    "case_schema",
    "check_case_data",
    "check_choices",
    "check_version",
    "choice_issues",
    "load_for_case",
    "unwrap",
]

#: Every key of a stored case, in the order :meth:`Case.to_dict` writes them.
CASE_KEYS = ("case_id", "ruleset", "ruleset_version", "events")
#: The keys a stored case must have.
REQUIRED_KEYS = ("ruleset", "events")
#: The council's choices a case was made with (``POST /cases``; ``load_ruleset``'s
#: ``conventions`` and ``division``): honoured by loading the rule set with them, and
#: checked against the rule set a case is replayed under (:func:`check_choices`).
CHOICE_KEYS = ("conventions", "division")
#: What a store keeps with a case that means nothing to its replay (the service's team).
STORE_KEYS = ("team",)
#: Keys derived from a case, in the service's answers and ``Deadlines.to_dict()``:
#: recomputed by the replay, so recognised and not read.
DERIVED_KEYS = (
    "as_of",
    "closed",
    "deadline_changes",
    "deadlines",
    "meta",
    "recorded",
    "state",
    "version",
    "warnings",
)
_KNOWN = frozenset(CASE_KEYS + CHOICE_KEYS + STORE_KEYS + DERIVED_KEYS)
#: The keys beside ``case`` in what ``case --format json`` and ``due --format json`` write.
_WRAPPER_KEYS = frozenset(("case", *DERIVED_KEYS))


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
    unknown = [k for k in data if k not in _KNOWN]
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
    team = data.get("team")
    if team is not None and not isinstance(team, str):
        raise _refuse(f"team: expected text or null, got {team!r}", "team", cid)
    return cid, events


def unwrap(data: Any) -> Any:
    """The case in a document: ``data`` itself, or the ``case`` of what ``case --format
    json`` and ``due --format json`` write (``{"case": ..., "meta": ..., "deadlines":
    ...}``: the deadlines beside it are recomputed, not read), with the ``conventions``
    and ``division`` its ``meta`` says it was replayed under (so the choices survive the
    round trip). A key beside ``case`` that is none of those is refused, naming it.

    >>> unwrap({"case": {"ruleset": "r", "events": []}, "state": "received"})
    {'ruleset': 'r', 'events': []}
    """
    if not (isinstance(data, Mapping) and "ruleset" not in data):
        return data
    inner = data.get("case")
    if not isinstance(inner, Mapping):
        return data
    unknown = [k for k in data if k not in _WRAPPER_KEYS]
    if unknown:
        raise _refuse(
            f"case document: unknown key {unknown[0]!r} beside 'case'; allowed: "
            f"case, {', '.join(DERIVED_KEYS)}",
            str(unknown[0]),
            inner.get("case_id"),
        )
    meta = data.get("meta")
    if not isinstance(meta, Mapping) or any(k in inner for k in CHOICE_KEYS):
        return inner
    return {**inner, "conventions": meta.get("conventions"), "division": meta.get("division")}


def check_choices(data: Mapping[str, Any], rs: RuleSet) -> None:
    """Refuse ``data`` made under ``conventions`` or a ``division`` other than those of
    ``rs`` (load the rule set with the case's choices to replay it), naming the key."""
    cid = data.get("case_id")
    conventions = data.get("conventions") or {}
    if not isinstance(conventions, Mapping):
        raise _refuse(
            f"conventions: expected a mapping of names to values, got {conventions!r}",
            "conventions",
            cid,
        )
    for name, value in conventions.items():
        chosen = rs.conventions.get(name)
        have = None if chosen is None else chosen.value
        if have != value:
            raise _refuse(
                f"conventions.{name}: the case was made with {value!r}, but rule set "
                f"{rs.id!r} is loaded with {have!r}; load it with the case's conventions",
                f"conventions.{name}",
                cid,
            )
    division = data.get("division")
    if division is not None and division_name(division) != rs.division:
        raise _refuse(
            f"division: the case was made with {division!r}, but rule set {rs.id!r} is "
            f"loaded with {rs.division!r}; load it with the case's division",
            "division",
            cid,
        )


def case_choices(data: Mapping[str, Any]) -> tuple[dict[str, str], str | None]:
    """The ``conventions`` (name -> value) and ``division`` ``data`` was made with
    (``{}`` and ``None`` where it made none); a :class:`CaseError` naming the key
    (``field``) for one of the wrong form."""
    given = data.get("conventions") or {}
    if not isinstance(given, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in given.items()
    ):
        raise CaseError(
            f"conventions: expected a mapping of names to values (text), "
            f"got {json.dumps(given, default=str)[:80]}",
            field="conventions",
        )
    division = data.get("division")
    if division is not None and not isinstance(division, str):
        raise CaseError(
            f"division: expected text, got {json.dumps(division, default=str)}", field="division"
        )
    return dict(given), division


def choice_issues(exc: RuleSetError) -> list[tuple[str, str]] | None:
    """Each issue of ``exc`` as ``(key, message)``, the key the one a case names the
    choice by (``conventions.NAME``; ``division`` for the rule set's
    ``calendar.division``), when every issue is a choice refused by ``load_ruleset``
    (none has a line of a rule file); ``None`` when any is not (a rule file's own error).

    >>> from statdeadline.exceptions import RuleSetIssue
    >>> choice_issues(RuleSetError([RuleSetIssue("load_ruleset()", None, "calendar.division", "no")]))
    [('division', 'no')]
    """
    keys = [_choice_key(i) for i in exc.issues]
    if not keys or None in keys:
        return None
    return [(k, i.message) for k, i in zip(keys, exc.issues, strict=True) if k is not None]


def _choice_key(issue: RuleSetIssue) -> str | None:
    if issue.line is not None:
        return None
    if issue.path == "calendar.division":
        return "division"
    return issue.path if issue.path.startswith("conventions.") else None


def load_for_case(
    data: Mapping[str, Any],
    ref: str | None = None,
    *,
    rules_dirs: Sequence[str] = (),
    conventions: Mapping[str, str] | None = None,
    division: str | None = None,
) -> RuleSet:
    """The rule set ``ref`` (default: ``data``'s ``ruleset``) loaded with the choices
    ``data`` was made with (:func:`case_choices`: what ``POST /cases`` took, what
    :func:`unwrap` reads back from a ``meta``), each overridden by ``conventions`` (by
    name) and ``division`` when given (a command line's); ``rules_dirs`` as for
    ``load_ruleset``. Replay the case under it with its choices left out (they are the
    rule set's now; :func:`check_choices` would refuse an override).

    A choice of the wrong form is a :class:`CaseError` naming its key; a choice the rule
    set does not offer is ``load_ruleset``'s :class:`RuleSetError`, whose refused
    choices :func:`choice_issues` names by the case's keys."""
    chosen, made_in = case_choices(data)
    chosen.update(conventions or {})
    return load_ruleset(
        data["ruleset"] if ref is None else ref,
        conventions=chosen or None,
        division=division or made_in,
        rules_dirs=rules_dirs,
    )


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
