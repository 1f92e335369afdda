"""Out-takes: reach, views and engagement of a unit's posts, from Meta exports.

They describe how far a post travelled, not what the unit produced: they are
kept beside the items (by unit and normalised link), never in `items`, and
never count toward an output target. A later export of the same post replaces
the earlier figure (Meta's "Lifetime" totals only grow).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from dashboard import clock
from dashboard.entries import OutTake
from dashboard.store import audit
from dashboard.store.access import Principal, require_read, require_write_output
from dashboard.store.db import rows, write
from dashboard.store.migrations import OUTTAKE_METRICS


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
    wanted = [o for o in found if o.metric in OUTTAKE_METRICS and o.value >= 0]
    if not wanted:
        return 0
    if dry_run:
        return _would_change(db, unit_id, wanted)
    now = clock.now_iso()
    changed = 0
    before: list[dict] = []  # the figures replaced, and those new, for the audit log
    after: list[dict] = []
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
                    WHERE value IS NOT excluded.value OR kind IS NOT excluded.kind
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
    current: dict[tuple, tuple] = {}
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


def for_unit(db: Database, who: Principal, unit_id: int) -> list[dict]:
    """A unit's out-takes, one row per post link and metric."""
    require_read(db, who, unit_id)
    return rows(
        db,
        "SELECT link_key, kind, metric, period, value, measured_at FROM outtakes "
        "WHERE unit_id = ? ORDER BY link_key, metric",
        (unit_id,),
    )
