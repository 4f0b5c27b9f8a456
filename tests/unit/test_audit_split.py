"""Workers reading their own byte ranges of the input (statdeadline.audit.split): the
report is exactly the one-process report whatever the file holds (quoted fields over
several lines, a runaway quote, blank lines, CRLF, a byte-order mark, bad rows), every
range begins a record and a case, and input that cannot be split that way (scattered
cases, UTF-16, a NUL, a lone carriage return) is shared by hash instead, with the same
report."""

from __future__ import annotations

import array
import csv
import json
import random
from pathlib import Path
from typing import Any

import pytest

from statdeadline.audit import audit, passes, pool
from statdeadline.audit.readers import LongReader, json_case_id
from statdeadline.audit.source import resolve_source, resolve_sources
from statdeadline.audit.split import Span, plan

RS = "england-adults-2009"
HEADER = "case_id,ruleset,event,date,team,notes"


def _case(i: int, rng: random.Random) -> list[str]:
    """One case's lines: received, acknowledged, response; some with a quoted note over
    one to four lines, some with a bad date, a few with a row of the wrong width."""
    cid = f"S-{i:04d}"
    team = ("North", "South")[i % 2]
    note = ""
    shape = rng.random()
    if shape < 0.3:
        note = '"' + "\n".join(f"note {k}, of {cid}" for k in range(rng.randint(1, 4))) + '"'
    elif shape < 0.35:
        note = '"a ""quoted"" word"'
    day = 2 + i % 20
    lines = [
        f"{cid},{RS},received,2024-04-{day:02d},{team},{note}",
        f"{cid},{RS},acknowledged,2024-05-{day:02d},{team},",
        f"{cid},{RS},response,2024-06-{day:02d},{team},",
    ]
    if rng.random() < 0.05:
        lines[1] = f"{cid},{RS},acknowledged,2024-05-{day:02d}"  # too few cells
    if rng.random() < 0.05:
        lines[2] = f"{cid},{RS},response,2024-13-45,{team},"
    return lines


def _write(path: Path, n: int, seed: int = 7, newline: str = "\n", bom: bool = False) -> Path:
    rng = random.Random(seed)
    lines = [HEADER]
    for i in range(n):
        lines += _case(i, rng)
        if i % 37 == 0:
            lines.append("")  # a blank line
        if i == n // 2:
            # a runaway quote: rejected after 10 lines, and reading goes on
            lines.append(f'S-RUN,{RS},received,2024-04-02,North,"never closed')
    text = newline.join(lines) + newline
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def _same_as_one_process(path: Path, workers: int = 2, **options: Any) -> None:
    one = audit([path], as_of="2024-07-31", group_by=["team"], workers=1, **options)
    many = audit([path], as_of="2024-07-31", group_by=["team"], workers=workers, **options)
    assert many.to_dict() == one.to_dict()
    c = one.counts
    assert c["rows_read"] == c["rows_used"] + c["rows_rejected"]
    assert c["cases_read"] == c["cases_audited"] + c["cases_rejected"]
    assert c["cases_rejected"] > 0 and c["cases_audited"] > 0


def _plan(path: Path, workers: int, encoding: str | None = None) -> list[list[Span]] | None:
    sources = resolve_sources([path], [str(path)], encoding=encoding)
    planned = plan(sources, LongReader().case_column, workers, json_case_id)
    return None if planned is None else planned[0]


def _sharing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """How each audit with workers shared its cases, as they run: ``by ranges`` when the
    workers read byte ranges to the end, ``by hash`` otherwise."""
    seen: list[str] = []
    real = pool._check_apart

    def check(shares: list[pool.Share]) -> None:
        real(shares)  # Scattered here: the audit goes on by hash, and says so below
        seen.append("by hash" if all(s.case_hashes is None for s in shares) else "by ranges")

    monkeypatch.setattr(pool, "_check_apart", check)
    return seen


