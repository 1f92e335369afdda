"""Reads of the daily summary (`daily_counts`): what pages and KPI are computed from.

Pages never scan raw items for figures; they read these per unit, day and
metric group sums. Every function takes the caller's Principal: asking for a
unit outside its scope is refused, and `unit_ids=None` means "every unit I
may read".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from dashboard.domain import KindCount
from dashboard.store.access import Principal, require_read, unit_scope
from dashboard.store.db import Database, in_ids, rows


def _scope(
    db: Database, who: Principal, unit_ids: Iterable[int] | None
) -> tuple[str, tuple[Any, ...]]:
    """A WHERE fragment limiting `unit_id` to what was asked and may be read."""
    return unit_scope(db, who, unit_ids)


def daily_by_group(
    db: Database, who: Principal, unit_ids: Iterable[int] | None, start: date, end: date
) -> list[tuple[int, date, str, int]]:
    """(unit id, day, group, items) for every day with output in [start, end]."""
    where, params = _scope(db, who, unit_ids)
    found = db.conn.execute(
        f"""
        SELECT dc.unit_id, dc.day, k.grp, SUM(dc.n)
        FROM daily_counts dc JOIN metric_kinds k ON k.code = dc.kind
        WHERE dc.day BETWEEN ? AND ? AND dc.{where}
        GROUP BY dc.unit_id, dc.day, k.grp
        """,
        (start.isoformat(), end.isoformat(), *params),
    ).fetchall()
    return [(u, date.fromisoformat(d), g, n) for u, d, g, n in found]


def totals_by_group(
    db: Database, who: Principal, unit_ids: Iterable[int] | None, start: date, end: date
) -> list[tuple[int, str, int, int]]:
    """(unit id, group, items, days with output) summed over [start, end]."""
    where, params = _scope(db, who, unit_ids)
    return db.conn.execute(
        f"""
        SELECT unit_id, grp, SUM(n), COUNT(DISTINCT day) FROM (
            SELECT dc.unit_id, dc.day, k.grp, dc.n
            FROM daily_counts dc JOIN metric_kinds k ON k.code = dc.kind
            WHERE dc.day BETWEEN ? AND ? AND dc.{where}
        ) AS found GROUP BY unit_id, grp
        """,
        (start.isoformat(), end.isoformat(), *params),
    ).fetchall()


def day_totals(
    db: Database, who: Principal, unit_ids: Iterable[int] | None, start: date, end: date
) -> list[tuple[date, str, int]]:
    """(day, group, items) summed over the units: the trend of a whole subtree."""
    where, params = _scope(db, who, unit_ids)
    found = db.conn.execute(
        f"""
        SELECT dc.day, k.grp, SUM(dc.n)
        FROM daily_counts dc JOIN metric_kinds k ON k.code = dc.kind
        WHERE dc.day BETWEEN ? AND ? AND dc.{where}
        GROUP BY dc.day, k.grp
        """,
        (start.isoformat(), end.isoformat(), *params),
    ).fetchall()
    return [(date.fromisoformat(d), g, n) for d, g, n in found]


def totals_by_kind(
    db: Database, who: Principal, unit_ids: Iterable[int] | None, start: date, end: date
) -> list[KindCount]:
    """The mix by channel: (kind, its label, group, items) summed over the units and days."""
    where, params = _scope(db, who, unit_ids)
    found = rows(
        db,
        f"""
        SELECT k.code AS kind, k.short_label AS label, k.grp, SUM(dc.n) AS n
        FROM daily_counts dc JOIN metric_kinds k ON k.code = dc.kind
        WHERE dc.day BETWEEN ? AND ? AND dc.{where}
        GROUP BY k.code ORDER BY k.sort_order
        """,
        (start.isoformat(), end.isoformat(), *params),
    )
    return [KindCount.from_row(r) for r in found]


def last_day_with_group(
    db: Database,
    who: Principal,
    unit_ids: Iterable[int] | None,
    group: str,
    since: date,
    until: date,
) -> dict[int, date]:
    """unit id -> the last day in [since, until] with output of `group` (units without: absent)."""
    where, params = _scope(db, who, unit_ids)
    found = db.conn.execute(
        f"""
        SELECT dc.unit_id, MAX(dc.day)
        FROM daily_counts dc JOIN metric_kinds k ON k.code = dc.kind
        WHERE k.grp = ? AND dc.day BETWEEN ? AND ? AND dc.{where}
        GROUP BY dc.unit_id
        """,
        (group, since.isoformat(), until.isoformat(), *params),
    ).fetchall()
    return {u: date.fromisoformat(d) for u, d in found}


def peer_totals_by_group(
    db: Database, who: Principal, unit_id: int, start: date, end: date
) -> list[tuple[int, str, int, int]]:
    """Totals of a unit's peers (same parent, same type), for its rank among them.

    The one read that goes beyond the caller's scope, on purpose and no
    further: it needs only read access to `unit_id`, returns sums (never
    items, titles or links) and only for that unit's siblings. Pages show
    the caller nothing of it but the rank.
    """
    require_read(db, who, unit_id)
    peers = [
        r["id"]
        for r in rows(
            db,
            """
            SELECT p.id FROM units u JOIN units p
              ON p.parent_id IS NOT DISTINCT FROM u.parent_id AND p.type = u.type
             AND p.active = 1
            WHERE u.id = ?
            """,
            (unit_id,),
        )
    ]
    where, params = in_ids(db, "dc.unit_id", peers)
    return db.conn.execute(
        f"""
        SELECT unit_id, grp, SUM(n), COUNT(DISTINCT day) FROM (
            SELECT dc.unit_id, dc.day, k.grp, dc.n
            FROM daily_counts dc JOIN metric_kinds k ON k.code = dc.kind
            WHERE dc.day BETWEEN ? AND ? AND {where}
        ) AS found GROUP BY unit_id, grp
        """,
        (start.isoformat(), end.isoformat(), *params),
    ).fetchall()


def peers_of(db: Database, unit_id: int) -> list[dict[str, Any]]:
    """The unit directory rows of a unit's peers (public structure, no output)."""
    return rows(
        db,
        """
        SELECT p.id, p.code, p.name, p.type, p.parent_id, p.tz FROM units u JOIN units p
          ON p.parent_id IS NOT DISTINCT FROM u.parent_id AND p.type = u.type AND p.active = 1
        WHERE u.id = ? ORDER BY p.name
        """,
        (unit_id,),
    )
