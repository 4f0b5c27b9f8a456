"""The words of the rule language and what each means, written once as data.

Every other module looks a meaning up here instead of comparing strings: a new clock kind
is one row of :data:`CLOCK_KIND_TABLE`, a new effect one entry of :data:`EFFECTS`. The
``Literal`` types are the source of the tuples (``typing.get_args``), so the type checker
and the run-time checks can never disagree.
"""

from __future__ import annotations

from typing import Literal, get_args

import attrs

__all__ = [
    "CLOCK_KINDS",
    "CLOCK_KIND_TABLE",
    "CONFIDENCES",
    "CONVENTIONS",
    "DURATION_UNITS",
    "EFFECTS",
    "FIELD_TYPES",
    "FIELD_TYPE_WORDS",
    "HOUR_UNITS",
    "OLD_SPELLINGS",
    "OPTIONAL_CONVENTIONS",
    "Actor",
    "ClockKind",
    "ClockKindInfo",
    "Confidence",
    "DurationUnit",
    "Effect",
    "FieldType",
    "kind_info",
]

#: What a clock is, for reporting: a statutory deadline; a statutory one that allows "or as
#: soon as reasonably practicable"; a council's own target; a window the complainant has
#: to act in; an outer limit after which something else must happen.
ClockKind = Literal["backstop", "complainant_window", "local_target", "statutory", "statutory_soft"]
#: How sure we are of a rule: read in the primary text, only in secondary sources, or one
#: council's local policy.
Confidence = Literal["local", "primary", "secondary"]
DurationUnit = Literal["calendar_days", "hours", "months", "office_hours", "working_days"]
#: Units counted in hours from the start event's time of day (elapsed, or only while the
#: office is open), not in days.
HOUR_UNITS: frozenset[str] = frozenset({"hours", "office_hours"})
#: Effects an event may have on clocks.
Effect = Literal["extend", "pause", "restart", "resume", "triage"]
FieldType = Literal["bool", "choice", "clock", "date", "int", "str"]
#: Who must act before a clock lapses.
Actor = Literal["complainant", "council"]

CLOCK_KINDS: tuple[ClockKind, ...] = get_args(ClockKind)
CONFIDENCES: tuple[Confidence, ...] = get_args(Confidence)
DURATION_UNITS: tuple[DurationUnit, ...] = get_args(DurationUnit)
EFFECTS: tuple[Effect, ...] = get_args(Effect)
FIELD_TYPES: tuple[FieldType, ...] = get_args(FieldType)

#: The words a rule file may use for an event field's type, and the type each means: the
#: plain words a council officer would use, and the short names of earlier files.
FIELD_TYPE_WORDS: dict[str, FieldType] = {
    "text": "str",
    "number": "int",
    "yes/no": "bool",
    "date": "date",
    "choice": "choice",
    "clock": "clock",
    "str": "str",
    "int": "int",
    "bool": "bool",
}

#: Enumerated values are spelt with underscores. The hyphenated clock kinds of earlier
#: rule files (``local-target``) are still read, with a :class:`RuleSetWarning`.
OLD_SPELLINGS: dict[str, str] = {k.replace("_", "-"): k for k in CLOCK_KINDS if "_" in k}

#: Named day-counting conventions and their allowed values (the first is the default).
CONVENTIONS: dict[str, tuple[str, ...]] = {
    # How the start date of a clock is found from the date of its start event.
    "receipt": ("day_0", "non_working_deemed_next", "deemed_next_working_day"),
    # What a re-triage to a new RAG level counts from.
    "retriage": ("from_original_start", "from_change"),
    # A time of day after which a receipt counts as received on the next working day:
    # "none", or a 24-hour time "HH:MM" (any such time is allowed).
    "receipt_cutoff": ("none",),
    # Which days a pause from day P to a resume on day R takes out of the count: those in
    # (P, R] (the pause day counts, the resume day does not), or those in [P, R] (both
    # ends are not counted: "the period beginning with the day ... and ending with the
    # day ..." of FOIA s.10(2) and DPA 2018 s.54(3C)).
    "pause_days": ("after_pause", "both_ends"),
    # What a clock with ``start_capped_by`` counts from: the actual date of its start
    # event, or the earlier of that and the capping clock's due date (so a late
    # acknowledgement does not give the response more time).
    "start_cap": ("actual", "earlier_of_deadline"),
    # Where a month clock's paused calendar days go: added to the end of the period
    # (before its roll), or moving its start (the month counted again from it).
    "month_pause": ("add_to_end", "move_start"),
    # Where a month clock's extension in months counts from: its start (the period
    # lengthened: one month and two further months are three months from the start), or
    # the end of the period first counted (two months on from the first month's end).
    "month_extension": ("from_start", "from_first_end"),
    # The day a receipt event with a ``raised_on`` date field counts from, when the field
    # is recorded: that earlier day (``raised_on``: a complaint that began as a concern is
    # received the day the concern was raised), or the event's own date (``event_date``:
    # the day the matter was handed to the procedure).
    "received_on": ("raised_on", "event_date"),
}

#: Conventions a rule set has only when it declares them (a rule set without pauses, or
#: without a capped start, has no choice to make, and its results do not list one).
OPTIONAL_CONVENTIONS: frozenset[str] = frozenset(
    {"month_extension", "month_pause", "pause_days", "received_on", "start_cap"}
)


@attrs.frozen
class ClockKindInfo:
    """What a clock kind means for status and tallies.

    ``lapses_as``: the status of a clock of this kind that passes its due date unmet
    (``overdue`` for a duty of the council's, ``expired`` for a complainant's window);
    ``in_on_time_rate``: whether met/late/overdue clocks of this kind count toward an
    on-time rate that is compared with a target; ``breach_tallied``: whether a late or
    overdue clock is counted apart as a breach (a backstop: "took longer than six
    months"); ``actor``: who must act before the due date.
    """

    kind: ClockKind
    lapses_as: Literal["overdue", "expired"]
    in_on_time_rate: bool
    breach_tallied: bool
    actor: Actor
    description: str


#: One row per clock kind.
CLOCK_KIND_TABLE: dict[ClockKind, ClockKindInfo] = {
    row.kind: row
    for row in (
        ClockKindInfo(
            "backstop",
            "overdue",
            True,
            True,
            "council",
            "an outer limit after which something else must happen",
        ),
        ClockKindInfo(
            "complainant_window",
            "expired",
            False,
            False,
            "complainant",
            "a window the complainant has to act in",
        ),
        ClockKindInfo("local_target", "overdue", True, False, "council", "a council's own target"),
        ClockKindInfo("statutory", "overdue", True, False, "council", "a statutory deadline"),
        ClockKindInfo(
            "statutory_soft",
            "overdue",
            True,
            False,
            "council",
            'a statutory deadline that allows "or as soon as reasonably practicable"',
        ),
    )
}


def kind_info(kind: str) -> ClockKindInfo:
    """The meaning of clock kind ``kind`` (a :data:`CLOCK_KINDS` value)."""
    return CLOCK_KIND_TABLE[kind]  # type: ignore[index]  # kinds are checked when a rule file loads
