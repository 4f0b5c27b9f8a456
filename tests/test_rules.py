"""Every shipped rule file: it loads, validates against the shipped JSON Schema, is named
after its id, cites a declared source (with a confidence) for every clock and check, and
refers only to events and clocks that exist. Also: the shipped schema is up to date, and
load_ruleset's council choices accept exactly the declared alternatives.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from tests.json_support import as_json

from statdeadline import load_ruleset
from statdeadline.exceptions import RuleSetError
from statdeadline.rules.loader import bundled_rules_dir, list_bundled, validate_file
from statdeadline.rules.model import Citation, RuleSet
from statdeadline.rules.schema import schema_json
from statdeadline.rules.vocabulary import CONFIDENCES, CONVENTIONS

RULES_DIR = bundled_rules_dir()
SCHEMA_FILE = RULES_DIR / "ruleset.schema.json"
FILES = [path for paths in list_bundled().values() for path in paths]
FILE_IDS = [str(p.relative_to(RULES_DIR)) for p in FILES]
#: Rule sets that are not overlays: they declare the alternatives a council may choose.
BASES = [rid for rid in list_bundled() if load_ruleset(rid).extends is None]


def test_there_are_rule_files() -> None:
    """The bundled folder is found and holds both statutory regimes and local overlays."""
    assert RULES_DIR.is_dir()
    assert len(FILES) >= 2
    assert any(load_ruleset(rid).extends for rid in list_bundled())
    assert BASES


def citations(rs: RuleSet) -> dict[str, Citation]:
    """Every citation of the rule set's clocks, extensions and checks, by key path."""
    out = {f"clocks.{c.id}.citation": c.citation for c in rs.clocks.values()}
    out |= {
        f"clocks.{c.id}.extension.citation": c.extension.citation
        for c in rs.clocks.values()
        if c.extension is not None and c.extension.citation is not None
    }
    out |= {f"checks.{k.id}.citation": k.citation for k in rs.checks.values()}
    return out


