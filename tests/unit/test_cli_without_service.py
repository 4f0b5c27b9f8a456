"""The command line without the ``service`` extra: its help, ``serve``'s included, needs
none of Starlette, uvicorn or psycopg (they are blocked in a fresh interpreter, as if
not installed), and ``serve`` itself then says which extra to install."""

from __future__ import annotations

import json
import subprocess
import sys

BLOCK = "import sys\nfor m in ('starlette', 'uvicorn', 'psycopg'):\n    sys.modules[m] = None\n"


def _run(argv: list[str]) -> tuple[int, str, str, list[str]]:
    """Exit status, stdout and stderr of ``statdeadline argv`` with the extra blocked,
    and the modules of the service package it imported."""
    script = (
        BLOCK
        + "import contextlib, io, json\n"
        + "from statdeadline.cli import main\n"
        + "out, err = io.StringIO(), io.StringIO()\n"
        + "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):\n"
        + "    try:\n"
        + f"        status = main({argv!r})\n"
        + "    except SystemExit as exc:\n"
        + "        status = exc.code\n"
        + "mods = sorted(m for m in sys.modules if m.startswith('statdeadline.service'))\n"
        + "print(json.dumps([status, out.getvalue(), err.getvalue(), mods]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    status, out, err, mods = json.loads(done.stdout)
    return status, out, err, mods


def test_help_needs_no_service_extra() -> None:
    """``statdeadline --help`` and ``serve --help`` work, the latter offering the
    durability choices from service.durability, which imports no database code."""
    status, out, _, mods = _run(["--help"])
    assert (status, "serve" in out) == (0, True)
    status, out, _, mods = _run(["serve", "--help"])
    assert status == 0
    assert "--sqlite-synchronous {full,normal}" in out
    assert mods == ["statdeadline.service", "statdeadline.service.durability"]


def test_serve_without_the_extra_says_what_to_install() -> None:
    """``serve`` itself needs the extra: exit 2 and one line naming it."""
    status, out, err, _ = _run(["serve", "--db", "sqlite:///x.db"])
    assert (status, out) == (2, "")
    assert err == 'error: serve needs the service extra: pip install "statdeadline[service]"\n'
