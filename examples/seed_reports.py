"""Regenerate the seed-report histories in this folder: synthetic cases built so that the
shipped report profiles reproduce a council's published tables.

    python examples/seed_reports.py            # rewrite the files
    python examples/seed_reports.py --check    # exit 1 if the files on disk are out of date

Writes, next to this script:

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
from pathlib import Path

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


FILES = {"cheshire-west-2017-2020.csv": lambda: _csv(cheshire_rows())}


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
