"""The daily summary (`daily_counts`): checking it against the items and rebuilding it.

The triggers on `items` (see migrations) keep the summary exact in the same
transaction as every item write. This module is the repair kit for when it is
not: a restore from an old backup, a manual fix that bypassed the triggers,
or a bulk load that dropped the triggers on purpose (`store.bulk`).

A rebuild recounts live items into a temporary table, compares, and swaps
the summary's rows in one write transaction, so a reader in another process
sees either the old summary or the new one, never an empty table.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.store import audit
from dashboard.store.access import Principal, require_admin
from dashboard.store.db import POSTGRESQL, Database, rows, scalar, write

# The recount: what the summary must equal.
RECOUNT = """
    SELECT unit_id, day, kind, count(*) AS n FROM items WHERE deleted = 0 AND rejected = 0
    GROUP BY unit_id, day, kind
"""

# How many (unit, day, kind) rows differ between two tables of the same shape.
_DIFF = """
    SELECT (SELECT count(*) FROM (SELECT unit_id, day, kind, n FROM {a}
                                  EXCEPT SELECT unit_id, day, kind, n FROM {b}) AS wrong)
         + (SELECT count(*) FROM (SELECT unit_id, day, kind, n FROM {b}
                                  EXCEPT SELECT unit_id, day, kind, n FROM {a}) AS missing)
"""
# A temporary table (SQLite's temp schema, PostgreSQL's pg_temp: both searched first).
_RECOUNT_TABLE = "humas_recount"


@dataclass(frozen=True)
class RebuildReport:
    rows_before: int
    rows_after: int
    rows_differing: int  # summary rows that were wrong, missing or extra before the rebuild
    items: int  # live items counted

    def summary(self) -> str:
        verdict = (
            "the summary was already exact"
            if self.rows_differing == 0
            else f"{self.rows_differing} rows were wrong, missing or extra and are now repaired"
        )
        return (
            f"daily_counts rebuilt from {self.items} live items: "
            f"{self.rows_before} rows before, {self.rows_after} after; {verdict}"
        )


def count_triggers(db: Database) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the triggers on `items` that maintain the summary."""
    if db.dialect == POSTGRESQL:
        found = rows(
            db,
            """
            SELECT t.tgname AS name, pg_get_triggerdef(t.oid) AS sql
            FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
            WHERE t.tgrelid = 'items'::regclass AND NOT t.tgisinternal
              AND p.prosrc LIKE '%daily_counts%'
            ORDER BY t.tgname
            """,
        )
        return [(r["name"], r["sql"]) for r in found]
    found = rows(
        db,
        """
        SELECT name, sql FROM sqlite_master
        WHERE type = 'trigger' AND tbl_name = 'items' AND sql LIKE '%daily_counts%'
        ORDER BY name
        """,
    )
    return [(r["name"], r["sql"]) for r in found]


def differing_rows(db: Database) -> int:
    """How many summary rows disagree with a recount of the items (0 when exact)."""
    return int(scalar(db, _DIFF.format(a="daily_counts", b=f"({RECOUNT}) AS recount")))


def _rebuild_inside(db: Database) -> RebuildReport:
    """The rebuild proper; the caller holds the write transaction."""
    conn = db.conn
    before = int(scalar(db, "SELECT count(*) FROM daily_counts"))
    temp = _RECOUNT_TABLE
    conn.execute(f"DROP TABLE IF EXISTS {temp}")
    conn.execute(f"CREATE TEMP TABLE {temp} AS {RECOUNT}")
    differing = int(scalar(db, _DIFF.format(a="daily_counts", b=temp)))
    items = int(scalar(db, f"SELECT coalesce(sum(n), 0) FROM {temp}"))
    if differing:
        conn.execute("DELETE FROM daily_counts")
        conn.execute(
            "INSERT INTO daily_counts (unit_id, day, kind, n) "
            f"SELECT unit_id, day, kind, n FROM {temp} ORDER BY unit_id, day, kind"
        )
    conn.execute(f"DROP TABLE {temp}")
    after = int(scalar(db, "SELECT count(*) FROM daily_counts"))
    return RebuildReport(before, after, differing, items)


def rebuild(db: Database, who: Principal) -> RebuildReport:
    """Recount the summary from the live items in one write transaction (admin only)."""
    require_admin(who)
    with write(db):
        report = _rebuild_inside(db)
        audit.record(
            db,
            who,
            "rebuild",
            "daily_counts",
            before={"rows": report.rows_before},
            after={
                "rows": report.rows_after,
                "rows_differing": report.rows_differing,
                "items": report.items,
            },
        )
    return report
