"""The nasty-input corpus (``tests/data/nasty/``, written by ``tests/nasty_corpus.py``):
every file is audited without a traceback, rejecting only the cases it must, with the
counts reconciled, or fails with the one error expected before any case is replayed."""

from __future__ import annotations

import contextlib
import json
import warnings
from pathlib import Path
from typing import Any

import attrs
import pytest
from tests.nasty_corpus import AS_OF, FOLDER, corpus, write

from statdeadline.audit import AuditError, audit
from statdeadline.audit.source import resolve_source
from statdeadline.audit.tables import table
from statdeadline.exceptions import HorizonWarning

EXPECTED: dict[str, dict[str, Any]] = json.loads((FOLDER / "expected.json").read_text("utf-8"))


def test_the_committed_corpus_is_what_the_script_writes(tmp_path: Path) -> None:
    """tests/data/nasty/ holds exactly the files tests/nasty_corpus.py writes, byte for
    byte, and nothing else."""
    write(tmp_path)
    written = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    committed = {p.name: p.read_bytes() for p in FOLDER.iterdir()}
    assert sorted(written) == sorted(committed)
    assert [n for n in written if written[n] != committed[n]] == []


def _reason_matches(expected: str, got: str) -> bool:
    return got.startswith(expected[:-3]) if expected.endswith("...") else got == expected


@pytest.mark.parametrize("name", sorted(corpus()))
def test_each_nasty_file_gives_its_expected_outcome(name: str) -> None:
    """Each file audits to its hand-worked counts and rejections (file, line, case and
    reason), and how it was read is in the meta; or it is refused with its one error."""
    expected = EXPECTED[name]
    path = FOLDER / name
    kwargs: dict[str, Any] = {"as_of": expected.get("as_of", AS_OF)}
    kwargs["group_by"] = expected.get("group_by", [])
    if "encoding" in expected:
        kwargs["encoding"] = expected["encoding"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HorizonWarning)  # 2100 is past the horizon
        if "error" in expected:
            with pytest.raises(AuditError) as info:
                audit([path], **kwargs)
            assert str(info.value) == expected["error"].format(path=path)
            return
        report = audit([path], **kwargs)
    c = report.counts
    assert c["rows_read"] == c["rows_used"] + c["rows_rejected"]
    assert c["cases_read"] == c["cases_audited"] + c["cases_rejected"]
    assert expected["counts"] == dict(c)
    got = [[r.line, r.case_id, r.reason] for r in report.rejections]
    assert len(expected["rejections"]) == len(got), got
    for want, have in zip(expected["rejections"], got, strict=True):
        assert want[:2] == have[:2]
        assert _reason_matches(want[2], have[2]), have[2]
    assert {str(path)} >= {r.file for r in report.rejections}
    read = report.meta["inputs"][0]
    assert read["note"] == expected.get("note")
    if "delimiter" in expected:
        assert read["delimiter"] == expected["delimiter"]
    if "groups" in expected:
        (group,) = report.meta["options"]["group_by"]
        assert sorted({r.group[group] for r in report.summary}) == expected["groups"]


@pytest.mark.parametrize("name", sorted(n for n in corpus() if n.endswith((".csv", ".tsv"))))
def test_the_fast_path_gives_the_records_the_careful_one_does(name: str) -> None:
    """Reading a CSV file the fast way (the parser straight over the file, handing over
    at the first record that is not one plain line) gives exactly the records of the
    careful way, line numbers and errors included."""
    src = resolve_source(FOLDER / name, name)
    careful = attrs.evolve(src, plain=False)
    with contextlib.closing(table(src)) as fast, contextlib.closing(table(careful)) as slow:
        assert list(fast) == list(slow)
