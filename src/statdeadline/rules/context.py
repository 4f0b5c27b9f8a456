"""What every builder of one rule file's parts needs: its data, its base, where problems
go and how citations are made."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from .issues import Issues
from .model import RuleSet
from .sources import Cite

__all__ = ["Context"]


class Context(NamedTuple):
    """One rule file being built: ``data`` (structure already checked), its ``path``,
    the ``base`` an overlay extends (else ``None``), the ``issues`` found so far and
    ``cite`` for its citations."""

    data: Mapping[str, Any]
    path: Path
    base: RuleSet | None
    issues: Issues
    cite: Cite

    @property
    def since(self) -> _dt.date:
        """The rule file's ``effective_from``."""
        day: _dt.date = self.data["effective_from"]
        return day
