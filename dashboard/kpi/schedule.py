"""When a subscribed message is due, on the clock of the unit it is about (pure).

- `parse_hhmm("14.00")` -> "14:00": a time of day as people type it (14.00,
  14:00, 9:30), checked; ValueError with an Indonesian message otherwise.
- `due_day(kind, at, tz, now, calendar)`: the local date a message of `kind`
  is for when it is due at `now`, else None. A reminder and a recap are due
  from `at` until the local day ends, on working days only; the weekly summary
  on Monday from `at` (the whole Monday), for the week before, and its
  day is that Monday.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from dashboard import clock, errors
from dashboard.errors import HumasError
from dashboard.kpi.goals import Calendar

_HHMM = re.compile(r"(\d{1,2})[.:](\d{2})")
DAILY = ("recap", "reminder")
WEEKLY = "weekly"


class TimeShapeError(HumasError, ValueError):
    """A time of day that is not HH.MM (00.00 to 23.59)."""


def parse_hhmm(text: str) -> str:
    found = _HHMM.fullmatch((text or "").strip())
    if not found or int(found[1]) > 23 or int(found[2]) > 59:
        raise TimeShapeError(errors.TIME_SHAPE)

    return f"{int(found[1]):02d}:{found[2]}"


def at_time(hhmm: str) -> time:
    hours, minutes = hhmm.split(":")
    return time(int(hours), int(minutes))


def shown(hhmm: str) -> str:
    """'14:00' as Indonesians write it: '14.00'."""
    return hhmm.replace(":", ".")


def due_day(kind: str, at: str, tz: str, now: datetime, calendar: Calendar) -> date | None:
    local = clock.local_now(tz, now)
    if local.time() < at_time(at):
        return None
    today = local.date()
    if kind == WEEKLY:
        return today if today.weekday() == 0 else None
    return today if calendar.is_working(today) else None


def week_before(monday: date) -> tuple[date, date]:
    """The Monday-to-Sunday week that ended the day before `monday`."""
    start = monday - timedelta(days=7)
    return start, start + timedelta(days=6)
