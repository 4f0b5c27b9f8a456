"""Regenerate the seed-report histories in this folder: synthetic cases built so that the
shipped report profiles reproduce a council's published tables.

    python examples/seed_reports.py            # rewrite the files
    python examples/seed_reports.py --check    # exit 1 if the files on disk are out of date

Writes, next to this script:

* ``oxfordshire-childrens-2015-2018.csv`` - three financial years (2015-16 to 2017-18) of
  Oxfordshire children's social care complaints (``england-children-2006``), as of
  2018-09-30, reproducing the council's 2017-18 stage table with ``--profile
  oxfordshire-childrens --financial-year 2017 --compare 2``: Stage 1 107 complaints, 96
  in time (89.7%, printed 89%; 60 within 10 working days, 36 within an extension to 20),
  Stage 2 2 and 2 in time, Stage 3 (the review panel) 2 and 0 in time, against an 80%
  target. The two earlier years are made up (the report's own figures for them are not
  in the reference material);
* ``cardiff-2021-2023.csv`` - two financial years (2021-22, 2022-23) of Cardiff social
  services complaints (``cardiff-social-services``), as of 2023-06-30, reproducing the
  council's 2022-23 report with ``--profile cardiff-social-services --financial-year 2022
  --compare 1``: acknowledgements (2022-23) the same day 76, in 1-2 working days 28, 3+
  5, not recorded 1, average 1.0 working day; Stage 1 written responses 0-7 days 21,
  7-14 days 21, 14+ 68, not recorded 0, 42 of 110 within 15 working days (38.2%),
  average 28.0 (2021-22: 12, 7, 82, 15 not recorded; 19 of 116, 16.4%; average 50.0);
  Stage 2 0-25 days 0, 25+ 8, average 53.0. The report gives no 2021-22
  acknowledgement figures: those are all the same day here. A "not recorded" case is
  closed after the deadline without the event;
* ``cheshire-west-2017-2020.csv`` - three financial years (2017-18, 2018-19, 2019-20) of
  Cheshire West and Chester adult social care complaints (rule set
  ``cheshire-west-adults``), as of 2020-06-30, whose response times fall in the working-day
  bands of the council's 2019-20 annual report: 20 or less 7/6/8, 21-40 10/11/9, 41-60
  6/5/8, 61-80 6/3/2, 81-100 2/1/2, over 100 3/4/10 (2019-20/2018-19/2017-18). So 7 of
  the 34 complaints of 2019-20 (20.6%) met the local target of 20 working days, which the
  report prints as "20%". Audit it with ``--profile cheshire-west-adults --financial-year
  2019 --compare 2``.

Every case is received on a working day of its year, acknowledged the next working day,
answered after the number of working days its band needs (counted as the audit counts
them, from the receipt as day 0, on the rule set's calendar) and closed the working day
after. Everything is synthetic; the output depends only on the rule files, so running
this twice gives byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from statdeadline import load_ruleset

HERE = Path(__file__).resolve().parent
CHESHIRE = "cheshire-west-adults"
AS_OF = dt.date(2020, 6, 30)

#: Working days taken in each band (the first of a band's values is its lower edge, so
#: every band's edges are exercised), per financial year: the report's counts.
_BAND_VALUES = ((5, 20), (21, 40), (41, 60), (61, 80), (81, 100), (101, 125))
CHESHIRE_BANDS = {
    2019: (7, 10, 6, 6, 2, 3),
    2018: (6, 11, 5, 3, 1, 4),
    2017: (8, 9, 8, 2, 2, 10),
}


def _taken(band: int, i: int, n: int) -> int:
    """The working days taken by the i-th of n cases in a band: spread over the band."""
    lo, hi = _BAND_VALUES[band]
    return lo if n == 1 else lo + (hi - lo) * i // (n - 1)


def cheshire_rows() -> list[tuple[str, str, str, str]]:
    """The long-format rows (case_id, ruleset, event, date) of the Cheshire West history."""
    cal = load_ruleset(CHESHIRE).calendar
    rows: list[tuple[str, str, str, str]] = []
    for year, counts in sorted(CHESHIRE_BANDS.items()):
        day = cal.next_working_day(dt.date(year, 4, 2))
        k = 0
        for band, n in enumerate(counts):
            for i in range(n):
                k += 1
                cid = f"CW{year % 100:02d}-{k:03d}"
                received = day
                answered = cal.add_working_days(received, _taken(band, i, n))
                rows += [
                    (cid, CHESHIRE, "received", received.isoformat()),
                    (cid, CHESHIRE, "acknowledged", cal.add_working_days(received, 1).isoformat()),
                    (cid, CHESHIRE, "response", answered.isoformat()),
                    (cid, CHESHIRE, "closed", cal.add_working_days(answered, 1).isoformat()),
                ]
                # the next complaint a week later, so the year's cases spread over its months
                day = cal.add_working_days(day, 5)
    return rows


def _csv(rows: list[tuple[str, str, str, str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(("case_id", "ruleset", "event", "date"))
    w.writerows(rows)
    return buf.getvalue()


CARDIFF = "cardiff-social-services"


class _Spec(NamedTuple):
    ack: int | None
    reply: int | None
    stage2: int | None


def _cardiff_specs(year: int) -> list[_Spec]:
    """One per Cardiff case of financial year ``year``: working days (from receipt,
    day 0) to the acknowledgement (``None``: none recorded) and to the Stage 1 written
    response (``None``: the case closed after 20 working days without one), and to the
    Stage 2 response after the issues were agreed (``None``: no Stage 2)."""
    if year == 2022:
        # Stage 1: 21 in 7 or less, 21 in 8-14, 68 over 15; sum 3080 (mean 28.0)
        responses = [7] * 21 + [12] * 21 + [40] * 29 + [39] * 39
        # acknowledgement: 76 the same day, 28 in 2, 5 slow (sum 109: mean 1.0), 1 none
        acks: list[int | None] = [0] * 76 + [2] * 28 + [5, 8, 10, 12, 18] + [None]
        acks = acks[:42] + acks[-6:] + acks[42:-6]  # the slow ones with long responses
        stage2 = [40, 45, 50, 53, 55, 57, 60, 64]  # sum 424: mean 53.0
    else:
        # Stage 1: 12 in 7 or less, 7 in 8-14, 82 over 15 (sum 5050: mean 50.0), 15 none
        responses = [5] * 12 + [10] * 7 + [60] * 82
        acks = [0] * 116
        stage2 = []
    specs = [
        _Spec(ack, responses[i] if i < len(responses) else None, None) for i, ack in enumerate(acks)
    ]
    # Stage 2 for the first cases with long Stage 1 responses, received early in the year
    long = [i for i, sp in enumerate(specs) if sp.reply is not None and sp.reply >= 39]
    for i, days in zip(long, stage2, strict=False):
        specs[i] = specs[i]._replace(stage2=days)
    return sorted(specs, key=lambda sp: sp.stage2 is None)


def cardiff_rows() -> list[tuple[str, str, str, str]]:
    """The long-format rows of the Cardiff history (2021-22 and 2022-23)."""
    cal = load_ruleset(CARDIFF).calendar
    rows: list[tuple[str, str, str, str]] = []
    for year in (2021, 2022):
        day = cal.next_working_day(dt.date(year, 4, 4))
        for k, sp in enumerate(_cardiff_specs(year), 1):
            cid = f"CF{year % 100:02d}-{k:03d}"

            def at(n: int, start: dt.date = day) -> str:
                return cal.add_working_days(start, n).isoformat()

            ack, reply, stage2 = sp
            rows.append((cid, CARDIFF, "received", day.isoformat()))
            if ack is not None:
                rows.append((cid, CARDIFF, "acknowledged", at(ack)))
            rows.append((cid, CARDIFF, "discussion_held", at(max(1, ack or 0))))
            if reply is None:
                rows.append((cid, CARDIFF, "closed", at(20)))
            elif stage2 is None:
                rows.append((cid, CARDIFF, "stage1_response", at(reply)))
                rows.append((cid, CARDIFF, "closed", at(reply + 1)))
            else:
                agreed = reply + 3
                rows += [
                    (cid, CARDIFF, "stage1_response", at(reply)),
                    (cid, CARDIFF, "stage2_requested", at(reply + 1)),
                    (cid, CARDIFF, "stage2_issues_agreed", at(agreed)),
                    (cid, CARDIFF, "stage2_response", at(agreed + stage2)),
                    (cid, CARDIFF, "closed", at(agreed + stage2 + 1)),
                ]
            day = cal.add_working_days(day, 2)
    return rows


CHILDREN = "england-children-2006"


class _Year(NamedTuple):
    """One year of Oxfordshire children's complaints: Stage 1 responses within 10 working
    days, within an extension to 20, and late; Stage 2 and Stage 3 (review panel) cases,
    each on time or not."""

    fast: int
    extended: int
    late: int
    stage2: tuple[bool, ...]
    stage3: tuple[bool, ...]


#: 2017-18 is the report's (Stage 1: 107, 96 in time, 60 within 10 working days; Stage 2:
#: 2, 2 in time; Stage 3: 2, 0 in time); the two years before are made up (the issue
#: quotes only that the report compares the counts with them).
OXFORDSHIRE_YEARS = {
    2015: _Year(52, 28, 12, (True, True, False), (True,)),
    2016: _Year(58, 32, 11, (True, True, True, False), ()),
    2017: _Year(60, 36, 11, (True, True), (False, False)),
}


def oxfordshire_rows() -> list[tuple[str, ...]]:
    """The rows (case_id, ruleset, event, date, clock, working_days, reason) of the
    Oxfordshire children's history, 2015-16 to 2017-18."""
    cal = load_ruleset(CHILDREN).calendar
    rows: list[tuple[str, ...]] = []
    for year, y in sorted(OXFORDSHIRE_YEARS.items()):
        day = cal.next_working_day(dt.date(year, 4, 3))
        # Stage 1 after 4-10 WD (fast), 11-20 WD with a 10-day extension, 11-20 WD late
        replies = (
            [(4 + 6 * i // max(1, y.fast - 1), False) for i in range(y.fast)]
            + [(11 + 9 * i // max(1, y.extended - 1), True) for i in range(y.extended)]
            + [(11 + 9 * i // max(1, y.late - 1), False) for i in range(y.late)]
        )
        for k, (n, extended) in enumerate(replies, 1):
            cid = f"OX{year % 100:02d}-{k:03d}"

            def at(m: int, start: dt.date = day) -> str:
                return cal.add_working_days(start, m).isoformat()

            rows.append((cid, CHILDREN, "received", day.isoformat(), "", "", ""))
            if extended:
                rows.append((cid, CHILDREN, "extension", at(5), "stage1_response", "10", "complex"))
            rows.append((cid, CHILDREN, "stage1_response", at(n), "", "", ""))
            end = n
            if k <= len(y.stage2):  # the first cases go on to Stage 2 (and Stage 3)
                asked = n + 5
                end = asked + (20 if y.stage2[k - 1] else 30)
                rows += [
                    (cid, CHILDREN, "stage2_requested", at(asked), "", "", ""),
                    (cid, CHILDREN, "stage2_response", at(end), "", "", ""),
                ]
                if k <= len(y.stage3):
                    panel = end + 5
                    end = panel + (25 if y.stage3[k - 1] else 40)
                    rows += [
                        (cid, CHILDREN, "stage3_requested", at(panel), "", "", ""),
                        (cid, CHILDREN, "panel_held", at(end), "", "", ""),
                        (cid, CHILDREN, "panel_report", at(end + 5), "", "", ""),
                        (cid, CHILDREN, "final_response", at(end + 15), "", "", ""),
                    ]
                    end += 15
            rows.append((cid, CHILDREN, "closed", at(end + 1), "", "", ""))
            day = cal.add_working_days(day, 2)
    return rows


def _csv_wide(rows: list[tuple[str, ...]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    # A Stage 1 extension is agreed with the complainant (england-children-2006 1.2.0
    # requires it: legal review C14).
    w.writerow(
        ("case_id", "ruleset", "event", "date", "clock", "working_days", "reason",
         "agreed_with_complainant")
    )  # fmt: skip
    w.writerows((*r, "true" if r[2] == "extension" else "") for r in rows)
    return buf.getvalue()


FILES: dict[str, Callable[[], str]] = {
    "oxfordshire-childrens-2015-2018.csv": lambda: _csv_wide(oxfordshire_rows()),
    "cheshire-west-2017-2020.csv": lambda: _csv(cheshire_rows()),
    "cardiff-2021-2023.csv": lambda: _csv(cardiff_rows()),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a file is out of date")
    args = parser.parse_args(argv)
    stale = []
    for name, make in FILES.items():
        text = make()
        path = HERE / name
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"out of date: {', '.join(stale)} (run python examples/seed_reports.py)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
