"""Case.from_dict(to_dict()) is exact for any history the engine accepts (times too)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import warnings

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import case_start_dates, day_gaps, event_fields

from statdeadline import Case, StatDeadlineError, case_schema, load_ruleset

VALIDATOR = jsonschema.Draft202012Validator(case_schema())
RULESETS = [load_ruleset(r) for r in ("england-children-2006", "uk-gdpr-sar", "foi-2000")]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A case of a bundled rule set built from up to 8 random events, each recorded at a
    random time of day (or none); refused events are skipped."""
    rs = draw(st.sampled_from(RULESETS))
    case = Case(rs, draw(st.one_of(st.none(), st.text(max_size=5))))
    day = draw(case_start_dates())
    for _ in range(draw(st.integers(1, 8))):
        allowed = case.allowed_events()
        if not allowed:
            break
        event = draw(st.sampled_from(allowed))
        fields = draw(event_fields(case.ruleset, event, day))
        time = draw(st.one_of(st.none(), st.times()))
        with contextlib.suppress(StatDeadlineError):
            case.record(event, day, time=time, **fields)
        day += dt.timedelta(draw(day_gaps()))
    return case


@settings(max_examples=60, deadline=None)
@given(cases())
def test_from_dict_of_to_dict_is_exact(case: Case) -> None:
    """The data validates against case.schema.json; through JSON and back it is the same, and so is the case (events, fields,
    times to the microsecond, state, version), with no warning."""
    data = json.loads(json.dumps(case.to_dict()))
    VALIDATOR.validate(data)  # and it is what case.schema.json describes
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = Case.from_dict(case.ruleset, data)
    assert again.to_dict() == case.to_dict()
    assert again == case
    assert again.events == case.events
