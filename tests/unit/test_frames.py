"""statdeadline.audit_frame: an audit of a pandas DataFrame, with the command line's
figures for the same input, as DataFrames with proper dtypes."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from tests.cli_support import run

import statdeadline
from statdeadline.audit import audit

pd = pytest.importorskip("pandas")

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "examples" / "cases.csv"
AS_OF = "2026-03-31"


@pytest.fixture(scope="module")
def frames() -> Any:
    df = pd.read_csv(CASES, dtype=str, keep_default_na=False)
    return statdeadline.audit_frame(df, as_of=AS_OF, group_by=["team"], target=0.8)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b)
    return bool(a == b)


def test_the_same_figures_as_the_cli_json(
    frames: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Every summary row's figures equal those of 'statdeadline audit --format json' on the
    same file, and so do the reconciled counts."""
    out = tmp_path / "report.json"
    status, _, _ = run(
        [
            "audit",
            str(CASES),
            "--as-of",
            AS_OF,
            "--group-by",
            "team",
            "--target",
            "0.8",
            "--format",
            "json",
            "--output",
            str(out),
        ],
        capsys,
    )
    assert status == 0
    cli = json.loads(out.read_text(encoding="utf-8"))
    assert dict(frames.report.counts) == cli["counts"]
    got = frames.summary.astype(object).where(frames.summary.notna(), None).to_dict("records")
    assert len(got) == len(cli["summary"]) > 10
    for mine, theirs in zip(got, cli["summary"], strict=True):
        # the JSON writer's band_shares and printed are shares of these counts, for display
        skip = ("group", "histogram", "band_shares", "printed")
        flat = {k: v for k, v in theirs.items() if k not in skip}
        flat["team"] = theirs["group"]["team"]
        flat.update({f"histogram {b}": n for b, n in theirs["histogram"].items()})
        assert set(mine) == set(flat)
        assert all(_same(mine[k], flat[k]) for k in flat), (mine, flat)


def test_dtypes_are_proper(frames: Any) -> None:
    """Dates as datetime64, booleans as booleans, counts as integers."""
    s, c = frames.summary, frames.cases
    assert str(s["met"].dtype) == "int64"
    assert str(s["target_met"].dtype) == "boolean"
    assert str(s["on_time_rate"].dtype) == "Float64"
    assert str(c["due"].dtype).startswith("datetime64")
    assert str(c["working_days_taken"].dtype) == "Int64"
    assert set(c["status"].dropna()) <= set(statdeadline.STATUSES)


def test_a_profile_with_bands_per_deadline() -> None:
    """Cheshire West's profile gives each deadline its own bands (responses in six bands
    of working days, the backstop within or past six months): each band a nullable
    integer column, blank in the rows of the other deadlines; the figures those of the
    audit of the same file. (An int64 cast of the blanks failed before.)"""
    seed = ROOT / "examples" / "cheshire-west-2017-2020.csv"
    df = pd.read_csv(seed, dtype=str, keep_default_na=False)
    options = {"profile": "cheshire-west-adults", "financial_year": 2019}
    got = statdeadline.audit_frame(df, as_of="2020-06-30", **options).summary
    want = audit([seed], as_of="2020-06-30", **options).summary
    assert str(got["histogram 20 or less"].dtype) == "Int64"
    rows = {r["clock"]: r for r in got.to_dict("records")}
    for row in want:
        bands = {f"histogram {b}": n for b, n in dict(row.histogram).items()}
        assert {k: rows[row.clock][k] for k in bands} == bands
        blank = [c for c in got.columns if c.startswith("histogram ") and c not in bands]
        assert all(pd.isna(rows[row.clock][c]) for c in blank)


def test_rejections_name_the_dataframe_row() -> None:
    """A row that cannot be used is a rejection naming the DataFrame's index label."""
    df = pd.DataFrame(
        {
            "case_id": ["A", "B"],
            "ruleset": ["england-children-2006"] * 2,
            "event": ["received", "received"],
            "date": ["2024-03-28", "28th March"],
        },
        index=["first", "second"],
    )
    frames = statdeadline.audit_frame(df, as_of="2024-04-30")
    rej = frames.rejections
    assert (list(rej["row"]), list(rej["case_id"]), str(rej["rows"].dtype)) == (
        ["second"],
        ["B"],
        "int64",
    )
    assert list(frames.cases["case_id"].unique()) == ["A", "B"]


def test_not_a_dataframe_is_refused() -> None:
    """A list is not a DataFrame: the error says what was expected."""
    with pytest.raises(statdeadline.InvalidArgumentError) as info:
        statdeadline.audit_frame([], as_of="2024-04-30")
    assert str(info.value) == "df: expected a pandas DataFrame, got 'list'"
