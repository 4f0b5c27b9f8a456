"""Layer 2: the rule-set model, its vocabulary, and reading and validating rule files.
Data, not behaviour. See ``docs/rule-authoring.md``.

Where things are: ``model`` (the frozen rule-set model, ``RuleSet``) and ``definitions``
(its parts: citations, durations, events, states, clocks, checks), ``vocabulary`` (the
words and what they mean), ``spec`` and ``format`` (the file format, declared once),
``schema`` (the JSON Schema rendered from it), ``yamlfile`` and ``yaml11`` (YAML 1.2 with lines),
``loader`` (``load_ruleset``, ``validate_file``), ``files`` (one file: parse, structure,
base), ``build`` with ``sources``, ``events``, ``states``, ``conventions``, ``clocks``,
``durations`` (the model from a file's data), ``graph`` (the state-graph rules),
``choices`` (a council's choices), ``versions`` (the version in force on a date),
``bundled`` (the shipped files), ``overrides`` (calendar override days).
"""

from __future__ import annotations

from .loader import bundled_rules_dir, list_bundled, load_ruleset, validate_file, versions_of
from .model import (
    Citation,
    ClockDef,
    Duration,
    EventDef,
    RuleSet,
)
from .overrides import load_overrides, overrides_from_data
from .vocabulary import CLOCK_KIND_TABLE, CLOCK_KINDS, CONFIDENCES, CONVENTIONS, kind_info

__all__ = [
    "CLOCK_KINDS",
    "CLOCK_KIND_TABLE",
    "CONFIDENCES",
    "CONVENTIONS",
    "Citation",
    "ClockDef",
    "Duration",
    "EventDef",
    "RuleSet",
    "bundled_rules_dir",
    "kind_info",
    "list_bundled",
    "load_overrides",
    "load_ruleset",
    "overrides_from_data",
    "validate_file",
    "versions_of",
]
