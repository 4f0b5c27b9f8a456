"""Which database errors mean the database cannot be used now (answered 503, "database
unavailable"), as against an error in what the service asked of it (a missing column, a
syntax error: answered 500 with an error id, like any other unexpected failure).

Both drivers raise one ``OperationalError`` for both kinds, so the class alone cannot
tell them apart; each error's own code does:

* SQLite: the primary result code (the low byte of ``sqlite_errorcode``, Python 3.11+;
  before it, SQLite's text for that code, which begins the message): :data:`SQLITE_DOWN`.
* PostgreSQL: the SQLSTATE (``sqlstate``): its class or code in :data:`POSTGRES_DOWN`; or
  an ``OperationalError`` with none, which psycopg raises itself when the connection
  cannot be made, is lost or is closed.

>>> import sqlite3
>>> unavailable(sqlite3.OperationalError("database is locked"))
True
>>> unavailable(sqlite3.OperationalError("no such column: x"))
False
"""

from __future__ import annotations

import sqlite3
import sys

__all__ = ["POSTGRES_DOWN", "SQLITE_DOWN", "driver_error", "unavailable"]

#: SQLite's primary result codes that mean the database cannot be used now, with the text
#: SQLite gives each (``sqlite3_errstr``), which a message without a code begins with.
SQLITE_DOWN = {
    5: ("SQLITE_BUSY", "database is locked"),  # another process holds the lock past the timeout
    6: ("SQLITE_LOCKED", "database table is locked"),
    8: ("SQLITE_READONLY", "attempt to write a readonly database"),
    10: ("SQLITE_IOERR", "disk I/O error"),
    13: ("SQLITE_FULL", "database or disk is full"),
    14: ("SQLITE_CANTOPEN", "unable to open database file"),
    15: ("SQLITE_PROTOCOL", "locking protocol"),
    26: ("SQLITE_NOTADB", "file is not a database"),  # the file replaced under the server
}

#: PostgreSQL SQLSTATEs (a whole class by its two characters, else a prefix or a code)
#: that mean the database cannot be used now.
POSTGRES_DOWN = {
    "08": "connection exception (cannot connect, connection lost)",
    "53": "insufficient resources (disk full, out of memory, too many connections)",
    "57P0": "operator intervention: administrator or crash shutdown, cannot connect now, "
    "database dropped, idle session timeout",
    "55P03": "lock not available (lock_timeout)",
    "25006": "read-only transaction (a standby that takes no writes)",
}


def driver_error(exc: BaseException) -> bool:
    """Whether ``exc`` is a database driver's own error (sqlite3's or psycopg's; a driver
    not imported raised nothing)."""
    for driver in ("sqlite3", "psycopg"):
        module = sys.modules.get(driver)
        if module is not None and isinstance(exc, module.Error):
            return True
    return False


def unavailable(exc: BaseException) -> bool:
    """Whether ``exc``, raised by the database driver, means the database cannot be used
    now (see the module docstring); ``False`` for anything else."""
    if isinstance(exc, sqlite3.Error):
        return _sqlite_down(exc)
    psycopg = sys.modules.get("psycopg")  # imported by the store only for PostgreSQL
    if psycopg is not None and isinstance(exc, psycopg.Error):
        state = exc.sqlstate
        if state is None:
            return isinstance(exc, psycopg.OperationalError)
        return any(state.startswith(prefix) for prefix in POSTGRES_DOWN)
    return False


def _sqlite_down(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in SQLITE_DOWN
    text = str(exc)
    return any(text.startswith(words) for _, words in SQLITE_DOWN.values())
