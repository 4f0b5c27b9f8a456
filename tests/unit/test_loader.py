"""statdeadline.rules.loader: rule files in, validated RuleSets out, every problem reported at once.

Each test writes a rule file to ``tmp_path`` (a small valid regime, :data:`MINI`, edited
to break one thing) and checks the exact error text: ``file:line key.path: message``.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from tests.cli_support import OWN

from statdeadline import Case, load_ruleset
from statdeadline.exceptions import (
    CaseError,
    InvalidArgumentError,
    RuleSetError,
    RuleSetWarning,
    UnknownRuleSetError,
)
from statdeadline.rules.loader import bundled_rules_dir, list_bundled, validate_file, versions_of

# A small valid regime. Line numbers matter: the tests below name them.
MINI = textwrap.dedent(
    """\
    format: statdeadline/rules@1
    id: mini
    title: Minimal
    version: "1"
    effective_from: 2020-01-01
    sources:
      act: {title: The Act}
    conventions:
      receipt:
        value: day_0
        alternatives: [deemed_next_working_day]
    calendar:
      division: england-and-wales
      division_alternatives: [united-kingdom]
    events:
      received:
        label: Received
        fields:
          arose: {type: date}
      agreed: {label: Agreed}
      response: {label: Response}
      extension:
        label: Extended
        effect: extend
        fields:
          clock: {type: clock, required: true}
          working_days: {type: int, minimum: 1}
          reason: {type: str, required: true}
    states:
      new: {label: New, initial: true}
      open: {label: Open}
      done: {label: Done, final: true}
    transitions:
      - {event: received, from: new, to: open}
      - {event: agreed, from: open}
      - {event: extension, from: open}
      - {event: response, from: open, to: done}
    clocks:
      reply:
        label: Reply
        kind: statutory
        start: received
        start_alternatives: [agreed]
        met_by: response
        duration: {working_days: 25}
        extension:
          max_total: {working_days: 65}
          requires: [reason]
        citation: {source: act, ref: s 1, confidence: primary}
    checks:
      time_limit:
        label: Time limit
        event: received
        field: arose
        within: {months: 12}
        message: late
        citation: {source: act, ref: s 2, confidence: primary}
    """
)

# An overlay of MINI: a local target and a review state, nothing statutory changed.
OVERLAY = textwrap.dedent(
    """\
    format: statdeadline/rules@1
    id: local
    title: Local
    version: "1"
    effective_from: 2020-01-01
    extends: mini
    sources:
      policy: {title: Council policy}
    events:
      review: {label: Review}
    states:
      review: {label: In review}
    transitions:
      - {event: review, from: done, to: review}
    clocks:
      local_reply:
        label: Local reply
        kind: local_target
        start: received
        met_by: response
        duration: {working_days: 10}
        citation: {source: policy, ref: p 1, confidence: local}
    """
)


def edit(text: str, old: str, new: str) -> str:
    """``text`` with the one occurrence of ``old`` replaced (fails if it is not there
    exactly once, so a test cannot silently check the unedited file)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def write(folder: Path, text: str, name: str = "mini.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path.resolve()


def errors(path: Path) -> list[str]:
    """The lines of the RuleSetError that loading ``path`` raises."""
    with pytest.raises(RuleSetError) as info:
        load_ruleset(path)
    return str(info.value).splitlines()


# --------------------------------------------------------------------------- valid files


def test_the_minimal_file_loads(tmp_path: Path) -> None:
    """MINI is valid: its events, states, clock and check come through as written."""
    rs = load_ruleset(write(tmp_path, MINI))
    assert (rs.id, rs.version, rs.effective_from, rs.effective_to) == (
        "mini",
        "1",
        dt.date(2020, 1, 1),
        None,
    )
    assert list(rs.events) == ["received", "agreed", "response", "extension"]
    assert (rs.initial_state, rs.final_states) == ("new", frozenset({"done"}))
    reply = rs.clocks["reply"]
    assert (reply.start, reply.start_alternatives, reply.met_by) == (
        "received",
        ("agreed",),
        ("response",),
    )
    assert str(reply.duration) == "25 working days"
    assert str(reply.citation) == "The Act, s 1 [primary]"
    assert rs.conventions["receipt"].value == "day_0"


def test_path_as_str_path_or_relative(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule file can be named by a str, a Path or a path relative to the working folder."""
    path = write(tmp_path, MINI)
    monkeypatch.chdir(tmp_path)
    loaded = [load_ruleset(str(path)), load_ruleset(path), load_ruleset("mini.yaml")]
    assert [rs.path for rs in loaded] == [str(path)] * 3


def test_validate_file(tmp_path: Path) -> None:
    """validate_file returns the RuleSet, or says the file does not exist."""
    assert validate_file(write(tmp_path, MINI)).id == "mini"
    missing = tmp_path / "nope.yaml"
    with pytest.raises(RuleSetError) as info:
        validate_file(missing)
    assert str(info.value) == f"{missing} no such file"


# --------------------------------------------------------------------------- structure


def test_unknown_keys_are_all_reported(tmp_path: Path) -> None:
    """Unknown keys at any depth are reported together, each at its line, with the
    allowed keys."""
    text = edit(MINI, 'version: "1"\n', 'version: "1"\ntitel: Typo\n')
    text = edit(text, "    label: Reply\n", "    label: Reply\n    lable: Typo\n")
    f = write(tmp_path, text)
    assert errors(f) == [
        f"{f}:5 titel: unknown key; allowed: calendar, checks, clocks, conventions, "
        "description, due_soon_working_days, effective_from, effective_to, events, extends, "
        "format, id, sources, states, title, transitions, version",
        f"{f}:42 clocks.reply.lable: unknown key; allowed: applies_if, arises_after, "
        "cancelled_by, citation, due_on, due_with, duration, duration_alternatives, "
        "extension, instance_labels, kind, label, met_by, not_required_by, note, pausable, "
        "repeat, restartable, start, start_also, start_alternatives, start_capped_by, "
        "start_fallback, superseded_by, triage",
    ]


def test_wrong_types(tmp_path: Path) -> None:
    """A value of the wrong type names what is allowed and what was found."""
    text = edit(MINI, 'version: "1"', "version: 1")
    text = edit(text, "effective_from: 2020-01-01", 'effective_from: "2020-01-01"')
    text = edit(text, "new: {label: New, initial: true}", "new: {label: New, initial: yes please}")
    text = edit(text, "met_by: response", "met_by: 7")
    text = edit(text, "duration: {working_days: 25}", "duration: {working_days: 2.5}")
    f = write(tmp_path, text)
    assert errors(f) == [
        f"{f}:4 version: must be a string, got 1",
        f"{f}:5 effective_from: must be a date YYYY-MM-DD, got '2020-01-01'",
        f"{f}:30 states.new.initial: must be true or false, got 'yes please'",
        f"{f}:44 clocks.reply.met_by: must be a string or a list, got 7",
        f"{f}:45 clocks.reply.duration.working_days: must be an integer or a mapping of dates YYYY-MM-DD to values (an integer each), got 2.5",
    ]


def test_bad_enums_and_patterns(tmp_path: Path) -> None:
    """Values outside an enumeration or not matching an id pattern are reported."""
    text = edit(MINI, "kind: statutory", "kind: statute")
    text = edit(text, "effect: extend", "effect: stretch")
    text = edit(text, "ref: s 2, confidence: primary", "ref: s 2, confidence: certain")
    text = edit(text, "start: received", "start: Received")
    text = edit(text, "- {event: agreed, from: open}", "- {event: agreed, from: Open}")
    f = write(tmp_path, text)
    assert errors(f) == [
        f"{f}:24 events.extension.effect: must be one of: extend, pause, restart, resume, triage; "
        "got 'stretch'",
        f"{f}:35 transitions[1].from: must match ^[a-z][a-z0-9_]*$, got 'Open'",
        f"{f}:57 checks.time_limit.citation.confidence: must be one of: local, primary, "
        "secondary; got 'certain'",
        f"{f}:41 clocks.reply.kind: must be one of: backstop, complainant_window, "
        "local_target, statutory, statutory_soft; got 'statute'",
        f"{f}:42 clocks.reply.start: must match ^[a-z][a-z0-9_]*$, got 'Received'",
    ]


def test_missing_required_keys(tmp_path: Path) -> None:
    """A missing required key is reported at the mapping that lacks it."""
    text = edit(MINI, "title: Minimal\n", "")
    text = edit(text, "    met_by: response\n", "")
    text = edit(text, "ref: s 2, confidence: primary}", "ref: s 2}")
    text = edit(text, "duration: {working_days: 25}", "duration: {}")
    f = write(tmp_path, text)
    assert errors(f) == [
        f"{f}:1 missing required key 'title'",
        f"{f}:55 checks.time_limit.citation: missing required key 'confidence'",
        f"{f}:38 clocks.reply: missing required key 'met_by'",
        f"{f}:43 clocks.reply.duration: needs exactly one of working_days, calendar_days, "
        "months, hours, office_hours; got none",
    ]


def test_a_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    """A list, a scalar or an empty file is not a rule file."""
    f = write(tmp_path, "- a\n- b\n")
    assert errors(f) == [f"{f}:1 a rule file must be a mapping"]
    empty = write(tmp_path, "", "empty.yaml")
    assert errors(empty) == [f"{empty} a rule file must be a mapping"]


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    """A key written twice is an error at the second, naming the first (PyYAML would keep
    the last silently)."""
    text = edit(MINI, "checks:\n", "clocks:\n  other: {}\nchecks:\n")
    f = write(tmp_path, text)
    assert errors(f) == [f"{f}:50 YAML error: duplicate key 'clocks' (first at line 38)"]


def test_yaml_syntax_error(tmp_path: Path) -> None:
    """A syntax error is reported with its line."""
    f = write(tmp_path, edit(MINI, "met_by: response", "met_by: [response"))
    assert errors(f) == [f"{f}:45 YAML error: expected ',' or ']', but got ':'"]


def test_impossible_date_in_a_rule_file(tmp_path: Path) -> None:
    """A date YAML cannot build is a RuleSetError at its line, not a ValueError."""
    f = write(tmp_path, edit(MINI, "effective_from: 2020-01-01", "effective_from: 2020-02-30"))
    assert errors(f) == [
        f"{f}:5 YAML error: invalid timestamp '2020-02-30': day is out of range for month"
    ]


def test_python_tags_are_refused(tmp_path: Path) -> None:
    """Only safe YAML is constructed: a python/object tag is an error, nothing runs."""
    marker = tmp_path / "ran"
    text = edit(
        MINI, "title: Minimal", f"title: !!python/object/apply:os.system ['touch {marker}']"
    )
    f = write(tmp_path, text)
    assert errors(f) == [
        f"{f}:3 YAML error: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'"
    ]
    assert not marker.exists()


def test_keys_with_a_newline_are_not_ids(tmp_path: Path) -> None:
    """A quoted key ending in a newline does not pass for an id (Python's '$' would let it
    through), and the message shows it quoted, on one line."""
    f = write(tmp_path, edit(MINI, "  open: {label: Open}", '  "open\\n": {label: Open}'))
    assert errors(f) == [
        f"{f}:31 states.'open\\n': key must match ^[a-z][a-z0-9_]*$, got 'open\\n'"
    ]


# --------------------------------------------------------------------------- references


def test_unknown_references_are_all_reported(tmp_path: Path) -> None:
    """Every reference to an event, state, clock or source that does not exist is
    reported, with what is declared."""
    text = edit(
        MINI, "clocks:\n", "  - {event: agree, from: [open, opened], to: finished}\nclocks:\n"
    )
    text = edit(text, "met_by: response", "met_by: [response, replied]")
    text = edit(
        text,
        "    citation: {source: act, ref: s 1,",
        "    applies_if: {unmet: other}\n    citation: {source: acts, ref: s 1,",
    )
    text = edit(text, "event: received\n    field", "event: receipt\n    field")
    f = write(tmp_path, text)
    events = "agreed, extension, received, response"
    assert errors(f) == [
        f"{f}:38 transitions[4].event: unknown event 'agree'; events: {events}",
        f"{f}:38 transitions[4].from: unknown state 'opened'; states: done, new, open",
        f"{f}:38 transitions[4].to: unknown state 'finished'; states: done, new, open",
        f"{f}:51 clocks.reply.citation.source: unknown source 'acts'; declared: act",
        f"{f}:45 clocks.reply.met_by: unknown event 'replied'; events: {events}",
        f"{f}:50 clocks.reply.applies_if.unmet: unknown clock 'other'",
        f"{f}:55 checks.time_limit.event: unknown event 'receipt'",
    ]


def test_extension_cap_below_the_duration(tmp_path: Path) -> None:
    """The issue's example: a cap below the clock's own duration is reported at the cap,
    with the key path clocks.<id>.extension.max_total."""
    f = write(
        tmp_path, edit(MINI, "max_total: {working_days: 65}", "max_total: {working_days: 20}")
    )
    assert errors(f) == [
        f"{f}:47 clocks.reply.extension.max_total: must be >= duration (25), got 20"
    ]
    with pytest.raises(RuleSetError) as info:
        load_ruleset(f)
    err = info.value
    assert (err.file, err.line, err.path, err.ruleset_id) == (
        str(f),
        47,
        "clocks.reply.extension.max_total",
        "mini",
    )


def test_extension_cap_in_another_unit(tmp_path: Path) -> None:
    """A cap in calendar days cannot be compared with working days: it is an error."""
    f = write(
        tmp_path, edit(MINI, "max_total: {working_days: 65}", "max_total: {calendar_days: 90}")
    )
    assert errors(f) == [
        f"{f}:47 clocks.reply.extension.max_total: must be in working_days like the "
        "duration, got calendar_days"
    ]


def test_extension_requires_a_field_the_extend_event_has(tmp_path: Path) -> None:
    """An extension may only require fields that the 'extend' event declares."""
    f = write(tmp_path, edit(MINI, "requires: [reason]", "requires: [reason, signed]"))
    assert errors(f) == [
        f"{f}:48 clocks.reply.extension.requires: no 'extend' event has a field 'signed'"
    ]


TRIAGE = """\
  triaged:
    label: Triaged
    effect: triage
    fields:
      level: {type: choice, required: true, values: [green, red]}
states:"""

TRIAGE_CLOCK = """\
    citation: {source: act, ref: s 1, confidence: primary}
  rag:
    label: RAG target
    kind: local_target
    start: received
    met_by: response
    triage:
      event: triaged
      field: level
      levels:
        green: {target: {working_days: 10}}
        amber: {target: {working_days: 5}, aim: {working_days: 7}}
    citation: {source: act, ref: s 3, confidence: local}
checks:"""


def test_triage_levels_must_match_the_choice_values(tmp_path: Path) -> None:
    """A triage clock's levels must be exactly the values of the triage event's choice
    field; an aim must not be later than the target."""
    text = edit(MINI, "states:", TRIAGE)
    text = edit(
        text,
        "- {event: response, from: open, to: done}",
        "- {event: response, from: open, to: done}\n  - {event: triaged, from: open}",
    )
    text = edit(
        text, "    citation: {source: act, ref: s 1, confidence: primary}\nchecks:", TRIAGE_CLOCK
    )
    f = write(tmp_path, text)
    assert errors(f) == [
        f"{f}:66 clocks.rag.triage.levels.amber.aim: must be <= target (5), got 7",
        f"{f}:64 clocks.rag.triage.levels: levels (amber, green) must equal the values of "
        "triaged.level (green, red)",
    ]
    fixed = edit(
        text,
        "amber: {target: {working_days: 5}, aim: {working_days: 7}}",
        "red: {target: {working_days: 5}, aim: {working_days: 2}}",
    )
    rs = load_ruleset(write(tmp_path, fixed, "fixed.yaml"))
    assert sorted(rs.clocks["rag"].triage.levels) == ["green", "red"]  # type: ignore[union-attr]


# --------------------------------------------------------------------------- the graph


GRAPH = textwrap.dedent(
    """\
    format: statdeadline/rules@1
    id: graph
    title: Graph
    version: "1"
    effective_from: 2020-01-01
    events:
      received: {label: Received}
      response: {label: Response}
      reopen: {label: Reopen}
      orphan: {label: Orphan}
    states:
      new: {label: New, initial: true}
      also_new: {label: Also new, initial: true}
      open: {label: Open}
      stuck: {label: Stuck}
      island: {label: Island}
      done: {label: Done, final: true}
    transitions:
      - {event: received, from: new, to: open}
      - {event: response, from: open, to: done}
      - {event: reopen, from: done, to: open}
      - {event: received, from: open, to: stuck}
      - {event: response, from: island, to: done}
    """
)


def test_graph_problems_are_all_reported_at_once(tmp_path: Path) -> None:
    """Two initial states, a transition out of a final state, an unreachable state, states
    that cannot reach a final one and an event no transition allows: all in one error."""
    f = write(tmp_path, GRAPH, "graph.yaml")
    assert errors(f) == [
        f"{f}:11 states: needs exactly one initial state, found 2: new, also_new",
        f"{f}:21 transitions[2]: event 'reopen' leaves final state 'done'",
        f"{f}:16 states.island: unreachable from the initial states 'new', 'also_new'",
        f"{f}:13 states.also_new: cannot reach a final state",
        f"{f}:15 states.stuck: cannot reach a final state",
        f"{f}:10 events.orphan: no transition allows this event",
    ]


def test_no_initial_and_no_final_state(tmp_path: Path) -> None:
    """A graph without an initial or a final state says so (and every state is then a
    dead end)."""
    text = edit(MINI, "new: {label: New, initial: true}", "new: {label: New}")
    text = edit(text, "done: {label: Done, final: true}", "done: {label: Done}")
    f = write(tmp_path, text)
    assert errors(f) == [
        f"{f}:29 states: needs exactly one initial state, found 0: none",
        f"{f}:29 states: needs at least one final state",
        f"{f}:30 states.new: cannot reach a final state",
        f"{f}:31 states.open: cannot reach a final state",
        f"{f}:32 states.done: cannot reach a final state",
    ]


def test_an_event_may_not_lead_two_ways_from_one_state(tmp_path: Path) -> None:
    """Two transitions for one event and state with different targets are ambiguous."""
    text = edit(
        MINI,
        "- {event: agreed, from: open}",
        "- {event: agreed, from: open}\n  - {event: agreed, from: open, to: done}",
    )
    f = write(tmp_path, text)
    assert errors(f) == [
        f"{f}:36 transitions[2].from: event 'agreed' in state 'open' already leads to 'open'"
    ]


# --------------------------------------------------------------------------- overlays


GOOD_OVERLAY = edit(
    OVERLAY,
    "from: done, to: review}",
    "from: open, to: review}\n  - {event: response, from: review, to: done}",
)


def test_an_overlay_adds_to_its_base(tmp_path: Path) -> None:
    """An overlay beside its base adds events, states, transitions, clocks and sources
    and keeps every statutory rule of the base."""
    base = load_ruleset(write(tmp_path, MINI))
    rs = load_ruleset(write(tmp_path, GOOD_OVERLAY, "local.yaml"))
    assert (rs.extends, rs.layers) == ("mini", ("mini", "local"))
    assert list(rs.events) == [*base.events, "review"]
    assert list(rs.states) == [*base.states, "review"]
    assert rs.transitions[: len(base.transitions)] == base.transitions
    assert list(rs.clocks) == ["reply", "local_reply"]
    assert rs.clocks["reply"] == base.clocks["reply"]
    assert rs.checks == base.checks
    assert sorted(rs.sources) == ["act", "policy"]
    assert (rs.next_state("open", "review"), rs.next_state("review", "response")) == (
        "review",
        "done",
    )
    assert rs.calendar_for(rs.clocks["local_reply"]) is rs.local_calendar


def overlay_errors(tmp_path: Path, overlay: str) -> tuple[Path, list[str]]:
    write(tmp_path, MINI)
    f = write(tmp_path, overlay, "local.yaml")
    return f, errors(f)


def test_an_overlay_may_not_leave_a_final_state(tmp_path: Path) -> None:
    """A transition the overlay adds out of a base final state is reported at the
    overlay's own transition index (not its index in the merged list)."""
    f, errs = overlay_errors(tmp_path, OVERLAY)
    assert errs == [
        f"{f}:14 transitions[0]: event 'review' leaves final state 'done'",
        f"{f}:12 states.review: cannot reach a final state",
    ]


def test_an_overlay_may_not_redefine_a_base_event_state_check_or_source(
    tmp_path: Path,
) -> None:
    """Events, states, checks and sources of the base cannot be redefined (a check could
    be loosened that way: a 24-month time limit for a 12-month one)."""
    text = edit(
        GOOD_OVERLAY,
        "  review: {label: Review}\n",
        "  review: {label: Review}\n  received: {label: Got it}\n",
    )
    text = edit(
        text,
        "  review: {label: In review}\n",
        "  review: {label: In review}\n  open: {label: Opened}\n",
    )
    text = edit(
        text,
        "  policy: {title: Council policy}\n",
        "  policy: {title: Council policy}\n  act: {title: Not the Act}\n",
    )
    text += textwrap.dedent(
        """\
        checks:
          time_limit:
            label: Time limit
            event: received
            field: arose
            within: {months: 24}
            message: late
            citation: {source: policy, ref: p 2, confidence: local}
        """
    )
    f, errs = overlay_errors(tmp_path, text)
    assert errs == [
        f"{f}:9 sources.act: already defined by mini; an overlay may add sources, not "
        "redefine them",
        f"{f}:12 events.received: already defined by mini; an overlay may add events, not "
        "redefine them",
        f"{f}:15 states.open: already defined by the base rule set",
        f"{f}:28 checks.time_limit: already defined by mini; an overlay may add checks, not "
        "redefine them",
    ]


def test_an_overlay_may_not_redefine_a_statutory_clock(tmp_path: Path) -> None:
    """For a base clock an overlay may only choose among declared alternatives: a new
    duration the base does not declare, or any other key, is refused."""
    text = GOOD_OVERLAY + "  reply:\n    start: received\n    duration: {working_days: 40}\n"
    f, errs = overlay_errors(tmp_path, text)
    assert errs == [
        f"{f}:26 clocks.reply.duration: statutory clock 'reply' lasts 25 working days; an "
        "overlay may choose only a declared alternative (none), got 40 working days"
    ]
    text = GOOD_OVERLAY + "  reply:\n    start: received\n    met_by: agreed\n"
    f, errs = overlay_errors(tmp_path, text)
    assert errs == [
        f"{f}:26 clocks.reply.met_by: unknown key; allowed: citation, duration, extension, note, start"
    ]


def test_an_overlay_chooses_a_declared_duration(tmp_path: Path) -> None:
    """A clock's declared duration alternative may be chosen by an overlay (the base's own
    duration too); the choice changes only that clock."""
    write(
        tmp_path,
        edit(
            MINI,
            "    duration: {working_days: 25}\n",
            "    duration: {working_days: 25}\n    duration_alternatives: [{working_days: 30}]\n",
        ),
    )
    good = write(tmp_path, GOOD_OVERLAY + "  reply: {duration: {working_days: 30}}\n", "local.yaml")
    reply = load_ruleset(good).clocks["reply"]
    assert (str(reply.duration), reply.start) == ("30 working days", "received")
    same = write(tmp_path, GOOD_OVERLAY + "  reply: {duration: {working_days: 25}}\n", "same.yaml")
    assert str(load_ruleset(same).clocks["reply"].duration) == "25 working days"
    other = tmp_path / "capped"
    other.mkdir()
    write(  # an alternative longer than the cap is refused in the base file itself
        other,
        edit(
            MINI,
            "    duration: {working_days: 25}\n",
            "    duration: {working_days: 25}\n    duration_alternatives: [{working_days: 70}]\n",
        ),
    )
    assert errors(other / "mini.yaml") == [
        f"{(other / 'mini.yaml').resolve()}:46 clocks.reply.duration_alternatives[0]: 70 "
        "working days does not fit the extension cap (65 working days)"
    ]
    bad = write(tmp_path, GOOD_OVERLAY + "  reply: {duration: {calendar_days: 30}}\n", "bad.yaml")
    assert errors(bad) == [
        f"{bad}:24 clocks.reply.duration: statutory clock 'reply' lasts 25 working days; an "
        "overlay may choose only a declared alternative (30 working days), got 30 calendar days"
    ]


def test_an_overlay_chooses_a_declared_start_alternative(tmp_path: Path) -> None:
    """A statutory clock's declared start alternative may be chosen; another event may
    not."""
    write(tmp_path, MINI)
    good = write(tmp_path, GOOD_OVERLAY + "  reply: {start: agreed}\n", "local.yaml")
    rs = load_ruleset(good)
    assert (rs.clocks["reply"].start, rs.clocks["reply"].duration) == (
        "agreed",
        load_ruleset(tmp_path / "mini.yaml").clocks["reply"].duration,
    )
    bad = write(tmp_path, GOOD_OVERLAY + "  reply: {start: review}\n", "bad.yaml")
    assert errors(bad) == [
        f"{bad}:24 clocks.reply.start: statutory clock 'reply' starts at 'received'; an "
        "overlay may choose only a declared alternative (agreed), got 'review'"
    ]


def test_an_overlay_chooses_a_declared_set_of_extension_requirements(tmp_path: Path) -> None:
    """A statutory clock's extension may be made to require one of its declared
    requires_alternatives (in any order); an undeclared set is refused, naming the
    declared ones, and a clock without any alternative keeps its requirements."""
    base = edit(
        MINI,
        "      reason: {type: str, required: true}\n",
        "      reason: {type: str, required: true}\n      agreed: {type: bool}\n",
    )
    base = edit(
        base,
        "requires: [reason]",
        "requires: [reason, agreed]\n      requires_alternatives: [[reason]]",
    )
    write(tmp_path, base)
    assert load_ruleset(tmp_path / "mini.yaml").clocks["reply"].extension.requires == (
        "reason",
        "agreed",
    )
    good = write(
        tmp_path, GOOD_OVERLAY + "  reply: {extension: {requires: [reason]}}\n", "local.yaml"
    )
    reply = load_ruleset(good).clocks["reply"]
    assert (reply.start, reply.extension.requires) == ("received", ("reason",))
    same = write(
        tmp_path,
        GOOD_OVERLAY + "  reply: {start: agreed, extension: {requires: [agreed, reason]}}\n",
        "same.yaml",
    )
    reply = load_ruleset(same).clocks["reply"]
    assert (reply.start, reply.extension.requires) == ("agreed", ("agreed", "reason"))
    bad = write(tmp_path, GOOD_OVERLAY + "  reply: {extension: {requires: []}}\n", "bad.yaml")
    assert errors(bad) == [
        f"{bad}:24 clocks.reply.extension.requires: clock 'reply''s extension requires "
        "[reason, agreed]; an overlay may choose only a declared alternative ([reason]), got []"
    ]


def test_extension_requirements_cannot_be_chosen_without_alternatives(tmp_path: Path) -> None:
    """Without declared alternatives an overlay cannot change what an extension needs."""
    write(tmp_path, MINI)
    bad = write(tmp_path, GOOD_OVERLAY + "  reply: {extension: {requires: []}}\n", "bad.yaml")
    assert errors(bad) == [
        f"{bad}:24 clocks.reply.extension.requires: clock 'reply''s extension requires "
        "[reason]; an overlay may choose only a declared alternative (none), got []"
    ]


def test_requires_alternatives_name_fields_the_extend_event_has(tmp_path: Path) -> None:
    """Each field of a declared alternative is a field of the 'extend' event."""
    f = write(
        tmp_path,
        edit(
            MINI,
            "requires: [reason]",
            "requires: [reason]\n      requires_alternatives: [[signed]]",
        ),
    )
    assert errors(f) == [
        f"{f}:49 clocks.reply.extension.requires_alternatives: no 'extend' event has a field "
        "'signed'"
    ]


def test_an_overlay_chooses_a_declared_convention_and_division(tmp_path: Path) -> None:
    """Conventions and the division can be switched to declared alternatives only (any
    time of day is a valid receipt cut-off)."""
    write(tmp_path, MINI)
    choices = "conventions:\n  receipt: deemed_next_working_day\n  receipt_cutoff: '17:00'\ncalendar:\n  division: united-kingdom\n"
    rs = load_ruleset(write(tmp_path, GOOD_OVERLAY + choices, "local.yaml"))
    assert (rs.conventions["receipt"].value, rs.conventions["receipt_cutoff"].value) == (
        "deemed_next_working_day",
        "17:00",
    )
    assert rs.division == "united-kingdom"
    bad_choices = "conventions:\n  receipt: non_working_deemed_next\n  retriage: whenever\ncalendar:\n  division: scotland\n"
    bad = write(tmp_path, GOOD_OVERLAY + bad_choices, "bad.yaml")
    assert errors(bad) == [
        f"{bad}:28 calendar.division: mini counts bank holidays of england-and-wales; an "
        "overlay may choose only a declared alternative (united-kingdom), got 'scotland'",
        f"{bad}:25 conventions.receipt: 'day_0' may be changed only to a declared alternative "
        "(deemed_next_working_day), got 'non_working_deemed_next'",
        f"{bad}:26 conventions.retriage: 'from_original_start' may be changed only to a "
        "declared alternative (none), got 'whenever'",
    ]


def test_an_overlay_may_not_redirect_an_any_state_transition(tmp_path: Path) -> None:
    """A base transition 'from: "*"' covers the overlay's new states too, so the overlay
    cannot send that event somewhere else from them."""
    base = edit(
        MINI,
        "- {event: response, from: open, to: done}",
        "- {event: response, from: open, to: done}\n  - {event: withdrawn, from: '*', to: done}",
    )
    base = edit(
        base,
        "  response: {label: Response}\n",
        "  response: {label: Response}\n  withdrawn: {label: Withdrawn}\n",
    )
    write(tmp_path, base)
    text = GOOD_OVERLAY.replace(
        "transitions:\n", "transitions:\n  - {event: withdrawn, from: review, to: open}\n"
    )
    f = write(tmp_path, text, "local.yaml")
    assert errors(f) == [
        f"{f}:14 transitions[0].from: event 'withdrawn' in state 'review' already leads to 'done'"
    ]


def test_an_overlay_may_not_add_initial_or_final_states(tmp_path: Path) -> None:
    """The base decides where a case starts and ends."""
    text = edit(
        GOOD_OVERLAY, "review: {label: In review}", "review: {label: In review, final: true}"
    )
    f, errs = overlay_errors(tmp_path, text)
    assert errs[0] == f"{f}:12 states.review: an overlay may not add initial or final states"


def test_circular_extends(tmp_path: Path) -> None:
    """A file extending itself, or a loop of overlays, is reported with the chain."""
    own = write(tmp_path, edit(OVERLAY, "extends: mini", "extends: local"), "local.yaml")
    assert errors(own) == [f"{own}:6 extends: circular: local -> local"]
    loop = tmp_path / "loop"
    loop.mkdir()
    write(loop, edit(OVERLAY, "extends: mini", "extends: other"), "local.yaml")
    other = write(
        loop,
        edit(edit(OVERLAY, "id: local", "id: other"), "extends: mini", "extends: local"),
        "other.yaml",
    )
    assert errors(other) == [
        f"{other}:6 extends: cannot load base rule set 'local': {loop.resolve()}/local.yaml:6 "
        "extends: circular: other -> local -> other"
    ]


def test_a_base_found_by_name_must_have_that_id(tmp_path: Path) -> None:
    """A file named like the base but with another id is not taken for it (an overlay
    named 'r.yaml' extending 'r' used to load itself as its own base, without end)."""
    f = write(tmp_path, edit(OVERLAY, "extends: mini", "extends: loca"), "loca.yaml")
    assert errors(f) == [
        f"{f}:6 extends: cannot load base rule set 'loca': {f}:2 id: the file found for base "
        "rule set 'loca' has id 'local'"
    ]


def test_a_broken_base_is_one_issue_of_the_overlay(tmp_path: Path) -> None:
    """An invalid base is reported at the overlay's 'extends', its issues joined on one
    line (the error has one line per issue)."""
    base = write(
        tmp_path, edit(edit(MINI, 'version: "1"', "version: 1"), "kind: statutory", "kind: law")
    )
    f = write(tmp_path, GOOD_OVERLAY, "local.yaml")
    assert errors(f) == [
        f"{f}:6 extends: cannot load base rule set 'mini': {base}:4 version: must be a "
        f"string, got 1; {base}:41 clocks.reply.kind: must be one of: backstop, "
        "complainant_window, local_target, statutory, statutory_soft; got 'law'"
    ]


def test_unknown_base(tmp_path: Path) -> None:
    """A base that is neither beside the overlay, bundled nor in a rules folder named is
    reported with the places searched."""
    f = write(tmp_path, edit(OVERLAY, "extends: mini", "extends: nowhere"), "local.yaml")
    assert errors(f)[0] == (
        f"{f}:6 extends: cannot load base rule set 'nowhere': unknown rule set 'nowhere'; "
        f"searched beside the overlay ({tmp_path.resolve()}), the bundled rule sets "
        f"({', '.join(list_bundled())}) and no rules folder (rules_dirs=, --rules DIR)"
    )
    rules = tmp_path / "rules"
    rules.mkdir()
    with pytest.raises(RuleSetError) as info:
        load_ruleset(f, rules_dirs=[rules])
    assert str(info.value).endswith(
        f"and the rules folders {rules.resolve()} (rules_dirs=, --rules DIR)"
    )


def test_a_base_in_a_folder_above_the_overlay_is_not_used(tmp_path: Path) -> None:
    """A same-named file one or two folders above an overlay is never its base unasked
    (it used to be found there, silently); named as a rules folder, it is."""
    write(tmp_path, MINI)
    local = tmp_path / "councils" / "local"
    local.mkdir(parents=True)
    f = write(local, GOOD_OVERLAY, "local.yaml")
    assert errors(f)[0].startswith(
        f"{f}:6 extends: cannot load base rule set 'mini': unknown rule set 'mini'; "
        f"searched beside the overlay ({local.resolve()}), the bundled rule sets"
    )
    rs = load_ruleset(f, rules_dirs=[tmp_path])
    assert (rs.layers, rs.rules_dirs) == (("mini", "local"), (str(tmp_path.resolve()),))
    assert validate_file(f, rules_dirs=[str(tmp_path)]).layers == ("mini", "local")


def test_a_rules_folder_does_not_replace_a_bundled_base(tmp_path: Path) -> None:
    """The bundled overlays extend the bundled statutory sets, and an id that is bundled
    names the bundled rule set, whatever a rules folder holds under the same name."""
    bundled = load_ruleset("england-adults-2009")
    copy = edit(MINI, "id: mini", "id: england-adults-2009")
    write(tmp_path, copy, "england-adults-2009.yaml")
    rs = load_ruleset("oxfordshire-adults", rules_dirs=[tmp_path])
    assert rs.layers == ("england-adults-2009", "oxfordshire-adults")
    assert {c: rs.clocks[c] for c in bundled.clocks} == dict(bundled.clocks)
    assert load_ruleset("england-adults-2009", rules_dirs=[tmp_path]).path == bundled.path


def test_a_same_named_file_two_folders_up_does_not_replace_a_bundled_base(
    tmp_path: Path,
) -> None:
    """The case of issue 8: an overlay two folders below a file named like its bundled
    base (england-adults-2009.yaml) extends the bundled rule set, not that file."""
    write(tmp_path, edit(MINI, "id: mini", "id: england-adults-2009"), "england-adults-2009.yaml")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    text = 'format: statdeadline/rules@1\nid: local\ntitle: Local\nversion: "1"\n'
    text += "effective_from: 2020-01-01\nextends: england-adults-2009\n"
    f = write(deep, text, "local.yaml")
    rs = validate_file(f)
    bundled = load_ruleset("england-adults-2009")
    assert (rs.layers, rs.title) == (("england-adults-2009", "local"), "Local")
    assert {c: rs.clocks[c] for c in bundled.clocks} == dict(bundled.clocks)


def test_an_id_is_looked_for_in_the_rules_folders(tmp_path: Path) -> None:
    """An id that is not bundled names a file in a rules folder (any depth), and its
    other versions are loaded with the same folders (an overlay's versions find their
    base there too)."""
    write(tmp_path, MINI)
    sub = tmp_path / "local"
    sub.mkdir()
    write(sub, GOOD_OVERLAY, "local.yaml")
    write(
        sub,
        edit(edit(GOOD_OVERLAY, 'version: "1"', 'version: "2"'), "2020-01-01", "2023-01-01"),
        "local@2.yaml",
    )
    rs = load_ruleset("local", rules_dirs=[tmp_path])
    assert (rs.version, rs.path) == ("2", str((sub / "local@2.yaml").resolve()))
    assert [v.version for v in versions_of(rs)] == ["1", "2"]
    assert load_ruleset("local", on="2021-06-01", rules_dirs=[tmp_path]).version == "1"
    with pytest.raises(UnknownRuleSetError) as info:
        load_ruleset("local")
    assert "local" not in info.value.available


def test_rules_dirs_must_be_folders(tmp_path: Path) -> None:
    """rules_dirs is a list of existing folders; anything else is refused by name."""
    with pytest.raises(InvalidArgumentError) as info:
        load_ruleset("mini", rules_dirs=[tmp_path / "nope"])
    assert str(info.value) == f"rules folder {str(tmp_path / 'nope')!r}: no such folder"
    with pytest.raises(InvalidArgumentError) as info:
        validate_file(tmp_path, rules_dirs=str(tmp_path))  # type: ignore[arg-type]
    assert info.value.argument == "rules_dirs"


# --------------------------------------------------------------------------- load_ruleset


def test_unknown_id_lists_the_available_ones() -> None:
    """An id that is not bundled raises UnknownRuleSetError with the bundled ids."""
    with pytest.raises(UnknownRuleSetError) as info:
        load_ruleset("england-childrens-2006")
    available = tuple(list_bundled())
    assert "england-children-2006" in available
    assert (info.value.ruleset_id, info.value.available) == ("england-childrens-2006", available)
    assert str(info.value) == (
        f"unknown rule set 'england-childrens-2006'; available: {', '.join(available)}{OWN}"
    )


def test_missing_path(tmp_path: Path) -> None:
    """A path (it has a slash or ends in .yaml) that does not exist is a RuleSetError."""
    with pytest.raises(RuleSetError) as info:
        load_ruleset(str(tmp_path / "gone.yaml"))
    assert str(info.value) == f"{tmp_path / 'gone.yaml'} no such rule file"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"ref": 42}, "ref: expected a rule-set id or a path to a rule file, got 42"),
        (
            {"ref": "england-children-2006", "conventions": {"receipt": 1}},
            "conventions: expected a mapping of convention names to values (strings), got "
            "{'receipt': 1}",
        ),
        (
            {"ref": "england-children-2006", "conventions": "receipt"},
            "conventions: expected a mapping of convention names to values (strings), got "
            "'receipt'",
        ),
        (
            {"ref": "england-children-2006", "division": ["scotland"]},
            "division: expected a division name (a string), got ['scotland']",
        ),
        (
            {"ref": "england-children-2006", "on": "1/1/2020"},
            "on: expected a date, a datetime, or an ISO 8601 date 'YYYY-MM-DD' or timestamp 'YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]', got '1/1/2020'",
        ),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], expected: str) -> None:
    """Arguments of the wrong type raise InvalidArgumentError (not a TypeError from the
    cache or a comparison)."""
    ref = kwargs.pop("ref")
    with pytest.raises(InvalidArgumentError) as info:
        load_ruleset(ref, **kwargs)  # type: ignore[arg-type]
    assert str(info.value) == expected


