"""What saving a batch and editing an item share: the unit's entry rules, duplicates, claims.

An item with a link is the same item as the unit's live item with that link and
kind (or one collected from the unit's channels); an item without a link is a
duplicate of a live item of the same unit, day and kind with the same title
(case and spacing aside). A link another unit already claims is accepted and
flagged for review (dashboard.store.items.conflicts).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard import clock, errors
from dashboard.domain import COLLECTED
from dashboard.entries import Checked, Rules, title_key
from dashboard.errors import Problem
from dashboard.store import settings as settings_store
from dashboard.store.db import Database, StoreError, one, rows

COLLECTED_MESSAGE = errors.problem(errors.ROW_COLLECTED)


# What the audit log keeps of an item.
AUDIT_FIELDS = (
    "id",
    "unit_id",
    "day",
    "kind",
    "title",
    "link",
    "note",
    "tag",
    "source",
    "published_at",
    "late",
    "flagged",
    "deleted",
    "version",
)


def active_unit(db: Database, unit_id: int) -> dict[str, Any]:
    unit = one(db, "SELECT id, code, name, tz, active FROM units WHERE id = ?", (unit_id,))
    if unit is None or not unit["active"]:
        raise StoreError(errors.UNIT_MISSING_OR_INACTIVE)
    return unit


def rules_for(db: Database, unit: Mapping[str, Any], mode: str) -> Rules:
    """The unit's local today, the stored entry window and the active kinds."""
    kinds = {
        k["code"]: k
        for k in rows(
            db,
            "SELECT code, label, short_label, grp, needs_link FROM metric_kinds WHERE active = 1",
        )
    }
    return Rules(
        today=clock.local_today(unit["tz"]),
        backdate_days=settings_store.get_int(db, "backdate_days"),
        kinds=kinds,
        mode=mode,
        zone=clock.abbrev(unit["tz"]),
    )


def live_duplicate(
    db: Database, unit_id: int, ck: Checked, *, except_id: int | None = None, any_kind: bool = False
) -> int | None:
    """The live item this row would duplicate, if any.

    A link is a duplicate of the unit's live item with the same link and kind,
    and of one collected from the unit's channels (source "otomatis") whatever
    its kind: a collected post is not entered again as something else. With
    `any_kind` (the harvest), of any live item of the unit with that link.
    """
    if ck.link_key is not None:
        found = db.conn.execute(
            "SELECT id FROM items WHERE unit_id = ? AND kind = ? AND link_key = ? "
            "AND deleted = 0 AND link_key IS NOT NULL AND id IS DISTINCT FROM ?",
            (unit_id, ck.kind, ck.link_key, except_id),
        ).fetchone()
        if found is None:
            found = db.conn.execute(
                "SELECT id FROM items WHERE unit_id = ? AND link_key = ? AND deleted = 0 "
                "AND id IS DISTINCT FROM ?" + ("" if any_kind else f" AND source = '{COLLECTED}'"),
                (unit_id, ck.link_key, except_id),
            ).fetchone()
        return found[0] if found else None
    wanted = title_key(ck.title)
    for item_id, title in db.conn.execute(
        "SELECT id, title FROM items WHERE unit_id = ? AND day = ? AND kind = ? "
        "AND link_key IS NULL AND deleted = 0 AND id IS DISTINCT FROM ?",
        (unit_id, ck.day.isoformat(), ck.kind, except_id),
    ):
        if title_key(title) == wanted:
            return int(item_id)
    return None


def duplicate_message(db: Database, item_id: int) -> Problem:
    source, deleted = db.conn.execute(
        "SELECT source, deleted FROM items WHERE id = ?", (item_id,)
    ).fetchone()
    if deleted:
        return errors.problem(errors.ROW_DELETED_BEFORE)
    if source == COLLECTED:
        return COLLECTED_MESSAGE
    return errors.problem(errors.ROW_RECORDED_BEFORE)


def other_claims(db: Database, unit_id: int, link_key: str | None) -> list[int]:
    """Other units with a live item on the same link."""
    if link_key is None:
        return []
    return [
        r[0]
        for r in db.conn.execute(
            "SELECT DISTINCT unit_id FROM items WHERE link_key = ? AND deleted = 0 AND unit_id <> ?",
            (link_key, unit_id),
        )
    ]


def raw(db: Database, item_id: int) -> dict[str, Any] | None:
    return one(db, f"SELECT {', '.join(AUDIT_FIELDS)} FROM items WHERE id = ?", (item_id,))


def typed(ck: Checked) -> tuple[Any, ...]:
    """What a person typed, as the columns day, kind, title, link, link_key, note, tag."""
    return (ck.day.isoformat(), ck.kind, ck.title, ck.link, ck.link_key, ck.note, ck.tag)
