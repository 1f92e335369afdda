"""How long the notify job takes to plan the messages due, at the busy minutes of the day.

    python scripts/bench_notify.py [--days 30]

Builds a demo database in a temporary folder (every unit of the seed), gives every active
unit a pimpinan and an operator account with a Telegram contact (the role defaults then ask
for a reminder each, and a recap and weekly summary for each pimpinan), and times `plan()`
(what a run reads and renders before it records anything) with the clock at 14.05 WIB, 16.05
WIB, 16.05 WITA and 11.00 WIB. Nothing is sent. The figures go in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args()
    os.environ["HUMAS_NOW"] = "2026-11-25T05:30:00Z"
    from dashboard import clock, demo
    from dashboard.service import notify
    from dashboard.store.db import connect, write

    path = Path(tempfile.mkdtemp()) / "bench.db"
    demo.build(path, days=args.days)
    now = clock.now_iso()
    with connect(path) as db, write(db, bump_version=False):
        units = db.conn.execute("SELECT id, code FROM units WHERE active = 1").fetchall()
        for unit_id, code in units:
            for role in ("pimpinan", "operator"):
                db.conn.execute(
                    "INSERT INTO users (username, password_hash, role, unit_id, full_name, "
                    "created_at, updated_at) VALUES (?, '$argon2id$bench', ?, ?, '', ?, ?)",
                    (f"{role[:3]}.{code}"[:64], role, unit_id, now, now),
                )
        for (user_id,) in db.conn.execute("SELECT id FROM users").fetchall():
            db.conn.execute(
                "INSERT INTO contacts (user_id, via, address, enabled, created_at, updated_at) "
                "VALUES (?, 'telegram', ?, 1, ?, ?)",
                (user_id, str(100000 + user_id), now, now),
            )
    with connect(path, readonly=True) as db:
        accounts = db.conn.execute("SELECT count(*) FROM users").fetchone()[0]
        print(f"{len(units)} units, {accounts} accounts with a Telegram contact")
        for label, at in (
            ("14.05 WIB", "2026-11-25T07:05:00Z"),
            ("16.05 WIB", "2026-11-25T09:05:00Z"),
            ("16.05 WITA", "2026-11-25T08:05:00Z"),
            ("11.00 WIB", "2026-11-25T04:00:00Z"),
        ):
            started = time.perf_counter()
            planned = notify.plan(db, {"telegram": object()}, now=clock.parse_instant(at))
            took = time.perf_counter() - started
            print(f"{label}: {len(planned)} messages planned in {took:.2f} s")


if __name__ == "__main__":
    main()
