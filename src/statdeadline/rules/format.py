"""The structure of a rule file, declared once.

It is written in the little language of :mod:`statdeadline.rules.spec`. The loader
checks files against this declaration (with file, line and key path in every
message) and :mod:`statdeadline.rules.schema` renders the same declaration as a JSON Schema for
editors, so the two cannot drift. Cross-references (a clock naming an event), numbers that
depend on each other (a cap below the duration) and the state graph are checked by the
loader itself.
"""

from __future__ import annotations

from .spec import (
    ID_PATTERN,
    NULL,
    AnyOf,
    Bool,
    Date,
    Dated,
    Int,
    List,
    Map,
    Obj,
    Spec,
    Str,
)
from .vocabulary import CLOCK_KINDS, CONFIDENCES, EFFECTS, FIELD_TYPE_WORDS

__all__ = ["CLOCK", "CLOCK_CHOICE", "FORMAT", "ID_PATTERN", "RULESET", "TIME_PATTERN"]

#: The value of the ``format`` key every rule file starts with.
FORMAT = "statdeadline/rules@1"

RULESET_ID_PATTERN = r"^[a-z][a-z0-9-]*[a-z0-9]$"
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


ID = Str("an id: lower case letters, digits and _", pattern=ID_PATTERN)
IDS = AnyOf(ID, List(ID, min_items=1), description="one id or a list of ids")

CITATION = Obj(
    {
        "source": Str("id of an entry in sources", pattern=r"^[a-z0-9][a-z0-9_.-]*$"),
        "ref": Str("regulation, paragraph or page"),
        "confidence": Str(
            "primary: read in the instrument; secondary: secondary sources only; local: one council's policy",
            enum=CONFIDENCES,
        ),
        "url": Str(),
        "quote": Str(),
        "note": Str(),
    },
    required=("source", "ref", "confidence"),
    description="where the rule comes from and how sure we are",
)


def _amount(minimum: int) -> Spec:
    """A number of units, or numbers by the date each takes effect."""
    return AnyOf(
        Int(minimum=minimum),
        Dated(
            Int(minimum=minimum),
            description="dated values: each applies to clocks starting on or after its date",
        ),
    )


DURATION = Obj(
    {
        "working_days": _amount(0),
        "calendar_days": _amount(0),
        "months": _amount(1),
        "hours": _amount(1),
        "office_hours": _amount(1),
        "opens": Str("office_hours only: opening time on working days", pattern=TIME_PATTERN),
        "closes": Str("office_hours only: closing time on working days", pattern=TIME_PATTERN),
        "end": Str("months only: how a month period ends", enum=("commencing", "corresponding")),
        "roll": Str(
            "calendar days and months: roll a non-working end", enum=("next", "none", "previous")
        ),
    },
    exactly_one_of=("working_days", "calendar_days", "months", "hours", "office_hours"),
    description="exactly one of working_days, calendar_days, months, hours, office_hours",
)

OVERRIDE_DAYS = List(
    Obj({"date": Date(), "reason": Str()}, required=("date", "reason")),
    description="dates with the reason shown in explanations",
)

FIELD = Obj(
    {
        "type": Str(
            "text, number, date, yes/no, choice or clock (str, int and bool also work)",
            enum=tuple(FIELD_TYPE_WORDS),
        ),
        "required": Bool(),
        "values": List(Str(), min_items=1, description="choice: the allowed values"),
        "label": Str(),
        "minimum": Int(description="int: the smallest allowed value"),
    },
    required=("type",),
)

EVENT = Obj(
    {
        "label": Str(),
        "description": Str(),
        "effect": Str("what the event does to clocks", enum=EFFECTS),
        "receipt": Bool(
            "the council receiving something: receipt conventions apply to clocks it starts"
        ),
        "raised_on": Str(
            "a receipt event's date field: the earlier day the matter was first raised"
            " (convention received_on)",
            pattern=ID_PATTERN,
        ),
        "fields": Map(FIELD),
        "one_of": List(
            List(ID, min_items=2), description="groups of fields of which exactly one must be given"
        ),
    },
    required=("label",),
)

STATE = Obj({"label": Str(), "initial": Bool(), "final": Bool()}, required=("label",))

TRANSITION = Obj(
    {
        "event": ID,
        "from": AnyOf(ID, List(ID, min_items=1), Str("every state that is not final", enum=("*",))),
        "to": AnyOf(ID, NULL, description="the new state; omitted or null: unchanged"),
    },
    required=("event", "from"),
)

TRIAGE_LEVEL = Obj(
    {"label": Str(), "target": DURATION, "aim": DURATION, "maximum": DURATION},
    required=("target",),
)

#: An extension cap a council may choose: a duration, or ``none`` (no cap: the law's
#: "such time as is reasonable" where guidance gives a figure).
CAP_CHOICE = AnyOf(DURATION, Str("no cap", enum=("none",)))

#: When an extension must come: ``true``, recorded on or before the due date; ``false``,
#: any time; a field name, that date field of the extension (the day more time was
#: asked for) on or before the due date.
BEFORE_DUE = AnyOf(
    Bool("true: recorded on or before the due date; false: any time"),
    Str("a date field of the extension that must be on or before the due date", pattern=ID_PATTERN),
)

