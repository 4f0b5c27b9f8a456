"""How each row of a report prints its percentages, and the band shares every writer shows.

A report made with a profile prints its rule set's shares (on-time rates, band shares,
targets) as the profile's ``percent`` says, as the council prints them (Oxfordshire
truncates 89.7% to "89%"); every other row, and every report without a profile, with
one decimal, to the nearest (:data:`~statdeadline.rules.profiles.DEFAULT_PERCENT`). A
change from the period before is not a share: it keeps one decimal everywhere.

A band's share is its count over the deadlines that ended (met on time or late, or not
recorded: :func:`~statdeadline.audit.columns.ended`), as the councils' tables give it.

>>> meta = {"options": {"profile": {"ruleset": "rs", "percent": {"decimals": 0,
...                                                               "rounding": "floor"}}}}
>>> style_for(meta, "rs").text(0.897), style_for(meta, "other").text(0.897)
('89%', '89.7%')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..audit import SummaryRow
from ..audit.columns import ended
from ..rules.profiles import DEFAULT_PERCENT, PercentStyle

__all__ = ["band_shares", "style_for"]


def style_for(meta: Mapping[str, Any], ruleset: str) -> PercentStyle:
    """The percentage style of rule set ``ruleset``'s rows in a report with ``meta``: the
    profile's for its rule set, else the default."""
    profile = (meta.get("options") or {}).get("profile") or {}
    if profile.get("ruleset") != ruleset:
        return DEFAULT_PERCENT
    return PercentStyle.from_dict(profile.get("percent"))


def band_shares(row: SummaryRow) -> dict[str, float | None]:
    """Each band's share of the row's deadlines that ended, then ``not recorded``'s (all
    ``None`` when none ended)."""
    base = ended(row)
    counts = {**row.histogram, "not recorded": row.not_recorded}
    return {band: (n / base if base else None) for band, n in counts.items()}
