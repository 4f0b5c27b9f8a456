"""A rule file's sources and the citations that name them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .issues import Issues
from .model import Citation, RuleSet, Source

__all__ = ["Cite", "build_sources"]


def build_sources(
    data: Mapping[str, Any], base: RuleSet | None, issues: Issues
) -> dict[str, Source]:
    """The base's sources (for an overlay) and the file's own; an overlay may not
    redefine a base's source (it would retitle the base's citations)."""
    sources: dict[str, Source] = dict(base.sources) if base else {}
    for sid, s in (data.get("sources") or {}).items():
        if base and sid in base.sources:
            issues.redefined(data, "sources", sid, base.id)
            continue
        sources[sid] = Source(sid, s["title"], s.get("url"), s.get("note"))
    return sources


class Cite:
    """Builds the :class:`Citation` at ``container[key]``, noting an unknown source."""

    def __init__(self, sources: Mapping[str, Source], issues: Issues):
        self.sources = sources
        self.issues = issues

    def __call__(self, container: Any, key: Any, where: str) -> Citation:
        data = container[key]
        src = self.sources.get(data["source"])
        if src is None:
            self.issues.at(
                data,
                "source",
                f"{where}.source",
                f"unknown source {data['source']!r}; declared: {', '.join(sorted(self.sources)) or 'none'}",
            )
        return Citation(
            source=data["source"],
            ref=data["ref"],
            confidence=data["confidence"],
            url=data.get("url") or (src.url if src else None),
            quote=data.get("quote"),
            note=data.get("note"),
            title=src.title if src else None,
        )
