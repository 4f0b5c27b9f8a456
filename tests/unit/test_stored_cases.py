"""Stored cases read back with Case.from_dict: what is not a case is refused naming the
key; a rule-set version other than the one replayed under warns, or with strict raises."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

from statdeadline import Case, CaseError, RuleSetVersionWarning, load_ruleset

CH = load_ruleset("england-children-2006")
SAR = load_ruleset("uk-gdpr-sar")
GOOD = {
    "case_id": "C-1",
    "ruleset": "england-children-2006",
    "ruleset_version": CH.version,
    "events": [{"event": "received", "date": "2024-03-28"}],
}


@pytest.mark.parametrize(
    ("data", "key", "message"),
    [
        ({}, "ruleset", "case data: missing key 'ruleset'"),
        ({"ruleset": CH.id}, "events", "case data: missing key 'events'"),
        (
            {**GOOD, "notes": "x"},
            "notes",
            "case data: unknown key 'notes'; allowed: case_id, ruleset, ruleset_version, events",
        ),
        (
            {**GOOD, "ruleset": "england-adults-2009"},
            "ruleset",
            "ruleset: the case data is for rule set 'england-adults-2009', not "
            "'england-children-2006'",
        ),
        ({**GOOD, "case_id": 7}, "case_id", "case_id: expected text or null, got 7"),
        (
            {**GOOD, "ruleset_version": 1.2},
            "ruleset_version",
            "ruleset_version: expected a version string, got 1.2",
        ),
        ({**GOOD, "events": {}}, "events", "events: expected a list, got dict"),
        (
            "C-1",
            "case",
            "case data: expected a mapping with case_id, ruleset, ruleset_version and events, "
            "got str",
        ),
    ],
)
def test_what_is_not_a_case_is_refused_naming_the_key(data: Any, key: str, message: str) -> None:
    """Missing and unknown keys, another rule set's id and wrong types are refused with a
    CaseError whose field is the key."""
    with pytest.raises(CaseError) as info:
        Case.from_dict(CH, data)
    assert (str(info.value), info.value.field) == (message, key)


def test_case_id_and_version_may_be_left_out() -> None:
    """A hand-written case needs only its rule set and events (no version: not checked)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        case = Case.from_dict(CH, {"ruleset": CH.id, "events": GOOD["events"]})
    assert (case.case_id, case.state) == (None, "stage1")


def test_another_version_warns() -> None:
    """A case stored under 9.9.9 and replayed under the loaded version warns, saying both;
    the case is still rebuilt."""
    with pytest.warns(RuleSetVersionWarning) as caught:
        case = Case.from_dict(CH, {**GOOD, "ruleset_version": "9.9.9"})
    w = caught[0].message
    assert isinstance(w, RuleSetVersionWarning)
    assert str(w) == (
        f"case 'C-1': ruleset_version: stored under england-children-2006 9.9.9, replayed "
        f"under england-children-2006 {CH.version}; its deadlines may differ from those it "
        "was stored with"
    )
    assert (w.case_id, w.ruleset_id, w.stored, w.loaded) == (
        "C-1",
        CH.id,
        "9.9.9",
        CH.version,
    )
    assert caught[0].filename == __file__  # it points at the caller
    assert case.state == "stage1"


def test_another_version_is_an_error_when_strict() -> None:
    """strict=True refuses the case instead, naming ruleset_version."""
    with pytest.raises(CaseError) as info:
        Case.from_dict(CH, {**GOOD, "ruleset_version": "9.9.9"}, strict=True)
    assert info.value.field == "ruleset_version"
    assert str(info.value).startswith(
        "case 'C-1': ruleset_version: stored under england-children-2006 9.9.9, replayed"
    )


def test_the_version_compared_is_the_one_the_case_is_replayed_under() -> None:
    """A subject access request received in 2024 is under uk-gdpr-sar 1.1.0 (the version in
    force then), whichever version was loaded: its stored 1.1.0 matches, 2.1.0 does not."""
    data = {
        "case_id": "S-1",
        "ruleset": "uk-gdpr-sar",
        "ruleset_version": "1.1.0",
        "events": [{"event": "received", "date": "2024-03-28"}],
    }
    assert SAR.version == "2.1.0"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        case = Case.from_dict(SAR, data)
    assert case.ruleset.version == "1.1.0"
    assert case.to_dict() == data
    with pytest.raises(CaseError):
        Case.from_dict(SAR, {**data, "ruleset_version": "2.1.0"}, strict=True)


def test_the_round_trip_is_exact() -> None:
    """to_dict of from_dict of to_dict is the same data, and the same case."""
    case = Case(CH, "C-2")
    case.record("received", "2024-06-07T16:59:30")
    case.record(
        "extension",
        "2024-06-10",
        clock="stage1_response",
        working_days=5,
        reason="x",
        agreed_with_complainant=True,
    )
    again = Case.from_dict(CH, case.to_dict())
    assert (again == case, again.to_dict()) == (True, case.to_dict())


def test_the_documented_output_shapes_are_read_back() -> None:
    """What the service's GET /cases/{id} answers (the case's keys beside team, choices
    and derived keys) and what ``case --format json`` writes (``{"case": ...}`` beside
    meta, state, warnings and deadlines) replay to the same case as the bare case; the
    derived keys are not read (a wrong ``state`` or ``deadlines`` changes nothing)."""
    plain = Case.from_dict(CH, GOOD)
    served = {
        **GOOD,
        "team": "north",
        "conventions": {},
        "division": None,
        "version": 3,
        "state": "nonsense",
        "closed": False,
        "as_of": "2024-04-02",
        "deadlines": [{"clock": "made-up"}],
        "warnings": [],
        "deadline_changes": [],
    }
    written = {"case": GOOD, "meta": {}, "state": "x", "warnings": [], "deadlines": []}
    from statdeadline.engine.stored import unwrap

    assert Case.from_dict(CH, served) == plain
    assert Case.from_dict(CH, unwrap(written)) == plain


