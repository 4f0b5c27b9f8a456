"""Unit tests for statdeadline.reports.html: one self-contained, well-formed, escaped page.

The input is small and worked by hand (England and Wales calendar; no bank holiday from
27 May to 22 August 2025): cases received Monday 2 June 2025, audited at 2025-07-31.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tests.audit_support import sha256, write_rows
from tests.unit.test_audit_periods import HEADER as P_HEADER
from tests.unit.test_audit_periods import ROWS as P_ROWS

from statdeadline import __version__, load_ruleset
from statdeadline.audit import AuditReport, audit
from statdeadline.reports.html import write_html

SVG = "{http://www.w3.org/2000/svg}"
NASTY_ID = "<script>alert(1)</script>"
NASTY_TEAM = 'Team "A" & <b>B</b>'

OX = "oxfordshire-adults"
CH = "england-children-2006"
ROWS = [
    # Oxfordshire, team North: green (10 WD, due 16 June); answered 13 June (on time)
    ("OX-1", OX, "received", "2025-06-02", "North", ""),
    ("OX-1", OX, "triaged", "2025-06-02", "North", "green"),
    ("OX-1", OX, "acknowledged", "2025-06-03", "North", ""),
    ("OX-1", OX, "response", "2025-06-13", "North", ""),
    # Oxfordshire, team with markup in its name: green, answered 20 June (14 WD, late)
    ("OX-2", OX, "received", "2025-06-02", NASTY_TEAM, ""),
    ("OX-2", OX, "triaged", "2025-06-02", NASTY_TEAM, "green"),
    ("OX-2", OX, "acknowledged", "2025-06-03", NASTY_TEAM, ""),
    ("OX-2", OX, "response", "2025-06-20", NASTY_TEAM, ""),
    # Children: Stage 1 answered 9 June (5 WD); Stage 2 asked 14 July, after the
    # complainant's 20 WD window (due 7 July): the window is met late
    ("CH-1", CH, "received", "2025-06-02", "North", ""),
    ("CH-1", CH, "stage1_response", "2025-06-09", "North", ""),
    ("CH-1", CH, "stage2_requested", "2025-07-14", "North", ""),
    # a case whose id is markup, with an unknown event: rejected
    (NASTY_ID, OX, "received", "2025-06-02", "North", ""),
    (NASTY_ID, OX, "bogus", "2025-06-03", "North", ""),
]


def make_report(tmp_path: Path, target: float | None = 0.8) -> tuple[AuditReport, Path]:
    path = write_rows(
        tmp_path / "cases.csv", ["case_id", "ruleset", "event", "date", "team", "level"], ROWS
    )
    report = audit([path], as_of="2025-07-31", group_by=["team"], target=target, buckets=[10, 20])
    return report, path


def render(report: AuditReport, title: str | None = None) -> str:
    buf = io.StringIO()
    write_html(report, buf, title=title)
    return buf.getvalue()


@pytest.fixture
def page(tmp_path: Path) -> str:
    return render(make_report(tmp_path)[0], title="Complaints 2025")


def parse(page: str) -> ET.Element:
    """The page as XML: it must be well-formed (every element closed, attributes quoted,
    no named entities but XML's own)."""
    assert page.startswith("<!DOCTYPE html>\n")
    return ET.fromstring(page.split("\n", 1)[1])


class _Balance(HTMLParser):
    """Checks with the HTML parser that every opened element is closed, in order."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts += 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":  # a self-closed element (<meta ... />) opens nothing
            self.scripts += 1

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def test_page_is_well_formed(page: str) -> None:
    """The page parses as XML, and the HTML parser finds every element closed in order."""
    root = parse(page)
    assert root.tag == "html"
    assert root.get("lang") == "en"
    checker = _Balance()
    checker.feed(page)
    checker.close()
    assert (checker.errors, checker.stack) == ([], [])


def test_data_is_escaped(page: str) -> None:
    """Case ids, team names and reasons are shown as text, never as markup: no script
    element exists, and the markup in the data appears escaped."""
    checker = _Balance()
    checker.feed(page)
    assert checker.scripts == 0
    assert NASTY_ID not in page
    assert "<b>B</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Team &quot;A&quot; &amp; &lt;b&gt;B&lt;/b&gt;" in page
    root = parse(page)
    texts = "".join(root.itertext())
    assert NASTY_ID in texts  # the parsed text is the data itself
    assert NASTY_TEAM in texts


def test_page_is_self_contained(page: str) -> None:
    """Nothing is fetched: no script, link, image, import or url(); the only URL is the
    SVG namespace name (an identifier, never loaded)."""
    lowered = page.lower()
    for needle in ("<script", "<link", "<img", "<iframe", "@import", "url(", " src=", "@font-face"):
        assert needle not in lowered, needle
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) <= {"http://www.w3.org/2000/svg"}
    root = parse(page)
    assert [e.tag for e in root.iter("style")] == ["style"]


def test_header_and_provenance(tmp_path: Path) -> None:
    """The header names the as-of date and library version; the provenance tables give
    each rule set's version and calendar fingerprint, and each input's rows and SHA-256."""
    report, path = make_report(tmp_path)
    page = render(report, title="Complaints 2025")
    root = parse(page)
    assert root.findtext(".//h1") == "Complaints 2025"
    lede = "".join(root.find(".//header/p[@class='lede']").itertext())  # type: ignore[union-attr]
    assert lede.startswith(f"As of 31 July 2025 (2025-07-31) \u00b7 statdeadline {__version__}")
    tables = {t.findtext("caption"): t for t in root.iter("table")}
    rulesets = tables["Rule sets, with the calendar each counted working days by"]
    rows = {
        r.findtext("th"): ["".join(td.itertext()) for td in r.findall("td")]
        for r in rulesets.iter("tr")
        if r.find("th[@scope='row']") is not None
    }
    for rid in (CH, OX):
        rs = load_ruleset(rid)
        assert rows[rid][0] == rs.version
        assert rows[rid][4] == rs.calendar.fingerprint
    inputs = tables["Input files"]
    cells = ["".join(c.itertext()) for c in inputs.find("tbody/tr")]  # type: ignore[union-attr]
    assert cells == [str(path), "13", sha256(path)]


def test_counts_reconcile_in_the_page(page: str) -> None:
    """Rows: 13 read = 11 used + 2 rejected; cases: 4 read = 3 audited + 1 rejected. With
    1 case in 4 rejected (over 5%) adding up is not shown as a success, and a banner at
    the top of the page says how many were rejected."""
    root = parse(page)
    table = next(
        t for t in root.iter("table") if t.findtext("caption", "").startswith("Reconciliation")
    )
    body = [
        ["".join(c.itertext()) for c in row]
        for row in table.find("tbody")  # type: ignore[union-attr]
    ]
    assert body == [
        ["Rows", "13", "11", "2", "reconciles, but too many cases were rejected"],
        ["Cases", "4", "3", "1", "reconciles, but too many cases were rejected"],
    ]
    banner = root.find(".//header/p[@class='banner']")
    assert banner is not None
    assert "".join(banner.itertext()) == (
        "warning: 1 of 4 cases (25.0%) were rejected; these figures cover only the other 3 case(s); "
        "see the rejections"
    )


def stage_rows(root: ET.Element, caption: str) -> list[list[str]]:
    """The text of each body row of the stage tables captioned ``caption`` (the first:
    the totals across groups)."""
    table = next(t for t in root.iter("table") if t.findtext("caption") == caption)
    return [["".join(c.itertext()) for c in r] for r in table.find("tbody")]  # type: ignore[union-attr]


def test_headline_figures_come_first(page: str) -> None:
    """The first section of the page is the headline figures: the report's sentences,
    then cases audited, open and rejected."""
    root = parse(page)
    first = next(root.iter("section"))
    assert first.get("id") == "headlines"
    items = ["".join(li.itertext()) for li in first.iter("li")]
    assert (
        items[0] == "england-children-2006 - Stage 1 response: 1 complaint, 1 responded to within"
        " timescale (100.0%); target 80% met"
    )
    assert (
        "oxfordshire-adults - Local response target (RAG): 2 complaints, 1 responded to within timescale (50.0%); target 80% missed"
        in items
    )
    assert "3 cases audited" in "".join(first.itertext()).replace("\n", " ")


def test_stage_tables_per_rule_set_with_captions_scoped_headers_and_the_figures(page: str) -> None:
    """A section per rule set with its stage table (the teams added up): scoped header
    cells, at most ten columns; Oxfordshire's local response: 2 deadlines of 2 cases, 1
    on time and beneath it 1 late, 50.0% (1 of 2), target 80% missed; averages 11.5, median 11.5, p90 14."""
    root = parse(page)
    tables = [t for t in root.iter("table") if "stage" in t.get("class", "")]
    assert [t.findtext("caption") for t in tables] == [
        f"{CH}: timeliness by stage",
        f"{OX}: timeliness by stage",
        f"{CH}: timeliness by stage",  # by group
        f"{OX}: timeliness by stage",
    ]
    duties = [t.findtext("caption") for t in root.iter("table") if t.get("class") == "duties"]
    # the delay notice (arises_after): in the rule set's section, then by group
    assert duties == [f"{OX}: duties with no due date of their own"] * 2
    assert ["".join(th.itertext()) for th in tables[0].find("thead").iter("th")] == [  # type: ignore[union-attr]
        "Deadline", "Deadlines", "Cases", "On time, late", "Within timescale", "Not recorded",
        "Overdue", "Open", "Average days",
    ]  # fmt: skip
    for t in tables:
        heads = list(t.find("thead").iter("th"))  # type: ignore[union-attr]
        assert all(th.get("scope") == "col" for th in heads) and len(heads) <= 10
        assert all(r.find("th").get("scope") == "row" for r in t.find("tbody"))  # type: ignore[union-attr]
    local = [r for r in stage_rows(root, f"{OX}: timeliness by stage") if r[0].startswith("Local")]
    assert local == [
        ["Local response target (RAG)", "2", "2", "11 late", "50.0%1 of 2target 80.0% missed",
         "0", "0", "0", "11.5median 11.5, p90 14 (working)"],
    ]  # fmt: skip
    by_team = [["".join(c.itertext()) for c in r] for r in tables[3].find("tbody")]  # type: ignore[union-attr]
    assert [
        "Local response target (RAG) \u00b7 team: " + NASTY_TEAM, "1", "1", "01 late",
        "0.0%0 of 1target 80.0% missed", "0", "0", "0", "14median 14, p90 14 (working)",
    ] in by_team  # fmt: skip


def test_complainant_window_is_not_judged_against_the_target(page: str) -> None:
    """CH-1 asked for Stage 2 after its window: the window is met late (0.0%), with no
    verdict against the target."""
    rows = stage_rows(parse(page), f"{CH}: timeliness by stage")
    window = next(r for r in rows if r[0].startswith("Complainant's window to ask for Stage 2"))
    assert window[4] == "0.0%0 of 1"


def test_no_target_no_verdict(tmp_path: Path) -> None:
    """Without a target, no verdict is drawn and the options say so."""
    page = render(make_report(tmp_path, target=None)[0])
    assert "target 80" not in page and "missed" not in page
    assert '<th scope="row">On-time target</th><td>none</td>' in page


def test_band_tables_count_not_recorded_apart(page: str) -> None:
    """A band table per deadline: the bands from the buckets (<= 10, 11-20, over 20) and
    not recorded, each with its count and share of the deadlines that ended.
    Oxfordshire's backstop: met in 9 and 14 working days."""
    root = parse(page)
    caption = "Response within six months (or a longer agreed period): days taken (working days)"
    assert stage_rows(root, caption) == [
        ["<= 10", "1", "50.0%"],
        ["11-20", "1", "50.0%"],
        ["over 20", "0", "0.0%"],
        ["not recorded", "0", "0.0%"],
    ]


def test_year_on_year_bars_with_several_periods(tmp_path: Path) -> None:
    """With several periods, each deadline has an accessible bar chart (role img, title
    and desc) with a bar per period, each with its own title; its table has a column pair
    per period."""
    path = write_rows(tmp_path / "p.csv", P_HEADER, P_ROWS)
    report = audit([path], as_of="2020-06-30", financial_year=2019, compare=1)
    root = parse(render(report))
    svgs = [
        svg
        for svg in root.iter(f"{SVG}svg")
        if (svg.findtext(f"{SVG}title") or "").endswith(": year on year")
    ]
    assert len(svgs) == 2  # a chart per deadline with a due date (not the delay notice)
    ack = svgs[0]
    title, desc = ack.find(f"{SVG}title"), ack.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert (ack.get("role"), ack.get("aria-labelledby")) == (
        "img",
        f"{title.get('id')} {desc.get('id')}",
    )
    assert desc.text == "2018-19: 1 (100.0% on time); 2019-20: 2 (100.0% on time)"
    bars = [g for g in ack.iter(f"{SVG}g") if g.find(f"{SVG}rect") is not None]
    assert [g.findtext(f"{SVG}title") for g in bars] == [
        "2018-19: 1 deadlines, 100.0% on time",
        "2019-20: 2 deadlines, 100.0% on time",
    ]
    heads = [
        "".join(th.itertext())
        for t in root.iter("table")
        if t.findtext("caption") == "Acknowledgement: days taken (working days)"
        for th in t.find("thead").iter("th")  # type: ignore[union-attr]
    ]
    assert heads == ["Band", "2018-19", "%", "2019-20", "%"]
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))  # ids are unique in the page


