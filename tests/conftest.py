"""Test-suite set-up shared by every directory under ``tests/``.

pytest runs with ``--import-mode=importlib`` (see pyproject.toml), which does not put the
repository root on ``sys.path``; the root is added here so that test modules can share
helpers with ``from tests.strategies import ...`` however pytest is started.
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)