# --------------------------------------------------------------------------- versions


def versioned(folder: Path) -> tuple[Path, Path]:
    """foo.yaml (2020 to 2022, reply in 25 working days) and foo@2023.yaml (from 2023,
    reply in 20) in ``folder``."""
    old = edit(
        edit(MINI, "id: mini", "id: foo"),
        "effective_from: 2020-01-01",
        "effective_from: 2020-01-01\neffective_to: 2022-12-31",
    )
    new = edit(
        edit(MINI, "id: mini", "id: foo"),
        "effective_from: 2020-01-01",
        "effective_from: 2023-01-01",
    )
    new = edit(
        edit(new, 'version: "1"', 'version: "2"'),
        "duration: {working_days: 25}",
        "duration: {working_days: 20}",
    )
    return write(folder, old, "foo.yaml"), write(folder, new, "foo@2023.yaml")


def test_load_ruleset_on_a_path_loads_that_file(tmp_path: Path) -> None:
    """Without ``on``, a path loads exactly that file."""
    old, new = versioned(tmp_path)
    assert (load_ruleset(old).version, load_ruleset(new).version) == ("1", "2")


@pytest.mark.parametrize(
    ("on", "version"), [(dt.date(2020, 1, 1), "1"), ("2022-12-31", "1"), ("2023-01-01", "2")]
)
def test_load_ruleset_on_a_path_picks_the_version_in_force(
    tmp_path: Path, on: dt.date | str, version: str
) -> None:
    """With ``on``, a path stands for all versions of its id beside it (``on`` used to
    be ignored for paths)."""
    old, new = versioned(tmp_path)
    assert load_ruleset(old, on=on).version == version
    assert load_ruleset(new, on=on).version == version


