"""What an overlay may say about a base clock beyond choosing a declared alternative: its
own citation (and note) for the clock, and for the clock's extension, which then show in
``rules show`` and in every deadline's explanation; and when an extension must come
(``extension.before_due``, among the declared ``before_due_alternatives``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.cli_support import run

from statdeadline import Case, load_ruleset
from statdeadline.exceptions import RuleSetError, TransitionNotAllowed

D = dt.date

HEAD = (
    "format: statdeadline/rules@1\nid: council\ntitle: t\nversion: '1'\n"
    "effective_from: 2014-08-01\nextends: ombudsman-enquiries\n"
)
SOURCE = "sources:\n  own:\n    title: The council's own note\n    url: https://example.org/own\n"


def overlay(tmp_path: Path, body: str) -> Path:
    f = tmp_path / "council.yaml"
    f.write_text(HEAD + body, encoding="utf-8")
    return f


def messages(f: Path) -> list[str]:
    with pytest.raises(RuleSetError) as info:
        load_ruleset(f)
    return [f"{i.path} {i.message}" for i in info.value.issues]


def test_spso_overlay_shows_its_own_citation_in_rules_show(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """spso-enquiries replaces the base's LGSCO citation with the SPSO's own."""
    status, out, err = run(["rules", "show", "spso-enquiries"], capsys)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    i = lines.index(
        "    citation: Scottish Public Services Ombudsman, What information will you need from us (the 20 working days), the SPSO normally gives organisations 20 working days to return the information and comments"
    )
    assert lines[i + 1 : i + 3] == [
        "    confidence: primary",
        "    url: https://spso.org.uk/what-information-will-you-need-from-us",
    ]
    assert "Investigation Manual" not in out


def test_spso_deadline_explanation_cites_the_spso() -> None:
    """A deadline carries the overlay's citation, and its explanation says it."""
    c = Case(load_ruleset("spso-enquiries"))
    c.record("enquiry_received", D(2024, 12, 23))
    d = c.deadlines(as_of=D(2025, 1, 6))[0]
    assert (d.citation.source, d.citation.confidence) == ("spso-information-2", "primary")
    heading = str(d.explanation).splitlines()[0]
    assert heading == (
        "Response to the Ombudsman's enquiry (enquiry_response, statutory): Scottish Public "
        "Services Ombudsman, What information will you need from us (the 20 working days), "
        "the SPSO normally gives organisations 20 working days to return the information "
        "and comments [primary]"
    )


def test_psow_and_cardiff_overlays_cite_their_own_authority() -> None:
    """psow-enquiries says no PSOW period was found; cardiff-social-services cites
    Cardiff's Stage 2 start; the bases keep their own."""
    psow = load_ruleset("psow-enquiries").clocks["enquiry_response"].citation
    assert (psow.source, psow.confidence) == ("psow-not-found", "secondary")
    cardiff = load_ruleset("cardiff-social-services").clocks["stage2_response"].citation
    assert (cardiff.source, cardiff.confidence) == ("cardiff-report", "local")
    wales = load_ruleset("wales-social-services-2014").clocks["stage2_response"].citation
    assert wales.source == "wg-complaints-page"
    base = load_ruleset("ombudsman-enquiries").clocks["enquiry_response"].citation
    assert base.source == "lgsco-manual-ch7"


def test_cardiff_members_overlay_cites_its_own_report() -> None:
    """cardiff-members-enquiries cites the source it declares for its own target; the base
    keeps the borrowed default's citation (the same report's figure, read for the review)."""
    own = load_ruleset("cardiff-members-enquiries").clocks["member_response"].citation
    assert (own.source, own.confidence) == ("cardiff-members-2022-23", "local")
    base = load_ruleset("elected-member-enquiries").clocks["member_response"].citation
    assert base.source == "cardiff-report-2022-23"


def test_an_overlay_citation_and_extension_citation(tmp_path: Path) -> None:
    """An overlay may cite its own source for a base clock and its extension; the note
    replaces the base's only with a citation of its own."""
    f = overlay(
        tmp_path,
        SOURCE + "clocks:\n  enquiry_response:\n"
        "    citation: {source: own, ref: para 3, confidence: local}\n"
        "    note: the council's reading\n"
        "    extension:\n      citation: {source: own, ref: para 4, confidence: local}\n",
    )
    clock = load_ruleset(f).clocks["enquiry_response"]
    assert (clock.citation.ref, clock.citation.url, clock.note) == (
        "para 3",
        "https://example.org/own",
        "the council's reading",
    )
    assert clock.extension is not None and clock.extension.citation is not None
    assert clock.extension.citation.ref == "para 4"
    assert clock.extension.requires == ("reason", "agreed_by_ombudsman")  # unchanged


