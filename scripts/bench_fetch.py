"""Measure the network layer on loopback: the safe fetcher against plain urllib, a page inspection.

    .venv/bin/python scripts/bench_fetch.py [--requests 300]

Starts the tests' local fake server (127.0.0.1 only: nothing leaves the machine), then times
N GETs of a 2 KB answer with the safe fetcher and with urllib, and N inspections of a 150 KB
news page (HEAD, GET, title, JSON-LD date) and of one without a date (htmldate's fallback).
Figures go to docs/PERFORMANCE.md ("Network layer").
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.net.pages import inspect_page  # noqa: E402
from tests.fakes import documents  # noqa: E402
from tests.fakes.fixtures import fetcher_for  # noqa: E402
from tests.fakes.http import FakeServer, Reply  # noqa: E402


def timed(n: int, call) -> list[float]:
    call()  # warm up
    out = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def show(label: str, ms: list[float]) -> None:
    ms = sorted(ms)
    p95 = ms[int(len(ms) * 0.95) - 1]
    print(f"{label:48} median {statistics.median(ms):6.2f} ms   p95 {p95:6.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    n = parser.parse_args().requests
    body = "<p>Isi berita.</p>" * 8000  # ~150 KB
    with FakeServer() as server:
        server.route("/small", Reply(body=b"x" * 2048))
        server.route(
            "/news",
            Reply(
                body=documents.html_page(
                    title="Berita",
                    og_title="Rakor Kehumasan",
                    json_ld_date="2026-11-24T10:00:00+08:00",
                    body=body,
                ),
                content_type="text/html",
            ),
        )
        server.route(
            "/nodate",
            Reply(body=documents.html_page(title="Berita", body=body), content_type="text/html"),
        )
        fetcher = fetcher_for(server)
        now = datetime(2026, 11, 25, tzinfo=UTC)
        show("safe fetcher GET 2 KB", timed(n, lambda: fetcher.get(server.url("/small"))))
        show(
            "urllib GET 2 KB", timed(n, lambda: urllib.request.urlopen(server.url("/small")).read())
        )
        show(
            "inspect_page, 150 KB page with JSON-LD date",
            timed(
                max(20, n // 10),
                lambda: inspect_page(server.url("/news"), fetcher=fetcher, now=now),
            ),
        )
        show(
            "inspect_page, 150 KB page, htmldate fallback",
            timed(
                max(20, n // 10),
                lambda: inspect_page(server.url("/nodate"), fetcher=fetcher, now=now),
            ),
        )


if __name__ == "__main__":
    main()
