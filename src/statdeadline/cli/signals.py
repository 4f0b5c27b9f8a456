"""SIGTERM and SIGHUP as a clean exit of the command line.

By default either signal ends a Python process on the spot: no ``finally`` block runs,
so an audit would leave its temporary files (the copy of standard input, rows spilled to
disk, the ``--cases`` parts) and its workers' files behind. While a command runs,
:func:`signals_exit` turns them into :class:`Terminated`, an exception that unwinds the
command like Ctrl-C's ``KeyboardInterrupt`` does: context managers remove their files,
the audit ends its workers and waits for them, and :func:`~statdeadline.cli.main.main`
prints one line and returns ``128 +`` the signal's number (143, 129), the status a shell
reports for a process the signal killed.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

__all__ = ["SIGNALS", "Terminated", "signals_exit"]

#: The signals turned into :class:`Terminated` (Ctrl-C, SIGINT, is Python's own
#: ``KeyboardInterrupt``); Windows has no SIGHUP.
SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Terminated(SystemExit):
    """The process was sent ``signum`` (SIGTERM or SIGHUP) and is ending.

    A :class:`SystemExit` whose code is ``128 + signum``: wherever it is not caught (a
    worker process forked before it sets its own handlers) it ends the process quietly,
    with that status, as ``finally`` blocks run."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(128 + signum)

    def __str__(self) -> str:
        return f"terminated ({signal.Signals(self.signum).name})"


def _raise(signum: int, frame: object) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def signals_exit() -> Iterator[None]:
    """While the block runs, :data:`SIGNALS` raise :class:`Terminated`; the previous
    handlers are put back after it. A signal the process was started ignoring (``nohup``
    ignores SIGHUP) stays ignored. Outside the main thread, where Python cannot set
    signal handlers, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {
        sig: signal.signal(sig, _raise)
        for sig in SIGNALS
        # None: a handler set outside Python, which could not be put back
        if signal.getsignal(sig) not in (signal.SIG_IGN, None)
    }
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
