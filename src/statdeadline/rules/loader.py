"""Load rule files (YAML) into validated :class:`~statdeadline.rules.RuleSet` objects.

The public entry points: :func:`load_ruleset` (by bundled id or path, the version in
force on a date, with a council's choices) and :func:`validate_file`. The work is done
below: :mod:`~statdeadline.rules.files` reads one file (parse, structure, base, build),
:mod:`~statdeadline.rules.versions` picks a version, :mod:`~statdeadline.rules.choices`
checks a council's choices, :mod:`~statdeadline.rules.bundled` finds the shipped files.

Those modules (the format declaration, the builders, PyYAML) are imported when a rule
file is first loaded, not with this module: ``import statdeadline`` does not pay for them.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..calendar import parse_date
from ..exceptions import InvalidArgumentError, RuleSetError, RuleSetIssue
from .bundled import bundled_rules_dir, list_bundled
from .model import RuleSet

__all__ = [
    "bundled_rules_dir",
    "list_bundled",
    "load_ruleset",
    "rules_folders",
    "validate_file",
    "versions_of",
]


def load_ruleset(
    ref: str | os.PathLike[str],
    *,
    on: _dt.date | str | None = None,
    conventions: Mapping[str, str] | None = None,
    division: str | None = None,
    rules_dirs: Sequence[str | os.PathLike[str]] = (),
) -> RuleSet:
    """Load a rule set by bundled id (``"england-children-2006"``) or by file path.

    ``on``: choose the version in force on that date (a date or ``"YYYY-MM-DD"``; default: the newest, or for a path
    the file itself); for a path, the versions are the files beside it named
    ``<id>.yaml`` / ``<id>@<tag>.yaml``. A case picks the version by its receipt date
    itself, so this is rarely needed.
    ``conventions`` / ``division``: a council's choice among the alternatives the rule set
    declares (e.g. ``conventions={"receipt": "deemed_next_working_day"}``,
    ``division="united-kingdom"``); anything else raises :class:`RuleSetError`.

    ``rules_dirs``: rules folders of your own (laid out like the bundled ``rules/``, any
    depth). An overlay's ``extends`` names its base by id, looked for only beside the
    overlay (its own folder), among the bundled rule sets, then in these folders; an id
    that is not bundled is looked for in them too.

    Results are cached by file, modification time and options.
    """
    if not isinstance(ref, (str, os.PathLike)):
        raise InvalidArgumentError("ref", ref, "a rule-set id or a path to a rule file")
    if conventions is not None and not (
        isinstance(conventions, Mapping)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in conventions.items())
    ):
        raise InvalidArgumentError(
            "conventions", conventions, "a mapping of convention names to values (strings)"
        )
    if division is not None and not isinstance(division, str):
        raise InvalidArgumentError("division", division, "a division name (a string)")
    dirs = rules_folders(rules_dirs)
    from .files import load_cached
    from .versions import resolve

    path = resolve(ref, parse_date(on, "on") if on is not None else None, dirs)
    conv = tuple(sorted((conventions or {}).items()))
    return load_cached(str(path), path.stat().st_mtime_ns, conv, division, dirs)


def validate_file(
    path: str | os.PathLike[str], *, rules_dirs: Sequence[str | os.PathLike[str]] = ()
) -> RuleSet:
    """Load and fully validate one rule file (an overlay's base looked for as
    :func:`load_ruleset` says, ``rules_dirs`` included); raises :class:`RuleSetError`
    with every issue."""
    dirs = rules_folders(rules_dirs)
    from .files import load_cached

    p = Path(path)
    if not p.is_file():
        raise RuleSetError([RuleSetIssue(str(p), None, "", "no such file")])
    return load_cached(str(p.resolve()), p.stat().st_mtime_ns, (), None, dirs)


def rules_folders(rules_dirs: Sequence[str | os.PathLike[str]]) -> tuple[str, ...]:
    """``rules_dirs`` as resolved folder names (a cache key), once each is a folder."""
    if isinstance(rules_dirs, (str, os.PathLike)) or not all(
        isinstance(d, (str, os.PathLike)) for d in rules_dirs
    ):
        raise InvalidArgumentError("rules_dirs", rules_dirs, "a list of folders")
    out: list[str] = []
    for d in rules_dirs:
        if not Path(d).is_dir():
            raise InvalidArgumentError(
                "rules_dirs",
                os.fspath(d),
                "existing folders",
                f"rules folder {os.fspath(d)!r}: no such folder",
            )
        folder = str(Path(d).resolve())
        if folder not in out:
            out.append(folder)
    return tuple(out)


def versions_of(ruleset: RuleSet) -> list[RuleSet]:
    """Every version of ``ruleset``'s id, oldest first: see
    :func:`statdeadline.rules.versions.versions_of`."""
    from . import versions

    return versions.versions_of(ruleset)
