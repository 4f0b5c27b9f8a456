"""A statutory clock's extension may declare other caps a council may choose
(``extension.max_total_alternatives``, ``none`` meaning no cap: the law's "such time as
is reasonable" where guidance gives a figure); an overlay chooses one with
``clocks: {id: {extension: {max_total: ...}}}``, and the engine then allows (or refuses)
extensions by that cap. Anything undeclared is refused with file, line and key path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.cli_support import run
from tests.unit.test_loader import GOOD_OVERLAY, MINI, edit, errors, write

from statdeadline import Case, load_ruleset
from statdeadline.exceptions import TransitionNotAllowed
from statdeadline.rules.model import Duration

BASE = edit(
    MINI,
    "      max_total: {working_days: 65}\n",
    "      max_total: {working_days: 65}\n"
    "      max_total_alternatives: [none, {working_days: 45}]\n",
)


def overlay(tmp_path: Path, choice: str, name: str = "local.yaml") -> Path:
    write(tmp_path, BASE)
    return write(
        tmp_path, GOOD_OVERLAY + f"  reply: {{extension: {{max_total: {choice}}}}}\n", name
    )


def extend(path: Path, days: int) -> dt.date | None:
    """Received Wed 1 January 2020 (New Year's Day: day 0); 25 working days: Jan 2 3
    (1, 2), 6-10 (3-7), 13-17 (8-12), 20-24 (13-17), 27-31 (18-22), Feb 3 4 5 (23-25):
    due Wed 5 February; the due date after an extension of ``days`` more working days."""
    case = Case(load_ruleset(path))
    case.record("received", "2020-01-01")
    case.record("extension", "2020-01-10", clock="reply", working_days=days, reason="r")
    (reply,) = (d for d in case.deadlines("2020-01-10") if d.clock == "reply")
    return reply.due


def test_the_declared_alternatives_are_read(tmp_path: Path) -> None:
    """The base keeps its own cap and lists the alternatives (``None``: no cap)."""
    ext = load_ruleset(write(tmp_path, BASE)).clocks["reply"].extension
    assert ext is not None
    assert (ext.max_total, ext.max_total_alternatives) == (
        Duration("working_days", 65),
        (None, Duration("working_days", 45)),
    )


def test_an_overlay_lifts_the_cap(tmp_path: Path) -> None:
    """Under the base, 25 + 50 = 75 working days passes the cap of 65 and is refused;
    the overlay choosing ``none`` allows it. From Wed 5 February (day 25): Feb 6 7
    (26, 27), 10-14 (28-32), 17-21 (33-37), 24-28 (38-42), Mar 2-6 (43-47), 9-13
    (48-52), 16-20 (53-57), 23-27 (58-62), Mar 30-Apr 3 (63-67), Apr 6-9 (68-71), Good
    Friday 10 and Easter Monday 13 April skipped, Apr 14-17 (72-75): Fri 17 April."""
    with pytest.raises(TransitionNotAllowed, match="goes past its cap"):
        extend(write(tmp_path, BASE), 50)
    free = overlay(tmp_path, "none")
    assert load_ruleset(free).clocks["reply"].extension.max_total is None
    assert extend(free, 50) == dt.date(2020, 4, 17)


def test_an_overlay_chooses_a_tighter_declared_cap(tmp_path: Path) -> None:
    """Choosing 45 working days: 20 more (to day 45) is allowed, 21 refused. Day 45 is
    Feb 6 7 (26, 27), 10-28 (28-42), Mar 2 3 4 (43-45): Wed 4 March 2020."""
    tight = overlay(tmp_path, "{working_days: 45}")
    assert extend(tight, 20) == dt.date(2020, 3, 4)
    with pytest.raises(TransitionNotAllowed, match="at most 45 working days in all"):
        extend(tight, 21)


def test_the_declared_cap_may_be_chosen_again(tmp_path: Path) -> None:
    """Naming the base's own cap is allowed and changes nothing."""
    same = overlay(tmp_path, "{working_days: 65}")
    assert load_ruleset(same).clocks["reply"].extension == (
        load_ruleset(tmp_path / "mini.yaml").clocks["reply"].extension
    )


def test_an_undeclared_cap_is_refused(tmp_path: Path) -> None:
    """A cap that is not declared, or ``none`` where no alternative is, is refused,
    naming the declared choices."""
    bad = overlay(tmp_path, "{working_days: 50}", "bad.yaml")
    assert errors(bad) == [
        f"{bad}:24 clocks.reply.extension.max_total: clock 'reply''s extension allows at "
        "most 65 working days in all; an overlay may choose only a declared alternative "
        "(no cap; at most 45 working days in all), got at most 50 working days in all"
    ]
    write(tmp_path, MINI)
    plain = write(tmp_path, GOOD_OVERLAY + "  reply: {extension: {max_total: none}}\n", "p.yaml")
    assert errors(plain) == [
        f"{plain}:24 clocks.reply.extension.max_total: clock 'reply''s extension allows at "
        "most 65 working days in all; an overlay may choose only a declared alternative "
        "(none), got no cap"
    ]


def test_a_declared_alternative_is_checked_like_the_cap(tmp_path: Path) -> None:
    """Each alternative is in the duration's unit and not below it."""
    bad = edit(
        MINI,
        "      max_total: {working_days: 65}\n",
        "      max_total: {working_days: 65}\n"
        "      max_total_alternatives: [{calendar_days: 90}, {working_days: 20}]\n",
    )
    path = write(tmp_path, bad)
    assert errors(path) == [
        f"{path}:48 clocks.reply.extension.max_total_alternatives[0]: must be in "
        "working_days like the duration, got calendar_days",
        f"{path}:48 clocks.reply.extension.max_total_alternatives[1]: must be >= duration "
        "(25), got 20",
    ]


def test_rules_show_lists_the_caps_a_council_may_choose(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`statdeadline rules show` names the declared cap and its alternatives; an overlay
    that chose no cap shows that, the base's own cap first among the alternatives (a
    further overlay may choose it back), and that the overlay chose it."""
    write(tmp_path, BASE)
    status, out, _ = run(["rules", "show", str(tmp_path / "mini.yaml")], capsys)
    assert status == 0
    assert (
        "    extension: up to 65 working days in all (alternatives: no cap, up to 45 working "
        "days in all); needs reason"
    ) in out.splitlines()
    free = overlay(tmp_path, "none")
    status, out, _ = run(["rules", "show", str(free)], capsys)
    assert (
        "    extension: allowed, no cap (alternatives: up to 65 working days in all, up to 45"
        " working days in all) (chosen by local); needs reason"
    ) in out.splitlines()
