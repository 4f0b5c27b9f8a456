"""The service's durability settings, apart from the store so that the command line can
offer them (``serve --sqlite-synchronous``) without importing the database code: this
module imports nothing, so ``statdeadline --help`` works without the ``service`` extra."""

from __future__ import annotations

__all__ = ["SYNCHRONOUS"]

#: The values ``--sqlite-synchronous`` takes (SQLite's ``PRAGMA synchronous``): ``full``
#: (the default) syncs every commit to disk, ``normal`` less often.
SYNCHRONOUS = ("full", "normal")
