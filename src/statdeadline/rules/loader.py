"""Load rule files (YAML) into validated :class:`~statdeadline.rules.RuleSet` objects.

Order of work: parse safely (no Python objects, duplicate keys rejected); check the
structure against :data:`statdeadline.ruleformat.RULESET`; build the model, checking
cross-references and numbers; for an overlay, load its base and merge, refusing anything
that removes or loosens a statutory rule; then check the state graph. Every problem found
is reported at once in one :class:`RuleSetError`, each with file, line and key path.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import re
import warnings
from collections import deque
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from ..calendar import DIVISIONS, CalendarOverrides, parse_date
from ..exceptions import (
    InvalidArgumentError,
    RuleSetError,
    RuleSetIssue,
    RuleSetWarning,
    UnknownRuleSetError,
)
from . import format as rf
from .model import (
    CheckDef,
    Citation,
    ClockDef,
    Condition,
    ConventionChoice,
    Duration,
    EventDef,
    ExtensionRule,
    FieldSpec,
    RuleSet,
    Source,
    StateDef,
    Transition,
    TriageLevel,
    TriageRule,
)
from .overrides import overrides_from_data
from .vocabulary import CONVENTIONS, OLD_SPELLINGS
from .yamlfile import line_of, load_yaml_file

__all__ = ["bundled_rules_dir", "list_bundled", "load_ruleset", "validate_file"]


def bundled_rules_dir() -> Path:
    """The folder of rule files shipped with the library.

    In an installed wheel they are in the package (``statdeadline/_rules``); in a source
    checkout (editable install) they are the repository's ``rules/`` folder.
    """
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_rules"
    if packaged.is_dir():
        return packaged
    return package.parent.parent / "rules"


def _rule_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yaml") if p.is_file())


def list_bundled() -> dict[str, list[Path]]:
    """Bundled rule-set ids and their files (one per version), sorted by id."""
    out: dict[str, list[Path]] = {}
    for p in _rule_files(bundled_rules_dir()):
        out.setdefault(p.stem.split("@")[0], []).append(p)
    return dict(sorted(out.items()))


# --------------------------------------------------------------------------- public


def load_ruleset(
    ref: str | os.PathLike[str],
    *,
    on: _dt.date | str | None = None,
    conventions: Mapping[str, str] | None = None,
    division: str | None = None,
) -> RuleSet:
    """Load a rule set by bundled id (``"england-children-2006"``) or by file path.

    ``on``: choose the version in force on that date (a date or ``"YYYY-MM-DD"``; default: the newest, or for a path
    the file itself); for a path, the versions are the files beside it named
    ``<id>.yaml`` / ``<id>@<tag>.yaml``. A case picks the version by its receipt date
    itself, so this is rarely needed.
    ``conventions`` / ``division``: a council's choice among the alternatives the rule set
    declares (e.g. ``conventions={"receipt": "deemed_next_working_day"}``,
    ``division="united-kingdom"``); anything else raises :class:`RuleSetError`.

    Results are cached by file, modification time and options.
    """
    if not isinstance(ref, (str, os.PathLike)):
        raise InvalidArgumentError("ref", ref, "a rule-set id or a path to a rule file")
    if conventions is not None and not (
        isinstance(conventions, Mapping)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in conventions.items())
    ):
        raise InvalidArgumentError(
            "conventions", conventions, "a mapping of convention names to values (strings)"
        )
    if division is not None and not isinstance(division, str):
        raise InvalidArgumentError("division", division, "a division name (a string)")
    path = _resolve(ref, parse_date(on, "on") if on is not None else None)
    stat = path.stat()
    conv = tuple(sorted((conventions or {}).items()))
    return _load_cached(str(path), stat.st_mtime_ns, conv, division)


def validate_file(path: str | os.PathLike[str]) -> RuleSet:
    """Load and fully validate one rule file; raises :class:`RuleSetError` with every issue."""
    p = Path(path)
    if not p.is_file():
        raise RuleSetError([RuleSetIssue(str(p), None, "", "no such file")])
    return _load_cached(str(p.resolve()), p.stat().st_mtime_ns, (), None)


def versions_of(ruleset: RuleSet) -> list[RuleSet]:
    """Every version of ``ruleset``'s id found beside its file (or bundled), oldest first.

    ``ruleset`` itself is one of them; the others are loaded with the same council
    choices (conventions, division) that ``ruleset`` was loaded with, so a case that
    moves to another version keeps them (a version that does not allow a choice raises
    :class:`RuleSetError`).
    """
    files: list[Path] = []
    own: Path | None = None
    conv: tuple[tuple[str, str], ...] = ()
    division: str | None = None
    if ruleset.path:
        own = Path(ruleset.path).resolve()
        files = [p for p in own.parent.glob("*.yaml") if p.stem.split("@")[0] == ruleset.id]
        if own.is_file():
            plain = _load_cached(str(own), own.stat().st_mtime_ns, (), None)
            conv = tuple(
                sorted(
                    (name, c.value)
                    for name, c in ruleset.conventions.items()
                    if name not in plain.conventions or plain.conventions[name].value != c.value
                )
            )
            division = ruleset.division if ruleset.division != plain.division else None
    if not files:
        files = list_bundled().get(ruleset.id, [])
    out = [
        ruleset
        if p.resolve() == own
        else _load_cached(str(p.resolve()), p.stat().st_mtime_ns, conv, division)
        for p in files
    ]
    return sorted(out, key=lambda r: r.effective_from)


def _resolve(ref: str | os.PathLike[str], on: _dt.date | None) -> Path:
    text = os.fspath(ref)
    if (
        isinstance(ref, os.PathLike)
        or text.endswith((".yaml", ".yml"))
        or os.sep in text
        or "/" in text
    ):
        p = Path(text)
        if not p.is_file():
            raise RuleSetError([RuleSetIssue(text, None, "", "no such rule file")])
        p = p.resolve()
        if on is None:
            return p
        name = p.stem.split("@")[0]
        siblings = sorted(f for f in p.parent.glob("*.yaml") if f.stem.split("@")[0] == name)
        return _version_on(name, siblings or [p], on, [name])
    bundled = list_bundled()
    files = bundled.get(text)
    if not files:
        raise UnknownRuleSetError(text, list(bundled))
    if len(files) == 1 and on is None:
        return files[0].resolve()
    return _version_on(text, files, on, list(bundled))


def _version_on(name: str, files: list[Path], on: _dt.date | None, available: list[str]) -> Path:
    """The file among ``files`` (versions of ``name``) in force ``on`` (None: the newest)."""
    versions = [_load_cached(str(p.resolve()), p.stat().st_mtime_ns, (), None) for p in files]
    versions.sort(key=lambda r: r.effective_from)
    if on is None:
        chosen = versions[-1]
    else:
        found = [r for r in versions if r.covers(on)]
        if not found:
            spans = ", ".join(
                f"{r.version}: {r.effective_from}..{r.effective_to or ''}" for r in versions
            )
            raise UnknownRuleSetError(
                name,
                available,
                on,
                f"no version of {name!r} is in force on {on}; versions: {spans}",
            )
        chosen = found[-1]
    assert chosen.path is not None
    return Path(chosen.path)


@functools.lru_cache(maxsize=128)
def _load_cached(
    path: str, mtime_ns: int, conventions: tuple[tuple[str, str], ...], division: str | None
) -> RuleSet:
    del mtime_ns  # part of the cache key only
    rs = _load_file(Path(path), stack=())
    if conventions or division:
        rs = _apply_choices(rs, dict(conventions), division, source="load_ruleset()")
    return rs


# --------------------------------------------------------------------------- building


class _Issues:
    """Collects problems with their file and line."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[RuleSetIssue] = []

    def at(self, container: Any, key: Any, path: str, message: str) -> None:
        self.items.append(RuleSetIssue(self.file, line_of(container, key), path, message))

    def raise_if_any(self, ruleset_id: str | None = None) -> None:
        if self.items:
            seen: set[RuleSetIssue] = set()
            unique = [i for i in self.items if not (i in seen or seen.add(i))]  # type: ignore[func-returns-value]
            raise RuleSetError(unique, ruleset_id)