def test_no_version_in_force(tmp_path: Path) -> None:
    """A date before every version is refused, listing the versions' spans."""
    old, _ = versioned(tmp_path)
    with pytest.raises(UnknownRuleSetError) as info:
        load_ruleset(old, on=dt.date(2019, 12, 31))
    assert str(info.value) == (
        "no version of 'foo' is in force on 2019-12-31; versions: 1: 2020-01-01..2022-12-31, "
        "2: 2023-01-01.."
    )


def test_versions_of(tmp_path: Path) -> None:
    """versions_of lists the file's versions oldest first, the rule set itself included."""
    old, new = versioned(tmp_path)
    rs = load_ruleset(new)
    versions = versions_of(rs)
    assert [(v.version, v.path) for v in versions] == [("1", str(old)), ("2", str(new))]
    assert versions[1] is rs


@pytest.mark.parametrize("start", ["foo.yaml", "foo@2023.yaml"])
def test_a_case_picks_the_version_by_receipt_date(tmp_path: Path, start: str) -> None:
    """Whichever version a case is given, its receipt date chooses the version in force:
    the 2022 receipt gets 25 working days, the 2023 one 20."""
    versioned(tmp_path)
    rs = load_ruleset(tmp_path / start)
    got = {}
    for received in ("2022-06-01", "2023-06-01"):
        case = Case(rs)
        case.record("received", received)
        got[received] = (case.ruleset.version, case.deadlines(received)[0].due.isoformat())
    assert got == {"2022-06-01": ("1", "2022-07-08"), "2023-06-01": ("2", "2023-06-29")}


