"""What a signed-in page run pays for its session: the lookup (every run) and the touch.

    .venv/bin/python scripts/bench_sessions.py [--sessions 20000] [--runs 2000]

Builds a database with every seeded unit, an account per 10 sessions and
`--sessions` sessions (a quarter of them ended), then times, as a page run
does it: opening a read-only connection and looking the session up by its
cookie's hash; the same lookup on an open connection; and the once-a-minute
touch (a write). Prints milliseconds (median and 95th percentile).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from dashboard import clock
from dashboard.store import bootstrap, sessions
from dashboard.store.db import connect, open_db


def build(path: Path, count: int) -> list[str]:
    bootstrap.init(path)
    db = open_db(path)
    now = clock.utc_now()
    unit = db.conn.execute("SELECT id FROM units ORDER BY id LIMIT 1").fetchone()[0]
    users = max(1, count // 10)
    db.conn.execute("BEGIN")
    db.conn.executemany(
        "INSERT INTO users (username, role, unit_id, password_hash, created_at, updated_at) "
        "VALUES (?, 'operator', ?, '$argon2id$x', ?, ?)",
        [(f"bench{n}", unit, clock.iso(now), clock.iso(now)) for n in range(users)],
    )
    first = db.conn.execute("SELECT min(id) FROM users WHERE username LIKE 'bench%'").fetchone()[0]
    tokens = [sessions.new_secret() for _ in range(count)]
    db.conn.executemany(
        "INSERT INTO sessions (token_hash, user_id, method, created_at, last_seen_at, expires_at, "
        "ended_at, end_reason) VALUES (?, ?, 'password', ?, ?, ?, ?, ?)",
        [
            (
                sessions.digest(token),
                first + n % users,
                clock.iso(now),
                clock.iso(now),
                clock.iso(now + timedelta(days=30)),
                clock.iso(now) if n % 4 == 0 else None,
                "sign_out" if n % 4 == 0 else None,
            )
            for n, token in enumerate(tokens)
        ],
    )
    db.conn.execute("COMMIT")
    db.close()
    return [t for n, t in enumerate(tokens) if n % 4]


def timed(work, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def report(what: str, figures: tuple[float, float]) -> None:
    print(f"{what:<42} median {figures[0]:.3f} ms, p95 {figures[1]:.3f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sessions.db"
        live = build(path, args.sessions)
        idle = timedelta(minutes=120)
        tokens = iter(live * (args.runs // len(live) + 2))

        def page_lookup():
            with connect(path, readonly=True) as db:
                found = sessions.check(db, token=next(tokens), now=clock.utc_now(), idle=idle)
            assert isinstance(found, sessions.Live)

        print(f"{args.sessions} sessions, {args.runs} lookups")
        report("lookup with its own read-only connection", timed(page_lookup, args.runs))
        db = open_db(path, readonly=True)

        def open_lookup():
            sessions.check(db, token=next(tokens), now=clock.utc_now(), idle=idle)

        report("lookup on an open connection", timed(open_lookup, args.runs))
        db.close()
        writer = open_db(path)
        found = sessions.check(writer, token=live[0], now=clock.utc_now(), idle=idle)
        if not isinstance(found, sessions.Live):
            sys.exit(f"bench_sessions.py: the first session is not live ({found})")
        moments = iter(clock.utc_now() + timedelta(minutes=n + 1) for n in range(args.runs))
        report(
            "touch (once a minute at most, a write)",
            timed(lambda: sessions.touch(writer, found, next(moments)), min(args.runs, 300)),
        )
        writer.close()


if __name__ == "__main__":
    main()
