"""Connections and transactions: the only way anything reaches the SQLite file.

A connection per call (Streamlit reruns hop threads, and a sqlite-utils
Database is bound to the thread that made it). Every connection turns
foreign keys on and waits for a busy writer instead of failing at once.
Writes run inside `write()`, which begins with BEGIN IMMEDIATE so that a
transaction that reads and then writes never fails half-way with
"database is locked", and which bumps the data version that caches key on.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """A store refusal whose message can be shown to the user as it is."""


class SchemaTooNew(StoreError):
    pass


class DatabaseUnavailable(StoreError):
    pass


def open_db(path: str | Path, *, create: bool = False, readonly: bool = False) -> Database:
    """Open one connection with the project's pragmas.

    `create=False` refuses a missing file instead of silently creating an
    empty database somewhere unexpected.
    """
    path = Path(path)
    if not create and not path.exists():
        raise DatabaseUnavailable(
            f"database {path} does not exist; run `humas init` (or `humas demo`) first"
        )
    if create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailable(
                f"cannot create folder {path.parent}: {exc.strerror}"
            ) from exc
    uri = f"file:{path.resolve()}?mode={'ro' if readonly else 'rwc'}"
    try:
        conn = sqlite3.connect(
            uri,
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,  # explicit transactions only: see write()
            check_same_thread=False,
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        # FULL: a write acknowledged to the user survives a power cut, not only a crash.
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as exc:
        raise DatabaseUnavailable(f"cannot open database {path}: {exc}") from exc
    return Database(conn, execute_plugins=False)


@contextmanager
def connect(path: str | Path, *, readonly: bool = False) -> Iterator[Database]:
    db = open_db(path, readonly=readonly)
    try:
        yield db
    finally:
        db.close()


_LOCK_GUARD = threading.Lock()


def _thread_lock(db: Database) -> threading.RLock:
    """One re-entrant lock per connection object, made once."""
    lock = getattr(db, "_humas_write_lock", None)
    if lock is None:
        with _LOCK_GUARD:
            lock = getattr(db, "_humas_write_lock", None)
            if lock is None:
                lock = threading.RLock()
                db._humas_write_lock = lock
    return lock


@contextmanager
def write(db: Database, *, bump_version: bool = True) -> Iterator[Database]:
    """One write transaction, taken with the write lock up front.

    Nested use joins the outer transaction through a savepoint, so store
    functions can be composed without each committing on its own. Threads
    that share one connection (against the advice above, but it happens)
    take turns: without the lock, a second thread would see the first one's
    open transaction and slip its writes into it as a savepoint.

    `bump_version=False` is for bookkeeping no page shows from a cache (sign-in
    counters): at a meeting hundreds sign in within minutes, and each bump would
    empty every cache in every process.
    """
    with _thread_lock(db):
        conn = db.conn
        if conn.in_transaction:
            with db.atomic():
                yield db
            return
        conn.execute("BEGIN IMMEDIATE")
        changes_before = conn.total_changes
        try:
            yield db
            # Nothing changed (a resubmitted form, a repeated import): keep every cache warm.
            if bump_version and conn.total_changes != changes_before:
                conn.execute("UPDATE counters SET value = value + 1 WHERE name = 'data_version'")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def data_version(db: Database) -> int:
    """A number that changes with every committed write, in any process."""
    row = db.conn.execute("SELECT value FROM counters WHERE name = 'data_version'").fetchone()
    return int(row[0]) if row else 0


def rows(db: Database, sql: str, params: tuple | dict = ()) -> list[dict]:
    cursor = db.conn.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def one(db: Database, sql: str, params: tuple | dict = ()) -> dict | None:
    found = rows(db, sql, params)
    return found[0] if found else None


def scalar(db: Database, sql: str, params: tuple | dict = ()):
    row = db.conn.execute(sql, params).fetchone()
    return row[0] if row else None
