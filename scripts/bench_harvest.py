"""Measure the harvest's own cost on loopback: many website channels, their posts stored as items.

    .venv/bin/python scripts/bench_harvest.py [--channels 300] [--posts 10]

Makes a fresh database (`humas init`) in a temporary folder, registers one website channel
for each of the first N Kankemenag, all served by the tests' local fake server (127.0.0.1
only: nothing leaves the machine) with an RSS feed of P posts each, then times a first
harvest (every post becomes an item through the store's item path, one write transaction
per channel) and a second one (nothing new: every post a duplicate). The fetcher has no
per-host pause here: in production websites are read at one request a second per host, so
a real harvest is bounded by the remote sites, not by these figures. Figures go to
docs/PERFORMANCE.md ("The harvest").
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard import clock  # noqa: E402
from dashboard.service.harvest import harvest  # noqa: E402
from dashboard.store import channels as channel_store  # noqa: E402
from dashboard.store.access import SYSTEM  # noqa: E402
from dashboard.store.db import connect  # noqa: E402
from tests.fakes import documents  # noqa: E402
from tests.fakes.fixtures import fetcher_for  # noqa: E402
from tests.fakes.http import FakeServer, Reply  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=300)
    parser.add_argument("--posts", type=int, default=10)
    args = parser.parse_args()
    now = clock.utc_now()
    with tempfile.TemporaryDirectory() as folder, FakeServer() as server:
        path = Path(folder) / "humas.db"
        humas = Path(sys.executable).with_name("humas")
        subprocess.run([str(humas), "init", "--db", str(path)], check=True, capture_output=True)
        with connect(path) as db:
            units = [
                r[0]
                for r in db.conn.execute(
                    "SELECT id FROM units WHERE type = 'KANKEMENAG' ORDER BY id LIMIT ?",
                    (args.channels,),
                )
            ]
            for n, unit in enumerate(units):
                posts = [
                    {
                        "title": f"Berita {k} unit {n}",
                        "link": f"https://unit{n}.example.go.id/berita/{k}",
                        "published": now - timedelta(hours=k + 1),
                    }
                    for k in range(args.posts)
                ]
                server.route(
                    f"/u{n}/feed",
                    Reply(body=documents.rss_feed(posts), content_type="application/rss+xml"),
                )
                channel_store.add(db, SYSTEM, unit, "website", server.url(f"/u{n}/feed"))
            fetcher = fetcher_for(server)
            for label in ("first harvest (all new)", "second harvest (nothing new)"):
                start = time.perf_counter()
                report = harvest(db, fetchers={"website": fetcher, "api": fetcher}, now=now)
                took = time.perf_counter() - start
                print(
                    f"{label:30} {len(units)} channels, {report.added:5} added, "
                    f"{report.failed} failed: {took:6.2f} s "
                    f"({took / len(units) * 1000:.1f} ms a channel)"
                )


if __name__ == "__main__":
    main()
