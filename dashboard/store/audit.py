"""The audit log: who did what, when, with the record before and after.

Written in the same transaction as the change it describes; the database
refuses to update or delete a row of it (see the triggers in migrations).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dashboard import clock
from dashboard.domain import AuditEntry
from dashboard.store.access import Principal, require_active, require_admin
from dashboard.store.db import Database, rows, scalar

# The most rows one search returns: the admin page pages through the rest.
MAX_PAGE = 500

# What the store may record: the codes of actions and of the data they touch. `record`
# refuses any other, so Log Audit can name every entry (`dashboard.words` has a name for each;
# tests/test_words.py checks both lists against it).
ACTIONS = (
    "create",
    "update",
    "delete",
    "end",
    "set",
    "remove",
    "upsert",
    "activate",
    "deactivate",
    "reset_password",
    "change_password",
    "lock",
    "import",
    "restore",
    "seed",
    "bulk_load",
    "bulk_create",
    "rebuild",
    "revoke",
    "start",
    "token",
    "copy",
    "test",
    "block",
    "send",
    "fail",
    "skip",
    "retry",
    "review_accept",
    "review_reject",
)
ENTITIES = (
    "unit",
    "user",
    "setting",
    "item",
    "target",
    "calendar",
    "outtakes",
    "import",
    "database",
    "metric_kind",
    "daily_counts",
    "screen_link",
    "session",
    "channel",
    "contact",
    "subscription",
    "subscription_default",
    "message",
)


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
    if action not in ACTIONS or entity not in ENTITIES:
        raise ValueError(f"audit: unregistered action {action!r} or entity {entity!r}")
    # The write path's own check: an account deactivated since the page was drawn writes nothing
    # (the exception rolls back the transaction this entry belongs to).
    require_active(db, who)
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


def recent(db: Database, *, limit: int = 200) -> list[AuditEntry]:
    found = rows(
        db,
        "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?",
        (limit,),
    )
    return [AuditEntry.from_row(r) for r in found]


@dataclass(frozen=True)
class Filter:
    """Which entries an admin asks for; every field left empty means "any"."""

    unit_ids: Collection[int] | None = None
    actor_id: int | None = None
    system_only: bool = False  # entries written by command-line maintenance (no account)
    since: datetime | None = None  # inclusive, an instant
    until: datetime | None = None  # exclusive, an instant

    def where(self) -> tuple[str, list[object]]:
        clauses: list[str] = []
        params: list[object] = []
        if self.unit_ids is not None:
            ids = sorted(set(self.unit_ids))
            clauses.append(f"a.unit_id IN ({', '.join('?' for _ in ids) or 'NULL'})")
            params += ids
        if self.actor_id is not None:
            clauses.append("a.actor_id = ?")
            params.append(self.actor_id)
        if self.system_only:
            clauses.append("a.actor_id IS NULL")
        if self.since is not None:
            clauses.append("a.at >= ?")
            params.append(clock.iso(self.since))
        if self.until is not None:
            clauses.append("a.at < ?")
            params.append(clock.iso(self.until))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def search(
    db: Database, who: Principal, where: Filter, *, limit: int = 50, offset: int = 0
) -> list[AuditEntry]:
    """Entries matching `where`, newest first, one page at a time (admins only)."""
    require_admin(who)
    clause, params = where.where()
    limit = max(1, min(int(limit), MAX_PAGE))
    found = rows(
        db,
        f"""
        SELECT a.id, a.at, a.actor_id, a.actor, a.action, a.entity, a.entity_id, a.unit_id,
               u.name AS unit_name, a.before, a.after
        FROM audit_log a LEFT JOIN units u ON u.id = a.unit_id
        {clause}
        ORDER BY a.id DESC
        LIMIT ? OFFSET ?
        """,
        (*params, limit, max(0, int(offset))),
    )
    return [AuditEntry.from_row(r) for r in found]


def count(db: Database, who: Principal, where: Filter) -> int:
    require_admin(who)
    clause, params = where.where()
    return int(scalar(db, f"SELECT count(*) FROM audit_log a{clause}", tuple(params)))
