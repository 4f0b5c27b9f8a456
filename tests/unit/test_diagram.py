"""statdeadline.reports.mermaid: a rule set's state machine as Mermaid text."""

from __future__ import annotations

from pathlib import Path

from tests.cli_support import SMALL_MERMAID, SMALL_RULES

from statdeadline import load_ruleset, validate_file
from statdeadline.reports.mermaid import mermaid


def test_small_rule_set(tmp_path: Path) -> None:
    """States with labels (';' written as '#59;'), initial, transitions labelled by event,
    self-transitions and '*' expanded, final states."""
    path = tmp_path / "example-foi.yaml"
    path.write_text(SMALL_RULES, "utf-8")
    assert mermaid(validate_file(path)) == SMALL_MERMAID


def test_events_between_the_same_states_share_one_arrow() -> None:
    """england-adults-2009: acknowledged, extension and delay_notice leave 'open' as it
    is, so they are one arrow from open to itself, in the order they are declared."""
    lines = mermaid(load_ruleset("england-adults-2009")).splitlines()
    assert "    open --> open : acknowledged, extension, delay_notice" in lines
    assert [line for line in lines if "[*]" in line] == [
        "    [*] --> new",
        "    closed --> [*]",
        "    withdrawn --> [*]",
    ]
