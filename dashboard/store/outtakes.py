"""Out-takes: reach, views and engagement of a unit's posts, from Meta exports.

They describe how far a post travelled, not what the unit produced: they are
kept beside the items (by unit and normalised link), never in `items`, and
never count toward an output target. A later export of the same post replaces
the earlier figure (Meta's "Lifetime" totals only grow).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from dashboard import clock
from dashboard.domain import OutTakeFigure, OuttakeMetric, PostDetails
from dashboard.entries import OutTake
from dashboard.store import audit
from dashboard.store.access import (
    Principal,
    require_admin,
    require_read,
    require_write_output,
    unit_scope,
)
from dashboard.store.db import Database, in_ids, rows, write


def save(
    db: Database,
    who: Principal,
    unit_id: int,
    found: Iterable[OutTake],
    *,
    source: str = "meta",
    dry_run: bool = False,
) -> int:
    """Store or replace a unit's out-takes; returns how many rows changed.

    `dry_run` counts what would change with reads alone (an import preview).
    """
    require_write_output(who, unit_id)
    wanted = [o for o in found if o.metric in tuple(OuttakeMetric) and o.value >= 0]
    if not wanted:
        return 0
    if dry_run:
        return _would_change(db, unit_id, wanted)
    now = clock.now_iso()
    changed = 0
    before: list[dict[str, Any]] = []  # the figures replaced, and those new, for the audit log
    after: list[dict[str, Any]] = []
    with write(db):
        for o in wanted:
            key = {"link": o.link_key, "metric": o.metric, "period": o.period}
            old = db.conn.execute(
                "SELECT value, kind FROM outtakes "
                "WHERE unit_id = ? AND link_key = ? AND metric = ? AND period = ?",
                (unit_id, o.link_key, o.metric, o.period),
            ).fetchone()
            cursor = db.conn.execute(
                """
                INSERT INTO outtakes (unit_id, link_key, kind, metric, period, value, source,
                                      measured_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (unit_id, link_key, metric, period) DO UPDATE
                    SET value = excluded.value, kind = excluded.kind,
                        measured_at = excluded.measured_at
                    WHERE outtakes.value IS DISTINCT FROM excluded.value
                       OR outtakes.kind IS DISTINCT FROM excluded.kind
                """,
                (unit_id, o.link_key, o.kind, o.metric, o.period, o.value, source, now),
            )
            if cursor.rowcount:
                changed += cursor.rowcount
                if old is not None:
                    before.append(key | {"value": old[0], "kind": old[1]})
                after.append(key | {"value": o.value, "kind": o.kind})
        if changed:
            audit.record(
                db,
                who,
                "upsert",
                "outtakes",
                None,
                unit_id=unit_id,
                before={"source": source, "rows": before} if before else None,
                after={"source": source, "rows": after},
            )
    return changed


def _would_change(db: Database, unit_id: int, wanted: list[OutTake]) -> int:
    current: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    changed = 0
    for o in wanted:
        key = (o.link_key, o.metric, o.period)
        if key not in current:
            current[key] = db.conn.execute(
                "SELECT value, kind FROM outtakes "
                "WHERE unit_id = ? AND link_key = ? AND metric = ? AND period = ?",
                (unit_id, *key),
            ).fetchone()
        if current[key] != (o.value, o.kind):
            changed += 1
            current[key] = (o.value, o.kind)
    return changed


def for_unit(db: Database, who: Principal, unit_id: int) -> list[OutTakeFigure]:
    """A unit's out-takes, one row per post link and metric."""
    require_read(db, who, unit_id)
    found = rows(
        db,
        "SELECT link_key, kind, metric, period, value, measured_at FROM outtakes "
        "WHERE unit_id = ? ORDER BY link_key, metric",
        (unit_id,),
    )
    return [OutTakeFigure.from_row(row) for row in found]


def bulk_load(
    db: Database, who: Principal, rows: Iterable[dict[str, Any]], *, source: str = "meta"
) -> int:
    """Load many trusted out-takes at once (demo data): one transaction, one audit entry.

    Each row: unit_id, link_key, kind, metric, value, and optionally period and
    measured_at. Not for user input (imports go through `save`).
    """
    require_admin(who)
    now = clock.now_iso()
    batch = [
        (
            r["unit_id"],
            r["link_key"],
            r["kind"],
            r["metric"],
            r.get("period", "lifetime"),
            r["value"],
            source,
            r.get("measured_at", now),
        )
        for r in rows
    ]
    if not batch:
        return 0
    with write(db):
        added = db.conn.executemany(
            "INSERT INTO outtakes (unit_id, link_key, kind, metric, period, value, source, "
            "measured_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            batch,
        ).rowcount
        if added:
            audit.record(
                db,
                who,
                "bulk_load",
                "outtakes",
                None,
                after={"added": added, "source": source, "units": len({b[0] for b in batch})},
            )
    return added


POST_METRICS = ("reach", "views", "reactions", "likes", "comments", "shares", "saves")


def posts_in_period(
    db: Database, who: Principal, unit_ids: Iterable[int] | None, start: date, end: date
) -> list[tuple[Any, ...]]:
    """The posts the units published in [start, end] that have lifetime out-takes.

    One tuple per post: (item id, kind, day, *POST_METRICS), a metric None
    when the export did not carry it. A post is a live item; out-takes of a
    deleted or never-entered post have no day, so no period, and are left out.
    Figures by day (an export whose Date column holds a day) are not read.
    """
    where, params = unit_scope(db, who, unit_ids)
    # Only the units that ever imported out-takes: the rest need no scan of their items
    # (measured: a national year without any out-takes, 1.2 s -> a few ms).
    measured = [
        r[0]
        for r in db.conn.execute(f"SELECT DISTINCT unit_id FROM outtakes WHERE {where}", params)
    ]
    if not measured:
        return []
    pivot = ", ".join(f"SUM(CASE WHEN o.metric = '{m}' THEN o.value END)" for m in POST_METRICS)
    in_measured, measured_params = in_ids(db, "i.unit_id", measured)
    # Rows arrive in the index's order (unit, day, id): grouping needs no sort.
    return db.conn.execute(
        f"""
        SELECT i.id, i.kind, i.day, {pivot}
        FROM items i
        JOIN outtakes o ON o.unit_id = i.unit_id AND o.link_key = i.link_key
                       AND o.kind = i.kind AND o.period = 'lifetime'
        WHERE i.deleted = 0 AND i.rejected = 0 AND i.day BETWEEN ? AND ?
          AND i.kind IN (SELECT code FROM metric_kinds WHERE grp = 'medsos')
          AND {in_measured}
        GROUP BY i.unit_id, i.day, i.id
        """,
        (start.isoformat(), end.isoformat(), *measured_params),
    ).fetchall()


def posts(db: Database, who: Principal, item_ids: Iterable[int]) -> dict[int, PostDetails]:
    """Unit name, kind label, title and link of a few posts (the best of a period)."""
    in_wanted, params = in_ids(db, "i.id", item_ids)
    found = rows(
        db,
        f"""
        SELECT i.id, i.unit_id, un.name AS unit_name, k.short_label AS kind_label, i.title,
               i.link
        FROM items i JOIN units un ON un.id = i.unit_id JOIN metric_kinds k ON k.code = i.kind
        WHERE {in_wanted}
        """,
        params,
    )
    details = [PostDetails.from_row(row) for row in found]
    for post in details:
        require_read(db, who, post.unit_id)
    return {post.id: post for post in details}