def _write_jsonl(path: Path, n: int, seed: int = 7) -> Path:
    """The cases of :func:`_write` as JSON Lines (notes over several lines are one line
    here), with lines that cannot be used among them: not JSON, nested too deeply, no
    case id, and blank lines."""
    csv_path = _write(path.with_suffix(".csv"), n, seed)
    with csv_path.open(newline="", encoding="utf-8") as fh:
        records = list(csv.DictReader(fh))
    lines = []
    for i, rec in enumerate(records):
        lines.append(json.dumps({k: v for k, v in rec.items() if v}, ensure_ascii=i % 2 == 0))
        if i % 41 == 0:
            lines.append("")
        if i % 97 == 5:
            lines.append('{"case_id": "S-BAD", "event": ')  # not JSON
        if i % 131 == 7:
            lines.append("[" * 2000)  # nested too deeply for one case, none named
        if i % 113 == 9:
            lines.append(json.dumps({"event": "received", "date": "2024-04-02"}))  # no case
    path.write_text("\n".join(lines) + "\n", "utf-8")
    csv_path.unlink()
    return path


@pytest.mark.parametrize("workers", [2, 3, 4])
@pytest.mark.parametrize(("newline", "bom"), [("\n", False), ("\r\n", True)])
def test_byte_ranges_give_the_one_process_report(
    tmp_path: Path, workers: int, newline: str, bom: bool
) -> None:
    """Split into 2-4 ranges (it is: the plan has that many), the audit gives exactly
    the one-process report: counts, summary, rejections with their lines, meta."""
    path = _write(tmp_path / "cases.csv", 400, newline=newline, bom=bom)
    shares = _plan(path, workers)
    assert shares is not None and len(shares) == workers
    _same_as_one_process(path, workers)


def test_every_range_begins_a_record_and_a_case(tmp_path: Path) -> None:
    """Each range after the first begins on a line that the one-process reader begins a
    record on, with the line number it gives, and with a case other than the one
    before: the line before it is no part of a quoted field."""
    path = _write(tmp_path / "cases.csv", 400)
    src = resolve_source(path, str(path))
    starts = {r.line: r for r in LongReader().rows(src)}
    lines = path.read_bytes().split(b"\n")
    for seed in range(5):
        shares = _plan(path, 4 + seed)
        assert shares is not None
        for spans in shares[1:]:
            first = spans[0]
            before = path.read_bytes()[: first.start]
            assert before.count(b"\n") + 1 == first.line
            assert first.line in starts  # a record begins there
            above = lines[first.line - 2].decode()
            assert '"' not in above
            assert above.split(",")[0] != starts[first.line].data["case_id"]


def test_a_split_inside_quoted_lines_is_never_chosen(tmp_path: Path) -> None:
    """Every case has a quoted note over three lines, except a few runs of plain
    cases: the ranges begin only after ten lines that are each a whole record on their
    own (the note's first line never is), never inside a note, and the report is the
    one-process one."""
    lines = [HEADER]
    for i in range(300):
        cid = f"Q-{i:04d}"
        note = '"one\ntwo\nthree"' if i % 40 > 5 else ""
        lines += [
            f"{cid},{RS},received,2024-04-02,North,{note}",
            f"{cid},{RS},response,2024-05-01,North,",
        ]
    lines.append(f"Q-BAD,{RS},received,2024-04-31,North,")
    path = tmp_path / "quoted.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    text = path.read_bytes()
    shares = _plan(path, 3)
    assert shares is not None
    for spans in shares[1:]:
        before = text[: spans[0].start]
        assert before.count(b'"') % 2 == 0  # not inside a note
        above = before.split(b"\n")[-11:-1]
        assert len(above) == 10 and not any(line.endswith(b'"one') for line in above)
    one = audit([path], as_of="2024-07-31", workers=1)
    assert audit([path], as_of="2024-07-31", workers=3).to_dict() == one.to_dict()
    assert one.counts["cases_rejected"] == 1


