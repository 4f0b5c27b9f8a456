"""A file cache of derived calendar data, so a new process need not derive it again.

Each entry is one JSON file (no pickle: reading a cache must never run code) holding the
data and the key it was derived under; :func:`load` returns the data only when the key
matches exactly and the file's SHA-256 of the data checks, so a stale, foreign, truncated
or hand-edited file is simply ignored (and rewritten by the next :func:`save`).

Where: ``$XDG_CACHE_HOME/statdeadline`` when ``XDG_CACHE_HOME`` is an absolute path,
else ``~/.cache/statdeadline``. Set ``STATDEADLINE_NO_CACHE`` to anything but ``""`` or
``"0"`` to turn the cache off (nothing is read or written).

Failures never reach the caller: a folder that cannot be created, a file that cannot be
read or written, or a full disk each mean "no cache". Writes are atomic: the file is
written under a temporary name in the same folder, then moved into place with
:func:`os.replace`, so a reader sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .dates import date

#: Set to anything but ``""`` or ``"0"`` to turn the file cache off.
DISABLE_ENV = "STATDEADLINE_NO_CACHE"
#: The value of every cache file's ``format`` field (bump the number to change the layout).
FORMAT = "statdeadline-cache/1"


def cache_folder() -> Path | None:
    """The cache folder (which may not exist yet), or None when the cache is off."""
    if os.environ.get(DISABLE_ENV, "") not in ("", "0"):
        return None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):  # the XDG spec: a relative value is to be ignored
        return Path(xdg) / "statdeadline"
    try:
        return Path.home() / ".cache" / "statdeadline"
    except RuntimeError:  # no home directory can be determined
        return None


def _digest(days: list[list[str]]) -> str:
    text = json.dumps(days, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load(folder: Path, name: str, key: Mapping[str, Any]) -> dict[int, str] | None:
    """The days (ordinal -> text) saved as ``name`` under exactly ``key``, or None when
    there is no such file or it is unreadable, corrupt or was saved under another key."""
    try:
        with open(folder / f"{name}.json", encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError, RecursionError):  # missing, unreadable, not JSON
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != dict(key):
        return None
    days = data.get("days")
    if not isinstance(days, list) or data.get("sha256") != _digest(days):
        return None
    out: dict[int, str] = {}
    for item in days:
        if not (isinstance(item, list) and len(item) == 2):
            return None
        day, text = item
        if not (isinstance(day, str) and isinstance(text, str)):
            return None
        try:
            out[date.fromisoformat(day).toordinal()] = text
        except ValueError:
            return None
    return out


def save(folder: Path, name: str, key: Mapping[str, Any], days: Mapping[int, str]) -> bool:
    """Save ``days`` (ordinal -> text) as ``name`` under ``key``, atomically; True if the
    file was written, False if it could not be (the caller carries on without a cache)."""
    items = [[date.fromordinal(o).isoformat(), text] for o, text in sorted(days.items())]
    payload = {"format": FORMAT, "key": dict(key), "sha256": _digest(items), "days": items}
    text = json.dumps(payload, ensure_ascii=False, indent=0)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    except OSError:
        return False
    written = False
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, folder / f"{name}.json")
        written = True
    except OSError:
        pass
    finally:
        if not written:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return written
