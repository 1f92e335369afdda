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

A connection per call (Streamlit reruns hop threads). Read-only SQLite
connections are kept for the next call in a small pool per process and file
(opening one costs ~0.3 ms, a fifth of a warm page run's CPU when every read
opened its own: issue 19); a pooled connection is taken by one caller at a
time, and one whose file was replaced (another inode) is never used again.
On SQLite every connection turns foreign keys on and waits for a busy writer instead of
failing at once. Writes run inside `write()`, which takes the single writer's
lock up front (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory transaction
lock), so that a transaction that reads and then writes never fails half-way,
and which bumps the data version that every process's caches key on.

When the database itself fails (gone, unreachable, busy past the timeout,
read-only, disk full, damaged) the store raises a `DatabaseProblem`: its text
is one short Indonesian sentence for a page, with no path or internal detail;
its `detail` is the English line for the command line and the server log
(a URL's password masked). `database_problem()` maps a driver error to one. A
file the app may not write is still read (SQLite opens it read-only);
bookkeeping that must not stop people reading, such as sign-in counters, runs
under `skip_if_unwritable()`.

Files the store creates (the database, and with it SQLite's -wal and -shm,
which take the database's mode) are the owner's alone (0600), folders 0700.
"""

from __future__ import annotations

import itertools
import logging
import os
import re
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit, urlunsplit

from dashboard import errors
from dashboard.errors import HumasError

BUSY_TIMEOUT_MS = 10_000
FILE_MODE = 0o600
FOLDER_MODE = 0o700

log = logging.getLogger(__name__)
R = TypeVar("R")  # a row, whatever its type (present() gives back what it was given)

SQLITE, POSTGRESQL = "sqlite", "postgresql"
URL_SCHEMES = {"postgresql": POSTGRESQL, "postgres": POSTGRESQL}
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


class StoreError(HumasError):
    """A store refusal: a code and its values, said by `dashboard.words` (`str()` too)."""


class DatabaseProblem(StoreError):
    """The database failed, not the request: the same short Indonesian message for everyone.

    `str()` names no file and no internal detail (it is shown on pages);
    `detail` says what happened, in English, for the command line and the log.
    """

    CODE = errors.DB_UNAVAILABLE

    def __init__(self, detail: str = ""):
        super().__init__(self.CODE)
        self.detail = detail or str(self)


class DatabaseUnavailable(DatabaseProblem):
    pass


class DatabaseDisconnected(DatabaseUnavailable):
    """The database server went away, or cannot be reached: nothing was written.

    Pages say so and try again at their next run (a pooled connection that
    failed is thrown away, so the next one is fresh).
    """

    CODE = errors.DB_DISCONNECTED


class SchemaTooNew(DatabaseProblem):
    CODE = errors.DB_SCHEMA_TOO_NEW


class DatabaseBusy(DatabaseProblem):
    CODE = errors.DB_BUSY


class DatabaseReadOnly(DatabaseProblem):
    CODE = errors.DB_READ_ONLY


class DatabaseFull(DatabaseProblem):
    CODE = errors.DB_FULL


# SQLite's primary result codes (the low byte of an extended code).
_PROBLEMS = {
    5: DatabaseBusy,  # SQLITE_BUSY
    6: DatabaseBusy,  # SQLITE_LOCKED
    8: DatabaseReadOnly,  # SQLITE_READONLY
    13: DatabaseFull,  # SQLITE_FULL
    3: DatabaseUnavailable,  # SQLITE_PERM
    10: DatabaseUnavailable,  # SQLITE_IOERR
    11: DatabaseUnavailable,  # SQLITE_CORRUPT
    14: DatabaseUnavailable,  # SQLITE_CANTOPEN
    26: DatabaseUnavailable,  # SQLITE_NOTADB
}

# PostgreSQL's SQLSTATE classes and codes that are a state of the database, not a refusal.
_PG_PROBLEMS = {
    "25006": DatabaseReadOnly,  # read_only_sql_transaction (a hot standby, a read-only role)
    "53100": DatabaseFull,  # disk_full
    "53": DatabaseUnavailable,  # insufficient resources (memory, connections)
    "08": DatabaseDisconnected,  # connection exception
    "57P": DatabaseDisconnected,  # the server shutting down or starting
    "55P03": DatabaseBusy,  # lock_not_available
    "57014": DatabaseBusy,  # query_canceled (statement_timeout)
    "40P01": DatabaseBusy,  # deadlock_detected
}


def _pg_problem(exc: BaseException, place: str) -> DatabaseProblem | None:
    psycopg = sys.modules.get("psycopg")  # never imported here for a SQLite database
    if psycopg is None or not isinstance(exc, psycopg.Error):
        return None
    state = getattr(exc, "sqlstate", None) or ""
    for prefix in sorted(_PG_PROBLEMS, key=len, reverse=True):
        if state.startswith(prefix):
            line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            return _PG_PROBLEMS[prefix](f"{place}{line} ({state})")
    return None


def database_problem(
    exc: BaseException, where: str | os.PathLike[str] = ""
) -> DatabaseProblem | None:
    """The DatabaseProblem a driver error stands for; None for an error of the statement itself
    (a constraint, a typo in SQL), which is a bug to see, not a state of the database."""
    if isinstance(exc, DatabaseProblem):
        return exc
    place = f"database {describe(where)}: " if where else "database: "
    if not isinstance(exc, sqlite3.Error):
        return _pg_problem(exc, place)
    code = getattr(exc, "sqlite_errorcode", None)
    kind = _PROBLEMS.get(code & 0xFF) if isinstance(code, int) else None
    if kind is None:
        return None
    name = getattr(exc, "sqlite_errorname", "") or type(exc).__name__
    return kind(f"{place}{exc} ({name})")


Target = str | os.PathLike[str]


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


def exists(target: Target) -> bool:
    """Whether the database is there to open: a file that exists, or any server URL (the
    server says whether its database exists when a connection is made)."""
    return is_server(target) or Path(target).exists()


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
    # access._subtree_memo's memo, set on first use: ((changes, data version), unit -> subtree)
    _humas_subtrees: tuple[object, dict[int, frozenset[int]]]

    def __init__(self, raw: Any, target: Target, *, readonly: bool = False) -> None:
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
    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        cursor: Cursor = self.raw.execute(sql, params)
        return cursor

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> Cursor:
        cursor: Cursor = self.raw.executemany(sql, seq)
        return cursor

    @property
    def in_transaction(self) -> bool:
        return bool(self.raw.in_transaction)

    @property
    def total_changes(self) -> int:
        """Rows inserted, updated or deleted through this connection so far."""
        return int(self.raw.total_changes)

    def set_trace_callback(self, callback: Callable[[str], object] | None) -> None:
        """Call `callback(sql)` with every statement sent (tests count statements this way)."""
        self.raw.set_trace_callback(callback)

    def begin_write(self) -> None:
        raise NotImplementedError

    def begin_read(self) -> None:
        self.execute("BEGIN")

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
            # The engine may have ended the whole transaction already (SQLite does on a
            # full disk): then there is nothing left to roll back to, and the error stands.
            if self.in_transaction:
                with suppress(Exception):
                    self.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.execute(f"RELEASE SAVEPOINT {name}")
            raise
        else:
            self.execute(f"RELEASE SAVEPOINT {name}")
        finally:
            self._savepoints -= 1

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SqliteDatabase(Database):
    dialect = SQLITE
    pool_key: tuple[Any, ...] | None = None  # where close() hands a read-only connection back
    _closed = False

    def begin_write(self) -> None:
        self.raw.execute("BEGIN IMMEDIATE")

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.pool_key is None or not _read_pool.give_back(self.pool_key, self.raw):
            self.raw.close()


class _ReadPool:
    """Idle read-only SQLite connections of this process, by file (path and inode).

    A connection comes back only when no transaction is open on it; the trace
    callback a caller set is removed first. A file replaced under the same
    name (a restore into a fresh file, a test that makes a new database) has
    another inode: its key differs, and the old file's connections are closed
    the next time that path is opened. At most SIZE connections are kept in
    all (the longest unused file's go first), so many files opened over a
    process's life never pile up open files.
    """

    SIZE = 8  # the runs a process has going at once (issue 19's gate) need no more

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: dict[tuple[Any, ...], list[sqlite3.Connection]] = {}  # oldest-used file first

    @staticmethod
    def key(path: Path) -> tuple[Any, ...] | None:
        try:
            found = os.stat(path)
        except OSError:
            return None
        return (os.getpid(), os.path.abspath(path), found.st_dev, found.st_ino)

    def take(self, key: tuple[Any, ...]) -> sqlite3.Connection | None:
        stale: list[sqlite3.Connection] = []
        with self._lock:
            for other in [k for k in self._idle if k[:2] == key[:2] and k != key]:
                stale.extend(self._idle.pop(other))
            idle = self._idle.pop(key, None)
            conn = idle.pop() if idle else None
            if idle:
                self._idle[key] = idle  # most recently used last
        for old in stale:
            old.close()
        return conn

    def give_back(self, key: tuple[Any, ...], conn: sqlite3.Connection) -> bool:
        if key[0] != os.getpid():
            return False  # a forked child never hands its parent's connections around
        try:
            if conn.in_transaction:
                return False
            conn.set_trace_callback(None)
        except sqlite3.Error:
            return False
        evicted: list[sqlite3.Connection] = []
        with self._lock:
            idle = self._idle.pop(key, [])
            idle.append(conn)
            self._idle[key] = idle
            while sum(len(c) for c in self._idle.values()) > self.SIZE:
                oldest = next(iter(self._idle))
                evicted.append(self._idle[oldest].pop(0))
                if not self._idle[oldest]:
                    del self._idle[oldest]
        for old in evicted:
            old.close()
        return True

    def idle(self) -> int:
        with self._lock:
            return sum(len(c) for c in self._idle.values())

    def clear(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, {}
        for conns in idle.values():
            for conn in conns:
                conn.close()


_read_pool = _ReadPool()


def close_idle_connections() -> None:
    """Close the pooled read-only connections of this process (before replacing a file)."""
    _read_pool.clear()
    _changed()  # a file replaced under its name: its data version is not the one read before


_changes = itertools.count(1)
_last_change = 0


def _changed() -> None:
    global _last_change
    _last_change = next(_changes)


def changes_here() -> int:
    """A number that moves whenever this process commits a write (or replaces a database).

    A run may read the data version once and keep it (ui/data.version) for as long
    as this number stays the same: a write of its own moves it, so a run never
    reads its own figures as of before its write.
    """
    return _last_change


def _create_private(path: Path) -> None:
    """Make the folders (0700) and the empty database file (0600) that do not exist yet.

    SQLite gives a new file 0644 and its -wal and -shm the database's own mode, so
    creating the file first, owner-only, keeps all three private whatever the umask.
    """
    missing = []
    for folder in (path.parent, *path.parent.parents):
        if folder.exists():
            break
        missing.append(folder)
    try:
        for folder in reversed(missing):
            folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
        if not path.exists():
            with suppress(FileExistsError):  # another process made it first
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except OSError as exc:
        raise DatabaseUnavailable(f"cannot create {path}: {exc.strerror}") from exc


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    conn = sqlite3.connect(
        f"file:{path.resolve()}?{mode}",
        uri=True,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,  # explicit transactions only: see write()
        check_same_thread=False,
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        # FULL: a write acknowledged to the user survives a power cut, not only a crash.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the file now
    except BaseException:
        conn.close()
        raise
    return conn


def _unwritable_folder(path: Path) -> bool:
    """The database sits in a folder nobody here can write, with no WAL content beside it."""
    wal = path.with_name(path.name + "-wal")
    return not os.access(path.parent, os.W_OK) and (not wal.exists() or wal.stat().st_size == 0)


def _open_sqlite(path: Path, *, create: bool, readonly: bool) -> SqliteDatabase:
    """A file this process may not write opens read-only (writes then raise
    DatabaseReadOnly); one in a read-only folder (a file system mounted
    read-only) opens as immutable, since nobody can be writing it, provided no
    WAL content waits beside it."""
    if not create and not path.exists():
        raise DatabaseUnavailable(
            f"database {path} does not exist; run `humas init` (or `humas demo`) first"
        )
    if create:
        _create_private(path)
    pool_key = _ReadPool.key(path) if readonly and not create else None
    pooled = _read_pool.take(pool_key) if pool_key else None
    if pooled is not None:
        db = SqliteDatabase(pooled, path, readonly=True)
        db.pool_key = pool_key
        return db
    try:
        conn = _connect(path, "mode=ro" if readonly else "mode=rwc")
    except sqlite3.Error as exc:
        if database_problem(exc) is None or not _unwritable_folder(path):
            raise database_problem(exc, path) or DatabaseUnavailable(
                f"cannot open database {path}: {exc}"
            ) from exc
        try:
            conn = _connect(path, "mode=ro&immutable=1")
        except sqlite3.Error as again:
            raise DatabaseUnavailable(f"cannot open database {path}: {again}") from again
        pool_key = None  # an immutable view of a read-only folder: not kept
    db = SqliteDatabase(conn, path, readonly=readonly)
    db.pool_key = pool_key
    return db


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
def problems_mapped(db: Database) -> Iterator[None]:
    """Turn a driver error that is a state of the database into its DatabaseProblem."""
    try:
        yield
    except DatabaseProblem:
        raise
    except Exception as exc:
        problem = database_problem(exc, db.target)
        if problem is None:
            raise
        raise problem from exc


@contextmanager
def skip_if_unwritable(what: str) -> Iterator[None]:
    """Run bookkeeping that may be skipped when the database cannot take a write.

    For writes that only keep records about reading (sign-in counters, the
    time of the last sign-in): on a read-only database or a full disk they are
    left out, so people can still sign in and read. A busy database is not
    skipped (it passes in seconds); every other error goes on as it is.
    """
    try:
        yield
    except (DatabaseReadOnly, DatabaseFull) as exc:
        log.warning("%s skipped: %s", what, exc.detail)


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
    with db.write_lock, problems_mapped(db):
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
            _changed()
        except BaseException:
            db.rollback()
            raise


@contextmanager
def read(db: Database) -> Iterator[Database]:
    """One read transaction: a consistent snapshot, and no write lock at any moment.

    Readers never block a writer nor wait for one (SQLite's WAL, PostgreSQL's
    MVCC), so long checks (an import's dry run) leave everyone else free to write.
    """
    with db.write_lock, problems_mapped(db):
        if db.in_transaction:
            yield db
            return
        db.begin_read()
        try:
            yield db
        finally:
            db.rollback()


def data_version(db: Database) -> int:
    """A number that changes with every committed write, in any process on any host."""
    row = db.execute("SELECT value FROM counters WHERE name = 'data_version'").fetchone()
    return int(row[0]) if row else 0


def rows(db: Database, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def one(db: Database, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
    found = rows(db, sql, params)
    return found[0] if found else None


class Cursor(Protocol):
    """What the store reads from a cursor: the DB-API calls sqlite3's and psycopg's share."""

    @property
    def description(self) -> Any: ...
    @property
    def rowcount(self) -> int: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def fetchmany(self, size: int = ...) -> list[Any]: ...
    def close(self) -> None: ...
    def __iter__(self) -> Iterator[Any]: ...


def present(row: R | None) -> R:
    """A row this very transaction has just written, or read under its write lock: always
    there. Should a concurrent delete ever win, a StoreError, never a TypeError."""
    if row is None:
        raise StoreError("Data berubah saat disimpan; muat ulang halaman lalu coba lagi.")
    return row


def scalar(db: Database, sql: str, params: Sequence[Any] = ()) -> Any:
    row = db.execute(sql, params).fetchone()
    return row[0] if row else None


def in_ids(db: Database, column: str, ids: Iterable[int]) -> tuple[str, tuple[Any, ...]]:
    """`column` limited to a list of ids, as one parameter whatever the list's length.

    SQLite reads a JSON array through json_each; PostgreSQL takes an array.
    """
    wanted = sorted({int(i) for i in ids})
    if db.dialect == POSTGRESQL:
        return f"{column} = ANY(?)", (wanted,)
    return f"{column} IN (SELECT value FROM json_each(?))", (_json_list(wanted),)


def _json_list(values: list[int]) -> str:
    return "[" + ",".join(str(v) for v in values) + "]"
