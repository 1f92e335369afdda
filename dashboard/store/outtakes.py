"""Out-takes: reach, views and engagement of a unit's posts, from Meta exports.

They describe how far a post travelled, not what the unit produced: they are
kept beside the items (by unit and normalised link), never in `items`, and
never count toward an output target. A later export of the same post replaces
the earlier figure (Meta's "Lifetime" totals only grow).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from dashboard import clock
from dashboard.store import audit
from dashboard.store.access import Principal, require_read, require_write_output
from dashboard.store.db import rows, write
from dashboard.store.migrations import OUTTAKE_METRICS


@dataclass(frozen=True)
class OutTake:
    link_key: str
    kind: str
    metric: str  # one of OUTTAKE_METRICS
    value: int
    period: str = "lifetime"  # or an ISO day


def save(
    db: Database, who: Principal, unit_id: int, found: Iterable[OutTake], *, source: str = "meta"
) -> int:
    """Store or replace a unit's out-takes; returns how many rows changed."""
    require_write_output(who, unit_id)
    wanted = [o for o in found if o.metric in OUTTAKE_METRICS and o.value >= 0]
    if not wanted:
        return 0
    now = clock.now_iso()
    changed = 0
    with write(db):
        for o in wanted:
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
            changed += cursor.rowcount
        if changed:
            audit.record(
                db,
                who,
                "upsert",
                "outtakes",
                None,
                unit_id=unit_id,
                after={"rows": changed, "source": source},
            )
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
