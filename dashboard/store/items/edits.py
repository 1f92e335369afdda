"""Editing and deleting an item, compare-and-set: a save from a stale page writes nothing.

Each edit is checked as the form checks a row, recorded in the audit log with the
record before and after, and adds one to the item's version.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from dashboard import clock, errors
from dashboard.domain import Item
from dashboard.entries import Entry, check
from dashboard.errors import Problem
from dashboard.store import audit
from dashboard.store.access import Principal, require_write_output
from dashboard.store.db import Database, StoreError, one, write
from dashboard.store.items import reads as item_reads
from dashboard.store.items.entry import (
    COLLECTED_MESSAGE,
    active_unit,
    duplicate_message,
    live_duplicate,
    other_claims,
    raw,
    rules_for,
    typed,
)

EDITABLE = ("day", "kind", "title", "link", "note", "tag")


class EntryInvalid(StoreError):
    """An edit refused; `problems` maps each field at fault to its problem (a code)."""

    def __init__(self, problems: Mapping[str, Problem]):
        super().__init__(errors.ENTRY_INVALID, problems=dict(problems))
        self.problems = dict(problems)


@dataclass(frozen=True)
class Change:
    """Someone else's change to an item: who, when (UTC), which fields (or a deletion)."""

    actor: str
    at: str
    fields: tuple[str, ...]
    deleted: bool = False


class StaleEdit(StoreError):
    """A save based on an older version of the item: nothing was written.

    `changes` says what happened since that version (oldest first); `current`
    is the item as it is now, to show and to start again from.
    """

    def __init__(self, changes: list[Change], current: Item | None):
        super().__init__(
            errors.ITEM_STALE,
            actors=sorted({c.actor for c in changes}),
            fields=sorted({f for c in changes for f in c.fields}),
        )
        self.changes = changes
        self.current = current


def _require_live(db: Database, who: Principal, item_id: int) -> dict[str, Any]:
    before = raw(db, item_id)
    if before is None or before["deleted"]:
        raise StoreError(errors.ITEM_NOT_FOUND)
    require_write_output(who, before["unit_id"])
    return before


def _changes_since(db: Database, item_id: int, version: int) -> list[Change]:
    """What the audit log says happened to an item after `version`, oldest first."""
    found = []
    for actor, at, before, after in db.conn.execute(
        """
        SELECT actor, at, before, after FROM audit_log
        WHERE entity = 'item' AND entity_id = ? AND action IN ('update', 'delete')
        ORDER BY id
        """,
        (str(item_id),),
    ):
        old, new = json.loads(before), json.loads(after)
        # Filtered here, not in SQL: JSON paths are spelled differently in SQLite and PostgreSQL.
        if not isinstance(old.get("version"), int) or old["version"] < version:
            continue
        fields = tuple(f for f in EDITABLE if old.get(f) != new.get(f))
        found.append(Change(actor, at, fields, deleted=bool(new.get("deleted"))))
    return found


def _require_version(
    db: Database, item_id: int, before: Mapping[str, Any] | None, expected: int | None
) -> None:
    if expected is not None and (before is None or before["version"] != expected):
        raise StaleEdit(_changes_since(db, item_id, expected), item_reads.by_id(db, item_id))


def update(
    db: Database,
    who: Principal,
    item_id: int,
    *,
    expected_version: int | None = None,
    **changes: Any,
) -> Item:
    """Edit an item (day, kind, title, link, note, tag); returns the item after.

    Operators edit only their own unit's items, admins any. Unchanged fields keep
    their value; a changed day must lie in the entry window and sets `late`
    again as the form would. Refusals raise EntryInvalid with a message per field.

    `expected_version` is the version the editor was shown (a page passes it
    always): if the item changed since, nothing is written and StaleEdit says
    who changed what and when. Every update adds one to the version.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise StoreError(errors.ITEM_FIELDS_NOT_EDITABLE, fields=sorted(unknown))
    with write(db):
        before = _require_live(db, who, item_id)
        _require_version(db, item_id, before, expected_version)
        if one(db, "SELECT 1 AS r FROM items WHERE id = ? AND rejected = 1", (item_id,)):
            # A rejected item stays as the reviewer left it: an edit would let it count again.
            raise StoreError(errors.ITEM_REJECTED_EDIT)
        old_day = date.fromisoformat(before["day"])
        new_day = changes.get("day", old_day)
        if isinstance(new_day, str):
            new_day = date.fromisoformat(new_day)
        merged = Entry(
            day=new_day,
            kind=changes.get("kind", before["kind"]),
            title=changes.get("title", before["title"]),
            link=changes.get("link", before["link"] or ""),
            note=changes.get("note", before["note"]),
            tag=changes.get("tag", before["tag"]),
        )
        day_changed = new_day != old_day
        rules = rules_for(
            db, active_unit(db, before["unit_id"]), "form" if day_changed else "import"
        )
        result = check(merged, rules)
        if not result.ok:
            raise EntryInvalid(result.errors)
        ck = result.valid()
        duplicate = live_duplicate(db, before["unit_id"], ck, except_id=item_id)
        if duplicate is not None:
            if ck.link_key:
                collected = duplicate_message(db, duplicate) == COLLECTED_MESSAGE
                raise EntryInvalid(
                    {
                        "link": COLLECTED_MESSAGE
                        if collected
                        else errors.problem(errors.ROW_LINK_TAKEN)
                    }
                )
            raise EntryInvalid({"title": errors.problem(errors.ROW_TITLE_TAKEN)})
        late = ck.late if day_changed else bool(before["late"])
        flagged = bool(other_claims(db, before["unit_id"], ck.link_key))
        written = db.conn.execute(
            """
            UPDATE items SET day = ?, kind = ?, title = ?, link = ?, link_key = ?, note = ?,
                             tag = ?, late = ?, flagged = ?, updated_at = ?, version = version + 1
            WHERE id = ? AND version = ?
            """,
            (
                *typed(ck),
                int(late),
                int(flagged),
                clock.now_iso(),
                item_id,
                before["version"],
            ),
        ).rowcount
        if written != 1:  # cannot happen under the write lock; never write on a mismatch
            _require_version(db, item_id, raw(db, item_id), before["version"])
        after = raw(db, item_id)
        audit.record(
            db,
            who,
            "update",
            "item",
            item_id,
            unit_id=before["unit_id"],
            before=before,
            after=after,
        )
        updated = item_reads.by_id(db, item_id)
        if updated is None:  # cannot happen: written in this very transaction
            raise StoreError(errors.ITEM_NOT_FOUND)
        return updated


def delete(
    db: Database, who: Principal, item_id: int, *, expected_version: int | None = None
) -> dict[str, Any]:
    """Soft-delete an item (it stops counting; the row and its history stay).

    `expected_version` refuses, as `update` does, a deletion from a stale page.
    """
    with write(db):
        before = _require_live(db, who, item_id)
        _require_version(db, item_id, before, expected_version)
        db.conn.execute(
            "UPDATE items SET deleted = 1, updated_at = ?, version = version + 1 WHERE id = ?",
            (clock.now_iso(), item_id),
        )
        audit.record(
            db,
            who,
            "delete",
            "item",
            item_id,
            unit_id=before["unit_id"],
            before=before,
            after=raw(db, item_id),
        )
        return before
