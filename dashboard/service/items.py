"""A unit's items as the entry, home and unit pages list them, and one item named in an address."""

from __future__ import annotations

from datetime import date

from dashboard.domain import Item
from dashboard.store.access import AccessDenied, Principal
from dashboard.store.db import Database
from dashboard.store.items import batches as item_batches
from dashboard.store.items import reads as item_reads

# How each row of an import came out (the importer's outcomes).
ADDED = item_batches.ADDED
DUPLICATE = item_batches.DUPLICATE
REJECTED = item_batches.REJECTED

__all__ = ["ADDED", "DUPLICATE", "REJECTED", "day_items", "find_item"]


def day_items(db: Database, who: Principal, unit_id: int, day: date) -> list[Item]:
    """A unit's live items of one local day, newest first, rejected ones too (they are shown
    struck through); AccessDenied when `who` may not read the unit."""
    return item_reads.on_day(db, who, unit_id, day)


def find_item(db: Database, who: Principal, item_id: int) -> Item | None:
    """One live item by its id; None when it is missing, deleted, or of a unit `who` may not
    read: another unit's item answers as a missing one, so ids cannot be probed."""
    try:
        return item_reads.get(db, who, item_id)
    except AccessDenied:
        return None
