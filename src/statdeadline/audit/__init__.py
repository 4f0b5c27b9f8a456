"""Layer 4: many cases at once - input readers, the wide mapping, replay, tallies and the
worker pool. See ``docs/auditors-guide.md``.

The public surface is what this package exports (its ``__all__``): :func:`audit` and what
it returns (:class:`AuditReport`, :class:`SummaryRow`, :class:`CaseCountRow`, and
:class:`CaseResult` and :class:`Rejection` for each case), :class:`CaseOutput` (per-case
output the audit writes itself, from its worker processes), :class:`AuditError`,
:func:`parse_input_date` (how
input dates are read), :data:`CORE_COLUMNS` and :data:`MONTH_NAMES`. Its modules, one
per job, are internal:

- :mod:`.dates`: dates in input cells; :mod:`.rows`: the row type and the reader
  interface; :mod:`.readers`: long-format CSV, JSON Lines and workbooks; :mod:`.wide`: the wide
  mapping;
- :mod:`.model`: the results; :mod:`.replay`: one case through the engine;
  :mod:`.periods`: reporting periods and which date places a case in one;
  :mod:`.recorded`: the deadlines a closed case holds no answer for;
  :mod:`.headlines`: sentences for the front of a report;
  :mod:`.tally`: totals and summary statistics; :mod:`.passes`: rows grouped into cases
  and fed through replay and tally; :mod:`.pool`: worker processes; :mod:`.split`: a
  large CSV input shared between them by byte ranges; :mod:`.caseout`: per-case output
  written by each in parts;
- :mod:`.source`: how each input is read (format, encoding, delimiter);
  :mod:`.csvfile`: CSV records a malformed row cannot take down with it;
  :mod:`.xlsxfile`: an Excel worksheet's rows as the same records; :mod:`.tables`:
  either, as the readers use them;
  :mod:`.checks`: what is checked before any case is replayed; :mod:`.limits`: when
  rejections make a report untrustworthy (the reports' warning, ``--max-rejected``);
- :mod:`.run`: :func:`audit`, which puts them together.
"""

from __future__ import annotations

from ..exceptions import AuditError
from .caseout import CaseOutput
from .dates import MONTH_NAMES, parse_input_date
from .model import AuditReport, CaseCountRow, CaseResult, Rejection, SummaryRow
from .rows import CORE_COLUMNS
from .run import audit

__all__ = [
    "CORE_COLUMNS",
    "MONTH_NAMES",
    "AuditError",
    "AuditReport",
    "CaseCountRow",
    "CaseOutput",
    "CaseResult",
    "Rejection",
    "SummaryRow",
    "audit",
    "parse_input_date",
]
