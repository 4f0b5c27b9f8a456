"""Regenerate the screenshots of the HTML report in docs/images: the first screen of each
seed report (Oxfordshire, Cheshire West, Cardiff) as the auditor's guide shows it, and
Cheshire West's on a 390-pixel phone screen.

    python examples/report_screenshots.py              # write docs/images/report-*.png
    python examples/report_screenshots.py --out DIR    # somewhere else

Each report is audited from its seed history in this folder with its shipped profile and
the options the guide gives (``docs/auditors-guide.md``), written as HTML with the
profile's title, and photographed by headless Chromium (the Debian package
``chromium``: ``chromium --headless --screenshot``) at 1280 x 900 CSS pixels, and the
phone one at 390 x 844. The pictures depend on the fonts installed, so they are not
byte-for-byte the same on every machine; the figures in them are.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

from statdeadline.audit import audit
from statdeadline.reports import write_html

HERE = Path(__file__).resolve().parent
IMAGES = HERE.parent / "docs" / "images"


class Shot(NamedTuple):
    """One seed report: its name in the files, its history, profile, as-of date, the
    financial year it reports and how many years before it sit beside it."""

    name: str
    history: str
    profile: str
    as_of: str
    year: int
    compare: int


SHOTS = (
    Shot("oxfordshire", "oxfordshire-childrens-2015-2018.csv", "oxfordshire-childrens", "2018-09-30", 2017, 2),
    Shot("cheshire-west", "cheshire-west-2017-2020.csv", "cheshire-west-adults", "2020-06-30", 2019, 2),
    Shot("cardiff", "cardiff-2021-2023.csv", "cardiff-social-services", "2023-06-30", 2022, 1),
)  # fmt: skip
#: The screens: a file-name suffix and the window's width and height in CSS pixels.
SCREENS = {"first-screen": (1280, 900), "phone": (390, 844)}
#: Which reports are also photographed on the phone screen.
PHONE = ("cheshire-west",)


def chromium() -> str:
    """The Chromium executable, or exit saying how to install it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        sys.exit("error: needs Chromium (apt-get install chromium)")
    return found


def screenshot(browser: str, page: Path, png: Path, size: tuple[int, int]) -> None:
    """``page`` as it first shows in a window of ``size``, written to ``png``."""
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            f"--window-size={size[0]},{size[1]}",
            f"--screenshot={png}",
            page.as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=IMAGES, help="the folder of the pictures")
    args = parser.parse_args(argv)
    browser = chromium()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="statdeadline-shots-") as scratch:
        for shot in SHOTS:
            report = audit(
                [HERE / shot.history],
                as_of=shot.as_of,
                profile=shot.profile,
                financial_year=shot.year,
                compare=shot.compare,
            )
            page = Path(scratch) / f"{shot.name}.html"
            with page.open("w", encoding="utf-8") as fh:
                write_html(report, fh)
            for screen, size in SCREENS.items():
                if screen == "phone" and shot.name not in PHONE:
                    continue
                png = args.out / f"report-{shot.name}-{screen}.png"
                screenshot(browser, page, png, size)
                print(f"wrote {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
