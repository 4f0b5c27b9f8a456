"""The rule files shipped with the library, the rules folders a user names, and how a
file's name gives its rule-set id."""

from __future__ import annotations

import functools
import os
from pathlib import Path

__all__ = [
    "bundled_rules_dir",
    "is_path",
    "list_bundled",
    "rule_files",
    "rules_in",
    "ruleset_name",
]


@functools.cache
def bundled_rules_dir() -> Path:
    """The folder of rule files shipped with the library (found once: where the
    package is does not change while it runs).

    In an installed wheel they are in the package (``statdeadline/_rules``); in a source
    checkout (editable install) they are the repository's ``rules/`` folder.
    """
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_rules"
    if packaged.is_dir():
        return packaged
    return package.parent.parent / "rules"


def is_path(ref: str | os.PathLike[str]) -> bool:
    """Whether ``ref`` names a rule file (a path: it has a folder separator or a YAML
    suffix) rather than a rule-set id."""
    text = os.fspath(ref)
    return (
        isinstance(ref, os.PathLike)
        or text.endswith((".yaml", ".yml"))
        or os.sep in text
        or "/" in text
    )


def ruleset_name(path: Path) -> str:
    """The rule-set id a file is named after: ``<id>.yaml`` or ``<id>@<version>.yaml``."""
    return path.stem.split("@")[0]


#: The folder of a rules folder that holds report profiles, not rule files
#: (:mod:`statdeadline.rules.profiles`).
PROFILES_FOLDER = "profiles"


def rule_files(root: Path) -> list[Path]:
    """Every ``*.yaml`` file below ``root``, sorted, except the report profiles in its
    ``profiles`` folder; as ``Path.rglob`` lists them (Python 3.11): a link to a file is
    listed, a link to a folder is not gone into."""
    return _files(root, _listing(root))


def _listing(root: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each folder below ``root`` (not its ``profiles`` folder) with the names of its
    ``*.yaml`` entries: what :func:`rules_in` remembers a folder's answer by."""
    out = []
    top = os.fspath(root)
    for folder, dirs, files in os.walk(top):
        if folder == top:
            dirs[:] = [d for d in dirs if d != PROFILES_FOLDER]
        dirs.sort()
        out.append((folder, tuple(sorted(n for n in files if n.endswith(".yaml")))))
    return tuple(out)


def _files(root: Path, listing: tuple[tuple[str, tuple[str, ...]], ...]) -> list[Path]:
    return sorted(
        Path(path)
        for folder, names in listing
        for name in names
        if os.path.isfile(path := os.path.join(folder, name))
    )


#: Each rules folder's last listing and the ids it gave (see :func:`rules_in`).
_KNOWN: dict[str, tuple[tuple[tuple[str, tuple[str, ...]], ...], dict[str, list[Path]]]] = {}


def rules_in(root: Path) -> dict[str, list[Path]]:
    """The rule-set ids of the files below ``root`` (a rules folder, laid out like the
    bundled one: any depth) and their files (one per version), sorted by id.

    ``load_ruleset`` by id asks this on every call, so the answer is remembered with
    the folder's listing (its folders and the names of their YAML files) and given
    again, as a copy, for as long as the listing is the same: a file added, removed or
    renamed is seen at the next call. (Only a name that was listed but was no file, a
    broken link, that later becomes one is not, until the listing changes.)"""
    key = os.fspath(root)
    listing = _listing(root)
    known = _KNOWN.get(key)
    if known is None or known[0] != listing:
        out: dict[str, list[Path]] = {}
        for p in _files(root, listing):
            out.setdefault(ruleset_name(p), []).append(p)
        known = _KNOWN[key] = (listing, dict(sorted(out.items())))
    return {rid: list(files) for rid, files in known[1].items()}


def list_bundled() -> dict[str, list[Path]]:
    """Bundled rule-set ids and their files (one per version), sorted by id."""
    return rules_in(bundled_rules_dir())