CLOCK = Obj(
    {
        "label": Str(),
        "kind": Str(enum=CLOCK_KINDS),
        "start": ID,
        "start_alternatives": List(ID, description="other start events a council may choose"),
        "duration_alternatives": List(
            DURATION, description="other durations a council's overlay may choose"
        ),
        "start_also": List(
            ID, min_items=1, description="other events that start it: the first recorded wins"
        ),
        "start_fallback": Str(
            "an event that starts it while start is not recorded", pattern=ID_PATTERN
        ),
        "start_capped_by": Str(
            "a clock whose due date caps the start (convention start_cap)", pattern=ID_PATTERN
        ),
        "restartable": Bool("an event with effect restart starts the count again"),
        "met_by": IDS,
        "superseded_by": IDS,
        "cancelled_by": IDS,
        "not_required_by": AnyOf(
            ID,
            List(ID, min_items=1),
            description="events that end it as not required (an offer declined)",
        ),
        "duration": DURATION,
        "due_with": Str("share the due date of this clock", pattern=ID_PATTERN),
        "due_on": Str(
            "a date field of the start event that, when given, is the due date (a date set"
            " by a letter); the duration counts only when it is not given",
            pattern=ID_PATTERN,
        ),
        "arises_after": Str(
            "a duty owed from the day after this clock's due date if it is unmet; no due"
            " date of its own",
            pattern=ID_PATTERN,
        ),
        "extension": Obj(
            {
                "max_total": DURATION,
                "requires": List(ID),
                "requires_alternatives": List(
                    List(ID),
                    description="other sets of required fields a council may choose instead",
                ),
                "max_total_alternatives": List(
                    CAP_CHOICE,
                    description="other caps a council may choose instead ('none': no cap)",
                ),
                "before_due": BEFORE_DUE,
                "before_due_alternatives": List(
                    BEFORE_DUE, description="other readings of before_due a council may choose"
                ),
                "citation": CITATION,
            }
        ),
        "pausable": Bool(),
        "triage": Obj(
            {
                "event": ID,
                "field": ID,
                "levels": Map(TRIAGE_LEVEL, key_pattern=r"^[a-z][a-z0-9_-]*$"),
            },
            required=("event", "field", "levels"),
        ),
        "applies_if": Obj(
            {"unmet": ID},
            required=("unmet",),
            description="only if that clock is unmet at its due date",
        ),
        "repeat": Int(minimum=1, description="how many times the clock may run"),
        "instance_labels": List(Str()),
        "citation": CITATION,
        "note": Str(),
    },
    required=("label", "kind", "start", "met_by", "citation"),
)

# An overlay may only choose among a statutory clock's declared start alternatives, its
# declared duration alternatives and its extension's declared sets of required fields.
CLOCK_CHOICE = Obj(
    {
        "start": ID,
        "duration": DURATION,
        "extension": Obj(
            {
                "requires": List(ID),
                "max_total": CAP_CHOICE,
                "before_due": BEFORE_DUE,
                "citation": CITATION,
            },
            description="an overlay's choice among the declared requires_alternatives,"
            " max_total_alternatives and before_due_alternatives, and the citation for the"
            " extension as the overlay has it",
        ),
        "citation": CITATION,
        "note": Str(),
    },
    description="an overlay's choices for a statutory clock, and its own citation for it",
)

CHECK = Obj(
    {
        "label": Str(),
        "event": ID,
        "field": ID,
        "within": DURATION,
        "message": Str(),
        "citation": CITATION,
    },
    required=("label", "event", "field", "within", "message", "citation"),
)

CONVENTION = AnyOf(
    Str("overlay shorthand: the chosen value"),
    Obj(
        {
            "value": Str(),
            "alternatives": List(Str()),
            "citation": CITATION,
            "note": Str(),
        },
        required=("value",),
    ),
)

RULESET = Obj(
    {
        "format": Str("the rule-file format", enum=(FORMAT,)),
        "id": Str("the rule set id", pattern=RULESET_ID_PATTERN),
        "title": Str(),
        "version": Str(),
        "description": Str(),
        "effective_from": Date(),
        "effective_to": AnyOf(Date(), NULL),
        "extends": Str("the id of the rule set this overlay builds on", pattern=RULESET_ID_PATTERN),
        "sources": Map(
            Obj({"title": Str(), "url": Str(), "note": Str()}, required=("title",)),
            key_pattern=r"^[a-z0-9][a-z0-9_.-]*$",
        ),
        "calendar": Obj(
            {
                "division": Str(
                    enum=("england-and-wales", "northern-ireland", "scotland", "united-kingdom")
                ),
                "division_alternatives": List(
                    Str(
                        enum=("england-and-wales", "northern-ireland", "scotland", "united-kingdom")
                    )
                ),
                "authoritative_until": Int(
                    "the last year whose bank holidays are treated as proclaimed; later"
                    " ones are forecasts (default: the year after the current one)"
                ),
                "citation": CITATION,
                "note": Str(),
                "non_working": OVERRIDE_DAYS,
                "working": OVERRIDE_DAYS,
            }
        ),
        "conventions": Map(CONVENTION),
        "due_soon_working_days": Int(minimum=0),
        "events": Map(EVENT),
        "states": Map(STATE),
        "transitions": List(TRANSITION),
        "clocks": Map(AnyOf(CLOCK, CLOCK_CHOICE)),
        "checks": Map(CHECK),
    },
    required=("format", "id", "title", "version", "effective_from"),
)
