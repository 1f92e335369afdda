"""Admin overrides of the working-day calendar (a day added or removed by a later decree).

National holidays and cuti bersama come from the `holidays` package (see
kpi/calendar.py); these tables only hold what an admin changed, with a note:

- `calendar_overrides`: a day for the whole country;
- `calendar_unit_overrides`: a day for one unit and every unit below it (a
  Kanwil's province: Nyepi arrangements in Bali, a regional election day).
  For those units it beats the national calendar and the national overrides;
  the nearest unit up the tree wins (kpi/goals.py, `Calendar.for_unit`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dashboard import clock, errors, freetext
from dashboard.domain import CalendarOverride
from dashboard.store import audit
from dashboard.store.access import Principal, require_admin
from dashboard.store.db import Database, StoreError, one, rows, write


def overrides(db: Database) -> dict[date, bool]:
    """day -> True (a working day) or False (a day off), as the admins set them nationally."""
    return {
        date.fromisoformat(r["day"]): bool(r["working"])
        for r in rows(db, "SELECT day, working FROM calendar_overrides")
    }


def unit_overrides(db: Database) -> dict[int, dict[date, bool]]:
    """unit id -> {day: working} for the units (and the units below them) an admin set."""
    found: dict[int, dict[date, bool]] = {}
    for r in rows(db, "SELECT unit_id, day, working FROM calendar_unit_overrides"):
        found.setdefault(r["unit_id"], {})[date.fromisoformat(r["day"])] = bool(r["working"])
    return found


def list_overrides(db: Database) -> list[CalendarOverride]:
    """Every override, national ones with `unit_id` None, newest day first."""
    found = rows(
        db,
        """
        SELECT day, working, note, NULL AS unit_id, NULL AS unit_code, NULL AS unit_name,
               created_at
        FROM calendar_overrides
        UNION ALL
        SELECT o.day, o.working, o.note, o.unit_id, u.code, u.name, o.created_at
        FROM calendar_unit_overrides o JOIN units u ON u.id = o.unit_id
        ORDER BY day DESC, unit_name NULLS FIRST
        """,
    )
    return [CalendarOverride.from_row(r) for r in found]


NOTE_MAX = 200  # an override's note (keterangan)


def problem(day: date | None, note: str | None) -> StoreError | None:
    """What is wrong with an override before it is asked for, or None (pages ask first)."""
    if not isinstance(day, date):
        return StoreError(errors.CALENDAR_PICK_DAY)
    note = (note or "").strip()
    if not note:
        return StoreError(errors.CALENDAR_NOTE_REQUIRED)
    wrong = freetext.problem(note, "calendar.note", max_len=NOTE_MAX)
    return None if wrong is None else wrong.error(StoreError)


def _entity_id(day: date, unit: dict[str, Any] | None) -> str:
    """The audit log's key: the day, and for a regional override the unit's code too."""
    return day.isoformat() if unit is None else f"{unit['code']}:{day.isoformat()}"


def _unit(db: Database, unit_id: int | None) -> dict[str, Any] | None:
    if unit_id is None:
        return None
    unit = one(db, "SELECT id, code, name FROM units WHERE id = ?", (unit_id,))
    if unit is None:
        raise StoreError(errors.UNIT_NOT_FOUND)
    return unit


def _current(db: Database, day: date, unit: dict[str, Any] | None) -> dict[str, Any] | None:
    if unit is None:
        return one(db, "SELECT * FROM calendar_overrides WHERE day = ?", (day.isoformat(),))
    return one(
        db,
        "SELECT * FROM calendar_unit_overrides WHERE unit_id = ? AND day = ?",
        (unit["id"], day.isoformat()),
    )


def set_override(
    db: Database,
    who: Principal,
    day: date,
    working: bool,
    note: str,
    *,
    unit_id: int | None = None,
) -> None:
    """Make `day` a working day or a day off: nationally, or for `unit_id` and its subtree."""
    require_admin(who)
    if wrong := problem(day, note):
        raise wrong
    note = note.strip()
    with write(db):
        unit = _unit(db, unit_id)
        before = _current(db, day, unit)
        values = (day.isoformat(), 1 if working else 0, note, who.user_id, clock.now_iso())
        if unit is None:
            db.conn.execute(
                """
                INSERT INTO calendar_overrides (day, working, note, created_by, created_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (day) DO UPDATE SET working = excluded.working, note = excluded.note,
                    created_by = excluded.created_by, created_at = excluded.created_at
                """,
                values,
            )
        else:
            db.conn.execute(
                """
                INSERT INTO calendar_unit_overrides
                    (unit_id, day, working, note, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (unit_id, day) DO UPDATE SET working = excluded.working,
                    note = excluded.note, created_by = excluded.created_by,
                    created_at = excluded.created_at
                """,
                (unit["id"], *values),
            )
        after = _current(db, day, unit)
        audit.record(
            db,
            who,
            "set",
            "calendar",
            _entity_id(day, unit),
            unit_id=unit_id,
            before=before,
            after=after,
        )


def remove_override(db: Database, who: Principal, day: date, *, unit_id: int | None = None) -> None:
    """Back to the calendar that holds without this override."""
    require_admin(who)
    with write(db):
        unit = _unit(db, unit_id)
        before = _current(db, day, unit)
        if before is None:
            raise StoreError(errors.CALENDAR_NO_OVERRIDE)

        if unit is None:
            db.conn.execute("DELETE FROM calendar_overrides WHERE day = ?", (day.isoformat(),))
        else:
            db.conn.execute(
                "DELETE FROM calendar_unit_overrides WHERE unit_id = ? AND day = ?",
                (unit["id"], day.isoformat()),
            )
        audit.record(
            db,
            who,
            "remove",
            "calendar",
            _entity_id(day, unit),
            unit_id=unit_id,
            before=before,
        )
