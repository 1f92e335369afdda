"""Bulk loading of trusted, generated data (synthetic benchmark databases).

Not for user input: rows are inserted as given, with only the schema's
CHECK constraints to stop a mistake. Two ways to keep the summary right:

- ``summary="triggers"``: the summary triggers stay in place and fire for
  every row; rows go in chunked transactions.
- ``summary="rebuild"``: one write transaction drops the summary triggers
  and the secondary indexes of `items`, inserts every row, re-creates the
  indexes and triggers from their own stored SQL (so whatever later
  migrations add comes back too) and recounts the summary. SQLite's DDL is
  transactional, so a crash or an error part-way (a duplicate refused by
  the re-created unique index, say) rolls everything back, triggers and
  indexes included: the database is never left without them.

On PostgreSQL rows go in with COPY (one statement per chunk, so the
statement-level summary triggers also do one summary write per chunk), and
the rebuild mode drops and re-creates the triggers and indexes the same way:
PostgreSQL's DDL is transactional too.

docs/PERFORMANCE.md has the measured difference; the synthetic builder uses
the faster one by default.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from dashboard import fmt
from dashboard.progress import Report, silent
from dashboard.store import audit, summary
from dashboard.store.access import Principal, require_admin
from dashboard.store.db import POSTGRESQL, Database, StoreError, rows, scalar, write
from dashboard.store.items.batches import ITEM_COLUMNS

SUMMARY_MODES = ("rebuild", "triggers")
UNIT_COLUMNS = ("code", "name", "type", "parent_code", "province", "tz")

_INSERT_ITEM = (
    f"INSERT INTO items ({', '.join(ITEM_COLUMNS)}) VALUES ({', '.join('?' for _ in ITEM_COLUMNS)})"
)


@dataclass(frozen=True)
class LoadReport:
    items: int
    summary_rows: int
    mode: str


@contextmanager
def build_pragmas(db: Database, *, cache_mib: int = 256) -> Iterator[None]:
    """Settings for building a throwaway database fast; restored afterwards.

    Only for a file nobody else has open: synchronous=OFF trades durability
    against a power cut for speed (right for a generated file that is
    rebuilt if lost, wrong for real data), and the rollback journal instead
    of WAL writes a fresh file's new pages once instead of twice (WAL, then
    checkpoint). WAL is switched back on at the end. PostgreSQL: commits stop
    waiting for the WAL flush (a crash loses the last commits, never
    consistency) and index builds get more memory, for this session only.
    """
    if db.dialect == POSTGRESQL:
        db.execute("SET synchronous_commit = off")
        db.execute(f"SET maintenance_work_mem = '{cache_mib}MB'")
        try:
            yield
        finally:
            db.execute("RESET synchronous_commit")
            db.execute("RESET maintenance_work_mem")
        return
    conn = db.conn
    old_sync = scalar(db, "PRAGMA synchronous")
    old_cache = scalar(db, "PRAGMA cache_size")
    old_journal = scalar(db, "PRAGMA journal_mode")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute(f"PRAGMA cache_size = {-cache_mib * 1024}")
    conn.execute("PRAGMA journal_mode = DELETE").fetchall()  # fetch: finish the statement
    try:
        yield
    finally:
        conn.execute(f"PRAGMA journal_mode = {old_journal}").fetchall()
        conn.execute(f"PRAGMA synchronous = {int(old_sync)}")
        conn.execute(f"PRAGMA cache_size = {int(old_cache)}")


def item_indexes(db: Database) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the indexes made on `items` by the migrations."""
    if db.dialect == POSTGRESQL:
        found = rows(
            db,
            """
            SELECT i.indexname AS name, i.indexdef AS sql FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = 'items'
              AND i.indexname NOT IN (
                  SELECT conname FROM pg_constraint WHERE conrelid = 'items'::regclass)
            ORDER BY i.indexname
            """,
        )
        return [(r["name"], r["sql"]) for r in found]
    found = rows(
        db,
        """
        SELECT name, sql FROM sqlite_master
        WHERE type = 'index' AND tbl_name = 'items' AND sql IS NOT NULL
        ORDER BY name
        """,
    )
    return [(r["name"], r["sql"]) for r in found]


def add_units(db: Database, who: Principal, units: Iterable[dict]) -> int:
    """Insert generated units (parents must exist or come earlier in the list)."""
    require_admin(who)
    added = 0
    with write(db):
        ids = {r["code"]: r["id"] for r in rows(db, "SELECT id, code FROM units")}
        batch = []
        for unit in units:
            parent = unit["parent_code"]
            if parent and parent not in ids:
                raise StoreError(f"parent unit {parent!r} of {unit['code']!r} does not exist")
            batch.append(
                (
                    unit["code"],
                    unit["name"],
                    unit["type"],
                    ids.get(parent),
                    unit["province"],
                    unit["tz"],
                )
            )
        db.conn.executemany(
            "INSERT INTO units (code, name, type, parent_id, province, tz) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            batch,
        )
        added = len(batch)
        audit.record(db, who, "bulk_create", "unit", after={"units": added})
    return added


def _chunks(items: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_items(
    db: Database,
    who: Principal,
    items: Iterable[tuple],
    *,
    summary_mode: str = "rebuild",
    total: int = 0,
    chunk: int = 50_000,
    report: Report = silent,
) -> LoadReport:
    """Insert item rows (tuples in `items.ITEM_COLUMNS` order); the summary ends exact.

    `total` is the expected number of rows, for the progress bar only.
    """
    require_admin(who)
    if summary_mode not in SUMMARY_MODES:
        raise StoreError(f"summary mode must be one of {', '.join(SUMMARY_MODES)}")
    conn = db.conn
    done = 0

    def insert(batch: list[tuple]) -> None:
        nonlocal done
        if db.dialect == POSTGRESQL:
            from dashboard.store import postgres

            postgres.copy_rows(db, "items", ITEM_COLUMNS, batch)
        else:
            conn.executemany(_INSERT_ITEM, batch)
        done += len(batch)
        # Never "finished" here: the caller reports the end, after its own last step.
        report(done, max(total, done + 1), f"{fmt.number(done)} items")

    if summary_mode == "triggers":
        for batch in _chunks(items, chunk):
            with write(db):
                insert(batch)
        with write(db):
            audit.record(db, who, "bulk_create", "item", after={"items": done, "mode": "triggers"})
    else:
        with write(db):
            triggers = summary.count_triggers(db)
            indexes = item_indexes(db)
            on_items = " ON items" if db.dialect == POSTGRESQL else ""
            for name, _ in triggers:
                conn.execute(f'DROP TRIGGER "{name}"{on_items}')
            for name, _ in indexes:
                conn.execute(f'DROP INDEX "{name}"')
            for batch in _chunks(items, chunk):
                insert(batch)
            report(done, done + 1, "building the indexes and the daily summary")
            for _, sql in indexes + triggers:
                conn.execute(sql)
            summary._rebuild_inside(db)
            audit.record(db, who, "bulk_create", "item", after={"items": done, "mode": "rebuild"})
    summary_rows = int(scalar(db, "SELECT count(*) FROM daily_counts"))
    return LoadReport(items=done, summary_rows=summary_rows, mode=summary_mode)
