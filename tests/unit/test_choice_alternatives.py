"""After an overlay (or a load-time choice) picks an alternative, the value it replaced is
among the alternatives, so a further overlay may choose back, and the rule set says which
layer made the choice (``chosen_by``), in the model, ``rules show`` and its JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli_support import run

from statdeadline import load_ruleset
from statdeadline.rules.model import CHOSEN_AT_LOAD, Duration


def layer(folder: Path, rid: str, base: str, body: str) -> Path:
    f = folder / f"{rid}.yaml"
    f.write_text(
        "format: statdeadline/rules@1\n"
        f"id: {rid}\ntitle: t\nversion: '1'\neffective_from: 2014-08-01\nextends: {base}\n" + body,
        encoding="utf-8",
    )
    return f


def test_a_chosen_convention_keeps_the_base_value_among_its_alternatives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """foi-2000 declares receipt day_0 with alternatives non_working_deemed_next,
    deemed_next_working_day; an overlay choosing deemed_next_working_day leaves day_0 and
    non_working_deemed_next to choose from, and says it chose."""
    f = layer(
        tmp_path, "mycouncil-foi", "foi-2000", "conventions:\n  receipt: deemed_next_working_day\n"
    )
    conv = load_ruleset(f).conventions["receipt"]
    assert (conv.value, conv.alternatives, conv.chosen_by) == (
        "deemed_next_working_day",
        ("day_0", "non_working_deemed_next"),
        "mycouncil-foi",
    )
    status, out, err = run(["rules", "show", str(f)], capsys)
    assert (status, err) == (0, "")
    assert (
        "  receipt: deemed_next_working_day (alternatives: day_0, non_working_deemed_next;"
        " chosen by mycouncil-foi)" in out.splitlines()
    )
    # a further overlay may choose back the base's value
    g = layer(tmp_path, "mycouncil-foi-2", "mycouncil-foi", "conventions:\n  receipt: day_0\n")
    conv = load_ruleset(g, rules_dirs=[tmp_path]).conventions["receipt"]
    assert (conv.value, conv.alternatives, conv.chosen_by) == (
        "day_0",
        ("deemed_next_working_day", "non_working_deemed_next"),
        "mycouncil-foi-2",
    )


def test_a_chosen_start_and_extension_requirement(tmp_path: Path) -> None:
    """england-children-2006's stage2_response starts at stage2_requested (alternative
    stage2_statement_agreed); stage1_response's extension needs [reason,
    agreed_with_complainant] (alternative [reason]). Choosing the alternatives lists the
    base's values as alternatives; a second overlay may choose them back."""
    body = (
        "clocks:\n  stage2_response: {start: stage2_statement_agreed}\n"
        "  stage1_response: {extension: {requires: [reason]}}\n"
    )
    rs = load_ruleset(layer(tmp_path, "council", "england-children-2006", body))
    s2, s1 = rs.clocks["stage2_response"], rs.clocks["stage1_response"]
    assert (s2.start, s2.start_alternatives, s2.chooser("start")) == (
        "stage2_statement_agreed",
        ("stage2_requested",),
        "council",
    )
    assert s1.extension is not None
    assert (s1.extension.requires, s1.extension.requires_alternatives) == (
        ("reason",),
        (("reason", "agreed_with_complainant"),),
    )
    assert (s1.chooser("extension.requires"), s1.chooser("start")) == ("council", None)
    back = (
        "clocks:\n  stage2_response: {start: stage2_requested}\n"
        "  stage1_response: {extension: {requires: [agreed_with_complainant, reason]}}\n"
    )
    rs2 = load_ruleset(layer(tmp_path, "council-2", "council", back), rules_dirs=[tmp_path])
    assert rs2.clocks["stage2_response"].start == "stage2_requested"
    assert rs2.clocks["stage2_response"].chooser("start") == "council-2"
    ext = rs2.clocks["stage1_response"].extension
    assert ext is not None
    assert (set(ext.requires), ext.requires_alternatives) == (
        {"reason", "agreed_with_complainant"},
        (("reason",),),
    )


