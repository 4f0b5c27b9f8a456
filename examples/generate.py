"""Regenerate the example audit input in this folder: a synthetic year of complaints.

    python examples/generate.py            # rewrite the example files
    python examples/generate.py --check    # exit 1 if the files on disk are out of date

Writes, next to this script:

* ``cases.csv`` - one event per row (long format) for every case of the year: complaints
  received 2025-04-01 to 2026-03-31 under england-children-2006, england-adults-2009,
  wales-social-services-2014 and three councils' overlays (oxfordshire-adults,
  cheshire-west-adults, cardiff-social-services), seen as of 2026-06-30; grouping columns
  ``team`` and ``service_area``. It has extensions, pauses, escalations to Stage 2 and 3,
  withdrawals, late responses, still-open cases and three deliberately bad cases;
* ``cases-wide.csv`` and ``cases-wide-mapping.yaml`` - the adult social care cases of the
  same year (england-adults-2009, oxfordshire-adults, cheshire-west-adults) as a case
  system would export them, one row per case with dates as DD/MM/YYYY, and the mapping
  that turns them back into events.

Everything is synthetic: names, teams and dates are made up. The output depends only on
the seed and the rule files, so running this twice gives byte-identical files. Every
generated history is replayed through the engine while generating (in the order the
audit will replay it), and a history the engine refuses is drawn again, so apart from the
deliberately bad cases every case in the files is accepted by the audit. Standard
library and statdeadline only.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from statdeadline import Case, RuleSet, StatDeadlineError, load_ruleset

HERE = Path(__file__).resolve().parent
SEED = 20250401
YEAR_START = dt.date(2025, 4, 1)
YEAR_END = dt.date(2026, 3, 31)
AS_OF = dt.date(2026, 6, 30)

#: Long-format columns: the core four, the event fields used, then the grouping columns.
LONG_COLUMNS = (
    "case_id",
    "ruleset",
    "event",
    "date",
    "clock",
    "working_days",
    "until",
    "reason",
    "agreed_with_complainant",
    "complainant_told",
    "level",
    "grounds_arose",
    "team",
    "service_area",
)

#: Rule set -> (case reference prefix, number of cases, service area, teams).
PLAN: dict[str, tuple[str, int, str, tuple[str, ...]]] = {
    "england-children-2006": (
        "CH",
        80,
        "Children's services",
        ("Children North", "Children South"),
    ),
    "england-adults-2009": ("AS", 50, "Adult social care", ("Adults East", "Adults West")),
    "oxfordshire-adults": ("OX", 60, "Adult social care", ("Oxford City", "Cherwell")),
    "cheshire-west-adults": ("CW", 50, "Adult social care", ("Chester", "Ellesmere Port")),
    "wales-social-services-2014": ("WA", 40, "Social services", ("Wales Adults", "Wales Children")),
    "cardiff-social-services": (
        "CF",
        30,
        "Social services",
        ("Cardiff Adults", "Cardiff Children"),
    ),
}
ADULTS = ("england-adults-2009", "oxfordshire-adults", "cheshire-west-adults")

Event = tuple[str, dt.date, dict[str, Any]]  # (event id, date, fields)


class Gen:
    """Draws one case history at a time for one rule set, in working days of its calendar."""

    def __init__(self, rs: RuleSet, rng: random.Random):
        self.rs = rs
        self.rng = rng
        self.cal = rs.calendar

    # helpers -------------------------------------------------------------------------

    def wd(self, d: dt.date, n: int) -> dt.date:
        """The n-th working day after d (d itself for n == 0)."""
        return self.cal.add_working_days(d, n)

    def pick(self, weighted: Iterable[tuple[Any, float]]) -> Any:
        items = list(weighted)
        return self.rng.choices([v for v, _ in items], [w for _, w in items])[0]

    def received(self, day: dt.date) -> Event:
        fields: dict[str, Any] = {}
        if self.rng.random() < 0.4:  # the date of the matter complained about, when recorded
            back = 400 if self.rng.random() < 0.05 else self.rng.randint(3, 300)
            fields["grounds_arose"] = day - dt.timedelta(days=back)
        return ("received", day, fields)

    def taken(self, target: int) -> int:
        """Working days a response takes against a ``target``: mostly on time, some late."""
        return int(
            self.pick(
                [
                    (self.rng.randint(max(1, target // 3), target), 0.78),
                    (target + self.rng.randint(1, max(3, target // 2)), 0.17),
                    (target + self.rng.randint(target // 2 + 1, 3 * target), 0.05),
                ]
            )
        )

    # regimes -------------------------------------------------------------------------

    def children(self, day: dt.date) -> list[Event]:
        rng, wd = self.rng, self.wd
        ev = [self.received(day)]
        route = rng.random()
        if route < 0.05:
            return [*ev, ("withdrawn", wd(day, rng.randint(1, 8)), {})]
        if route < 0.12:  # serious: straight to Stage 2, the Stage 1 clock is superseded
            return ev + self.children_stage2(wd(day, rng.randint(1, 4)))
        due = 10
        if rng.random() < 0.06:  # the complainant asked to stop the clock for a while
            p = wd(day, rng.randint(1, 4))
            ev.append(("pause", p, {"reason": "Complainant in hospital; asked to pause"}))
            r = wd(p, rng.randint(2, 8))
            ev.append(("resume", r, {}))
            due += self.cal.working_days_between(p, r)
        if rng.random() < 0.18:  # complex, or an advocate is needed: extended up to 20 WD
            extra = rng.choice((5, 10))
            reason = rng.choice(
                ("Advocate arranged for the child", "Complex: several teams involved")
            )
            fields = {
                "clock": "stage1_response",
                "working_days": extra,
                "reason": reason,
                "agreed_with_complainant": True,
            }
            if rng.random() < 0.8:
                fields["complainant_told"] = True
            ev.append(("extension", wd(day, rng.randint(5, 9)), fields))
            due += extra
        response = wd(day, self.taken(due))
        if response > AS_OF:
            return ev
        ev.append(("stage1_response", response, {}))
        after = rng.random()
        if after < 0.2:  # the complainant asks for Stage 2 (a few after their 20 WD)
            return ev + self.children_stage2(wd(response, rng.randint(3, 24)))
        if after < 0.95:
            return [*ev, ("closed", wd(response, rng.randint(21, 30)), {})]
        return ev  # answered, not yet closed

    def children_stage2(self, requested: dt.date) -> list[Event]:
        rng, wd = self.rng, self.wd
        if requested > AS_OF:
            return []
        ev: list[Event] = [("stage2_requested", requested, {})]
        due = 25
        if rng.random() < 0.5:
            ev.append(("stage2_statement_agreed", wd(requested, rng.randint(3, 8)), {}))
        if rng.random() < 0.35:  # extended, complainant told why with a new date (max 65 WD)
            extra = rng.choice((10, 20, 40))
            ev.append(
                (
                    "extension",
                    wd(requested, rng.randint(10, 20)),
                    {
                        "clock": "stage2_response",
                        "working_days": extra,
                        "reason": "Investigating officer needs more time",
                        "complainant_told": True,
                    },
                )
            )
            due += extra
        response = wd(requested, self.taken(due))
        if response > AS_OF:
            return ev  # still under investigation at the audit date
        ev.append(("stage2_response", response, {}))
        if rng.random() < 0.3:  # asks for a review panel
            panel_req = wd(response, rng.randint(5, 20))
            if panel_req > AS_OF:
                return ev
            ev.append(("stage3_requested", panel_req, {}))
            steps = (("panel_held", 15, 36), ("panel_report", 2, 8), ("final_response", 8, 20))
            d = panel_req
            for event, lo, hi in steps:
                d = wd(d, rng.randint(lo, hi))
                if d > AS_OF:
                    return ev
                ev.append((event, d, {}))
            return [*ev, ("closed", wd(d, rng.randint(1, 5)), {})]
        return [*ev, ("closed", wd(response, rng.randint(21, 25)), {})]

    def adults(self, day: dt.date, local: str | None = None) -> list[Event]:
        """england-adults-2009; ``local`` adds the Oxfordshire or Cheshire West target."""
        rng, wd = self.rng, self.wd
        ev = [self.received(day)]
        if rng.random() < 0.95:  # the rest never acknowledged
            lag = self.pick([(0, 0.1), (rng.randint(1, 3), 0.8), (rng.randint(4, 6), 0.1)])
            ev.append(("acknowledged", wd(day, lag), {}))
        target = 20
        if local == "oxfordshire":
            level = self.pick([("green", 0.5), ("yellow", 0.2), ("amber", 0.15), ("red", 0.15)])
            target = {"green": 10, "yellow": 45, "amber": 7, "red": 20}[level]
            ev.append(("triaged", wd(day, rng.randint(0, 2)), {"level": level}))
            if level in ("yellow", "red") and rng.random() < 0.25:
                extra = rng.choice((5, 10, 15))
                ev.append(
                    (
                        "extension",
                        wd(day, rng.randint(3, target - 1)),
                        {
                            "clock": "local_response",
                            "working_days": extra,
                            "reason": "Waiting for the provider's records",
                            "agreed_with_complainant": True,
                        },
                    )
                )
                target += extra
        elif local == "cheshire-west" and rng.random() < 0.25:  # complex: up to 40 WD
            extra = rng.choice((5, 10, 20))
            ev.append(
                (
                    "extension",
                    wd(day, rng.randint(5, 19)),
                    {
                        "clock": "local_response",
                        "working_days": extra,
                        "reason": "Complex complaint: health partners involved",
                        "agreed_with_complainant": True,
                    },
                )
            )
            target += extra
        if rng.random() < 0.05:
            return [*ev, ("withdrawn", wd(day, rng.randint(2, 15)), {})]
        backstop = self.cal.add_months(day, 6, end="commencing")
        if local == "cheshire-west":  # spread widely: the council reports bands to 100+ WD
            taken = self.pick(
                [
                    (rng.randint(5, 20), 0.55),
                    (rng.randint(21, 40), 0.22),
                    (rng.randint(41, 60), 0.1),
                    (rng.randint(61, 80), 0.06),
                    (rng.randint(81, 100), 0.04),
                    (rng.randint(101, 140), 0.03),
                ]
            )
        else:
            taken = self.taken(target)
            if rng.random() < 0.06:  # a long investigation, past the six-month backstop
                taken = rng.randint(125, 150)
        response = wd(day, taken)
        if rng.random() < 0.05 and response < backstop:  # a longer period agreed in time
            until = self.cal.next_working_day(backstop + dt.timedelta(days=rng.randint(20, 60)))
            ev.append(
                (
                    "extension",
                    wd(day, rng.randint(10, 60)),
                    {
                        "clock": "response_backstop",
                        "until": until,
                        "reason": "Joint investigation with the NHS trust",
                        "agreed_with_complainant": True,
                    },
                )
            )
            response = wd(day, rng.randint(125, 140))
        if response > backstop and rng.random() < 0.7:  # the delay explained in writing
            notice = backstop - dt.timedelta(days=rng.randint(0, 10))
            if notice <= AS_OF:
                ev.append(("delay_notice", self.cal.previous_working_day(notice), {}))
        if response > AS_OF:
            return ev  # still open
        ev.append(("response", response, {}))
        d = response
        if local == "oxfordshire":
            for _tier in range(2):  # internal review: team manager, then service manager
                if rng.random() > 0.15:
                    break
                req = wd(d, rng.randint(5, 25))
                if req > AS_OF:
                    return ev
                ev.append(("review_requested", req, {}))
                d = wd(req, self.taken(20))
                if d > AS_OF:
                    return ev
                ev.append(("review_response", d, {}))
        if rng.random() < 0.85:
            ev.append(("closed", wd(d, rng.randint(0, 10)), {}))
        return ev

    def wales(self, day: dt.date, cardiff: bool = False) -> list[Event]:
        rng, wd = self.rng, self.wd
        ev = [self.received(day)]
        if rng.random() < 0.05:
            return [*ev, ("withdrawn", wd(day, rng.randint(1, 6)), {})]
        ack = None
        if rng.random() < 0.93:  # the rest have no acknowledgement recorded
            ack = wd(day, self.pick([(0, 0.3), (rng.randint(1, 2), 0.5), (rng.randint(3, 5), 0.2)]))
            ev.append(("acknowledged", ack, {}))
        start = ack or day
        if rng.random() < 0.15:  # unhappy with local resolution: formal investigation
            return ev + self.wales_stage2(wd(start, rng.randint(3, 15)), cardiff)
        due = 10
        if ack is not None and rng.random() < 0.1:  # exceptional: more time, by agreement
            extra = rng.choice((5, 10))
            ev.append(
                (
                    "extension",
                    wd(ack, rng.randint(3, 9)),
                    {
                        "clock": "discussion",
                        "working_days": extra,
                        "reason": "Complainant away; discussion rearranged",
                        "agreed_with_complainant": True,
                    },
                )
            )
            due += extra
        held = wd(start, self.taken(due))
        if held > AS_OF:
            return ev
        ev.append(("discussion_held", held, {}))
        if cardiff:  # Cardiff's local target: a written Stage 1 response in 15 WD of receipt
            reply = wd(day, max(self.cal.working_days_between(day, held), self.taken(15)))
            if reply <= AS_OF:
                ev.append(("stage1_response", reply, {}))
        last = max(d for _, d, _ in ev)
        if rng.random() < 0.75:
            resolved = wd(last, rng.randint(0, 3))
            terms = wd(resolved, self.taken(5))
            ev += [("resolved", resolved, {}), ("resolution_terms_sent", terms, {})]
            return [*ev, ("closed", wd(terms, rng.randint(1, 5)), {})]
        if rng.random() < 0.5:
            return ev + self.wales_stage2(wd(last, rng.randint(5, 20)), cardiff)
        return [*ev, ("closed", wd(last, rng.randint(1, 10)), {})]

    def wales_stage2(self, requested: dt.date, cardiff: bool = False) -> list[Event]:
        rng, wd = self.rng, self.wd
        if requested > AS_OF:
            return []
        ev: list[Event] = [("stage2_requested", requested, {})]
        if cardiff:  # Cardiff counts Stage 2 from agreement of the issues (no draw: the
            # random stream, and so every other case, stays as it was)
            ev.append(("stage2_issues_agreed", wd(requested, 3), {}))
        due = 25
        if rng.random() < 0.3:
            extra = rng.choice((10, 15, 20))
            ev.append(
                (
                    "extension",
                    wd(requested, rng.randint(15, 24)),
                    {
                        "clock": "stage2_response",
                        "working_days": extra,
                        "reason": "Independent investigator appointed",
                        "agreed_with_complainant": True,
                    },
                )
            )
            due += extra
        response = wd(requested, self.taken(due))
        if response > AS_OF:
            return ev
        ev.append(("stage2_response", response, {}))
        return [*ev, ("closed", wd(response, rng.randint(1, 10)), {})]

    def draw(self, day: dt.date) -> list[Event]:
        rid = self.rs.id
        if rid == "england-children-2006":
            return self.children(day)
        if rid == "england-adults-2009":
            return self.adults(day)
        if rid == "oxfordshire-adults":
            return self.adults(day, "oxfordshire")
        if rid == "cheshire-west-adults":
            return self.adults(day, "cheshire-west")
        if rid == "wales-social-services-2014":
            return self.wales(day)
        if rid == "cardiff-social-services":
            return self.wales(day, cardiff=True)
        raise ValueError(rid)


def replay_order(rs: RuleSet, events: list[Event]) -> list[Event]:
    """The events in the order the audit replays them: by date, then the rule set's
    declared order of events (stable, so repeats keep their order)."""
    rank = {e: i for i, e in enumerate(rs.events)}
    return sorted(events, key=lambda e: (e[1], rank[e[0]]))


def accepted(rs: RuleSet, events: list[Event]) -> bool:
    """Whether the engine takes this history, replayed as the audit will replay it."""
    case = Case(rs, "check")
    try:
        for event, day, fields in replay_order(rs, events):
            case.record(event, day, **fields)
    except StatDeadlineError:
        return False
    return True


def receipt_date(rng: random.Random) -> dt.date:
    """A receipt date in the year: most on weekdays, a few by email at the weekend."""
    span = (YEAR_END - YEAR_START).days
    while True:
        d = YEAR_START + dt.timedelta(days=rng.randint(0, span))
        if d.weekday() < 5 or rng.random() < 0.1:
            return d


def generate() -> list[tuple[str, str, str, str, list[Event]]]:
    """Every case: (case id, rule set, team, service area, history), in receipt order."""
    rng = random.Random(SEED)
    cases = []
    for rid, (prefix, count, area, teams) in PLAN.items():
        rs = load_ruleset(rid)
        gen = Gen(rs, rng)
        days = sorted(receipt_date(rng) for _ in range(count))
        for n, day in enumerate(days, 1):
            for _attempt in range(50):
                history = gen.draw(day)
                if accepted(rs, history):
                    break
            else:  # pragma: no cover - a generator bug, not bad luck
                raise RuntimeError(f"no valid history for {rid} received {day}")
            team = teams[0] if rng.random() < 0.55 else teams[1]
            case_id = f"{prefix}-{day:%y}-{n:04d}"
            cases.append((case_id, rid, team, area, replay_order(rs, history)))
    cases.sort(key=lambda c: (c[4][0][1], c[0]))
    return cases


def _cell(value: Any, date_format: str = "%Y-%m-%d") -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.strftime(date_format)
    return str(value)


def long_rows(cases: list[tuple[str, str, str, str, list[Event]]]) -> list[dict[str, str]]:
    rows = []
    for case_id, rid, team, area, history in cases:
        for event, day, fields in history:
            row = dict.fromkeys(LONG_COLUMNS, "")
            row.update(case_id=case_id, ruleset=rid, event=event, date=day.isoformat())
            row.update({k: _cell(v) for k, v in fields.items()})
            row.update(team=team, service_area=area)
            rows.append(row)
    return rows


#: Deliberately bad rows, each making its whole case unusable (the audit rejects the case
#: and says why; every other case is still audited). Applied to the long file only, and
#: only to children's and Welsh cases, so the adults' wide twin stays exact.
#: (case index among that rule set's cases, event index, column, bad value, why)
BAD_ROWS = (
    # 1. A typing mistake in the event name: not an event of the rule set.
    ("england-children-2006", 3, 1, "event", "stage1_reponse", "unknown event"),
    # 2. A date that does not exist (30 February).
    ("wales-social-services-2014", 5, 0, "date", "2026-02-30", "not a real date"),
    # 3. A spreadsheet-style date that reads two ways (3 April or 4 March?).
    ("england-children-2006", 10, 0, "date", "03/04/2025", "ambiguous date"),
)


def spoil(
    rows: list[dict[str, str]], cases: list[tuple[str, str, str, str, list[Event]]]
) -> list[str]:
    """Apply :data:`BAD_ROWS`; return the ids of the cases spoiled."""
    spoiled = []
    for rid, nth, event_index, column, value, _why in BAD_ROWS:
        case_id = [c[0] for c in cases if c[1] == rid][nth]
        case_rows = [r for r in rows if r["case_id"] == case_id]
        case_rows[event_index][column] = value
        spoiled.append(case_id)
    return spoiled


WIDE_COLUMNS = (
    ("Case Ref", None),
    ("Procedure", None),
    ("Team", None),
    ("Service Area", None),
    ("Date Received", ("received", 0, None)),
    ("Date of Incident", ("received", 0, "grounds_arose")),
    ("Date Triaged", ("triaged", 0, None)),
    ("RAG", ("triaged", 0, "level")),
    ("Date Acknowledged", ("acknowledged", 0, None)),
    ("Local Extension Agreed", ("extension:local_response", 0, None)),
    ("Local Extension Days", ("extension:local_response", 0, "working_days")),
    ("Local Extension Reason", ("extension:local_response", 0, "reason")),
    ("Backstop Extension Agreed", ("extension:response_backstop", 0, None)),
    ("Backstop Extended To", ("extension:response_backstop", 0, "until")),
    ("Backstop Extension Reason", ("extension:response_backstop", 0, "reason")),
    ("Delay Letter Sent", ("delay_notice", 0, None)),
    ("Date Responded", ("response", 0, None)),
    ("Review 1 Requested", ("review_requested", 0, None)),
    ("Review 1 Responded", ("review_response", 0, None)),
    ("Review 2 Requested", ("review_requested", 1, None)),
    ("Review 2 Responded", ("review_response", 1, None)),
    ("Date Closed", ("closed", 0, None)),
    ("Date Withdrawn", ("withdrawn", 0, None)),
)

MAPPING = """\
# How the columns of cases-wide.csv become events (see statdeadline.audit.wide).
# Generated by examples/generate.py; edit that script, not this file.
format: statdeadline/wide-mapping@1
ruleset_column: Procedure          # each row names its rule set
case_id: Case Ref
date_format: "%d/%m/%Y"            # DD/MM/YYYY, as the case system exports it
groups: {team: Team, service_area: Service Area}
events:
  - {event: received, date: Date Received, fields: {grounds_arose: Date of Incident}}
  - {event: triaged, date: Date Triaged, fields: {level: RAG}}
  - {event: acknowledged, date: Date Acknowledged}
  - event: extension
    date: Local Extension Agreed
    fields:
      clock: "=local_response"     # a constant: every local extension extends this clock
      working_days: Local Extension Days
      reason: Local Extension Reason
      agreed_with_complainant: "=true"
  - event: extension
    date: Backstop Extension Agreed
    fields:
      clock: "=response_backstop"
      until: Backstop Extended To
      reason: Backstop Extension Reason
      agreed_with_complainant: "=true"
  - {event: delay_notice, date: Delay Letter Sent}
  - {event: response, date: Date Responded}
  - {event: review_requested, date: Review 1 Requested}
  - {event: review_response, date: Review 1 Responded}
  - {event: review_requested, date: Review 2 Requested}
  - {event: review_response, date: Review 2 Responded}
  - {event: closed, date: Date Closed}
  - {event: withdrawn, date: Date Withdrawn}
