"""How each deadline's row is shaped: which deadlines appear, in which order, under which
label, with which bands, target and unit of averages.

Three sources, the first that says something winning, deadline by deadline:

1. the audit's per-deadline options (``buckets={"stage1_response": [7, 14]}``,
   ``target={"stage1_response": 0.8}``; on the command line ``--buckets CLOCK=EDGES``,
   ``--target CLOCK=RATE``), for that clock id in any rule set;
2. the report profile (:mod:`statdeadline.rules.profiles`), for its rule set's clocks:
   it also decides which of them appear (the others are left out), their order and
   labels, band labels and units, and the unit of averages;
3. the audit's global options (``buckets=[20, 40]``, ``target=0.8``).

>>> shape = ReportShape(None, (20, 40), {"ack": (0, 2)}, 0.8, {})
>>> shape.row("any-rules", "ack", "Acknowledgement", 3).edges
(0, 2)
>>> shape.row("any-rules", "response", "Response", 1).bands[0][0]
'<= 20'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from ..exceptions import InvalidArgumentError
from ..rules.profiles import Profile

__all__ = ["Band", "ReportShape", "RowShape", "bands", "report_shape"]

#: A band: its label, and the lowest and highest values it takes (``None``: no bound).
Band = tuple[str, int | None, int | None]


def bands(edges: Sequence[int], labels: Sequence[str] = ()) -> list[Band]:
    """Bands from edges: ``<= e1``, ``e1+1-e2``, ..., ``over eN`` (or ``labels``, one
    more than the edges).

    >>> [label for label, _, _ in bands([20, 21, 40])]
    ['<= 20', '21', '22-40', 'over 40']
    >>> bands([0, 2], ["same day", "1-2", "3+"])[1]
    ('1-2', 1, 2)
    """
    out: list[Band] = []
    low = None
    for edge in edges:
        if low is None:
            out.append((f"<= {edge}", None, edge))
        else:
            out.append((f"{low + 1}-{edge}" if edge > low + 1 else f"{edge}", low + 1, edge))
        low = edge
    out.append(
        (f"over {low}" if low is not None else "all", (low + 1) if low is not None else None, None)
    )
    if labels:
        out = [(label, lo, hi) for label, (_, lo, hi) in zip(labels, out, strict=True)]
    return out


@attrs.frozen
class RowShape:
    """One deadline's row: its ``label``, ``order`` (where it goes among its rule set's
    deadlines), ``bands`` (from ``edges``, in ``band_unit``), ``target`` and the unit of
    its averages."""

    label: str
    order: int
    edges: tuple[int, ...]
    bands: tuple[Band, ...]
    band_unit: str
    target: float | None
    average_unit: str


@attrs.frozen
class ReportShape:
    """The shaping options of an audit (see the module's docstring)."""

    profile: Profile | None
    edges: tuple[int, ...]
    clock_edges: Mapping[str, tuple[int, ...]]
    target: float | None
    clock_targets: Mapping[str, float]

    def row(self, rid: str, clock: str, label: str, clock_index: int) -> RowShape | None:
        """The shape of rule set ``rid``'s row of ``clock`` (whose own label is ``label``
        and place among the rule set's clocks ``clock_index``); ``None`` when the profile
        leaves it out."""
        entry = None
        order = clock_index
        if self.profile is not None and self.profile.ruleset == rid:
            entry = self.profile.deadline(clock)
            if entry is None:
                return None
            order = [d.clock for d in self.profile.deadlines].index(clock)
        labels: tuple[str, ...] = ()
        unit = "working_days"
        if clock in self.clock_edges:
            edges = self.clock_edges[clock]
        elif entry is not None and entry.bands is not None:
            edges, unit, labels = entry.bands.edges, entry.bands.unit, entry.bands.labels
        else:
            edges = self.edges
        if clock in self.clock_targets:
            target: float | None = self.clock_targets[clock]
        elif entry is not None and entry.target is not None:
            target = entry.target
        else:
            target = self.target
        return RowShape(
            label=(entry.label if entry is not None and entry.label else label),
            order=order,
            edges=tuple(edges),
            bands=tuple(bands(edges, labels)),
            band_unit=unit,
            target=target,
            average_unit=entry.average if entry is not None else "working_days",
        )


def _edges(value: object, argument: str) -> tuple[int, ...]:
    try:
        edges = [int(b) for b in value]  # type: ignore[attr-defined]  # checked by the except
    except (TypeError, ValueError):
        edges = None
    if (
        edges is None
        or isinstance(value, str)
        or edges != sorted(set(edges))
        or any(b < 0 for b in edges)
    ):
        raise InvalidArgumentError(argument, value, "ascending, distinct whole numbers >= 0")
    return tuple(edges)


def _rate(value: object, argument: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise InvalidArgumentError(argument, value, "a fraction from 0 to 1 (0.8 for 80%)")
    return float(value)


def report_shape(
    buckets: Sequence[int] | Mapping[str, Sequence[int]],
    target: float | Mapping[str, float] | None,
    profile: Profile | None,
) -> ReportShape:
    """The shape an audit's options give, once they are known to be good
    (``InvalidArgumentError`` naming the option): ``buckets`` and ``target`` are one value
    for every deadline, or a mapping by clock id whose ``"*"`` entry, if any, is for the
    rest."""
    default_edges: tuple[int, ...] = (20, 40, 60, 80, 100)
    if isinstance(buckets, Mapping):
        clock_edges = {str(k): _edges(v, f"buckets[{k!r}]") for k, v in buckets.items() if k != "*"}
        edges = _edges(buckets["*"], "buckets") if "*" in buckets else default_edges
    else:
        clock_edges, edges = {}, _edges(buckets, "buckets")
    if isinstance(target, Mapping):
        clock_targets = {str(k): _rate(v, f"target[{k!r}]") for k, v in target.items() if k != "*"}
        rate = _rate(target["*"], "target") if "*" in target else None
    else:
        clock_targets, rate = {}, (None if target is None else _rate(target, "target"))
    return ReportShape(profile, edges, clock_edges, rate, clock_targets)