def test_rejections_listed_with_file_line_and_reason(tmp_path: Path) -> None:
    """The rejected case is listed with its file, line, id, rows and reason."""
    report, path = make_report(tmp_path)
    root = parse(render(report))
    section = root.find(".//section[@id='rejections']")
    assert section is not None
    assert section.findtext("h2") == "Rejected (1)"
    rows = [["".join(c.itertext()) for c in r] for r in section.find(".//tbody")]  # type: ignore[union-attr]
    assert rows == [
        [
            str(path),
            "14",
            NASTY_ID,
            "2",
            "unknown event 'bogus' for oxfordshire-adults; allowed here: acknowledged, "
            "delay_notice, extension, response, triaged, withdrawn",
        ]
    ]


def test_default_title_and_nothing_rejected(tmp_path: Path) -> None:
    """Without a title the page is headed "Complaint deadlines audit"; an audit with no
    rejection says so."""
    path = tmp_path / "ok.csv"
    path.write_text(
        "case_id,ruleset,event,date\nA,england-adults-2009,received,2025-06-02\n",
        encoding="utf-8",
    )
    root = parse(render(audit([path], as_of="2025-07-31")))
    assert root.findtext(".//h1") == "Complaint deadlines audit"
    assert root.findtext(".//title") == "Complaint deadlines audit \u2013 as of 2025-07-31"
    section = root.find(".//section[@id='rejections']")
    assert section is not None
    assert [p.text for p in section.iter("p")] == ["Nothing was rejected."]


