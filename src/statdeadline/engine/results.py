"""What the engine returns: deadlines, their explanations, and the provenance of a result.

A :class:`Deadline` is one running of one clock on one case: its due date, status and the
event that met it. Its :attr:`Deadline.explanation` is a worked answer an auditor can
check by hand: the start event and date, the rule and citation, each step (count,
extension, pause, re-triage) with the non-working days it skipped, and the result.
Explanations are built only when asked for, so computing deadlines stays fast.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Literal, NamedTuple, get_args, overload

import attrs

from ..calendar import NonWorkingDay, WorkingDayCalendar
from ..rules.model import Citation

__all__ = [
    "DEADLINE_FIELDS",
    "STATUSES",
    "CaseWarning",
    "Deadline",
    "DeadlineExplanation",
    "Deadlines",
    "Provenance",
    "Step",
    "Verdict",
]

#: Every status a deadline can have.
#:
#: * ``pending`` - running, due date not yet reached (or the due date not yet known: a
#:   triage clock before triage), or paused (``paused`` is then true);
#: * ``due_soon`` - running, due within the rule set's ``due_soon_working_days``;
#: * ``overdue`` - past due and never met (still open, or it ended unmet after its due
#:   date: the case ended, or it was superseded or cancelled too late);
#: * ``met`` / ``met_late`` - met on or before / after the due date;
#: * ``expired`` - a complainant's window that closed without the complainant acting
#:   (not a failure of the council);
#: * ``cancelled`` - no longer applies: the case was withdrawn or closed before the due
#:   date, a cancelling event happened by then, or its condition was not met;
#: * ``superseded`` - overtaken by a later stage by its due date (e.g. a Stage 1 clock
#:   when the complaint went straight to Stage 2);
#: * ``not_required`` - ended by an event the clock names in ``not_required_by`` (an
#:   offer the complainant declined, where the time limit binds only what takes place):
#:   neither met nor late, before or after the due date;
#: * ``owed`` / ``done`` - a duty that arises when another clock lapses unmet
#:   (``arises_after``: a delay notice after a backstop) and has no due date of its own:
#:   owed from the day after that clock's due date, done once met; never late.

Status = Literal[
    "cancelled",
    "done",
    "due_soon",
    "expired",
    "met",
    "met_late",
    "not_required",
    "overdue",
    "owed",
    "pending",
    "superseded",
]
STATUSES: tuple[Status, ...] = get_args(Status)  # the type is the source of the tuple


class Verdict(NamedTuple):
    """A deadline's verdict without its explanation, citation or provenance.

    The light form of :class:`Deadline` that :meth:`statdeadline.Case.verdicts` gives for
    bulk work such as audits: the same values, with ``extensions`` and ``pauses`` as
    counts.
    """

    clock: str
    instance: int
    kind: str
    level: str | None
    start: _dt.date
    due: _dt.date | None
    met_on: _dt.date | None
    status: Status
    working_days_taken: int
    days_late: int
    extensions: int
    pauses: int
    ended_on: _dt.date | None = None
    counted_from: _dt.date | None = None


class Step(NamedTuple):
    """One step of a deadline's working.

    ``kind``: ``start``, ``count``, ``extend``, ``pause``, ``retriage``, ``share``,
    ``condition``, ``met``, ``end``. ``on`` is the date of the event behind it;
    ``from_date``/``to_date`` the dates it moved between (for counts, extensions and
    pauses, the non-working days skipped are listed between them).
    """

    kind: str
    on: _dt.date | None
    text: str
    from_date: _dt.date | None = None
    to_date: _dt.date | None = None
    count_working_days: bool = False


@attrs.frozen
class DeadlineExplanation:
    """A worked answer for one deadline: steps, each with the days it skipped."""

    heading: str
    steps: tuple[Step, ...]
    skipped: tuple[tuple[NonWorkingDay, ...], ...]  # per step
    result: str

    def __str__(self) -> str:
        lines = [self.heading]
        for step, skipped in zip(self.steps, self.skipped, strict=True):
            lines.append(f"  {step.text}")
            if skipped:
                lines.append("      skipped: " + ", ".join(str(d) for d in skipped))
        lines.append(f"  {self.result}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "heading": self.heading,
            "steps": [
                {
                    "kind": s.kind,
                    "on": s.on.isoformat() if s.on else None,
                    "text": s.text,
                    "from": s.from_date.isoformat() if s.from_date else None,
                    "to": s.to_date.isoformat() if s.to_date else None,
                    "skipped": [{"date": d.date.isoformat(), "reason": d.reason} for d in sk],
                }
                for s, sk in zip(self.steps, self.skipped, strict=True)
            ],
            "result": self.result,
        }


class Deadline(NamedTuple):
    """One running of one clock on a case, evaluated at ``as_of``. Immutable.

    ``due`` is ``None`` only for a clock with no date yet (a triage clock not yet triaged,
    a clock due with one that has not started). ``aim`` and ``maximum`` are a triage
    level's sooner aim and outer limit, when it has them. ``working_days_taken`` counts
    working days from the start (or the latest restart: an FOI clarification received)
    to ``met_on`` (or to ``as_of`` while open); ``days_late``
    the working days past ``due`` (0 when on time). ``counted_from`` is the day that count
    runs from (``start``, or the latest restart's day); ``ended_on`` the day the clock
    stopped running by ``as_of``: ``met_on`` when met, otherwise the day of the event that
    ended it (superseded it, cancelled it, found it not required, or closed the case),
    ``None`` while it runs (and for a clock cancelled because it never applied: its
    condition failed, or a duty's clock was met in time).

    A named tuple, the cheapest immutable record Python has (the engine builds many).
    ``trace`` (a callable giving the explanation's steps) and ``calendar`` (for the days
    skipped) are not data: equality ignores them, and so does ``repr``. ``extensions`` and
    ``pauses`` are read-only mappings (``to_dict`` gives plain dicts).
    """

    clock: str
    label: str
    kind: str
    instance: int
    start_event: str
    start: _dt.date
    due: _dt.date | None
    status: Status
    met_on: _dt.date | None
    met_by: str | None
    ended_by: str | None
    citation: Citation
    as_of: _dt.date
    aim: _dt.date | None = None
    maximum: _dt.date | None = None
    level: str | None = None
    paused: bool = False
    extensions: tuple[Mapping[str, Any], ...] = ()
    pauses: tuple[Mapping[str, Any], ...] = ()
    working_days_taken: int | None = None
    days_late: int = 0
    ended_on: _dt.date | None = None
    counted_from: _dt.date | None = None
    calendar_fingerprint: str = ""
    trace: Callable[[], tuple[Step, ...]] | None = None
    calendar: WorkingDayCalendar | None = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Deadline):
            return NotImplemented
        return self[:_DATA] == other[:_DATA]

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, Deadline):
            return NotImplemented
        return self[:_DATA] != other[:_DATA]

    __hash__ = None  # type: ignore[misc]  # extensions and pauses hold dicts

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={v!r}" for n, v in zip(DEADLINE_FIELDS, self, strict=False))
        return f"Deadline({inner})"

    @property
    def explanation(self) -> DeadlineExplanation:
        """The worked answer (built on demand)."""
        cal = self.calendar
        steps = self.trace() if self.trace is not None else ()
        skipped = []
        for s in steps:
            if (
                cal is not None
                and s.count_working_days
                and s.from_date
                and s.to_date
                and s.to_date > s.from_date
            ):
                days = cal.non_working_days(s.from_date + _dt.timedelta(1), s.to_date)
                skipped.append(tuple(d for d in days if d.date != s.to_date))
            else:
                skipped.append(())
        inst = f" #{self.instance}" if self.instance > 1 else ""
        heading = f"{self.label}{inst} ({self.clock}, {self.kind}): {self.citation}"
        due = self.due.isoformat() if self.due else "not yet known"
        result = f"due {due}: {self.status.replace('_', ' ')}"
        if self.met_on:
            result += f" ({self.met_by} on {self.met_on.isoformat()})"
        return DeadlineExplanation(heading, steps, tuple(skipped), result)

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        """JSON-safe form; with ``explain=True`` the explanation is included."""
        out: dict[str, Any] = {
            "clock": self.clock,
            "label": self.label,
            "kind": self.kind,
            "instance": self.instance,
            "start_event": self.start_event,
            "start": self.start.isoformat(),
            "due": self.due.isoformat() if self.due else None,
            "status": self.status,
            "met_on": self.met_on.isoformat() if self.met_on else None,
            "met_by": self.met_by,
            "ended_by": self.ended_by,
            "aim": self.aim.isoformat() if self.aim else None,
            "maximum": self.maximum.isoformat() if self.maximum else None,
            "level": self.level,
            "paused": self.paused,
            "extensions": [dict(e) for e in self.extensions],
            "pauses": [dict(p) for p in self.pauses],
            "working_days_taken": self.working_days_taken,
            "days_late": self.days_late,
            "ended_on": self.ended_on.isoformat() if self.ended_on else None,
            "counted_from": self.counted_from.isoformat() if self.counted_from else None,
            "citation": self.citation.to_dict(),
            "calendar_fingerprint": self.calendar_fingerprint,
        }
        if explain:
            out["explanation"] = self.explanation.to_dict()
        return out


#: The data fields of a :class:`Deadline`, in order (what equality compares).
DEADLINE_FIELDS: tuple[str, ...] = Deadline._fields[:-2]
_DATA = len(DEADLINE_FIELDS)


@attrs.frozen
class CaseWarning:
    """Something worth a person's attention that is not an error (a complaint made after
    the time limit, which the council may still accept)."""

    check: str
    message: str
    event: str
    on: _dt.date
    citation: Citation

    def __str__(self) -> str:
        return f"{self.on.isoformat()} {self.event}: {self.message} ({self.citation})"

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "check": self.check,
            "message": self.message,
            "event": self.event,
            "on": self.on.isoformat(),
            "citation": self.citation.to_dict(),
        }


class Provenance(NamedTuple):
    """What an auditor needs to reproduce a result years later."""

    library_version: str
    ruleset_id: str
    ruleset_version: str
    ruleset_layers: tuple[str, ...]
    division: str
    conventions: Mapping[str, str]
    calendar_fingerprint: str
    local_calendar_fingerprint: str
    as_of: _dt.date
    case_id: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "library_version": self.library_version,
            "ruleset_id": self.ruleset_id,
            "ruleset_version": self.ruleset_version,
            "ruleset_layers": list(self.ruleset_layers),
            "division": self.division,
            "conventions": dict(self.conventions),
            "calendar_fingerprint": self.calendar_fingerprint,
            "local_calendar_fingerprint": self.local_calendar_fingerprint,
            "as_of": self.as_of.isoformat(),
            "case_id": self.case_id,
        }


class Deadlines(Sequence[Deadline]):
    """The deadlines of a case at a date, in due order, with their provenance and warnings.

    Behaves as a read-only sequence of :class:`Deadline`.
    """

    __slots__ = ("_items", "_meta", "_state", "_warnings")

    def __init__(
        self,
        items: tuple[Deadline, ...],
        meta: Provenance,
        state: str,
        warnings: tuple[CaseWarning, ...] = (),
    ) -> None:
        self._items = items
        self._meta = meta
        self._state = state
        self._warnings = warnings

    @property
    def items(self) -> tuple[Deadline, ...]:
        """The deadlines, in due order."""
        return self._items

    @property
    def meta(self) -> Provenance:
        """What the result was computed with."""
        return self._meta

    @property
    def state(self) -> str:
        """The case's state at ``meta.as_of``."""
        return self._state

    @property
    def warnings(self) -> tuple[CaseWarning, ...]:
        """The case's warnings (a complaint made after the time limit...)."""
        return self._warnings

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Deadlines):
            return NotImplemented
        return (self._items, self._meta, self._state, self._warnings) == (
            other._items,
            other._meta,
            other._state,
            other._warnings,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"Deadlines(items={self._items!r}, meta={self._meta!r}, state={self._state!r}, "
            f"warnings={self._warnings!r})"
        )

    @overload
    def __getitem__(self, index: int) -> Deadline: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Deadline]: ...
    def __getitem__(self, index: int | slice) -> Deadline | Sequence[Deadline]:
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Deadline]:
        return iter(self._items)

    def by_clock(self, clock: str) -> list[Deadline]:
        """The deadlines of one clock (several for a repeating clock)."""
        return [d for d in self._items if d.clock == clock]

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        """JSON-safe form: meta, state, warnings and every deadline."""
        return {
            "meta": self._meta.to_dict(),
            "state": self._state,
            "warnings": [w.to_dict() for w in self._warnings],
            "deadlines": [d.to_dict(explain) for d in self._items],
        }