def test_a_case_keeps_the_councils_choices_in_another_version(tmp_path: Path) -> None:
    """Conventions and division chosen at load time carry over when the receipt date
    selects another version (they used to fall back to the file's defaults)."""
    old, _ = versioned(tmp_path)
    rs = load_ruleset(
        old, conventions={"receipt": "deemed_next_working_day"}, division="united-kingdom"
    )
    case = Case(rs)
    case.record("received", "2023-06-01")
    chosen = case.ruleset
    assert (chosen.version, chosen.conventions["receipt"].value, chosen.division) == (
        "2",
        "deemed_next_working_day",
        "united-kingdom",
    )


def test_a_case_before_every_version(tmp_path: Path) -> None:
    """A receipt date no version covers is a CaseError naming the span."""
    old, _ = versioned(tmp_path)
    case = Case(load_ruleset(old))
    with pytest.raises(CaseError) as info:
        case.record("received", "2019-06-01")
    assert str(info.value) == (
        "foo 1 is in force from 2020-01-01 to 2022-12-31; no version covers a case received "
        "on 2019-06-01"
    )


def test_a_case_takes_the_newest_version_when_an_old_one_has_no_end(tmp_path: Path) -> None:
    """When an old version has no effective_to and a newer one also covers the receipt
    date, a case uses the newest, as load_ruleset(..., on=d) does (it used to keep the old
    version it was given)."""
    old = edit(
        edit(MINI, "id: mini", "id: bar"),
        "effective_from: 2020-01-01",
        "effective_from: 2020-01-01",
    )
    new = edit(
        edit(
            edit(MINI, "id: mini", "id: bar"),
            "effective_from: 2020-01-01",
            "effective_from: 2023-01-01",
        ),
        'version: "1"',
        'version: "2"',
    )
    old_path = write(tmp_path, old, "bar.yaml")
    write(tmp_path, new, "bar@2023.yaml")
    case = Case(load_ruleset(old_path))
    case.record("received", "2023-06-01")
    assert (case.ruleset.version, load_ruleset(old_path, on="2023-06-01").version) == ("2", "2")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("complainant-window", "complainant_window"),
        ("local-target", "local_target"),
        ("statutory-soft", "statutory_soft"),
    ],
)
def test_an_old_hyphenated_clock_kind_loads_with_a_warning(
    tmp_path: Path, old: str, new: str
) -> None:
    """Clock kinds are spelt with underscores; the hyphenated spelling of earlier files
    is still read as the same kind, with a RuleSetWarning naming file, line and key."""
    path = write(tmp_path, edit(MINI, "kind: statutory\n", f"kind: {old}\n"))
    with pytest.warns(RuleSetWarning) as caught:
        rs = validate_file(path)
    assert rs.clocks["reply"].kind == new
    assert [str(w.message) for w in caught] == [
        f"{path}:41 clocks.reply.kind: {old!r} is an old spelling; write {new!r}"
    ]
    warning = caught[0].message
    assert isinstance(warning, RuleSetWarning)
    assert (warning.file, warning.line, warning.path, warning.found, warning.use) == (
        str(path),
        41,
        "clocks.reply.kind",
        old,
        new,
    )


