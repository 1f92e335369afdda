"""Targets resolved per unit, metric and day: how much output each day asks for.

The most specific target wins: one unit's own target, else its unit type's,
else the national default; and always the one valid on *that* day, so a past
day is judged by the target of its time. A target of 0 means "no target" for
that scope (an explicit exemption).

Weekly and monthly targets are spread evenly over their counted days, so every
figure (attainment over any period, streaks, projections) is a sum of daily
expectations:

    expected(day) = None   no target applies (shown as "tanpa target")
                    0      a target applies, but this day is not counted
                    v      value per counted day (value / counted days in its week or month)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache

from dashboard.domain import NEWS, Scope, Target, Unit
from dashboard.kpi.calendar import is_working_day


class Calendar:
    """Working days with the admins' overrides; memoised because pages ask a lot.

    `overrides` are national (day -> working). `regional` holds the overrides
    an admin set for one unit and every unit below it (unit id -> {day:
    working}), found through `parents` (unit id -> parent id). For a unit, the
    nearest such unit up the tree wins, then the ones above it, then the
    national overrides, then the default (Monday to Friday minus national
    holidays and cuti bersama). `for_unit` gives the calendar one unit lives by.
    """

    def __init__(
        self,
        overrides: Mapping[date, bool] | None = None,
        *,
        regional: Mapping[int, Mapping[date, bool]] | None = None,
        parents: Mapping[int, int | None] | None = None,
    ):
        self.overrides = dict(overrides or {})
        self.regional = {unit: dict(days) for unit, days in (regional or {}).items() if days}
        self.parents = dict(parents or {})
        self._working = lru_cache(maxsize=4096)(self._is_working)
        self._chains: dict[int, tuple[int, ...]] = {}
        self._views: dict[tuple[int, ...], Calendar] = {}

    def _is_working(self, day: date) -> bool:
        return is_working_day(day, self.overrides)

    def is_working(self, day: date) -> bool:
        return self._working(day)

    def counted(self, day: date, counts_on: str) -> bool:
        return counts_on == "all" or self.is_working(day)

    def counted_days(self, start: date, end: date, counts_on: str) -> int:
        return sum(
            self.counted(start + timedelta(n), counts_on) for n in range((end - start).days + 1)
        )

    def region(self, unit: Unit) -> tuple[int, ...]:
        """The units from `unit` up to the root that carry overrides, nearest first.

        Empty for most units (they live by the national calendar); units that
        share a region share one answer, so figures can be memoised by it.
        """
        if not self.regional:
            return ()
        unit_id = unit.id
        found = self._chains.get(unit_id)
        if found is None:
            chain, seen = [], set()
            at: int | None = unit_id
            while at is not None and at not in seen:
                seen.add(at)
                if at in self.regional:
                    chain.append(at)
                at = self.parents.get(at, unit.parent_id if at == unit_id else None)
            found = self._chains[unit_id] = tuple(chain)
        return found

    def for_unit(self, unit: Unit) -> Calendar:
        """The calendar `unit` lives by: this one, with its region's overrides on top."""
        chain = self.region(unit)
        if not chain:
            return self
        view = self._views.get(chain)
        if view is None:
            merged = dict(self.overrides)
            for region in reversed(chain):  # the farthest first: the nearest wins
                merged.update(self.regional[region])
            view = self._views[chain] = Calendar(merged)
        return view


def week_bounds(day: date) -> tuple[date, date]:
    start = day - timedelta(days=day.weekday())
    return start, start + timedelta(days=6)


def month_bounds(day: date) -> tuple[date, date]:
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following - timedelta(days=1)


