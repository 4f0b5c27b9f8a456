"""Plain YAML scalars that YAML 1.1 and YAML 1.2 read differently, and how to write them.

Rule files are read as YAML 1.2 (:mod:`statdeadline.rules.yamlfile`): ``010`` is ten,
``yes`` is the text "yes". Many tools (PyYAML itself, older editors, some linters) still
read YAML 1.1, where ``010`` is eight and ``yes`` is true. A rule file must mean one thing
to every reader, so a plain (unquoted) scalar whose YAML 1.1 reading differs from its
YAML 1.2 one is refused, with the way to write it unambiguously. The cases:

* booleans ``yes``, ``no``, ``on``, ``off`` (any capitalisation YAML 1.1 allows): text in
  YAML 1.2. The one-letter ``y`` and ``n`` of the YAML 1.1 type repository are not
  refused: PyYAML, libyaml and yamllint read them as text too, so no reader a council
  meets disagrees, and ``y``/``n`` are common plain words in notes and lists;
* integers with a leading zero (``010``: octal 8 in YAML 1.1, 10 in YAML 1.2), binary
  ``0b101``, digits with ``_`` (``1_000``), base 60 (``1:20``, and times like ``17:30``);
* YAML 1.2 numbers that YAML 1.1 reads as text: ``09``, ``0o17``, ``1e3``;
* floats with ``_`` or base 60 (``1_0.5``, ``1:30.5``).

>>> reading_11("yes"), reading_11("010"), reading_11("17:30"), reading_11("ten")
(True, 8, 1050, 'ten')
>>> advice("010", 10, 8)
"'010' is 10 in YAML 1.2 but 8 in YAML 1.1; write 10 for the number, or quote it ('010') for the text"
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["advice", "reading_11"]

# YAML 1.1's implicit types (https://yaml.org/type/), as far as they differ from 1.2.
_BOOL_11 = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE"), True),
    **dict.fromkeys(("on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE"), False),
    **dict.fromkeys(("off", "Off", "OFF"), False),
}
_INT_11 = re.compile(
    r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
    r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
)
_FLOAT_11 = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?"
    r"|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


def _base60(digits: str) -> int | float:
    total: int | float = 0
    for part in digits.split(":"):
        total = total * 60 + (float(part) if "." in part else int(part))
    return total


def _int_11(text: str) -> int:
    sign = -1 if text[0] == "-" else 1
    digits = text.lstrip("-+").replace("_", "")
    if ":" in digits:
        return sign * int(_base60(digits))
    if digits.startswith("0b"):
        return sign * int(digits[2:], 2)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    if digits != "0" and digits.startswith("0"):
        return sign * int(digits, 8)
    return sign * int(digits)


def _float_11(text: str) -> float:
    sign = -1.0 if text[0] == "-" else 1.0
    digits = text.lstrip("-+").replace("_", "").lower()
    if digits == ".inf":
        return sign * float("inf")
    if digits == ".nan":
        return float("nan")
    if ":" in digits:
        return sign * float(_base60(digits))
    return sign * float(digits)


def reading_11(text: str) -> Any:
    """What YAML 1.1 makes of the plain scalar ``text``, for the types where YAML 1.1 and
    1.2 differ (bool, int, float); any other scalar is returned as the text itself."""
    if text in _BOOL_11:
        return _BOOL_11[text]
    if _INT_11.fullmatch(text):
        return _int_11(text)
    if _FLOAT_11.fullmatch(text):
        return _float_11(text)
    return text


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the text {value!r}"
    return repr(value)


def advice(text: str, value_12: Any, value_11: Any) -> str:
    """The message for the plain scalar ``text``, read as ``value_12`` (YAML 1.2) and
    ``value_11`` (YAML 1.1): both readings and how to write each unambiguously."""
    ways = []
    if isinstance(value_12, bool) or isinstance(value_11, bool):
        ways.append("write true or false for yes/no")
    number = next(
        (
            v
            for v in (value_12, value_11)
            if isinstance(v, (int, float)) and not isinstance(v, bool)
        ),
        None,
    )
    if number is not None and ":" not in text:  # nobody means 17:30 as 1050
        ways.append(f"write {number!r} for the number")
    ways.append(f"quote it ({text!r}) for the text")
    return (
        f"{text!r} is {_show(value_12)} in YAML 1.2 but {_show(value_11)} in YAML 1.1; "
        f"{', or '.join(ways)}"
    )
