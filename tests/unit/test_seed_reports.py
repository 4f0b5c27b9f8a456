"""The seed-report histories of examples/: with the shipped profiles, the audit
reproduces the councils' published tables, in the terminal table, JSON, xlsx and HTML.

Cheshire West and Chester, Adult Social Care Complaints and Compliments Annual Report
2019-2020: response times in working-day bands, three financial years side by side.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from statdeadline.audit import AuditReport, audit
from statdeadline.reports import render_table, write_html, write_json, xlsx_bytes

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CHESHIRE = EXAMPLES / "cheshire-west-2017-2020.csv"
YEARS = ("2017-18", "2018-19", "2019-20")
#: The report's table: band -> counts for 2017-18, 2018-19, 2019-20.
CHESHIRE_TABLE = {
    "20 or less": (8, 6, 7),
    "21-40": (9, 11, 10),
    "41-60": (8, 5, 6),
    "61-80": (2, 3, 6),
    "81-100": (2, 1, 2),
    "over 100": (10, 4, 3),
}


@pytest.fixture(scope="module")
def cheshire() -> AuditReport:
    return audit(
        [CHESHIRE],
        as_of="2020-06-30",
        profile="cheshire-west-adults",
        financial_year=2019,
        compare=2,
    )


def test_the_files_are_the_generators_output() -> None:
    """examples/seed_reports.py --check: the committed files are what it writes (if this
    fails after a rule change, run python examples/seed_reports.py)."""
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "seed_reports.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stdout) == (0, "")


def _response_rows(report: AuditReport) -> dict[str, dict[str, int]]:
    return {
        r.period or "": dict(r.histogram) for r in report.summary if r.clock == "local_response"
    }


def test_cheshire_bands_and_local_target(cheshire: AuditReport) -> None:
    """Every band of every year is the report's; 7 of the 34 complaints of 2019-20 met
    the local target of 20 working days (20.6%, printed "20%" by the council)."""
    bands = _response_rows(cheshire)
    assert {band: tuple(bands[y][band] for y in YEARS) for band in CHESHIRE_TABLE} == CHESHIRE_TABLE
    latest = next(
        r for r in cheshire.summary if r.clock == "local_response" and r.period == "2019-20"
    )
    assert (latest.deadlines, latest.met, f"{latest.on_time_rate:.1%}") == (34, 7, "20.6%")
    # the profile truncates, as the council does: 20.6% -> "20%" (the seed's "Only 20%")
    assert "Complaint responses: 34 complaints, 7 responded to within timescale (20%)" in (
        cheshire.headlines
    )


def table_cells(line: str) -> list[str]:
    """A terminal table line's cells (two spaces or more apart: a label has one)."""
    return re.split(r"\s{2,}", line.strip())


def _has_percent(cells: list[str]) -> bool:
    """Whether a table line has a percentage: it is a line of the rates' grid."""
    return any(c.endswith("%") for c in cells)


def test_cheshire_in_the_table(cheshire: AuditReport) -> None:
    """The terminal table's band lines carry the report's numbers, each deadline under
    the profile's label."""
    lines = [table_cells(ln) for ln in render_table(cheshire).splitlines()]
    for i, year in enumerate(YEARS):
        counts = [str(c[i]) for c in CHESHIRE_TABLE.values()]
        assert ["cheshire-west-adults", "Complaint responses", year, *counts, "0", "0"] in lines
    assert not [ln for ln in lines if "local_response" in ln]
    # the rate column: 7 of 34 in 2019-20, printed "20%" (truncated from 20.6%)
    rates = [
        ln
        for ln in lines
        if ln[:3] == ["cheshire-west-adults", "Complaint responses", "2019-20"] and _has_percent(ln)
    ]
    assert [(ln[3], ln[5], [c for c in ln if c.endswith("%")]) for ln in rates] == [
        ("34", "7", ["20%"])
    ]


