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


def rejected_share(counts: Mapping[str, int], caseless: int = 0) -> float:
    """The share of what was read that was rejected (0 when nothing was): of the cases
    read and the ``caseless`` rows (rows naming no case, each rejected alone: it counts
    as one thing read and rejected, so a file of them is no success).

    >>> rejected_share({"cases_read": 8, "cases_rejected": 2})
    0.25
    >>> rejected_share({"cases_read": 1, "cases_rejected": 0}, caseless=20)
    0.9523809523809523
    """
    read = counts.get("cases_read", 0) + caseless
    return (counts.get("cases_rejected", 0) + caseless) / read if read else 0.0


def _rejected_text(counts: Mapping[str, int], caseless: int) -> str:
    """What was rejected, in words: ``2 of 8 cases (25.0%)``, or with rows naming no
    case, ``20 of 21 (95.2%: 0 of 1 cases and 20 rows that name no case)``."""
    share = rejected_share(counts, caseless) * 100
    read, rejected = counts.get("cases_read", 0), counts.get("cases_rejected", 0)
    if not caseless:
        return f"{rejected} of {read} cases ({share:.1f}%)"
    return (
        f"{rejected + caseless} of {read + caseless} ({share:.1f}%: {rejected} of {read} "
        f"cases and {caseless} row(s) that name no case)"
    )


def rejection_warning(counts: Mapping[str, int], caseless: int = 0) -> str | None:
    """The warning a report opens with when more than :data:`WARN_SHARE` of what was
    read was rejected (:func:`rejected_share`; ``None`` otherwise).

    >>> rejection_warning({"cases_read": 160, "cases_rejected": 155, "cases_audited": 5})
    'warning: 155 of 160 cases (96.9%) were rejected; these figures cover only the other 5 case(s); see the rejections'
    >>> rejection_warning({"cases_read": 100, "cases_rejected": 5}) is None
    True
    >>> rejection_warning({"cases_read": 1, "cases_rejected": 0, "cases_audited": 1}, caseless=20)
    'warning: 20 of 21 (95.2%: 0 of 1 cases and 20 row(s) that name no case) were rejected; these figures cover only the other 1 case(s); see the rejections'
    """
    if rejected_share(counts, caseless) <= WARN_SHARE:
        return None
    return (
        f"warning: {_rejected_text(counts, caseless)} were rejected; these figures cover "
        f"only the other {counts.get('cases_audited', 0)} case(s); see the rejections"
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

    def exceeded(self, counts: Mapping[str, int], caseless: int = 0) -> str | None:
        """What was over the limit, in words, or ``None`` when the audit is within it;
        ``caseless``: rows naming no case, each counted as one thing rejected.

        >>> RejectLimit(rate=0.05).exceeded({"cases_read": 100, "cases_rejected": 6})
        '6 of 100 cases (6.0%) were rejected, more than the limit of 5%'
        >>> RejectLimit(count=6).exceeded({"cases_read": 100, "cases_rejected": 6}) is None
        True
        >>> RejectLimit(count=0).exceeded({"cases_read": 0, "cases_rejected": 0}, caseless=3)
        '3 of 3 (100.0%: 0 of 0 cases and 3 row(s) that name no case) were rejected, more than the limit of 0 case(s)'
        """
        rejected = counts.get("cases_rejected", 0) + caseless
        if self.count is not None:
            over, limit = rejected > self.count, f"{self.count} case(s)"
        else:
            assert self.rate is not None
            over, limit = rejected_share(counts, caseless) > self.rate, f"{self.rate * 100:g}%"
        if not over:
            return None
        return f"{_rejected_text(counts, caseless)} were rejected, more than the limit of {limit}"
