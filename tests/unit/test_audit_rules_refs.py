"""Which rule sets an audit's input may name (statdeadline.audit.replay.refusal):
bundled ids, and rule sets or files under the rules folders the user gives
(``audit(rules_dirs=...)``, ``--rules DIR``); a cell naming any other file rejects its
case without that file being read, so input data cannot make the audit echo a local
file into its report.

Each test writes a rules folder holding the small rule set of ``tests/cli_support``
(``example-foi``: one 20-working-day response clock) and, outside it, a "secret" YAML
file that must never be read.
"""

from __future__ import annotations

import json
import os
import pickle
import re
from datetime import date
from pathlib import Path

import pytest
from tests.audit_support import write_rows
from tests.cli_support import OWN, SMALL_RULES, run, usage_error

from statdeadline import InvalidArgumentError, list_bundled, load_ruleset
from statdeadline.audit import AuditError, audit
from statdeadline.audit.pool import Job
from statdeadline.reports import render_table

BUNDLED = ", ".join(list_bundled())
HEADER = ("case_id", "ruleset", "event", "date")


@pytest.fixture
def tree(tmp_path: Path) -> dict[str, Path]:
    """rules/example-foi.yaml; elsewhere/secret.yaml (not a rule file: its content must
    not reach a report)."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "example-foi.yaml").write_text(SMALL_RULES, "utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    secret = elsewhere / "secret.yaml"
    secret.write_text("password: hunter2\n", "utf-8")
    return {"root": tmp_path, "rules": rules, "rule": rules / "example-foi.yaml", "secret": secret}


def refused(ref: Path | str, given: str) -> str:
    """The reason a case naming ``ref`` is rejected with."""
    return (
        f"ruleset {str(ref)!r} is a file outside the rules folders; a ruleset may name a "
        f"bundled rule set ({BUNDLED}) or a file under a folder given with --rules DIR "
        f"(rules_dirs=; given: {given})"
    )


def cases(tree: dict[str, Path], refs: list[str]) -> Path:
    """One case per ref (C1, C2, ...): received 2025-06-02, responded 2025-06-16."""
    rows = []
    for i, ref in enumerate(refs, 1):
        rows += [
            (f"C{i}", ref, "received", "2025-06-02"),
            (f"C{i}", ref, "responded", "2025-06-16"),
        ]
    return write_rows(tree["root"] / "cases.csv", HEADER, rows)


def test_cells_may_name_files_and_ids_under_the_rules_folders_only(
    tree: dict[str, Path],
) -> None:
    """With rules_dirs, a cell may name a file under the folder (by path) or its rule
    set (by id); a file elsewhere (by its path, or through a path that leads out of the
    folder) rejects its case with the cell and what is allowed, and nothing of that file
    is read."""
    outward = tree["rules"] / ".." / "elsewhere" / "secret.yaml"
    refs = [str(tree["rule"]), "example-foi", str(tree["secret"]), str(outward)]
    report = audit([cases(tree, refs)], as_of="2025-07-31", rules_dirs=[tree["rules"]])
    given = str(tree["rules"].resolve())
    assert [(r.case_id, r.line, r.reason) for r in report.rejections] == [
        ("C3", 6, refused(tree["secret"], given)),
        ("C4", 8, refused(outward, given)),
    ]
    assert (report.counts["cases_audited"], report.counts["cases_rejected"]) == (2, 2)
    assert report.counts["rows_read"] == report.counts["rows_used"] + report.counts["rows_rejected"]
    assert list(report.meta["rulesets"]) == ["example-foi"]
    assert report.meta["options"]["rules_dirs"] == [given]
    assert "hunter2" not in render_table(report)
    assert "hunter2" not in json.dumps(report.to_dict())


@pytest.mark.parametrize("where", ["linked.yaml", "deeper/linked.yaml", "sub"])
def test_a_rules_folder_with_a_link_out_of_it_is_refused(
    tree: dict[str, Path], where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A link in the rules folder (a file, one deeper, or a folder) leading out of it
    would let a cell name what it leads to (by id, by path, as an overlay's base or a
    version beside a file named): the audit stops before reading a row, naming the
    link (exit 2 on the command line), and nothing of the file is read. A link to
    another file inside the folder, or into another rules folder, is allowed."""
    link = tree["rules"] / where
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(tree["secret"] if where.endswith(".yaml") else tree["secret"].parent)
    (tree["rules"] / "inside.yaml").symlink_to(tree["rule"])
    path = cases(tree, ["example-foi"])
    with pytest.raises(AuditError) as caught:
        audit([path], as_of="2025-07-31", rules_dirs=[tree["rules"]])
    target = link.resolve()
    assert str(caught.value) == (
        f"rules folder {tree['rules'].resolve()}: {tree['rules'].resolve() / where} is a link "
        f"to {target}, outside the rules folders; the input may name any file in a rules "
        "folder, so its links must stay in them (move the file in, or give its folder with "
        "--rules too)"
    )
    assert "hunter2" not in str(caught.value)
    status, _, err = run(
        ["audit", str(path), "--as-of", "2025-07-31", "--rules", str(tree["rules"])], capsys
    )
    assert status == 2 and err.startswith("error: rules folder ")
    report = audit([path], as_of="2025-07-31", rules_dirs=[tree["rules"], tree["secret"].parent])
    assert report.counts["cases_audited"] == 1