def test_a_case_in_two_ranges_falls_back_to_sharing_by_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case whose rows come back at the end of the file (far from the rest, so only
    the final check sees it), and input shuffled through (seen at once): the ranges are
    abandoned and the report is still the one-process one."""
    path = _write(tmp_path / "cases.csv", 300)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(f"S-0001,{RS},closed,2024-06-20,South,\n")
    assert _plan(path, 2) is not None
    abandoned: list[str] = []
    real = pool._check_apart

    def check(shares: list[pool.Share]) -> None:
        try:
            real(shares)
        except pool.Scattered:
            abandoned.append("apart")
            raise

    monkeypatch.setattr(pool, "_check_apart", check)
    _same_as_one_process(path)
    assert abandoned == ["apart"]
    lines = path.read_text("utf-8").splitlines()
    shuffled = [lines[0], *random.Random(3).sample(lines[1:], len(lines) - 1)]
    # a quoted note's lines, shuffled apart, are bad rows wherever they land: the same
    # in one process and several
    mixed = tmp_path / "shuffled.csv"
    mixed.write_text("\n".join(shuffled) + "\n", "utf-8")
    _same_as_one_process(mixed)


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("utf-16", lambda b: b.decode("utf-8").encode("utf-16")),
        ("nul", lambda b: b.replace(b"2024-05-09", b"2024-05-\x009", 1)),
        ("lone-cr", lambda b: b.replace(b"note 0", b"note\r0", 1)),
    ],
)
def test_inputs_that_cannot_be_split_are_shared_by_hash(
    tmp_path: Path, name: str, change: object
) -> None:
    """UTF-16, a NUL byte, a carriage return alone: no plan, and the hashed sharing
    gives the one-process report."""
    path = _write(tmp_path / f"{name}.csv", 200)
    path.write_bytes(change(path.read_bytes()))  # type: ignore[operator]
    assert _plan(path, 2) is None
    _same_as_one_process(path)


@pytest.mark.parametrize("workers", [2, 3, 4])
def test_json_lines_are_split_by_byte_ranges_too(
    tmp_path: Path, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """JSON Lines, each line a record: split into 2-4 ranges (it is), each beginning on
    a line whose case differs from the line before's, the audit gives exactly the
    one-process report, lines that cannot be used and their line numbers included."""
    path = _write_jsonl(tmp_path / "cases.jsonl", 400)
    shares = _plan(path, workers)
    assert shares is not None and len(shares) == workers
    lines = path.read_text("utf-8").split("\n")
    rows = {r.line: r for r in LongReader().rows(resolve_source(path, str(path)))}
    for spans in shares[1:]:
        first = spans[0]
        assert path.read_bytes()[: first.start].count(b"\n") + 1 == first.line
        here = rows[first.line].data["case_id"]
        assert here and json_case_id(lines[first.line - 2]) not in (None, here)
    sharing = _sharing(monkeypatch)
    _same_as_one_process(path, workers)
    assert sharing == ["by ranges"]
    one = audit([path], as_of="2024-07-31")
    assert {r.reason for r in one.rejections if r.case_id is None} >= {
        "not valid JSON (nested too deeply)"
    }


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "latin-1", "iso8859-15"])
def test_a_csv_file_in_a_given_encoding_is_split_and_read_on_the_fast_path(
    tmp_path: Path, encoding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``--encoding`` UTF-8 or a single-byte encoding (accented teams, written in
    it), the file is split as a detected one is, read on the fast path (no NUL byte:
    ``plain``), and the report is the one-process one."""
    path = _write(tmp_path / "cases.csv", 400)
    text = path.read_text("utf-8").replace(",North,", ",Équipe Nord,")
    path.write_bytes(text.encode(encoding))
    (src,) = resolve_sources([path], [str(path)], encoding=encoding)
    assert src.plain
    shares = _plan(path, 3, encoding)
    assert shares is not None and len(shares) == 3
    sharing = _sharing(monkeypatch)
    _same_as_one_process(path, 3, encoding=encoding)
    assert sharing == ["by ranges"]
    one = audit([path], as_of="2024-07-31", group_by=["team"], encoding=encoding)
    assert {r.group["team"] for r in one.summary} == {"Équipe Nord", "South"}


