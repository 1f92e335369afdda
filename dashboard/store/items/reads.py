"""Reading items: a unit's day, a period's listing, the newest, one item and its history.

Reads are scoped to what the principal may see (dashboard.store.access).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from dashboard.domain import Item
from dashboard.store.access import Principal, require_read, unit_scope
from dashboard.store.db import Database, one, rows
from dashboard.store.items.entry import raw

SELECT = """
    SELECT i.id, i.unit_id, un.code AS unit_code, un.name AS unit_name, i.day, i.kind,
           k.label AS kind_label, k.short_label AS kind_short, k.grp, i.title, i.link, i.note,
           i.tag, i.source, i.published_at, i.late, i.flagged, i.link_key, i.created_at,
           i.updated_at, i.version, i.rejected, us.username AS created_by
    FROM items i
    JOIN units un ON un.id = i.unit_id
    JOIN metric_kinds k ON k.code = i.kind
    LEFT JOIN users us ON us.id = i.created_by
"""


def on_day(db: Database, who: Principal, unit_id: int, day: date) -> list[Item]:
    """A unit's live items of one local day, newest first (rejected ones too: shown struck through)."""
    require_read(db, who, unit_id)
    found = rows(
        db,
        f"{SELECT} WHERE i.unit_id = ? AND i.day = ? AND i.deleted = 0 ORDER BY i.id DESC",
        (unit_id, day.isoformat()),
    )
    return [Item.from_row(r) for r in found]


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
) -> Iterator[dict[str, Any]]:
    """Counted items (live, not rejected) of the units on local days [start, end], by day,
    unit name and entry order.

    A generator that fetches in batches, so a national export never holds
    75,000 rows in memory; the connection must stay open while it is read.
    """
    where, params = unit_scope(db, who, unit_ids)
    cursor = db.conn.execute(
        f"""{LISTING}
        WHERE i.deleted = 0 AND i.rejected = 0 AND i.day BETWEEN ? AND ? AND i.{where}
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
) -> list[dict[str, Any]]:
    """Live items of many units on one local day (each unit's own calendar day)."""
    where, params = unit_scope(db, who, unit_ids)
    return rows(
        db,
        f"""{LISTING}
        WHERE i.deleted = 0 AND i.rejected = 0 AND i.day = ? AND i.{where}
        ORDER BY un.name, i.id""",
        (day.isoformat(), *params),
    )


def latest(
    db: Database, who: Principal, unit_ids: Iterable[int] | None, since: date, *, limit: int = 10
) -> list[Item]:
    """The newest live items of the units (None: every unit `who` may read), from `since` on.

    Newest by publication time when known, else by entry time. `since` bounds
    the scan to recent days (the day index), so the read stays cheap on
    millions of items.
    """
    where, params = unit_scope(db, who, unit_ids)
    found = rows(
        db,
        f"""{SELECT}
        WHERE i.day >= ? AND i.deleted = 0 AND i.rejected = 0 AND i.{where}
        ORDER BY COALESCE(i.published_at, i.created_at) DESC, i.id DESC
        LIMIT ?""",
        (since.isoformat(), *params, limit),
    )
    return [Item.from_row(r) for r in found]


def count_live(db: Database) -> int:
    return int(db.conn.execute("SELECT count(*) FROM items WHERE deleted = 0").fetchone()[0])


def get(db: Database, who: Principal, item_id: int) -> Item | None:
    """One live item, if `who` may read its unit (AccessDenied otherwise)."""
    found = one(db, f"{SELECT} WHERE i.id = ? AND i.deleted = 0", (item_id,))
    if found is None:
        return None
    item = Item.from_row(found)
    require_read(db, who, item.unit_id)
    return item


def by_id(db: Database, item_id: int) -> Item | None:
    """One item as pages show it, deleted or not, unchecked: for the store's own use."""
    found = one(db, f"{SELECT} WHERE i.id = ?", (item_id,))
    return Item.from_row(found) if found else None


def history(db: Database, who: Principal, item_id: int) -> list[dict[str, Any]]:
    """The audit entries of one item, oldest first (for "who changed what")."""
    item = raw(db, item_id)
    if item is None:
        return []
    require_read(db, who, item["unit_id"])
    return rows(
        db,
        "SELECT at, actor, action, before, after FROM audit_log "
        "WHERE entity = 'item' AND entity_id = ? ORDER BY id",
        (str(item_id),),
    )