def test_an_overlay_citation_must_name_a_known_source(tmp_path: Path) -> None:
    """An unknown source and a note without a citation are both reported."""
    f = overlay(
        tmp_path,
        "clocks:\n  enquiry_response:\n"
        "    citation: {source: nowhere, ref: x, confidence: local}\n",
    )
    assert messages(f)[0].startswith(
        "clocks.enquiry_response.citation.source unknown source 'nowhere'; declared: "
    )
    f = overlay(tmp_path, "clocks:\n  enquiry_response:\n    note: my own words\n")
    assert messages(f) == [
        "clocks.enquiry_response.note an overlay's note goes with its own citation"
    ]


# --- when an extension must come ------------------------------------------------------
#
# The letter of Mon 3 Jun 2024 asks for a response by Fri 14 Jun.


def letter(ruleset: object) -> Case:
    c = Case(ruleset)  # type: ignore[arg-type]
    c.record("enquiry_received", D(2024, 6, 3), respond_by=D(2024, 6, 14))
    return c


EXT = {
    "clock": "enquiry_response",
    "until": D(2024, 6, 28),
    "reason": "r",
    "agreed_by_ombudsman": True,
}


def asked_in_time(tmp_path: Path) -> Case:
    f = overlay(
        tmp_path,
        "clocks:\n  enquiry_response:\n    extension: {before_due: requested_on}\n",
    )
    return letter(load_ruleset(f))


def test_default_refuses_an_extension_recorded_after_the_date() -> None:
    """before_due: true - the agreement recorded on Mon 17 Jun, after 14 Jun, is refused
    even though more time was asked for on Thu 13 Jun."""
    c = letter(load_ruleset("ombudsman-enquiries"))
    with pytest.raises(TransitionNotAllowed) as info:
        c.record("extension", D(2024, 6, 17), requested_on=D(2024, 6, 13), **EXT)
    assert str(info.value) == (
        "extension: 'enquiry_response' must be extended on or before its due date "
        "2024-06-14, got 2024-06-17"
    )


def test_alternative_takes_an_extension_asked_for_in_time_and_agreed_later(
    tmp_path: Path,
) -> None:
    """before_due: requested_on - asked Thu 13 Jun, agreed and recorded Mon 17 Jun: the
    date moves to Fri 28 Jun; a response on Thu 27 Jun is met."""
    c = asked_in_time(tmp_path)
    c.record("extension", D(2024, 6, 17), requested_on=D(2024, 6, 13), **EXT)
    c.record("response_sent", D(2024, 6, 27))
    d = c.deadlines(as_of=D(2024, 6, 27))[0]
    assert (d.due, d.status) == (D(2024, 6, 28), "met")


def test_alternative_refuses_more_time_asked_for_after_the_date(tmp_path: Path) -> None:
    """Asked Mon 17 Jun, after the 14th: refused, naming the field."""
    c = asked_in_time(tmp_path)
    with pytest.raises(TransitionNotAllowed) as info:
        c.record("extension", D(2024, 6, 18), requested_on=D(2024, 6, 17), **EXT)
    assert str(info.value) == (
        "extension.requested_on: more time for 'enquiry_response' must be asked for on or "
        "before its due date 2024-06-14; got 2024-06-17"
    )
    assert info.value.field == "requested_on"


def test_alternative_needs_the_day_asked_and_not_a_later_one(tmp_path: Path) -> None:
    """Without requested_on, or with one after the extension itself: refused."""
    c = asked_in_time(tmp_path)
    with pytest.raises(TransitionNotAllowed) as info:
        c.record("extension", D(2024, 6, 13), **EXT)
    assert str(info.value) == (
        "extension: extending 'enquiry_response' needs 'requested_on' (the day more time "
        "was asked for, on or before its due date 2024-06-14)"
    )
    with pytest.raises(TransitionNotAllowed) as info:
        c.record("extension", D(2024, 6, 12), requested_on=D(2024, 6, 13), **EXT)
    assert str(info.value) == (
        "extension.requested_on: more time cannot be asked for after the extension is "
        "recorded (2024-06-12); got 2024-06-13"
    )


def test_an_undeclared_before_due_is_refused(tmp_path: Path) -> None:
    """An overlay may not loosen the rule to 'any time' unless the base declares it."""
    f = overlay(tmp_path, "clocks:\n  enquiry_response:\n    extension: {before_due: false}\n")
    assert messages(f) == [
        "clocks.enquiry_response.extension.before_due clock 'enquiry_response''s extension "
        "before_due is true (recorded on or before the due date); an overlay may choose "
        "only a declared alternative (requested_on (that date on or before the due date)), "
        "got false (any time)"
    ]