# --------------------------------------------------------------------------- dated values

DATED = edit(
    MINI,
    "duration: {working_days: 25}",
    "duration: {working_days: {2020-01-01: 25, 2023-01-01: 20}}",
)


def test_a_dated_duration_loads_as_its_values_oldest_first(tmp_path: Path) -> None:
    """``working_days: {date: n, ...}`` is one Duration with its dated values, sorted;
    ``on(day)`` gives the value of the latest date on or before ``day``."""
    text = edit(
        MINI,
        "duration: {working_days: 25}",
        "duration: {working_days: {2023-01-01: 20, 2020-01-01: 25}}",
    )
    reply = load_ruleset(write(tmp_path, text)).clocks["reply"]
    assert reply.duration is not None
    assert reply.duration.dated == ((dt.date(2020, 1, 1), 25), (dt.date(2023, 1, 1), 20))
    assert [
        reply.duration.on(dt.date(*d)).amount for d in ((2020, 1, 1), (2022, 12, 31), (2023, 1, 1))
    ] == [
        25,
        25,
        20,
    ]
    assert str(reply.duration) == "25 working days from 2020-01-01, 20 working days from 2023-01-01"


def test_a_case_uses_the_value_in_force_on_the_day_its_clock_starts(tmp_path: Path) -> None:
    """One file, one version: a 2022 receipt gets 25 working days, a 2023 one 20 (the
    same answers as two versioned files give)."""
    rs = load_ruleset(write(tmp_path, DATED))
    got = {}
    for received in ("2022-06-01", "2023-06-01"):
        case = Case(rs)
        case.record("received", received)
        got[received] = (case.ruleset.version, case.deadlines(received)[0].due.isoformat())
    assert got == {"2022-06-01": ("1", "2022-07-08"), "2023-06-01": ("1", "2023-06-29")}


