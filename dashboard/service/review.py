"""Link review (Tinjauan Tautan): the flagged items a leader may decide, and the decision."""

from __future__ import annotations

from typing import Any

from dashboard.store import checks as check_store
from dashboard.store.access import Principal
from dashboard.store.db import Database

NOTE_MAX = check_store.NOTE_MAX
REASON_LABELS = check_store.REASON_LABELS

__all__ = ["NOTE_MAX", "REASON_LABELS", "decide", "open_flags"]


def open_flags(db: Database, who: Principal) -> list[dict[str, Any]]:
    """Open flagged items `who` may review (a pimpinan: below its unit; an admin: all)."""
    return check_store.queue(db, who)


def decide(db: Database, who: Principal, item_id: int, decision: str, note: str = "") -> None:
    """Accept or reject a flagged item's link, with the reviewer's note (audited)."""
    check_store.decide(db, who, item_id, decision, note)
