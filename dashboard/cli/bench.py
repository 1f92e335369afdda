"""humas synth: synthetic databases at national scale (the benchmark builds on them)."""

from __future__ import annotations

import argparse
from pathlib import Path

from dashboard.bench import synth
from dashboard.cli.common import CliError
from dashboard.config import db_path
from dashboard.progress import TextBar
from dashboard.store.bulk import SUMMARY_MODES


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "synth",
        help="build a synthetic database of N units x D days (default: national scale)",
        description=(
            "Build a synthetic database: every seeded unit (627) x 730 days, about 1.8 million "
            "items, unless told otherwise. --units beyond the seeded list adds synthetic "
            "madrasah negeri and KUA under the Kankemenag. The demo accounts are added "
            "(password as for `humas demo`). Refuses a database that already holds items, "
            "and never defaults to the real database: --db is required."
        ),
    )
    p.add_argument("--db", metavar="PATH", required=True, help="the file to create")
    p.add_argument("--units", type=int, help="number of units (default: the seeded ones)")
    p.add_argument("--days", type=int, default=synth.NATIONAL_DAYS)
    p.add_argument("--seed", type=int, default=synth.DEFAULT_SEED)
    p.add_argument(
        "--summary",
        choices=SUMMARY_MODES,
        default="rebuild",
        help="rebuild: drop triggers and indexes, load, re-create, recount (faster); "
        "triggers: keep them firing for every row",
    )
    p.set_defaults(handler=cmd_synth)


def cmd_synth(args: argparse.Namespace) -> int:
    path = Path(args.db)
    if path.resolve() == db_path(None).resolve():
        raise CliError(f"{path} is the configured real database; give another --db path")
    if args.units is not None and args.units < 1:
        raise CliError("--units must be at least 1", code=2)
    if args.days < 1:
        raise CliError("--days must be at least 1", code=2)
    report = synth.build(
        path,
        units=args.units,
        days=args.days,
        seed=args.seed,
        summary_mode=args.summary,
        report=TextBar(),
    )
    print(report.summary())
    return 0
