"""Connections and transactions: the only way anything reaches the SQLite file.

A connection per call (Streamlit reruns hop threads, and a sqlite-utils
Database is bound to the thread that made it). Every connection turns
foreign keys on and waits for a busy writer instead of failing at once.
Writes run inside `write()`, which begins with BEGIN IMMEDIATE so that a
transaction that reads and then writes never fails half-way with
"database is locked", and which bumps the data version that caches key on.

When the database itself fails (gone, busy past the timeout, read-only, disk
full, damaged) the store raises a `DatabaseProblem`: its text is one short
Indonesian sentence for a page, with no path or internal detail; its
`detail` is the English line for the command line and the server log.
`database_problem()` maps a SQLite error to one. A file the app may not write
is still read (SQLite opens it read-only); bookkeeping that must not stop
people reading, such as sign-in counters, runs under `skip_if_unwritable()`.

Files the store creates (the database, and with it SQLite's -wal and -shm,
which take the database's mode) are the owner's alone (0600), folders 0700.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlite_utils import Database

BUSY_TIMEOUT_MS = 10_000
FILE_MODE = 0o600
FOLDER_MODE = 0o700

log = logging.getLogger(__name__)


class StoreError(Exception):
    """A store refusal whose message can be shown to the user as it is."""


class DatabaseProblem(StoreError):
    """The database failed, not the request: the same short Indonesian message for everyone.

    `str()` names no file and no internal detail (it is shown on pages);
    `detail` says what happened, in English, for the command line and the log.
    """

    message = "Basis data tidak dapat dibuka saat ini. Hubungi admin."

    def __init__(self, detail: str = ""):
        super().__init__(self.message)
        self.detail = detail or self.message


class DatabaseUnavailable(DatabaseProblem):
    pass


class SchemaTooNew(DatabaseProblem):
    message = "Basis data ini dibuat oleh versi Pantau Humas yang lebih baru. Hubungi admin."


class DatabaseBusy(DatabaseProblem):
    message = "Basis data sedang sibuk; belum ada yang berubah. Coba lagi sebentar lagi."


class DatabaseReadOnly(DatabaseProblem):
    message = (
        "Basis data sedang hanya dapat dibaca: data tetap dapat dilihat, tetapi perubahan "
        "belum dapat disimpan. Hubungi admin."
    )


class DatabaseFull(DatabaseProblem):
    message = "Ruang penyimpanan server penuh; perubahan belum disimpan. Hubungi admin."


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


def database_problem(exc: BaseException, where: str | os.PathLike = "") -> DatabaseProblem | None:
    """The DatabaseProblem a SQLite error stands for; None for an error of the statement itself
    (a constraint, a typo in SQL), which is a bug to see, not a state of the database."""
    if isinstance(exc, DatabaseProblem):
        return exc
    if not isinstance(exc, sqlite3.Error):
        return None
    code = getattr(exc, "sqlite_errorcode", None)
    kind = _PROBLEMS.get(code & 0xFF) if isinstance(code, int) else None
    if kind is None:
        return None
    name = getattr(exc, "sqlite_errorname", "") or type(exc).__name__
    place = f"database {where}: " if where else "database: "
    return kind(f"{place}{exc} ({name})")


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


def open_db(path: str | Path, *, create: bool = False, readonly: bool = False) -> Database:
    """Open one connection with the project's pragmas.

    `create=False` refuses a missing file instead of silently creating an
    empty database somewhere unexpected. A file this process may not write
    opens read-only (writes then raise DatabaseReadOnly); one in a read-only
    folder (a file system mounted read-only) opens as immutable, since nobody
    can be writing it, provided no WAL content waits beside it.
    """
    path = Path(path)
    if not create and not path.exists():
        raise DatabaseUnavailable(
            f"database {path} does not exist; run `humas init` (or `humas demo`) first"
        )
    if create:
        _create_private(path)
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
    return Database(conn, execute_plugins=False)


@contextmanager
def connect(path: str | Path, *, readonly: bool = False) -> Iterator[Database]:
    db = open_db(path, readonly=readonly)
    try:
        yield db
    finally:
        db.close()


def _where(db: Database) -> str:
    try:
        return db.conn.execute("PRAGMA database_list").fetchone()[2]
    except sqlite3.Error:
        return ""


@contextmanager
def problems_mapped(db: Database) -> Iterator[None]:
    """Turn a SQLite error that is a state of the database into its DatabaseProblem."""
    try:
        yield
    except sqlite3.Error as exc:
        problem = database_problem(exc, _where(db))
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
    with _thread_lock(db), problems_mapped(db):
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


@contextmanager
def read(db: Database) -> Iterator[Database]:
    """One read transaction: a consistent snapshot, and no write lock at any moment.

    In WAL mode a reader never blocks a writer nor waits for one, so long checks
    (an import's dry run) leave everyone else free to write.
    """
    with _thread_lock(db), problems_mapped(db):
        conn = db.conn
        if conn.in_transaction:
            yield db
            return
        conn.execute("BEGIN")
        try:
            yield db
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")


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
