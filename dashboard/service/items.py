"""A unit's items as the entry, home and unit pages list them, and one item named in an address."""

from __future__ import annotations

from datetime import date
from typing import Any

from dashboard.store import items as item_store
from dashboard.store.access import AccessDenied, Principal
from dashboard.store.db import Database

# How each row of an import came out (the importer's outcomes).
ADDED = item_store.ADDED
DUPLICATE = item_store.DUPLICATE
REJECTED = item_store.REJECTED

__all__ = ["ADDED", "DUPLICATE", "REJECTED", "day_items", "find_item"]


def day_items(db: Database, who: Principal, unit_id: int, day: date) -> list[dict[str, Any]]:
    """A unit's live items of one local day, newest first, rejected ones too (they are shown
    struck through); AccessDenied when `who` may not read the unit."""
    return item_store.on_day(db, who, unit_id, day)


def find_item(db: Database, who: Principal, item_id: int) -> dict[str, Any] | None:
    """One live item by its id; None when it is missing, deleted, or of a unit `who` may not
    read: another unit's item answers as a missing one, so ids cannot be probed."""
    try:
        return item_store.get(db, who, item_id)
    except AccessDenied:
        return None