def test_every_duration_may_be_dated(tmp_path: Path) -> None:
    """Extension caps and check windows take dated values too."""
    text = edit(
        DATED,
        "max_total: {working_days: 65}",
        "max_total: {working_days: {2020-01-01: 65, 2024-04-01: 40}}",
    )
    text = edit(text, "within: {months: 12}", "within: {months: {2020-01-01: 12, 2025-01-01: 6}}")
    rs = load_ruleset(write(tmp_path, text))
    cap = rs.clocks["reply"].extension.max_total  # type: ignore[union-attr]
    assert cap is not None and cap.on(dt.date(2024, 4, 1)).amount == 40
    assert rs.checks["time_limit"].within.on(dt.date(2025, 1, 1)).amount == 6


def test_a_first_date_after_effective_from_is_an_error_at_load(tmp_path: Path) -> None:
    """A clock could start before the first value: refused when the file loads, at the
    line of the first date, not discovered on a case."""
    text = edit(
        MINI,
        "duration: {working_days: 25}",
        "duration:\n      working_days:\n        2021-01-01: 25",
    )
    f = write(tmp_path, text)
    assert errors(f) == [
        f"{f}:47 clocks.reply.duration.working_days: the first date must be on or before effective_from (2020-01-01), so that every clock has a value; got 2021-01-01"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("{}", "45 clocks.reply.duration.working_days: needs at least one date"),
        (
            "{soon: 25}",
            "45 clocks.reply.duration.working_days.soon: key must be a date YYYY-MM-DD, got 'soon'",
        ),
        (
            "{2020-01-01: -1}",
            "45 clocks.reply.duration.working_days.2020-01-01: must be >= 0, got -1",
        ),
        (
            "{2020-01-01: many}",
            "45 clocks.reply.duration.working_days.2020-01-01: must be an integer, got 'many'",
        ),
    ],
)
def test_bad_dated_values(tmp_path: Path, value: str, expected: str) -> None:
    """A dated value needs at least one date, dates as keys and allowed amounts."""
    f = write(
        tmp_path, edit(MINI, "duration: {working_days: 25}", f"duration: {{working_days: {value}}}")
    )
    assert errors(f) == [f"{f}:{expected}"]


