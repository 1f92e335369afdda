"""Output items: each news article, post, release, coverage or covered event.

Reads are scoped to what the principal may see; writes to what it may enter.
Daily counts are never written here: the triggers on `items` keep
`daily_counts` exact in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from sqlite_utils import Database

from dashboard.store.access import Principal, require_admin, require_read, unit_scope
from dashboard.store.db import rows, write

ITEM_COLUMNS = (
    "unit_id",
    "day",
    "kind",
    "title",
    "link",
    "link_key",
    "note",
    "tag",
    "source",
    "published_at",
    "late",
    "created_by",
    "created_at",
    "updated_at",
)

SELECT = """
    SELECT i.id, i.unit_id, un.code AS unit_code, un.name AS unit_name, i.day, i.kind,
           k.label AS kind_label, k.short_label AS kind_short, k.grp, i.title, i.link, i.note,
           i.tag, i.source, i.published_at, i.late, i.created_at, i.updated_at,
           us.username AS created_by
    FROM items i
    JOIN units un ON un.id = i.unit_id
    JOIN metric_kinds k ON k.code = i.kind
    LEFT JOIN users us ON us.id = i.created_by
"""


def on_day(db: Database, who: Principal, unit_id: int, day: date) -> list[dict]:
    """A unit's live items of one local day, newest first."""
    require_read(db, who, unit_id)
    return rows(
        db,
        f"{SELECT} WHERE i.unit_id = ? AND i.day = ? AND i.deleted = 0 ORDER BY i.id DESC",
        (unit_id, day.isoformat()),
    )


# What reports list: every column of an exported row, and the unit's zone for local times.
LISTING = """
    SELECT i.id, i.day, un.code AS unit_code, un.name AS unit_name, un.tz AS unit_tz,
           i.kind, k.label AS kind_label, k.short_label AS kind_short, k.grp,
           i.title, i.link, i.note, i.tag, i.source, i.published_at, i.created_at,
           us.username AS created_by
    FROM items i
    JOIN units un ON un.id = i.unit_id
    JOIN metric_kinds k ON k.code = i.kind
    LEFT JOIN users us ON us.id = i.created_by
"""


def in_period(
    db: Database,
    who: Principal,
    unit_ids: Iterable[int] | None,
    start: date,
    end: date,
    *,
    batch: int = 2000,
) -> Iterator[dict]:
    """Live items of the units on local days [start, end], by day, unit name and entry order.

    A generator that fetches in batches, so a national export never holds
    75,000 rows in memory; the connection must stay open while it is read.
    """
    where, params = unit_scope(db, who, unit_ids)
    cursor = db.conn.execute(
        f"""{LISTING}
        WHERE i.deleted = 0 AND i.day BETWEEN ? AND ? AND i.{where}
        ORDER BY i.day, un.name, i.id""",
        (start.isoformat(), end.isoformat(), *params),
    )
    names = [c[0] for c in cursor.description]
    while chunk := cursor.fetchmany(batch):
        for row in chunk:
            yield dict(zip(names, row, strict=True))


def count_in_period(
    db: Database, who: Principal, unit_ids: Iterable[int] | None, start: date, end: date
) -> int:
    """How many items `in_period` yields (from the daily summary, so it is cheap)."""
    where, params = unit_scope(db, who, unit_ids)
    found = db.conn.execute(
        f"SELECT COALESCE(SUM(n), 0) FROM daily_counts WHERE day BETWEEN ? AND ? AND {where}",
        (start.isoformat(), end.isoformat(), *params),
    ).fetchone()
    return int(found[0])


def on_day_for_units(
    db: Database, who: Principal, unit_ids: Iterable[int] | None, day: date
) -> list[dict]:
    """Live items of many units on one local day (each unit's own calendar day)."""
    where, params = unit_scope(db, who, unit_ids)
    return rows(
        db,
        f"""{LISTING}
        WHERE i.deleted = 0 AND i.day = ? AND i.{where}
        ORDER BY un.name, i.id""",
        (day.isoformat(), *params),
    )


def count_live(db: Database) -> int:
    return db.conn.execute("SELECT count(*) FROM items WHERE deleted = 0").fetchone()[0]


def bulk_load(db: Database, who: Principal, items: Iterable[dict], *, chunk: int = 5000) -> int:
    """Load many trusted items at once (demo and benchmark data), skipping duplicates.

    Not for user input: it validates nothing beyond what the schema checks.
    """
    require_admin(who)
    placeholders = ", ".join("?" for _ in ITEM_COLUMNS)
    sql = (
        f"INSERT INTO items ({', '.join(ITEM_COLUMNS)}) VALUES ({placeholders}) "
        "ON CONFLICT DO NOTHING"
    )
    batch: list[tuple] = []
    added = 0

    def flush() -> int:
        with write(db):
            # rowcount counts the items inserted, not the summary rows the triggers touch
            return db.conn.executemany(sql, batch).rowcount

    for item in items:
        batch.append(tuple(item.get(c) for c in ITEM_COLUMNS))
        if len(batch) >= chunk:
            added += flush()
            batch.clear()
    if batch:
        added += flush()
    return added