def test_a_chosen_duration(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """elected-member-enquiries' member_response lasts 10 working days (alternatives 5,
    15, 20 working days, 10 calendar days); choosing 5 lists 10 first among the others."""
    f = layer(
        tmp_path,
        "council",
        "elected-member-enquiries",
        "clocks:\n  member_response: {duration: {working_days: 5}}\n",
    )
    c = load_ruleset(f).clocks["member_response"]
    assert c.duration == Duration("working_days", 5)
    assert [str(d) for d in c.duration_alternatives] == [
        "10 working days",
        "15 working days",
        "20 working days",
        "10 calendar days",
    ]
    assert c.chooser("duration") == "council"
    status, out, err = run(["rules", "show", str(f)], capsys)
    assert (status, err) == (0, "")
    assert (
        "    duration: 5 working days (alternatives: 10 working days, 15 working days,"
        " 20 working days, 10 calendar days; chosen by council)" in out.splitlines()
    )
    g = layer(
        tmp_path,
        "council-2",
        "council",
        "clocks:\n  member_response: {duration: {working_days: 10}}\n",
    )
    back = load_ruleset(g, rules_dirs=[tmp_path]).clocks["member_response"]
    assert str(back.duration) == "10 working days"
    assert "5 working days" in [str(d) for d in back.duration_alternatives]


def test_a_chosen_cap_and_before_due(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """foi-2000's response cap is 40 working days in all (alternative: none); an overlay
    lifting it keeps 40 working days as an alternative. ombudsman-enquiries'
    before_due is true (alternative requested_on); choosing requested_on keeps true."""
    f = layer(
        tmp_path, "council", "foi-2000", "clocks:\n  response: {extension: {max_total: none}}\n"
    )
    c = load_ruleset(f).clocks["response"]
    assert c.extension is not None
    assert (c.extension.max_total, c.extension.max_total_alternatives) == (
        None,
        (Duration("working_days", 40),),
    )
    assert c.chooser("extension.max_total") == "council"
    status, out, err = run(["rules", "show", str(f)], capsys)
    assert (status, err) == (0, "")
    assert (
        "    extension: allowed, no cap (alternatives: up to 40 working days in all)"
        " (chosen by council); needs reason, refusal_notice_given" in out.splitlines()
    )
    o = load_ruleset("ombudsman-enquiries").clocks["enquiry_response"]
    assert o.extension is not None and o.extension.before_due is True
    g = layer(
        tmp_path,
        "council-o",
        "ombudsman-enquiries",
        "clocks:\n  enquiry_response: {extension: {before_due: requested_on}}\n",
    )
    c = load_ruleset(g).clocks["enquiry_response"]
    assert c.extension is not None
    assert (c.extension.before_due, c.extension.before_due_alternatives) == (
        "requested_on",
        (True,),
    )
    assert c.chooser("extension.before_due") == "council-o"


def test_a_chosen_division_and_a_load_time_choice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """england-children-2006 counts england-and-wales (alternative united-kingdom): an
    overlay's choice, or --division/--convention, lists the declared value and says who
    chose."""
    f = layer(
        tmp_path, "council", "england-children-2006", "calendar: {division: united-kingdom}\n"
    )
    rs = load_ruleset(f)
    assert (rs.division, rs.division_alternatives, rs.division_chosen_by) == (
        "united-kingdom",
        ("england-and-wales",),
        "council",
    )
    loaded = load_ruleset("england-children-2006", division="united-kingdom")
    assert (loaded.division_alternatives, loaded.division_chosen_by) == (
        ("england-and-wales",),
        CHOSEN_AT_LOAD,
    )
    argv = [
        "rules",
        "show",
        "england-children-2006",
        "--convention",
        "receipt=non_working_deemed_next",
    ]
    status, out, err = run([*argv, "--format", "json"], capsys)
    assert (status, err) == (0, "")
    summary = json.loads(out)
    assert summary["convention_choices"]["receipt"] == {
        "value": "non_working_deemed_next",
        "alternatives": ["day_0", "deemed_next_working_day"],
        "chosen_by": CHOSEN_AT_LOAD,
    }
    status, out, err = run(argv, capsys)
    assert (
        "  receipt: non_working_deemed_next (alternatives: day_0, deemed_next_working_day;"
        " chosen when loading)" in out.splitlines()
    )