def test_utf16_is_never_split_even_when_given(tmp_path: Path) -> None:
    """UTF-16, given or found out, is not split (a line break is two bytes, and a cut
    at a byte offset could fall inside a character): shared by hash, the same report."""
    path = _write(tmp_path / "cases.csv", 200)
    path.write_bytes(path.read_text("utf-8").encode("utf-16"))
    assert _plan(path, 2, "utf-16") is None
    _same_as_one_process(path, encoding="utf-16")


def test_several_inputs_are_split_across(tmp_path: Path) -> None:
    """Three inputs, the ranges crossing from one into the next: the one-process report."""
    paths = [_write(tmp_path / f"part{i}.csv", 150, seed=i) for i in range(3)]
    for i, p in enumerate(paths):  # distinct case ids per file
        p.write_text(p.read_text("utf-8").replace("S-", f"F{i}-"), "utf-8")
    sources = [resolve_source(p, str(p)) for p in paths]
    planned = plan(sources, LongReader().case_column, 2)
    assert planned is not None
    one = audit(paths, as_of="2024-07-31", workers=1)
    assert audit(paths, as_of="2024-07-31", workers=2).to_dict() == one.to_dict()


def test_case_id_hashes_are_kept_in_sorted_runs(tmp_path: Path) -> None:
    """HashRuns writes every few hashes to a sorted file and merges them into one sorted
    file at the end, saying whether any was noted twice (in one run or across runs)."""
    runs = passes.HashRuns(str(tmp_path), run=3)
    for value in [5, 1, 9, 2, 7, 3, 8]:
        runs.add(value)
    name, distinct = runs.close()
    merged = array.array("q")
    merged.frombytes(Path(name).read_bytes())
    assert (distinct, list(merged), len(runs.files)) == (True, [1, 2, 3, 5, 7, 8, 9], 1)
    for values in ([1, 2, 3, 4, 2], [4, 4]):
        again = passes.HashRuns(str(tmp_path), run=3)
        for value in values:
            again.add(value)
        assert again.close()[1] is False


