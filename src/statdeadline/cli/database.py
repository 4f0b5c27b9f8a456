"""``--db URL``, the deadline service's database, shared by ``serve``, ``token`` and
``recompute``."""

from __future__ import annotations

import argparse
import os

__all__ = ["DEFAULT_DB", "add_db_option"]

DEFAULT_DB = "sqlite:///statdeadline.db"


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """``--db URL``: the service's database (default ``$STATDEADLINE_DB`` or a SQLite file
    ``statdeadline.db`` in the working folder)."""
    parser.add_argument(
        "--db",
        default=os.environ.get("STATDEADLINE_DB", DEFAULT_DB),
        metavar="URL",
        help="sqlite:///PATH (relative; sqlite:////PATH for an absolute path; created if "
        "missing) or postgresql://USER:PASSWORD@HOST:PORT/DATABASE "
        f"(default: $STATDEADLINE_DB, else {DEFAULT_DB})",
    )
