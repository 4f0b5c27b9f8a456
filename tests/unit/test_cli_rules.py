"""`statdeadline rules list | show | validate | diagram`.

Each test checks the exit status and the exact text on stdout and stderr. The small rule
set of tests/cli_support.py is written to tmp_path where a test needs a file of its own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.cli_support import OWN, SMALL_MERMAID, SMALL_RULES, run, usage_error

from statdeadline import list_bundled


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "example-foi.yaml"
    path.write_text(SMALL_RULES, "utf-8")
    return path


def columns(line: str) -> list[str]:
    """A table row split at runs of two or more spaces."""
    return re.split(r" {2,}", line.strip())


# --------------------------------------------------------------------------- list


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    """One row per bundled rule-set version: id, version, dates in force, base, title."""
    status, out, err = run(["rules", "list"], capsys)
    assert (status, err) == (0, "")
    header, rule, *rows = out.splitlines()
    assert columns(header) == ["id", "version", "in force", "extends", "title"]
    assert set(rule) == {"-", " "}
    assert [columns(r)[0] for r in rows] == [
        rid for rid, files in list_bundled().items() for _ in files
    ]
    assert [columns(r)[1:3] for r in rows if columns(r)[0] == "uk-gdpr-sar"] == [
        ["2.1.0", "2026-02-05.."],
        ["1.1.0", "2021-01-01..2026-02-04"],
    ]
    by_id = {columns(r)[0]: columns(r) for r in rows}
    assert by_id["england-children-2006"] == [
        "england-children-2006",
        "1.3.0",
        "2006-09-01..",
        "-",
        "England - children's social care representations and complaints (SI 2006/1738)",
    ]
    assert by_id["oxfordshire-adults"][:4] == [
        "oxfordshire-adults",
        "1.1.0",
        "2009-04-01..",
        "england-adults-2009",
    ]


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json: a list of objects with the same fields."""
    status, out, err = run(["rules", "list", "--format", "json"], capsys)
    assert (status, err) == (0, "")
    data = {d["id"]: d for d in json.loads(out)}
    assert data["england-adults-2009"] == {
        "id": "england-adults-2009",
        "version": "1.2.0",
        "title": "England - adult social care complaints (SI 2009/309)",
        "extends": None,
        "effective_from": "2009-04-01",
        "effective_to": None,
    }


# --------------------------------------------------------------------------- show