def test_a_case_back_within_one_range_is_found_by_its_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case coming back within one worker's range, further apart than the worker's
    recent case ids and across its sorted runs: that worker gives the ranges up, and
    the report is the one-process one."""
    path = _write(tmp_path / "cases.csv", 300)
    lines = path.read_text("utf-8").splitlines()
    lines.insert(200, f"S-0001,{RS},closed,2024-06-20,South,")  # in the first range
    path.write_text("\n".join(lines) + "\n", "utf-8")
    monkeypatch.setattr(pool, "RECENT_CASES", 2)
    monkeypatch.setattr(passes, "PRESCAN_RUN", 4)
    # the workers are forked: what they find is seen here only as the main process's
    # own check between ranges never being reached while the ranges are audited
    checks: list[str] = []
    real = pool._check_apart

    def check(shares: list[pool.Share]) -> None:
        try:
            real(shares)
        except pool.Scattered:
            checks.append("found apart")
            raise
        checks.append("by hash" if all(s.case_hashes is None for s in shares) else "apart")

    monkeypatch.setattr(pool, "_check_apart", check)
    _same_as_one_process(path)
    assert checks == ["by hash"]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_quoted_field_over_more_than_ten_lines_is_reported(tmp_path: Path, workers: int) -> None:
    """A quoted note over ten lines is read; one over eleven rejects its case, naming
    the file and the line it starts on, and the note's other lines are skipped with it
    (not read as cases of their own); the cases after it are audited (whether the input
    is read by one process or split between two)."""
    head = [HEADER]
    cases = []
    for i in range(60):
        cid = f"L-{i:03d}"
        note = ""
        if i == 20:
            note = '"' + "\n".join(f"line {k}" for k in range(10)) + '"'
        if i == 40:
            note = '"' + "\n".join(f"line {k}" for k in range(11)) + '"'
        cases += [
            f"{cid},{RS},received,2024-04-02,North,{note}",
            f"{cid},{RS},response,2024-05-01,North,",
        ]
    path = tmp_path / "long-notes.csv"
    path.write_text("\n".join(head + cases) + "\n", "utf-8")
    report = audit([path], as_of="2024-07-31", workers=workers)
    first = report.rejections[0]
    start = 1 + 1 + 2 * 40 + 9  # header, 40 cases of 2 lines, case 20's note adds 9
    assert (first.file, first.line, first.case_id, first.reason) == (
        str(path),
        start,
        "L-040",
        # the note's lines 1 to 10 are lines 92 to 101; line 102 is L-040's response
        "a quoted field runs over more than 10 lines (an unterminated quote?); "
        "lines 92 to 101 were skipped with it (up to the next line that starts a case)",
    )
    assert [r.case_id for r in report.rejections] == ["L-040"]
    assert report.counts["cases_audited"] == 59  # L-020's ten-line note is read
    c = report.counts
    assert c["cases_read"] == 60
    assert c["rows_read"] == 120 and c["rows_rejected"] == 2  # L-040's two rows
    assert c["cases_read"] == c["cases_audited"] + c["cases_rejected"]


@pytest.mark.parametrize("workers", [2, 3, 5])
def test_runaway_notes_are_skipped_alike_by_every_range(tmp_path: Path, workers: int) -> None:
    """Every tenth case has a note whose quote never closes, followed by 30 lines of
    note text (one or two cells each, the first a 'case id' of sorts): each such case
    is rejected once, its note skipped, never read as cases, and a range never begins
    inside a note (its lines have too few cells to start a case), so split between
    workers the report is the one-process one."""
    lines = [HEADER]
    runaways = []
    for i in range(200):
        cid = f"N-{i:04d}"
        if i % 10 == 3:
            runaways.append(cid)
            lines.append(f'{cid},{RS},received,2024-04-02,North,"called')
            lines += [f"call {k}, no answer" if k % 3 else f"call {k}" for k in range(30)]
        else:
            lines.append(f"{cid},{RS},received,2024-04-02,North,")
        lines.append(f"{cid},{RS},response,2024-05-01,North,")
    path = tmp_path / "runaway-notes.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    shares = _plan(path, workers)
    assert shares is not None and len(shares) == workers
    # each range begins where the one-process reader begins a row (else the workers,
    # finding a case in two ranges, would fall back to sharing by hash)
    starts = {r.line for r in LongReader().rows(resolve_source(path, str(path)))}
    assert [s[0].line in starts for s in shares[1:]] == [True] * (workers - 1)
    one = audit([path], as_of="2024-07-31", workers=1)
    assert audit([path], as_of="2024-07-31", workers=workers).to_dict() == one.to_dict()
    assert [r.case_id for r in one.rejections] == runaways
    c = one.counts
    # 200 cases of 2 rows; the 20 runaways' notes are no rows
    assert (c["cases_read"], c["cases_rejected"], c["rows_read"]) == (200, 20, 400)
    assert c["rows_read"] == c["rows_used"] + c["rows_rejected"]


def test_a_file_with_every_field_quoted_is_split_too(tmp_path: Path) -> None:
    """Every field quoted (as some case systems export), notes over several lines and
    quotes within them: lines that are each a whole record on their own begin ranges,
    never a line inside a note, and the report is the one-process one."""
    path = _write(tmp_path / "plain.csv", 300)
    quoted = tmp_path / "quoted.csv"
    with path.open(newline="", encoding="utf-8") as fh, quoted.open("w", encoding="utf-8") as out:
        import csv

        writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
        for record in csv.reader(fh):
            writer.writerow(record)
    text = quoted.read_bytes()
    shares = _plan(quoted, 3)
    assert shares is not None and len(shares) == 3
    for spans in shares[1:]:
        before = text[: spans[0].start]
        assert before.count(b'"') % 2 == 0  # not inside a quoted field
    _same_as_one_process(quoted, 3)
