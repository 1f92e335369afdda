"""Periodic jobs run once across every scheduler, on every host: a lease row per job.

A scheduler takes a job's run with ONE statement, inside a write transaction,
that moves the job's lease forward only when the job is due (its last start
is at least its interval ago) and nobody holds an unexpired lease. Whoever's
statement changed the row runs the job; everyone else sees it taken or not
due. A scheduler that dies mid-run loses the job only until its lease ends.

    if jobs.claim(db, "harvest", holder, now=now, every=timedelta(minutes=30),
                  lease=timedelta(minutes=40)):
        ...run it...
        jobs.finish(db, "harvest", holder, ok=True, message="...", now=later)

Bookkeeping only: it does not bump the data version (no page shows it from a
cache), and it is not audited (the work a job does is).
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from sqlite_utils import Database

from dashboard import clock
from dashboard.store.db import rows, write

MESSAGE_MAX = 2000


def holder_id() -> str:
    """Who holds a lease: this host and process."""
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def claim(
    db: Database,
    name: str,
    holder: str,
    *,
    now: datetime,
    every: timedelta,
    lease: timedelta,
) -> bool:
    """Take the job's run if it is due and free; True when this caller runs it."""
    at = clock.iso(now)
    with write(db, bump_version=False):
        db.conn.execute(
            "INSERT INTO job_runs (name) VALUES (?) ON CONFLICT (name) DO NOTHING", (name,)
        )
        taken = db.conn.execute(
            """
            UPDATE job_runs
            SET holder = ?, lease_until = ?, started_at = ?, status = 'running', message = ''
            WHERE name = ?
              AND (lease_until IS NULL OR lease_until <= ?)
              AND (started_at IS NULL OR started_at <= ?)
            """,
            (holder, clock.iso(now + lease), at, name, at, clock.iso(now - every)),
        ).rowcount
    return taken == 1


def finish(db: Database, name: str, holder: str, *, ok: bool, message: str, now: datetime) -> bool:
    """Record how the run ended and free the lease (only the holder's own)."""
    with write(db, bump_version=False):
        done = db.conn.execute(
            """
            UPDATE job_runs
            SET holder = NULL, lease_until = NULL, finished_at = ?, status = ?, message = ?
            WHERE name = ? AND holder = ?
            """,
            (clock.iso(now), "ok" if ok else "failed", message[:MESSAGE_MAX], name, holder),
        ).rowcount
    return done == 1


def status(db: Database) -> list[dict]:
    """Every job that ever ran: its last start, end, status and message, and who holds it."""
    return rows(
        db,
        "SELECT name, holder, lease_until, started_at, finished_at, status, message "
        "FROM job_runs ORDER BY name",
    )
