"""Replaying one case: its rows in, through the engine, a :class:`CaseResult` out.

Order of work: the rows are checked (no row with an ``error``, one rule set named by
all), each row becomes an event (its date parsed and inside the calendar's range, its
cells matched to the event's fields), the events are sorted by date, then time, then
:class:`SameDayOrder` (the rule set's declared order of events, with an extension or
pause of a clock just before what meets that clock), then the row's cells, so the same
rows in any order give the same result; each
is recorded; the case's deadlines are evaluated at ``as_of``. The first row that cannot
be used, or an evaluation that fails (a due date past the calendar's end), rejects the
whole case, naming that row (or the case's first).

Which rule sets the input may name (:func:`refusal`): a bundled id, an id in one of the
rules folders the user gave (``--rules DIR``), or a file under one of them; a cell naming
any other file rejects its case without the file being opened, so input data cannot make
the audit read a local file and echo it into the report.
"""

from __future__ import annotations

import datetime as _dt
import operator
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..calendar import MAX_DATE, MIN_DATE
from ..engine import Case, Deadline, Verdict
from ..engine.compiled import in_force, versions
from ..exceptions import AuditError, InvalidArgumentError, StatDeadlineError
from ..rules import RuleSet, bundled_rules_dir, list_bundled, load_ruleset
from ..rules.bundled import PROFILES_FOLDER, is_path
from ..rules.vocabulary import EFFECTS
from .dates import parse_input_date
from .model import CaseResult, Rejection
from .periods import PeriodSpec
from .recorded import ENDED_UNMET, not_recorded
from .rows import CORE_COLUMNS, OPTIONAL_COLUMNS, Row

__all__ = ["Replayer", "SameDayOrder", "links_out", "refusal", "ruleset_options_checked"]

#: An event ready to record: (date, time, rank, line, row, event id, fields).
_Event = tuple[_dt.date, str, int, int, Row, str, dict[str, Any]]


_BY_LINE = operator.itemgetter(0, 1, 2, 3)  # date, time, same-day rank, line
_WHEN = operator.itemgetter(0, 1, 2)


def _in_order(events: list[_Event]) -> None:
    """Sort one case's events: by date, time and same-day rank, then, only where two
    rows tie on those, by their cells (never by their place in the file: the line is
    the last key, and decides only between rows with the same cells)."""
    events.sort(key=_BY_LINE)
    if len(set(map(_WHEN, events))) < len(events):  # two rows tie
        events.sort(key=lambda e: (e[0], e[1], e[2], sorted(e[4].data.items()), e[3]))


#: How a cell becomes an event field (:meth:`Replayer._steps_for`); any other step is
#: the reason its row is rejected.
_TEXT, _DATE, _INT, _IGNORED = "text", "date", "int", "ignored"

#: What an evaluation may fail with on odd but well-formed data (a count past the
#: calendar's end, a number too big to convert): the case is rejected, not the audit.
_CASE_FAILURES = (StatDeadlineError, ValueError, OverflowError)
#: The longest number an int field is read from (a count of days has a few digits).
_MAX_DIGITS = 18


def ruleset_options_checked(
    options: Mapping[str, Mapping[str, Any]] | None,
) -> dict[str, Mapping[str, Any]]:
    """An audit's rule-set options (per rule set, as the input names it, the
    ``load_ruleset`` options for it) as a plain dict, once none of them names
    ``rules_dirs``: an audit has one set of rules folders, given as its own argument."""
    checked = dict(options or {})
    for rid, given in checked.items():
        if "rules_dirs" in given:
            raise InvalidArgumentError(
                "ruleset_options",
                {rid: dict(given)},
                "load_ruleset options other than rules_dirs (give audit(rules_dirs=...))",
            )
    return checked


