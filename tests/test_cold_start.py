"""What ``import statdeadline`` loads: not PyYAML, not holidays, not the rule-file
machinery. Checked by the modules a fresh interpreter holds after the import (a subprocess,
``sys.modules``), not by timing, which depends on the machine."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import statdeadline


def modules_after(code: str) -> set[str]:
    """The module names a fresh interpreter holds after running ``code``."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(out))


IMPORTED = modules_after("import statdeadline")


@pytest.mark.parametrize("heavy", ["yaml", "holidays", "hashlib", "tempfile"])
def test_import_statdeadline_does_not_import(heavy: str) -> None:
    """PyYAML (~20 ms) is imported when a file is first read, holidays when a calendar
    first needs bank holidays, hashlib and tempfile (the calendar's fingerprint and file
    cache) when a calendar is first built; none of them by the import."""
    assert {m for m in IMPORTED if m == heavy or m.startswith(f"{heavy}.")} == set()


def test_the_rule_file_machinery_waits_for_the_first_rule_file() -> None:
    """The format declaration, its checker, the builders and the version picker are
    imported by the first load_ruleset/validate_file, not by the import."""
    lazy = {
        f"statdeadline.rules.{m}"
        for m in ("build", "clocks", "files", "format", "schema", "spec", "versions")
    }
    assert lazy & IMPORTED == set()
    loaded = modules_after("import statdeadline; statdeadline.load_ruleset('england-adults-2009')")
    assert lazy - {"statdeadline.rules.schema"} <= loaded
    assert "yaml" in loaded


def test_the_version_is_read_when_asked_for() -> None:
    """``statdeadline.__version__`` is the installed package's version, read on first use."""
    import importlib.metadata

    assert statdeadline.__version__ == importlib.metadata.version("statdeadline")


def test_import_statdeadline_does_not_import_importlib_metadata() -> None:
    """importlib.metadata (~30-40 ms with email, zipfile...) is imported only when the
    version is first read: the engine reads it when a result needs it."""
    assert "importlib.metadata" not in IMPORTED