def test_cheshire_in_json_xlsx_and_html(cheshire: AuditReport) -> None:
    """JSON (summary by period), the workbook's Bands sheet and the HTML band table all
    have the report's counts."""
    buf = io.StringIO()
    write_json(cheshire, buf)
    data = json.loads(buf.getvalue())
    from_json = {
        r["period"]: r["histogram"] for r in data["summary"] if r["clock"] == "local_response"
    }
    assert {b: tuple(from_json[y][b] for y in YEARS) for b in CHESHIRE_TABLE} == CHESHIRE_TABLE
    latest = next(
        r for r in data["summary"] if (r["clock"], r["period"]) == ("local_response", "2019-20")
    )
    # 7 of 34 in the first band: 20.588%, printed "20%"
    assert (latest["printed"]["on_time_rate"], latest["band_shares"]["20 or less"]) == (
        "20%",
        7 / 34,
    )
    assert latest["printed"]["bands"]["20 or less"] == "20%"

    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(cheshire)))
    sheet = wb["Bands"]
    header = [c.value for c in sheet[1]]
    got: dict[str, list[int]] = {}
    for row in sheet.iter_rows(min_row=2, values_only=True):
        rec = dict(zip(header, row, strict=True))
        if rec["clock"] == "local_response" and rec["band"] != "not recorded":
            got.setdefault(str(rec["band"]), []).append(int(rec["count"]))  # type: ignore[arg-type]
    assert {b: tuple(v) for b, v in got.items()} == CHESHIRE_TABLE
    summary = wb["Summary"]
    head = [c.value for c in summary[1]]
    printed = next(
        dict(zip(head, r, strict=True))
        for r in summary.iter_rows(min_row=2)
        if (r[1].value, r[2].value) == ("local_response", "2019-20")
    )
    # the value as printed (0.20, not 0.2058...), in a format of no decimals
    assert (printed["on_time_printed"].value, printed["on_time_printed"].number_format) == (
        0.2,
        "0%",
    )

    page = io.StringIO()
    write_html(cheshire, page)
    root = ET.fromstring(page.getvalue().split("\n", 1)[1])
    table = next(
        t
        for t in root.iter("table")
        if t.findtext("caption") == "Complaint responses: days taken (working days)"
    )
    rows = {
        "".join(r[0].itertext()): tuple(int("".join(c.itertext())) for c in list(r)[1::2])
        for r in table.find("tbody")  # type: ignore[union-attr]
    }
    assert {b: rows[b] for b in CHESHIRE_TABLE} == CHESHIRE_TABLE
    stage = next(
        t
        for t in root.iter("table")
        if t.findtext("caption") == "cheshire-west-adults: timeliness by stage"
    )
    rates = [
        [" ".join(c.itertext()) for c in r]
        for r in stage.find("tbody")  # type: ignore[union-attr]
    ]
    assert any(
        r[:2] == ["Complaint responses", "2019-20"] and r[5].startswith("20% ") for r in rates
    )


# Cardiff Council, Social Services Annual Complaint, Compliments and Members Enquiries
# Report April 2022 - March 2023: two years side by side.
CARDIFF = EXAMPLES / "cardiff-2021-2023.csv"


@pytest.fixture(scope="module")
def cardiff() -> AuditReport:
    return audit(
        [CARDIFF],
        as_of="2023-06-30",
        profile="cardiff-social-services",
        financial_year=2022,
        compare=1,
    )


def _row(report: AuditReport, clock: str, period: str) -> Any:
    return next(r for r in report.summary if (r.clock, r.period) == (clock, period))


def test_cardiff_acknowledgements(cardiff: AuditReport) -> None:
    """2022-23: the same day 76 (69%), 1-2 working days 28 (25.5%, printed 26%), 3+ 5
    (4.5%, printed 5%), not recorded 1 (0.9%, printed 1%); within the 2-day deadline 104
    of 110 (94.5%, printed 95%); average 1.0 working day."""
    ack = _row(cardiff, "acknowledgement", "2022-23")
    counts = (*ack.histogram.values(), ack.not_recorded)
    assert counts == (76, 28, 5, 1)
    ended = ack.met + ack.met_late + ack.not_recorded
    assert [f"{n / ended:.1%}" for n in counts] == ["69.1%", "25.5%", "4.5%", "0.9%"]
    assert (f"{ack.on_time_rate:.1%}", ack.wd_mean) == ("94.5%", 1.0)