def refusal(ref: str, rules_dirs: Sequence[str], cwd: str | None = None) -> str | None:
    """Why the input may not name rule set ``ref`` (``None``: it may). An id is looked
    for only among the bundled rule sets and in ``rules_dirs`` (resolved folders, whose
    links stay in them: :func:`links_out`); a path
    (a relative one taken from ``cwd``, default the current directory) must lead (links
    followed) to a file under one of ``rules_dirs`` or a bundled one. Nothing is opened
    to decide."""
    if not is_path(ref):
        return None
    try:
        target = Path(cwd if cwd is not None else os.getcwd(), ref).resolve()
    except (OSError, ValueError):  # a NUL byte, a loop of links: not a file under them
        target = None
    if target is not None and _inside(target, rules_dirs):
        return None
    given = ", ".join(rules_dirs) or "none given"
    return (
        f"ruleset {ref!r} is a file outside the rules folders; a ruleset may name a "
        f"bundled rule set ({', '.join(list_bundled())}) or a file under a folder given "
        f"with --rules DIR (rules_dirs=; given: {given})"
    )


def _inside(target: Path, rules_dirs: Sequence[str]) -> bool:
    """Whether the resolved path ``target`` is in the bundled rules folder or one of
    ``rules_dirs`` (resolved folders)."""
    allowed = (bundled_rules_dir().resolve(), *map(Path, rules_dirs))
    return any(target.is_relative_to(d) for d in allowed)


def links_out(rules_dirs: Sequence[str]) -> str | None:
    """Why an audit may not use these rules folders (``None``: it may): a link in one of
    them (its report profiles apart) that leads out of every rules folder and the
    bundled one. The input may name what is in a rules folder, by id or path, and an
    overlay there finds its base beside it; a link out would let it name any file, so
    an audit refuses such a folder before reading a row. Nothing is opened to decide."""
    for folder in rules_dirs:
        top = os.fspath(Path(folder).resolve())
        for here, dirs, files in os.walk(top):
            if here == top:
                dirs[:] = [d for d in dirs if d != PROFILES_FOLDER]
            for name in sorted((*dirs, *files)):
                path = Path(here, name)
                if not path.is_symlink():
                    continue
                try:
                    target = path.resolve()
                except (OSError, RuntimeError):  # a loop of links
                    target = None
                if target is None or not _inside(target, rules_dirs):
                    return (
                        f"rules folder {folder}: {path} is a link to {target or 'a loop of links'}, "
                        "outside the rules folders; the input may name any file in a rules "
                        "folder, so its links must stay in them (move the file in, or give "
                        "its folder with --rules too)"
                    )
    return None


def _same_id(rs: RuleSet, other: RuleSet) -> str:
    """Why an audit cannot use both ``rs`` and ``other``, two rule sets with one id: it
    counts, and reports the provenance of, one rule set per id. (The same words
    whichever was met first, so whatever the number of workers.)"""

    def what(r: RuleSet) -> str:
        choices = ", ".join(f"{k}={v.value}" for k, v in sorted(r.conventions.items()))
        return f"{r.path or r.id} version {r.version} ({r.division}; {choices or 'no conventions'})"

    both = "; ".join(sorted([what(rs), what(other)]))
    return (
        f"the input names two rule sets with the id {rs.id!r}: {both}; an audit counts "
        f"one rule set per id, so give yours an id of its own"
    )


#: The order of a clock's own events on one day, before what meets it: its level is set
#: (triage), its count restarted, extended, then paused, then resumed ("start, then
#: extend, pause and resume, then meet"): a pause and a resume of a running clock on one
#: day are a pause of that day. Of a clock already paused, the resume goes first (it
#: ends that pause, and a new one begins): :meth:`SameDayOrder.settle`.
EFFECT_ORDER: dict[str, int] = {"triage": 0, "restart": 1, "extend": 2, "pause": 3, "resume": 4}
#: Room between two places in the declared order, for :data:`EFFECT_ORDER`.
_STEP = 8


