"""Set-up for everything pytest collects (tests/, the docs' and the modules' doctests).

The suite never reads or writes the user's calendar cache (``~/.cache/statdeadline``):
it is turned off here, at import time, because test modules build calendars while they
are being collected. ``tests/unit/test_calendar_cache.py`` points ``XDG_CACHE_HOME`` at
a temporary folder and turns it back on for its own tests. CLI tests run in
subprocesses, which inherit the setting.
"""

from __future__ import annotations

import os

os.environ["STATDEADLINE_NO_CACHE"] = "1"
