"""The registry of writers: every output format, found by name.

A format is one module that registers its writer when it is imported::

    register("csv", ".csv", AUDIT_REPORT, "CSV", write_csv)

giving the format's name (what ``--format`` takes), its file suffix, what it writes and a
few words for help text, and the function. The package imports every writer module, so
``import statdeadline.reports`` registers them all; :func:`writers` lists them in the
order they were registered (the first is the default), :func:`find_writer` finds one.
:meth:`Writer.load` imports the writer's module again when it is asked for, so a module
missing from an installation is reported (``ModuleNotFoundError`` naming it) before any
work is done rather than after.

What a writer writes says how it is called:

- :data:`AUDIT_REPORT`: ``write(report: AuditReport, out: TextIO) -> None``;
- :data:`CASE_DEADLINES`: ``write(case: Case, deadlines: Deadlines, out: TextIO, *,
  explain: bool) -> None`` (``explain``: with how each due date was worked out, where
  the format can show it).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import Any, Literal

import attrs

__all__ = [
    "AUDIT_REPORT",
    "CASE_DEADLINES",
    "Writer",
    "Writes",
    "find_writer",
    "register",
    "writers",
]

#: What a writer writes: an audit's report, or one case's deadlines.
Writes = Literal["audit report", "case deadlines"]
AUDIT_REPORT: Writes = "audit report"
CASE_DEADLINES: Writes = "case deadlines"


@attrs.frozen
class Writer:
    """One output format: its ``name``, file ``suffix``, what it ``writes``, a few words
    that say what it gives (``description``, for help text), and the function that
    writes it (``function`` in ``module``)."""

    name: str
    suffix: str
    writes: Writes
    description: str
    module: str
    function: str

    def load(self) -> Callable[..., None]:
        """The writing function, from its module (``ModuleNotFoundError`` naming the
        module if this installation lacks it)."""
        write: Callable[..., None] = getattr(importlib.import_module(self.module), self.function)
        return write

    def missing(self) -> str | None:
        """A package the writer's module needs (its ``NEEDS``: package to the extra that
        installs it) and this installation lacks, with how to install it; None if none
        is lacking. So a format can be refused before an audit runs, not after."""
        needs: dict[str, str] = getattr(importlib.import_module(self.module), "NEEDS", {})
        for package, extra in needs.items():
            if importlib.util.find_spec(package) is None:
                return f"{package} (pip install 'statdeadline[{extra}]')"
        return None


_WRITERS: dict[tuple[Writes, str], Writer] = {}


def register(
    name: str, suffix: str, writes: Writes, description: str, function: Callable[..., Any]
) -> Writer:
    """Add a format; a second writer of the same name for the same thing is refused."""
    if (writes, name) in _WRITERS:
        raise ValueError(f"a writer of {writes}s named {name!r} is registered already")
    writer = Writer(name, suffix, writes, description, function.__module__, function.__name__)
    _WRITERS[writes, name] = writer
    return writer


def writers(writes: Writes) -> list[Writer]:
    """The writers of ``writes``, in the order they were registered (the default first)."""
    return [w for (what, _), w in _WRITERS.items() if what == writes]


def find_writer(name: str, writes: Writes) -> Writer:
    """The writer of ``writes`` called ``name``; ``LookupError`` naming the ones there are."""
    try:
        return _WRITERS[writes, name]
    except KeyError:
        known = ", ".join(w.name for w in writers(writes)) or "none"
        raise LookupError(f"no writer of {writes}s named {name!r}; known: {known}") from None
