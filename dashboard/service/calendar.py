"""The working calendar's special days, as the Kalender Kerja page reads and changes them."""

from __future__ import annotations

from datetime import date

from dashboard import words
from dashboard.domain import CalendarOverride
from dashboard.store import calendar as calendar_store
from dashboard.store.access import Principal
from dashboard.store.db import Database

NOTE_MAX = calendar_store.NOTE_MAX  # an override's note, as the form limits it

__all__ = ["NOTE_MAX", "set_special_day", "special_days", "problem", "remove_special_day"]


def special_days(db: Database) -> list[CalendarOverride]:
    """Every day set apart from the usual week (national and per region), readable by all."""
    return calendar_store.list_overrides(db)


def problem(day: date | None, note: str | None) -> str | None:
    """What is wrong with a day and its note before asking for a confirmation; None if nothing."""
    refused = calendar_store.problem(day, note)
    return None if refused is None else words.say(refused)


def set_special_day(
    db: Database, who: Principal, day: date, working: bool, note: str, *, unit_id: int | None
) -> None:
    """Make `day` a working day or a day off, nationally or for one region (admins)."""
    calendar_store.set_override(db, who, day, working, note, unit_id=unit_id)


def remove_special_day(db: Database, who: Principal, day: date, *, unit_id: int | None) -> None:
    """Give `day` back to the usual week (admins)."""
    calendar_store.remove_override(db, who, day, unit_id=unit_id)
