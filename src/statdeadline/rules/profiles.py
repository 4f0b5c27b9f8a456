"""Report profiles: how a council's annual report lays out one rule set's deadlines.

A profile is data, a YAML file beside the rule sets (the bundled ones in
``rules/profiles/``), validated like a rule file (every problem with file, line and key
path; a JSON Schema for editors, ``rules/profiles/profile.schema.json``, rendered from the
same declaration, :data:`PROFILE`). It names the rule set it is for and, in the report's
order (stage order), the deadlines the report shows, each with:

- ``label``: the council's own words ("Stage 1 responses");
- ``bands``: ``edges`` (ascending whole numbers: a band ``<= e1``, then ``e1+1 - e2``,
  ..., then ``over eN``), their ``unit`` (``working_days`` or ``calendar_days``) and,
  optionally, the council's ``labels`` for them (one more than the edges);
- ``target``: the on-time rate the report compares with (0 to 1);
- ``average``: whether mean, median and 90th percentile are in working or calendar days
  (default: the profile's ``average``, itself ``working_days`` by default).

The profile's ``percent`` says how the report prints a share (an on-time rate, a band's
share, a target) as the council does (:class:`PercentStyle`): ``decimals`` (default 1),
``rounding`` (``half_even``, the default: to the nearest, a tie to the even digit;
``half_up``: a tie up; ``floor``: down, as a council that truncates 89.7% to "89%") and
``first_round_to`` (round half up to that many decimals first, then to ``decimals``: a
figure copied from a one-decimal table, 25.45% to 25.5% to "26%").

Clocks of the rule set that the profile does not list are left out of the report's
rows. The profile is the audit's to apply (:mod:`statdeadline.audit`); this module only
reads and checks it. Each profile also carries its ``source`` (where the table's shape
comes from) so the report can cite it.

>>> p = load_profile("cardiff-social-services")
>>> [(d.clock, d.label) for d in p.deadlines][:2]
[('acknowledgement', 'Acknowledgement'), ('stage1_written_response', 'Stage 1 responses')]
"""

from __future__ import annotations

import decimal
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import attrs

from ..exceptions import InvalidArgumentError, RuleSetError, RuleSetIssue, StatDeadlineError
from .bundled import bundled_rules_dir, is_path
from .issues import Issues
from .loader import load_ruleset
from .schema import _render
from .spec import ANY, Int, List, Obj, Str, check
from .yamlfile import line_of, load_yaml_file

__all__ = [
    "BAND_UNITS",
    "DEFAULT_PERCENT",
    "PROFILE",
    "PROFILE_FORMAT",
    "BandSpec",
    "DeadlineProfile",
    "PercentStyle",
    "Profile",
    "band_unit_text",
    "bundled_profiles",
    "load_profile",
    "profile_schema_json",
    "profiles_dir",
]

#: The value of the ``format`` key every profile starts with.
PROFILE_FORMAT = "statdeadline/profile@1"

DayUnit = Literal["working_days", "calendar_days"]
_UNITS = ("working_days", "calendar_days")
#: What a deadline's band edges may count, and what each means (as the reports say it).
BandUnit = Literal["working_days", "calendar_days", "working_days_late"]
BAND_UNITS: dict[str, str] = {
    "working_days": "days taken (working days)",
    "calendar_days": "days taken (calendar days)",
    # a backstop of months is no whole number of days: band by whether, and by how
    # much, it was missed (edges [0]: within it, or not), as its on-time count does
    "working_days_late": "days past the due date (working days)",
}


def band_unit_text(unit: str) -> str:
    """What a band unit counts, as the reports say it (:data:`BAND_UNITS`; an unknown
    unit as its own words).

    >>> band_unit_text("working_days_late"), band_unit_text("hours")
    ('days past the due date (working days)', 'hours')
    """
    return BAND_UNITS.get(unit, unit.replace("_", " "))


Rounding = Literal["half_even", "half_up", "floor"]
_ROUNDINGS = ("half_even", "half_up", "floor")

