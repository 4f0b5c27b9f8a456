"""The audit's entry point: replay many cases and tabulate timeliness.

Input is one event per row (long format: CSV or JSON Lines with columns ``case_id``,
``ruleset``, ``event``, ``date`` and optional event fields, ``time`` and any grouping
columns), or one case per row (wide format, mapped to events by a small YAML file; see
:mod:`statdeadline.audit.wide`). Each case is replayed through the engine
(:mod:`~statdeadline.audit.replay` says in which order); every deadline gets a verdict;
verdicts are tallied per rule set, clock and group (:mod:`~statdeadline.audit.tally`).

A case with a row that cannot be used (an unknown rule set, a bad date, an event the
case's state does not allow) is rejected whole, with the file, line and reason, since a
partial history would give wrong deadlines; the rest of the audit goes on
(``strict=True`` stops instead). The counts always reconcile: rows read = rows used +
rows rejected, and cases read = cases audited + cases rejected.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from .._version import __version__
from ..calendar import parse_date
from ..engine.compiled import versions
from ..exceptions import AuditError, InvalidArgumentError, StatDeadlineError
from ..rules import RuleSet
from ..rules.loader import rules_folders
from ..rules.profiles import Profile, load_profile
from .caseout import CaseOutput, CaseParts, open_part
from .checks import check_groups, check_mapping
from .dates import date_note
from .headlines import headlines
from .model import AuditReport, CaseResult, SummaryRow
from .passes import Pass, group_rows, prescan
from .periods import PLACEMENTS, Period, PeriodSpec, PeriodUnit, Placement, period_spec
from .pool import PARALLEL_BYTES, Job, Scattered, run_parallel
from .readers import json_case_id, reader_for
from .replay import Replayer, links_out, ruleset_options_checked
from .rows import Reader, Row
from .scratch import scratch_folder
from .shape import ReportShape, report_shape
from .source import STDIN, STDIN_NAME, Source, resolve_sources, spool_stdin
from .split import plan
from .tally import Totals, all_periods, case_rows, summary_rows, whole_periods

__all__ = ["audit"]


def audit(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    as_of: _dt.date | str,
    group_by: Sequence[str] = (),
    buckets: Sequence[int] | Mapping[str, Sequence[int]] = (20, 40, 60, 80, 100),
    target: float | Mapping[str, float] | None = None,
    strict: bool = False,
    mapping: str | os.PathLike[str] | None = None,
    date_format: str | None = None,
    ruleset_options: Mapping[str, Mapping[str, Any]] | None = None,
    on_case: Callable[[CaseResult], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
    grouped: bool | None = None,
    workers: int | None = None,
    input_format: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    rules_dirs: Sequence[str | os.PathLike[str]] = (),
    period: str | tuple[_dt.date | str, _dt.date | str] | None = None,
    financial_year: int | None = None,
    by: PeriodUnit | None = None,
    placement: Placement = "received",
    compare: int = 0,
    profile: str | os.PathLike[str] | Profile | None = None,
    case_output: CaseOutput | None = None,
) -> AuditReport:
    """Audit every case in ``inputs`` at ``as_of``; return the reconciled summary.

    ``group_by``: columns to tabulate by (e.g. ``["team"]``), carried on each case.
    ``buckets``: working-day band edges for the histogram (ascending), or a mapping of
    them by clock id (``"*"``: every other clock). ``target``: the on-time rate to compare
    against (0..1), or a mapping of rates by clock id (``"*"`` likewise). ``profile``: a
    report profile (a bundled profile's id, a file, or a loaded
    :class:`~statdeadline.rules.profiles.Profile`): for its rule set, which deadlines
    appear, in which order, under which labels, with which bands, target and unit of
    averages; a clock's own ``buckets`` or ``target`` entry wins over the profile, the
    profile over the one value for every clock (see :mod:`statdeadline.audit.shape`). ``strict``: raise :class:`AuditError` at the
    first rejected row or case instead of going on. ``mapping``: a wide-format mapping file
    (see :mod:`statdeadline.audit.wide`); without it inputs are long format. ``date_format``: a
    ``strptime`` format for dates that are not ISO. ``ruleset_options``: per rule-set id,
    ``load_ruleset`` options (a council's conventions). ``on_case``: called with each
    :class:`CaseResult` as it is done. ``progress``: called as ``(rows_done, rows_total)``
    (the total an estimate until the end when workers read byte ranges).
    ``grouped``: whether each case's rows are contiguous (default: checked).
    ``workers``: processes to share the cases between (default: up to 4, one per core, for
    inputs of 10 MB or more, about 200,000 rows; 1 otherwise). Several are used only
    without ``on_case`` and ``strict``, which need the cases one by one in input order.
    A CSV or JSON Lines input that can be split (:mod:`~statdeadline.audit.split`: in
    UTF-8 or a single-byte encoding, detected or given) is shared by byte ranges, each
    worker reading its own; otherwise each worker reads the inputs and
    replays the cases whose id hashes to it. The tallies are added up, so the result is
    the same whatever the number of workers.
    ``case_output``: every case's result written to a file by the audit itself
    (:class:`~statdeadline.audit.caseout.CaseOutput`), by each worker in a part of its
    own, joined in input order at the end; whole or not at all.
    ``input_format`` (``csv`` or ``jsonl``): the format of every input, whatever its
    suffix (needed for ``"-"``, standard input). ``encoding``: a Python codec name for
    every input (default: found out; see :mod:`~statdeadline.audit.source`).
    ``delimiter``: ``,``, ``;``, ``tab`` or ``|`` (default: found from each header line).
    ``sheet``: the worksheet of ``.xlsx`` inputs (default: the first; needs the
    ``excel`` extra, openpyxl).
    ``rules_dirs``: rules folders of your own. The input's ``ruleset`` cells (and a wide
    mapping's ``ruleset``) may name a bundled rule set, a rule set in one of these
    folders by id, or a file under one of them; a cell naming any other file rejects its
    case (the file is not opened), so input data cannot make the audit read other files.
    Overlays' bases are looked for in them too (see :func:`~statdeadline.load_ruleset`).

    Reporting periods (see :mod:`statdeadline.audit.periods`): ``period``
    (``"2019-04-01..2020-03-31"`` or a pair of dates, both included) or ``financial_year``
    (``2019``: 1 April 2019 to 31 March 2020, labelled ``2019-20``); ``compare``: that many
    periods of the same length before it, side by side; ``by`` (``"financial-year"``,
    ``"quarter"``, ``"month"``): cut into such periods (alone: every date in its own).
    ``placement``: which date places a case and a deadline in a period, ``"received"``
    (the case's receipt; a deadline's clock start) or ``"closed"`` (the case's closure;
    an open case at ``as_of``). Without any of them the report counts every case, as one
    period ending at ``as_of``. Each case and deadline is counted in one period at most;
    one that is still running at its period's end is also counted as carried forward.

    Before any case is replayed, the options are checked against the inputs (one error,
    :class:`AuditError` or :class:`InvalidArgumentError`): every input exists and is
    given once; each ``group_by`` column is one of the input's columns (matched
    case-insensitively), and neither an event field nor an output column; a wide
    mapping naming one rule set maps only events and fields that rule set has.

    Temporary files (the copy of standard input, rows spilled to disk, the workers'
    case-id hashes) are kept in one scratch folder, and the ``case_output`` parts beside
    it; both are removed however the call ends, any exception included (a worker that
    dies, ``KeyboardInterrupt``). What a process killed outright leaves is removed by a
    later call once provably stale (:mod:`~statdeadline.audit.scratch`).
    """
    day = parse_date(as_of, "as_of")
    loaded = profile if isinstance(profile, Profile) or profile is None else load_profile(profile)
    shape = report_shape(buckets, target, loaded)
    spec = period_spec(
        period=period,
        financial_year=financial_year,
        by=by,
        placement=placement,
        compare=compare,
        as_of=day,
    )
    given = {
        "period": spec.periods[-1].label if period is not None else None,
        "financial_year": financial_year,
        "compare": compare,
        "by": by,
        "placement": placement,
    }
    # without a period option: one period, every case, to as_of
    periods = None if period is None and financial_year is None and by is None else spec
    options = ruleset_options_checked(ruleset_options)
    folders = rules_folders(rules_dirs)
    leak = links_out(folders)
    if leak is not None:
        raise AuditError(leak)
    with contextlib.ExitStack() as stack:
        # the copy of standard input, rows spilled to disk... (removed however it ends)
        scratch = stack.enter_context(scratch_folder())
        sources = _check_inputs(inputs, scratch, input_format, encoding, delimiter, sheet)
        return _audit(
            sources,
            scratch,
            day,
            group_by,
            shape,
            strict,
            mapping,
            date_format,
            options,
            folders,
            on_case,
            progress,
            grouped,
            workers,
            case_output,
            periods,
            given,
        )


def _audit(
    paths: list[Source],
    scratch: str,
    day: _dt.date,
    group_by: Sequence[str],
    shape: ReportShape,
    strict: bool,
    mapping: str | os.PathLike[str] | None,
    date_format: str | None,
    ruleset_options: dict[str, Mapping[str, Any]],
    rules_dirs: tuple[str, ...],
    on_case: Callable[[CaseResult], None] | None,
    progress: Callable[[int, int], None] | None,
    grouped: bool | None,
    workers: int | None,
    case_output: CaseOutput | None,
    periods: PeriodSpec | None = None,
    period_options: Mapping[str, Any] | None = None,
) -> AuditReport:
    """:func:`audit` once its inputs are known to be good; ``scratch``: the audit's
    scratch folder; ``period_options`` are the period options as given (for the
    report's meta)."""
    reader = reader_for(mapping)
    check_mapping(reader, ruleset_options, rules_dirs)
    group_by = check_groups(reader, paths, group_by, mapping)
    date_format = date_format or reader.date_format
    replayer = Replayer(day, group_by, date_format, ruleset_options, rules_dirs, periods=periods)
    if workers is None:
        size = sum(p.path.stat().st_size for p in paths)
        workers = min(4, os.cpu_count() or 1) if size >= PARALLEL_BYTES else 1
    with contextlib.ExitStack() as stack:
        parts = None
        if case_output is not None:
            parts = stack.enter_context(CaseParts.made(case_output, workers))
        job = Job(
            paths,
            mapping,
            day,
            tuple(group_by),
            date_format,
            ruleset_options,
            rules_dirs,
            grouped is not False,
            replayer.cwd,
            parts=parts,
            scratch=scratch,
            periods=periods,
        )
        totals = None
        if workers > 1 and on_case is None and not strict:
            totals, grouped = _in_workers(job, reader, workers, progress, grouped)
        if totals is not None:
            for name in sorted(totals.names):
                try:
                    replayer.ruleset(name)
                except AuditError:
                    raise  # two workers' rule sets with one id: the audit cannot run
                except StatDeadlineError:
                    pass  # a bad one is a rejection already
            replayer.ignored |= totals.ignored
        else:
            totals = _in_process(replayer, job, reader, grouped, strict, on_case, progress)
        if parts is not None:
            parts.commit()
    counts = totals.counts
    assert counts["rows_read"] == counts["rows_used"] + counts["rows_rejected"]
    assert counts["cases_read"] == counts["cases_audited"] + counts["cases_rejected"]
    file_order = {p.name: i for i, p in enumerate(paths)}  # rejections listed in file order
    rejections = sorted(
        totals.rejections, key=lambda r: (file_order.get(r.file, len(file_order)), r.line or 0)
    )
    in_order = all_periods(totals)
    summary = summary_rows(totals.tallies, replayer.by_id, shape, in_order)
    grouped_by = bool(group_by)  # then rows adding up the groups too
    total_rows = (
        summary_rows(totals.tallies, replayer.by_id, shape, in_order, total=True)
        if grouped_by
        else []
    )
    options = {
        "group_by": list(group_by),
        "buckets": list(shape.edges),
        "target": shape.target,
        "clock_buckets": {k: list(v) for k, v in shape.clock_edges.items()},
        "clock_targets": dict(shape.clock_targets),
        "profile": None
        if shape.profile is None
        else {
            "id": shape.profile.id,
            "title": shape.profile.title,
            "ruleset": shape.profile.ruleset,
            "path": shape.profile.path,
            "source": shape.profile.source,
            "note": shape.profile.note,
            "percent": shape.profile.percent.to_dict(),
        },
        "strict": strict,
        "format": "wide" if mapping is not None else "long",
        "mapping": str(mapping) if mapping is not None else None,
        "date_format": date_format,
        "dates": date_note(date_format),  # how slash dates were read
        "ruleset_options": {k: dict(v) for k, v in ruleset_options.items()},
        "rules_dirs": list(rules_dirs),
        **(period_options or {}),
        "placement_rule": None if periods is None else PLACEMENTS[periods.placement],
    }
    meta = _meta(day, options, replayer, paths, totals)
    meta["periods"] = [p.to_dict() for p in in_order]
    meta["profile_warning"] = profile_warning(shape.profile, replayer.by_id)
    cases = case_rows(totals, in_order)
    case_totals = case_rows(totals, in_order, total=True) if grouped_by else []
    return AuditReport(
        meta,
        dict(counts),
        tuple(summary),
        tuple(rejections),
        tuple(cases),
        tuple(total_rows),
        tuple(case_totals),
        tuple(_headlines(totals, replayer, shape, periods, summary, total_rows, in_order)),
    )


def profile_warning(profile: Profile | None, rulesets: Mapping[str, object]) -> str | None:
    """The warning an audit gives when its report profile is for a rule set no case of
    the input uses (the profile then changes nothing), else ``None``; ``rulesets``: the
    rule sets of the input, by id. The audit still runs: a file with no case of the
    profile's rule set this time is not an error, but the user is told.

    >>> profile_warning(load_profile("foi-2000"), {"england-adults-2009": None})
    "report profile 'foi-2000' is for rule set 'foi-2000', which no case in the input uses (it uses england-adults-2009): the profile changes nothing"
    """
    if profile is None or profile.ruleset in rulesets:
        return None
    used = ", ".join(sorted(rulesets)) or "none"
    return (
        f"report profile {profile.id!r} is for rule set {profile.ruleset!r}, which no case "
        f"in the input uses (it uses {used}): the profile changes nothing"
    )


def _ruleset_meta(loaded: RuleSet, totals: Totals) -> dict[str, Any]:
    """A rule set's provenance in the report's meta: the newest version its cases were
    judged under (each case under the one in force on the day it was received; the
    version loaded when none was audited), and ``versions``, the cases under each, in
    version order."""
    try:
        every = versions(loaded)
    except StatDeadlineError:  # a version file beside it that cannot be read: its cases
        every = (loaded,)  # were rejected, naming it
    used = {v: n for (rid, v), n in totals.versions.items() if rid == loaded.id}
    order = {rs.version: i for i, rs in enumerate(every)}
    in_order = dict(sorted(used.items(), key=lambda vn: order.get(vn[0], len(order))))
    rs = next((r for r in reversed(every) if r.version in used), loaded)
    return {
        "version": rs.version,
        "versions": in_order,
        "layers": list(rs.layers),
        "division": rs.division,
        "conventions": {k: v.value for k, v in rs.conventions.items()},
        "calendar_fingerprint": rs.calendar.fingerprint,
        "local_calendar_fingerprint": rs.local_calendar.fingerprint,
    }


def _headlines(
    totals: Totals,
    replayer: Replayer,
    shape: ReportShape,
    spec: PeriodSpec | None,
    summary: list[SummaryRow],
    total_rows: list[SummaryRow],
    in_order: list[Period],
) -> list[str]:
    """The headlines of the latest period; when fixed periods are cut (``--financial-year
    2019 --by quarter``), of the latest whole fixed period (``2019-20``), not its last
    quarter."""
    whole = whole_periods(totals.tallies, spec)
    if whole:
        assert spec is not None
        fixed = list(spec.periods)
        summary = summary_rows(whole, replayer.by_id, shape, fixed)
        total_rows = (
            summary_rows(whole, replayer.by_id, shape, fixed, total=True) if total_rows else []
        )
        in_order = fixed
    return headlines(
        summary, total_rows, replayer.by_id, [p.label for p in in_order], shape.profile
    )


def _in_workers(
    job: Job,
    reader: Reader,
    workers: int,
    progress: Callable[[int, int], None] | None,
    grouped: bool | None,
) -> tuple[Totals | None, bool | None]:
    """The audit shared between ``workers`` processes: by byte ranges of the inputs when
    they can be split and the rows of each case are together (or may be: ``job.grouped``),
    otherwise by hash of the case id (see :mod:`~statdeadline.audit.pool`); and whether
    each case's rows are together, as far as it is known (``grouped``: as given). No
    totals when the audit should run in this process instead: per-case output of input
    whose cases are together but which cannot be split keeps their order that way."""
    # JSON Lines is split only for the long format (a wide mapping does not read it)
    per_line = json_case_id if job.mapping is None else None
    planned = plan(job.paths, reader.case_column, workers, per_line) if job.grouped else None
    if planned is not None:
        shares, lines = planned
        try:
            with tempfile.TemporaryDirectory(prefix="cases-", dir=job.scratch) as hashes:
                split = attrs.evolve(job, spans=shares, scratch=hashes)
                return run_parallel(split, len(shares), lines, progress), True
        except Scattered:
            job = attrs.evolve(job, grouped=False)
            if job.parts is not None:
                job.parts.clear()
    total = 0
    if job.grouped or progress is not None:
        # whether each case's rows are together, and the rows, for progress
        together, total = prescan(cid for p in job.paths for cid in reader.case_ids(p))
        job = attrs.evolve(job, grouped=job.grouped and together)
    if job.grouped and job.parts is not None:
        return None, True
    return run_parallel(job, workers, total, progress), job.grouped if grouped is None else grouped


def _in_process(
    replayer: Replayer,
    job: Job,
    reader: Reader,
    grouped: bool | None,
    strict: bool,
    on_case: Callable[[CaseResult], None] | None,
    progress: Callable[[int, int], None] | None,
) -> Totals:
    """The audit in this process, case after case in input order (the per-case output
    written to the first of its parts); ``grouped`` as :func:`audit` was given it."""
    total = 0
    if grouped is None or progress is not None:
        all_grouped, total = prescan(cid for p in job.paths for cid in reader.case_ids(p))
        if grouped is None:
            grouped = all_grouped
    with contextlib.ExitStack() as stack:
        if job.parts is not None:
            job.parts.clear()
            write = stack.enter_context(open_part(job.parts, 0))
            given = on_case
            on_case = write if given is None else _both(write, given)
        one = Pass(replayer, job.group_by, job.paths, strict, on_case)
        with one.warnings_counted():
            _run_in_process(one, reader, job, grouped, total, progress)
    return one.share()


def _both(
    first: Callable[[CaseResult], None], then: Callable[[CaseResult], None]
) -> Callable[[CaseResult], None]:
    def call(result: CaseResult) -> None:
        first(result)
        then(result)

    return call


def _check_inputs(
    inputs: Sequence[str | os.PathLike[str]],
    scratch: str,
    input_format: str | None,
    encoding: str | None,
    delimiter: str | None,
    sheet: str | None,
) -> list[Source]:
    """The inputs as sources, once each is known to exist and to be given only once;
    standard input (``"-"``) is copied to a file in the audit's ``scratch`` folder."""
    if not inputs:
        raise InvalidArgumentError("inputs", [], "at least one input file")
    paths: list[Path] = []
    names: list[str] = []
    for given in inputs:
        if str(given) == STDIN:
            if STDIN_NAME in names:
                raise AuditError("standard input (-) is given more than once", STDIN_NAME)
            paths.append(spool_stdin(Path(scratch), input_format))
            names.append(STDIN_NAME)
            continue
        p = Path(given)
        if not p.is_file():
            raise AuditError(f"{p}: no such file", str(p))
        for q, name in zip(paths, names, strict=True):
            if name != STDIN_NAME and os.path.samefile(p, q):
                raise AuditError(f"{p}: given more than once (as {name} too)", str(p))
        paths.append(p)
        names.append(str(p))
    return resolve_sources(paths, names, input_format, encoding, delimiter, sheet)


def _run_in_process(
    one: Pass,
    reader: Reader,
    job: Job,
    grouped: bool,
    total: int,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Feed every case of ``job``'s inputs to ``one``, in input order, in this process
    (scattered rows spilled to its scratch folder)."""

    def all_rows() -> Iterator[Row]:
        for p in job.paths:
            yield from reader.rows(p)

    done = 0
    # closed at once, whatever ends the pass: a spill file is removed then
    with contextlib.closing(group_rows(all_rows(), grouped, job.scratch)) as cases:
        for cid, rows in cases:
            one.feed(cid, rows)
            done += len(rows)
            if progress is not None:
                progress(done, total)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _meta(
    day: _dt.date,
    options: Mapping[str, Any],
    replayer: Replayer,
    paths: Sequence[Source],
    totals: Totals,
) -> dict[str, Any]:
    """The report's provenance: everything needed to reproduce the run."""
    return {
        "library_version": __version__,
        "as_of": day.isoformat(),
        "generated_by": "statdeadline.audit",
        "options": dict(options),
        "ignored_columns": sorted(replayer.ignored),
        "warnings": totals.warning_summary(),
        "inputs": [
            {
                "path": p.name,
                "rows": totals.file_rows[p.name],
                "sha256": _sha256(p.path),
                **p.meta(),
            }
            for p in paths
        ],
        "rulesets": {rid: _ruleset_meta(rs, totals) for rid, rs in sorted(replayer.by_id.items())},
    }
