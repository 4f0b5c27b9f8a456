"""How many rejections an audit can have before it is not to be trusted: the share over
which every report shows a warning at its top (:data:`WARN_SHARE`), and the limit a
caller may set (``--max-rejected``), over which the audit fails."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ..exceptions import InvalidArgumentError

__all__ = ["WARN_SHARE", "RejectLimit", "rejected_share", "rejection_warning"]

#: Over this share of cases rejected, reports open with a warning, and do not call the
#: reconciliation a success.
WARN_SHARE = 0.05


def rejected_share(counts: Mapping[str, int]) -> float:
    """The share of cases read that were rejected (0 when none was read).

    >>> rejected_share({"cases_read": 8, "cases_rejected": 2})
    0.25
    """
    read = counts.get("cases_read", 0)
    return counts.get("cases_rejected", 0) / read if read else 0.0


def rejection_warning(counts: Mapping[str, int]) -> str | None:
    """The warning a report opens with when more than :data:`WARN_SHARE` of the cases
    were rejected (``None`` otherwise).

    >>> rejection_warning({"cases_read": 160, "cases_rejected": 155})
    'warning: 155 of 160 cases (96.9%) were rejected; these figures cover only the other 5; see the rejections'
    >>> rejection_warning({"cases_read": 100, "cases_rejected": 5}) is None
    True
    """
    share = rejected_share(counts)
    if share <= WARN_SHARE:
        return None
    read, rejected = counts["cases_read"], counts["cases_rejected"]
    return (
        f"warning: {rejected} of {read} cases ({share * 100:.1f}%) were rejected; "
        f"these figures cover only the other {read - rejected}; see the rejections"
    )


@attrs.frozen
class RejectLimit:
    """The most rejected cases an audit may have: a ``count``, or a ``rate`` of the
    cases read (exactly one is set)."""

    count: int | None = None
    rate: float | None = None

    @classmethod
    def parse(cls, text: str) -> RejectLimit:
        """``5%`` or ``0.05`` (a rate: with ``%`` or a decimal point), or ``10`` (a count).

        >>> RejectLimit.parse("5%"), RejectLimit.parse("0.05"), RejectLimit.parse("10")
        (RejectLimit(count=None, rate=0.05), RejectLimit(count=None, rate=0.05), RejectLimit(count=10, rate=None))
        """
        s = text.strip()
        expected = "a count (10), or a rate as a percentage (5%) or a fraction (0.05)"
        try:
            if s.endswith("%"):
                rate = float(s[:-1]) / 100
            elif "." in s:
                rate = float(s)
            else:
                count = int(s)
                if count < 0:
                    raise ValueError
                return cls(count=count)
        except ValueError:
            raise InvalidArgumentError("max_rejected", text, expected) from None
        if not 0 <= rate <= 1:
            raise InvalidArgumentError("max_rejected", text, expected + " from 0 to 1")
        return cls(rate=round(rate, 12))

    def exceeded(self, counts: Mapping[str, int]) -> str | None:
        """What was over the limit, in words, or ``None`` when the audit is within it.

        >>> RejectLimit(rate=0.05).exceeded({"cases_read": 100, "cases_rejected": 6})
        '6 of 100 cases (6.0%) were rejected, more than the limit of 5%'
        >>> RejectLimit(count=6).exceeded({"cases_read": 100, "cases_rejected": 6}) is None
        True
        """
        rejected, read = counts.get("cases_rejected", 0), counts.get("cases_read", 0)
        share = rejected_share(counts)
        if self.count is not None:
            over, limit = rejected > self.count, f"{self.count} case(s)"
        else:
            assert self.rate is not None
            over, limit = share > self.rate, f"{self.rate * 100:g}%"
        if not over:
            return None
        return f"{rejected} of {read} cases ({share * 100:.1f}%) were rejected, more than the limit of {limit}"
