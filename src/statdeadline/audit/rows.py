"""One input row, as every reader yields it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

__all__ = ["Row"]


class Row(NamedTuple):
    """One input row: its file, line and non-empty cells (stripped), by column."""

    file: str
    line: int
    data: Mapping[str, str]
