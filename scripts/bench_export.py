"""Benchmark: the national report of one month at benchmark scale (~620 units, ~75,000 items).

Builds a database with every seeded unit and a month of output made by the
demo generator (run twice with different seeds and thinned to the wanted
count, so every unit gets its share), then times the national XLSX (the
goal: under 10 s), and the CSV and PDF beside it. Record the figures in
docs/PERFORMANCE.md under "Reports (issue 6)".

    .venv/bin/python scripts/bench_export.py [--items 75000] [--db PATH] [--keep]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

from dashboard import demo, fmt, links
from dashboard.domain import Unit
from dashboard.kpi.periods import Period
from dashboard.progress import TextBar
from dashboard.reports import export
from dashboard.service import context
from dashboard.store import bootstrap
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import connect, open_db
from dashboard.store.items import batches as item_batches
from dashboard.store.items import reads as item_reads

MONTH = Period(date(2026, 10, 1), date(2026, 10, 31), "Oktober 2026")
# 21.59 WIB on the 31st: 23.59 WIT, so every zone's last day of the month is complete.
MONTH_END = datetime(2026, 10, 31, 14, 59, tzinfo=UTC)
NOW = datetime(2026, 11, 25, 12, 30, tzinfo=UTC)


def month_items(units: list[Unit], wanted: int) -> Iterator[dict]:
    """About `wanted` items over the month, spread over every unit like the demo."""
    first = list(demo.generate(units, MONTH_END, days=31, seed=2026))
    yield from first[:wanted]
    rest = wanted - len(first)
    if rest <= 0:
        return
    second = list(demo.generate(units, MONTH_END, days=31, seed=4052))
    keep = random.Random(1).sample(range(len(second)), min(rest, len(second)))
    for n in sorted(keep):
        row = dict(second[n])
        row["link"] = f"{row['link']}?salinan=2" if row["link"] else None
        row["link_key"] = links.link_key(row["link"]) if row["link"] else None
        yield row


def build(path: Path, wanted: int) -> int:
    bootstrap.init(path)
    db = open_db(path)
    try:
        if item_reads.count_live(db):
            return item_reads.count_live(db)
        units = unit_store.list_all(db, include_inactive=False)
        return item_batches.bulk_load(db, SYSTEM, month_items(units, wanted))
    finally:
        db.close()


def timed(path: Path, kind: str, out: Path) -> export.ExportResult:
    with connect(path, readonly=True) as db:
        ctx = context.load(db, NOW)
        root = next(u for u in ctx.units if u.parent_id is None)
        return export.to_file(db, SYSTEM, ctx, root.id, MONTH, kind, out, report=TextBar())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=75_000)
    parser.add_argument("--db", type=Path, help="database to build or reuse (default: temporary)")
    parser.add_argument("--keep", action="store_true", help="keep the exported files")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = args.db or Path(folder) / "bench.db"
        started = time.perf_counter()
        items = build(path, args.items)
        print(f"database {path}: {fmt.number(items)} items ({time.perf_counter() - started:.1f} s)")
        out = Path.cwd() if args.keep else Path(folder)
        results = [timed(path, kind, out / f"bench-nasional.{kind}") for kind in export.FORMATS]
        for result in results:
            assert result.path is not None  # to_file always names the file it wrote
            size = result.path.stat().st_size / 1e6
            print(f"{result.summary()} · {size:.1f} MB")
        xlsx = next(r for r in results if r.format == "xlsx")
        verdict = "under" if xlsx.seconds < 10 else "OVER"
        print(f"national XLSX: {xlsx.seconds:.1f} s ({verdict} the 10 s goal)")
        return 0 if xlsx.seconds < 10 else 1


if __name__ == "__main__":
    sys.exit(main())
