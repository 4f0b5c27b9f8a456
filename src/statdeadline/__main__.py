"""``python -m statdeadline``: the command line."""

from __future__ import annotations

import sys

from .cli.main import main

if __name__ == "__main__":  # pragma: no branch - always true when run with -m
    sys.exit(main())