def test_two_rule_sets_with_one_id_stop_the_audit(tmp_path: Path) -> None:
    """rules/foo.yaml declares the bundled id england-adults-2009 (version 9.9.9): cases
    under it and under the bundled rule set would be counted and reported under one name
    and version, so the audit stops with one error naming both, the same in one process
    and in two (where each worker may see only one of them: the main process checks the
    rule sets they used)."""
    from statdeadline.rules import bundled_rules_dir

    rules = tmp_path / "rules"
    rules.mkdir()
    text = (bundled_rules_dir() / "england-adults-2009.yaml").read_text("utf-8")
    foo = rules / "foo.yaml"
    foo.write_text(re.sub(r'(?m)^version: ".*"$', 'version: "9.9.9"', text, count=1), "utf-8")
    rows = []
    for i in range(40):  # enough cases that both workers see some of each
        rows += [(f"A{i}", "england-adults-2009" if i % 2 else "foo", "received", "2025-04-01")]
    path = write_rows(tmp_path / "cases.csv", HEADER, rows)
    bundled = load_ruleset("england-adults-2009")
    messages = set()
    for workers in (1, 2):
        with pytest.raises(AuditError) as caught:
            audit([path], as_of="2025-12-31", rules_dirs=[rules], workers=workers)
        messages.add(str(caught.value))
    [message] = messages
    head = "the input names two rule sets with the id 'england-adults-2009': "
    mine = f"{foo.resolve()} version 9.9.9 (england-and-wales; "
    theirs = f"{bundled.path} version {bundled.version} (england-and-wales; "
    assert message.startswith(head) and mine in message and theirs in message
    # the two in the order of their descriptions, whichever was met first
    first, second = sorted([mine, theirs])
    assert message.index(first) < message.index(second)
    assert message.endswith("an audit counts one rule set per id, so give yours an id of its own")


def test_without_rules_folders_only_bundled_rule_sets_may_be_named(
    tree: dict[str, Path],
) -> None:
    """Without rules_dirs a path outside the bundled folder is refused and an id must be
    bundled; a bundled id, or a bundled file by path, is still fine."""
    bundled_file = list_bundled()["england-adults-2009"][-1]
    refs = [str(tree["rule"]), "example-foi", str(tree["secret"]), str(bundled_file)]
    report = audit([cases(tree, refs)], as_of="2025-07-31")
    reasons = [(r.case_id, r.reason) for r in report.rejections]
    assert reasons[0] == ("C1", refused(tree["rule"], "none given"))
    assert reasons[1] == ("C2", f"unknown rule set 'example-foi'; available: {BUNDLED}{OWN}")
    assert reasons[2] == ("C3", refused(tree["secret"], "none given"))
    assert [r.case_id for r in report.rejections] == ["C1", "C2", "C3", "C4"]
    # C4 is refused by the bundled rule set itself (it has no 'responded' event), not
    # for being named by path
    assert "outside the rules folders" not in reasons[3][1]


def test_the_rules_folders_reach_every_worker(tree: dict[str, Path]) -> None:
    """Several worker processes give the same report as one: each one honours the rules
    folders (a field of the job each worker is given, which also survives pickling, as
    it must for spawned workers)."""
    refs = [str(tree["rule"]), "example-foi", str(tree["secret"])] * 4
    path = cases(tree, refs)
    one = audit([path], as_of="2025-07-31", rules_dirs=[tree["rules"]], workers=1)
    two = audit([path], as_of="2025-07-31", rules_dirs=[tree["rules"]], workers=2)
    assert one.counts == two.counts
    assert (one.counts["cases_audited"], one.counts["cases_rejected"]) == (8, 4)
    assert [r.reason for r in one.rejections] == [r.reason for r in two.rejections]
    folders = (str(tree["rules"].resolve()),)
    job = Job(
        [],
        None,
        date(2025, 7, 31),
        (),
        None,
        {"x": {"division": "united-kingdom"}},
        folders,
        True,
        str(tree["root"]),
    )
    copy = pickle.loads(pickle.dumps(job))
    assert (copy.ruleset_options, copy.rules_dirs) == (
        {"x": {"division": "united-kingdom"}},
        folders,
    )


