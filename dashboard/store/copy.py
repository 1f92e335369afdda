"""Copy a whole database between backends: SQLite to PostgreSQL and back (`humas copy-db`).

The source is read in one snapshot (a read transaction: the app may keep
writing to it meanwhile). The target gets the current schema first (an
idempotent step of its own, as `humas init` makes it), then every row in ONE
write transaction: a copy that fails or is interrupted leaves the target as
it was. The target must hold no items (refused otherwise, before anything
is written); whatever else it holds (the seed of `humas init`, its own log
of that) is replaced by the source's rows.

Inside that transaction: foreign keys are checked at commit (rows arrive
table by table), the summary triggers are off while `daily_counts` is copied
as it is, the audit log's append-only triggers are off only for clearing the
target's own seed entries. Then, before commit:

- the number of rows of every table equals the source's,
- the daily summary equals a recount of the items (else: "run
  `humas rebuild-summary` on the source first"),
- PostgreSQL's identity sequences continue after the highest id copied,
- the data version is above both databases' (caches of an app already on
  the target cannot mistake the copy for what they hold),
- one audit entry says where the data came from and how much.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from dashboard import fmt
from dashboard.progress import Report, silent
from dashboard.store import audit, migrations, summary
from dashboard.store.access import SYSTEM
from dashboard.store.db import (
    POSTGRESQL,
    Database,
    StoreError,
    Target,
    describe,
    open_db,
    rows,
    scalar,
    write,
)

# Every table of the schema, parents before children (the migrations' record excepted).
TABLES = (
    "counters",
    "settings",
    "units",
    "metric_kinds",
    "users",
    "sessions",
    "signin_limits",
    "items",
    "daily_counts",
    "audit_log",
    "outtakes",
    "targets",
    "calendar_overrides",
    "calendar_unit_overrides",
    "entry_drafts",
    "screen_links",
    "channels",  # tokens stay sealed: the key (HUMAS_SECRET_KEY) is not in either database
    "job_runs",
    "contacts",
    "subscription_defaults",
    "subscriptions",
    "outbox",
    "telegram_links",
    "link_checks",
    "item_checks",
    "item_reviews",
)
# Tables whose rows carry an id from an identity column (PostgreSQL sequences to move on).
WITH_IDS = (
    "units",
    "users",
    "sessions",
    "items",
    "audit_log",
    "targets",
    "screen_links",
    "channels",
    "outbox",
    "link_checks",
)
CHUNK = 5000


class CopyRefused(StoreError):
    pass


@dataclass
class CopyReport:
    source: str
    target: str
    copied: dict[str, int]
    replaced: dict[str, int] = field(default_factory=dict)  # what the target held before
    seconds: float = 0.0

    def summary(self) -> str:
        counts = ", ".join(f"{name} {fmt.number(n)}" for name, n in self.copied.items() if n)
        before = ", ".join(f"{name} {fmt.number(n)}" for name, n in self.replaced.items() if n)
        replaced = f"; replaced the target's {before}" if before else ""
        return (
            f"copied {self.source} to {self.target} in {self.seconds:.1f} s: {counts}{replaced}; "
            "row counts of every table and the daily summary checked"
        )


def schema_tables(db: Database) -> set[str]:
    """The tables the schema has (for the check that TABLES names them all)."""
    if db.dialect == POSTGRESQL:
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    return {r[0] for r in db.execute(sql)} - {migrations.migrations.table(db)}


def columns(db: Database, table: str) -> list[str]:
    cursor = db.execute(f"SELECT * FROM {table} WHERE 1 = 0")
    names = [c[0] for c in cursor.description]
    cursor.fetchall()
    return names


def _order(table: str, cols: list[str]) -> str:
    if "id" in cols:
        return "id"
    return ", ".join(cols[:3]) if table in ("daily_counts", "outtakes") else cols[0]


def _stream(db: Database, sql: str) -> Iterator[tuple[Any, ...]]:
    """Rows without holding them all in memory."""
    if db.dialect == POSTGRESQL:
        yield from db.raw.cursor().stream(sql, size=CHUNK)
        return
    cursor = db.execute(sql)
    while chunk := cursor.fetchmany(CHUNK):
        yield from chunk


@contextmanager
def _snapshot(db: Database) -> Iterator[None]:
    """One consistent view of the source while it is read."""
    if db.dialect == POSTGRESQL:
        db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    else:
        db.execute("BEGIN")
    try:
        yield
    finally:
        db.rollback()


def _check_source(db: Database) -> None:
    migrations.check_not_newer(db)
    behind = migrations.pending(db)
    if behind:
        raise CopyRefused(
            f"source {db.name} lacks schema steps {', '.join(behind)}: run `humas init` on it first"
        )
    missing = schema_tables(db) - set(TABLES)
    if missing:
        raise CopyRefused(
            f"source {db.name} has tables this version cannot copy: {', '.join(sorted(missing))}"
        )


@contextmanager
def _triggers_off(db: Database, table: str, names: list[str]) -> Iterator[None]:
    """Named triggers of `table` off inside the open transaction, back on before it ends."""
    if db.dialect == POSTGRESQL:
        for name in names:
            db.execute(f'ALTER TABLE {table} DISABLE TRIGGER "{name}"')
        yield
        # Foreign keys checked now (every row is in): no check may wait on a table altered.
        db.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name in names:
            db.execute(f'ALTER TABLE {table} ENABLE TRIGGER "{name}"')
        return
    found = rows(
        db,
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
        (table,),
    )
    kept = [r["sql"] for r in found if r["name"] in names]
    for name in names:
        db.execute(f'DROP TRIGGER "{name}"')
    yield
    for sql in kept:
        db.execute(sql)


def _insert(db: Database, table: str, cols: list[str], source: Iterator[tuple[Any, ...]]) -> int:
    if db.dialect == POSTGRESQL:
        from dashboard.store import postgres

        assert isinstance(db, postgres.PostgresDatabase)  # the only postgresql dialect
        return postgres.copy_rows(db, table, cols, source)
    sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
    done = 0
    batch: list[tuple[Any, ...]] = []
    for row in source:
        batch.append(row)
        if len(batch) >= CHUNK:
            db.executemany(sql, batch)
            done += len(batch)
            batch = []
    if batch:
        db.executemany(sql, batch)
        done += len(batch)
    return done


def _counts(db: Database) -> dict[str, int]:
    return {t: int(scalar(db, f"SELECT count(*) FROM {t}")) for t in TABLES}


def copy(source_target: Target, target_target: Target, *, report: Report = silent) -> CopyReport:
    """Copy every row of `source_target` into `target_target` (see the module's docstring)."""
    started = time.perf_counter()
    if describe(source_target) == describe(target_target):
        raise CopyRefused("the source and the target are the same database")
    source = open_db(source_target, readonly=True)
    try:
        _check_source(source)
        if not _has_schema(target_target):  # the schema first, as `humas init` makes it
            _schema_only(target_target)
        target = open_db(target_target)
        try:
            with _snapshot(source):
                wanted = _counts(source)
                result = _copy_rows(source, target, wanted, report)
        finally:
            target.close()
    finally:
        source.close()
    result.seconds = time.perf_counter() - started
    return result


def _has_schema(target: Target) -> bool:
    try:
        db = open_db(target)
    except StoreError:
        return False
    try:
        return bool(migrations.migrations.applied(db))
    finally:
        db.close()


def _schema_only(target: Target) -> None:
    db = open_db(target, create=True)
    try:
        migrations.apply(db)
    finally:
        db.close()


def _copy_rows(
    source: Database, target: Database, wanted: dict[str, int], report: Report
) -> CopyReport:
    migrations.apply(target)  # a no-op unless the target is behind this code
    total = sum(wanted.values())
    done = 0
    with write(target):
        if scalar(target, "SELECT count(*) FROM items"):
            raise CopyRefused(
                f"target {target.name} already holds items: copy-db only fills a database "
                "without output (give an empty one)"
            )
        held = _counts(target)
        old_version = int(scalar(target, "SELECT value FROM counters WHERE name = 'data_version'"))
        if target.dialect == POSTGRESQL:
            target.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            target.execute("PRAGMA defer_foreign_keys = ON")
        with _triggers_off(target, "audit_log", ["audit_log_no_delete"]):
            for table in reversed(TABLES):
                target.execute(f"DELETE FROM {table}")
        summary_triggers = [name for name, _ in summary.count_triggers(target)]
        with _triggers_off(target, "items", summary_triggers):
            for table in TABLES:
                cols = columns(source, table)
                if set(cols) != set(columns(target, table)):
                    raise CopyRefused(f"table {table} has different columns in the two databases")
                order = _order(table, cols)
                stream = _stream(source, f"SELECT {', '.join(cols)} FROM {table} ORDER BY {order}")

                def progressed(
                    found: Iterator[tuple[Any, ...]], table: str = table
                ) -> Iterator[tuple[Any, ...]]:
                    nonlocal done
                    for n, row in enumerate(found, 1):
                        if n % CHUNK == 0:
                            report(done + n, total, f"{table}: {fmt.number(n)}")
                        yield row
                    done += wanted[table]

                _insert(target, table, cols, progressed(stream))
        got = _counts(target)
        wrong = {t: (wanted[t], got[t]) for t in TABLES if wanted[t] != got[t]}
        if wrong:
            raise StoreError(f"copy incomplete, nothing kept: rows (source, target) {wrong}")
        if summary.differing_rows(target):
            raise CopyRefused(
                f"the daily summary of {source.name} disagrees with its items; run "
                "`humas rebuild-summary` on the source first (nothing was copied)"
            )
        if target.dialect == POSTGRESQL:
            for table in WITH_IDS:
                target.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                )
        copied_version = int(
            scalar(target, "SELECT value FROM counters WHERE name = 'data_version'")
        )
        target.execute(
            "UPDATE counters SET value = ? WHERE name = 'data_version'",
            (max(copied_version, old_version),),
        )
        audit.record(
            target,
            SYSTEM,
            "copy",
            "database",
            None,
            before={"rows": {t: n for t, n in held.items() if n}},
            after={"source": source.name, "rows": wanted},
        )
    report(total, total, "selesai")
    return CopyReport(source=source.name, target=target.name, copied=wanted, replaced=held)
