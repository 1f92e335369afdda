"""humas kpi: a unit's figures for a local date, from the same functions as the pages."""

from __future__ import annotations

import argparse
import json
from datetime import date

from dashboard import fmt, words
from dashboard.cli import Commands
from dashboard.cli.common import CliError, add_db_option, opened
from dashboard.domain import Group
from dashboard.service import context
from dashboard.service.unit import figures
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM


def register(sub: Commands) -> None:
    p = sub.add_parser("kpi")
    p.add_argument("--unit", required=True, metavar="CODE")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the unit's local date")
    p.add_argument("--json", action="store_true", help="one JSON object")
    add_db_option(p)
    p.set_defaults(handler=cmd_kpi)


def _parse_day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"--date must be YYYY-MM-DD, got {text!r}", code=2) from exc


def cmd_kpi(args: argparse.Namespace) -> int:
    day = _parse_day(args.date)
    with opened(args, readonly=True) as db:
        unit = unit_store.by_code(db, args.unit)
        if unit is None:
            raise CliError(f"unknown unit {args.unit!r} (see `humas units`)")
        ctx = context.load(db)
        result = figures(db, SYSTEM, ctx, unit.id, day)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
        return 0
    print(f"{unit.name} ({unit.code}) — {fmt.day_long(result.day)} ({unit.tz})")
    print(f"  ada berita hari itu: {'ya' if result.has_news else 'belum'}")
    print(f"  rangkaian hari memenuhi target berita: {result.streak_days}")
    since = result.days_since_news
    print(f"  hari sejak berita terakhir: {'-' if since is None else since}")
    print(f"  hari kerja tanpa berita (senyap): {result.silent_days}")
    for group in Group:
        parts = []
        for span, label in (("day", "hari"), ("week", "minggu"), ("month", "bulan")):
            w = result.groups[group][span]
            target = words.NO_TARGET if w.target is None else fmt.number(w.target, 1)
            parts.append(f"{label} {w.count}/{target} ({fmt.percent(w.attainment)})")
        print(f"  {group:<9} " + " · ".join(parts))
    return 0
