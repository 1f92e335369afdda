"""Entering output (Input Harian): the typed rows kept as a draft, a day's rows saved all or
nothing, one item edited or deleted against the version its panel was opened with."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from dashboard.domain import Item
from dashboard.entries import Entry
from dashboard.store import drafts as draft_store
from dashboard.store.access import Principal
from dashboard.store.db import Database, write
from dashboard.store.items import batches as item_batches
from dashboard.store.items import edits as item_edits

# What a save can answer: the pages read these (a refused batch's rows, a stale edit's story).
BatchRejected = item_batches.BatchRejected
BatchResult = item_batches.BatchResult
Draft = draft_store.Draft
EntryInvalid = item_edits.EntryInvalid
StaleEdit = item_edits.StaleEdit

__all__ = [
    "BatchRejected",
    "BatchResult",
    "Draft",
    "EntryInvalid",
    "StaleEdit",
    "delete_item",
    "draft",
    "drop_draft",
    "edit_item",
    "keep_draft",
    "save_rows",
]


def keep_draft(
    db: Database, who: Principal, unit_id: int, day: date, rows: Iterable[Mapping[str, Any]]
) -> bool:
    """Keep the rows typed for `unit_id` (not yet saved) so a reload brings them back."""
    return draft_store.save(db, who, unit_id, day, rows)


def draft(db: Database, who: Principal, unit_id: int) -> Draft | None:
    """The rows `who` typed for `unit_id` and did not save, if any."""
    return draft_store.load(db, who, unit_id)


def drop_draft(db: Database, who: Principal, unit_id: int) -> None:
    """Forget the rows kept for `unit_id`."""
    draft_store.clear(db, who, unit_id)


def save_rows(
    db: Database, who: Principal, unit_id: int, entries: Iterable[Entry | Mapping[str, Any]]
) -> BatchResult:
    """Save a form's rows all or nothing (BatchRejected names the rows at fault); the draft
    they came from goes in the same transaction, so a reload never brings saved rows back."""
    with write(db):
        result = item_batches.add_batch(db, who, unit_id, entries, all_or_nothing=True)
        draft_store.clear(db, who, unit_id)
    return result


def edit_item(
    db: Database, who: Principal, item_id: int, *, expected_version: int | None, **changes: Any
) -> Item:
    """Change an item's fields; StaleEdit when it changed since `expected_version`."""
    return item_edits.update(db, who, item_id, expected_version=expected_version, **changes)


def delete_item(
    db: Database, who: Principal, item_id: int, *, expected_version: int | None
) -> dict[str, Any]:
    """Delete an item (it stops counting, its history stays); StaleEdit as for an edit."""
    return item_edits.delete(db, who, item_id, expected_version=expected_version)
