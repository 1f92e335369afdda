"""Admin overrides of the working-day calendar (a day added or removed by a later decree).

National holidays and cuti bersama come from the `holidays` package (see
kpi/calendar.py); this table only holds what an admin changed, with a note.
"""

from __future__ import annotations

from datetime import date

from dashboard import clock, freetext
from dashboard.store import audit
from dashboard.store.access import Principal, require_admin
from dashboard.store.db import Database, StoreError, one, rows, write


def overrides(db: Database) -> dict[date, bool]:
    """day -> True (a working day) or False (a day off), as the admins set them."""
    return {
        date.fromisoformat(r["day"]): bool(r["working"])
        for r in rows(db, "SELECT day, working FROM calendar_overrides")
    }


def list_overrides(db: Database) -> list[dict]:
    return rows(db, "SELECT * FROM calendar_overrides ORDER BY day DESC")


def set_override(db: Database, who: Principal, day: date, working: bool, note: str) -> None:
    require_admin(who)
    note = (note or "").strip()
    if not note:
        raise StoreError("Tulis keterangan (mis. nomor SKB cuti bersama).")
    if wrong := freetext.problem(note, "Keterangan", max_len=200):
        raise StoreError(wrong)
    with write(db):
        before = one(db, "SELECT * FROM calendar_overrides WHERE day = ?", (day.isoformat(),))
        db.conn.execute(
            """
            INSERT INTO calendar_overrides (day, working, note, created_by, created_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (day) DO UPDATE SET working = excluded.working, note = excluded.note,
                created_by = excluded.created_by, created_at = excluded.created_at
            """,
            (day.isoformat(), 1 if working else 0, note, who.user_id, clock.now_iso()),
        )
        after = one(db, "SELECT * FROM calendar_overrides WHERE day = ?", (day.isoformat(),))
        audit.record(db, who, "set", "calendar", day.isoformat(), before=before, after=after)


def remove_override(db: Database, who: Principal, day: date) -> None:
    require_admin(who)
    with write(db):
        before = one(db, "SELECT * FROM calendar_overrides WHERE day = ?", (day.isoformat(),))
        if before is None:
            raise StoreError("Tanggal ini tidak memiliki pengaturan khusus.")
        db.conn.execute("DELETE FROM calendar_overrides WHERE day = ?", (day.isoformat(),))
        audit.record(db, who, "remove", "calendar", day.isoformat(), before=before)