def test_band_charts_year_on_year(tmp_path: Path) -> None:
    """Each deadline with a due date has a band chart: for each band, a bar per period
    with its count and share, each bar titled. Acknowledgements were sent the working day
    after receipt (1 working day): 2018-19 P1, 1 of 1 in the first band (100.0%);
    2019-20 P2 and P3, 2 of 2; none in the other bands (0, and 0.0% of those that ended);
    no band "not recorded", as none was."""
    path = write_rows(tmp_path / "p.csv", P_HEADER, P_ROWS)
    report = audit([path], as_of="2020-06-30", financial_year=2019, compare=1, buckets=[10, 20])
    root = parse(render(report))
    charts = {
        svg.findtext(f"{SVG}title"): svg
        for svg in root.iter(f"{SVG}svg")
        if (svg.findtext(f"{SVG}title") or "").endswith(": days taken (working days), by band")
    }
    assert len(charts) == 2  # acknowledgement and response (the delay notice is a duty)
    ack = charts["Acknowledgement: days taken (working days), by band"]
    bars = [g.findtext(f"{SVG}title") for g in ack.iter(f"{SVG}g")]
    assert bars == [
        "<= 10, 2018-19: 1 \u00b7 100.0%",
        "<= 10, 2019-20: 2 \u00b7 100.0%",
        "11-20, 2018-19: 0 \u00b7 0.0%",
        "11-20, 2019-20: 0 \u00b7 0.0%",
        "over 20, 2018-19: 0 \u00b7 0.0%",
        "over 20, 2019-20: 0 \u00b7 0.0%",
    ]
    assert ack.findtext(f"{SVG}desc", "").startswith("<= 10: 2018-19 1 \u00b7 100.0%, 2019-20 2")
    # the longer bar is the latest year's, twice the earlier one
    widths = [float(r.get("width") or 0) for r in ack.iter(f"{SVG}rect")]
    assert widths[1] == 2 * widths[0]
    view_width = float((ack.get("viewBox") or "").split()[2])
    texts = [t for t in ack.iter(f"{SVG}text") if t.get("text-anchor") is None]
    # each label ends inside the chart, even at 0.6em a character
    assert all(
        float(t.get("x") or 0) + len(t.text or "") * 0.6 * float(t.get("font-size") or 0)
        <= view_width
        for t in texts
    )


