"""Connections and transactions: the only way anything reaches the database.

Two backends, one calling convention. A database is named by a *target*: a
file path means SQLite (the embedded default: one host, WAL mode); a
`postgresql://` (or `postgres://`) URL means PostgreSQL (several app hosts on
one server; see store/postgres.py). Every store function receives a
`Database`, the project's own connection type, and speaks to it the same way
on both:

    db.execute(sql, params) -> cursor   (fetchone, fetchall, fetchmany, rowcount,
                                         description, iteration)
    db.executemany(sql, rows)
    rows(db, sql, params) / one(...) / scalar(...)
    with write(db): ...                 one write transaction

SQL is written once, with `?` placeholders, in the dialect both engines share
(the PostgreSQL connection turns `?` into its own placeholders). Where they
differ the store asks `db.dialect` ("sqlite" or "postgresql"); that is rare:
a list of ids (`in_ids`), the schema's DDL, bulk loads, backups.

`db.conn` is the same object as `db`: store modules written when the store
was SQLite-only say `db.conn.execute(...)`, and keep working unchanged.

A connection per call (Streamlit reruns hop threads). On SQLite every
connection turns foreign keys on and waits for a busy writer instead of
failing at once. Writes run inside `write()`, which takes the single writer's
lock up front (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory transaction
lock), so that a transaction that reads and then writes never fails half-way,
and which bumps the data version that every process's caches key on.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BUSY_TIMEOUT_MS = 10_000

SQLITE, POSTGRESQL = "sqlite", "postgresql"
URL_SCHEMES = {"postgresql": POSTGRESQL, "postgres": POSTGRESQL}
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


class StoreError(Exception):
    """A store refusal whose message can be shown to the user as it is."""


class SchemaTooNew(StoreError):
    pass


class DatabaseUnavailable(StoreError):
    pass


class DatabaseDisconnected(DatabaseUnavailable):
    """The database server went away (or cannot be reached): nothing was written.

    `message` is what a page says; the page tries again at its next run.
    """

    message = "Basis data tidak terhubung. Halaman akan mencoba lagi dengan sendirinya."


Target = str | os.PathLike


# --- targets: a file path or a server URL ------------------------------------------------------


def url_scheme(target: Target) -> str | None:
    """The scheme of a URL target (`postgresql`), or None for a file path."""
    found = _URL.match(str(target)) if isinstance(target, str) else None
    return found.group(1).lower() if found else None


def dialect_of(target: Target) -> str:
    """ "sqlite" for a path, "postgresql" for a PostgreSQL URL; StoreError for any other URL."""
    scheme = url_scheme(target)
    if scheme is None:
        return SQLITE
    if scheme in URL_SCHEMES:
        return URL_SCHEMES[scheme]
    raise StoreError(
        f"unknown database URL scheme {scheme!r}: give a file path (SQLite) or a postgresql:// URL"
    )


def is_server(target: Target) -> bool:
    return dialect_of(target) == POSTGRESQL


def masked(target: Target) -> str:
    """The target as it may be printed or logged: a URL's password replaced by ***."""
    text = str(target)
    if url_scheme(text) is None:
        return text
    parts = urlsplit(text)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        user, sep, _password = userinfo.partition(":")
        netloc = f"{user}{':***' if sep else ''}@{hostport}"
    query = re.sub(r"(?i)(password=)[^&]*", r"\1***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def describe(target: Target) -> str:
    """How messages name a database: its file, or its masked URL."""
    return masked(target) if url_scheme(str(target)) else str(target)


# --- the connection type ----------------------------------------------------------------------


class Database:
    """One connection, SQLite or PostgreSQL, with the store's calling convention.

    Subclasses wrap the driver's connection (`raw`). Not to be shared by
    threads that write at the same time: `write()` makes them take turns,
    but a connection per call is the rule.
    """

    dialect = SQLITE

    def __init__(self, raw, target: Target, *, readonly: bool = False):
        self.raw = raw
        self.target = target
        self.readonly = readonly
        self.write_lock = threading.RLock()
        self._savepoints = 0

    @property
    def conn(self) -> Database:
        return self

    @property
    def name(self) -> str:
        return describe(self.target)

    # The calling convention (overridden where the driver needs it).
    def execute(self, sql: str, params: Sequence = ()):
        return self.raw.execute(sql, params)

    def executemany(self, sql: str, seq: Iterable[Sequence]):
        return self.raw.executemany(sql, seq)

    @property
    def in_transaction(self) -> bool:
        return self.raw.in_transaction

    @property
    def total_changes(self) -> int:
        """Rows inserted, updated or deleted through this connection so far."""
        return self.raw.total_changes

    def set_trace_callback(self, callback) -> None:
        """Call `callback(sql)` with every statement sent (tests count statements this way)."""
        self.raw.set_trace_callback(callback)

    def begin_write(self) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        self.raw.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.raw.execute("ROLLBACK")

    def close(self) -> None:
        self.raw.close()

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A nested transaction inside the open one (both engines speak SAVEPOINT)."""
        self._savepoints += 1
        name = f"humas_sp{self._savepoints}"
        self.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            self.execute(f"ROLLBACK TO SAVEPOINT {name}")
            self.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            self.execute(f"RELEASE SAVEPOINT {name}")
        finally:
            self._savepoints -= 1

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class SqliteDatabase(Database):
    dialect = SQLITE

    def begin_write(self) -> None:
        self.raw.execute("BEGIN IMMEDIATE")


def _open_sqlite(path: Path, *, create: bool, readonly: bool) -> SqliteDatabase:
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
    return SqliteDatabase(conn, path, readonly=readonly)


def open_db(target: Target, *, create: bool = False, readonly: bool = False) -> Database:
    """Open one connection with the project's settings; close it when done.

    `create=False` refuses a missing SQLite file instead of silently creating
    an empty database somewhere unexpected. A PostgreSQL connection comes from
    this process's pool for the URL (its `close()` hands it back); the database
    itself must exist (`create` changes nothing there: `humas init` makes the
    schema, the server's administrator makes the database).
    """
    if dialect_of(target) == POSTGRESQL:
        from dashboard.store import postgres

        return postgres.open_db(str(target), readonly=readonly)
    return _open_sqlite(Path(target), create=create, readonly=readonly)


@contextmanager
def connect(target: Target, *, readonly: bool = False) -> Iterator[Database]:
    db = open_db(target, readonly=readonly)
    try:
        yield db
    finally:
        db.close()


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
    with db.write_lock:
        if db.in_transaction:
            with db.savepoint():
                yield db
            return
        db.begin_write()
        changes_before = db.total_changes
        try:
            yield db
            # Nothing changed (a resubmitted form, a repeated import): keep every cache warm.
            if bump_version and db.total_changes != changes_before:
                db.execute("UPDATE counters SET value = value + 1 WHERE name = 'data_version'")
            db.commit()
        except BaseException:
            db.rollback()
            raise


def data_version(db: Database) -> int:
    """A number that changes with every committed write, in any process on any host."""
    row = db.execute("SELECT value FROM counters WHERE name = 'data_version'").fetchone()
    return int(row[0]) if row else 0


def rows(db: Database, sql: str, params: Sequence = ()) -> list[dict]:
    cursor = db.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def one(db: Database, sql: str, params: Sequence = ()) -> dict | None:
    found = rows(db, sql, params)
    return found[0] if found else None


def scalar(db: Database, sql: str, params: Sequence = ()):
    row = db.execute(sql, params).fetchone()
    return row[0] if row else None


def in_ids(db: Database, column: str, ids: Iterable[int]) -> tuple[str, tuple]:
    """`column` limited to a list of ids, as one parameter whatever the list's length.

    SQLite reads a JSON array through json_each; PostgreSQL takes an array.
    """
    wanted = sorted({int(i) for i in ids})
    if db.dialect == POSTGRESQL:
        return f"{column} = ANY(?)", (wanted,)
    return f"{column} IN (SELECT value FROM json_each(?))", (_json_list(wanted),)


def _json_list(values: list[int]) -> str:
    return "[" + ",".join(str(v) for v in values) + "]"
