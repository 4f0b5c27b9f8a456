"""Checking an event's fields against its declaration: one checker per field type.

A checker takes the field's declaration, the value given, the event's id (for messages)
and the rule set's clocks, and returns the value stored (a date parsed, ``"3"`` read
as 3, ``"yes"`` as True) or raises :class:`FieldRejected` with the message. The table
:data:`CHECKERS` says which checker a type uses: a new field type is one entry.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping
from typing import Any

from ..calendar import MAX_DATE, MIN_DATE, parse_date
from ..calendar.dates import parse_time as _parse_time
from ..exceptions import InvalidArgumentError
from ..rules.model import EventDef, FieldSpec

__all__ = ["CHECKERS", "FieldRejected", "check_fields", "parse_time"]

_INT = re.compile(r"-?\d+")
#: More digits than any count of days needs (and than a 64-bit integer holds).
_MAX_DIGITS = 18
_TRUE = ("true", "yes")
_BOOL_WORDS = ("true", "yes", "false", "no")


class FieldRejected(Exception):
    """A field's value is refused: ``message`` says why, ``field`` names the field."""

    def __init__(self, message: str, field: str | None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def parse_time(value: Any, argument: str = "time") -> _dt.time | None:
    """A time of day from ``None``, a :class:`datetime.time` or ``"HH:MM[:SS]"`` (24-hour):
    :func:`statdeadline.calendar.dates.parse_time`."""
    return _parse_time(value, argument)


def _date(spec: FieldSpec, value: Any, event: str, clocks: Mapping[str, Any]) -> Any:
    if value.__class__ is not _dt.date:
        try:
            value = parse_date(value, f"{event}.{spec.name}")
        except InvalidArgumentError as exc:
            raise FieldRejected(str(exc), spec.name) from None
    if not MIN_DATE <= value <= MAX_DATE:
        raise FieldRejected(
            f"{event}.{spec.name}: {value} is outside the supported range {MIN_DATE} .. {MAX_DATE}",
            spec.name,
        )
    return value


def _int(spec: FieldSpec, value: Any, event: str, clocks: Mapping[str, Any]) -> Any:
    if isinstance(value, str) and _INT.fullmatch(value.strip()):
        digits = len(value.strip().lstrip("-"))
        if digits > _MAX_DIGITS:  # (and int() refuses past 4,300 digits with a ValueError)
            raise FieldRejected(
                f"{event}.{spec.name}: expected an integer of at most {_MAX_DIGITS} digits, got one of {digits}",
                spec.name,
            )
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise FieldRejected(f"{event}.{spec.name}: expected an integer, got {value!r}", spec.name)
    if spec.minimum is not None and value < spec.minimum:
        raise FieldRejected(
            f"{event}.{spec.name}: must be >= {spec.minimum}, got {value}", spec.name
        )
    return value


def _bool(spec: FieldSpec, value: Any, event: str, clocks: Mapping[str, Any]) -> Any:
    if isinstance(value, str) and value.lower() in _BOOL_WORDS:
        value = value.lower() in _TRUE
    if not isinstance(value, bool):
        raise FieldRejected(
            f"{event}.{spec.name}: expected true or false, got {value!r}", spec.name
        )
    return value


def _choice(spec: FieldSpec, value: Any, event: str, clocks: Mapping[str, Any]) -> Any:
    value = str(value)
    if value not in spec.values:
        raise FieldRejected(
            f"{event}.{spec.name}: expected one of: {', '.join(spec.values)}; got {value!r}",
            spec.name,
        )
    return value


def _clock(spec: FieldSpec, value: Any, event: str, clocks: Mapping[str, Any]) -> Any:
    if not isinstance(value, str) or value not in clocks:
        raise FieldRejected(
            f"{event}.{spec.name}: unknown clock {value!r}; clocks: {', '.join(sorted(clocks))}",
            spec.name,
        )
    return value


def _text(spec: FieldSpec, value: Any, event: str, clocks: Mapping[str, Any]) -> Any:
    if not isinstance(value, str) or not value.strip():
        raise FieldRejected(
            f"{event}.{spec.name}: expected non-empty text, got {value!r}", spec.name
        )
    return value


Checker = Callable[[FieldSpec, Any, str, Mapping[str, Any]], Any]
#: Field type -> the checker for its values.
CHECKERS: dict[str, Checker] = {
    "bool": _bool,
    "choice": _choice,
    "clock": _clock,
    "date": _date,
    "int": _int,
    "str": _text,
}


def check_fields(
    edef: EventDef, fields: Mapping[str, Any], clocks: Mapping[str, Any]
) -> dict[str, Any]:
    """The fields of one event, checked and converted, in the order given; ``None`` values
    are dropped (an empty cell is no value). Then required fields and ``one_of`` groups
    are checked. Raises :class:`FieldRejected` on the first problem."""
    out: dict[str, Any] = {}
    declared = edef.fields
    for name, value in fields.items():
        spec = declared.get(name)
        if spec is None:
            raise FieldRejected(
                f"{edef.id}: unknown field {name!r}; allowed: {', '.join(sorted(declared)) or 'none'}",
                name,
            )
        if value is not None:
            out[name] = CHECKERS[spec.type](spec, value, edef.id, clocks)
    for name, spec in declared.items():
        if spec.required and name not in out:
            raise FieldRejected(f"{edef.id}: missing required field {name!r}", name)
    for group in edef.one_of:
        given = [f for f in group if f in out]
        if len(given) != 1:
            raise FieldRejected(
                f"{edef.id}: needs exactly one of {', '.join(group)}; got {', '.join(given) or 'none'}",
                group[0],
            )
    return out