def _is_time(value: Any) -> bool:
    """A receipt cut-off may always be set to a time of day (it only makes deadlines later
    for receipts late in the day, which is the documented purpose of the convention)."""
    return isinstance(value, str) and re.fullmatch(rf.TIME_PATTERN, value) is not None


def _ids(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _duration(data: Mapping[str, Any]) -> Duration:
    for unit in ("working_days", "calendar_days", "months"):
        if unit in data:
            end = data.get("end", "corresponding")
            roll = data.get("roll", "none")
            return Duration(unit, int(data[unit]), end, roll)
    raise AssertionError("structure check guarantees one unit")


def _citation(data: Mapping[str, Any], sources: Mapping[str, Source]) -> Citation:
    src = sources.get(data["source"])
    return Citation(
        source=data["source"],
        ref=data["ref"],
        confidence=data["confidence"],
        url=data.get("url") or (src.url if src else None),
        quote=data.get("quote"),
        note=data.get("note"),
        title=src.title if src else None,
    )


def _load_file(path: Path, stack: tuple[str, ...]) -> RuleSet:
    source = str(path)
    data = load_yaml_file(path)
    issues = _Issues(source)
    if not isinstance(data, Mapping):
        raise RuleSetError(
            [RuleSetIssue(source, line_of(data), "", "a rule file must be a mapping")]
        )

    _respell(data, source)
    # clocks are checked one by one below: an overlay's entry for a statutory clock may
    # only choose among its declared alternatives, so it has another shape.
    top = attrs.evolve(rf.RULESET, keys={**rf.RULESET.keys, "clocks": rf.ANY})
    rf.check(top, data, "", None, None, issues.at)
    extends = data.get("extends") if isinstance(data.get("extends"), str) else None
    base: RuleSet | None = None
    if extends:
        if extends in stack or extends == data.get("id"):
            issues.at(
                data,
                "extends",
                "extends",
                f"circular: {' -> '.join((*stack, str(data.get('id')), extends))}",
            )
        else:
            try:
                base = _load_base(extends, path, (*stack, str(data.get("id"))))
            except (RuleSetError, UnknownRuleSetError) as exc:
                # one line: the base's own issues, separated by "; "
                why = "; ".join(map(str, exc.issues)) if isinstance(exc, RuleSetError) else exc
                issues.at(
                    data, "extends", "extends", f"cannot load base rule set {extends!r}: {why}"
                )
    clocks = data.get("clocks")
    if clocks is not None:
        if not isinstance(clocks, Mapping):
            issues.at(data, "clocks", "clocks", "must be a mapping")
        else:
            for cid, cdata in clocks.items():
                spec = rf.CLOCK_CHOICE if base is not None and cid in base.clocks else rf.CLOCK
                if not isinstance(cid, str) or not rf.matches(rf.ID_PATTERN, cid):
                    issues.at(
                        clocks,
                        cid,
                        rf.join_path("clocks", cid),
                        f"key must match {rf.ID_PATTERN}, got {cid!r}",
                    )
                    continue
                rf.check(spec, cdata, f"clocks.{cid}", clocks, cid, issues.at)
    issues.raise_if_any(data.get("id") if isinstance(data.get("id"), str) else None)
    rs = _build(data, path, base, issues)
    issues.raise_if_any(data["id"])
    assert rs is not None
    return rs


def _respell(data: Mapping[str, Any], source: str) -> None:
    """Read an old (hyphenated) spelling of a clock kind as the new one, with a warning."""
    clocks = data.get("clocks")
    if not isinstance(clocks, Mapping):
        return
    for cid, c in clocks.items():
        kind = c.get("kind") if isinstance(c, dict) else None
        if isinstance(kind, str) and kind in OLD_SPELLINGS:
            new = OLD_SPELLINGS[kind]
            path = rf.join_path(rf.join_path("clocks", cid), "kind")
            warnings.warn(RuleSetWarning(source, line_of(c, "kind"), path, kind, new), stacklevel=2)
            c["kind"] = new


def _load_base(ref: str, child: Path, stack: tuple[str, ...]) -> RuleSet:
    """Find a base rule set: beside the overlay (or in parent folders up to the rules
    root), else among the bundled ones."""
    found: Path | None = None
    for folder in (child.parent, *child.parent.parents[:2]):
        found = next(
            (c for c in sorted(folder.glob("*.yaml")) if c.stem.split("@")[0] == ref), None
        )
        if found is not None:
            break
    if found is None:
        files = list_bundled().get(ref)
        if not files:
            raise UnknownRuleSetError(ref, list(list_bundled()))
        found = files[-1]
    # Found by its name: make sure it is the rule set named (a file whose id differs could
    # otherwise be loaded as a base, even the overlay itself, recursing without end).
    data = load_yaml_file(found)
    rid = data.get("id") if isinstance(data, Mapping) else None
    if rid != ref:
        raise RuleSetError(
            [
                RuleSetIssue(
                    str(found),
                    line_of(data, "id") if isinstance(data, Mapping) else None,
                    "id",
                    f"the file found for base rule set {ref!r} has id {rid!r}",
                )
            ]
        )
    return _load_file(found.resolve(), stack)


def _build(
    data: Mapping[str, Any], path: Path, base: RuleSet | None, issues: _Issues
) -> RuleSet | None:
    rid: str = data["id"]
    if path.stem.split("@")[0] != rid and path.resolve().is_relative_to(
        bundled_rules_dir().resolve()
    ):
        issues.at(data, "id", "id", f"a bundled rule file must be named after its id: {rid}.yaml")
    sources: dict[str, Source] = dict(base.sources) if base else {}
    for sid, s in (data.get("sources") or {}).items():
        if base and sid in base.sources:  # it would retitle the base's citations
            issues.at(
                data["sources"],
                sid,
                f"sources.{sid}",
                f"already defined by {base.id}; an overlay may add sources, not redefine them",
            )
            continue
        sources[sid] = Source(sid, s["title"], s.get("url"), s.get("note"))

    def cite(container: Any, key: Any, where: str) -> Citation:
        cdata = container[key]
        if cdata["source"] not in sources:
            issues.at(
                cdata,
                "source",
                f"{where}.source",
                f"unknown source {cdata['source']!r}; declared: {', '.join(sorted(sources)) or 'none'}",
            )
        return _citation(cdata, sources)

    # ---- events
    events: dict[str, EventDef] = dict(base.events) if base else {}
    for eid, e in (data.get("events") or {}).items():
        where = f"events.{eid}"
        if eid in events:
            issues.at(
                data["events"],
                eid,
                where,
                f"already defined by {base.id if base else 'this file'}; an overlay may add events, not redefine them",
            )
            continue
        fields = {}
        for fname, f in (e.get("fields") or {}).items():
            ftype = f["type"]
            if ftype == "choice" and not f.get("values"):
                issues.at(
                    e["fields"],
                    fname,
                    f"{where}.fields.{fname}.values",
                    "a choice field needs values",
                )
            fields[fname] = FieldSpec(
                fname,
                ftype,
                bool(f.get("required", False)),
                tuple(str(v) for v in f.get("values") or ()),
                f.get("label"),
                f.get("minimum"),
            )
        one_of = tuple(tuple(g) for g in e.get("one_of") or ())
        for gi, group in enumerate(one_of):
            for fname in group:
                if fname not in fields:
                    issues.at(
                        e["one_of"],
                        gi,
                        f"{where}.one_of[{gi}]",
                        f"unknown field {fname!r}; fields: {', '.join(sorted(fields))}",
                    )
        effect = e.get("effect")
        ev = EventDef(
            eid,
            e["label"],
            fields,
            effect,
            one_of,
            e.get("description"),
            bool(e.get("receipt", False)),
        )
        _check_effect(ev, e, where, issues)
        events[eid] = ev

    # ---- states and transitions
    states: dict[str, StateDef] = dict(base.states) if base else {}
    for sid, s in (data.get("states") or {}).items():
        if sid in states:
            issues.at(data["states"], sid, f"states.{sid}", "already defined by the base rule set")
            continue
        if base and (s.get("initial") or s.get("final")):
            issues.at(
                data["states"],
                sid,
                f"states.{sid}",
                "an overlay may not add initial or final states",
            )
        states[sid] = StateDef(
            sid, s["label"], bool(s.get("initial", False)), bool(s.get("final", False))
        )
    transitions: list[Transition] = list(base.transitions) if base else []
    non_final = tuple(s for s, d in states.items() if not d.final)
    for i, t in enumerate(data.get("transitions") or ()):
        where = f"transitions[{i}]"
        if t["event"] not in events:
            issues.at(
                t,
                "event",
                f"{where}.event",
                f"unknown event {t['event']!r}; events: {', '.join(sorted(events))}",
            )
        src = non_final if t["from"] == "*" else _ids(t["from"])
        for s in src:
            if s not in states:
                issues.at(
                    t,
                    "from",
                    f"{where}.from",
                    f"unknown state {s!r}; states: {', '.join(sorted(states))}",
                )
        target = t.get("to")
        if target is not None and target not in states:
            issues.at(
                t,
                "to",
                f"{where}.to",
                f"unknown state {target!r}; states: {', '.join(sorted(states))}",
            )
        for s in src:
            for old in transitions:
                if (
                    old.event == t["event"]
                    and s in (non_final if old.any_state else old.sources)
                    and (old.target or s) != (target or s)
                ):
                    issues.at(
                        t,
                        "from",
                        f"{where}.from",
                        f"event {t['event']!r} in state {s!r} already leads to {old.target or s!r}",
                    )
        transitions.append(Transition(t["event"], tuple(src), target, t["from"] == "*"))
    transitions = [attrs.evolve(t, sources=non_final) if t.any_state else t for t in transitions]

    # ---- calendar and conventions
    cal = data.get("calendar") or {}
    division = base.division if base else cal.get("division", "england-and-wales")
    alternatives = (
        base.division_alternatives if base else tuple(cal.get("division_alternatives") or ())
    )
    overrides = base.overrides if base else CalendarOverrides()
    local_overrides = base.local_overrides if base else CalendarOverrides()
    if base and "division" in cal and cal["division"] != division:
        if cal["division"] not in alternatives:
            issues.at(
                cal,
                "division",
                "calendar.division",
                f"{base.id} counts bank holidays of {division}; an overlay may choose only a declared alternative ({', '.join(alternatives) or 'none'}), got {cal['division']!r}",
            )
        else:
            division = cal["division"]
    if base and "division_alternatives" in cal:
        issues.at(
            cal,
            "division_alternatives",
            "calendar.division_alternatives",
            "only the statutory rule set declares alternatives",
        )
    if "non_working" in cal or "working" in cal:
        try:
            o = overrides_from_data(
                {k: cal[k] for k in ("non_working", "working") if k in cal}, str(path), "calendar"
            )
        except RuleSetError as exc:
            issues.items.extend(exc.issues)
            o = CalendarOverrides()
        if base:
            local_overrides = local_overrides.merged(o)
        else:
            overrides = o
    conventions: dict[str, ConventionChoice] = dict(base.conventions) if base else {}
    for name, c in (data.get("conventions") or {}).items():
        where = f"conventions.{name}"
        if name not in CONVENTIONS:
            issues.at(
                data["conventions"],
                name,
                where,
                f"unknown convention; known: {', '.join(sorted(CONVENTIONS))}",
            )
            continue
        value = c if isinstance(c, str) else c["value"]
        if base:
            current = conventions.get(name) or ConventionChoice(
                name, CONVENTIONS[name][0], CONVENTIONS[name][1:]
            )
            if not isinstance(c, str) and set(c) - {"value", "note", "citation"}:
                issues.at(
                    data["conventions"],
                    name,
                    where,
                    "an overlay may only choose a value (with a note and citation)",
                )
            if (
                value != current.value
                and value not in current.alternatives
                and not (name == "receipt_cutoff" and _is_time(value))
            ):
                issues.at(
                    data["conventions"],
                    name,
                    where,
                    f"{current.value!r} may be changed only to a declared alternative ({', '.join(current.alternatives) or 'none'}), got {value!r}",
                )
                continue
            conventions[name] = attrs.evolve(
                current,
                value=value,
                note=(c.get("note") if isinstance(c, Mapping) else None) or current.note,
            )
            continue
        alts = tuple(c.get("alternatives") or ()) if isinstance(c, Mapping) else ()
        for v in (value, *alts):
            if v not in CONVENTIONS[name] and not (name == "receipt_cutoff" and _is_time(v)):
                issues.at(
                    data["conventions"],
                    name,
                    where,
                    f"unknown value {v!r}; allowed: {', '.join(CONVENTIONS[name])}",
                )
        conventions[name] = ConventionChoice(
            name,
            value,
            alts,
            cite(c, "citation", f"{where}.citation")
            if isinstance(c, Mapping) and "citation" in c
            else None,
            c.get("note") if isinstance(c, Mapping) else None,
        )
    for name, values in CONVENTIONS.items():
        conventions.setdefault(name, ConventionChoice(name, values[0], ()))

    # ---- clocks
    clocks: dict[str, ClockDef] = dict(base.clocks) if base else {}
    raw_clocks = data.get("clocks") or {}
    for cid, c in raw_clocks.items():
        where = f"clocks.{cid}"
        if base and cid in base.clocks:
            base_clock = base.clocks[cid]
            if c["start"] != base_clock.start and c["start"] not in base_clock.start_alternatives:
                issues.at(
                    c,
                    "start",
                    f"{where}.start",
                    f"statutory clock {cid!r} starts at {base_clock.start!r}; an overlay may choose only a declared alternative ({', '.join(base_clock.start_alternatives) or 'none'}), got {c['start']!r}",
                )
            clocks[cid] = attrs.evolve(base_clock, start=c["start"])
            continue
        clocks[cid] = _build_clock(cid, c, where, rid, events, cite, issues)
    for cid, clock in clocks.items():
        if cid in raw_clocks and not (base and cid in base.clocks):
            _check_clock_refs(clock, raw_clocks[cid], f"clocks.{cid}", events, clocks, issues)
    # due_with chains must not loop
    for cid, clock in clocks.items():
        seen = [cid]
        nxt = clock.due_with
        while nxt and nxt in clocks:
            if nxt in seen:
                issues.at(
                    raw_clocks.get(cid, data),
                    "due_with",
                    f"clocks.{cid}.due_with",
                    f"circular due_with: {' -> '.join((*seen, nxt))}",
                )
                break
            seen.append(nxt)
            nxt = clocks[nxt].due_with

    # ---- checks
    checks: dict[str, CheckDef] = dict(base.checks) if base else {}
    for kid, k in (data.get("checks") or {}).items():
        where = f"checks.{kid}"
        if kid in checks:
            issues.at(
                data["checks"],
                kid,
                where,
                f"already defined by {base.id if base else 'this file'}; an overlay may add checks, not redefine them",
            )
            continue
        check_event = events.get(k["event"])
        if check_event is None:
            issues.at(k, "event", f"{where}.event", f"unknown event {k['event']!r}")
        elif k["field"] not in check_event.fields or check_event.fields[k["field"]].type != "date":
            issues.at(
                k,
                "field",
                f"{where}.field",
                f"event {k['event']!r} has no date field {k['field']!r}",
            )
        checks[kid] = CheckDef(
            kid,
            k["label"],
            k["event"],
            k["field"],
            _duration(k["within"]),
            k["message"],
            cite(k, "citation", f"{where}.citation"),
        )

    # ---- dates, identity
    eff_from = data["effective_from"]
    eff_to = data.get("effective_to")
    if eff_to is not None and eff_to < eff_from:
        issues.at(
            data,
            "effective_to",
            "effective_to",
            f"must be on or after effective_from ({eff_from}), got {eff_to}",
        )
    if base and eff_from < base.effective_from:
        issues.at(
            data,
            "effective_from",
            "effective_from",
            f"must not be before the base rule set's ({base.effective_from}), got {eff_from}",
        )

    _check_graph(states, transitions, len(base.transitions) if base else 0, events, data, issues)
    if issues.items:
        return None
    return RuleSet(
        id=rid,
        title=data["title"],
        version=str(data["version"]),
        effective_from=eff_from,
        effective_to=eff_to,
        division=division,
        division_alternatives=alternatives,
        overrides=overrides,
        local_overrides=local_overrides,
        conventions=conventions,
        sources=sources,
        events=events,
        states=states,
        transitions=tuple(transitions),
        clocks=clocks,
        checks=checks,
        due_soon_working_days=data.get(
            "due_soon_working_days", base.due_soon_working_days if base else 3
        ),
        extends=base.id if base else None,
        layers=(*(base.layers if base else ()), rid),
        path=str(path),
        description=data.get("description"),
    )


def _check_effect(ev: EventDef, raw: Mapping[str, Any], where: str, issues: _Issues) -> None:
    """An event with an effect needs the fields the engine reads."""
    f = ev.fields
    if ev.effect == "extend":
        if "clock" not in f or f["clock"].type != "clock" or not f["clock"].required:
            issues.at(
                raw,
                "fields",
                f"{where}.fields",
                "an 'extend' event needs a required field 'clock' of type clock",
            )
        if not ({"working_days", "until"} & set(f)):
            issues.at(
                raw,
                "fields",
                f"{where}.fields",
                "an 'extend' event needs a field 'working_days' (int) and/or 'until' (date)",
            )
        if "working_days" in f and f["working_days"].type != "int":
            issues.at(raw, "fields", f"{where}.fields.working_days", "must be of type int")
        if "until" in f and f["until"].type != "date":
            issues.at(raw, "fields", f"{where}.fields.until", "must be of type date")
    elif ev.effect in ("pause", "resume") and "clock" in f and f["clock"].type != "clock":
        issues.at(raw, "fields", f"{where}.fields.clock", "must be of type clock")


def _build_clock(
    cid: str,
    c: Mapping[str, Any],
    where: str,
    layer: str,
    events: Mapping[str, EventDef],
    cite: Any,
    issues: _Issues,
) -> ClockDef:
    duration = _duration(c["duration"]) if "duration" in c else None
    timing = [k for k in ("duration", "triage", "due_with") if k in c]
    if len(timing) != 1:
        issues.at(
            c,
            None,
            where,
            f"needs exactly one of duration, triage, due_with; got {', '.join(timing) or 'none'}",
        )
    ext = None
    if "extension" in c:
        e = c["extension"]
        max_total = _duration(e["max_total"]) if "max_total" in e else None
        if max_total and duration:
            if max_total.unit != duration.unit:
                issues.at(
                    e,
                    "max_total",
                    f"{where}.extension.max_total",
                    f"must be in {duration.unit} like the duration, got {max_total.unit}",
                )
            elif max_total.amount < duration.amount:
                issues.at(
                    e["max_total"],
                    max_total.unit,
                    f"{where}.extension.max_total",
                    f"must be >= duration ({duration.amount}), got {max_total.amount}",
                )
        ext = ExtensionRule(
            max_total,
            tuple(e.get("requires") or ()),
            bool(e.get("before_due", False)),
            cite(e, "citation", f"{where}.extension.citation") if "citation" in e else None,
        )
    triage = None
    if "triage" in c:
        t = c["triage"]
        levels = {}
        for name, lv in t["levels"].items():
            target = _duration(lv["target"])
            aim = _duration(lv["aim"]) if "aim" in lv else None
            maximum = _duration(lv["maximum"]) if "maximum" in lv else None
            lwhere = f"{where}.triage.levels.{name}"
            for label, d in (("aim", aim), ("maximum", maximum)):
                if d and d.unit != target.unit:
                    issues.at(
                        lv,
                        label,
                        f"{lwhere}.{label}",
                        f"must be in {target.unit} like the target, got {d.unit}",
                    )
            if aim and aim.unit == target.unit and aim.amount > target.amount:
                issues.at(
                    lv["aim"],
                    aim.unit,
                    f"{lwhere}.aim",
                    f"must be <= target ({target.amount}), got {aim.amount}",
                )
            if maximum and maximum.unit == target.unit and maximum.amount < target.amount:
                issues.at(
                    lv["maximum"],
                    maximum.unit,
                    f"{lwhere}.maximum",
                    f"must be >= target ({target.amount}), got {maximum.amount}",
                )
            levels[name] = TriageLevel(name, target, aim, maximum, lv.get("label"))
        triage = TriageRule(t["event"], t["field"], levels)
    labels = tuple(c.get("instance_labels") or ())
    repeat = int(c.get("repeat", 1))
    if len(labels) > repeat:
        issues.at(
            c,
            "instance_labels",
            f"{where}.instance_labels",
            f"has {len(labels)} labels for repeat {repeat}",
        )
    return ClockDef(
        id=cid,
        label=c["label"],
        kind=c["kind"],
        start=c["start"],
        met_by=_ids(c["met_by"]),
        citation=cite(c, "citation", f"{where}.citation"),
        duration=duration,
        due_with=c.get("due_with"),
        start_alternatives=tuple(c.get("start_alternatives") or ()),
        superseded_by=_ids(c.get("superseded_by")),
        cancelled_by=_ids(c.get("cancelled_by")),
        extension=ext,
        pausable=bool(c.get("pausable", False)),
        triage=triage,
        condition=Condition(c["applies_if"]["unmet"]) if "applies_if" in c else None,
        repeat=repeat,
        instance_labels=labels,
        note=c.get("note"),
        layer=layer,
    )


def _check_clock_refs(
    clock: ClockDef,
    raw: Mapping[str, Any],
    where: str,
    events: Mapping[str, EventDef],
    clocks: Mapping[str, ClockDef],
    issues: _Issues,
) -> None:
    known = ", ".join(sorted(events))
    for key, ids in (
        ("start", (clock.start,)),
        ("start_alternatives", clock.start_alternatives),
        ("met_by", clock.met_by),
        ("superseded_by", clock.superseded_by),
        ("cancelled_by", clock.cancelled_by),
    ):
        for e in ids:
            if e not in events:
                issues.at(raw, key, f"{where}.{key}", f"unknown event {e!r}; events: {known}")
    if clock.due_with and clock.due_with not in clocks:
        issues.at(raw, "due_with", f"{where}.due_with", f"unknown clock {clock.due_with!r}")
    if clock.condition and clock.condition.unmet_clock not in clocks:
        issues.at(
            raw["applies_if"],
            "unmet",
            f"{where}.applies_if.unmet",
            f"unknown clock {clock.condition.unmet_clock!r}",
        )
    if clock.extension is not None and not any(e.effect == "extend" for e in events.values()):
        issues.at(
            raw,
            "extension",
            f"{where}.extension",
            "no event has effect 'extend', so the clock can never be extended",
        )
    if clock.pausable and not any(e.effect == "pause" for e in events.values()):
        issues.at(raw, "pausable", f"{where}.pausable", "no event has effect 'pause'")
    if clock.triage:
        ev = events.get(clock.triage.event)
        traw = raw["triage"]
        if ev is None:
            issues.at(
                traw,
                "event",
                f"{where}.triage.event",
                f"unknown event {clock.triage.event!r}; events: {known}",
            )
        else:
            if ev.effect != "triage":
                issues.at(
                    traw,
                    "event",
                    f"{where}.triage.event",
                    f"event {ev.id!r} must have effect 'triage'",
                )
            f = ev.fields.get(clock.triage.field)
            if f is None or f.type != "choice":
                issues.at(
                    traw,
                    "field",
                    f"{where}.triage.field",
                    f"event {ev.id!r} has no choice field {clock.triage.field!r}",
                )
            elif set(f.values) != set(clock.triage.levels):
                issues.at(
                    traw,
                    "levels",
                    f"{where}.triage.levels",
                    f"levels ({', '.join(sorted(clock.triage.levels))}) must equal the values of {ev.id}.{f.name} ({', '.join(sorted(f.values))})",
                )
    if clock.extension:
        for req in clock.extension.requires:
            if not any(req in e.fields for e in events.values() if e.effect == "extend"):
                issues.at(
                    raw["extension"],
                    "requires",
                    f"{where}.extension.requires",
                    f"no 'extend' event has a field {req!r}",
                )


def _check_graph(
    states: Mapping[str, StateDef],
    transitions: list[Transition],
    inherited: int,
    events: Mapping[str, EventDef],
    data: Mapping[str, Any],
    issues: _Issues,
) -> None:
    """One initial state; every state reachable; every non-final state can reach a final
    one; nothing leaves a final state. All offenders are reported.

    ``transitions`` starts with the ``inherited`` ones of an overlay's base; the rest are
    this file's, in its order."""
    if not states:
        issues.at(data, "states", "states", "a rule set needs states")
        return
    initial = [s for s, d in states.items() if d.initial]
    raw_states = data.get("states") or data
    if len(initial) != 1:
        issues.at(
            data,
            "states",
            "states",
            f"needs exactly one initial state, found {len(initial)}: {', '.join(initial) or 'none'}",
        )
    finals = {s for s, d in states.items() if d.final}
    if not finals:
        issues.at(data, "states", "states", "needs at least one final state")
    edges: dict[str, set[str]] = {s: set() for s in states}
    for i, t in enumerate(transitions):
        for src in t.sources:
            if src in finals:
                own = i - inherited  # base transitions never leave a final state of the base
                issues.at(
                    data.get("transitions") or data,
                    own if own >= 0 else None,
                    f"transitions[{own}]",
                    f"event {t.event!r} leaves final state {src!r}",
                )
            if src in edges:
                edges[src].add(t.target or src)
    if initial:  # with several initial states, still report what none of them reaches
        seen = set(initial)
        todo = deque(initial)
        while todo:
            for nxt in edges.get(todo.popleft(), ()):
                if nxt in states and nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        for s in states:
            if s not in seen:
                issues.at(
                    raw_states,
                    s,
                    f"states.{s}",
                    f"unreachable from the initial state {initial[0]!r}"
                    if len(initial) == 1
                    else f"unreachable from the initial states {', '.join(map(repr, initial))}",
                )
    reverse: dict[str, set[str]] = {s: set() for s in states}
    for s, outs in edges.items():
        for o in outs:
            if o in reverse:
                reverse[o].add(s)
    can_end = set(finals)
    todo = deque(finals)
    while todo:
        for prev in reverse.get(todo.popleft(), ()):
            if prev not in can_end:
                can_end.add(prev)
                todo.append(prev)
    for s in states:
        if s not in can_end:
            issues.at(raw_states, s, f"states.{s}", "cannot reach a final state")
    used = {t.event for t in transitions}
    for e in events:
        if e not in used:
            issues.at(
                data.get("events") or data, e, f"events.{e}", "no transition allows this event"
            )


def _apply_choices(
    rs: RuleSet, conventions: dict[str, str], division: str | None, source: str
) -> RuleSet:
    """A council's choices made at load time, with the same limits as an overlay's."""
    issues = [
        RuleSetIssue(
            source,
            None,
            f"conventions.{name}",
            f"unknown convention; known: {', '.join(sorted(CONVENTIONS))}",
        )
        for name in conventions
        if name not in rs.conventions
    ]
    new_conv = dict(rs.conventions)
    for name, value in conventions.items():
        cur = rs.conventions.get(name)
        if cur is None:
            continue
        if (
            value != cur.value
            and value not in cur.alternatives
            and not (name == "receipt_cutoff" and _is_time(value))
        ):
            issues.append(
                RuleSetIssue(
                    source,
                    None,
                    f"conventions.{name}",
                    f"{cur.value!r} may be changed only to a declared alternative ({', '.join(cur.alternatives) or 'none'}), got {value!r}",
                )
            )
        else:
            new_conv[name] = attrs.evolve(cur, value=value)
    new_div = rs.division
    if division is not None and division != rs.division:
        if division not in DIVISIONS or division not in rs.division_alternatives:
            issues.append(
                RuleSetIssue(
                    source,
                    None,
                    "calendar.division",
                    f"{rs.id} counts bank holidays of {rs.division}; alternatives: {', '.join(rs.division_alternatives) or 'none'}; got {division!r}",
                )
            )
        else:
            new_div = division
    if issues:
        raise RuleSetError(issues, rs.id)
    return attrs.evolve(rs, conventions=new_conv, division=new_div)
