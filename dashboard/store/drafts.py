"""Drafts of Input Harian: rows an operator typed and has not saved yet.

One draft per account and unit (the form holds one day's batch at a time),
with the day it is for. The page saves it as fields are filled in, so a
reload, a new tab, a phone that dropped the tab, or a new sign-in of the same
account brings the rows back. A draft is never an item and never counted;
saving the batch removes it (`clear`, in the same transaction as the items).
Drafts untouched for `KEEP_DAYS` are deleted on the next write of any draft.

Scoped like the items: an account keeps drafts only for a unit whose output
it may enter, and reads only its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dashboard import clock, errors
from dashboard.entries import NOTE_MAX, TITLE_MAX
from dashboard.links import MAX_LINK_LENGTH
from dashboard.store.access import Principal, require_write_output
from dashboard.store.db import Database, StoreError, one, write
from dashboard.store.migrations import DRAFT_MAX_CHARS

KEEP_DAYS = 7  # the issue asks for at least a day; a week covers a long weekend and a trip
MAX_ROWS = 30  # as many as the form shows
FIELD_LIMITS = {
    "kind": 40,
    "title": TITLE_MAX,
    "link": MAX_LINK_LENGTH,
    "note": NOTE_MAX,
    "tag": 20,
}


@dataclass(frozen=True)
class Draft:
    unit_id: int
    day: date
    rows: list[dict]  # each {kind, title, link, note, tag}: text or None, as typed
    updated_at: datetime


def _clean(rows: Iterable[Mapping]) -> list[dict]:
    """Known fields only, as text within the form's limits; trailing empty rows dropped."""
    found = []
    for row in list(rows)[:MAX_ROWS]:
        found.append(
            {
                name: (str(row.get(name))[:limit] if row.get(name) not in (None, "") else None)
                for name, limit in FIELD_LIMITS.items()
            }
        )
    while found and not any(found[-1].values()):
        found.pop()
    return found


def _owner(who: Principal, unit_id: int) -> int:
    require_write_output(who, unit_id)
    if who.user_id is None:
        raise StoreError(errors.DRAFT_SIGNED_IN_ONLY)
    return who.user_id


def save(db: Database, who: Principal, unit_id: int, day: date, rows: Iterable[Mapping]) -> bool:
    """Keep what `who` typed for `unit_id` and `day`; no rows left means no draft.

    Returns whether a draft is kept. Bookkeeping, not data: the data version is
    not bumped (no figure depends on a draft) and nothing is audited.
    """
    user_id = _owner(who, unit_id)
    kept = _clean(rows)
    text = json.dumps(kept, ensure_ascii=False)
    if len(text) > DRAFT_MAX_CHARS:
        raise StoreError(errors.DRAFT_TOO_LONG)

    now = clock.utc_now()
    with write(db, bump_version=False):
        _purge(db, now)
        if not kept:
            db.conn.execute(
                "DELETE FROM entry_drafts WHERE user_id = ? AND unit_id = ?", (user_id, unit_id)
            )
            return False
        db.conn.execute(
            """
            INSERT INTO entry_drafts (user_id, unit_id, day, rows, updated_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (user_id, unit_id) DO UPDATE SET
                day = excluded.day, rows = excluded.rows, updated_at = excluded.updated_at
            """,
            (user_id, unit_id, day.isoformat(), text, clock.iso(now)),
        )
        return True


def load(db: Database, who: Principal, unit_id: int) -> Draft | None:
    """`who`'s draft for the unit, unless it expired."""
    user_id = _owner(who, unit_id)
    found = one(
        db,
        "SELECT day, rows, updated_at FROM entry_drafts "
        "WHERE user_id = ? AND unit_id = ? AND updated_at >= ?",
        (user_id, unit_id, clock.iso(clock.utc_now() - timedelta(days=KEEP_DAYS))),
    )
    if found is None:
        return None
    return Draft(
        unit_id=unit_id,
        day=date.fromisoformat(found["day"]),
        rows=_clean(json.loads(found["rows"])),
        updated_at=clock.parse_instant(found["updated_at"]),
    )


def clear(db: Database, who: Principal, unit_id: int) -> None:
    """Forget the draft (the batch was saved). Joins the caller's transaction if any."""
    user_id = _owner(who, unit_id)
    with write(db, bump_version=False):
        db.conn.execute(
            "DELETE FROM entry_drafts WHERE user_id = ? AND unit_id = ?", (user_id, unit_id)
        )


def _purge(db: Database, now: datetime) -> int:
    cutoff = clock.iso(now - timedelta(days=KEEP_DAYS))
    return db.conn.execute("DELETE FROM entry_drafts WHERE updated_at < ?", (cutoff,)).rowcount


def purge(db: Database, now: datetime | None = None) -> int:
    """Delete every draft untouched for `KEEP_DAYS`; returns how many."""
    with write(db, bump_version=False):
        return _purge(db, now or clock.utc_now())
