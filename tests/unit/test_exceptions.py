"""The exception hierarchy: one root, built-in bases, structured fields, message text."""

from __future__ import annotations

import datetime as dt

import pytest

from statdeadline import exceptions as ex

ERRORS = [
    ex.InvalidArgumentError,
    ex.UnknownDivisionError,
    ex.DateOutOfRangeError,
    ex.BeyondHorizonError,
    ex.RuleSetError,
    ex.UnknownRuleSetError,
    ex.CaseError,
    ex.TransitionNotAllowed,
]


@pytest.mark.parametrize("cls", ERRORS, ids=lambda c: c.__name__)
def test_every_error_derives_from_the_root(cls: type) -> None:
    """Catching StatDeadlineError catches every error the library raises on purpose."""
    assert issubclass(cls, ex.StatDeadlineError)


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (ex.InvalidArgumentError, ValueError),
        (ex.UnknownDivisionError, ValueError),
        (ex.DateOutOfRangeError, ValueError),
        (ex.RuleSetError, ValueError),
        (ex.CaseError, ValueError),
        (ex.TransitionNotAllowed, ValueError),
        (ex.UnknownRuleSetError, LookupError),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_errors_also_derive_from_the_matching_builtin(cls: type, builtin: type) -> None:
    """Code written against the standard library's exceptions keeps working."""
    assert issubclass(cls, builtin)


def test_specific_argument_errors_are_invalid_argument_errors() -> None:
    """Unknown division and out-of-range dates are kinds of invalid argument."""
    assert issubclass(ex.UnknownDivisionError, ex.InvalidArgumentError)
    assert issubclass(ex.DateOutOfRangeError, ex.InvalidArgumentError)
    assert issubclass(ex.TransitionNotAllowed, ex.CaseError)


def test_horizon_warning_is_a_user_warning_not_an_error() -> None:
    """HorizonWarning is a warning (filterable), not part of the error hierarchy."""
    assert issubclass(ex.HorizonWarning, UserWarning)
    assert not issubclass(ex.HorizonWarning, ex.StatDeadlineError)


def test_invalid_argument_error_fields_and_default_message() -> None:
    """The default message is 'argument: expected X, got repr(value)'."""
    e = ex.InvalidArgumentError("n", 1.5, "an integer")
    assert (e.argument, e.value, e.expected) == ("n", 1.5, "an integer")
    assert str(e) == "n: expected an integer, got 1.5"


def test_invalid_argument_error_custom_message() -> None:
    """A custom message replaces the default text; the fields are kept."""
    e = ex.InvalidArgumentError("n", 0, "at least 1", "n must be at least 1")
    assert str(e) == "n must be at least 1"
    assert e.expected == "at least 1"


def test_unknown_division_error_lists_the_allowed_names() -> None:
    """The message names the value and every allowed division; 'allowed' is a tuple."""
    e = ex.UnknownDivisionError("england", ["a", "b"])
    assert e.allowed == ("a", "b")
    assert (e.argument, e.value) == ("division", "england")
    assert str(e) == "unknown division 'england'; expected one of: a, b"


def test_date_out_of_range_error_fields_and_message() -> None:
    """The message names the argument, the value and the supported range (and detail)."""
    first, last = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
    e = ex.DateOutOfRangeError("d", dt.date(1989, 12, 31), first, last)
    assert (e.argument, e.value, e.first, e.last) == ("d", dt.date(1989, 12, 31), first, last)
    assert str(e) == "d: 1989-12-31 is outside the supported range 1990-01-01 .. 2100-12-31"
    assert e.expected == "a date from 1990-01-01 to 2100-12-31"
    e2 = ex.DateOutOfRangeError("d", "x", first, last, detail="why")
    assert str(e2) == "d: x is outside the supported range 1990-01-01 .. 2100-12-31 (why)"


def test_beyond_horizon_error_shares_the_warning_text() -> None:
    """BeyondHorizonError carries date, horizon and division, and horizon_message's text."""
    e = ex.BeyondHorizonError(dt.date(2031, 1, 2), 2030, "scotland")
    assert (e.date, e.horizon, e.division) == (dt.date(2031, 1, 2), 2030, "scotland")
    assert str(e) == ex.horizon_message(dt.date(2031, 1, 2), 2030, "scotland")
    assert str(e) == (
        "2031-01-02 is after 2030, the last year whose scotland bank holidays are treated "
        "as authoritative; later bank holidays are forecasts until proclaimed"
    )


def test_rule_set_issue_text() -> None:
    """An issue prints as 'file:line path: message', dropping what is unknown."""
    assert str(ex.RuleSetIssue("f.yaml", 4, "a.b", "bad")) == "f.yaml:4 a.b: bad"
    assert str(ex.RuleSetIssue("f.yaml", None, "a.b", "bad")) == "f.yaml a.b: bad"
    assert str(ex.RuleSetIssue("f.yaml", 4, "", "bad")) == "f.yaml:4 bad"
    assert str(ex.RuleSetIssue(None, None, "a", "bad")) == "<rules> a: bad"
    assert repr(ex.RuleSetIssue("f", 1, "", "m")) == "RuleSetIssue('f:1 m')"


def test_rule_set_issue_equality_and_hash() -> None:
    """Issues compare (and hash) by file, line, path and message."""
    a = ex.RuleSetIssue("f", 1, "p", "m")
    assert a == ex.RuleSetIssue("f", 1, "p", "m")
    assert a != ex.RuleSetIssue("f", 2, "p", "m")
    assert len({a, ex.RuleSetIssue("f", 1, "p", "m")}) == 1
    assert a != "f:1 p: m"


def test_rule_set_error_reports_every_issue() -> None:
    """One line per issue; file, line and path come from the first issue."""
    issues = [ex.RuleSetIssue("f", 3, "x", "bad x"), ex.RuleSetIssue("f", 9, "y", "bad y")]
    e = ex.RuleSetError(issues, ruleset_id="rs")
    assert e.issues == tuple(issues)
    assert str(e) == "f:3 x: bad x\nf:9 y: bad y"
    assert (e.file, e.line, e.path, e.ruleset_id) == ("f", 3, "x", "rs")


def test_rule_set_error_without_issues() -> None:
    """An empty issue list still gives a message, and None for the location fields."""
    e = ex.RuleSetError([])
    assert str(e) == "invalid rule set"
    assert (e.file, e.line, e.path, e.ruleset_id) == (None, None, None, None)


def test_unknown_rule_set_error() -> None:
    """The message names the id and the available ids."""
    e = ex.UnknownRuleSetError("x", ["a", "b"], on=dt.date(2024, 1, 1))
    assert (e.ruleset_id, e.available, e.on) == ("x", ("a", "b"), dt.date(2024, 1, 1))
    assert str(e) == "unknown rule set 'x'; available: a, b"
    assert str(ex.UnknownRuleSetError("x", [], msg="custom")) == "custom"


def test_case_error_and_transition_not_allowed_fields() -> None:
    """Case errors carry case id, event, state and field; transitions add 'allowed'."""
    e = ex.TransitionNotAllowed(
        "cannot apply 'escalate' in state 'received'; allowed: acknowledge, respond",
        event="escalate",
        state="received",
        allowed=["acknowledge", "respond"],
        case_id="C1",
    )
    assert (e.case_id, e.event, e.state, e.field) == ("C1", "escalate", "received", None)
    assert e.allowed == ("acknowledge", "respond")
    assert str(e) == "cannot apply 'escalate' in state 'received'; allowed: acknowledge, respond"
    c = ex.CaseError("bad", field="received")
    assert (c.case_id, c.event, c.state, c.field) == (None, None, None, "received")
