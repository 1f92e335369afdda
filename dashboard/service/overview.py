"""A subtree at a glance (Ringkasan, the meeting screen): today, the period, the trend, the silent.

Periods and weeks are read on the scope root's calendar day; "ada berita hari
ini" and silences are judged on each unit's own local day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from dashboard import clock
from dashboard.domain import NEWS, Group, Unit
from dashboard.kpi import figures as kpi
from dashboard.kpi.compliance import Compliance, local_todays, news_today
from dashboard.kpi.goals import week_bounds
from dashboard.kpi.periods import Period
from dashboard.kpi.rollup import subtree_totals
from dashboard.service.context import Context
from dashboard.store import counts as count_store
from dashboard.store.access import Principal, require_read
from dashboard.store.db import Database

SILENT_AFTER = 3  # working days without news before a unit is listed as silent
SILENCE_LOOKBACK = 120  # days searched for a unit's last news item
TREND_WEEKS = 12


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    has_news_today: bool
    counts: dict[str, int]  # group -> items in the period
    targets: dict[str, float | None]  # group -> expected in the period
    news_days: int
    last_news: date | None
    silent_days: int | None  # completed working days without news; None without a news target
    judged: bool = True  # a news target applies today (units without one are not counted)

    def attainment(self, group: str = NEWS) -> float | None:
        return kpi.ratio(self.counts.get(group, 0), self.targets.get(group))

    @property
    def status(self) -> str:
        return kpi.status(self.attainment(NEWS))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class WeekPoint:
    """A week of the trend: its output, its whole target and, while running, its target so far."""

    start: date
    counts: dict[str, int]
    targets: dict[str, float | None]  # the whole week (Monday..Sunday)
    to_date: dict[str, float | None]  # Monday..today for the running week; else the whole week
    running: bool = False  # today falls inside this week

    def state(self, group: str = NEWS) -> str:
        return kpi.week_state(
            self.counts.get(group, 0),
            self.targets.get(group),
            self.to_date.get(group),
            self.running,
        )


@dataclass(frozen=True)
class DayPoint:
    """A subtree's news on one day of the scope root's calendar, against the summed target."""

    day: date
    count: int
    expected: float | None  # None: no unit had a target; 0: not a counted day (weekend, holiday)
    status: str  # today still in progress is never "below"


@dataclass
class Overview:
    root: Unit
    period: Period
    today: date
    compliance: Compliance
    rows: dict[int, UnitRow]
    weeks: list[WeekPoint]
    rolled: dict[int, dict[str, float]] = field(default_factory=dict)

    def totals(self, group: str) -> tuple[int, float | None]:
        count = sum(r.counts.get(group, 0) for r in self.rows.values())
        targets = [r.targets.get(group) for r in self.rows.values()]
        known = [t for t in targets if t is not None]
        return count, (sum(known) if known else None)

    def silent(self) -> list[UnitRow]:
        found = [r for r in self.rows.values() if (r.silent_days or 0) >= SILENT_AFTER]
        return sorted(found, key=lambda r: (-(r.silent_days or 0), r.unit.name))

    def rolled_row(self, unit_id: int) -> dict[str, float]:
        """Subtree sums for a unit: '<group>' items, '<group>_target' expected, 'units', 'with_news'."""
        return self.rolled.get(unit_id, {})


def overview(db: Database, who: Principal, ctx: Context, root_id: int, period: Period) -> Overview:
    require_read(db, who, root_id)
    root = ctx.unit(root_id)
    units = ctx.subtree(root_id)
    ids = [u.id for u in units]
    today = clock.local_today(root.tz, ctx.now)
    span = kpi.days(period.start, period.end)

    # Today, in each unit's own zone.
    todays = local_todays(units, ctx.now)
    first, last = min(todays.values()), max(todays.values())
    news_on: dict[tuple[int, date], int] = {}
    for unit_id, day, group, n in count_store.daily_by_group(db, who, ids, first, last):
        if group == NEWS:
            news_on[(unit_id, day)] = n
    # Only units with a news target are expected to publish: the root, bureaus without a
    # target, etc. are neither counted as compliant nor listed as missing.
    targeted = [u for u in units if ctx.book.judged(u, NEWS, todays[u.id])]
    compliance = news_today(targeted, news_on, ctx.now)

    # The period.
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    news_days: dict[int, int] = {}
    for unit_id, group, n, n_days in count_store.totals_by_group(
        db, who, ids, period.start, period.end
    ):
        counts[unit_id][group] = n
        if group == NEWS:
            news_days[unit_id] = n_days

    # Silences.
    since = last - timedelta(days=SILENCE_LOOKBACK)
    last_news = count_store.last_day_with_group(db, who, ids, NEWS, since, last)

    rows: dict[int, UnitRow] = {}
    for unit in units:
        unit_today = todays[unit.id]
        has_target = ctx.book.judged(unit, NEWS, unit_today)
        rows[unit.id] = UnitRow(
            unit=unit,
            has_news_today=news_on.get((unit.id, unit_today), 0) > 0,
            counts=counts.get(unit.id, {}),
            targets={g: ctx.book.expected_total(unit, g, span) for g in Group},
            news_days=news_days.get(unit.id, 0),
            last_news=last_news.get(unit.id),
            silent_days=(
                kpi.silent_working_days(ctx.book, unit, last_news.get(unit.id), unit_today, since)
                if has_target
                else None
            ),
            judged=has_target,
        )

    return Overview(
        root=root,
        period=period,
        today=today,
        compliance=compliance,
        rows=rows,
        weeks=_weeks(db, who, ctx, units, ids, today),
        rolled=_rollup(units, rows),
    )


def _weeks(db, who, ctx: Context, units, ids, today: date) -> list[WeekPoint]:
    first = week_bounds(today)[0] - timedelta(weeks=TREND_WEEKS - 1)
    per_week: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, group, n in count_store.day_totals(db, who, ids, first, today):
        per_week[week_bounds(day)[0]][group] += n

    def summed(group: str, span: list[date]) -> float | None:
        known = [ctx.book.expected_total(u, group, span) for u in units]
        known = [k for k in known if k is not None]
        return sum(known) if known else None

    points = []
    for w in range(TREND_WEEKS):
        start = first + timedelta(weeks=w)
        whole = kpi.days(start, start + timedelta(days=6))
        running = whole[-1] >= today
        so_far = kpi.days(start, today) if running else whole
        targets = {g: summed(g, whole) for g in (NEWS, "medsos")}
        to_date = {g: summed(g, so_far) for g in (NEWS, "medsos")} if running else targets
        points.append(WeekPoint(start, dict(per_week.get(start, {})), targets, to_date, running))
    return points


def _rollup(units: list[Unit], rows: dict[int, UnitRow]) -> dict[int, dict[str, float]]:
    own: dict[int, dict[str, float]] = {}
    for unit in units:
        row = rows[unit.id]
        # "Ada berita hari ini" counts the units a news target applies to, as the headline does.
        values: dict[str, float] = {
            "units": 1 if row.judged else 0,
            "with_news": 1 if row.judged and row.has_news_today else 0,
        }
        for group in Group:
            values[group] = row.counts.get(group, 0)
            if row.targets.get(group) is not None:
                values[f"{group}_target"] = row.targets[group]
        own[unit.id] = values
    return subtree_totals(units, own)


def daily(
    db: Database, who: Principal, ctx: Context, root_id: int, last_days: int = 30
) -> list[DayPoint]:
    """News per day over the last `last_days` days (today included) against the summed target.

    The same rule as the weekly trend: counts by each unit's local day,
    expectations summed over the subtree's units with a target.
    """
    require_read(db, who, root_id)
    root = ctx.unit(root_id)
    units = ctx.subtree(root_id)
    today = clock.local_today(root.tz, ctx.now)
    first = today - timedelta(days=last_days - 1)
    per_day: dict[date, int] = defaultdict(int)
    for day, group, n in count_store.day_totals(db, who, [u.id for u in units], first, today):
        if group == NEWS:
            per_day[day] += n
    points = []
    for day in kpi.days(first, today):
        known = [e for u in units if (e := ctx.book.expected(u, NEWS, day)) is not None]
        expected = sum(known) if known else None
        count = per_day.get(day, 0)
        state = kpi.status(kpi.ratio(count, expected))
        if day == today and state != kpi.ON_TARGET:
            state = kpi.NO_TARGET  # the day is not over: not yet below target
        points.append(DayPoint(day, count, expected, state))
    return points