def test_a_relative_path_is_read_from_the_current_directory_of_the_audit(
    tree: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative path in the ruleset column is taken from the current directory when
    the audit began, in one process or several, even if something the audit calls
    changes directory meanwhile; it must still lie under a rules folder ('..' out of it
    is refused, as is a relative path without --rules)."""
    monkeypatch.chdir(tree["root"])
    refs = ["rules/example-foi.yaml", "rules/../elsewhere/secret.yaml", "./rules/example-foi.yaml"]
    path = cases(tree, refs)
    given = str(tree["rules"].resolve())
    expected = [("C2", 4, refused("rules/../elsewhere/secret.yaml", given))]
    for workers in (1, 2):
        report = audit([path], as_of="2025-07-31", rules_dirs=["rules"], workers=workers)
        assert [(r.case_id, r.line, r.reason) for r in report.rejections] == expected
        assert (report.counts["cases_audited"], report.counts["cases_rejected"]) == (2, 1)
        assert list(report.meta["rulesets"]) == ["example-foi"]
    moved = tree["root"] / "elsewhere"

    def wander(result: object) -> None:
        os.chdir(moved)  # from the first case on, the current directory is another one

    report = audit([path], as_of="2025-07-31", rules_dirs=["rules"], on_case=wander)
    assert [(r.case_id, r.line, r.reason) for r in report.rejections] == expected
    assert report.counts["cases_audited"] == 2
    monkeypatch.chdir(tree["root"])
    bare = audit([path], as_of="2025-07-31", workers=1)
    assert [r.reason for r in bare.rejections] == [refused(ref, "none given") for ref in refs]


def test_a_wide_mapping_may_name_only_an_allowed_rule_set(tree: dict[str, Path]) -> None:
    """A wide mapping's ruleset naming another file is one error before any case; under
    the rules folder it is used."""
    wide = tree["root"] / "wide.csv"
    wide.write_text("Ref,Received,Responded\nW1,2025-06-02,2025-06-16\n", "utf-8")
    mapping = tree["root"] / "mapping.yaml"

    def with_ruleset(ref: Path) -> Path:
        mapping.write_text(
            "format: statdeadline/wide-mapping@1\n"
            f"ruleset: {ref}\n"
            "case_id: Ref\n"
            "events:\n"
            "  - {event: received, date: Received}\n"
            "  - {event: responded, date: Responded}\n",
            "utf-8",
        )
        return mapping

    with pytest.raises(AuditError) as info:
        audit([wide], mapping=with_ruleset(tree["secret"]), as_of="2025-07-31")
    assert str(info.value) == f"{mapping}: {refused(tree['secret'], 'none given')}"
    report = audit(
        [wide], mapping=with_ruleset(tree["rule"]), as_of="2025-07-31", rules_dirs=[tree["rules"]]
    )
    assert (report.counts["cases_audited"], report.rejections) == (1, ())


def test_rules_dirs_must_be_folders(tree: dict[str, Path]) -> None:
    """A rules folder that does not exist is refused before anything is read."""
    missing = tree["root"] / "missing"
    with pytest.raises(InvalidArgumentError) as info:
        audit([cases(tree, ["example-foi"])], as_of="2025-07-31", rules_dirs=[missing])
    assert str(info.value) == f"rules folder {str(missing)!r}: no such folder"


def test_cli_rules_option(tree: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """`statdeadline audit --rules DIR` lets the ruleset column name DIR's files; without
    it such a case is rejected (here every case is, so the audit fails: exit 1, the
    report still written); a --rules that is not a folder is a usage error (exit 2)."""
    path = cases(tree, [str(tree["rule"]), str(tree["secret"])])
    argv = ["audit", str(path), "--as-of", "2025-07-31", "--format", "json"]
    status, out, err = run([*argv, "--rules", str(tree["rules"])], capsys)
    assert status == 0
    report = json.loads(out)
    assert (report["counts"]["cases_audited"], report["counts"]["cases_rejected"]) == (1, 1)
    assert [r["reason"] for r in report["rejections"]] == [
        refused(tree["secret"], str(tree["rules"].resolve()))
    ]
    assert "hunter2" not in out + err
    status, out, err = run(argv, capsys)
    assert status == 1
    assert json.loads(out)["counts"]["cases_audited"] == 0
    assert err.splitlines()[-1].startswith("error: every case was rejected (2 read, none audited)")
    missing = tree["root"] / "missing"
    assert usage_error([*argv, "--rules", str(missing)], capsys) == (
        f"error: --rules {missing}: no such folder\n"
    )


def test_rules_dirs_is_one_option_for_the_whole_audit(tree: dict[str, Path]) -> None:
    """rules_dirs inside one rule set's options is refused, naming the audit's own."""
    with pytest.raises(InvalidArgumentError) as info:
        audit(
            [cases(tree, ["example-foi"])],
            as_of="2025-07-31",
            ruleset_options={"example-foi": {"rules_dirs": [str(tree["rules"])]}},
        )
    assert info.value.expected == (
        "load_ruleset options other than rules_dirs (give audit(rules_dirs=...))"
    )
