"""Helpers shared by the command-line and output-format tests.

``run`` calls ``statdeadline.cli.main(argv, stdout=...)`` and returns the exit status and
the text written to stdout and stderr; ``parse_ics`` reads iCalendar text back into its
components, checking the RFC 5545 framing (CRLF endings, folding) on the way.
"""

from __future__ import annotations

import io

import pytest

from statdeadline.cli import main

#: what an unknown rule-set id's error adds after the bundled ids when no rules folder is
#: given (rules/versions.py)
OWN = (
    " (the bundled ones; name a rule set of your own by its file, or give its folder with "
    "--rules DIR, rules_dirs= in Python)"
)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI; return (exit status, stdout, stderr)."""
    out = io.StringIO()
    status = main(argv, stdout=out)
    captured = capsys.readouterr()
    assert captured.out == ""  # everything meant for stdout goes to the stream given
    return status, out.getvalue(), captured.err


def usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run argv expecting exit 2, nothing on stdout and one ``error:`` line; return it."""
    status, out, err = run(argv, capsys)
    assert (status, out, err.count("\n"), err.startswith("error: ")) == (2, "", 1, True)
    return err


def parse_ics(text: str) -> list[dict[str, str]]:
    """The components of an iCalendar text, each as ``{"BEGIN": name, property: value}``
    (property names with their parameters, e.g. ``DTSTART;VALUE=DATE``).

    Checks on the way: every line ends with CRLF and there is no bare LF or CR; no physical
    line is longer than 75 octets; a folded line continues with exactly one space.
    """
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    assert all("\n" not in p and "\r" not in p for p in physical)
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    logical: list[str] = []
    for p in physical:
        if p.startswith(" "):
            logical[-1] += p[1:]  # unfold: drop CRLF and the one space
        else:
            logical.append(p)
    components: list[dict[str, str]] = []
    stack: list[dict[str, str]] = []
    for line in logical:
        name, _, value = line.partition(":")
        if name == "BEGIN":
            stack.append({"BEGIN": value})
        elif name == "END":
            done = stack.pop()
            assert done["BEGIN"] == value
            components.append(done)
        else:
            assert name not in stack[-1], f"{name} given twice"
            stack[-1][name] = value
    assert not stack
    return components


def unescape_ics(value: str) -> str:
    """An RFC 5545 TEXT value unescaped."""
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            out.append("\n" if value[i + 1] in "nN" else value[i + 1])
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


#: A small rule set for diagrams and the rules commands: four states, a self-transition
#: and a transition from every non-final state ("*"); one state label has a ";".
SMALL_RULES = """\
format: statdeadline/rules@1
id: example-foi
title: Example - a 20 working day request
version: "1.0.0"
effective_from: 2005-01-01
sources:
  foia-2000: {title: Freedom of Information Act 2000}
events:
  received: {label: Request received}
  clarified: {label: Clarification received}
  responded: {label: Response sent}
  withdrawn: {label: Request withdrawn}
states:
  new: {label: Not yet received, initial: true}
  open: {label: "Open; being handled"}
  done: {label: Answered, final: true}
  withdrawn: {label: Withdrawn, final: true}
transitions:
  - {event: received, from: new, to: open}
  - {event: clarified, from: open}
  - {event: responded, from: open, to: done}
  - {event: withdrawn, from: "*", to: withdrawn}
clocks:
  response:
    label: Response
    kind: statutory
    start: received
    met_by: responded
    duration: {working_days: 20}
    citation: {source: foia-2000, ref: s.10(1), confidence: primary}
"""

#: SMALL_RULES as Mermaid, worked out by hand: the states in file order; the initial
#: state; one arrow per transition, "clarified" from open to itself, and "withdrawn" from
#: each non-final state (new, open) for its "*"; then the two final states.
SMALL_MERMAID = """\
stateDiagram-v2
    new : Not yet received
    open : Open#59; being handled
    done : Answered
    withdrawn : Withdrawn
    [*] --> new
    new --> open : received
    open --> open : clarified
    open --> done : responded
    new --> withdrawn : withdrawn
    open --> withdrawn : withdrawn
    done --> [*]
    withdrawn --> [*]
"""
