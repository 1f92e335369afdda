"""humas user add | list | deactivate | activate | reset-password"""

from __future__ import annotations

import argparse
import getpass
import sys

from dashboard import auth
from dashboard.cli import Commands
from dashboard.cli.common import CliError, add_db_option, opened
from dashboard.domain import Account, Role
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM


def register(sub: Commands) -> None:
    user = sub.add_parser("user")
    verbs = user.add_subparsers(dest="verb", metavar="VERB", required=True)

    p = verbs.add_parser("add", help="add an account")
    p.add_argument("username")
    p.add_argument("--role", required=True, help=f"one of: {', '.join(Role)}")
    p.add_argument("--unit", required=True, metavar="CODE", help="unit code, e.g. kanwil-ntt")
    p.add_argument("--full-name", default="")
    p.add_argument("--email", default=None)
    p.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    add_db_option(p)
    p.set_defaults(handler=cmd_add)

    p = verbs.add_parser("list", help="list accounts")
    add_db_option(p)
    p.set_defaults(handler=cmd_list)

    for verb, active in (("deactivate", False), ("activate", True)):
        p = verbs.add_parser(verb, help=f"{verb} an account")
        p.add_argument("username")
        add_db_option(p)
        p.set_defaults(handler=cmd_set_active, active=active)

    p = verbs.add_parser("reset-password", help="set a new password (clears a lockout)")
    p.add_argument("username")
    p.add_argument("--password-stdin", action="store_true")
    add_db_option(p)
    p.set_defaults(handler=cmd_reset)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        try:
            line = sys.stdin.readline().rstrip("\r\n")
            line.encode("utf-8")  # undecodable bytes arrive as surrogates (or fail above)
        except UnicodeError:
            raise CliError("the password on standard input is not valid UTF-8 text") from None
        return line
    if not sys.stdin.isatty():
        raise CliError("no terminal to prompt for a password: use --password-stdin")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password again: "):
        raise CliError("the two passwords differ")
    return first


def cmd_add(args: argparse.Namespace) -> int:
    if args.role not in tuple(Role):
        raise CliError(f"unknown role {args.role!r}; expected one of: {', '.join(Role)}")
    with opened(args) as db:
        password = _read_password(args.password_stdin)
        auth.create_user(
            db,
            SYSTEM,
            username=args.username,
            password=password,
            role=args.role,
            unit_code=args.unit,
            full_name=args.full_name,
            email=args.email,
        )
    print(f"user {args.username} added ({args.role}, {args.unit})")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with opened(args, readonly=True) as db:
        for u in user_store.list_users(db, SYSTEM):
            state = "active" if u.active else "inactive"
            print(f"{u.username:<24} {u.role:<9} {u.unit_code:<40} {state}")
    return 0


def _require_user(db, username: str) -> Account:
    user = user_store.by_username(db, username)
    if user is None:
        raise CliError(f"no user {username!r}")
    return user


def cmd_set_active(args: argparse.Namespace) -> int:
    with opened(args) as db:
        user = _require_user(db, args.username)
        ended = user_store.set_active(db, SYSTEM, user.id, args.active)
    if args.active:
        print(f"user {args.username} activated")
    else:
        # Its open tabs show the sign-in page at their next run.
        print(f"user {args.username} deactivated; sessions ended: {ended}")
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    with opened(args) as db:
        user = _require_user(db, args.username)
        auth.reset_password(db, SYSTEM, user.id, _read_password(args.password_stdin))
    print(f"password of {args.username} reset")
    return 0