def test_show_small(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A rule file: identity, dates, division, conventions (the defaults), each clock."""
    assert run(["rules", "show", str(small)], capsys) == (
        0,
        "example-foi 1.0.0: Example - a 20 working day request\n"
        "in force: from 2005-01-01\n"
        "extends: -\n"
        "division: england-and-wales (alternatives: none)\n"
        "\n"
        "conventions:\n"
        "  receipt: day_0\n"
        "  retriage: from_original_start\n"
        "  receipt_cutoff: none\n"
        "\n"
        "events:\n"
        "  received: Request received\n"
        "  clarified: Clarification received\n"
        "  responded: Response sent\n"
        "  withdrawn: Request withdrawn\n"
        "\n"
        "clocks:\n"
        "  response: Response (statutory)\n"
        "    duration: 20 working days\n"
        "    start: received\n"
        "    met by: responded\n"
        "    citation: Freedom of Information Act 2000, s.10(1)\n"
        "    confidence: primary\n",
        "",
    )


def test_show_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    """A bundled statutory rule set: alternatives, extensions, pauses, citations."""
    status, out, err = run(["rules", "show", "england-children-2006"], capsys)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[:9] == [
        "england-children-2006 1.3.0: England - children's social care representations and "
        "complaints (SI 2006/1738)",
        "in force: from 2006-09-01",
        "extends: -",
        "division: england-and-wales (alternatives: united-kingdom)",
        "",
        "conventions:",
        "  receipt: day_0 (alternatives: non_working_deemed_next, deemed_next_working_day)",
        "  retriage: from_original_start (alternatives: from_change)",
        "  receipt_cutoff: none",
    ]
    start = lines.index("  stage1_response: Stage 1 response (statutory)")
    assert lines[start : start + 11] == [
        "  stage1_response: Stage 1 response (statutory)",
        "    duration: 10 working days",
        # received is a receipt (receipt conventions apply), raised_on concern_raised
        "    start: received - a receipt, raised on received.concern_raised",
        "    met by: stage1_response",
        "    superseded by: stage2_requested",
        "    extension: up to 20 working days in all; needs reason, agreed_with_complainant "
        "(alternatives: reason)",
        "      before_due: false (any time)",
        "      citation: Family Rights Group, advice on children's services complaints (Stage 1"
        " - informal problem solving), Stage 1 - more time, to be agreed with the complainant;"
        " 20 working days in all [secondary]",
        "    pausable: yes",
        "    citation: Getting the Best from Complaints - statutory guidance for children's "
        "services complaints (DfES, 2006), Stage 1 (local resolution) - 10 working days, "
        "extendable to 20",
        "    confidence: secondary",
    ]
    assert (
        "    start: stage2_requested (alternatives: stage2_statement_agreed) - a receipt" in lines
    )
    events = lines.index("events:")
    assert lines[events + 1 : events + 4] == [
        "  received: Complaint received (Stage 1 starts) (receipt, raised on field concern_raised)",
        "    concern_raised (date) - Day the concern was raised, if the complaint began as one"
        " (rule set concerns)",
        "    grounds_arose (date) - Date the grounds for the complaint arose",
    ]
    ext = lines.index("  extension: Timescale extended (effect: extend)")
    assert lines[ext + 1 : ext + 8] == [
        "    clock (clock, required)",
        "    working_days (int, at least 1)",
        "    until (date)",
        "    reason (str, required)",
        "    complainant_told (bool) - Complainant told why in writing, with a new date",
        "    agreed_with_complainant (bool) - More time agreed with the complainant",
        "    exactly one of: working_days, until",
    ]
    assert lines[-2:] == [
        "checks:",
        "  time_limit: Time limit to complain (1 year): received within 12 months "
        "(corresponding date) of grounds_arose",
    ]


def test_show_overlay_triage_and_repeats(capsys: pytest.CaptureFixture[str]) -> None:
    """An overlay: its base, RAG levels with aims and maximums, repeating clocks, URLs."""
    status, out, err = run(["rules", "show", "oxfordshire-adults"], capsys)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[2] == "extends: england-adults-2009"
    start = lines.index("  local_response: Local response target (RAG) (local_target)")
    assert lines[start + 1 : start + 6] == [
        "    duration: set by triaged.level",
        "      green (Simple, not urgent): 10 working days",
        "      yellow (Complex, not urgent): 45 working days, aim 2 working days, "
        "maximum 65 working days",
        "      amber (Simple but urgent): 7 working days",
        "      red (Complex and urgent): 20 working days",
    ]
    assert "    repeats: up to 2 times" in lines
    assert "    duration: none; owed from the day after response_backstop is due, if unmet" in lines
    assert "    url: https://www.legislation.gov.uk/uksi/2009/309/contents/made" in lines


def test_show_with_a_chosen_convention(capsys: pytest.CaptureFixture[str]) -> None:
    """--convention shows the rule set as a council has chosen it."""
    argv = ["rules", "show", "england-children-2006", "--convention", "receipt_cutoff=17:00"]
    status, out, err = run(argv, capsys)
    assert (status, err) == (0, "")
    # the file's value (none: no cut-off) is the alternative
    assert "  receipt_cutoff: 17:00 (alternatives: none; chosen when loading)" in out.splitlines()


def test_show_lists_only_the_alternatives_not_chosen(capsys: pytest.CaptureFixture[str]) -> None:
    """A chosen value (an overlay's division and duration, a --convention) is shown once,
    as the value, not again among its alternatives, with the value it replaced among them
    and who chose it."""
    status, out, err = run(["rules", "show", "spso-enquiries"], capsys)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    # ombudsman-enquiries' own england-and-wales is among the alternatives
    assert (
        "division: scotland (alternatives: england-and-wales, united-kingdom, northern-ireland;"
        " chosen by spso-enquiries)" in lines
    )
    # ombudsman-enquiries' own 10 working days is the alternative left
    assert (
        "    duration: enquiry_received.respond_by if given, else 20 working days"
        " (alternatives: 10 working days; chosen by spso-enquiries)" in lines
    )
    argv = [
        "rules",
        "show",
        "england-children-2006",
        "--convention",
        "receipt=non_working_deemed_next",
    ]
    status, out, err = run(argv, capsys)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert (
        "  receipt: non_working_deemed_next (alternatives: day_0, deemed_next_working_day;"
        " chosen when loading)" in lines
    )
    assert (
        "    extension: up to 20 working days in all; needs reason, agreed_with_complainant"
        " (alternatives: reason)" in lines
    )


def test_show_json(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format json is RuleSet.to_summary(): identity, division and conventions with
    their alternatives, the events with their fields, the clocks with their choices."""
    status, out, err = run(["rules", "show", str(small), "--format", "json"], capsys)
    assert (status, err) == (0, "")

    def event(label: str) -> dict[str, object]:
        return {
            "label": label,
            "description": None,
            "effect": None,
            "receipt": False,
            "raised_on": None,
            "fields": {},
            "one_of": [],
        }

    assert json.loads(out) == {
        "id": "example-foi",
        "title": "Example - a 20 working day request",
        "version": "1.0.0",
        "effective_from": "2005-01-01",
        "effective_to": None,
        "extends": None,
        "layers": ["example-foi"],
        "division": "england-and-wales",
        "division_alternatives": [],
        "division_chosen_by": None,
        "conventions": {
            "receipt": "day_0",
            "retriage": "from_original_start",
            "receipt_cutoff": "none",
        },
        "convention_choices": {
            name: {"value": value, "alternatives": [], "chosen_by": None}
            for name, value in (
                ("receipt", "day_0"),
                ("retriage", "from_original_start"),
                ("receipt_cutoff", "none"),
            )
        },
        "events": {
            "received": event("Request received"),
            "clarified": event("Clarification received"),
            "responded": event("Response sent"),
            "withdrawn": event("Request withdrawn"),
        },
        "clocks": {
            "response": {
                "label": "Response",
                "kind": "statutory",
                "layer": "example-foi",
                "start": "received",
                "start_alternatives": [],
                "met_by": ["responded"],
                "duration": "20 working days",
                "duration_alternatives": [],
                "extension": None,
                "chosen_by": {},
                "citation": "Freedom of Information Act 2000, s.10(1) [primary]",
            }
        },
    }


def test_show_json_events_and_extensions(capsys: pytest.CaptureFixture[str]) -> None:
    """The JSON lists each event's fields (type, required, label, values, minimum), which
    events are receipts and their raised_on field, and an extension's cap, required fields
    and before_due with their alternatives (england-children-2006 as its file has it)."""
    argv = ["rules", "show", "england-children-2006", "--format", "json"]
    status, out, err = run(argv, capsys)
    assert (status, err) == (0, "")
    data = json.loads(out)
    received = data["events"]["received"]
    assert (received["receipt"], received["raised_on"]) == (True, "concern_raised")
    assert received["fields"]["grounds_arose"] == {
        "type": "date",
        "required": False,
        "label": "Date the grounds for the complaint arose",
    }
    extension = data["events"]["extension"]
    assert (extension["effect"], extension["receipt"]) == ("extend", False)
    assert extension["fields"]["working_days"] == {
        "type": "int",
        "required": False,
        "label": None,
        "minimum": 1,
    }
    assert extension["one_of"] == [["working_days", "until"]]
    assert data["clocks"]["stage1_response"]["extension"] == {
        "max_total": "20 working days",
        "max_total_alternatives": [],
        "requires": ["reason", "agreed_with_complainant"],
        "requires_alternatives": [["reason"]],
        "before_due": False,
        "before_due_alternatives": [],
        "citation": "Family Rights Group, advice on children's services complaints (Stage 1 -"
        " informal problem solving), Stage 1 - more time, to be agreed with the complainant;"
        " 20 working days in all [secondary]",
    }
    assert data["clocks"]["stage2_response"]["start_alternatives"] == ["stage2_statement_agreed"]


def test_show_before_due_alternatives(capsys: pytest.CaptureFixture[str]) -> None:
    """ombudsman-enquiries' extension must be recorded by the due date, or (alternative)
    asked for by then on its requested_on date."""
    status, out, err = run(["rules", "show", "ombudsman-enquiries"], capsys)
    assert (status, err) == (0, "")
    assert (
        "      before_due: true (recorded on or before the due date) (alternatives:"
        " requested_on (that date on or before the due date))" in out.splitlines()
    )


def test_show_unknown(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown id lists the bundled ones."""
    assert usage_error(["rules", "show", "nope"], capsys) == (
        f"error: unknown rule set 'nope'; available: {', '.join(list_bundled())}{OWN}\n"
    )


# --------------------------------------------------------------------------- validate


def test_validate_ok(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A valid file: 'PATH: ok (id version)', exit 0."""
    assert run(["rules", "validate", str(small)], capsys) == (
        0,
        f"{small}: ok (example-foi 1.0.0)\n",
        "",
    )


def test_validate_broken_file(
    tmp_path: Path, small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every issue of a broken file as 'file:line key.path: message', with the file named
    as given; valid files are still reported; exit 1.

    The broken copy adds a state 'limbo' (line 18) that no transition reaches or leaves,
    and its clock is met by an event that does not exist (line 29)."""
    broken = tmp_path / "broken.yaml"
    text = SMALL_RULES.replace(
        "  withdrawn: {label: Withdrawn, final: true}\n",
        "  withdrawn: {label: Withdrawn, final: true}\n  limbo: {label: Limbo}\n",
    )
    broken.write_text(text.replace("met_by: responded", "met_by: replied"), "utf-8")
    assert run(["rules", "validate", str(broken), str(small)], capsys) == (
        1,
        f"{broken}:29 clocks.response.met_by: unknown event 'replied'; events: clarified, "
        "received, responded, withdrawn\n"
        f"{broken}:18 states.limbo: unreachable from the initial state 'new'\n"
        f"{small}: ok (example-foi 1.0.0)\n",
        "",
    )


def test_validate_reports_a_relative_path_as_given(
    small: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Run from the file's folder with a relative path, issues name the relative path."""
    small.write_text(SMALL_RULES.replace('version: "1.0.0"', "version: [1]"), "utf-8")
    monkeypatch.chdir(small.parent)
    status, out, err = run(["rules", "validate", "example-foi.yaml"], capsys)
    assert (status, err) == (1, "")
    assert out.startswith("example-foi.yaml:4 version: ")


def test_validate_yaml_syntax_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that is not YAML: one issue with its line."""
    path = tmp_path / "bad.yaml"
    path.write_text("id: [\n", "utf-8")
    assert run(["rules", "validate", str(path)], capsys) == (
        1,
        f"{path}:2 YAML error: expected the node content, but found '<stream end>'\n",
        "",
    )


def test_validate_an_unclosed_quote_names_the_line_it_opens_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 4-line file whose line 3 opens a quote it never closes: PyYAML notices at the end
    of the stream (line 5, after the last line break); the error names line 3, where the
    quoted scalar starts, and says where it was noticed."""
    f = tmp_path / "b2.yaml"
    f.write_text(
        'format: statdeadline/rules@1\nid: b2\ntitle: "unclosed\nversion: 1\n', encoding="utf-8"
    )
    assert run(["rules", "validate", str(f)], capsys) == (
        1,
        f"{f}:3 YAML error: found unexpected end of stream at line 5 while scanning a quoted"
        " scalar that starts on line 3\n",
        "",
    )


def test_validate_folder(tmp_path: Path, small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder: every *.yaml in it and below, in path order."""
    sub = tmp_path / "local"
    sub.mkdir()
    (sub / "example-foi@2.yaml").write_text(SMALL_RULES.replace('"1.0.0"', '"2.0.0"'), "utf-8")
    (tmp_path / "notes.txt").write_text("not a rule file", "utf-8")
    assert run(["rules", "validate", str(tmp_path)], capsys) == (
        0,
        f"{small}: ok (example-foi 1.0.0)\n{sub / 'example-foi@2.yaml'}: ok (example-foi 2.0.0)\n",
        "",
    )


def test_validate_missing_path_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A path that does not exist, or a folder with no rule files: exit 2, nothing checked."""
    missing = tmp_path / "missing.yaml"
    assert usage_error(["rules", "validate", str(missing)], capsys) == (
        f"error: {missing}: no such file or folder\n"
    )
    assert usage_error(["rules", "validate", str(tmp_path)], capsys) == (
        f"error: {tmp_path}: no rule files (*.yaml) in this folder\n"
    )
    assert usage_error(["rules", "validate"], capsys) == (
        "error: the following arguments are required: PATH "
        "(see 'statdeadline rules validate --help')\n"
    )


def test_validate_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    """Every bundled rule file is valid."""
    files = [str(p) for files in list_bundled().values() for p in files]
    status, out, err = run(["rules", "validate", *files], capsys)
    assert (status, err) == (0, "")
    assert len(out.splitlines()) == len(files)


# --------------------------------------------------------------------------- diagram


def test_diagram(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The small rule set as Mermaid (worked out in tests/cli_support.py)."""
    assert run(["rules", "diagram", str(small)], capsys) == (0, SMALL_MERMAID, "")


def test_diagram_bundled(capsys: pytest.CaptureFixture[str]) -> None:
    """england-children-2006: starts at 'new', ends in 'closed' or 'withdrawn'."""
    status, out, err = run(["rules", "diagram", "england-children-2006"], capsys)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "stateDiagram-v2"
    assert "    [*] --> new" in lines
    assert "    new --> stage1 : received" in lines
    assert "    stage1_responded : Stage 1 answered#59; complainant may ask for Stage 2" in lines
    assert lines[-2:] == ["    closed --> [*]", "    withdrawn --> [*]"]


def test_rules_needs_a_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    """'rules' alone is a usage error."""
    assert usage_error(["rules"], capsys) == (
        "error: the following arguments are required: COMMAND (see 'statdeadline rules --help')\n"
    )


SMALL_OVERLAY = """\
format: statdeadline/rules@1
id: example-local
title: Example local overlay
version: "1"
effective_from: 2005-01-01
extends: example-foi
"""


def test_validate_an_overlay_whose_base_is_in_a_rules_folder(
    tmp_path: Path, small: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An overlay's base is not looked for in the folders above it: without --rules the
    overlay fails (exit 1, the places searched); with --rules naming the folder it is
    ok; a --rules that is not a folder is a usage error."""
    local = tmp_path / "local"
    local.mkdir()
    overlay = local / "example-local.yaml"
    overlay.write_text(SMALL_OVERLAY, "utf-8")
    status, out, err = run(["rules", "validate", str(overlay)], capsys)
    assert (status, err) == (1, "")
    assert out == (
        f"{overlay}:6 extends: cannot load base rule set 'example-foi': unknown rule set "
        f"'example-foi'; searched beside the overlay ({local}), the bundled rule sets "
        f"({', '.join(list_bundled())}) and no rules folder (rules_dirs=, --rules DIR)\n"
    )
    assert run(["rules", "validate", "--rules", str(tmp_path), str(overlay)], capsys) == (
        0,
        f"{overlay}: ok (example-local 1)\n",
        "",
    )
    assert usage_error(
        ["rules", "validate", "--rules", str(tmp_path / "no"), str(overlay)], capsys
    ) == (f"error: --rules {tmp_path / 'no'}: no such folder\n")


def test_validate_a_duration_the_calendar_cannot_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A clock of 10^9 working days cannot be counted on the supported calendar (to
    2100-12-31): the file fails (exit 1) with its line and key path, not 'ok'."""
    path = tmp_path / "huge.yaml"
    text = SMALL_RULES.replace(
        "duration: {working_days: 20}", "duration: {working_days: 1000000000}"
    )
    path.write_text(text, "utf-8")
    assert run(["rules", "validate", str(path)], capsys) == (
        1,
        f"{path}:29 clocks.response.duration.working_days: must be at most 25045 (the working "
        "days from 2005-01-01 to the calendar's end, 2100-12-31), got 1000000000\n",
        "",
    )


def test_commands_that_load_one_rule_set_take_rules_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`due`, `case` and `rules show` find a rule set of the user's own by id in a folder
    given with --rules (as `audit` and `rules validate` do); without it the id is unknown
    and the error says how to name one; a --rules that is not a folder is a usage error."""
    rules = tmp_path / "my-rules"
    rules.mkdir()
    (rules / "example-foi.yaml").write_text(SMALL_RULES, "utf-8")
    case_file = tmp_path / "C-1.yaml"
    case_file.write_text(
        "case_id: C-1\nruleset: example-foi\nevents:\n  - {event: received, date: 2024-03-28}\n",
        "utf-8",
    )
    due = ["due", "example-foi", "--received", "2024-03-28", "--as-of", "2024-04-02"]
    case = ["case", str(case_file), "--as-of", "2024-04-02"]
    show = ["rules", "show", "example-foi"]
    for argv in (due, case, show):
        status, out, err = run([*argv, "--rules", str(rules)], capsys)
        assert (status, err) == (0, "")
        assert out.startswith("example-foi 1.0.0")
        unknown = usage_error(argv, capsys)
        prefix = f"error: {case_file}: " if argv is case else "error: "
        assert unknown == (
            f"{prefix}unknown rule set 'example-foi'; available: {', '.join(list_bundled())}{OWN}\n"
        )
        assert usage_error([*argv, "--rules", str(tmp_path / "no")], capsys) == (
            f"error: --rules {tmp_path / 'no'}: no such folder\n"
        )
    status, out, _ = run([*due, "--rules", str(rules)], capsys)
    assert "response  2024-04-29  pending" in out


def test_show_the_new_clock_shapes(capsys: pytest.CaptureFixture[str]) -> None:
    """A date set by a letter with its fallback and duration alternatives, an offer that
    can be declined, and a duty with no due date of its own are each shown in words."""
    status, out, err = run(["rules", "show", "ombudsman-enquiries"], capsys)
    assert (status, err) == (0, "")
    assert (
        "    duration: enquiry_received.respond_by if given, else 10 working days "
        "(alternatives: 20 working days)"
    ) in out.splitlines()
    status, out, err = run(["rules", "show", "wales-social-services-2014"], capsys)
    assert "    not required after: discussion_declined" in out.splitlines()
    rules = Path(__file__).parent.parent / "data" / "rules" / "duty-after-backstop.yaml"
    status, out, err = run(["rules", "show", str(rules)], capsys)
    assert (status, err) == (0, "")
    assert (
        "    duration: none; owed from the day after backstop is due, if unmet" in out.splitlines()
    )
