"""Choosing the version of a rule set in force on a date.

A rule set may have several files, one per version: ``<id>.yaml`` and
``<id>@<tag>.yaml`` side by side (or bundled), each with ``effective_from`` and
optionally ``effective_to``. The version in force on a day is the newest one that
covers it. (A timescale that changes within one file is a dated value instead:
:mod:`statdeadline.rules.durations`.)
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from ..exceptions import RuleSetError, RuleSetIssue, UnknownRuleSetError
from .bundled import is_path, list_bundled, rules_in, ruleset_name
from .files import load_cached
from .model import RuleSet

__all__ = ["resolve", "versions_of"]


def _load(
    path: Path,
    conventions: tuple[tuple[str, str], ...] = (),
    division: str | None = None,
    rules_dirs: tuple[str, ...] = (),
) -> RuleSet:
    resolved = path.resolve()
    return load_cached(
        str(resolved), resolved.stat().st_mtime_ns, conventions, division, rules_dirs
    )


def _siblings(path: Path, name: str) -> list[Path]:
    """The files beside ``path`` that are versions of rule set ``name``."""
    return sorted(f for f in path.parent.glob("*.yaml") if ruleset_name(f) == name)


def resolve(
    ref: str | os.PathLike[str], on: _dt.date | None, rules_dirs: tuple[str, ...] = ()
) -> Path:
    """The file for ``ref`` (a bundled id, an id in one of ``rules_dirs``, the first that
    has it, or a path) in force ``on`` (``None``: a path itself, or the newest version)."""
    text = os.fspath(ref)
    if is_path(ref):
        p = Path(text)
        if not p.is_file():
            raise RuleSetError([RuleSetIssue(text, None, "", "no such rule file")])
        p = p.resolve()
        if on is None:
            return p
        name = ruleset_name(p)
        return _version_on(name, _siblings(p, name) or [p], on, [name], rules_dirs)
    found = [list_bundled(), *(rules_in(Path(d)) for d in rules_dirs)]
    files = next((f for ids in found if (f := ids.get(text))), None)
    if not files:
        ids = sorted({rid for ids in found for rid in ids})
        where = (
            f"bundled, and in the rules folders {', '.join(rules_dirs)}"
            if rules_dirs
            else "the bundled ones; name a rule set of your own by its file, or give its "
            "folder with --rules DIR, rules_dirs= in Python"
        )
        raise UnknownRuleSetError(
            text, ids, msg=f"unknown rule set {text!r}; available: {', '.join(ids)} ({where})"
        )
    if len(files) == 1 and on is None:
        return files[0].resolve()
    return _version_on(text, files, on, list(found[0]), rules_dirs)


def _version_on(
    name: str,
    files: list[Path],
    on: _dt.date | None,
    available: list[str],
    rules_dirs: tuple[str, ...],
) -> Path:
    """The file among ``files`` (versions of ``name``) in force ``on`` (None: the newest)."""
    versions = sorted(
        (_load(p, rules_dirs=rules_dirs) for p in files), key=lambda r: r.effective_from
    )
    if on is None:
        chosen = versions[-1]
    else:
        found = [r for r in versions if r.covers(on)]
        if not found:
            spans = ", ".join(
                f"{r.version}: {r.effective_from}..{r.effective_to or ''}" for r in versions
            )
            raise UnknownRuleSetError(
                name,
                available,
                on,
                f"no version of {name!r} is in force on {on}; versions: {spans}",
            )
        chosen = found[-1]
    assert chosen.path is not None
    return Path(chosen.path)


def versions_of(ruleset: RuleSet) -> list[RuleSet]:
    """Every version of ``ruleset``'s id found beside its file, oldest first: the files
    there named ``<id>.yaml`` or ``<id>@<tag>.yaml`` (only the file itself when it is
    named otherwise; the bundled versions for a rule set built in memory).

    ``ruleset`` itself is one of them; the others are loaded with the same council
    choices (conventions, division) and rules folders that ``ruleset`` was loaded with,
    so a case that moves to another version keeps them (a version that does not allow a choice raises
    :class:`RuleSetError`; an optional convention a version does not declare is not chosen
    there).
    """
    if not ruleset.path:  # built in memory: its versions are the bundled ones, if any
        files = list_bundled().get(ruleset.id, [])
        out = [_load(p) for p in files] or [ruleset]
        return sorted(out, key=lambda r: r.effective_from)
    own = Path(ruleset.path).resolve()
    # The versions are the files beside it named after the id; a file named otherwise (a
    # council's renamed copy) is a version on its own, never swapped for the bundled data.
    files = _siblings(own, ruleset.id) if ruleset_name(own) == ruleset.id else []
    if own not in (f.resolve() for f in files):
        files.append(own)
    conv: tuple[tuple[str, str], ...] = ()
    division: str | None = None
    dirs = ruleset.rules_dirs
    if own.is_file():
        conv, division = _choices_of(ruleset, _load(own, rules_dirs=dirs))
    out = [ruleset if p.resolve() == own else _chosen(p, conv, division, dirs) for p in files]
    return sorted(out, key=lambda r: r.effective_from)


def _chosen(
    path: Path,
    conventions: tuple[tuple[str, str], ...],
    division: str | None,
    rules_dirs: tuple[str, ...],
) -> RuleSet:
    """The version in ``path`` with the council's choices, less the choice of any optional
    convention it does not declare (an earlier version without pauses has no pause rule
    to choose)."""
    declared = _load(path, rules_dirs=rules_dirs).conventions
    mine = tuple((name, value) for name, value in conventions if name in declared)
    return _load(path, mine, division, rules_dirs)


def _choices_of(ruleset: RuleSet, plain: RuleSet) -> tuple[tuple[tuple[str, str], ...], str | None]:
    """The council choices ``ruleset`` was loaded with: how it differs from ``plain``,
    the same file loaded without choices."""
    conv = tuple(
        sorted(
            (name, c.value)
            for name, c in ruleset.conventions.items()
            if name not in plain.conventions or plain.conventions[name].value != c.value
        )
    )
    return conv, (ruleset.division if ruleset.division != plain.division else None)
