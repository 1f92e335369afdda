"""Output items: each news article, post, release, coverage or covered event.

Reads are scoped to what the principal may see; writes to what it may enter.
Daily counts are never written here: the triggers on `items` keep
`daily_counts` exact in the same transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

from sqlite_utils import Database

from dashboard.store.access import (
    AccessDenied,
    Principal,
    require_admin,
    require_read,
    visible_unit_ids,
)
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


def latest(
    db: Database, who: Principal, unit_ids: Iterable[int] | None, since: date, *, limit: int = 10
) -> list[dict]:
    """The newest live items of the units (None: every unit `who` may read), from `since` on.

    Newest by publication time when known, else by entry time. `since` bounds
    the scan to recent days (the day index), so the read stays cheap on
    millions of items.
    """
    visible = visible_unit_ids(db, who)
    if unit_ids is None:
        wanted = visible
    else:
        wanted = set(unit_ids)
        if visible is not None and not wanted <= visible:
            raise AccessDenied("Anda tidak berhak melihat data sebagian unit yang diminta.")
    scope, params = "1 = 1", ()
    if wanted is not None:
        scope, params = (
            "i.unit_id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(wanted)),),
        )
    return rows(
        db,
        f"""{SELECT}
        WHERE i.day >= ? AND i.deleted = 0 AND {scope}
        ORDER BY COALESCE(i.published_at, i.created_at) DESC, i.id DESC
        LIMIT ?""",
        (since.isoformat(), *params, limit),
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