def test_cardiff_stage1_and_stage2(cardiff: AuditReport) -> None:
    """Stage 1 written responses (target 15 working days): 2022-23 21, 21, 68, 0 not
    recorded, 38% within, average 28; 2021-22 12, 7, 82, 15, 16% within, average 50.
    Stage 2 (target 25): 0 within 25 days, 8 over, average 53."""
    for period, expected, rate, mean in (
        ("2022-23", (21, 21, 68, 0), "38%", 28.0),
        ("2021-22", (12, 7, 82, 15), "16%", 50.0),
    ):
        s1 = _row(cardiff, "stage1_written_response", period)
        assert (
            (*s1.histogram.values(), s1.not_recorded),
            f"{s1.on_time_rate:.0%}",
            s1.wd_mean,
        ) == (
            expected,
            rate,
            mean,
        )
    s2 = _row(cardiff, "stage2_response", "2022-23")
    assert (tuple(s2.histogram.values()), s2.wd_mean) == ((0, 8), 53.0)


#: The percentages the council prints for 2022-23 acknowledgements: 76, 28, 5 and 1 of
#: 110 are 69.09%, 25.45%, 4.55% and 0.91%; rounded half up from one decimal (69.1,
#: 25.5, 4.5, 0.9) they are the report's 69%, 26%, 5%, 1% (rounded once, 25.45% would
#: be 25%); within the deadline 104 of 110, 94.55% -> 94.5 -> 95%.
CARDIFF_ACK_PRINTED = {
    "same day": "69%",
    "1-2 working days": "26%",
    "3+ working days": "5%",
    "not recorded": "1%",
}
#: "Within deadline", as printed: Stage 1 42 of 110 (38.18%) and 19 of 116 (16.38%).
CARDIFF_WITHIN = {
    ("acknowledgement", "2022-23"): "95%",
    ("stage1_written_response", "2022-23"): "38%",
    ("stage1_written_response", "2021-22"): "16%",
}


def test_cardiff_printed_percentages(cardiff: AuditReport) -> None:
    """Every percentage the council prints, as printed, in the terminal table, the JSON,
    the workbook and the page."""
    lines = [table_cells(ln) for ln in render_table(cardiff).splitlines()]
    labels = {"acknowledgement": "Acknowledgement", "stage1_written_response": "Stage 1 responses"}
    for (clock, period), rate in CARDIFF_WITHIN.items():
        assert any(ln[1:3] == [labels[clock], period] and rate in ln for ln in lines)
    buf = io.StringIO()
    write_json(cardiff, buf)
    rows = {(r["clock"], r["period"]): r for r in json.loads(buf.getvalue())["summary"]}
    assert {k: rows[k]["printed"]["on_time_rate"] for k in CARDIFF_WITHIN} == CARDIFF_WITHIN
    ack = rows["acknowledgement", "2022-23"]
    assert ack["printed"]["bands"] == CARDIFF_ACK_PRINTED
    assert ack["band_shares"]["1-2 working days"] == 28 / 110
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(cardiff)))
    sheet = wb["Bands"]
    header = [c.value for c in sheet[1]]
    got = {
        rec["band"].value: rec["share printed"]
        for rec in (dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2))
        if (rec["clock"].value, rec["period"].value) == ("acknowledgement", "2022-23")
    }
    # the printed share as a number (0.26), shown with no decimals
    assert {b: (c.value, c.number_format) for b, c in got.items()} == {
        "same day": (0.69, "0%"),
        "1-2 working days": (0.26, "0%"),
        "3+ working days": (0.05, "0%"),
        "not recorded": (0.01, "0%"),
    }
    page = io.StringIO()
    write_html(cardiff, page)
    root = ET.fromstring(page.getvalue().split("\n", 1)[1])
    table = next(
        t
        for t in root.iter("table")
        if t.findtext("caption") == "Acknowledgement: days taken (working days)"
    )
    cells = {
        "".join(r[0].itertext()): ["".join(c.itertext()) for c in list(r)[1:]]
        for r in table.find("tbody")  # type: ignore[union-attr]
    }
    assert {b: cells[b][3] for b in CARDIFF_ACK_PRINTED} == CARDIFF_ACK_PRINTED


