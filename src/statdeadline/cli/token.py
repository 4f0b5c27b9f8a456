"""``statdeadline token create``, ``list`` and ``revoke``: the deadline service's API
tokens."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from .common import EXIT_OK, Parser, add_command
from .database import add_db_option

__all__ = ["register"]


def _cmd_create(args: argparse.Namespace, out: TextIO) -> int:
    from ..service.store import open_store
    from ..service.tokens import create_token

    store = open_store(args.db)
    token = create_token(store, args.name, read_only=args.read_only)
    store.close()
    scope = "read-only" if args.read_only else "read-write"
    out.write(f"token {args.name!r} ({scope}) created; it is shown only now: {token}\n")
    return EXIT_OK


def _cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    from ..service.store import open_store
    from ..service.tokens import list_tokens

    store = open_store(args.db)
    found = list_tokens(store)
    store.close()
    for name, read_only, created in found:
        out.write(f"{name}\t{'read-only' if read_only else 'read-write'}\tcreated {created}\n")
    return EXIT_OK


def _cmd_revoke(args: argparse.Namespace, out: TextIO) -> int:
    from ..service.store import open_store
    from ..service.tokens import TOKEN_TTL, revoke_token

    store = open_store(args.db)
    revoke_token(store, args.name)
    store.close()
    out.write(
        f"token {args.name!r} revoked; a running server refuses it within {TOKEN_TTL:.0f} s\n"
    )
    return EXIT_OK


def register(sub: Any) -> None:
    """Add ``token`` and ``token create`` to the top-level subparsers ``sub``."""
    token = add_command(
        sub,
        "token",
        "API tokens for the deadline service",
        "Manage the tokens clients of 'statdeadline serve' send as 'Authorization: Bearer "
        "TOKEN'. Tokens are stored hashed: a token is shown once, when it is made.",
        ["statdeadline token create --name crm --db sqlite:///cases.db"],
    )
    commands = token.add_subparsers(dest="token_command", metavar="COMMAND", parser_class=Parser)
    commands.required = True
    create = add_command(
        commands,
        "create",
        "make a token and print it (the last word of the output)",
        "Make a new API token named NAME and print it once, as the last word of the output. "
        "Everything the token writes is recorded with its name.",
        [
            "statdeadline token create --name crm",
            "statdeadline token create --name dashboard --read-only --db sqlite:///cases.db",
        ],
        _cmd_create,
    )
    create.add_argument("--name", required=True, help="who the token is for (unique)")
    create.add_argument("--read-only", action="store_true", help="the token may only read (GET)")
    add_db_option(create)
    listing = add_command(
        commands,
        "list",
        "the tokens: name, scope, when made (never the token)",
        "List every token's name, whether it is read-only, and when it was made, one a line "
        "(tab-separated). The tokens themselves cannot be shown: only their hashes are kept.",
        ["statdeadline token list --db sqlite:///cases.db"],
        _cmd_list,
    )
    add_db_option(listing)
    revoke = add_command(
        commands,
        "revoke",
        "delete a token, so the service refuses it",
        "Delete the token named NAME. What it wrote stays in the audit trail under its name. "
        "A running server may still let it in for up to a minute (it remembers a valid token "
        "that long).",
        ["statdeadline token revoke --name crm --db sqlite:///cases.db"],
        _cmd_revoke,
    )
    revoke.add_argument("--name", required=True, help="the token's name")
    add_db_option(revoke)