#: a target is 0.8 or "80%": checked by the loader (:func:`_target`); the schema says
#: both forms (:func:`profile_schema_json`)
_ANY_TARGET = attrs.evolve(ANY, description="the on-time rate compared with: 0.8 or '80%'")
_BANDS = Obj(
    {
        "edges": List(Int(minimum=0), min_items=1, description="ascending band edges"),
        "unit": Str("what the edges count", enum=tuple(BAND_UNITS)),
        "labels": List(Str(), description="the council's label of each band (one more than edges)"),
    },
    required=("edges",),
    description="the bands of days taken a deadline's table shows",
)
_DEADLINE = Obj(
    {
        "clock": Str("a clock id of the rule set", pattern=r"^[a-z][a-z0-9_]*$"),
        "label": Str("the council's label"),
        "bands": _BANDS,
        "target": _ANY_TARGET,
        "average": Str("the unit of mean, median and 90th percentile", enum=_UNITS),
    },
    required=("clock",),
)
_PERCENT = Obj(
    {
        "decimals": Int("decimal places of a printed percentage (default 1)", minimum=0),
        "rounding": Str(
            "how a percentage is rounded to them: half_even (default), half_up or floor",
            enum=_ROUNDINGS,
        ),
        "first_round_to": Int(
            "round half up to this many decimals first, then to decimals", minimum=0
        ),
    },
    description="how the report prints a share as a percentage, as the council does",
)
#: The declared structure of a profile file.
PROFILE = Obj(
    {
        "format": Str("the profile format", enum=(PROFILE_FORMAT,)),
        "id": Str("the profile's id", pattern=r"^[a-z][a-z0-9-]*[a-z0-9]$"),
        "title": Str("what the report is"),
        "ruleset": Str("the id of the rule set whose deadlines it shows"),
        "source": Str("where the tables' shape comes from (a report, its page)"),
        "note": Str(),
        "average": Str("the default unit of averages", enum=_UNITS),
        "percent": _PERCENT,
        "noun": Obj(
            {
                "one": Str("one of what the report counts: complaint, request"),
                "many": Str("several of them: complaints, requests"),
            },
            required=("one", "many"),
            description="what the headline sentences call a case (default complaint, complaints)",
        ),
        "deadlines": List(_DEADLINE, min_items=1, description="in the report's order"),
    },
    required=("format", "id", "title", "ruleset", "source", "deadlines"),
)