def test_a_cap_below_a_dated_duration_names_the_day(tmp_path: Path) -> None:
    """Caps are compared with the duration on every day either changes: the cap of 30
    is fine for 25 days but not once the duration is 40."""
    text = edit(
        MINI,
        "duration: {working_days: 25}",
        "duration: {working_days: {2020-01-01: 25, 2024-01-01: 40}}",
    )
    f = write(
        tmp_path, edit(text, "max_total: {working_days: 65}", "max_total: {working_days: 30}")
    )
    assert errors(f) == [
        f"{f}:47 clocks.reply.extension.max_total: must be >= duration (40), got 30 for clocks starting on or after 2024-01-01"
    ]


def test_a_duration_too_long_for_the_calendar_is_refused(tmp_path: Path) -> None:
    """A duration that cannot be counted on the supported calendar (ending after
    2100-12-31 for a clock starting on effective_from) is refused when the file loads,
    by load_ruleset and validate_file alike, with its line and key path; so is a cap."""
    text = edit(MINI, "duration: {working_days: 25}", "duration: {working_days: 1000000000}")
    text = edit(text, "max_total: {working_days: 65}", "max_total: {working_days: 1000000001}")
    f = write(tmp_path, text)
    expected = [
        f"{f}:45 clocks.reply.duration.working_days: must be at most 21132 (the working days "
        "from 2020-01-01 to the calendar's end, 2100-12-31), got 1000000000",
        f"{f}:47 clocks.reply.extension.max_total.working_days: must be at most 21132 (the "
        "working days from 2020-01-01 to the calendar's end, 2100-12-31), got 1000000001",
    ]
    assert errors(f) == expected
    with pytest.raises(RuleSetError) as info:
        validate_file(f)
    assert str(info.value).splitlines() == expected


def test_a_month_count_past_the_calendar_is_refused(tmp_path: Path) -> None:
    """Months are counted from effective_from: 971 months from 2020-01-01 end in December
    2100 and load; 972 do not. Calendar days likewise."""
    f = write(tmp_path, edit(MINI, "within: {months: 12}", "within: {months: 971}"))
    assert load_ruleset(f).checks["time_limit"].within.amount == 971
    f = write(tmp_path, edit(MINI, "within: {months: 12}", "within: {months: 972}"), "m.yaml")
    assert errors(f) == [
        f"{f}:55 checks.time_limit.within.months: must be at most 971 (the months from "
        "2020-01-01 to the calendar's end, 2100-12-31), got 972"
    ]
    f = write(
        tmp_path, edit(MINI, "within: {months: 12}", "within: {calendar_days: 29585}"), "d.yaml"
    )
    assert errors(f) == [
        f"{f}:55 checks.time_limit.within.calendar_days: must be at most 29584 (the "
        "calendar days from 2020-01-01 to the calendar's end, 2100-12-31), got 29585"
    ]


def test_a_dated_value_is_counted_from_its_own_date(tmp_path: Path) -> None:
    """A dated value that takes effect later is bounded from its own date."""
    text = edit(
        MINI,
        "duration: {working_days: 25}",
        "duration: {working_days: {2020-01-01: 25, 2100-12-01: 23}}",
    )
    f = write(tmp_path, text)
    assert errors(f) == [
        f"{f}:45 clocks.reply.duration.working_days.2100-12-01: must be at most 22 (the "
        "working days from 2100-12-01 to the calendar's end, 2100-12-31), got 23"
    ]


# --------------------------------------------------------------------------- field types


@pytest.mark.parametrize(
    ("word", "meaning"),
    [
        ("text", "str"),
        ("number", "int"),
        ("yes/no", "bool"),
        ("date", "date"),
        ("str", "str"),
        ("int", "int"),
        ("bool", "bool"),
    ],
)
def test_field_types_may_be_plain_words(tmp_path: Path, word: str, meaning: str) -> None:
    """A field's type may be written as a council officer would say it (text, number,
    yes/no); it means the same as the short names of earlier files."""
    text = edit(
        MINI, "reason: {type: str, required: true}", f"reason: {{type: {word}, required: true}}"
    )
    rs = load_ruleset(write(tmp_path, text))
    assert rs.events["extension"].fields["reason"].type == meaning


def test_a_plain_word_choice_field_still_needs_values(tmp_path: Path) -> None:
    """'choice' is the same word in both spellings; it still needs its values, and an
    unknown type lists every word allowed."""
    text = edit(MINI, "arose: {type: date}", "arose: {type: choice}\n      kind: {type: words}")
    f = write(tmp_path, text)
    assert errors(f) == [
        f"{f}:20 events.received.fields.kind.type: must be one of: text, number, yes/no, date, choice, clock, str, int, bool; got 'words'",
    ]
    text = edit(MINI, "arose: {type: date}", "arose: {type: choice}")
    f = write(tmp_path, text)
    assert (
        errors(f)[0] == f"{f}:19 events.received.fields.arose.values: a choice field needs values"
    )


# --------------------------------------------------------------------------- horizon


