"""A new user copies the examples of docs/getting-started.md after ``pip install .``: an
example that imports a package statdeadline does not depend on says, in the prose just
before it, how to install that package (``pip install X`` or the extra
``statdeadline[X]``)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

DOC = Path(__file__).parents[2] / "docs" / "getting-started.md"
#: statdeadline's own dependencies (pyproject's ``dependencies``), by import name
INSTALLED = {"statdeadline", "holidays", "attrs", "yaml"}


def _blocks(text: str) -> list[tuple[str, str]]:
    """``(prose before the block, the block)`` for each ```python block."""
    parts = re.split(r"^```python\n(.*?)^```", text, flags=re.M | re.S)
    # parts: prose, block, prose, block, ..., prose; the prose before a block starts
    # after the previous python block (a ```bash block in it counts as prose)
    return [(parts[i - 1], parts[i]) for i in range(1, len(parts), 2)]


def test_every_import_outside_the_dependencies_says_how_to_install_it() -> None:
    """numpy, pandas and jsonschema are not installed by ``pip install .``: each block
    importing one is preceded by how to install it."""
    missing = []
    for prose, block in _blocks(DOC.read_text(encoding="utf-8")):
        for name in re.findall(r"^>>> (?:import|from) ([a-z_0-9]+)", block, re.M):
            if name in INSTALLED or name in sys.stdlib_module_names:
                continue
            if not re.search(rf"pip install [^\n`]*\b{name}\b|statdeadline\[{name}\]", prose):
                missing.append(name)
    assert missing == []