@attrs.frozen
class PercentStyle:
    """How a share is printed as a percentage: to ``decimals`` places, ``rounding``
    ``half_even`` (to the nearest, a tie to the even digit: Python's own, the default),
    ``half_up`` (a tie up) or ``floor`` (down: a council that truncates), and with
    ``first_round_to``, rounded half up to that many places first (a figure copied from a
    table of one decimal, then rounded again).

    The share is taken at its shortest decimal form (``repr``), so 0.29 is 29%, never
    28.999...%.

    >>> PercentStyle().text(96 / 107), PercentStyle(0, "floor").text(96 / 107)
    ('89.7%', '89%')
    >>> PercentStyle(0, "half_up").text(28 / 110), PercentStyle(0, "half_up", 1).text(28 / 110)
    ('25%', '26%')
    >>> PercentStyle(0, "half_up").text(0.125), PercentStyle(0).text(0.125), PercentStyle().text(None)
    ('13%', '12%', '-')
    >>> PercentStyle(0, "floor").rounded(7 / 34), PercentStyle(0, "floor").text(0.29)
    (0.2, '29%')
    """

    decimals: int = 1
    rounding: Rounding = "half_even"
    first_round_to: int | None = None

    def percent(self, rate: float) -> decimal.Decimal:
        """``rate`` (a fraction) as a percentage rounded as this style says."""
        value = decimal.Decimal(repr(float(rate))) * 100
        if self.first_round_to is not None:
            value = value.quantize(
                decimal.Decimal(1).scaleb(-self.first_round_to), decimal.ROUND_HALF_UP
            )
        mode = {
            "half_even": decimal.ROUND_HALF_EVEN,
            "half_up": decimal.ROUND_HALF_UP,
            "floor": decimal.ROUND_FLOOR,
        }[self.rounding]
        return value.quantize(decimal.Decimal(1).scaleb(-self.decimals), mode)

    def text(self, rate: float | None) -> str:
        """``rate`` printed: ``89%``, ``89.7%``; ``-`` for ``None``."""
        return "-" if rate is None else f"{self.percent(rate)}%"

    def rounded(self, rate: float | None) -> float | None:
        """``rate`` rounded as printed, as a fraction (0.89 for "89%")."""
        return None if rate is None else float(self.percent(rate) / 100)

    def describe(self) -> str:
        """The style in words, for a report's provenance.

        >>> PercentStyle(0, "half_up", 1).describe()
        '0 decimal places, rounded half up (first to 1 decimal place)'
        """
        places = f"{self.decimals} decimal place{'' if self.decimals == 1 else 's'}"
        how = {
            "half_even": "to the nearest (a tie to the even digit)",
            "half_up": "rounded half up",
            "floor": "rounded down",
        }[self.rounding]
        first = ""
        if self.first_round_to is not None:
            n = self.first_round_to
            first = f" (first to {n} decimal place{'' if n == 1 else 's'})"
        return f"{places}, {how}{first}"

    def excel_format(self) -> str:
        """The number format of a cell holding :meth:`rounded` (``0%``, ``0.0%``)."""
        return "0" + ("." + "0" * self.decimals if self.decimals else "") + "%"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> PercentStyle:
        """The style of :meth:`to_dict`'s form (``None``: the default style)."""
        if not data:
            return cls()
        return cls(
            int(data.get("decimals", 1)),
            data.get("rounding", "half_even"),
            data.get("first_round_to"),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return attrs.asdict(self)


#: The percentage style of a report with no profile: one decimal, to the nearest.
DEFAULT_PERCENT = PercentStyle()


@attrs.frozen
class BandSpec:
    """A deadline's bands: ``edges`` in ``unit`` (a key of :data:`BAND_UNITS`), with
    ``labels`` (``()``: the default ``<= e1``, ``e1+1-e2``, ..., ``over eN``)."""

    edges: tuple[int, ...]
    unit: BandUnit = "working_days"
    labels: tuple[str, ...] = ()


@attrs.frozen
class DeadlineProfile:
    """One deadline as the report shows it (see the module's docstring)."""

    clock: str
    label: str | None = None
    bands: BandSpec | None = None
    target: float | None = None
    average: DayUnit = "working_days"


@attrs.frozen
class Profile:
    """A report profile: its ``id``, ``title``, ``ruleset`` (id), ``source``, and its
    ``deadlines`` in the report's order; ``path`` is the file it was read from."""

    id: str
    title: str
    ruleset: str
    source: str
    deadlines: tuple[DeadlineProfile, ...]
    path: str = ""
    note: str | None = None
    percent: PercentStyle = DEFAULT_PERCENT
    #: what the headlines call a case, one and several (``request``, ``requests``)
    noun: tuple[str, str] = ("complaint", "complaints")

    def deadline(self, clock: str) -> DeadlineProfile | None:
        """The profile's entry for ``clock`` (``None``: the report leaves it out)."""
        return next((d for d in self.deadlines if d.clock == clock), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return attrs.asdict(self)


def profiles_dir() -> Path:
    """The folder of the bundled profiles."""
    return bundled_rules_dir() / "profiles"


def bundled_profiles() -> dict[str, Path]:
    """The bundled profiles by id (the file's name)."""
    return {p.stem: p for p in sorted(profiles_dir().glob("*.yaml"))}


def _target(value: Any, container: Any, key: Any, path: str, issues: Issues) -> float | None:
    """A target given as ``0.8`` or ``"80%"``, checked to be from 0 to 1."""
    if value is None:
        return None
    rate: float | None = None
    if isinstance(value, bool):
        rate = None
    elif isinstance(value, int | float):
        rate = float(value)
    elif isinstance(value, str) and value.endswith("%"):
        try:
            rate = float(value[:-1]) / 100
        except ValueError:
            rate = None
    if rate is None or not 0 <= rate <= 1:
        issues.at(container, key, path, f"must be a rate from 0 to 1 or 0% to 100%, got {value!r}")
        return None
    return rate


def _bands(data: Mapping[str, Any], path: str, issues: Issues) -> BandSpec:
    edges = tuple(data["edges"])
    if list(edges) != sorted(set(edges)):
        issues.at(
            data, "edges", f"{path}.edges", f"must be ascending and distinct, got {list(edges)}"
        )
    labels = tuple(data.get("labels") or ())
    if labels and len(labels) != len(edges) + 1:
        issues.at(
            data,
            "labels",
            f"{path}.labels",
            f"must have one label more than edges ({len(edges) + 1}), got {len(labels)}",
        )
    return BandSpec(edges, data.get("unit", "working_days"), labels)


def _percent(data: Mapping[str, Any] | None, issues: Issues) -> PercentStyle:
    """The profile's ``percent`` (checked against :data:`PROFILE` already):
    ``first_round_to`` must keep more decimals than ``decimals``."""
    style = PercentStyle.from_dict(data)
    if data and style.first_round_to is not None and style.first_round_to <= style.decimals:
        issues.at(
            data,
            "first_round_to",
            "percent.first_round_to",
            f"must be more than decimals ({style.decimals}), got {style.first_round_to}",
        )
    return style


def _read(path: Path) -> Profile:
    source = str(path)
    data = load_yaml_file(path)
    issues = Issues(source)
    if not isinstance(data, Mapping):
        raise RuleSetError([RuleSetIssue(source, line_of(data), "", "a profile must be a mapping")])
    check(PROFILE, data, "", None, None, issues.at)
    issues.raise_if_any()
    try:
        rs = load_ruleset(data["ruleset"])
    except StatDeadlineError as exc:
        issues.at(data, "ruleset", "ruleset", str(exc).splitlines()[0])
        issues.raise_if_any()
        raise  # not reached: an issue was noted
    default_average = data.get("average", "working_days")
    deadlines = []
    seen: set[str] = set()
    for i, entry in enumerate(data["deadlines"]):
        where = f"deadlines[{i}]"
        clock = entry["clock"]
        if clock not in rs.clocks:
            issues.at(
                entry,
                "clock",
                f"{where}.clock",
                f"{rs.id} has no clock {clock!r}; its clocks: {', '.join(rs.clocks)}",
            )
        if clock in seen:
            issues.at(entry, "clock", f"{where}.clock", f"{clock!r} is listed twice")
        seen.add(clock)
        bands = _bands(entry["bands"], f"{where}.bands", issues) if "bands" in entry else None
        deadlines.append(
            DeadlineProfile(
                clock,
                entry.get("label"),
                bands,
                _target(entry.get("target"), entry, "target", f"{where}.target", issues),
                entry.get("average", default_average),
            )
        )
    percent = _percent(data.get("percent"), issues)
    issues.raise_if_any()
    return Profile(
        data["id"],
        data["title"],
        rs.id,
        data["source"].strip(),
        tuple(deadlines),
        str(path.resolve()),
        data["note"].strip() if data.get("note") else None,
        percent,
        (data["noun"]["one"], data["noun"]["many"])
        if data.get("noun")
        else ("complaint", "complaints"),
    )


def load_profile(ref: str | os.PathLike[str]) -> Profile:
    """A profile by id (a bundled one) or path; :class:`RuleSetError` with file, line and
    key path for every problem in the file; :class:`InvalidArgumentError` naming the
    bundled profiles for an unknown id or a missing file."""
    found = Path(ref) if is_path(ref) else bundled_profiles().get(str(ref))
    if found is None or not found.is_file():
        known = ", ".join(bundled_profiles()) or "none"
        raise InvalidArgumentError(
            "profile", os.fspath(ref), f"a bundled profile ({known}) or a profile file"
        )
    return _read(found)


def profile_schema_json() -> str:
    """The JSON Schema (draft 2020-12) of a profile file, as shipped in
    ``rules/profiles/profile.schema.json``."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://statdeadline.invalid/schema/profile-1.json",
        "title": f"statdeadline report profile ({PROFILE_FORMAT})",
        **_render(PROFILE),
    }
    target = schema["properties"]["deadlines"]["items"]["properties"]["target"]
    target.clear()
    target.update(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": 1},
                {"type": "string", "pattern": r"^\d+(\.\d+)?%$"},
            ],
            "description": "the on-time rate compared with: 0.8 or '80%'",
        }
    )
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(profile_schema_json(), end="")
