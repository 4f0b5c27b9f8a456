"""Headline sentences for the front of a report, written from the summary's numbers.

For each rule set, in its order of clocks, one sentence per deadline of the latest
period (the totals across groups when there are groups), for the council's deadlines
only (not a complainant's window) and only where some were decided. When the report
has more than one rule set, each sentence starts with its rule set's id
(``cardiff-social-services - Acknowledgement: ...``), so that the sentences of two rule
sets with a deadline of the same name can be told apart:

- a deadline judged by an on-time rate: ``Stage 1 responses: 107 complaints, 96
  responded to within timescale (89.7%); target 80% met``, the target part only with a
  target, and ``1 complaint`` when there is one (a profile's ``noun`` says what a case is
  called: ``5 requests, 4 responded to ...`` for FOI). The rate has one decimal, the target
  none; for the rule set of a report profile, both are printed as the profile's
  ``percent`` says, as the council prints them (Oxfordshire truncates: ``(89%)``);
- a backstop (an outer limit, such as England's six months): ``Response within six
  months: 2 of 169 took longer than six months``;
- a duty with no due date of its own (``arises_after``: the written explanation of a
  delay), where some arose: ``Written explanation of the delay: 2 owed, 1 done`` (it has
  no on-time rate; done counts every one done, whenever that was).

>>> duration_words(Duration("months", 6)), duration_words(Duration("working_days", 1))
('six months', 'one working day')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..rules import RuleSet
from ..rules.model import Duration
from ..rules.profiles import DEFAULT_PERCENT, PercentStyle, Profile
from ..rules.vocabulary import kind_info
from .columns import DUTY_COLUMNS, decided
from .model import SummaryRow

__all__ = ["duration_words", "headlines"]

_NUMBERS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
_UNITS = {"working_days": "working day", "calendar_days": "day", "months": "month"}


def duration_words(d: Duration) -> str:
    """A duration as a report says it: the number in words up to twelve, the unit
    plural unless it is one."""
    amount = _NUMBERS[d.amount] if 0 <= d.amount < len(_NUMBERS) else str(d.amount)
    unit = _UNITS[d.unit]
    return f"{amount} {unit}" + ("" if d.amount == 1 else "s")


def _duty_sentence(row: SummaryRow) -> str | None:
    counts = [(c.label, getattr(row, c.column)) for c in DUTY_COLUMNS]
    if not any(n for _, n in counts):
        return None
    return f"{row.label}: " + ", ".join(f"{n} {label}" for label, n in counts)


def _sentence(
    row: SummaryRow,
    rs: RuleSet,
    style: PercentStyle | None = None,
    noun: tuple[str, str] = ("complaint", "complaints"),
) -> str | None:
    info = kind_info(row.kind)
    if info.actor != "council":
        return None
    if row.duty:
        return _duty_sentence(row)
    n_decided = decided(row)
    if not n_decided or not info.in_on_time_rate:
        return None
    clock = rs.clocks.get(row.clock)
    if info.breach_tallied and clock is not None and clock.duration is not None:
        return (
            f"{row.label}: {row.backstop_breaches} of {n_decided} took longer than "
            f"{duration_words(clock.duration)}"
        )
    rate = row.met / n_decided
    shown = (style or DEFAULT_PERCENT).text(rate)
    text = f"{row.label}: {n_decided} {noun[n_decided != 1]}, {row.met} responded to within timescale ({shown})"
    if row.target is not None:
        # a profile's own percent prints the target too; the default's one decimal not
        if style is None or style == DEFAULT_PERCENT:
            target = f"{row.target:.0%}"
        else:
            target = style.text(row.target)
        text += f"; target {target} {'met' if rate >= row.target else 'missed'}"
    return text


def headlines(
    summary: Sequence[SummaryRow],
    totals: Sequence[SummaryRow],
    rulesets: Mapping[str, RuleSet],
    periods: Sequence[str] = (),
    profile: Profile | None = None,
) -> list[str]:
    """The headline sentences (see the module's docstring) of ``totals`` when there are
    any (the groups added up), else of ``summary``; ``rulesets`` by id; ``periods``: the
    period labels, earliest first (the latest with rows is the one described);
    ``profile``: the report profile, whose ``percent`` prints its rule set's rates."""
    rows = [r for r in (totals or summary) if r.tier is None]
    present = {r.period for r in rows}
    latest = next((p for p in reversed(periods) if p in present), None)
    several = len({r.ruleset for r in rows if r.period == latest and r.ruleset in rulesets}) > 1
    out = []
    for r in rows:
        if r.period != latest or r.ruleset not in rulesets:
            continue
        own = profile is not None and profile.ruleset == r.ruleset
        style = profile.percent if own and profile is not None else None
        noun = profile.noun if own and profile is not None else ("complaint", "complaints")
        sentence = _sentence(r, rulesets[r.ruleset], style, noun)
        if sentence is not None:
            out.append(f"{r.ruleset} - {sentence}" if several else sentence)
    return out
