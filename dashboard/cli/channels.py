"""humas channel add | list | remove, and humas harvest.

    humas channel add --unit CODE --type website|youtube|facebook|instagram|tiktok
                      (--url URL | --id ID) [--token-stdin]      prints the new channel's id
    humas channel list [--unit CODE] [--format table|csv]        never a token
    humas channel remove ID
    humas harvest [--unit CODE] [--json]

A token is read from standard input (one line) and only with --token-stdin:
never an argument, which `ps` and shell histories would show. `harvest`
prints one line per channel, `ID UNIT TYPE: found N, added N, duplicates N`
or `ID UNIT TYPE: error: REASON`; with --json one object. It exits 0 when it
ran (channel errors included) and 2 when it could not run at all.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys

from dashboard import channel_address, secretbox
from dashboard.cli import Commands
from dashboard.cli.common import CliError, add_db_option, opened
from dashboard.progress import TextBar
from dashboard.store import channels as channel_store
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import DatabaseProblem

LIST_FIELDS = ("id", "unit", "type", "address", "status", "last_success", "last_error")


def register(sub: Commands) -> None:
    channel = sub.add_parser("channel")
    verbs = channel.add_subparsers(dest="verb", metavar="VERB", required=True)

    p = verbs.add_parser("add", help="register a unit's channel; prints its id")
    p.add_argument("--unit", required=True, metavar="CODE", help="unit code, e.g. kanwil-ntt")
    p.add_argument("--type", required=True, choices=channel_address.TYPES, dest="channel_type")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="a website's address (or a YouTube or TikTok address)")
    where.add_argument(
        "--id",
        dest="channel_id",
        help="a YouTube channel id (UC…), a Facebook Page or Instagram account id, a TikTok @name",
    )
    p.add_argument(
        "--token-stdin",
        action="store_true",
        help="read the access token (Facebook, Instagram, TikTok) from one line of stdin",
    )
    add_db_option(p)
    p.set_defaults(handler=cmd_add)

    p = verbs.add_parser("list", help="list channels with their status (never a token)")
    p.add_argument("--unit", metavar="CODE")
    p.add_argument("--format", choices=["table", "csv"], default="table")
    add_db_option(p)
    p.set_defaults(handler=cmd_list)

    p = verbs.add_parser("remove", help="stop collecting a channel (its items stay)")
    p.add_argument("id", help="the channel's number (see `humas channel list`)")
    add_db_option(p)
    p.set_defaults(handler=cmd_remove)

    p = sub.add_parser("harvest")
    p.add_argument("--unit", metavar="CODE", help="only this unit's channels")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_db_option(p)
    p.set_defaults(handler=cmd_harvest)


def _token_from_stdin() -> str:
    line = sys.stdin.readline().strip()
    if not line:
        raise CliError("--token-stdin: no token on standard input", code=2)
    return line


def cmd_add(args: argparse.Namespace) -> int:
    from dashboard.service import channels as channel_service

    needs = args.channel_type in channel_address.NEEDS_TOKEN
    if args.token_stdin and not needs:
        raise CliError(f"a {args.channel_type} channel takes no token", code=2)
    token = _token_from_stdin() if args.token_stdin else None
    with opened(args) as db:
        unit = unit_store.require(db, args.unit)
        try:
            new_id = channel_service.add_channel(
                db, SYSTEM, unit.id, args.channel_type, args.url or args.channel_id, token
            )
        except secretbox.KeyProblem as exc:
            raise CliError(exc.detail) from exc
    print(new_id)
    if needs and token is None:
        print(
            f"channel {new_id} has no token yet: it is read once one is given "
            "(Kanal page, or remove and add it again with --token-stdin)",
            file=sys.stderr,
        )
    return 0


def _when(value: str | None) -> str:
    return value or "-"


def cmd_list(args: argparse.Namespace) -> int:
    with opened(args, readonly=True) as db:
        unit_ids = [unit_store.require(db, args.unit).id] if args.unit else None
        found = channel_store.for_units(db, SYSTEM, unit_ids)
    rows = [
        {
            "id": c.id,
            "unit": c.unit_code,
            "type": c.type,
            "address": c.address,
            "status": channel_store.status_of(c),
            "last_success": _when(c.last_success_at),
            "last_error": c.last_error or "",
        }
        for c in found
    ]
    if args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=LIST_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return 0
    for r in rows:
        print(
            f"{r['id']:>5}  {r['unit']:<34} {r['type']:<9} {r['status']:<8} "
            f"{r['last_success']:<20}  {r['address']}"
            + (f"  ({r['last_error']})" if r["last_error"] else "")
        )
    print(f"{len(rows)} channels", file=sys.stderr)
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    try:
        channel_id = int(args.id)
    except ValueError as exc:
        raise CliError(f"the channel's number must be a whole number, got {args.id!r}", 2) from exc
    with opened(args) as db:
        channel_store.remove(db, SYSTEM, channel_id)
    print(f"channel {channel_id} removed")
    return 0


def cmd_harvest(args: argparse.Namespace) -> int:
    from dashboard.service.harvest import fetchers_from_env, harvest
    from dashboard.store.db import StoreError

    try:
        fetchers = fetchers_from_env()
    except ValueError as exc:  # a setting that cannot be read (HUMAS_FETCH_ALLOW_HOSTS, …)
        raise CliError(str(exc), code=2) from exc
    try:
        with opened(args) as db:
            unit_ids = None
            if args.unit:
                try:
                    unit_ids = [unit_store.require(db, args.unit).id]
                except StoreError as exc:
                    raise CliError(str(exc), code=2) from exc
            report = harvest(db, unit_ids=unit_ids, fetchers=fetchers, report=TextBar())
    except DatabaseProblem as exc:
        raise CliError(exc.detail, code=2) from exc
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        for outcome in report.channels:
            print(outcome.line())
    print(report.summary(), file=sys.stderr)
    return 0
