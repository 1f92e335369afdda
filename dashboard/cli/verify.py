"""humas verify (check evidence links) and humas review (decide on flagged items)."""

from __future__ import annotations

import argparse
import csv
import json
import sys

from dashboard.cli import Commands
from dashboard.cli.common import CliError, add_db_option, opened
from dashboard.cli.reports import _day, _who
from dashboard.store import checks as check_store
from dashboard.store import units as unit_store
from dashboard.store.access import AccessDenied, subtree_ids


def register(sub: Commands) -> None:
    p = sub.add_parser("verify")
    p.add_argument("--unit", metavar="CODE", help="this unit and every unit below it")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="items of this local date or later")
    p.add_argument("--json", action="store_true", help="one JSON object")
    add_db_option(p)
    p.set_defaults(handler=cmd_verify)

    r = sub.add_parser("review")
    actions = r.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="flagged items waiting for a decision")
    listing.add_argument("--unit", metavar="CODE", help="this unit and every unit below it")
    listing.add_argument("--format", choices=("table", "csv"), default="table")
    listing.add_argument("--as", dest="username", metavar="USERNAME", help="as this reviewer")
    add_db_option(listing)
    listing.set_defaults(handler=cmd_review_list)
    for name, text in (("accept", "the item counts"), ("reject", "the item stops counting")):
        d = actions.add_parser(name, help=f"{name} a flagged item: {text}")
        d.add_argument("item_id", type=int, metavar="ITEM_ID")
        d.add_argument("--as", dest="username", metavar="USERNAME", required=True)
        d.add_argument("--note", default="", required=name == "reject", metavar="TEXT")
        add_db_option(d)
        d.set_defaults(handler=cmd_review_decide, decision=f"{name}ed")


def _units(db, code: str | None) -> list[int] | None:
    if not code:
        return None
    unit = unit_store.by_code(db, code)
    if unit is None:
        raise CliError(f"unknown unit {code!r} (see `humas units`)")
    return subtree_ids(db, unit.id)


def cmd_verify(args: argparse.Namespace) -> int:
    from dashboard.service import verify

    since = None if args.since is None else _day(args.since, "--since")
    with opened(args) as db:
        report = verify.run(db, unit_ids=_units(db, args.unit), since=since)
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
        return 0
    print(report.summary())
    for item in report.items:
        if item.status == "flagged":
            print(f"{item.id}: {','.join(item.reasons)}")
    return 0


COLUMNS = ("id", "unit", "date", "link", "reasons")


def cmd_review_list(args: argparse.Namespace) -> int:
    with opened(args, readonly=True) as db:
        who = _who(db, args.username)
        unit_ids = _units(db, args.unit)
        if unit_ids is not None:
            allowed = check_store.reviewable_unit_ids(db, who)
            unit_ids = unit_ids if allowed is None else [u for u in unit_ids if u in allowed]
        try:
            found = check_store.queue(db, who, unit_ids)
        except AccessDenied as exc:
            raise CliError(f"account {who.username!r} may not review items") from exc
    table = [
        (str(i.id), i.unit_code, i.day.isoformat(), i.link or "", ",".join(i.reasons))
        for i in found
    ]
    if args.format == "csv":
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(COLUMNS)
        out.writerows(table)
        return 0
    if not table:
        print("no flagged items waiting for a decision")
        return 0
    widths = [max(len(c), *(len(r[n]) for r in table)) for n, c in enumerate(COLUMNS)]
    for row in (COLUMNS, *table):
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    return 0


def cmd_review_decide(args: argparse.Namespace) -> int:
    with opened(args) as db:
        who = _who(db, args.username)
        try:
            done = check_store.decide(db, who, args.item_id, args.decision, args.note)
        except AccessDenied as exc:
            raise CliError(
                f"account {who.username!r} may not review item {args.item_id}: "
                "reviewers are an admin or a pimpinan of a unit above the item's unit"
            ) from exc
        except check_store.ReviewRefused as exc:
            raise CliError(f"item {args.item_id}: {exc.english}") from exc
    print(f"item {done.id} {done.decision} ({','.join(done.reasons)})")
    return 0
