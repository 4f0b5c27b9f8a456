"""Shared hypothesis strategies (and the cached calendars they draw from).

Keep this module small and reusable: calendar strategies live here, engine strategies
can join them later. Every calendar built here has ``authoritative_until=2100`` so that
no draw triggers a :class:`~statdeadline.HorizonWarning` (the suite runs with
``filterwarnings = error``); tests of the horizon build their own calendars.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from hypothesis import strategies as st

from statdeadline import (
    DIVISIONS,
    MAX_DATE,
    MIN_DATE,
    CalendarOverrides,
    RuleSet,
    WorkingDayCalendar,
)

__all__ = [
    "INTERIOR_MAX",
    "INTERIOR_MIN",
    "calendar",
    "calendars",
    "case_start_dates",
    "dates",
    "day_gaps",
    "divisions",
    "event_fields",
    "interior_dates",
    "override_calendars",
    "rule_file_mutations",
    "rule_like_data",
    "working_day_counts",
    "yaml_data",
    "yaml_scalars",
    "yaml_texts",
]

#: Dates at least a year from either end of the supported range: adding up to
#: :data:`MAX_STEP` working days to one of them never leaves the range.
INTERIOR_MIN = dt.date(MIN_DATE.year + 1, 1, 1)
INTERIOR_MAX = dt.date(MAX_DATE.year - 1, 12, 31)
#: The largest |n| drawn by :func:`working_day_counts` (fewer than a year of working days).
MAX_STEP = 250


@functools.cache
def calendar(division: str = "england-and-wales") -> WorkingDayCalendar:
    """The (cached) calendar for ``division``, authoritative to 2100 so it never warns."""
    return WorkingDayCalendar(division, authoritative_until=MAX_DATE.year)


def dates(
    min_value: dt.date = MIN_DATE, max_value: dt.date = MAX_DATE
) -> st.SearchStrategy[dt.date]:
    """Dates in the supported range (or a narrower one)."""
    return st.dates(min_value=min_value, max_value=max_value)


def interior_dates() -> st.SearchStrategy[dt.date]:
    """Dates from which any step drawn by :func:`working_day_counts` stays in range."""
    return dates(INTERIOR_MIN, INTERIOR_MAX)


def divisions() -> st.SearchStrategy[str]:
    """One of the four division names."""
    return st.sampled_from(DIVISIONS)


def calendars() -> st.SearchStrategy[WorkingDayCalendar]:
    """A calendar for any division, without overrides."""
    return divisions().map(calendar)


def working_day_counts(
    min_value: int = -MAX_STEP, max_value: int = MAX_STEP
) -> st.SearchStrategy[int]:
    """A number of working days to add (negative counts back)."""
    return st.integers(min_value=min_value, max_value=max_value)


def _overrides(non_working: Iterable[dt.date], working: Iterable[dt.date]) -> CalendarOverrides:
    working = set(working) - set(non_working)  # a date may not be both
    return CalendarOverrides.of(
        {d: f"closure {d}" for d in non_working}, {d: f"open {d}" for d in working}
    )


@st.composite
def override_calendars(
    draw: st.DrawFn, min_value: dt.date = INTERIOR_MIN, max_value: dt.date = INTERIOR_MAX
) -> tuple[WorkingDayCalendar, dt.date]:
    """A calendar with a few overrides, and a date near them (within ~6 weeks).

    Returns ``(calendar, date)`` so a test can start counting where the overrides matter.
    Override days are any days (weekdays, weekends, bank holidays).
    """
    division = draw(divisions())
    centre = draw(dates(min_value, max_value))
    near = st.integers(-45, 45).map(lambda k: centre + dt.timedelta(days=k))
    non_working = draw(st.sets(near, max_size=4))
    working = draw(st.sets(near, max_size=4))
    overrides = _overrides(non_working, working)
    # Not cached here: the library keeps a bounded cache of its own.
    return WorkingDayCalendar(division, overrides, authoritative_until=MAX_DATE.year), centre


# --------------------------------------------------------------------------- rule files
#
# Strategies for fuzzing the rule-file loader: arbitrary YAML-ish data, and mutations of a
# shipped rule file. They draw plain ``dict``/``list``/scalar data (what ``yaml.safe_dump``
# can write), so a test dumps the draw to a file and loads it.

#: Ids the mutations rename references to: a few real-looking ones and some that are not ids.
RULE_IDS = ("received", "response", "stage1", "closed", "new", "open", "nowhere", "x", "Bad-Id")


def yaml_scalars() -> st.SearchStrategy[Any]:
    """Scalars YAML can hold: null, bools, integers, floats, short text, dates."""
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**6), 10**6),
        st.floats(allow_nan=False),
        st.text(max_size=12),
        st.sampled_from(RULE_IDS),
        st.dates(),
    )


def yaml_data(max_leaves: int = 30) -> st.SearchStrategy[Any]:
    """Nested dicts (string keys, some of them rule-file keys) and lists of scalars."""
    keys = st.one_of(st.sampled_from(_RULE_KEYS), st.text(max_size=8))
    return st.recursive(
        yaml_scalars(),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(keys, inner, max_size=5),
        ),
        max_leaves=max_leaves,
    )


def rule_like_data() -> st.SearchStrategy[dict[str, Any]]:
    """A rule file's valid header (format, id, title, version, effective_from) with
    random sections: maps of ids to arbitrary data, lists, or anything at all. Gets
    past the first checks into the loader's later ones."""
    ids = st.sampled_from(RULE_IDS)
    section = st.one_of(
        st.dictionaries(ids, yaml_data(max_leaves=10), max_size=4),
        st.lists(yaml_data(max_leaves=6), max_size=4),
        yaml_data(max_leaves=4),
    )
    return st.fixed_dictionaries(
        {
            "format": st.just("statdeadline/rules@1"),
            "id": st.sampled_from(("fuzz", "fuzz-rules")),
            "title": st.just("Fuzz"),
            "version": st.just("1"),
            "effective_from": st.dates(),
        },
        optional=dict.fromkeys(
            (
                "extends",
                "sources",
                "calendar",
                "conventions",
                "events",
                "states",
                "transitions",
                "clocks",
                "checks",
            ),
            section,
        ),
    )