def test_authoritative_until_sets_the_horizon_of_both_calendars(tmp_path: Path) -> None:
    """calendar.authoritative_until fixes the last year of proclaimed bank holidays for
    the statutory and the local calendar; an overlay inherits it, or sets its own."""
    text = edit(
        MINI,
        "  division_alternatives: [united-kingdom]\n",
        "  division_alternatives: [united-kingdom]\n  authoritative_until: 2030\n",
    )
    base = load_ruleset(write(tmp_path, text))
    assert (base.horizon_year, base.calendar.authoritative_until) == (2030, 2030)
    overlay = edit(
        GOOD_OVERLAY,
        "extends: mini\n",
        "extends: mini\ncalendar:\n  non_working:\n    - {date: 2024-12-24, reason: Closed}\n",
    )
    rs = load_ruleset(write(tmp_path, overlay, "local.yaml"))
    assert (rs.horizon_year, rs.local_calendar.authoritative_until) == (2030, 2030)
    own = edit(overlay, "calendar:\n", "calendar:\n  authoritative_until: 2028\n")
    assert load_ruleset(write(tmp_path, own, "local.yaml")).horizon_year == 2028


def test_without_authoritative_until_the_calendar_default_applies(tmp_path: Path) -> None:
    """A rule file that does not say leaves the calendar's default (the year after the
    current one), as documented."""
    rs = load_ruleset(write(tmp_path, MINI))
    assert rs.horizon_year is None
    assert rs.calendar.authoritative_until == dt.date.today().year + 1


def test_authoritative_until_must_be_a_supported_year(tmp_path: Path) -> None:
    """A year outside the calendar's range is refused with the range."""
    text = edit(
        MINI,
        "  division_alternatives: [united-kingdom]\n",
        "  division_alternatives: [united-kingdom]\n  authoritative_until: 3000\n",
    )
    f = write(tmp_path, text)
    assert errors(f) == [
        f"{f}:15 calendar.authoritative_until: must be a year from 1990 to 2100, got 3000"
    ]


def test_triage_targets_aims_and_maxima_may_be_dated(tmp_path: Path) -> None:
    """A triage level's target, aim and maximum take dated values; an aim is compared with
    the target on every date either changes, and the message names the day."""
    text = edit(MINI, "states:", TRIAGE)
    text = edit(
        text,
        "- {event: response, from: open, to: done}",
        "- {event: response, from: open, to: done}\n  - {event: triaged, from: open}",
    )
    text = edit(
        text, "    citation: {source: act, ref: s 1, confidence: primary}\nchecks:", TRIAGE_CLOCK
    )
    text = edit(
        text,
        "amber: {target: {working_days: 5}, aim: {working_days: 7}}",
        "red: {target: {working_days: {2020-01-01: 10, 2024-01-01: 5}}, aim: {working_days: 7}, maximum: {working_days: {2020-01-01: 20}}}",
    )
    f = write(tmp_path, text)
    assert errors(f) == [
        f"{f}:66 clocks.rag.triage.levels.red.aim: must be <= target (5), got 7 for clocks starting on or after 2024-01-01"
    ]
    fixed = edit(
        text, "aim: {working_days: 7}", "aim: {working_days: {2020-01-01: 7, 2024-01-01: 3}}"
    )
    red = load_ruleset(write(tmp_path, fixed, "fixed.yaml")).clocks["rag"].triage.levels["red"]  # type: ignore[union-attr]
    day = dt.date(2024, 1, 1)
    assert (red.target.on(day).amount, red.aim.on(day).amount, red.maximum.on(day).amount) == (
        5,
        3,
        20,
    )  # type: ignore[union-attr]


def test_not_required_by_names_known_events(tmp_path: Path) -> None:
    """not_required_by, like met_by, may name only events of the rule set."""
    f = write(
        tmp_path,
        edit(
            MINI, "    met_by: response\n", "    met_by: response\n    not_required_by: declined\n"
        ),
    )
    assert errors(f) == [
        f"{f}:45 clocks.reply.not_required_by: unknown event 'declined'; events: agreed, "
        "extension, received, response"
    ]


def test_an_event_that_meets_and_ends_a_clock_as_not_required_meets_it(tmp_path: Path) -> None:
    """Met is the strongest ending: an event named in both met_by and not_required_by
    meets the clock."""
    f = write(
        tmp_path,
        edit(
            MINI, "    met_by: response\n", "    met_by: response\n    not_required_by: response\n"
        ),
    )
    case = Case(load_ruleset(f))
    case.record("received", "2024-06-03")
    case.record("response", "2024-06-05")
    assert case.deadlines("2024-06-05")[0].status == "met"


def test_a_clock_without_an_extension_has_no_requirement_to_choose(tmp_path: Path) -> None:
    """Choosing what an extension requires, for a clock that cannot be extended, is
    refused saying so."""
    write(
        tmp_path,
        edit(
            MINI,
            "    extension:\n      max_total: {working_days: 65}\n      requires: [reason]\n",
            "",
        ),
    )
    bad = write(tmp_path, GOOD_OVERLAY + "  reply: {extension: {requires: [reason]}}\n", "bad.yaml")
    assert errors(bad) == [
        f"{bad}:24 clocks.reply.extension.requires: clock 'reply' cannot be extended, so "
        "there is no requirement to choose"
    ]


def test_a_rules_folder_is_listed_again_when_its_files_change(tmp_path: Path) -> None:
    """``rules_in`` remembers a folder's ids with its listing, so what is added, removed
    or renamed (at any depth; not under ``profiles/``) is seen at the next call, and a
    caller changing its answer changes nothing the next caller gets."""
    from statdeadline.rules.bundled import rule_files, rules_in

    (tmp_path / "a.yaml").write_text("x: 1\n")
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "p.yaml").write_text("x: 1\n")
    (tmp_path / "notes.txt").write_text("")
    assert list(rules_in(tmp_path)) == ["a"]
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b@2020.yaml").write_text("x: 1\n")
    assert rules_in(tmp_path) == {
        "a": [tmp_path / "a.yaml"],
        "b": [tmp_path / "sub" / "b@2020.yaml"],
    }
    (tmp_path / "a.yaml").rename(tmp_path / "c.yaml")
    assert list(rules_in(tmp_path)) == ["b", "c"]
    (tmp_path / "sub" / "b@2020.yaml").unlink()
    answer = rules_in(tmp_path)
    assert answer == {"c": [tmp_path / "c.yaml"]}
    answer["c"].append(tmp_path / "x.yaml")
    answer["z"] = []
    assert rules_in(tmp_path) == {"c": [tmp_path / "c.yaml"]}
    (tmp_path / "d.yaml").mkdir()  # a folder named like a rule file is none
    assert rule_files(tmp_path) == [tmp_path / "c.yaml"]


def test_a_rule_set_by_id_is_found_again_once_a_folder_gains_it(tmp_path: Path) -> None:
    """An id unknown in a rules folder is found there as soon as its file is written."""
    with pytest.raises(UnknownRuleSetError):
        load_ruleset("my-rules", rules_dirs=[tmp_path])
    (tmp_path / "my-rules.yaml").write_text(
        (bundled_rules_dir() / "england-adults-2009.yaml")
        .read_text(encoding="utf-8")
        .replace("id: england-adults-2009", "id: my-rules"),
        encoding="utf-8",
    )
    assert load_ruleset("my-rules", rules_dirs=[tmp_path]).id == "my-rules"


def test_a_link_to_a_folder_in_a_rules_folder_is_not_gone_into(tmp_path: Path) -> None:
    """As Path.rglob lists them: rules/sub, a link to a folder elsewhere, is not read for
    ids (nor a link back to the folder itself, which would list every file again); a link
    to a file is listed."""
    from statdeadline.rules.bundled import rule_files

    rules, shared = tmp_path / "rules", tmp_path / "shared"
    rules.mkdir()
    shared.mkdir()
    (shared / "shared-foi.yaml").write_text("x: 1\n")
    (rules / "own.yaml").write_text("x: 1\n")
    (rules / "sub").symlink_to(shared)
    (rules / "loop").symlink_to(rules)
    (rules / "linked.yaml").symlink_to(shared / "shared-foi.yaml")
    assert rule_files(rules) == [rules / "linked.yaml", rules / "own.yaml"]
