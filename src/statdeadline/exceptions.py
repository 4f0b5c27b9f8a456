"""The exceptions statdeadline raises, and the warning it gives.

Everything the library raises on purpose derives from :class:`StatDeadlineError`, so a
caller can catch one class. Each exception carries structured fields (the argument, the
value, what was allowed, the file and line, the rule set, the event) as well as a message
that names all of them, so both people and programs can act on it.

The classes also derive from the matching built-in (``ValueError``, ``TypeError``), so
code written against the standard library's conventions keeps working.
"""

from __future__ import annotations

import signal
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = [
    "AuditError",
    "BeyondHorizonError",
    "CaseError",
    "DateOutOfRangeError",
    "HorizonWarning",
    "InvalidArgumentError",
    "RuleSetError",
    "RuleSetIssue",
    "RuleSetVersionWarning",
    "RuleSetWarning",
    "StatDeadlineError",
    "TransitionNotAllowed",
    "UnknownDivisionError",
    "UnknownRuleSetError",
    "UsageError",
    "WorkerError",
]


class StatDeadlineError(Exception):
    """Root of every exception statdeadline raises on purpose."""


class InvalidArgumentError(StatDeadlineError, ValueError):
    """An argument has the wrong type or an unusable value.

    Fields: ``argument`` (its name), ``value`` (what was passed) and ``expected`` (what is
    allowed, in words).
    """

    def __init__(self, argument: str, value: Any, expected: str, message: str | None = None):
        self.argument = argument
        self.value = value
        self.expected = expected
        super().__init__(message or f"{argument}: expected {expected}, got {value!r}")


class UnknownDivisionError(InvalidArgumentError):
    """A UK division name that the calendar does not know.

    ``allowed`` holds the valid names, sorted.
    """

    def __init__(self, value: Any, allowed: Sequence[str]):
        self.allowed = tuple(allowed)
        super().__init__(
            "division",
            value,
            "one of: " + ", ".join(self.allowed),
            f"unknown division {value!r}; expected one of: {', '.join(self.allowed)}",
        )


class DateOutOfRangeError(InvalidArgumentError):
    """A date (given, or computed) falls outside the range the calendar supports.

    Fields: ``argument``, ``value`` and the supported range ``first`` .. ``last``.
    A computation is refused rather than answered with a date from missing data.
    """

    def __init__(self, argument: str, value: Any, first: Any, last: Any, detail: str = ""):
        self.first = first
        self.last = last
        msg = f"{argument}: {value} is outside the supported range {first} .. {last}" + (
            f" ({detail})" if detail else ""
        )
        super().__init__(argument, value, f"a date from {first} to {last}", msg)


class BeyondHorizonError(StatDeadlineError):
    """A computation reached past the last year whose bank holidays are authoritative.

    Raised only with ``horizon_policy="raise"``; the default policy warns with
    :class:`HorizonWarning` instead. Fields: ``date`` (the furthest date the computation
    looked at), ``horizon`` (the last authoritative year) and ``division``.
    """

    def __init__(self, date: Any, horizon: int, division: str):
        self.date = date
        self.horizon = horizon
        self.division = division
        super().__init__(horizon_message(date, horizon, division))


class HorizonWarning(UserWarning):
    """A result depends on bank holidays that are forecasts, not yet proclaimed."""


def horizon_message(date: Any, horizon: int, division: str) -> str:
    """The one message text shared by :class:`BeyondHorizonError` and the warning."""
    return (
        f"{date} is after {horizon}, the last year whose {division} bank holidays are "
        "treated as authoritative; later bank holidays are forecasts until proclaimed"
    )


class RuleSetIssue:
    """One problem found in a rule file: where it is and what is wrong.

    ``file`` and ``line`` (1-based, or ``None`` if unknown), ``path`` (the dotted key path,
    e.g. ``clocks.stage2_response.extension.max``) and ``message``.
    """

    __slots__ = ("file", "line", "message", "path")

    def __init__(self, file: str | None, line: int | None, path: str, message: str):
        self.file = file
        self.line = line
        self.path = path
        self.message = message

    def __str__(self) -> str:
        where = self.file or "<rules>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where} {self.path}: {self.message}" if self.path else f"{where} {self.message}"

    def __repr__(self) -> str:
        return f"RuleSetIssue({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RuleSetIssue):
            return NotImplemented
        return (self.file, self.line, self.path, self.message) == (
            other.file,
            other.line,
            other.path,
            other.message,
        )

    def __hash__(self) -> int:
        return hash((self.file, self.line, self.path, self.message))


class RuleSetError(StatDeadlineError, ValueError):
    """A rule file (or a rule set built in Python) is invalid.

    ``issues`` lists every problem found, each a :class:`RuleSetIssue` with file, line,
    key path and message; the exception's text is one line per issue. ``ruleset_id`` names
    the rule set when it is known.
    """

    def __init__(self, issues: Iterable[RuleSetIssue], ruleset_id: str | None = None):
        self.issues = tuple(issues)
        self.ruleset_id = ruleset_id
        super().__init__("\n".join(str(i) for i in self.issues) or "invalid rule set")

    @property
    def file(self) -> str | None:
        """The file of the first issue."""
        return self.issues[0].file if self.issues else None

    @property
    def line(self) -> int | None:
        """The line of the first issue."""
        return self.issues[0].line if self.issues else None

    @property
    def path(self) -> str | None:
        """The key path of the first issue."""
        return self.issues[0].path if self.issues else None


