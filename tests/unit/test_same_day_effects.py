"""One clock's own events on one day go in the order of their effects (triage,
restart, extend, pause, resume), before what meets it, whatever the rows' order."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

from statdeadline.audit import CaseResult, audit
from statdeadline.audit.replay import EFFECT_ORDER
from statdeadline.rules.vocabulary import EFFECTS

HEADER = "case_id,ruleset,event,date,clock,reason\n"
ROWS = [
    "F1,foi-2000,received,2025-04-01,,\n",
    "F1,foi-2000,fees_notice,2025-04-10,response,fee\n",
    "F1,foi-2000,fee_received,2025-04-10,response,\n",
    "F1,foi-2000,response,2025-05-20,,\n",
]


def test_every_effect_has_its_place() -> None:
    assert sorted(EFFECT_ORDER) == sorted(EFFECTS)


def test_a_pause_and_a_resume_of_one_clock_on_one_day_in_any_row_order(tmp_path: Path) -> None:
    """An FOI request received Tuesday 2025-04-01, a fees notice and the fee on Thursday
    10 April, both naming the response clock: paused for that one day whichever row
    comes first (s.10(2) disregards the working days from the notice to the fee, both
    included). 20 working days from 2 April, Good Friday 18 and Easter Monday 21 April
    skipped, end on 1 May; with 10 April disregarded, on Friday 2 May."""
    results: list[CaseResult] = []
    for order in itertools.permutations(ROWS[1:3]):
        path = tmp_path / "f.csv"
        path.write_text(HEADER + ROWS[0] + "".join(order) + ROWS[3], "utf-8")
        report = audit([path], as_of="2025-12-31", on_case=results.append)
        assert (report.counts["cases_audited"], report.rejections) == (1, ())
    response = [next(d for d in r.deadlines if d.clock == "response") for r in results]
    assert {(d.due, d.status, len(d.pauses)) for d in response} == {
        (dt.date(2025, 5, 2), "met_late", 1)
    }


def test_a_resume_and_a_new_pause_of_a_paused_clock_on_one_day(tmp_path: Path) -> None:
    """A fees notice on 3 April; on 10 April the fee is received and a second fees notice
    given; its fee on 15 April: the paused clock is resumed before it is paused again,
    whichever row comes first (it was paused twice, and refused, in one order)."""
    rows = [
        "F2,foi-2000,received,2025-04-01,,\n",
        "F2,foi-2000,fees_notice,2025-04-03,response,fee\n",
        "F2,foi-2000,fee_received,2025-04-10,response,\n",
        "F2,foi-2000,fees_notice,2025-04-10,response,second fee\n",
        "F2,foi-2000,fee_received,2025-04-15,response,\n",
        "F2,foi-2000,response,2025-05-20,,\n",
    ]
    results: list[CaseResult] = []
    for order in itertools.permutations(rows[2:4]):
        path = tmp_path / "f.csv"
        path.write_text(HEADER + rows[0] + rows[1] + "".join(order) + "".join(rows[4:]), "utf-8")
        report = audit([path], as_of="2025-12-31", on_case=results.append)
        assert (report.counts["cases_audited"], report.rejections) == (1, ())
    pauses = {
        tuple((p["from"], p["to"]) for p in d.pauses)
        for r in results
        for d in r.deadlines
        if d.clock == "response"
    }
    assert pauses == {(("2025-04-03", "2025-04-10"), ("2025-04-10", "2025-04-15"))}