@pytest.mark.parametrize("path", FILES, ids=FILE_IDS)
class TestShippedFile:
    def test_loads(self, path: Path) -> None:
        """The file loads and validates (structure, references, graph) without error."""
        rs = validate_file(path)
        assert rs.path == str(path.resolve())

    def test_first_line_points_editors_at_the_shipped_schema(self, path: Path) -> None:
        """The first line is a yaml-language-server comment whose relative $schema path
        leads to the shipped rules/ruleset.schema.json (editors validate as you type)."""
        first = path.read_text(encoding="utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix)
        relative = first[len(prefix) :]
        assert not Path(relative).is_absolute()
        assert (path.parent / relative).resolve() == SCHEMA_FILE.resolve()

    def test_fixes_its_bank_holiday_horizon(self, path: Path) -> None:
        """Every shipped rule set (overlays by inheritance) names the last year whose bank
        holidays it treats as proclaimed, so a result does not depend on the day it is
        computed; both its calendars use it."""
        rs = validate_file(path)
        assert rs.horizon_year == 2027
        assert rs.calendar.authoritative_until == rs.local_calendar.authoritative_until == 2027

    def test_matches_the_json_schema(self, path: Path) -> None:
        """The file validates against rules/ruleset.schema.json (what editors use)."""
        schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
        data = as_json(yaml.safe_load(path.read_text(encoding="utf-8")))
        errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
        assert errors == []

    def test_is_named_after_its_id(self, path: Path) -> None:
        """<id>.yaml, or <id>@<tag>.yaml for a later version."""
        assert path.stem.split("@")[0] == validate_file(path).id

    def test_every_citation_names_a_declared_source_and_a_confidence(self, path: Path) -> None:
        """Clocks, extensions and checks cite a source of the rule set (or its base), and
        say how sure we are of the rule."""
        rs = validate_file(path)
        found = {
            where: (c.source in rs.sources, c.confidence in CONFIDENCES, bool(c.ref.strip()))
            for where, c in citations(rs).items()
        }
        assert found
        assert found == dict.fromkeys(found, (True, True, True))

    def test_every_clock_refers_to_events_and_clocks_that_exist(self, path: Path) -> None:
        """Start, alternative starts, met_by, superseded_by, cancelled_by and triage events
        are events of the rule set; due_with and applies_if name its clocks."""
        rs = validate_file(path)
        events: set[str] = set()
        clocks: set[str] = set()
        for c in rs.clocks.values():
            events |= {c.start, *c.start_alternatives, *c.met_by, *c.superseded_by}
            events |= set(c.cancelled_by)
            if c.triage is not None:
                events.add(c.triage.event)
            if c.due_with is not None:
                clocks.add(c.due_with)
            if c.condition is not None:
                clocks.add(c.condition.unmet_clock)
        assert sorted(events - set(rs.events)) == []
        assert sorted(clocks - set(rs.clocks)) == []

    def test_every_check_refers_to_a_date_field(self, path: Path) -> None:
        """A check tests a date field of an event of the rule set."""
        rs = validate_file(path)
        types = {k.id: rs.events[k.event].fields[k.field].type for k in rs.checks.values()}
        assert types == dict.fromkeys(types, "date")


def test_the_shipped_schema_is_up_to_date() -> None:
    """rules/ruleset.schema.json is exactly what statdeadline.rules.schema renders (regenerate it
    with `python -m statdeadline.rules.schema > rules/ruleset.schema.json`)."""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json()


# --------------------------------------------------------------------------- choices


def alternatives(rid: str) -> list[tuple[str, str, str]]:
    """(rule set, convention, value) for every declared alternative."""
    rs = load_ruleset(rid)
    return [(rid, name, alt) for name, c in rs.conventions.items() for alt in c.alternatives]


@pytest.mark.parametrize(("rid", "name", "value"), [a for rid in BASES for a in alternatives(rid)])
def test_declared_convention_alternatives_are_accepted(rid: str, name: str, value: str) -> None:
    """Each declared alternative can be chosen at load time; nothing else changes."""
    default = load_ruleset(rid)
    chosen = load_ruleset(rid, conventions={name: value})
    assert chosen.conventions[name].value == value
    assert {k: c.value for k, c in chosen.conventions.items() if k != name} == {
        k: c.value for k, c in default.conventions.items() if k != name
    }


@pytest.mark.parametrize("rid", BASES)
def test_undeclared_convention_values_are_refused(rid: str) -> None:
    """A value that is neither the current one nor a declared alternative is refused,
    naming the alternatives."""
    rs = load_ruleset(rid)
    current = rs.conventions["retriage"]
    with pytest.raises(RuleSetError) as info:
        load_ruleset(rid, conventions={"retriage": "whenever", "receipt": "day_0"})
    assert str(info.value) == (
        f"load_ruleset() conventions.retriage: {current.value!r} may be changed only to a "
        f"declared alternative ({', '.join(current.alternatives) or 'none'}), got 'whenever'"
    )
    assert info.value.ruleset_id == rid


#: Rule sets whose law fixes the division, so a council has no choice of bank holidays.
NO_DIVISION_CHOICE = {"foi-2000"}


@pytest.mark.parametrize("rid", BASES)
def test_declared_division_alternatives_are_accepted(rid: str) -> None:
    """Each declared division alternative can be chosen, and the calendar follows. Only
    FOIA and its like, whose statute names the whole United Kingdom, declare none."""
    rs = load_ruleset(rid)
    assert bool(rs.division_alternatives) is (rid not in NO_DIVISION_CHOICE)
    for division in rs.division_alternatives:
        chosen = load_ruleset(rid, division=division)
        assert (chosen.division, chosen.calendar.division) == (division, division)


@pytest.mark.parametrize("rid", BASES)
def test_undeclared_divisions_are_refused(rid: str) -> None:
    """Any other division, or a name that is not a division, is refused."""
    rs = load_ruleset(rid)
    allowed = {rs.division, *rs.division_alternatives}
    for division in sorted({"scotland", "northern-ireland", "wales"} - allowed):
        with pytest.raises(RuleSetError) as info:
            load_ruleset(rid, division=division)
        assert str(info.value) == (
            f"load_ruleset() calendar.division: {rid} counts bank holidays of {rs.division}; "
            f"alternatives: {', '.join(rs.division_alternatives) or 'none'}; got {division!r}"
        )


def test_choices_for_england_children_exact_messages() -> None:
    """The messages in full for one regime: an unknown convention, a value that is not an
    alternative, and a division that is not declared are all reported at once."""
    with pytest.raises(RuleSetError) as info:
        load_ruleset(
            "england-children-2006",
            conventions={"receipt": "day_1", "rounding": "up"},
            division="scotland",
        )
    assert str(info.value).splitlines() == [
        "load_ruleset() conventions.rounding: unknown convention; known: receipt, "
        "receipt_cutoff, received_on, retriage",
        "load_ruleset() conventions.receipt: 'day_0' may be changed only to a declared "
        "alternative (non_working_deemed_next, deemed_next_working_day), got 'day_1'",
        "load_ruleset() calendar.division: england-children-2006 counts bank holidays of "
        "england-and-wales; alternatives: united-kingdom; got 'scotland'",
    ]
    # the optional conventions (month_extension, month_pause, pause_days, start_cap) are
    # not the children's
    assert sorted(load_ruleset("england-children-2006").conventions) == [
        "receipt",
        "receipt_cutoff",
        "received_on",
        "retriage",
    ]
    assert sorted(CONVENTIONS) == [
        "month_extension",
        "month_pause",
        "pause_days",
        "receipt",
        "receipt_cutoff",
        "received_on",
        "retriage",
        "start_cap",
    ]


@pytest.mark.parametrize(
    ("value", "accepted"), [("17:00", True), ("09:30", True), ("24:00", False), ("5pm", False)]
)
def test_a_receipt_cutoff_may_be_any_time_of_day(value: str, accepted: bool) -> None:
    """receipt_cutoff takes any 24-hour HH:MM time without declaring it; nothing else."""
    if accepted:
        rs = load_ruleset("england-adults-2009", conventions={"receipt_cutoff": value})
        assert rs.conventions["receipt_cutoff"].value == value
        return
    with pytest.raises(RuleSetError) as info:
        load_ruleset("england-adults-2009", conventions={"receipt_cutoff": value})
    assert str(info.value) == (
        "load_ruleset() conventions.receipt_cutoff: 'none' may be changed only to a declared "
        f"alternative (none), got {value!r}"
    )


def test_an_overlay_takes_its_bases_alternatives() -> None:
    """A local overlay loaded with choices is limited by its statutory base's
    alternatives."""
    rs = load_ruleset(
        "oxfordshire-adults",
        conventions={"receipt": "deemed_next_working_day"},
        division="united-kingdom",
    )
    assert (rs.conventions["receipt"].value, rs.division) == (
        "deemed_next_working_day",
        "united-kingdom",
    )
    with pytest.raises(RuleSetError) as info:
        load_ruleset("oxfordshire-adults", division="scotland")
    assert str(info.value) == (
        "load_ruleset() calendar.division: oxfordshire-adults counts bank holidays of "
        "england-and-wales; alternatives: united-kingdom; got 'scotland'"
    )
