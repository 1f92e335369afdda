"""Periodic jobs (harvests, link checks, messages) run once across every process and host.

    with jobs.exclusive(target, "harvest") as got:
        if not got:
            return  # another process is running it now
        ...

The lock is the database's, so it holds across hosts exactly as far as the
database is shared:

- PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) on a
  connection of its own, kept open for the job's length. The server drops it
  when that connection ends, however it ends (the process killed, the host
  gone): no stale lock outlives its holder.
- SQLite (one host): an `flock` on a small file beside the database
  (`humas.db-job-harvest`); the kernel drops it when the process ends, for the
  same reason. Never on the database file itself (SQLite's own locks live
  there; see applock.py).

`got` is False at once when another holder has it: a periodic job that finds
its twin running skips its turn rather than queueing behind it.
"""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dashboard.store.db import DatabaseUnavailable, StoreError, Target, is_server

_NAME = re.compile(r"[a-z0-9_-]{1,40}")


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
