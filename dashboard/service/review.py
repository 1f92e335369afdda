"""Link review (Tinjauan Tautan): the flagged items a leader may decide, and the decision."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from dashboard import words
from dashboard.domain import ReviewFlag, UnitFlag
from dashboard.store import checks as check_store
from dashboard.store.access import Principal, can_write_output
from dashboard.store.db import Database

NOTE_MAX = check_store.NOTE_MAX
REASON_LABELS = words.REVIEW_REASON_LABELS

__all__ = [
    "NOTE_MAX",
    "REASON_LABELS",
    "can_correct",
    "decide",
    "open_flags",
    "reasons",
    "unit_flags",
]


def open_flags(db: Database, who: Principal) -> list[ReviewFlag]:
    """Open flagged items `who` may review (a pimpinan: below its unit; an admin: all)."""
    return check_store.queue(db, who)


def decide(db: Database, who: Principal, item_id: int, decision: str, note: str = "") -> None:
    """Accept or reject a flagged item's link, with the reviewer's note (audited)."""
    check_store.decide(db, who, item_id, decision, note)


def reasons(codes: Iterable[str]) -> list[str]:
    """Why the checks flagged an item, in words (an unknown code as itself)."""
    return [words.REVIEW_REASON_LABELS.get(c, c) for c in codes]


def unit_flags(db: Database, who: Principal, unit_id: int, since: date) -> list[UnitFlag]:
    """A unit's items from `since` with open flags or a rejection, with the decision (None
    while open), for the unit's own pages."""
    return check_store.flags_of_unit(db, who, unit_id, since)


def can_correct(who: Principal, unit_id: int) -> bool:
    """Whether `who` may correct a flagged item's link or date (who may enter the unit's output)."""
    return can_write_output(who, unit_id)