class GoalBook:
    """Answers 'how much does this day ask of this unit for this metric?' quickly."""

    def __init__(self, targets: Iterable[Target], calendar: Calendar):
        self.calendar = calendar
        self._by_metric: dict[str, list[Target]] = {}
        for target in targets:
            self._by_metric.setdefault(target.metric, []).append(target)
        for found in self._by_metric.values():
            found.sort(key=lambda t: Scope(t.scope).rank)
        self._units_with_own = {t.unit_id for t in targets if t.scope == "unit"}
        self._memo: dict[tuple, float | None] = {}

    def target_on(self, unit: Unit, metric: str, day: date) -> Target | None:
        for target in self._by_metric.get(metric, ()):
            if target.applies_to(unit) and target.holds_on(day):
                return target
        return None

    def _who(self, unit: Unit) -> tuple:
        """Units without their own targets in one region share their type's answers."""
        own = unit.id if unit.id in self._units_with_own else unit.type
        return own, self.calendar.region(unit)

    def expected(self, unit: Unit, metric: str, day: date) -> float | None:
        key = (self._who(unit), metric, day)
        if key not in self._memo:
            self._memo[key] = self._expected(
                self.target_on(unit, metric, day), day, self.calendar.for_unit(unit)
            )
        return self._memo[key]

    @staticmethod
    def _expected(target: Target | None, day: date, calendar: Calendar) -> float | None:
        if target is None or target.value == 0:
            return None
        if not calendar.counted(day, target.counts_on):
            return 0.0
        if target.period == "day":
            return float(target.value)
        start, end = week_bounds(day) if target.period == "week" else month_bounds(day)
        return target.value / calendar.counted_days(start, end, target.counts_on)

    def expected_total(self, unit: Unit, metric: str, days: Iterable[date]) -> float | None:
        """Sum over days; None when no target applies on any of them."""
        days = tuple(days)
        key = ("total", self._who(unit), metric, days)
        if key in self._memo:
            return self._memo[key]
        total, any_target = 0.0, False
        for day in days:
            value = self.expected(unit, metric, day)
            if value is not None:
                any_target = True
                total += value
        result = total if any_target else None
        self._memo[key] = result
        return result

    def judged(self, unit: Unit, metric: str, day: date) -> bool:
        """Whether a target (other than an exemption of 0) applies to the unit on that day."""
        return self.expected(unit, metric, day) is not None

    def counts_on(self, unit: Unit, metric: str, day: date) -> str:
        """Which days count for this metric: the target's rule, else news on working days."""
        target = self.target_on(unit, metric, day)
        if target is not None:
            return target.counts_on
        return usual_counts_on(metric)


def usual_counts_on(group: str) -> str:
    """The days a metric counts when no target says: news per working day, the rest every day."""
    return "working" if group == NEWS else "all"


def replaced_target(
    targets: Iterable[Target],
    *,
    scope: str,
    metric: str,
    unit_type: str | None = None,
    unit_id: int | None = None,
    day: date,
) -> Target | None:
    """The target of the same scope and metric still in force on `day` or later.

    A new target for that scope and metric replaces it (the store's
    `targets.replace`), so the new one should start from its rule.
    """
    found = [
        t
        for t in targets
        if t.scope == scope
        and t.metric == metric
        and t.unit_type == (unit_type if scope == "unit_type" else None)
        and t.unit_id == (unit_id if scope == "unit" else None)
        and (t.valid_to is None or t.valid_to >= day)
    ]
    return max(found, key=lambda t: t.valid_from, default=None)


def rule_in_force(
    targets: Iterable[Target],
    *,
    scope: str,
    metric: str,
    unit: Unit | None = None,
    day: date,
) -> Target | None:
    """The broader target that holds today where a new one would apply.

    For one unit: the target it follows now (its type's or the national one);
    for a unit type: the national target; for the nation: none.
    """
    if scope == "national":
        return None
    targets = list(targets)
    if scope == "unit" and unit is not None:
        broader = [t for t in targets if t.scope != "unit"]
        return GoalBook(broader, Calendar()).target_on(unit, metric, day)
    return next(
        (t for t in targets if t.scope == "national" and t.metric == metric and t.holds_on(day)),
        None,
    )
