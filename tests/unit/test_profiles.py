"""Report profiles: the bundled ones load and match the shipped JSON Schema, a bad file
is refused with file, line and key path, and an audit with a profile shapes its rows
(which deadlines, their order and labels, bands, targets, units), per-deadline options
winning over it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from tests.audit_support import write_rows

from statdeadline import InvalidArgumentError, RuleSetError
from statdeadline.audit import AuditReport, audit
from statdeadline.rules import list_bundled
from statdeadline.rules.profiles import (
    DEFAULT_PERCENT,
    PercentStyle,
    bundled_profiles,
    load_profile,
    profile_schema_json,
    profiles_dir,
)

SCHEMA = profiles_dir() / "profile.schema.json"
CF = "cardiff-social-services"
HEADER = ("case_id", "ruleset", "event", "date")


@pytest.mark.parametrize("name", sorted(bundled_profiles()))
def test_bundled_profile_loads_and_matches_the_schema(name: str) -> None:
    """Each bundled profile loads (its clocks exist in its rule set) and validates
    against rules/profiles/profile.schema.json, which its first line points editors at."""
    path = bundled_profiles()[name]
    profile = load_profile(name)
    assert (profile.id, profile.path) == (name, str(path.resolve()))
    assert path.read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=profile.schema.json"
    )
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_shipped_schema_is_the_rendered_one() -> None:
    """rules/profiles/profile.schema.json is what the declaration renders (regenerate it
    with `python -m statdeadline.rules.profiles > rules/profiles/profile.schema.json`)."""
    assert SCHEMA.read_text(encoding="utf-8") == profile_schema_json()


def test_profiles_are_not_rule_sets() -> None:
    """The profiles folder beside the rule files holds no rule set."""
    assert "oxfordshire-childrens" not in list_bundled()
    assert all("profiles" not in p.parts for ps in list_bundled().values() for p in ps)


BAD = """\
format: statdeadline/profile@1
id: bad-one
title: Bad
ruleset: cardiff-social-services
source: made up for a test
deadlines:
  - clock: acknowledgment
  - clock: stage2_response
    bands: {edges: [25, 10], labels: [a, b]}
    target: 120%
  - clock: stage2_response
