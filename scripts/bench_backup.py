"""How long a backup and a restore take, and what a backup costs the people writing meanwhile.

    python scripts/bench_backup.py DB [--seconds 3]

DB is an existing Pantau Humas database (e.g. one made by `humas demo`); it is
copied first and never changed. Prints one line per figure; the figures go in
docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

from dashboard.store import backup
from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM
from dashboard.store.db import open_db
from dashboard.store.items import batches as item_batches


def _item(unit_id: int, n: int, tag: str) -> dict:
    link = f"https://bench.kemenag.go.id/{tag}/{n}"
    at = "2026-11-25T03:00:00Z"
    return {
        "unit_id": unit_id,
        "day": "2026-11-25",
        "kind": "berita_website",
        "title": f"Berita {n}",
        "link": link,
        "link_key": link,
        "note": "",
        "tag": None,
        "source": "bench",
        "published_at": at,
        "late": 0,
        "created_by": None,
        "created_at": at,
        "updated_at": at,
    }


def write_latencies(path: Path, tag: str, stop: threading.Event) -> list[float]:
    """One write at a time through the store until `stop`; each write's latency in ms."""
    db = open_db(path)
    unit_id = unit_store.require(db, "kankemenag-kota-kupang").id
    taken = []
    n = 0
    while not stop.is_set():
        start = time.perf_counter()
        item_batches.bulk_load(db, SYSTEM, [_item(unit_id, n, tag)], chunk=1)
        taken.append((time.perf_counter() - start) * 1000)
        n += 1
    db.close()
    return taken


def describe(label: str, ms: list[float]) -> str:
    ms = sorted(ms)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return (
        f"{label}: {len(ms)} writes, median {statistics.median(ms):.1f} ms, "
        f"p99 {p99:.1f} ms, max {ms[-1]:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        live = folder / "live.db"
        backup.backup(args.db, live)  # work on a copy
        size = live.stat().st_size / 1_048_576
        print(f"database: {size:.1f} MiB")

        stop = threading.Event()
        result: dict[str, list[float]] = {}
        worker = threading.Thread(
            target=lambda: result.setdefault("idle", write_latencies(live, "idle", stop))
        )
        worker.start()
        time.sleep(args.seconds)
        stop.set()
        worker.join()
        print(describe("writes, no backup running", result["idle"]))

        stop = threading.Event()
        worker = threading.Thread(
            target=lambda: result.setdefault("busy", write_latencies(live, "busy", stop))
        )
        worker.start()
        time.sleep(0.2)
        start = time.perf_counter()
        backup.backup(live, folder / "b.db")
        taken = time.perf_counter() - start
        stop.set()
        worker.join()
        print(
            f"backup while writing: {taken:.2f} s ({size / taken:.0f} MiB/s, integrity check included)"
        )
        print(describe("writes during that backup", result["busy"]))

        start = time.perf_counter()
        backup.restore(folder / "b.db", live, safety_copy=False)
        print(f"restore (checks included, no safety copy): {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
