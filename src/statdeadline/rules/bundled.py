"""The rule files shipped with the library, the rules folders a user names, and how a
file's name gives its rule-set id."""

from __future__ import annotations

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


def bundled_rules_dir() -> Path:
    """The folder of rule files shipped with the library.

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
    ``profiles`` folder."""
    return sorted(
        p
        for p in root.rglob("*.yaml")
        if p.is_file() and p.relative_to(root).parts[0] != PROFILES_FOLDER
    )


def rules_in(root: Path) -> dict[str, list[Path]]:
    """The rule-set ids of the files below ``root`` (a rules folder, laid out like the
    bundled one: any depth) and their files (one per version), sorted by id."""
    out: dict[str, list[Path]] = {}
    for p in rule_files(root):
        out.setdefault(ruleset_name(p), []).append(p)
    return dict(sorted(out.items()))


def list_bundled() -> dict[str, list[Path]]:
    """Bundled rule-set ids and their files (one per version), sorted by id."""
    return rules_in(bundled_rules_dir())