"""


def test_a_bad_profile_names_every_problem_with_its_line(tmp_path: Path) -> None:
    """Unknown clock, edges out of order, the wrong number of labels, a target over
    100%, a clock listed twice: all reported at once, each with file, line and path."""
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(RuleSetError) as err:
        load_profile(path)
    clocks = (
        "acknowledgement, discussion, resolution_terms, stage2_response, local_discussion, "
        "response_after_discussion, stage1_written_response"
    )
    assert str(err.value).splitlines() == [
        f"{path}:7 deadlines[0].clock: {CF} has no clock 'acknowledgment'; its clocks: {clocks}",
        f"{path}:9 deadlines[1].bands.edges: must be ascending and distinct, got [25, 10]",
        f"{path}:9 deadlines[1].bands.labels: must have one label more than edges (3), got 2",
        f"{path}:10 deadlines[1].target: must be a rate from 0 to 1 or 0% to 100%, got '120%'",
        f"{path}:11 deadlines[2].clock: 'stage2_response' is listed twice",
    ]


def test_a_profile_missing_keys_is_refused(tmp_path: Path) -> None:
    """The declared structure is checked first: a missing key, an unknown one."""
    path = tmp_path / "thin.yaml"
    path.write_text("format: statdeadline/profile@1\nid: thin\ncolour: red\n", encoding="utf-8")
    with pytest.raises(RuleSetError) as err:
        load_profile(path)
    lines = str(err.value).splitlines()
    assert lines[0].startswith(f"{path}:3 colour: unknown key; allowed: average, deadlines,")
    assert lines[1:] == [
        f"{path}:1 missing required key {key!r}"
        for key in ("title", "ruleset", "source", "deadlines")
    ]


def test_an_unknown_profile_names_the_bundled_ones() -> None:
    with pytest.raises(InvalidArgumentError) as err:
        load_profile("nowhere")
    assert err.value.expected == (
        "a bundled profile (cardiff-social-services, cheshire-west-adults, eir-2004, "
        "foi-2000, housing-ombudsman-code-2024, lgsco-code-2024, nipso-mchp, "
        "oxfordshire-childrens, spso-mchp-2020, uk-gdpr-sar) or a profile file"
    )


# --------------------------------------------------------------------------- in an audit

# Four Cardiff complaints received Monday 2 June 2025: acknowledged the same day, after
# 1, 2 and 4 working days; each Stage 1 written response after 10 working days.
ROWS = [
    row
    for i, ack in enumerate(["2025-06-02", "2025-06-03", "2025-06-04", "2025-06-06"], 1)
    for row in (
        (f"C{i}", CF, "received", "2025-06-02"),
        (f"C{i}", CF, "acknowledged", ack),
        (f"C{i}", CF, "stage1_response", "2025-06-16"),
    )
]


def run(tmp_path: Path, **options: object) -> AuditReport:
    path = write_rows(tmp_path / "in.csv", HEADER, ROWS)
    return audit([path], as_of="2025-09-30", **options)  # type: ignore[arg-type]


def test_the_profile_picks_orders_and_labels_the_deadlines(tmp_path: Path) -> None:
    """Cardiff's profile: acknowledgement, Stage 1 responses and Stage 2, in that order,
    under the council's labels and bands; the rule set's other clocks are left out."""
    report = run(tmp_path, profile=CF)
    assert [(r.clock, r.label) for r in report.summary] == [
        ("acknowledgement", "Acknowledgement"),
        ("stage1_written_response", "Stage 1 responses"),
    ]  # no Stage 2 deadline started
    ack = report.summary[0]
    assert dict(ack.histogram) == {"same day": 1, "1-2 working days": 2, "3+ working days": 1}
    assert dict(report.summary[1].histogram) == {
        "0-7 days": 0,
        "7-14 days": 4,
        "14+ working days": 0,
    }
    assert report.meta["options"]["profile"]["id"] == CF
    assert report.headlines[0].startswith("Acknowledgement: 4 complaints, 3 responded")


def test_options_for_one_deadline_win_over_the_profile(tmp_path: Path) -> None:
    """--buckets CLOCK=EDGES and --target CLOCK=RATE replace the profile's for that
    deadline (the bands then have the default labels); the one-value forms apply where
    the profile says nothing."""
    report = run(
        tmp_path,
        profile=CF,
        buckets={"acknowledgement": [1], "*": [5]},
        target={"acknowledgement": 0.5, "*": 0.9},
    )
    ack, reply = report.summary
    assert (dict(ack.histogram), ack.target, ack.target_met) == (
        {"<= 1": 2, "over 1": 2},
        0.5,
        True,
    )
    assert (list(reply.histogram), reply.target) == (
        ["0-7 days", "7-14 days", "14+ working days"],
        0.9,
    )


def test_calendar_day_bands_and_averages(tmp_path: Path) -> None:
    """A profile may count bands and averages in calendar days: 10 working days from
    Monday 2 June is 14 calendar days (16 June)."""
    path = tmp_path / "cal.yaml"
    path.write_text(
        "format: statdeadline/profile@1\nid: cal\ntitle: t\nruleset: cardiff-social-services\n"
        "source: a test\naverage: calendar_days\ndeadlines:\n"
        "  - clock: stage1_written_response\n"
        "    bands: {edges: [7, 14], unit: calendar_days}\n",
        encoding="utf-8",
    )
    (reply,) = run(tmp_path, profile=path).summary
    assert (dict(reply.histogram), reply.wd_mean, reply.band_unit, reply.average_unit) == (
        {"<= 7": 0, "8-14": 4, "over 14": 0},
        14.0,
        "calendar_days",
        "calendar_days",
    )


def test_a_percent_style_is_read_and_checked(tmp_path: Path) -> None:
    """``percent`` is read into the profile's style; a rounding that is not one of the
    three, and ``first_round_to`` not past ``decimals``, are refused at their lines."""
    ok = tmp_path / "ok.yaml"
    ok.write_text(
        "format: statdeadline/profile@1\nid: pc\ntitle: T\nruleset: cardiff-social-services\n"
        "source: S\npercent: {decimals: 0, rounding: floor}\n"
        "deadlines:\n  - clock: acknowledgement\n",
        encoding="utf-8",
    )
    style = load_profile(ok).percent
    # 96 of 107 is 89.72%: rounded down to no decimals, 89%
    assert (style.decimals, style.rounding, style.first_round_to, style.text(96 / 107)) == (
        0,
        "floor",
        None,
        "89%",
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        ok.read_text(encoding="utf-8").replace(
            "{decimals: 0, rounding: floor}", "{decimals: 1, rounding: ceiling}"
        ),
        encoding="utf-8",
    )
    with pytest.raises(RuleSetError) as err:
        load_profile(bad)
    assert str(err.value).splitlines()[0].startswith(f"{bad}:6 percent.rounding: ")
    assert "ceiling" in str(err.value)
    twice = tmp_path / "twice.yaml"
    twice.write_text(
        ok.read_text(encoding="utf-8").replace(
            "{decimals: 0, rounding: floor}", "{decimals: 1, first_round_to: 1}"
        ),
        encoding="utf-8",
    )
    with pytest.raises(RuleSetError) as err:
        load_profile(twice)
    assert str(err.value).splitlines() == [
        f"{twice}:6 percent.first_round_to: must be more than decimals (1), got 1"
    ]


def test_a_profile_without_percent_prints_as_before() -> None:
    """No ``percent``: one decimal, to the nearest (96 of 107: 89.72% -> 89.7%), the
    style of a report with no profile."""
    data = yaml.safe_load((profiles_dir() / "oxfordshire-childrens.yaml").read_text("utf-8"))
    assert "percent" in data  # the shipped one sets it: a profile without is the default
    assert PercentStyle.from_dict(None) == DEFAULT_PERCENT
    assert DEFAULT_PERCENT.text(96 / 107) == "89.7%"