def test_the_heading_is_the_profiles_title_without_a_title() -> None:
    """With no title given, a report made with a profile is headed by the profile's
    title (the page's <title> too); a title given wins."""
    examples = Path(__file__).resolve().parents[2] / "examples"
    report = audit(
        [examples / "cardiff-2021-2023.csv"],
        as_of="2023-06-30",
        profile="cardiff-social-services",
        financial_year=2022,
    )
    title = "Cardiff Council - social services complaints, acknowledgement and response times"
    root = parse(render(report))
    assert root.findtext(".//h1") == title
    assert (root.findtext(".//title") or "").startswith(title + " \u2013 as of 2023-06-30")
    assert parse(render(report, title="Committee paper")).findtext(".//h1") == "Committee paper"


def test_one_periods_bands_without_a_profile_are_in_the_table_only(page: str) -> None:
    """A report of one period and no profile draws no band chart (nor year-on-year
    bars): its bands are in the band tables, which it has."""
    root = parse(page)
    assert list(root.iter(f"{SVG}svg")) == []
    captions = [t.findtext("caption") or "" for t in root.iter("table")]
    assert any(c.endswith(": days taken (working days)") for c in captions)


def test_band_chart_title_says_what_its_bands_count() -> None:
    """Cheshire West's six-month backstop is banded by working days past its due date
    (``working_days_late``), its responses by working days taken: each chart's title
    says which, as the band table's caption does."""
    seed = Path(__file__).resolve().parents[2] / "examples" / "cheshire-west-2017-2020.csv"
    report = audit(
        [seed], as_of="2020-06-30", profile="cheshire-west-adults", financial_year=2019, compare=2
    )
    titles = {svg.findtext(f"{SVG}title") for svg in parse(render(report)).iter(f"{SVG}svg")}
    assert "Response within six months: days past the due date (working days), by band" in titles
    assert "Complaint responses: days taken (working days), by band" in titles
