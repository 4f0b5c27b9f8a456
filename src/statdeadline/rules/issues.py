"""Collecting the problems found in one rule file, each with its file, line and key path."""

from __future__ import annotations

from typing import Any

from ..exceptions import RuleSetError, RuleSetIssue
from .yamlfile import line_of

__all__ = ["Issues", "ids"]


class Issues:
    """Collects problems with their file and line; raises them all at once."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[RuleSetIssue] = []

    def at(self, container: Any, key: Any, path: str, message: str) -> None:
        """Note ``message`` about ``container[key]`` (key path ``path``)."""
        self.items.append(RuleSetIssue(self.file, line_of(container, key), path, message))

    def redefined(self, data: Any, section: str, key: str, owner: str) -> None:
        """Note that ``data[section][key]`` is already defined by ``owner``: an overlay adds
        to its base's sections, never redefines an entry."""
        self.at(
            data[section],
            key,
            f"{section}.{key}",
            f"already defined by {owner}; an overlay may add {section}, not redefine them",
        )

    def raise_if_any(self, ruleset_id: str | None = None) -> None:
        """Raise one :class:`RuleSetError` with every problem noted (each once)."""
        if self.items:
            raise RuleSetError(dict.fromkeys(self.items), ruleset_id)


def ids(value: Any) -> tuple[str, ...]:
    """One id, a list of ids, or nothing, as a tuple."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)
