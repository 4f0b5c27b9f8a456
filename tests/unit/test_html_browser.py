"""The HTML report in a real browser: headless Chromium prints it to PDF (A4), and
pdftotext reads the PDF back.

Checked: the headline figures are on the first printed page; no table or chart is wider
than the A4 print area (Chromium cuts what is past the page's edge, so every word of
every table and of every chart's labels must be in the printed text, and none past the
right margin); and at 390 CSS pixels wide
(the page in an iframe that wide: a headless window cannot be made narrower than 500)
the page does not scroll sideways, tables scrolling in their own boxes.
Skipped, saying why, only where Chromium or poppler-utils is not installed (`.ci/run`
installs them: the Debian packages ``chromium`` and ``poppler-utils``).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tests.audit_support import write_rows
from tests.unit.test_audit_periods import HEADER, ROWS

from statdeadline.audit import AuditReport, audit
from statdeadline.reports import write_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or PDFTOTEXT is None,
    reason="needs the Debian packages chromium and poppler-utils (apt-get install chromium "
    "poppler-utils; .ci/run installs them)",
)

A4_WIDTH_PT = 595.0
RIGHT_MARGIN_PT = 12 / 25.4 * 72  # the page's @page margin, 12 mm
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
)


def _chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def print_pdf(html: Path) -> Path:
    pdf = html.with_suffix(".pdf")
    _chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri())
    return pdf


def pdf_text(pdf: Path, page: int) -> str:
    assert PDFTOTEXT is not None
    args = [PDFTOTEXT, "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def words_outside(pdf: Path) -> list[str]:
    """Every word of the PDF whose right edge is past the print area."""
    assert PDFTOTEXT is not None
    bbox = subprocess.run(
        [PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    limit = A4_WIDTH_PT - RIGHT_MARGIN_PT + 1.0
    return [w for _, x_max, w in _WORD.findall(bbox) if float(x_max) > limit]


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module", params=["periods", "cheshire-west"])
def report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> AuditReport:
    """A small audit over three years with a target; and the Cheshire West seed report
    with its profile: three years of six bands each, the widest band charts."""
    if request.param == "cheshire-west":
        return audit(
            [EXAMPLES / "cheshire-west-2017-2020.csv"],
            as_of="2020-06-30",
            profile="cheshire-west-adults",
            financial_year=2019,
            compare=2,
        )
    folder = tmp_path_factory.mktemp("browser")
    path = write_rows(folder / "in.csv", HEADER, ROWS)
    return audit([path], as_of="2020-06-30", financial_year=2019, compare=2, target=0.8)


def page_file(report: AuditReport, folder: Path, extra: str = "") -> Path:
    path = folder / "report.html"
    with path.open("w", encoding="utf-8") as fh:
        write_html(report, fh, title="Adult social care complaints 2019-20")
    if extra:
        path.write_text(path.read_text(encoding="utf-8").replace("</main>", extra + "</main>"))
    return path


def test_headlines_on_the_first_printed_page(report: AuditReport, tmp_path: Path) -> None:
    """Printed on A4, page 1 carries the title and every headline sentence."""
    pdf = print_pdf(page_file(report, tmp_path))
    first = " ".join(pdf_text(pdf, 1).split())
    assert "Adult social care complaints 2019-20" in first
    assert report.headlines
    for line in report.headlines:
        assert " ".join(line.split()) in first


class _Cells(HTMLParser):
    """The words of every table cell of a page, and of every chart's labels (an SVG
    ``text``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag in ("td", "th", "text")

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag in ("td", "th", "text")

    def handle_data(self, data: str) -> None:
        if self.depth > 0:
            self.words += data.split()


def cut_words(page: Path, pdf: Path) -> list[str]:
    """The words of the page's tables missing from the printed text, or printed past
    the right margin."""
    cells = _Cells()
    cells.feed(page.read_text(encoding="utf-8"))
    assert PDFTOTEXT is not None
    printed = subprocess.run(
        [PDFTOTEXT, "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    joined = "".join(printed.split())
    missing = [w for w in cells.words if w not in joined]
    return missing + words_outside(pdf)


def test_no_table_is_wider_than_the_print_area(report: AuditReport, tmp_path: Path) -> None:
    """Every word of every table and chart label is on paper, none past the right
    margin."""
    page = page_file(report, tmp_path)
    assert cut_words(page, print_pdf(page)) == []


def test_the_width_check_finds_a_table_too_wide(report: AuditReport, tmp_path: Path) -> None:
    """The check above can fail: a table of forty unbreakable cells is cut at the edge,
    and so is a chart drawn 2000 pixels wide that does not shrink to the page."""
    wide = (
        "<table><tr>"
        + "".join(f"<td>cell{i:02d}xxxxxxxx</td>" for i in range(40))
        + "</tr></table>"
        + '<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="20" '
        'style="max-width:none"><text x="1900" y="15">chartlabelpastedge</text></svg>'
    )
    page = page_file(report, tmp_path, extra=wide)
    cut = cut_words(page, print_pdf(page))
    assert "cell39xxxxxxxx" in cut
    assert "chartlabelpastedge" in cut


def test_readable_at_390_pixels(report: AuditReport, tmp_path: Path) -> None:
    """In a frame 390 CSS pixels wide the page itself does not scroll sideways: the
    document is no wider than the frame (measured by the browser)."""
    page = page_file(report, tmp_path).read_text(encoding="utf-8")
    harness = tmp_path / "phone.html"
    harness.write_text(
        '<!DOCTYPE html><html><body><iframe id="f" style="width:390px;height:844px;border:0"'
        f' srcdoc="{html.escape(page, quote=True)}"></iframe><script>'
        'var f = document.getElementById("f"); f.onload = function () {'
        ' document.body.setAttribute("data-width",'
        " String(f.contentDocument.documentElement.scrollWidth)); };"
        "</script></body></html>",
        encoding="utf-8",
    )
    dom = _chromium(
        "--window-size=800,900", "--virtual-time-budget=5000", "--dump-dom", harness.as_uri()
    ).stdout
    found = re.search(r'data-width="(\d+)"', dom)
    assert found is not None
    assert int(found.group(1)) <= 390
