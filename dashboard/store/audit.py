"""The audit log: who did what, when, with the record before and after.

Written in the same transaction as the change it describes; the database
refuses to update or delete a row of it (see the triggers in migrations).
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from dashboard import clock
from dashboard.store.access import Principal
from dashboard.store.db import rows


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(
    db: Database,
    who: Principal,
    action: str,
    entity: str,
    entity_id: object = None,
    *,
    unit_id: int | None = None,
    before: Any = None,
    after: Any = None,
) -> None:
    db.conn.execute(
        """
        INSERT INTO audit_log (at, actor_id, actor, action, entity, entity_id, unit_id, before, after)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (
            clock.now_iso(),
            who.user_id,
            who.username,
            action,
            entity,
            None if entity_id is None else str(entity_id),
            unit_id,
            _json(before),
            _json(after),
        ),
    )


def recent(db: Database, *, limit: int = 200) -> list[dict]:
    return rows(
        db,
        "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?",
        (limit,),
    )
