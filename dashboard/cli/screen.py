"""humas screen add | list | revoke: links for the meeting screen (the wall display)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from dashboard import clock, fmt
from dashboard.cli import Commands
from dashboard.cli.common import CliError, add_db_option, opened
from dashboard.store import screens
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM
from dashboard.store.migrations import SCREEN_ROTATE_RANGE

if TYPE_CHECKING:
    from dashboard.domain import Unit

NATIONAL = ("national", "nasional")


def register(sub: Commands) -> None:
    screen = sub.add_parser("screen")
    verbs = screen.add_subparsers(dest="verb", metavar="VERB", required=True)

    p = verbs.add_parser(
        "add", help="make a link; prints its path and query (the token is shown only once)"
    )
    p.add_argument(
        "--scope", required=True, metavar="national|KANWIL_CODE", help="e.g. national, kanwil-ntt"
    )
    p.add_argument(
        "--days",
        type=int,
        default=screens.DEFAULT_DAYS,
        help=f"days the link stays valid ({screens.DAYS_RANGE[0]}-{screens.DAYS_RANGE[1]}, "
        f"default {screens.DEFAULT_DAYS})",
    )
    p.add_argument(
        "--rotate",
        type=int,
        default=screens.DEFAULT_ROTATE,
        metavar="SECONDS",
        help=f"seconds each panel stays ({SCREEN_ROTATE_RANGE[0]}-{SCREEN_ROTATE_RANGE[1]}, "
        f"default {screens.DEFAULT_ROTATE})",
    )
    p.add_argument("--label", default="", help="a note shown in the list, e.g. 'Rakornas 2026'")
    add_db_option(p)
    p.set_defaults(handler=cmd_add)

    p = verbs.add_parser("list", help="list links (never their tokens)")
    add_db_option(p)
    p.set_defaults(handler=cmd_list)

    p = verbs.add_parser("revoke", help="revoke a link: its screen goes blank at its next refresh")
    p.add_argument("id", help="the link's number (see `humas screen list`)")
    add_db_option(p)
    p.set_defaults(handler=cmd_revoke)


def _scope_unit(db, scope: str) -> Unit:
    if scope.lower() in NATIONAL:
        root = next((u for u in screens.allowed_scopes(db, SYSTEM) if u.parent_id is None), None)
        if root is None:
            raise CliError("no national root unit; run `humas init` first")
        return root
    unit = unit_store.by_code(db, scope)
    if unit is None:
        raise CliError(f"unknown unit {scope!r}: use national or a Kanwil code (see `humas units`)")
    if unit.type != "KANWIL":
        raise CliError(f"{scope!r} is a {unit.type}, not a Kanwil: use national or a Kanwil code")
    return unit


def cmd_add(args: argparse.Namespace) -> int:
    with opened(args) as db:
        unit = _scope_unit(db, args.scope)
        link_id, token = screens.create(
            db,
            SYSTEM,
            unit.id,
            days=args.days,
            rotate_seconds=args.rotate,
            label=args.label,
        )
        link = screens.by_id(db, link_id)
    assert link is not None  # made above, in this process
    title = "national" if link.national else link.unit_code
    expires = fmt.moment(clock.parse_instant(link.expires_at), link.unit_tz)
    print(
        f"screen link {link_id} ({title}): valid until {expires}, "
        f"panels change every {link.rotate_seconds} s",
        file=sys.stderr,
    )
    print(f"/?layar={token}")
    print(
        "Put the app's address in front of it. The token is shown only this once; "
        f"revoke with `humas screen revoke {link_id}`.",
        file=sys.stderr,
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    now = clock.utc_now()
    with opened(args, readonly=True) as db:
        found = screens.list_links(db, SYSTEM)
    for link in found:
        scope = "national" if link.national else link.unit_code
        expires = fmt.moment(clock.parse_instant(link.expires_at), link.unit_tz)
        print(
            f"{link.id:>4}  {scope:<22} {screens.status_of(link, now):<8} "
            f"until {expires:<24} {link.rotate_seconds:>3} s  by {link.creator:<16} "
            f"{link.label}"
        )
    print(f"{len(found)} screen links", file=sys.stderr)
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    try:
        link_id = int(args.id)
    except ValueError as exc:
        raise CliError(
            f"the link's number must be a whole number, got {args.id!r}", code=2
        ) from exc
    with opened(args) as db:
        screens.revoke(db, SYSTEM, link_id)
    print(f"screen link {link_id} revoked")
    return 0
