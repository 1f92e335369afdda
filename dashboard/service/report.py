"""What a report holds: the dashboard's own figures for a scope and a period, and its items.

Exports (CSV, XLSX, PDF) and the daily recap are drawn from these, and these
are drawn from the same service and store functions as the pages (the
subtree overview of Ringkasan, the daily summary), so every figure in a
report agrees with the dashboard.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from dashboard import clock, words
from dashboard.domain import NEWS, Group, KindCount, Unit
from dashboard.kpi import figures as kpi
from dashboard.kpi.periods import Period
from dashboard.service.context import Context
from dashboard.service.overview import SILENCE_LOOKBACK, Overview, UnitRow, overview
from dashboard.service.units import tree_order
from dashboard.store import counts as count_store
from dashboard.store.access import Principal, require_read, visible_unit_ids
from dashboard.store.db import Database
from dashboard.store.items import reads as item_reads


def visible_context(db: Database, who: Principal, ctx: Context) -> Context:
    """The context narrowed to the units `who` may read.

    A report covers a unit and the units below it, as far as the caller may
    read: an operator of a Kanwil reports on the Kanwil's own output alone,
    never on its Kankemenag.
    """
    visible = visible_unit_ids(db, who)
    if visible is None:
        return ctx
    units = [u for u in ctx.units if u.id in visible]
    if len(units) == len(ctx.units):
        return ctx
    return Context(units=units, book=ctx.book, now=ctx.now)


def scope_size(
    db: Database, who: Principal, ctx: Context, root_id: int, period: Period
) -> tuple[int, int]:
    """(units, items) a report of `root_id` over `period` holds: cheap, from the summary."""
    require_read(db, who, root_id)
    ids = [u.id for u in visible_context(db, who, ctx).subtree(root_id)]
    return len(ids), item_reads.count_in_period(db, who, ids, period.start, period.end)


def ordered_subtree(ctx: Context, root_id: int) -> list[tuple[Unit, int]]:
    """(unit, depth) from the root down, as a leader reads the tree (`units.tree_order`)."""
    return tree_order(ctx.units, root_id)


@dataclass
class ReportData:
    """A scope over a period, with the figures of the Ringkasan page for it."""

    root: Unit
    period: Period
    made_at: datetime
    made_by: str
    units: list[tuple[Unit, int]]  # (unit, depth) in report order
    view: Overview  # per-unit figures over the period, and their subtree roll-ups
    daily: dict[int, dict[date, dict[str, int]]]  # unit -> day -> group -> items
    news_expected: dict[date, float | None]  # day -> the scope's news target that day
    kinds: list[KindCount]  # output per metric kind
    item_count: int
    working: dict[date, bool]  # day -> a working day (news targets count working days)
    missed: set[tuple[int, date]]  # (unit, day): news was expected and none came
    children: list[Unit] = field(default_factory=list)  # the root's children in the scope

    @property
    def working_days(self) -> int:
        return sum(self.working.values())

    @property
    def unit_ids(self) -> list[int]:
        return [u.id for u, _ in self.units]

    @property
    def days(self) -> list[date]:
        return kpi.days(self.period.start, self.period.end)

    @property
    def is_calendar_month(self) -> bool:
        start, end = self.period.start, self.period.end
        return start.day == 1 and end.month == start.month and end.year == start.year

    @property
    def title(self) -> str:
        return words.MONTH_REPORT_TITLE if self.is_calendar_month else words.REPORT_TITLE

    def row(self, unit_id: int) -> UnitRow:
        return self.view.rows[unit_id]

    def totals(self, group: str) -> tuple[int, float | None]:
        """(items, target) of the whole scope: the Ringkasan tiles' figures."""
        return self.view.totals(group)

    def day_totals(self, day: date) -> dict[str, int]:
        found: dict[str, int] = defaultdict(int)
        for per_day in self.daily.values():
            for group, n in per_day.get(day, {}).items():
                found[group] += n
        return dict(found)

    def units_on_news_target(self) -> tuple[int, int]:
        """(units meeting their news target over the period, units with a news target)."""
        judged = [r for r in self.view.rows.values() if r.targets.get(NEWS) is not None]
        return sum(r.status == kpi.ON_TARGET for r in judged), len(judged)