def test_an_unknown_key_beside_case_is_refused_naming_it() -> None:
    """A key beside ``case`` that no documented output has is still an error."""
    from statdeadline.engine.stored import unwrap

    with pytest.raises(CaseError) as info:
        unwrap({"case": GOOD, "deadlines": [], "notes": "x"})
    assert (str(info.value), info.value.field) == (
        "case document: unknown key 'notes' beside 'case'; allowed: case, as_of, closed, "
        "deadline_changes, deadlines, meta, recorded, state, version, warnings",
        "notes",
    )


@pytest.mark.parametrize(
    ("more", "key", "message"),
    [
        (
            {"conventions": {"receipt": "deemed_next_working_day"}},
            "conventions.receipt",
            "conventions.receipt: the case was made with 'deemed_next_working_day', but rule "
            "set 'england-children-2006' is loaded with 'day_0'; load it with the case's "
            "conventions",
        ),
        (
            {"division": "scotland"},
            "division",
            "division: the case was made with 'scotland', but rule set "
            "'england-children-2006' is loaded with 'england-and-wales'; load it with the "
            "case's division",
        ),
        ({"team": 4}, "team", "team: expected text or null, got 4"),
    ],
)
def test_a_case_made_under_other_choices_is_refused(
    more: dict[str, Any], key: str, message: str
) -> None:
    """A case made with conventions or a division the given rule set was not loaded with
    is refused naming the key (replaying it would silently give other dates)."""
    with pytest.raises(CaseError) as info:
        Case.from_dict(CH, {**GOOD, **more})
    assert (str(info.value), info.value.field) == (message, key)


def test_the_case_s_own_choices_are_accepted() -> None:
    """Choices that are the loaded rule set's (``ENG`` is england-and-wales) pass."""
    deemed = load_ruleset(
        "england-children-2006", conventions={"receipt": "deemed_next_working_day"}
    )
    data = {**GOOD, "conventions": {"receipt": "deemed_next_working_day"}, "division": "ENG"}
    assert Case.from_dict(deemed, data).case_id == "C-1"


def test_load_for_case_loads_the_case_choices_and_the_overrides() -> None:
    """load_for_case loads the case's rule set under the conventions and division it was
    made with; an override replaces the case's choice of the same name (or its
    division) and leaves its others. england-children-2006 counts receipt as day 0 in
    England and Wales; the case chose deemed_next_working_day and the United Kingdom's
    bank holidays."""
    from statdeadline.engine.stored import check_choices, load_for_case

    made = {
        **GOOD,
        "conventions": {"receipt": "deemed_next_working_day"},
        "division": "united-kingdom",
    }
    rs = load_for_case(made)
    assert (rs.id, rs.conventions["receipt"].value, rs.division) == (
        "england-children-2006",
        "deemed_next_working_day",
        "united-kingdom",
    )
    check_choices(made, rs)  # the case's choices are the loaded rule set's
    over = load_for_case(
        made, conventions={"receipt": "non_working_deemed_next"}, division="england-and-wales"
    )
    assert (over.conventions["receipt"].value, over.division) == (
        "non_working_deemed_next",
        "england-and-wales",
    )
    plain = load_for_case({"ruleset": "ignored"}, "england-children-2006")  # ref wins
    assert (plain.conventions["receipt"].value, plain.division) == ("day_0", "england-and-wales")


@pytest.mark.parametrize(
    ("more", "key", "message"),
    [
        (
            {"conventions": ["receipt"]},
            "conventions",
            'conventions: expected a mapping of names to values (text), got ["receipt"]',
        ),
        (
            {"conventions": {"receipt": 1}},
            "conventions",
            'conventions: expected a mapping of names to values (text), got {"receipt": 1}',
        ),
        ({"division": 3}, "division", "division: expected text, got 3"),
    ],
)
def test_load_for_case_refuses_choices_of_the_wrong_form(
    more: dict[str, Any], key: str, message: str
) -> None:
    """Choices that are not a mapping of text to text, or a division that is not text,
    are refused naming the key, before any rule set is loaded."""
    from statdeadline.engine.stored import load_for_case

    with pytest.raises(CaseError) as info:
        load_for_case({**GOOD, **more})
    assert (str(info.value), info.value.field) == (message, key)


def test_a_refused_choice_is_named_by_the_cases_key() -> None:
    """A convention or division the rule set does not offer is load_ruleset's error,
    and choice_issues names each by the key the case made it with: conventions.NAME,
    and division for the rule set's calendar.division. A rule file's own error (it has
    a line) is no refused choice."""
    from statdeadline.engine.stored import choice_issues, load_for_case
    from statdeadline.exceptions import RuleSetError, RuleSetIssue

    with pytest.raises(RuleSetError) as info:
        load_for_case({**GOOD, "conventions": {"receipt": "day_1"}, "division": "scotland"})
    assert choice_issues(info.value) == [
        (
            "conventions.receipt",
            "'day_0' may be changed only to a declared alternative "
            "(non_working_deemed_next, deemed_next_working_day), got 'day_1'",
        ),
        (
            "division",
            "england-children-2006 counts bank holidays of england-and-wales; "
            "alternatives: united-kingdom; got 'scotland'",
        ),
    ]
    in_file = RuleSetIssue("r.yaml", 4, "conventions.receipt", "bad")
    choice = RuleSetIssue("load_ruleset()", None, "calendar.division", "no")
    assert choice_issues(RuleSetError([choice, in_file])) is None
    assert choice_issues(RuleSetError([])) is None