"""


def wide_rows(cases: list[tuple[str, str, str, str, list[Event]]]) -> list[dict[str, str]]:
    """The adults' cases, one row per case, dates as DD/MM/YYYY."""
    rows = []
    for case_id, rid, team, area, history in cases:
        if rid not in ADULTS:
            continue
        seen: dict[str, list[dict[str, Any]]] = {}
        for event, day, fields in history:
            key = f"extension:{fields['clock']}" if event == "extension" else event
            seen.setdefault(key, []).append({"date": day, **fields})
        row = {"Case Ref": case_id, "Procedure": rid, "Team": team, "Service Area": area}
        for column, source in WIDE_COLUMNS:
            if source is None:
                continue
            key, nth, field = source
            found = seen.get(key, [])
            value = found[nth].get(field or "date", "") if nth < len(found) else ""
            row[column] = _cell(value, "%d/%m/%Y")
        for key, found in seen.items():  # every event must have a column to go in
            room = {s[1] for _, s in WIDE_COLUMNS if s and s[0] == key}
            assert len(found) <= len(room), (case_id, key)
        rows.append(row)
    return rows


def render(rows: list[dict[str, str]], columns: Iterable[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def build() -> dict[str, str]:
    """File name -> content of every generated file."""
    cases = generate()
    rows = long_rows(cases)
    spoil(rows, cases)
    return {
        "cases.csv": render(rows, LONG_COLUMNS),
        "cases-wide.csv": render(wide_rows(cases), [c for c, _ in WIDE_COLUMNS]),
        "cases-wide-mapping.yaml": MAPPING,
    }


def self_check(folder: Path, say: Callable[[str], None]) -> None:
    """Audit what was written: only the deliberately bad cases may be rejected."""
    from statdeadline.audit import audit

    long = audit([folder / "cases.csv"], as_of=AS_OF, group_by=["team"])
    wide = audit(
        [folder / "cases-wide.csv"],
        as_of=AS_OF,
        group_by=["team"],
        mapping=folder / "cases-wide-mapping.yaml",
    )
    assert long.counts["cases_rejected"] == len(BAD_ROWS), long.rejections
    assert wide.counts["cases_rejected"] == 0, wide.rejections
    for name, rep in (("cases.csv", long), ("cases-wide.csv", wide)):
        c = rep.counts
        say(
            f"{name}: {c['rows_read']} rows, {c['cases_read']} cases "
            f"({c['cases_audited']} audited, {c['cases_rejected']} rejected, {c['cases_open']} open)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the files on disk differ from a fresh run"
    )
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write (default: here)")
    args = parser.parse_args(argv)
    files = build()
    if args.check:
        stale = [
            n
            for n, text in files.items()
            if not (args.out / n).is_file() or (args.out / n).read_text(encoding="utf-8") != text
        ]
        for name in stale:
            print(f"{args.out / name} is out of date; run python examples/generate.py")
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8", newline="")
    self_check(args.out, print)
    return 0


if __name__ == "__main__":
    sys.exit(main())