class SameDayOrder:
    """The order one day's events of a case are recorded in, from the rule set: the
    rule set's declared order of events (its lifecycle), except that an event with an
    effect (extend, pause, resume, triage, restart) naming its ``clock`` goes just
    before the earliest-declared event that meets that clock, so an extension or pause
    agreed on the day a clock is met applies to it whatever the rows' order; several
    such events of one clock go in :data:`EFFECT_ORDER`. Ties (two rows of one event)
    go by the rows' cells, never by their position in the file.

    >>> from statdeadline import load_ruleset
    >>> order = SameDayOrder(load_ruleset("england-children-2006"))
    >>> e = {"clock": "stage1_response"}
    >>> order.rank("extension", e) < order.rank("pause", e) < order.rank("resume", e) < order.rank("stage1_response", {})
    True
    """

    def __init__(self, rs: RuleSet):
        index = {ev_id: i for i, ev_id in enumerate(rs.events)}
        self.declared = {ev_id: (2 * i + 1) * _STEP for ev_id, i in index.items()}
        self.before_meet = {
            c.id: 2 * min(index[e] for e in c.met_by) * _STEP
            for c in rs.clocks.values()
            if c.met_by and all(e in index for e in c.met_by)
        }
        #: an effect event's place among one clock's events before what meets it
        self.effects = {
            ev_id: EFFECT_ORDER[ev.effect]
            for ev_id, ev in rs.events.items()
            if ev.effect in EFFECTS
        }
        self.last = (2 * len(index) + 1) * _STEP
        #: the events that pause or resume a clock, and which
        self.pausing = {
            ev_id: ev.effect for ev_id, ev in rs.events.items() if ev.effect in ("pause", "resume")
        }

    def settle(self, events: list[_Event]) -> None:
        """Put, in ``events`` (sorted by :func:`_in_order`), the resume of a clock that is
        paused when its day begins before that day's pause of it (a pause ends and a new
        one begins); each clock followed through the events that name it.

        >>> from statdeadline import load_ruleset
        >>> order = SameDayOrder(load_ruleset("foi-2000"))
        >>> def ev(day, ev_id):
        ...     f = {"clock": "response"}
        ...     return (_dt.date(2025, 4, day), "", order.rank(ev_id, f), day, None, ev_id, f)
        >>> events = [ev(3, "fees_notice"), ev(10, "fees_notice"), ev(10, "fee_received")]
        >>> order.settle(events)
        >>> [(e[0].day, e[5]) for e in events]
        [(3, 'fees_notice'), (10, 'fee_received'), (10, 'fees_notice')]
        """
        pausing = self.pausing
        if not pausing:
            return
        paused: set[str] = set()
        i, n = 0, len(events)
        while i < n:
            j = i + 1
            while j < n and events[j][0] == events[i][0] and events[j][1] == events[i][1]:
                j += 1
            if j - i > 1 and paused:  # a day (and time) of several events, a clock paused

                def key(e: _Event, held: frozenset[str] = frozenset(paused)) -> int:
                    clock = e[6].get("clock")
                    if pausing.get(e[5]) == "resume" and clock in held:
                        return 2 * e[2] - 3  # before the pause of its clock (rank - 1)
                    return 2 * e[2]

                events[i:j] = sorted(events[i:j], key=key)
            for e in events[i:j]:
                effect = pausing.get(e[5])
                clock = e[6].get("clock")
                if effect is not None and isinstance(clock, str):
                    (paused.add if effect == "pause" else paused.discard)(clock)
            i = j

    def rank(self, ev_id: str, fields: Mapping[str, Any]) -> int:
        """Where an event with these fields goes among one day's events."""
        sub = self.effects.get(ev_id)
        if sub is not None:
            clock = fields.get("clock")
            if isinstance(clock, str) and clock in self.before_meet:
                return self.before_meet[clock] + sub
        return self.declared.get(ev_id, self.last)


class _Rejected(Exception):
    """A row of the case cannot be used (internal: caught by :meth:`Replayer.evaluate`)."""

    def __init__(self, row: Row | None, reason: str, rid: str | None = None):
        self.row = row
        self.reason = reason
        self.rid = rid


