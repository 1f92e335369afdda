"""Working days: Monday to Friday, minus national holidays and cuti bersama.

National holidays and cuti bersama come from the `holidays` package
(categories public and government, Indonesian names). Admin overrides (a day
added or removed by a later decree) are passed in by the caller, so this
module stays pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _national(year: int) -> dict[date, str]:
    table = holidays.country_holidays(
        "ID", categories=("public", "government"), language="id", years=[year]
    )
    return dict(table.items())


def national_holidays(years: Iterable[int]) -> dict[date, str]:
    found: dict[date, str] = {}
    for year in years:
        found.update(_national(year))
    return found


def holiday_name(day: date, overrides: Mapping[date, bool] | None = None) -> str | None:
    """The holiday's name when `day` is a national holiday or cuti bersama."""
    if overrides and day in overrides:
        return None if overrides[day] else "Libur (ditetapkan admin)"
    return _national(day.year).get(day)


def is_working_day(day: date, overrides: Mapping[date, bool] | None = None) -> bool:
    """`overrides` maps a day to True (working) or False (day off), beating the defaults."""
    if overrides and day in overrides:
        return overrides[day]
    return day.weekday() < 5 and day not in _national(day.year)


def days_between(start: date, end: date) -> list[date]:
    """Every day from start to end, both included."""
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def working_days(
    start: date, end: date, overrides: Mapping[date, bool] | None = None
) -> list[date]:
    return [d for d in days_between(start, end) if is_working_day(d, overrides)]
