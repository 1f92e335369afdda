"""Period presets: hari ini, minggu ini, bulan ini, triwulan, semester, tahun, or a custom range.

Every preset runs to date: from the start of the period to the unit's local
today, so a figure compares what has happened with what was asked so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dashboard import errors, words
from dashboard.errors import HumasError

PRESETS = words.PERIOD_PRESETS
MAX_RANGE_DAYS = 731


class PeriodError(HumasError, ValueError):
    """A period that cannot be shown; its code says why (`words.say`)."""


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def start_of(preset: str, today: date) -> date:
    if preset == "hari":
        return today
    if preset == "minggu":
        return today - timedelta(days=today.weekday())
    if preset == "bulan":
        return today.replace(day=1)
    if preset == "triwulan":
        return today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
    if preset == "semester":
        return today.replace(month=1 if today.month <= 6 else 7, day=1)
    if preset == "tahun":
        return today.replace(month=1, day=1)
    raise PeriodError(errors.PERIOD_UNKNOWN, preset=preset)


def resolve(preset: str, today: date, start: date | None = None, end: date | None = None) -> Period:
    """The period a preset (or a custom range) means on `today`; PeriodError when it cannot be."""
    if preset != "rentang":
        return Period(start_of(preset, today), today, PRESETS[preset])
    if start is None or end is None:
        raise PeriodError(errors.PERIOD_PICK_DATES)
    if start > end:
        raise PeriodError(errors.PERIOD_REVERSED)
    if start > today:
        raise PeriodError(errors.PERIOD_FUTURE)
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise PeriodError(errors.PERIOD_TOO_LONG)

    return Period(start, min(end, today), PRESETS["rentang"])