class RuleSetWarning(UserWarning):
    """A rule file loads, but says something in a way that is deprecated (an old
    spelling of a value). Fields: ``file``, ``line``, ``path`` (the key path), ``found``
    (what the file says) and ``use`` (what to write instead)."""

    def __init__(self, file: str | None, line: int | None, path: str, found: str, use: str):
        self.file = file
        self.line = line
        self.path = path
        self.found = found
        self.use = use
        where = (file or "<rules>") + (f":{line}" if line is not None else "")
        super().__init__(f"{where} {path}: {found!r} is an old spelling; write {use!r}")


class RuleSetVersionWarning(UserWarning):
    """A stored case (``Case.from_dict``) was written under another version of its rule
    set than the one it is replayed under: its deadlines may differ from those it had.
    ``Case.from_dict(..., strict=True)`` raises a :class:`CaseError` instead.

    Fields: ``case_id``, ``ruleset_id``, ``stored`` (the version in the data) and
    ``loaded`` (the version the case is replayed under).
    """

    def __init__(self, case_id: str | None, ruleset_id: str, stored: str, loaded: str):
        self.case_id = case_id
        self.ruleset_id = ruleset_id
        self.stored = stored
        self.loaded = loaded
        super().__init__(version_message(case_id, ruleset_id, stored, loaded))


def version_message(case_id: str | None, ruleset_id: str, stored: str, loaded: str) -> str:
    """What :class:`RuleSetVersionWarning` (or the strict error) says."""
    who = f"case {case_id!r}" if case_id is not None else "case"
    return (
        f"{who}: ruleset_version: stored under {ruleset_id} {stored}, replayed under "
        f"{ruleset_id} {loaded}; its deadlines may differ from those it was stored with"
    )


class UnknownRuleSetError(StatDeadlineError, LookupError):
    """No bundled rule set has this id (or none is in force on the given date).

    Fields: ``ruleset_id``, ``available`` (bundled ids) and ``on`` (the date asked about,
    if any).
    """

    def __init__(self, ruleset_id: str, available: Sequence[str], on: Any = None, msg: str = ""):
        self.ruleset_id = ruleset_id
        self.available = tuple(available)
        self.on = on
        super().__init__(
            msg or f"unknown rule set {ruleset_id!r}; available: {', '.join(self.available)}"
        )


class CaseError(StatDeadlineError, ValueError):
    """An event cannot be recorded on a case, or stored case data cannot be used.

    Fields: ``case_id``, ``event`` (the event id), ``state`` (the case's state) and
    ``field`` (the event field at fault, if any, or for stored case data the key:
    ``ruleset``, ``ruleset_version``, ``events``, ...).
    """

    def __init__(
        self,
        message: str,
        *,
        case_id: str | None = None,
        event: str | None = None,
        state: str | None = None,
        field: str | None = None,
    ):
        self.case_id = case_id
        self.event = event
        self.state = state
        self.field = field
        super().__init__(message)


class TransitionNotAllowed(CaseError):
    """The event is not allowed now: wrong state, out of date order, a required field
    missing or invalid, or an extension past its cap.

    Besides the :class:`CaseError` fields it carries ``allowed``: the event ids the
    case's current state allows.
    """

    def __init__(
        self,
        message: str,
        *,
        event: str,
        state: str,
        allowed: Sequence[str],
        case_id: str | None = None,
        field: str | None = None,
    ):
        self.allowed = tuple(allowed)
        super().__init__(message, case_id=case_id, event=event, state=state, field=field)


class AuditError(StatDeadlineError, ValueError):
    """The audit cannot run (an input file missing or unreadable, a bad option), or a bad
    row was found with ``strict=True``. Fields: ``file``, ``line``."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None):
        self.file = file
        self.line = line
        super().__init__(message)


class UsageError(StatDeadlineError):
    """A mistake in how the command line was used that argparse cannot see (a file in an
    unknown format, an option that needs another). Printed as ``error: ...``, exit 2."""


class WorkerError(AuditError):
    """A worker process died before it sent its share back (killed by a signal, the
    out-of-memory killer, or an exit of its own): the audit cannot be complete.
    Fields: ``index`` (1-based), ``workers``, ``exitcode`` (negative: the signal)."""

    def __init__(self, index: int, workers: int, exitcode: int | None):
        self.index = index
        self.workers = workers
        self.exitcode = exitcode
        if exitcode is not None and exitcode < 0:
            name = signal.Signals(-exitcode).name
            how = f"was killed by {name}" + (
                " (the out-of-memory killer, or kill -9)" if -exitcode == signal.SIGKILL else ""
            )
        else:
            how = f"exited with status {exitcode} before sending its results"
        super().__init__(
            f"audit worker process {index} of {workers} {how}; the audit is incomplete and no report was written"
        )