def build(db: Database, who: Principal, ctx: Context, root_id: int, period: Period) -> ReportData:
    """The report of `root_id` and every unit below it that `who` may read, over `period`."""
    require_read(db, who, root_id)
    ctx = visible_context(db, who, ctx)
    view = overview(db, who, ctx, root_id, period)
    units = ordered_subtree(ctx, root_id)
    ids = [u.id for u, _ in units]
    daily: dict[int, dict[date, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for unit_id, day, group, n in count_store.daily_by_group(
        db, who, ids, period.start, period.end
    ):
        daily[unit_id][day][group] = n
    span = kpi.days(period.start, period.end)
    news_expected: dict[date, float | None] = {}
    missed: set[tuple[int, date]] = set()
    todays = {u.id: clock.local_today(u.tz, ctx.now) for u, _ in units}
    for day in span:
        known = []
        for unit, _ in units:
            expected = ctx.book.expected(unit, NEWS, day)
            if expected is None:
                continue
            known.append(expected)
            # A unit's today is still in progress: never counted as missed (as on the pages).
            published = daily.get(unit.id, {}).get(day, {}).get(NEWS)
            if expected > 0 and day < todays[unit.id] and not published:
                missed.add((unit.id, day))
        news_expected[day] = sum(known) if known else None
    root_calendar = ctx.book.calendar.for_unit(ctx.unit(root_id))  # the scope's own days
    return ReportData(
        root=ctx.unit(root_id),
        period=period,
        made_at=ctx.now,
        made_by=who.full_name or who.username,
        units=units,
        view=view,
        daily={u: dict(days) for u, days in daily.items()},
        news_expected=news_expected,
        kinds=count_store.totals_by_kind(db, who, ids, period.start, period.end),
        item_count=item_reads.count_in_period(db, who, ids, period.start, period.end),
        working={day: root_calendar.is_working(day) for day in span},
        missed=missed,
        children=[u for u, depth in units if depth == 1],
    )


def items(db: Database, who: Principal, data: ReportData) -> Iterator[dict[str, Any]]:
    """The report's items, streamed (keep `db` open while reading)."""
    return item_reads.in_period(db, who, data.unit_ids, data.period.start, data.period.end)


# --- the daily recap --------------------------------------------------------------------------


@dataclass(frozen=True)
class RecapUnit:
    unit: Unit
    depth: int
    branch_id: int  # the root's child this unit belongs to (the root itself for the root)
    counts: dict[str, int]  # group -> items on the day
    judged: bool  # a news target applies that day: expected to publish
    silent_days: int | None = None  # working days fully past without news before the day

    @property
    def has_news(self) -> bool:
        return self.counts.get(NEWS, 0) > 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class RecapData:
    root: Unit
    day: date
    made_at: datetime
    units: list[RecapUnit]
    items: list[dict[str, Any]]  # the day's items of every unit in the scope

    @property
    def judged(self) -> list[RecapUnit]:
        return [u for u in self.units if u.judged]

    @property
    def with_news(self) -> list[RecapUnit]:
        return [u for u in self.judged if u.has_news]

    @property
    def without_news(self) -> list[RecapUnit]:
        return [u for u in self.judged if not u.has_news]

    @property
    def share(self) -> float | None:
        judged = self.judged
        return len(self.with_news) / len(judged) if judged else None

    @property
    def is_today(self) -> bool:
        return self.day == clock.local_today(self.root.tz, self.made_at)


def recap(db: Database, who: Principal, ctx: Context, root_id: int, day: date) -> RecapData:
    """Each unit of the scope on `day`: a calendar date in each unit's own zone.

    Only units with a news target that day are judged (✅/❌), as on the
    Ringkasan page; the others appear only when they published something.
    """
    require_read(db, who, root_id)
    ctx = visible_context(db, who, ctx)
    units = ordered_subtree(ctx, root_id)
    ids = [u.id for u, _ in units]
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for unit_id, _day, group, n in count_store.daily_by_group(db, who, ids, day, day):
        counts[unit_id][group] = n
    # Silences as Ringkasan counts them, as of the recap's day.
    since = day - timedelta(days=SILENCE_LOOKBACK)
    last_news = count_store.last_day_with_group(db, who, ids, NEWS, since, day - timedelta(days=1))
    branch: dict[int, int] = {}
    current = root_id
    for unit, depth in units:
        if depth == 1:
            current = unit.id
        branch[unit.id] = root_id if depth == 0 else current
    return RecapData(
        root=ctx.unit(root_id),
        day=day,
        made_at=ctx.now,
        units=[
            RecapUnit(
                unit=unit,
                depth=depth,
                branch_id=branch[unit.id],
                counts={g: counts[unit.id].get(g, 0) for g in Group},
                judged=ctx.book.judged(unit, NEWS, day),
                silent_days=kpi.silent_working_days(
                    ctx.book, unit, last_news.get(unit.id), day, since
                ),
            )
            for unit, depth in units
        ],
        items=item_reads.on_day_for_units(db, who, ids, day),
    )
