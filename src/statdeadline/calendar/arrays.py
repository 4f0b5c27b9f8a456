"""The batch forms on numpy arrays: ``datetime64[D]`` in, arrays out.

``add_working_days_many`` and ``working_days_between_many`` hand an ``ndarray`` here
(:func:`is_array` tells one without importing numpy: numpy is optional, and imported only
when an array is given). The answers are the scalar methods' (day 0 never counted,
``(a, b]``), looked up in the calendar's index turned into two numpy arrays once per
index: the number of working days up to each day, and the working days themselves as days
since 1970-01-01. Errors name the item's position as the list forms do; ``NaT`` is refused.
"""

from __future__ import annotations

import datetime as _dt
import functools
from typing import Any

from ..exceptions import DateOutOfRangeError, InvalidArgumentError
from .dates import MAX_DATE, MIN_DATE, date

__all__ = ["add_many", "between_many", "is_array"]

_EPOCH = _dt.date(1970, 1, 1).toordinal()  # datetime64[D] 0


def is_array(value: Any) -> bool:
    """Whether ``value`` is a numpy ``ndarray`` (told by its type, numpy not imported)."""
    cls = type(value)
    return cls.__name__ == "ndarray" and cls.__module__ == "numpy"


@functools.lru_cache(maxsize=16)
def _tables(index: Any) -> tuple[Any, Any]:
    """``before`` and ``working`` of an index as numpy arrays (``working`` as datetime64
    day numbers), built once per index (an index is hashed by identity)."""
    import numpy as np

    before = np.asarray(index.before, dtype=np.int64)
    working = np.fromiter((d.toordinal() - _EPOCH for d in index.working), dtype=np.int64)
    return before, working


def _ordinals(cal: Any, arr: Any, argument: str) -> Any:
    """``arr`` (a ``datetime64[D]`` array, or anything numpy reads as one) as int64
    ordinals, range-checked; an error names the first bad item's position."""
    import numpy as np

    if not (is_array(arr) and arr.dtype == np.dtype("datetime64[D]")):
        kind = str(arr.dtype) if is_array(arr) else type(arr).__name__
        if is_array(arr) and arr.dtype.kind == "M":
            raise InvalidArgumentError(
                argument,
                kind,
                "a datetime64[D] array",
                f"{argument}: expected a datetime64[D] array, got {kind}; "
                "use .astype('datetime64[D]') (its dates are taken as UK dates)",
            )
        try:
            arr = np.asarray(arr, dtype="datetime64[D]")
        except (TypeError, ValueError):
            raise InvalidArgumentError(argument, kind, "a datetime64[D] array") from None
    if arr.ndim != 1:
        raise InvalidArgumentError(argument, arr.shape, "a one-dimensional array")
    nat = np.isnat(arr)
    if nat.any():
        k = int(np.argmax(nat))
        raise InvalidArgumentError(f"{argument}[{k}]", "NaT", "a date, not NaT")
    ords = arr.astype(np.int64) + _EPOCH
    if len(ords):
        bad = (ords < cal._base) | (ords > cal._hi)
        if bad.any():
            k = int(np.argmax(bad))
            raise DateOutOfRangeError(
                f"{argument}[{k}]", str(arr[k]), MIN_DATE.isoformat(), MAX_DATE.isoformat()
            )
    return ords


def add_many(cal: Any, dates: Any, n: int) -> Any:
    """:meth:`add_working_days_many` of an array: a ``datetime64[D]`` array."""
    import numpy as np

    ords = _ordinals(cal, dates, "dates")
    if not len(ords) or n == 0:
        return (ords - _EPOCH).astype("datetime64[D]")
    before, working = _tables(cal._index)
    if n > 0:
        pos = before[ords - cal._shift] + n
        top = int(pos.max())
        if top > cal._nwork:
            k = int(np.argmax(pos > cal._nwork))
            raise cal._result_out_of_range(date.fromordinal(int(ords[k])), n, f"result[{k}]")
        if top > cal._last:
            cal._horizon(int(working[top]) + _EPOCH)
    else:
        pos = before[ords - (cal._shift + 1)] + (n + 1)
        if int(pos.min()) < 1:
            k = int(np.argmax(pos < 1))
            raise cal._result_out_of_range(date.fromordinal(int(ords[k])), n, f"result[{k}]")
        top = int(ords.max())
        if top > cal._horizon_ord:
            cal._horizon(top)
    return working[pos].astype("datetime64[D]")


def between_many(cal: Any, starts: Any, ends: Any) -> Any:
    """:meth:`working_days_between_many` with an array among its arguments: an int64
    array."""
    a = _ordinals(cal, starts, "starts")
    b = _ordinals(cal, ends, "ends")
    if len(a) != len(b):
        raise InvalidArgumentError("ends", len(b), f"as many dates as starts ({len(a)})")
    if len(a):
        top = max(int(a.max()), int(b.max()))
        if top > cal._horizon_ord:
            cal._horizon(top)
    before, _ = _tables(cal._index)
    shift = cal._shift
    return before[b - shift] - before[a - shift]