class Replayer:
    """Turns one case's rows into a :class:`CaseResult`, loading each rule set once and
    remembering the dates it has parsed. ``rules_dirs`` are the resolved rules folders
    whose files the input may name and where ids and bases are looked for besides the
    bundled rule sets. A relative path the input names is taken from ``cwd`` (default:
    the current directory now), whatever the current directory is later."""

    def __init__(
        self,
        as_of: _dt.date,
        group_by: Sequence[str],
        date_format: str | None,
        ruleset_options: Mapping[str, Any],
        rules_dirs: Sequence[str] = (),
        cwd: str | None = None,
        periods: PeriodSpec | None = None,
    ):
        self.as_of = as_of
        #: the folder a relative path in the input's ruleset column is read from: the
        #: current directory when the audit began, in every worker process alike
        self.cwd = cwd if cwd is not None else os.getcwd()
        self.periods = periods  # the reporting periods its results are tallied in
        self.group_by = tuple(group_by)
        self.date_format = date_format
        self.options = ruleset_options
        self.rules_dirs = tuple(rules_dirs)  # resolved folders (rules.loader.rules_folders)
        self.rulesets: dict[str, RuleSet] = {}  # by the name the input gave (id or path)
        self.by_id: dict[str, RuleSet] = {}  # by rule-set id, as results name them
        self.bad_rulesets: dict[str, str] = {}
        self.ranks: dict[str, SameDayOrder] = {}
        #: each version cases were judged under, by (id, version): what they are tallied by
        self.judged: dict[tuple[str, str], RuleSet] = {}
        self.ignored: set[str] = set()
        self.fields: dict[str, frozenset[str]] = {}  # every event field of a rule set
        self.skip = frozenset((*CORE_COLUMNS, *OPTIONAL_COLUMNS, *self.group_by))
        self._dates: dict[str, tuple[_dt.date, _dt.time | None]] = {}
        #: per (rule set, event, a row's columns): how its cells become fields
        self._steps: dict[tuple[str, str, tuple[str, ...]], tuple[tuple[str, str], ...]] = {}

    def date(self, text: str) -> tuple[_dt.date, _dt.time | None]:
        """:func:`parse_input_date` with this audit's format, remembering answers (a year
        of cases has a few hundred distinct dates); a date outside the calendar's range
        is a ``ValueError``."""
        got = self._dates.get(text)
        if got is None:
            got = parse_input_date(text, self.date_format)
            if not MIN_DATE <= got[0] <= MAX_DATE:
                raise ValueError(
                    f"date {text!r} is outside the supported range {MIN_DATE} .. {MAX_DATE}"
                )
            if len(self._dates) >= 100_000:
                self._dates.clear()
            self._dates[text] = got
        return got

    def ruleset(self, rid: str) -> RuleSet:
        """The rule set the input names ``rid`` (an id or a path), loaded once; one that
        failed to load fails again with the first line of its error."""
        if rid in self.bad_rulesets:
            raise StatDeadlineError(self.bad_rulesets[rid])
        rs = self.rulesets.get(rid)
        if rs is None:
            why = refusal(rid, self.rules_dirs, self.cwd)
            if why is not None:
                self.bad_rulesets[rid] = why
                raise StatDeadlineError(why)
            ref = os.path.join(self.cwd, rid) if is_path(rid) else rid
            try:
                rs = load_ruleset(ref, rules_dirs=self.rules_dirs, **self.options.get(rid, {}))
            except StatDeadlineError as exc:
                self.bad_rulesets[rid] = str(exc).splitlines()[0]
                raise
            same = self.by_id.get(rs.id)
            if same is not None and same != rs and rs not in versions(same):
                raise AuditError(_same_id(rs, same))  # counted as one: the audit cannot run
            self.rulesets[rid] = rs
            self.by_id[rs.id] = rs
            self.ranks[rid] = SameDayOrder(rs)
            self.fields[rid] = frozenset(f for e in rs.events.values() for f in e.fields)
            clash = sorted(self.fields[rid] & set(self.group_by))
            if clash:
                message = f"group column(s) {', '.join(clash)} are event fields of {rs.id}; group by another column"
                self.bad_rulesets[rid] = message
                del self.rulesets[rid]
                raise StatDeadlineError(message)
        return rs

    def evaluate(self, case_id: str, rows: list[Row], detail: bool = True) -> CaseResult:
        """The case's result; with ``detail``, full :class:`Deadline` objects (for callers
        who see each case), otherwise only :class:`Verdict` tuples (for the tallies)."""
        groups: dict[str, str] = {}
        group_by = self.group_by
        if group_by:
            for row in rows:  # each group's value from the first row that has it
                data = row.data
                for col in group_by:
                    if col in data and col not in groups:
                        groups[col] = data[col]
                if len(groups) == len(group_by):
                    break
        rid: str | None = None
        try:
            rid, rs = self._ruleset_of(rows)
            events = [self._event(rid, rs, row) for row in rows]
            _in_order(events)
            judged = self._in_force(rs, events[0][0], rid)
            if judged is not rs:  # an earlier version: its own events and fields
                rs = judged
                events = [self._event(rid, rs, row) for row in rows]
                _in_order(events)
            self.ranks[rid].settle(events)
            case = Case(rs, case_id)
            for day, t, _, _, row, ev_id, fields in events:
                try:
                    case.record(ev_id, day, time=t or None, **fields)
                except _CASE_FAILURES as exc:
                    raise _Rejected(row, str(exc), rid) from None
            try:
                if not detail:
                    verdicts = tuple(case.verdicts(self.as_of))
                    # the events are in order: when none is after as_of, the state now is
                    state = case.state if events[-1][0] <= self.as_of else case.state_at(self.as_of)
                    received, closed = self._received_closed(events, state in rs.final_states)
                    return CaseResult(
                        case_id, rs.id, groups, state, (), None, len(rows), verdicts,
                        received, closed, self._not_recorded(rs, events, verdicts, closed),
                        rs.version,
                    )  # fmt: skip
                ds = case.deadlines(self.as_of)
            except _CASE_FAILURES as exc:
                raise _Rejected(None, f"cannot be evaluated at {self.as_of}: {exc}", rid) from None
        except _Rejected as rej:
            where = rej.row or rows[0]
            rejection = Rejection(where.file, where.line, case_id, rej.reason, len(rows))
            return CaseResult(case_id, rej.rid, groups, None, (), rejection, len(rows))
        received, closed = self._received_closed(events, ds.state in rs.final_states)
        return CaseResult(
            case_id, rs.id, groups, ds.state, tuple(ds), None, len(rows), (), received, closed,
            self._not_recorded(rs, events, ds, closed), rs.version,
        )  # fmt: skip

    def _in_force(self, rs: RuleSet, day: _dt.date, rid: str) -> RuleSet:
        """The version of ``rs`` in force on ``day``, the case's first event's (the one
        the engine will choose: its newest version covering the day; ``rs`` itself when
        none does, for the engine to refuse), remembered in :attr:`judged` for the
        tallies; a version file that cannot be read rejects the case."""
        try:
            chosen = in_force(rs, day) or rs
        except StatDeadlineError as exc:
            raise _Rejected(None, str(exc).splitlines()[0], rid) from None
        key = (chosen.id, chosen.version)
        if key not in self.judged:
            self.judged[key] = chosen
        return chosen

    def _not_recorded(
        self,
        rs: RuleSet,
        events: list[_Event],
        deadlines: Iterable[Deadline | Verdict],
        closed: _dt.date | None,
    ) -> frozenset[tuple[str, int]]:
        if closed is None:
            return frozenset()
        for d in deadlines:  # only these can be one not recorded
            if d.status in ENDED_UNMET:
                return not_recorded(rs, [(e[0], e[5]) for e in events], deadlines, closed)
        return frozenset()

    def _received_closed(
        self, events: list[_Event], final: bool
    ) -> tuple[_dt.date | None, _dt.date | None]:
        """A case's received date (its first event's, if by ``as_of``) and the date it
        closed (its last event by ``as_of``, if that left it in a final state)."""
        if not events or events[0][0] > self.as_of:
            return None, None
        if not final:
            return events[0][0], None
        return events[0][0], next(e[0] for e in reversed(events) if e[0] <= self.as_of)

    def _ruleset_of(self, rows: list[Row]) -> tuple[str, RuleSet]:
        """The one rule set the case's rows name, once no row has an error."""
        for row in rows:
            if row.error is not None:
                raise _Rejected(row, row.error)
        rids = {row.data.get("ruleset", "") for row in rows}
        if len(rids) != 1 or "" in rids:
            if "" in rids:
                bad = next(r for r in rows if not r.data.get("ruleset"))
                raise _Rejected(bad, "missing ruleset")
            raise _Rejected(None, f"rows name different rule sets: {', '.join(sorted(rids))}")
        rid = rids.pop()
        try:
            return rid, self.ruleset(rid)
        except AuditError:
            raise  # not this case's fault: the audit cannot run
        except StatDeadlineError as exc:
            raise _Rejected(None, str(exc).splitlines()[0], rid) from None

    def _event(self, rid: str, rs: RuleSet, row: Row) -> _Event:
        """One row as an event to record, with the keys it is sorted by: its cells that are
        fields of the event (dates parsed); other columns that are no event's field are
        remembered as ignored."""
        ev_id = row.data.get("event")
        if not ev_id:
            raise _Rejected(row, "missing event", rid)
        raw = row.data.get("date")
        if not raw:
            raise _Rejected(row, "missing date", rid)
        try:
            day, parsed_time = self._dates.get(raw) or self.date(raw)
        except ValueError as exc:
            raise _Rejected(row, str(exc), rid) from None
        # an explicit time column wins over a time in the date cell; the engine checks it
        t = row.data.get("time") or (parsed_time.strftime("%H:%M") if parsed_time else "")
        data = row.data
        key = (rid, ev_id, tuple(data))
        steps = self._steps.get(key)
        if steps is None:
            steps = self._steps_for(rid, rs, ev_id, key[2])
            if len(self._steps) >= 10_000:
                self._steps.clear()
            self._steps[key] = steps
        fields: dict[str, Any] = {}
        for name, kind in steps:
            value = data[name]
            if kind is _TEXT:
                fields[name] = value
            elif kind is _DATE:
                try:
                    fields[name] = self.date(value)[0]
                except ValueError as exc:
                    raise _Rejected(row, f"{ev_id}.{name}: {exc}", rid) from None
            elif kind is _IGNORED:
                self.ignored.add(name)  # not an event field: listed in the report's meta
            elif kind is _INT:
                if len(value) > _MAX_DIGITS:
                    raise _Rejected(
                        row,
                        f"{ev_id}.{name}: {value[:12]}... is not a whole number of at most {_MAX_DIGITS} digits",
                        rid,
                    )
                fields[name] = value
            else:  # a field of another event: the message
                raise _Rejected(row, kind, rid)
        rank = self.ranks[rid].rank(ev_id, fields)
        return (day, t, rank, row.line, row, ev_id, fields)

    def _steps_for(
        self, rid: str, rs: RuleSet, ev_id: str, columns: tuple[str, ...]
    ) -> tuple[tuple[str, str], ...]:
        """How the cells of a row of event ``ev_id`` with these columns become its
        fields, column by column in the row's order: each kept as text, read as a date,
        checked as a whole number, or noted as ignored (no event's field), or (a field
        of another of the rule set's events) the reason the row is rejected."""
        edef = rs.events.get(ev_id)
        if edef is None:
            return ()  # the engine names the unknown event
        steps: list[tuple[str, str]] = []
        for name in columns:
            if name in self.skip:
                continue
            spec = edef.fields.get(name)
            if spec is None:
                if name in self.fields[rid]:
                    steps.append(
                        (
                            name,
                            f"{ev_id}: field {name!r} does not belong to this event; its fields: {', '.join(sorted(edef.fields)) or 'none'}",
                        )
                    )
                    break  # the row is rejected here: what follows is not looked at
                steps.append((name, _IGNORED))
                continue
            kind = {"int": _INT, "date": _DATE}.get(spec.type, _TEXT)
            steps.append((name, kind))
        return tuple(steps)