def test_cardiff_in_the_table_json_xlsx_and_html(cardiff: AuditReport) -> None:
    """The same numbers in the terminal table, JSON, the workbook and the page."""
    lines = [table_cells(ln) for ln in render_table(cardiff).splitlines()]
    assert [
        "cardiff-social-services",
        "Acknowledgement",
        "2022-23",
        "76",
        "28",
        "5",
        "1",
        "0",
    ] in lines
    assert [
        "cardiff-social-services",
        "Stage 1 responses",
        "2021-22",
        "12",
        "7",
        "82",
        "15",
        "0",
    ] in lines
    buf = io.StringIO()
    write_json(cardiff, buf)
    rows = {(r["clock"], r["period"]): r for r in json.loads(buf.getvalue())["summary"]}
    ack = rows["acknowledgement", "2022-23"]
    assert (list(ack["histogram"].values()), ack["not_recorded"], ack["wd_mean"]) == (
        [76, 28, 5],
        1,
        1.0,
    )
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(cardiff)))
    sheet = wb["Bands"]
    header = [c.value for c in sheet[1]]
    got = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert [
        (g["band"], g["count"])
        for g in got
        if (g["clock"], g["period"]) == ("stage1_written_response", "2022-23")
    ] == [("0-7 days", 21), ("7-14 days", 21), ("14+ working days", 68), ("not recorded", 0)]
    page = io.StringIO()
    write_html(cardiff, page)
    root = ET.fromstring(page.getvalue().split("\n", 1)[1])
    table = next(
        t
        for t in root.iter("table")
        if t.findtext("caption") == "Acknowledgement: days taken (working days)"
    )
    cells = {
        "".join(r[0].itertext()): ["".join(c.itertext()) for c in list(r)[1:]]
        for r in table.find("tbody")  # type: ignore[union-attr]
    }
    assert cells["same day"][2:] == ["76", "69%"]
    assert cells["not recorded"][2:] == ["1", "1%"]


# Oxfordshire County Council, Statutory Social Care Complaints Annual Report 2017-18,
# children's: a row per stage against an 80% target.
OXFORDSHIRE = EXAMPLES / "oxfordshire-childrens-2015-2018.csv"


@pytest.fixture(scope="module")
def oxfordshire() -> AuditReport:
    return audit(
        [OXFORDSHIRE],
        as_of="2018-09-30",
        profile="oxfordshire-childrens",
        financial_year=2017,
        compare=2,
    )


def test_oxfordshire_stage_table(oxfordshire: AuditReport) -> None:
    """2017-18: Stage 1 107 complaints, 96 in time (89.7%, printed 89%), target 80% met,
    60 within 10 working days; Stage 2 2, 2, 100%; Stage 3 2, 0, 0%, target missed; the
    headlines say so."""
    rows = [
        (r.label, r.deadlines, r.met, f"{r.on_time_rate:.1%}", r.target, r.target_met)
        for r in oxfordshire.summary
        if r.period == "2017-18"
    ]
    assert rows == [
        ("Stage 1", 107, 96, "89.7%", 0.8, True),
        ("Stage 2", 2, 2, "100.0%", 0.8, True),
        ("Stage 3", 2, 0, "0.0%", 0.8, False),
    ]
    stage1 = _row(oxfordshire, "stage1_response", "2017-18")
    assert stage1.histogram["within 10 working days"] == 60
    # the profile truncates, as the council does: 89.7% is printed "89%"
    assert oxfordshire.headlines[0] == (
        "Stage 1: 107 complaints, 96 responded to within timescale (89%); target 80% met"
    )
    assert [
        (r.period, r.deadlines, r.change)
        for r in oxfordshire.summary
        if r.clock == "stage1_response"
    ] == [("2015-16", 92, None), ("2016-17", 101, 9), ("2017-18", 107, 6)]


#: The on-time percentages of the council's 2017-18 table: 96 of 107 (89.7%, truncated),
#: 2 of 2 and 0 of 2.
OXFORDSHIRE_PRINTED = {"Stage 1": "89%", "Stage 2": "100%", "Stage 3": "0%"}


