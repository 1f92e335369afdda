"""Benchmark of issue 3: saving a form batch at the store, and a 10,000-row template import.

    .venv/bin/python scripts/bench_entry.py [--demo-days 90] [--batches 200] [--rows 10000]

Builds a demo database in a temporary folder (every seeded unit, --demo-days of
output), then measures, on that realistic database:

1. `items.add_batch` of 20 new items (form rules), --batches times: median,
   95th percentile and maximum, in milliseconds. Each batch is one IMMEDIATE
   transaction with synchronous=FULL, as in production (the fsync is included).
2. A --rows template CSV through the whole import path (`ingest.parse` then
   `importer.save`, as `humas import` runs it): the dry run (the app's preview)
   and the commit, in seconds.
3. 8 threads x 100 items through `add_batch` (20 a batch), each thread with its
   own connection: wall time and whether every item landed once.

Prints a Markdown table to paste into docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard import clock, demo, ingest  # noqa: E402
from dashboard.entries import Entry  # noqa: E402
from dashboard.ingest import importer  # noqa: E402
from dashboard.progress import TextBar  # noqa: E402
from dashboard.store import units as unit_store  # noqa: E402
from dashboard.store.access import SYSTEM  # noqa: E402
from dashboard.store.db import open_db  # noqa: E402
from dashboard.store.items import batches as item_batches  # noqa: E402

KINDS = ["berita_website", "medsos_instagram", "medsos_facebook", "siaran_pers", "media_eksternal"]


def form_batch(tag: str, today) -> list[Entry]:
    return [
        Entry(
            day=today,
            kind=KINDS[n % len(KINDS)],
            title=f"Berita uji {tag} nomor {n}",
            link=f"https://ntt.kemenag.go.id/kota-kupang/berita/bench-{tag}-{n}?utm_source=wa",
            note="catatan",
            tag="capaian" if n % 2 else None,
        )
        for n in range(20)
    ]


def template_csv(rows: int, today) -> bytes:
    rng = random.Random(3)
    lines = ["tanggal;jenis;judul;tautan;catatan;tag"]
    for n in range(rows):
        day = today - timedelta(days=rng.randint(0, 360))
        kind = KINDS[n % len(KINDS)]
        lines.append(
            f"{day:%d/%m/%Y};{kind};Judul berita impor nomor {n} tentang layanan umat;"
            f"https://jatim.kemenag.go.id/berita/impor-{n};catatan {n};"
            f"{'capaian' if n % 3 == 0 else ''}"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo-days", type=int, default=90)
    parser.add_argument("--batches", type=int, default=200)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    os.environ.setdefault("HUMAS_NOW", "2026-11-25T05:30:00Z")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        print(f"building a demo database ({args.demo_days} days)…", file=sys.stderr)
        built = demo.build(path, days=args.demo_days, report=TextBar())
        db = open_db(path)
        kupang = unit_store.require(db, "kankemenag-kota-kupang")
        jatim = unit_store.require(db, "kanwil-jatim")
        today = clock.local_today(kupang.tz)

        # 1. Form batches of 20.
        timings = []
        for b in range(args.batches):
            batch = form_batch(str(b), today)
            start = time.perf_counter()
            result = item_batches.add_batch(db, SYSTEM, kupang.id, batch)
            timings.append((time.perf_counter() - start) * 1000)
            assert len(result.added) == 20, result.summary()
        # 2. A 10,000-row template.
        data = template_csv(args.rows, clock.local_today(jatim.tz))
        start = time.perf_counter()
        parsed = ingest.parse(data, unit_tz=jatim.tz, name="bench.csv")
        parse_s = time.perf_counter() - start
        start = time.perf_counter()
        preview = importer.save(db, SYSTEM, jatim.id, parsed, dry_run=True)
        preview_s = time.perf_counter() - start
        start = time.perf_counter()
        parsed = ingest.parse(data, unit_tz=jatim.tz, name="bench.csv")
        saved = importer.save(db, SYSTEM, jatim.id, parsed, report=TextBar())
        import_s = time.perf_counter() - start
        assert saved.summary() == f"added {args.rows}, duplicates 0, rejected 0", saved.summary()
        assert preview.summary() == saved.summary()
        again_start = time.perf_counter()
        again = importer.save(db, SYSTEM, jatim.id, ingest.parse(data, unit_tz=jatim.tz))
        again_s = time.perf_counter() - again_start
        assert again.summary() == f"added 0, duplicates {args.rows}, rejected 0"
        total_items = db.conn.execute("SELECT count(*) FROM items").fetchone()[0]
        db.close()

        # 3. Eight writers at once.
        errors: list[BaseException] = []

        def writer(worker: int) -> None:
            handle = open_db(path)
            try:
                for b in range(5):
                    item_batches.add_batch(
                        handle, SYSTEM, kupang.id, form_batch(f"t{worker}-{b}", today)
                    )
            except BaseException as exc:  # noqa: BLE001 (reported)
                errors.append(exc)
            finally:
                handle.close()

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        threads_s = time.perf_counter() - start
        db = open_db(path)
        landed = db.conn.execute(
            "SELECT count(*) FROM items WHERE link LIKE '%bench-t%'"
        ).fetchone()[0]
        db.close()

    print()
    print(f"Database: {built.units} units, {total_items:,} items ({args.demo_days} demo days).")
    print()
    print("| measure | result | goal |")
    print("|---|---|---|")
    print(
        f"| `add_batch` of 20 items (form), {args.batches} batches | median "
        f"{statistics.median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms, "
        f"p99 {percentile(timings, 0.99):.1f} ms, "
        f"max {max(timings):.1f} ms | < 50 ms |"
    )
    print(f"| parse a {args.rows:,}-row template CSV | {parse_s:.2f} s | |")
    print(f"| preview (dry run) of it | {preview_s:.2f} s | |")
    print(f"| import it (`humas import` path: parse + save) | {import_s:.2f} s | < 5 s |")
    print(f"| import it again (all duplicates) | {again_s:.2f} s | |")
    print(
        f"| 8 threads x 100 items (20 a batch), own connections | {threads_s:.2f} s, "
        f"{landed}/800 landed, {len(errors)} errors | all land once |"
    )
    return 0 if not errors and landed == 800 else 1


if __name__ == "__main__":
    sys.exit(main())
