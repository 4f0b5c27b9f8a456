"""Reading one rule file: parse, check its structure, load its base, build it; cached.

Order of work: parse safely (YAML 1.2, no Python objects, duplicate keys rejected); read
old spellings as the new ones (with a warning); check the structure against
:data:`statdeadline.rules.format.RULESET`; for an overlay, load its base; build the
model (:mod:`statdeadline.rules.build`). Every problem found is reported at once in one
:class:`RuleSetError`, each with file, line and key path.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ..exceptions import RuleSetError, RuleSetIssue, RuleSetWarning, UnknownRuleSetError
from . import format as rf
from .build import build_ruleset
from .bundled import list_bundled, rules_in, ruleset_name
from .choices import apply_choices
from .issues import Issues
from .model import RuleSet
from .spec import ANY, check, join_path, matches
from .vocabulary import OLD_SPELLINGS
from .yamlfile import line_of, load_yaml_file

__all__ = ["load_cached", "load_file"]


@functools.lru_cache(maxsize=128)
def load_cached(
    path: str,
    mtime_ns: int,
    conventions: tuple[tuple[str, str], ...],
    division: str | None,
    rules_dirs: tuple[str, ...] = (),
) -> RuleSet:
    """The rule set in ``path`` with a council's choices, its base looked for in
    ``rules_dirs`` too (resolved folders); cached by file, modification time, choices and
    folders."""
    del mtime_ns  # part of the cache key only
    rs = load_file(Path(path), (), rules_dirs)
    if conventions or division:
        rs = apply_choices(rs, dict(conventions), division, source="load_ruleset()")
    return attrs.evolve(rs, rules_dirs=rules_dirs) if rules_dirs else rs


def load_file(path: Path, stack: tuple[str, ...], rules_dirs: tuple[str, ...] = ()) -> RuleSet:
    """Load and validate one rule file; ``stack``: the overlays being loaded above it;
    ``rules_dirs``: the rules folders its base may be in (besides its own folder and the
    bundled rule sets)."""
    source = str(path)
    data = load_yaml_file(path)
    issues = Issues(source)
    if not isinstance(data, Mapping):
        raise RuleSetError(
            [RuleSetIssue(source, line_of(data), "", "a rule file must be a mapping")]
        )
    _respell(data, source)
    # clocks are checked one by one below: an overlay's entry for a statutory clock may
    # only choose among its declared alternatives, so it has another shape.
    top = attrs.evolve(rf.RULESET, keys={**rf.RULESET.keys, "clocks": ANY})
    check(top, data, "", None, None, issues.at)
    base = _base_of(data, path, stack, rules_dirs, issues)
    _check_clock_shapes(data, base, issues)
    issues.raise_if_any(data.get("id") if isinstance(data.get("id"), str) else None)
    rs = build_ruleset(data, path, base, issues)
    issues.raise_if_any(data["id"])
    assert rs is not None
    return rs


def _respell(data: Mapping[str, Any], source: str) -> None:
    """Read an old (hyphenated) spelling of a clock kind as the new one, with a warning."""
    clocks = data.get("clocks")
    if not isinstance(clocks, Mapping):
        return
    for cid, c in clocks.items():
        kind = c.get("kind") if isinstance(c, dict) else None
        if isinstance(kind, str) and kind in OLD_SPELLINGS:
            new = OLD_SPELLINGS[kind]
            path = join_path(join_path("clocks", cid), "kind")
            warnings.warn(RuleSetWarning(source, line_of(c, "kind"), path, kind, new), stacklevel=4)
            c["kind"] = new


def _base_of(
    data: Mapping[str, Any],
    path: Path,
    stack: tuple[str, ...],
    rules_dirs: tuple[str, ...],
    issues: Issues,
) -> RuleSet | None:
    """The rule set an overlay extends (``None``: not an overlay, or it cannot load)."""
    extends = data.get("extends") if isinstance(data.get("extends"), str) else None
    if not extends:
        return None
    if extends in stack or extends == data.get("id"):
        chain = " -> ".join((*stack, str(data.get("id")), extends))
        issues.at(data, "extends", "extends", f"circular: {chain}")
        return None
    try:
        return _load_base(extends, path, (*stack, str(data.get("id"))), rules_dirs)
    except (RuleSetError, UnknownRuleSetError) as exc:
        # one line: the base's own issues, separated by "; "
        why = "; ".join(map(str, exc.issues)) if isinstance(exc, RuleSetError) else exc
        issues.at(data, "extends", "extends", f"cannot load base rule set {extends!r}: {why}")
        return None


def _check_clock_shapes(data: Mapping[str, Any], base: RuleSet | None, issues: Issues) -> None:
    """Each clock is a full clock, or (an overlay's entry for a base clock) a choice."""
    clocks = data.get("clocks")
    if clocks is None:
        return
    if not isinstance(clocks, Mapping):
        issues.at(data, "clocks", "clocks", "must be a mapping")
        return
    for cid, cdata in clocks.items():
        if not isinstance(cid, str) or not matches(rf.ID_PATTERN, cid):
            issues.at(
                clocks,
                cid,
                join_path("clocks", cid),
                f"key must match {rf.ID_PATTERN}, got {cid!r}",
            )
            continue
        spec = rf.CLOCK_CHOICE if base is not None and cid in base.clocks else rf.CLOCK
        check(spec, cdata, f"clocks.{cid}", clocks, cid, issues.at)


def _load_base(
    ref: str, child: Path, stack: tuple[str, ...], rules_dirs: tuple[str, ...]
) -> RuleSet:
    """Find a base rule set, by its id, only in these places, in this order: beside the
    overlay (its own folder, not the ones above it), the bundled rule sets, the rules
    folders named (``rules_dirs``, in order, any depth). A folder above the overlay is
    never searched: a same-named file there must not be picked up unasked."""
    found = next((c for c in sorted(child.parent.glob("*.yaml")) if ruleset_name(c) == ref), None)
    if found is None:
        files = list_bundled().get(ref) or next(
            (f for d in rules_dirs if (f := rules_in(Path(d)).get(ref))), None
        )
        if not files:
            raise UnknownRuleSetError(
                ref, list(list_bundled()), msg=_not_found(ref, child, rules_dirs)
            )
        found = files[-1]
    # Found by its name: make sure it is the rule set named (a file whose id differs could
    # otherwise be loaded as a base, even the overlay itself, recursing without end).
    data = load_yaml_file(found)
    rid = data.get("id") if isinstance(data, Mapping) else None
    if rid != ref:
        raise RuleSetError(
            [
                RuleSetIssue(
                    str(found),
                    line_of(data, "id") if isinstance(data, Mapping) else None,
                    "id",
                    f"the file found for base rule set {ref!r} has id {rid!r}",
                )
            ]
        )
    return load_file(found.resolve(), stack, rules_dirs)


def _not_found(ref: str, child: Path, rules_dirs: tuple[str, ...]) -> str:
    """Why base ``ref`` of the overlay ``child`` is unknown: the places searched."""
    folders = f"the rules folders {', '.join(rules_dirs)}" if rules_dirs else "no rules folder"
    return (
        f"unknown rule set {ref!r}; searched beside the overlay ({child.parent}), the "
        f"bundled rule sets ({', '.join(list_bundled())}) and {folders} (rules_dirs=, "
        "--rules DIR)"
    )