def test_oxfordshire_in_the_table_json_xlsx_and_html(oxfordshire: AuditReport) -> None:
    """The stage rows in the terminal table, JSON, the workbook's Summary and the page."""
    lines = [table_cells(ln) for ln in render_table(oxfordshire).splitlines()]
    assert ["england-children-2006", "Stage 1", "2017-18", "107", "107", "96", "11"] in [
        ln[:7] for ln in lines
    ]
    # the rate column as the council prints it: 89%, 100%, 0% (Stage 1, 2, 3 of 2017-18)
    printed = {ln[1]: ln for ln in lines if ln[2:3] == ["2017-18"] and _has_percent(ln)}
    assert [s in printed[label] for label, s in OXFORDSHIRE_PRINTED.items()] == [True] * 3
    buf = io.StringIO()
    write_json(oxfordshire, buf)
    summary = json.loads(buf.getvalue())["summary"]
    got = {(r["label"], r["period"]): (r["deadlines"], r["met"]) for r in summary}
    assert {
        r["label"]: r["printed"]["on_time_rate"] for r in summary if r["period"] == "2017-18"
    } == OXFORDSHIRE_PRINTED
    assert {r["printed"]["target"] for r in summary} == {"80%"}
    assert [got["Stage 1", "2017-18"], got["Stage 2", "2017-18"], got["Stage 3", "2017-18"]] == [
        (107, 96),
        (2, 2),
        (2, 0),
    ]
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(oxfordshire)))
    sheet = wb["Summary"]
    header = [c.value for c in sheet[1]]
    records = [
        dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(min_row=2, max_row=sheet.max_row, values_only=True)
        if r[0] == "england-children-2006"
    ]
    assert [
        (x["label"], x["deadlines"], x["met"], x["on_time_printed"])
        for x in records
        if x["period"] == "2017-18"
    ] == [("Stage 1", 107, 96, 0.89), ("Stage 2", 2, 2, 1.0), ("Stage 3", 2, 0, 0.0)]
    page = io.StringIO()
    write_html(oxfordshire, page)
    root = ET.fromstring(page.getvalue().split("\n", 1)[1])
    table = next(
        t
        for t in root.iter("table")
        if t.findtext("caption") == "england-children-2006: timeliness by stage"
    )
    cells = [[" ".join(c.itertext()) for c in r] for r in table.find("tbody")]  # type: ignore[union-attr]
    assert ["Stage 1", "2017-18", "107", "107", "96 11 late"] in [c[:5] for c in cells]
    assert any(
        c[:5] == ["Stage 3", "2017-18", "2", "2", "0 2 late"] and "target 80% missed" in c[5]
        for c in cells
    )
    assert {c[0]: c[5].split()[0] for c in cells if c[1] == "2017-18"} == OXFORDSHIRE_PRINTED


def test_cheshire_bar_labels_fit_their_charts(cheshire: AuditReport) -> None:
    """Each year-on-year bar's label ("39 · 100% on time" for the longest bar) ends
    inside its chart's viewBox, even at 0.6em a character (it was cut off)."""
    page = io.StringIO()
    write_html(cheshire, page)
    root = ET.fromstring(page.getvalue().split("\n", 1)[1])
    svg = "{http://www.w3.org/2000/svg}"
    labels = []
    for chart in root.iter(f"{svg}svg"):
        view_width = float((chart.get("viewBox") or "").split()[2])
        yoy = (chart.findtext(f"{svg}title") or "").endswith("year on year")
        for text in chart.iter(f"{svg}text"):
            if text.get("text-anchor") is None:  # the bar's label, not the period's
                size = float(text.get("font-size") or 0)
                end = float(text.get("x") or 0) + len(text.text or "") * 0.6 * size
                labels.append((yoy, text.text, end <= view_width))
    assert (True, "39 \u00b7 100% on time", True) in labels
    assert [fits for yoy, _, fits in labels if yoy] == [True] * 9  # 3 deadlines, 3 years
    # the band charts' labels too: "20 or less", then "8 · 20%" (8 of 39 in 2017-18)
    assert (False, "8 \u00b7 20%", True) in labels
    assert all(fits for _, _, fits in labels)


def test_cheshire_backstop_bands_agree_with_its_headline(cheshire: AuditReport) -> None:
    """The six-month backstop's bands count working days past its due date (0: within
    six months), so each year's bands give the late one the headline counts: one a year
    (CW17-039, CW18-030, CW19-034, each 125 working days, 181-184 calendar days, a day or
    three past the six months), the rest within; with bands of 130 working days taken,
    every year read "<= 130: all, over 130: 0"."""
    rows = [r for r in cheshire.summary if r.clock == "response_backstop"]
    assert [(r.period, r.met, r.met_late, r.backstop_breaches) for r in rows] == [
        ("2017-18", 38, 1, 1),
        ("2018-19", 29, 1, 1),
        ("2019-20", 33, 1, 1),
    ]
    for r in rows:
        assert r.histogram == {
            "within six months": r.met,
            "longer than six months": r.backstop_breaches,
        }
    assert "Response within six months: 1 of 34 took longer than six months" in (cheshire.headlines)