_RULE_KEYS = (
    "format", "id", "title", "version", "effective_from", "effective_to", "extends",
    "sources", "calendar", "conventions", "events", "states", "transitions", "clocks",
    "checks", "label", "start", "met_by", "duration", "working_days", "citation", "source",
    "ref", "confidence", "event", "from", "to", "initial", "final", "fields", "type",
)  # fmt: skip


def _walk(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every (path, value) in nested dicts/lists, the root included (path ``()``)."""
    yield path, data
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _walk(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _walk(v, (*path, i))


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


@st.composite
def _mutate_once(draw: st.DrawFn, data: Any) -> str:
    """Apply one mutation to ``data`` in place; return a description of it."""
    nodes = list(_walk(data))
    dicts = [(p, v) for p, v in nodes if isinstance(v, dict) and v]
    lists = [(p, v) for p, v in nodes if isinstance(v, list) and v]
    leaves = [(p, v) for p, v in nodes if p and isinstance(v, str)]
    kinds = ["retype"] + ["delete_key", "rename_key"] * bool(dicts)
    kinds += ["duplicate_item", "remove_item"] * bool(lists) + ["rename_ref"] * bool(leaves)
    kind = draw(st.sampled_from(kinds))
    if kind in ("delete_key", "rename_key"):
        path, d = draw(st.sampled_from(dicts))
        key = draw(st.sampled_from(sorted(d, key=str)))
        value = d.pop(key)
        if kind == "rename_key":
            new = draw(st.sampled_from((*RULE_IDS, *_RULE_KEYS)))
            d[new] = value
            return f"rename key {(*path, key)} to {new!r}"
        return f"delete {(*path, key)}"
    if kind in ("duplicate_item", "remove_item"):
        path, items = draw(st.sampled_from(lists))
        i = draw(st.integers(0, len(items) - 1))
        if kind == "duplicate_item":
            items.insert(i, items[i])
            return f"duplicate {(*path, i)}"
        del items[i]
        return f"remove {(*path, i)}"
    if kind == "rename_ref":
        path, _ = draw(st.sampled_from(leaves))
        new = draw(st.sampled_from(RULE_IDS))
        _get(data, path[:-1])[path[-1]] = new
        return f"set {path} to {new!r}"
    path, old = draw(st.sampled_from([(p, v) for p, v in nodes if p]))
    new = draw(yaml_data(max_leaves=4).filter(lambda v: type(v) is not type(old)))
    _get(data, path[:-1])[path[-1]] = new
    return f"set {path} to {new!r}"


def yaml_texts() -> st.SearchStrategy[str]:
    """Text made of YAML tokens and fragments (indents, flow brackets, anchors, tags,
    merge keys, dates that do not exist...), more likely than random text to reach the
    parser's and constructors' corners."""
    tokens = st.sampled_from(
        (
            "a", "id", ":", ": ", " ", "  ", "\n", "- ", "[", "]", "{", "}", ",", "&x ", "*x",
            "<<: ", "!!int ", "!!bool ", "!!float ", "!!timestamp ", "!!binary ", "!!set ",
            "!!python/object:os.system ", "? ", "|", ">", "'", '"', "#", "---", "...",
            "2024-02-30", "2024-01-31", "1e999", "0x1F", "~", "null", "yes", "\t", "\\",
            "\ufeff", "%YAML 1.1\n",
        )
    )  # fmt: skip
    return st.lists(st.one_of(tokens, st.text(max_size=3)), max_size=40).map("".join)


@st.composite
def rule_file_mutations(draw: st.DrawFn, data: Any, max_mutations: int = 3) -> tuple[Any, str]:
    """A deep copy of rule-file ``data`` with 1..max_mutations random mutations: delete or
    rename a key, give a value another type, point a reference elsewhere, duplicate or
    remove a list item. Returns ``(mutated, description)``."""
    mutated = copy.deepcopy(data)
    done = [draw(_mutate_once(mutated)) for _ in range(draw(st.integers(1, max_mutations)))]
    return mutated, "; ".join(done)


# --------------------------------------------------------------------------- engine
#
# Strategies for driving a Case: when it starts, how far apart its events are, and the
# fields of one event. Dates stay within 2024..2026 and extensions are small, so that no
# deadline reaches past the default calendar horizon (next year) and warns.

#: Texts drawn for free-text fields (reasons).
REASONS = ("complex", "advocate needed", "complainant unwell", "awaiting records")


def case_start_dates() -> st.SearchStrategy[dt.date]:
    """A receipt date, 2024-01-01 .. 2025-03-31 (any day of the week)."""
    return st.dates(dt.date(2024, 1, 1), dt.date(2025, 3, 31))


def day_gaps(max_days: int = 14) -> st.SearchStrategy[int]:
    """Calendar days from one event to the next (0: the same day), mostly small."""
    return st.one_of(st.integers(0, 3), st.integers(0, max_days))


def _field_value(
    draw: st.DrawFn,
    ruleset: RuleSet,
    effect: str | None,
    name: str,
    kind: str,
    on: dt.date,
    running: Mapping[str, dt.date | None],
) -> object:
    if kind == "date":
        if name == "until":
            return on + dt.timedelta(draw(st.integers(1, 30)))
        if any(c.due_on == name for c in ruleset.clocks.values()):  # a date set by a letter
            return on + dt.timedelta(draw(st.integers(0, 30)))
        return on - dt.timedelta(draw(st.integers(0, 500)))
    if kind == "int":
        return draw(st.integers(1, 10))
    if kind == "bool":
        return draw(st.sampled_from((True, True, True, False)))
    if kind == "clock":
        clocks = list(ruleset.clocks.values())
        if effect == "extend":
            preferred = [c.id for c in clocks if c.extension is not None]
        elif effect in ("pause", "resume"):
            preferred = [c.id for c in clocks if c.pausable]
        else:
            preferred = []
        live = [c for c in preferred if c in running]
        if live and draw(st.integers(0, 3)):
            preferred = live  # mostly a clock that is running now
        return draw(st.sampled_from(preferred or sorted(ruleset.clocks)))
    if kind == "str":
        return draw(st.sampled_from(REASONS))
    raise AssertionError(f"choice fields are drawn by the caller, not {kind!r}")


#: Ways :func:`event_fields` spoils a draw when asked for invalid fields.
SPOILS = ("unknown_field", "drop_required", "bad_value")


@st.composite
def event_fields(
    draw: st.DrawFn,
    ruleset: RuleSet,
    event: str,
    on: dt.date,
    valid: bool = True,
    running: Mapping[str, dt.date | None] | None = None,
) -> dict[str, object]:
    """Fields for ``event`` of ``ruleset`` recorded on ``on``.

    Valid draws have every required field, exactly one field of each ``one_of`` group,
    optional fields at random, and values of the declared types: clocks the event's
    effect can act on (mostly, when ``running`` maps the running clocks to their due
    dates, one of those); an ``until`` 1..30 days after the named clock's due date (or
    after ``on``); other dates up to 500 days before ``on``. Valid fields may still be
    refused for the event's effect (an extension past its cap). With ``valid=False`` one of
    :data:`SPOILS` is applied, so recording always fails.
    """
    running = running or {}
    edef = ruleset.events.get(event)
    if edef is None:  # an unknown event is refused whatever its fields
        return {}
    grouped = {f for group in edef.one_of for f in group}
    chosen = {draw(st.sampled_from(group)) for group in edef.one_of}
    out: dict[str, object] = {}
    for name, spec in edef.fields.items():
        if name in grouped:
            if name not in chosen:
                continue
        elif not spec.required and not draw(st.booleans()):
            continue
        if spec.type == "choice":
            out[name] = draw(st.sampled_from(spec.values))
        else:
            out[name] = _field_value(draw, ruleset, edef.effect, name, spec.type, on, running)
    due = running.get(str(out.get("clock")))
    if "until" in out and due is not None and draw(st.integers(0, 3)):
        out["until"] = max(due, on) + dt.timedelta(draw(st.integers(1, 30)))
    if valid:
        return out
    needed = [n for n, s in edef.fields.items() if s.required or n in chosen]
    spoil = draw(st.sampled_from(SPOILS if needed else SPOILS[:1]))
    if spoil == "unknown_field":
        out["no_such_field"] = "x"
    elif spoil == "drop_required":
        del out[draw(st.sampled_from(needed))]
    else:
        name = draw(st.sampled_from(needed))
        bad = {"date": "not a date", "int": "many", "bool": "maybe", "str": ""}
        out[name] = bad.get(edef.fields[name].type, "no_such_value")
    return out
