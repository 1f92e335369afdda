"""The figures unit heads check: attainment, status, streak, silence, month-end projection.

Inputs are plain data: a unit (dict with id, type, tz), a GoalBook, and a
unit's counts per day for one metric (`{date: n}`; missing days are zero).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from dashboard.domain import Unit
from dashboard.kpi.goals import GoalBook, month_bounds, week_bounds

# One palette meaning everywhere: on target / close / below / no target.
ON_TARGET, NEAR, BELOW, NO_TARGET = "on", "near", "below", "none"
NEAR_THRESHOLD = 0.8


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(n) for n in range((end - start).days + 1)]


def ratio(count: float, target: float | None) -> float | None:
    """Attainment; None when there is no target (never 0 % and never a division error)."""
    if target is None or target <= 0:
        return None
    return count / target


def status(attainment: float | None) -> str:
    if attainment is None:
        return NO_TARGET
    if attainment >= 1:
        return ON_TARGET
    if attainment >= NEAR_THRESHOLD:
        return NEAR
    return BELOW


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    count: int
    target: float | None
    attainment: float | None

    @property
    def status(self) -> str:
        return status(self.attainment)


def window(
    book: GoalBook, unit: Unit, metric: str, counts: Mapping[date, int], start: date, end: date
) -> Window:
    span = days(start, end)
    count = sum(counts.get(d, 0) for d in span)
    target = book.expected_total(unit, metric, span)
    return Window(start, end, count, target, ratio(count, target))


def day_week_month(
    book: GoalBook, unit: Unit, metric: str, counts: Mapping[date, int], day: date
) -> dict[str, Window]:
    """Today, week to date and month to date: each judged against the same to-date span."""
    return {
        "day": window(book, unit, metric, counts, day, day),
        "week": window(book, unit, metric, counts, week_bounds(day)[0], day),
        "month": window(book, unit, metric, counts, month_bounds(day)[0], day),
    }


def met(
    book: GoalBook,
    unit: Unit,
    metric: str,
    counts: Mapping[date, int],
    day: date,
    *,
    today: date | None = None,
    since: date | None = None,
) -> str:
    """A day's status: on target, near (some output, not enough), below, or no target.

    Days before `since` (before the unit's first recorded output) and a `today`
    not yet met (still in progress) are not judged.
    """
    if since is not None and day < since:
        return NO_TARGET
    if (
        today is not None
        and day == today
        and counts.get(day, 0) < (book.expected(unit, metric, day) or 0)
    ):
        return NO_TARGET
    expected = book.expected(unit, metric, day)
    if expected is None or expected == 0:
        return NO_TARGET
    return status(counts.get(day, 0) / expected)


def streak(
    book: GoalBook,
    unit: Unit,
    metric: str,
    counts: Mapping[date, int],
    today: date,
    lookback: int = 400,
) -> int:
    """Consecutive counted days meeting the goal, back from today.

    Today counts once met; until then it is still in progress and does not
    break the streak. Days the target does not count (weekends for news) are
    skipped; a day without any target ends the streak.
    """
    found = 0
    for back in range(lookback):
        day = today - timedelta(days=back)
        expected = book.expected(unit, metric, day)
        if expected is None:
            break
        if expected == 0:
            continue
        if counts.get(day, 0) >= expected:
            found += 1
        elif back == 0:
            continue
        else:
            break
    return found


def last_day_with_output(counts: Mapping[date, int], today: date) -> date | None:
    past = [d for d, n in counts.items() if n > 0 and d <= today]
    return max(past) if past else None


def days_since(last: date | None, today: date) -> int | None:
    return None if last is None else (today - last).days


def silent_working_days(
    book: GoalBook, unit: Unit, last: date | None, today: date, since: date
) -> int:
    """The unit's working days fully past with no news: after the last news day, before today.

    With no news at all since `since`, counts from `since` (the lookback bound).
    Working days are the unit's own (its region's overrides included).
    """
    calendar = book.calendar.for_unit(unit)
    first = (last + timedelta(days=1)) if last else since
    return sum(calendar.is_working(d) for d in days(first, today - timedelta(days=1)))


@dataclass(frozen=True)
class Projection:
    count: int  # month to date, today included
    target: float | None  # the whole month
    projected: float
    attainment: float | None  # projected / target

    @property
    def status(self) -> str:
        return status(self.attainment)


def month_projection(
    book: GoalBook, unit: Unit, metric: str, counts: Mapping[date, int], today: date
) -> Projection:
    """Where the month ends at the current rate per counted day.

    The rate is output per counted day over the days already complete (today
    is still in progress); the remaining counted days after today get that
    rate. Counted days follow the target (working days for news).
    """
    start, end = month_bounds(today)

    calendar = book.calendar.for_unit(unit)

    def counted(day: date) -> bool:
        return calendar.counted(day, book.counts_on(unit, metric, day))

    so_far = sum(counts.get(d, 0) for d in days(start, today))
    complete = days(start, today - timedelta(days=1)) if today > start else []
    complete_counted = sum(counted(d) for d in complete)
    if complete_counted:
        rate = sum(counts.get(d, 0) for d in complete) / complete_counted
    else:
        rate = float(so_far)  # the month's first counted day: today's pace is all there is
    remaining = sum(counted(d) for d in days(today + timedelta(days=1), end)) if today < end else 0
    projected = so_far + rate * remaining
    target = book.expected_total(unit, metric, days(start, end))
    return Projection(so_far, target, projected, ratio(projected, target))


# A period still running that has not met its goal so far: not yet "below" (weekly trend).
RUNNING = "running"
RUNNING_LABEL = "Berjalan"


def week_state(count: float, target: float | None, to_date: float | None, running: bool) -> str:
    """A week's status on the weekly trend.

    A finished week is judged against its whole target. The running week
    (today inside it) is judged against its target so far (Monday..today) and
    is never "below": a Monday morning is not a collapse. It shows as on
    target once it already meets the whole week's pace, else as running.
    """
    if not running:
        return status(ratio(count, target))
    if target is None:
        return NO_TARGET
    attained = ratio(count, to_date)
    return ON_TARGET if attained is not None and attained >= 1 else RUNNING


def has_news(counts: Mapping[date, int], day: date) -> bool:
    return counts.get(day, 0) > 0
