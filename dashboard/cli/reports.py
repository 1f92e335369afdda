"""humas export | digest: reports of a scope over a period, and the daily WhatsApp recap.

Both act as the system (every unit) unless `--as USERNAME` asks for the
scope of an account: then the same rules as the pages hold, and an
operator's export holds its own unit alone.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard import clock, config
from dashboard.cli import Commands
from dashboard.cli.common import CliError, add_db_option, opened
from dashboard.kpi.periods import MAX_RANGE_DAYS, Period
from dashboard.progress import TextBar
from dashboard.reports import export, recap
from dashboard.service import context
from dashboard.service import report as report_data
from dashboard.store import units as unit_store
from dashboard.store import users as user_store
from dashboard.store.access import SYSTEM, Principal, require_read

if TYPE_CHECKING:
    from dashboard.domain import Unit


def register(sub: Commands) -> None:
    p = sub.add_parser("export")
    p.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--unit", metavar="CODE", help="the scope (default: every unit)")
    p.add_argument("--format", dest="kind", required=True, choices=export.FORMATS)
    p.add_argument("--out", required=True, metavar="PATH", help="the file to write")
    _add_as(p)
    add_db_option(p)
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("digest")
    p.add_argument(
        "--date", metavar="YYYY-MM-DD", help="the day (default: today in the unit's zone)"
    )
    p.add_argument("--unit", metavar="CODE", help="the scope (default: every unit)")
    _add_as(p)
    add_db_option(p)
    p.set_defaults(handler=cmd_digest)


def _add_as(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as",
        dest="username",
        metavar="USERNAME",
        help="limit the report to what this account may see (default: every unit)",
    )


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CliError(f"{option} must be a date as YYYY-MM-DD, got {text!r}", code=2) from exc


def _who(db, username: str | None) -> Principal:
    if not username:
        return SYSTEM
    user = user_store.by_username(db, username)
    if user is None or not user.active:
        raise CliError(f"no active account {username!r} (see `humas user list`)")
    return user_store.principal_of(user)


def _scope(db, ctx: context.Context, who: Principal, code: str | None) -> Unit:
    """The unit the report is about: --unit, else the account's unit, else the whole nation."""
    if code:
        unit = unit_store.by_code(db, code)
        if unit is None:
            raise CliError(f"unknown unit {code!r} (see `humas units`)")
        if unit.id not in ctx.by_id:
            raise CliError(f"unit {code!r} is inactive")
    elif who.unit_id is not None:
        unit = ctx.unit(who.unit_id)
    else:
        roots = [u for u in ctx.units if u.parent_id is None]
        if len(roots) != 1:
            raise CliError("the unit tree has no single root: name the scope with --unit")
        unit = roots[0]
    require_read(db, who, unit.id)
    return ctx.unit(unit.id)


def _period(start: date, end: date, today: date) -> Period:
    if start > end:
        raise CliError(
            f"--from {start.isoformat()} is after --to {end.isoformat()}: swap them", code=2
        )
    days = (end - start).days + 1
    if days > MAX_RANGE_DAYS:
        raise CliError(
            f"the range is {days} days; at most {MAX_RANGE_DAYS} (two years): export it in parts",
            code=2,
        )
    if start > today:
        raise CliError(f"the range starts after today ({today.isoformat()}): no data yet", code=2)
    # As on the pages, a period runs to date: the target of days still to come is not asked.
    return Period(start, min(end, today), "Rentang tanggal")


def cmd_export(args: argparse.Namespace) -> int:
    start, end = _day(args.start, "--from"), _day(args.end, "--to")
    out = Path(args.out)
    try:
        export.check_target(out)
    except export.ExportError as exc:
        raise CliError(str(exc)) from exc
    with opened(args, readonly=True) as db:
        ctx = context.load(db)
        who = _who(db, args.username)
        unit = _scope(db, ctx, who, args.unit)
        period = _period(start, end, clock.local_today(unit.tz, ctx.now))
        try:
            result = export.to_file(db, who, ctx, unit.id, period, args.kind, out, report=TextBar())
        except export.ExportError as exc:
            raise CliError(str(exc)) from exc
    note = f" (cut at today, {period.end.isoformat()})" if period.end < end else ""
    print(result.summary() + note)
    return 0


def cmd_digest(args: argparse.Namespace) -> int:
    day = _day(args.date, "--date") if args.date else None
    with opened(args, readonly=True) as db:
        ctx = context.load(db)
        who = _who(db, args.username)
        unit = _scope(db, ctx, who, args.unit)
        today = clock.local_today(unit.tz, ctx.now)
        day = day or today
        if day > today:
            raise CliError(f"--date {day.isoformat()} is after today ({today.isoformat()})", code=2)
        data = report_data.recap(db, who, ctx, unit.id, day)
    print(recap.render(data, link=config.app_url()))
    return 0
