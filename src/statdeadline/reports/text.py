"""Plain-text layout shared by the text writers and the command line."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["grid"]


def grid(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned columns two spaces apart under a header and a rule, trailing spaces
    trimmed.

    >>> print("\\n".join(grid(["id", "n"], [["a", "10"], ["bcd", "2"]])))
    id   n
    ---  --
    a    10
    bcd  2
    """
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(header), line(["-" * w for w in widths]), *[line(r) for r in rows]]
