"""SIGTERM and SIGHUP as a clean exit of the command line (cli/signals.py): raised as
``Terminated`` while a command runs, the previous handlers back afterwards, a signal
ignored (``nohup``) left ignored. (tests/unit/test_audit_interrupts.py sends them to a
real audit.)"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator

import pytest

from statdeadline.cli.signals import Terminated, signals_exit

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="no SIGHUP on Windows")


@pytest.fixture
def handlers() -> Iterator[None]:
    """SIGTERM and SIGHUP as they were before the test, whatever it does."""
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGHUP)}
    yield
    for sig, handler in before.items():
        signal.signal(sig, handler)


@pytest.mark.parametrize(("sig", "code", "text"), [(15, 143, "SIGTERM"), (1, 129, "SIGHUP")])
def test_a_signal_raises_terminated_while_a_command_runs(
    handlers: None, sig: int, code: int, text: str
) -> None:
    """Inside the block the signal raises Terminated, a SystemExit whose code is 128 +
    the signal's number; afterwards the handler is the one there was before."""
    mine = signal.getsignal(sig)
    with pytest.raises(Terminated) as info, signals_exit():
        assert signal.getsignal(sig) not in (signal.SIG_DFL, signal.SIG_IGN, mine)
        signal.raise_signal(sig)  # safe: the handler is ours (just checked)
    assert (info.value.code, info.value.signum, str(info.value)) == (
        code,
        sig,
        f"terminated ({text})",
    )
    assert isinstance(info.value, SystemExit)
    assert signal.getsignal(sig) is mine


def test_a_signal_ignored_stays_ignored(handlers: None) -> None:
    """Started under nohup (SIGHUP ignored), a command is not ended by a hang-up."""
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    with signals_exit():
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
        signal.raise_signal(signal.SIGHUP)  # ignored: nothing happens
        assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, signal.SIG_IGN)
    assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
