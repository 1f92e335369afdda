"""The PostgreSQL backend: psycopg 3 connections from a pool, behind store.db's Database.

What it adds to the driver, so that the store's SQL and its results are the
same as on SQLite:

- `?` placeholders become psycopg's `%s` (and a literal `%` is doubled);
  the translation of each statement is computed once and cached;
- booleans come back as 0/1 and integral numerics (`SUM` of a bigint) as
  int, the way SQLite returns them; a Python bool is sent as 0/1 and every
  int as a bigint;
- `total_changes` counts the rows that INSERT, UPDATE, DELETE and COPY
  touched through the connection (the data version bumps only when a write
  changed something, as on SQLite);
- writers take one advisory transaction lock (`WRITER_LOCK`) right after
  BEGIN: at most one write transaction at a time on the whole database,
  from every process on every host. Each statement after it runs at READ
  COMMITTED and so sees every commit made before the lock was granted: a
  transaction that reads and then writes (is this link already there?) has
  the guarantee SQLite's BEGIN IMMEDIATE gives. Readers never wait (MVCC);
- a connection that fails (the server stopped, the network went away)
  raises DatabaseDisconnected: nothing of the transaction was committed,
  the pool throws the connection away, and the next call tries anew.

One pool per process and URL (`HUMAS_PG_POOL_SIZE` connections at most,
default 10); each checkout is checked with an empty query, so a pool whose
server restarted hands out fresh connections instead of dead ones.
Connection settings, passwords and TLS come from the URL and libpq's own
environment (PGHOST, PGPASSWORD, PGPASSFILE, PGSSLMODE, ...).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import psycopg
from psycopg import pq
from psycopg.abc import Buffer
from psycopg.adapt import Dumper, Loader
from psycopg.types.numeric import Int8Dumper, NumericLoader
from psycopg.types.string import StrDumperUnknown
from psycopg_pool import ConnectionPool, PoolTimeout

from dashboard.store.db import (
    POSTGRESQL,
    Cursor,
    Database,
    DatabaseDisconnected,
    StoreError,
    masked,
)

log = logging.getLogger(__name__)

ENV_POOL_SIZE = "HUMAS_PG_POOL_SIZE"
DEFAULT_POOL_SIZE = 10
CONNECT_TIMEOUT_S = 5  # libpq's connect_timeout for every new connection
POOL_WAIT_S = 30.0  # how long a call waits for a free (or new) connection: a crowd queues
# ... and how long in all while every connection of the pool is in use (a crowd, not a lost
# server): a page run of a crowd waits its turn as it would for the interpreter lock.
POOL_BUSY_WAIT_S = 600.0
APPLICATION_NAME = "pantau-humas"


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for pg_advisory_*lock, from a name."""
    digest = hashlib.blake2b(f"pantau-humas:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


WRITER_LOCK = advisory_key("writer")

# --- placeholders -----------------------------------------------------------------------------

_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|\?|%")


def _token(found: re.Match[str]) -> str:
    text = found.group(0)
    if text == "?":
        return "%s"
    # psycopg reads `%` everywhere, quoted or not: double it (a `?` in quotes stays).
    return text.replace("%", "%%")


@functools.lru_cache(maxsize=4096)
def translate(sql: str) -> str:
    """The statement with psycopg's placeholders: `?` -> `%s`, `%` -> `%%` (quotes respected)."""
    return _TOKENS.sub(_token, sql)


# --- types: the values SQLite would return ------------------------------------------------------


class _IntegralNumericLoader(NumericLoader):
    """numeric -> int when it has no fraction (SUM of bigints), else float (as SQLite)."""

    def load(self, data: Buffer) -> int | float:  # type: ignore[override]  # as SQLite: no Decimal
        value = super().load(data)
        if value == value.to_integral_value():
            return int(value)
        return float(value)


class _BoolAsIntLoader(Loader):
    def load(self, data: Buffer) -> int:
        return 1 if bytes(data) == b"t" else 0


class _BoolAsIntDumper(Dumper):
    oid = psycopg.adapters.types["int2"].oid

    def dump(self, obj: object) -> bytes:
        return b"1" if obj else b"0"


class _StrDumper(StrDumperUnknown):
    """Text as psycopg sends it, except NUL, which PostgreSQL text cannot hold: U+FFFD.

    Nothing the store accepts contains NUL (free text refuses control
    characters first), so this only matters for lookups of hostile input
    (a user name with a NUL): on SQLite they find nothing, and here too,
    instead of failing with a DataError.
    """

    def dump(self, obj: str) -> Buffer | None:
        return super().dump(obj.replace("\x00", "\ufffd") if "\x00" in obj else obj)


class _Cursor(psycopg.Cursor[Any]):
    @property
    def lastrowid(self) -> int | None:
        raise StoreError(
            "PostgreSQL has no lastrowid: write the INSERT with RETURNING id and read it"
        )


def _configure(conn: psycopg.Connection) -> None:
    conn.adapters.register_loader("numeric", _IntegralNumericLoader)
    conn.adapters.register_loader("bool", _BoolAsIntLoader)
    conn.adapters.register_dumper(bool, _BoolAsIntDumper)
    # Every Python int as bigint, as SQLite's integers are: `SELECT ? UNION ALL SELECT id`
    # then has one type, whatever the size of the number.
    conn.adapters.register_dumper(int, Int8Dumper)
    conn.adapters.register_dumper(str, _StrDumper)


_CONNECT_KWARGS: dict[str, Any] = {
    "autocommit": True,  # transactions are explicit: see PostgresDatabase.begin_write
    "cursor_factory": _Cursor,
    "connect_timeout": CONNECT_TIMEOUT_S,
    "application_name": APPLICATION_NAME,
}

# --- the connection -------------------------------------------------------------------------------

_WRITES = ("INSERT", "UPDATE", "DELETE", "MERGE", "COPY")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def disconnected(url: str, exc: BaseException) -> DatabaseDisconnected:
    return DatabaseDisconnected(f"database {masked(url)} is not reachable: {_first_line(exc)}")


def _lost(conn: psycopg.Connection, exc: psycopg.OperationalError) -> bool:
    """Whether an error means the server is gone, not that a statement was refused.

    psycopg files some refusals under OperationalError too (an object in use,
    a lock not available): those are the statement's, and go on as they are.
    """
    state = getattr(exc, "sqlstate", None) or ""
    return conn.broken or conn.closed or state.startswith(("08", "57P")) or not state


class PostgresDatabase(Database):
    dialect = POSTGRESQL
    raw: psycopg.Connection[Any]

    def __init__(
        self, raw: psycopg.Connection[Any], url: str, pool: ConnectionPool | None, **kw: Any
    ) -> None:
        super().__init__(raw, url, **kw)
        self._pool = pool
        self._changes = 0
        self._trace: Callable[[str], object] | None = None

    def set_trace_callback(self, callback: Callable[[str], object] | None) -> None:
        self._trace = callback

    def _count(self, cursor: psycopg.Cursor[Any]) -> None:
        status = cursor.statusmessage or ""
        if cursor.rowcount > 0 and status.split(" ", 1)[0] in _WRITES:
            self._changes += cursor.rowcount

    @contextlib.contextmanager
    def sending(self, sql: str) -> Iterator[None]:
        """Around every statement sent: the trace, and a lost server as DatabaseDisconnected."""
        if self._trace is not None:
            self._trace(sql)
        try:
            yield
        except psycopg.OperationalError as exc:
            if not _lost(self.raw, exc):
                raise
            raise disconnected(str(self.target), exc) from exc

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        with self.sending(sql):
            # Without parameters psycopg reads the text as it is (no placeholders, no %%).
            cursor = self.raw.execute(translate(sql), params) if params else self.raw.execute(sql)
        self._count(cursor)
        return cursor

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> Cursor:
        cursor = self.raw.cursor()
        with self.sending(sql):
            cursor.executemany(translate(sql), seq)
        self._count(cursor)
        return cursor

    @property
    def in_transaction(self) -> bool:
        return bool(self.raw.info.transaction_status != pq.TransactionStatus.IDLE)

    @property
    def total_changes(self) -> int:
        return self._changes

    def begin_write(self) -> None:
        # One round trip: BEGIN, then wait for the single writer's lock (released at COMMIT).
        self.execute(f"BEGIN; SELECT pg_advisory_xact_lock({WRITER_LOCK})")

    def begin_read(self) -> None:
        # One snapshot for every statement of the block, as SQLite's read transaction gives.
        self.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def commit(self) -> None:
        self.execute("COMMIT")

    def rollback(self) -> None:
        if self.raw.closed or not self.in_transaction:
            return
        with contextlib.suppress(psycopg.OperationalError):  # gone, and its transaction too
            self.raw.execute("ROLLBACK")

    def close(self) -> None:
        if self._pool is None:
            self.raw.close()
            return
        pool, self._pool = self._pool, None
        if pool.closed:
            self.raw.close()
        else:
            pool.putconn(self.raw)  # the pool rolls back anything left open


def copy_rows(
    db: PostgresDatabase, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Load rows with COPY (the fast path for bulk loads); returns how many went in."""
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    cursor = db.raw.cursor()
    with db.sending(statement), cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
    db._changes += max(cursor.rowcount, 0)
    return max(int(cursor.rowcount), 0)


# --- pools, one per process and URL -----------------------------------------------------------------

_pools: dict[tuple[int, str], ConnectionPool] = {}
_guard = threading.Lock()


def pool_size() -> int:
    value = os.environ.get(ENV_POOL_SIZE, "")
    try:
        return max(1, int(value)) if value else DEFAULT_POOL_SIZE
    except ValueError:
        raise StoreError(f"{ENV_POOL_SIZE} must be a whole number, not {value!r}") from None


def connect_direct(url: str, **kwargs: Any) -> psycopg.Connection[Any]:
    """One connection outside any pool; a clear StoreError when it cannot be made."""
    try:
        conn = psycopg.connect(url, **(_CONNECT_KWARGS | kwargs))
    except psycopg.OperationalError as exc:
        raise DatabaseDisconnected(
            f"cannot connect to database {masked(url)}: {_first_line(exc)}"
        ) from exc
    except psycopg.ProgrammingError as exc:  # a URL libpq cannot parse
        raise StoreError(f"invalid database URL {masked(url)}: {_first_line(exc)}") from exc
    _configure(conn)
    return conn


def _pool(url: str) -> ConnectionPool:
    key = (os.getpid(), url)  # a pool never crosses a fork
    pool = _pools.get(key)
    if pool is not None:
        return pool
    with _guard:
        pool = _pools.get(key)
        if pool is None:
            # A first connection made by hand: its refusal (wrong password, no such host)
            # is the message people need, which a pool would only log.
            connect_direct(url).close()
            pool = ConnectionPool(
                url,
                min_size=1,
                max_size=pool_size(),
                kwargs=_CONNECT_KWARGS,
                configure=_configure,
                check=ConnectionPool.check_connection,
                name=f"humas-{len(_pools)}",
                open=False,
            )
            pool.open(wait=False)
            _pools[key] = pool
    return pool


def _all_in_use(pool: ConnectionPool) -> bool:
    stats = pool.get_stats()
    return stats.get("pool_size", 0) >= pool.max_size and stats.get("pool_available", 0) == 0


def open_db(url: str, *, readonly: bool = False) -> PostgresDatabase:
    pool = _pool(url)
    waited = 0.0
    while True:
        try:
            raw = pool.getconn(timeout=POOL_WAIT_S)
            break
        except PoolTimeout as exc:
            waited += POOL_WAIT_S
            # Every connection handed out and none back yet: a crowd (200 sessions on
            # one process), not a lost server. Keep the place in the queue rather than
            # turning the wait into "not connected". A server that goes away meanwhile
            # fails the holders, the pool shrinks, and the next round ends here.
            if _all_in_use(pool) and waited < POOL_BUSY_WAIT_S:
                continue
            raise DatabaseDisconnected(
                f"database {masked(url)}: no connection within {waited:g} s "
                "(server unreachable, or every pooled connection busy)"
            ) from exc
    return PostgresDatabase(raw, url, pool, readonly=readonly)


def open_direct(url: str, *, readonly: bool = False) -> PostgresDatabase:
    """A connection of its own (closed, not pooled, at close): for long jobs and locks."""
    return PostgresDatabase(connect_direct(url), url, None, readonly=readonly)


def close_pools(url: str | None = None) -> None:
    """Close this process's pools (all, or the one for `url`): tests, and before a fork."""
    with _guard:
        keys = [k for k in _pools if url is None or k[1] == url]
        found = [_pools.pop(k) for k in keys]
    for pool in found:
        pool.close(timeout=5)
