"""humas synth | bench: synthetic databases at national scale, and the speed benchmark on them.

The speed tooling (dashboard/bench) needs the `bench` extra (`pip install
'pantau-humas[bench]'`; the test extra includes it). Without it, both commands
say so in one line instead of failing on an import.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dashboard.bench import DEFAULT_SEED, NATIONAL_DAYS
from dashboard.cli import Commands
from dashboard.cli.common import CliError
from dashboard.config import db_target
from dashboard.progress import TextBar
from dashboard.store.bulk import SUMMARY_MODES
from dashboard.store.db import describe, is_server

EXTRA_HINT = "pip install 'pantau-humas[bench]'"
EXTRA_MODULES = {"numpy", "websockets"}  # what the bench extra installs


def _tooling(command: str):
    """The speed tooling's modules, or a one-line refusal saying what to install."""
    try:
        from dashboard.bench import runner, synth
    except ImportError as exc:
        if (exc.name or "").partition(".")[0] not in EXTRA_MODULES:
            raise  # a real fault, not a missing extra
        raise CliError(
            f"{command} needs the speed tooling's extra (module {exc.name!r} is "
            f"missing): {EXTRA_HINT}"
        ) from exc
    return runner, synth


def register(sub: Commands) -> None:
    p = sub.add_parser(
        "synth",
        description=(
            "Build a synthetic database: every seeded unit (627) x 730 days, about 1.8 million "
            "items, unless told otherwise. --units beyond the seeded list adds synthetic "
            "madrasah negeri and KUA under the Kankemenag. The demo accounts are added "
            "(password as for `humas demo`). Refuses a database that already holds items, "
            "and never defaults to the real database: --db is required."
        ),
    )
    p.add_argument(
        "--db",
        metavar="PATH|URL",
        required=True,
        help="the file to create, or an empty PostgreSQL database",
    )
    p.add_argument("--units", type=int, help="number of units (default: the seeded ones)")
    p.add_argument("--days", type=int, default=NATIONAL_DAYS)
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument(
        "--summary",
        choices=SUMMARY_MODES,
        default="rebuild",
        help="rebuild: drop triggers and indexes, load, re-create, recount (faster); "
        "triggers: keep them firing for every row",
    )
    p.set_defaults(handler=cmd_synth)

    p = sub.add_parser(
        "bench",
        description="Build a synthetic database in a temporary folder (never the real one) and "
        "measure what people feel: saving a batch, a 10,000-row import, every page warm and "
        "cold, against the naive way; see docs/PERFORMANCE.md.",
    )
    p.add_argument("--units", type=int, help="number of units (default: the 627 seeded ones)")
    p.add_argument("--days", type=int, default=NATIONAL_DAYS)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--keep", metavar="DIR", help="build in DIR and keep the database there")
    p.add_argument("--page-runs", type=int, default=7, help="script runs per page (median)")
    p.add_argument(
        "--db",
        metavar="URL",
        help="build in this empty PostgreSQL database instead of a temporary SQLite file",
    )
    p.add_argument(
        "--reuse",
        action="store_true",
        help="with --db: measure the synthetic database a previous run built there",
    )
    p.set_defaults(handler=cmd_bench)


def _same(a: Path | str, b: Path | str) -> bool:
    def key(target):
        return target if is_server(target) else str(Path(target).resolve())

    return key(a) == key(b)


def cmd_synth(args: argparse.Namespace) -> int:
    path = db_target(args.db)
    if _same(path, db_target(None)):
        raise CliError(f"{describe(path)} is the configured real database; give another --db")
    if args.units is not None and args.units < 1:
        raise CliError("--units must be at least 1", code=2)
    if args.days < 1:
        raise CliError("--days must be at least 1", code=2)
    _, synth = _tooling("synth")
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


def cmd_bench(args: argparse.Namespace) -> int:
    if args.units is not None and args.units < 1:
        raise CliError("--units must be at least 1", code=2)
    if args.days < 1:
        raise CliError("--days must be at least 1", code=2)
    if args.db and not is_server(args.db):
        raise CliError("--db of humas bench takes a PostgreSQL URL (SQLite: --keep DIR)", code=2)
    if args.reuse and not args.db:
        raise CliError("--reuse needs --db", code=2)
    if args.db and _same(args.db, db_target(None)):
        raise CliError(f"{describe(args.db)} is the configured real database; give another --db")
    folder = Path(args.keep) if args.keep else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        if (folder / "bench.db").exists():
            raise CliError(f"{folder / 'bench.db'} exists; give an empty folder to --keep")
    runner, _ = _tooling("bench")
    result = runner.run(
        units=args.units,
        days=args.days,
        folder=folder,
        keep=folder is not None,
        page_runs=args.page_runs,
        db_url=args.db,
        reuse=args.reuse,
        log=lambda line: print(line, file=sys.stderr, flush=True),
    )
    if args.json:
        print(json.dumps(result.as_json()))
        return 0
    figures = result.as_json()
    print(
        f"{figures['items']:,} items, {figures['units']} units x {figures['days']} days".replace(
            ",", "."
        )
    )
    print(f"save a batch of 20 (median): {figures['save_batch20_ms']} ms")
    print(f"import 10,000 template rows: {figures['import_10k_s']} s")
    for page in figures["page_warm_ms"]:
        print(
            f"page {page:<14} warm {figures['page_warm_ms'][page]:>7} ms   "
            f"cold {figures['page_cold_ms'][page]:>7} ms"
        )
    print(f"naive overview: {figures['naive_page_ms']} ms; speedup {figures['speedup_vs_naive']}x")
    print(f"peak memory: {figures['rss_mb']} MB")
    return 0
