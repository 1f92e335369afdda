"""Periodic jobs (harvests, link checks, messages) run once across every process and host.

Two parts, both the database's, so they hold across hosts exactly as far as
the database is shared:

1. Whose turn, and is it due: a row per job in `job_runs`. A scheduler takes
   a job's run with ONE statement, inside a write transaction, that moves the
   job's lease forward only when the job is due (its last start is at least
   its interval ago) and nobody holds an unexpired lease. Whoever's statement
   changed the row runs the job; everyone else sees it taken or not due.

       if jobs.claim(db, "harvest", holder, now=now, every=timedelta(minutes=30),
                     lease=timedelta(minutes=40)):
           ...run it...
           jobs.finish(db, "harvest", holder, ok=True, message="...", now=later)

   Bookkeeping only: it does not bump the data version (no page shows it from
   a cache), and it is not audited (the work a job does is).

2. Never two at once, even past a lease: `exclusive(target, name)`, held for
   the job's length.

       with jobs.exclusive(target, "harvest") as got:
           if not got:
               return  # another process is running it now
           ...

   - PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) on a
     connection of its own, kept open for the job's length. The server drops
     it when that connection ends, however it ends (the process killed, the
     host gone): no stale lock outlives its holder.
   - SQLite (one host): an `flock` on a small file beside the database
     (`humas.db-job-harvest`); the kernel drops it when the process ends, for
     the same reason. Never on the database file itself (SQLite's own locks
     live there; see applock.py).

   `got` is False at once when another holder has it: a periodic job that
   finds its twin running skips its turn rather than queueing behind it.
"""

from __future__ import annotations

import fcntl
import os
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from dashboard import clock
from dashboard.store.db import (
    Database,
    DatabaseUnavailable,
    StoreError,
    Target,
    is_server,
    rows,
    write,
)

_NAME = re.compile(r"[a-z0-9_-]{1,40}")
MESSAGE_MAX = 2000


def _check(name: str) -> None:
    if not _NAME.fullmatch(name):
        raise StoreError(f"job name {name!r}: 1-40 of a-z, 0-9, '_' and '-'")


def lock_file(db_file: Target, name: str) -> Path:
    path = Path(db_file).resolve()
    return path.with_name(f"{path.name}-job-{name}")


@contextmanager
def _file_lock(db_file: Target, name: str) -> Iterator[bool]:
    path = lock_file(db_file, name)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise DatabaseUnavailable(f"cannot open lock file {path}: {exc.strerror}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing drops the flock


@contextmanager
def _advisory_lock(url: str, name: str) -> Iterator[bool]:
    from dashboard.store import postgres

    key = postgres.advisory_key(f"job:{name}")
    db = postgres.open_direct(url)
    try:
        got = bool(db.execute("SELECT pg_try_advisory_lock(?)", (key,)).fetchone()[0])
        try:
            yield got
        finally:
            if got and not db.raw.closed:
                db.execute("SELECT pg_advisory_unlock(?)", (key,))
    finally:
        db.close()


@contextmanager
def exclusive(target: Target, name: str) -> Iterator[bool]:
    """Hold job `name` on this database for the block; yields whether this process got it."""
    _check(name)
    lock = _advisory_lock(str(target), name) if is_server(target) else _file_lock(target, name)
    with lock as got:
        yield got


# --- whose turn, and is it due: the lease row -------------------------------------------------
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


def status(db: Database) -> list[dict[str, Any]]:
    """Every job that ever ran: its last start, end, status and message, and who holds it."""
    return rows(
        db,
        "SELECT name, holder, lease_until, started_at, finished_at, status, message "
        "FROM job_runs ORDER BY name",
    )
