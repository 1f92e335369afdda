"""One unit's figures for one of its local days (Unit Saya, `humas kpi`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from dashboard import clock
from dashboard.domain import NEWS, Group, Unit
from dashboard.kpi import figures as kpi
from dashboard.service.context import Context
from dashboard.service.overview import SILENCE_LOOKBACK
from dashboard.store import checks as check_store
from dashboard.store import counts as count_store
from dashboard.store.access import Principal, require_read
from dashboard.store.db import Database

LOOKBACK_DAYS = 400  # streaks and silences are looked for this far back


@dataclass(frozen=True)
class UnitFigures:
    unit: Unit
    day: date
    has_news: bool
    streak_days: int
    days_since_news: int | None  # calendar days since the last news item
    last_news: date | None
    silent_days: int  # working days fully past without news (as "senyap" counts them)
    groups: dict[str, dict[str, kpi.Window]]  # group -> day / week / month
    projection: kpi.Projection  # news, month end
    counts: dict[str, dict[date, int]]  # group -> day -> items (the lookback window)
    # group -> day -> (verified, open flags) of the online items counted (the month window)
    checks: dict[str, dict[date, tuple[int, int]]] = field(default_factory=dict)

    def checked(self, group: str, w: kpi.Window) -> tuple[int, int]:
        """(verified, open flags) of a group's items in a window."""
        days = [v for d, v in self.checks.get(group, {}).items() if w.start <= d <= w.end]
        return sum(v for v, _ in days), sum(f for _, f in days)

    def groups_on_day(self) -> dict[str, kpi.Window]:
        """group -> the day's window (count and target of `day` alone)."""
        return {group: spans["day"] for group, spans in self.groups.items()}

    def as_json(self) -> dict:
        def window(group: str, w: kpi.Window) -> dict:
            verified, flagged = self.checked(group, w)
            return {
                "count": w.count,
                "verified": verified,
                "flagged": flagged,
                "target": None if w.target is None else round(w.target, 2),
                "attainment": None if w.attainment is None else round(w.attainment, 4),
            }

        return {
            "unit": self.unit.code,
            "date": self.day.isoformat(),
            "tz": self.unit.tz,
            "has_news": self.has_news,
            "streak_days": self.streak_days,
            "days_since_news": self.days_since_news,
            "silent_working_days": self.silent_days,
            "groups": {
                group: {span: window(group, w) for span, w in spans.items()}
                for group, spans in self.groups.items()
            },
        }


def counts_by_group(
    db: Database, who: Principal, unit_id: int, start: date, end: date
) -> dict[str, dict[date, int]]:
    found: dict[str, dict[date, int]] = defaultdict(dict)
    for _unit, day, group, n in count_store.daily_by_group(db, who, [unit_id], start, end):
        found[group][day] = n
    return found


def figures(db: Database, who: Principal, ctx: Context, unit_id: int, day: date | None = None):
    """The unit's figures for `day` (default: the unit's local today)."""
    require_read(db, who, unit_id)
    unit = ctx.unit(unit_id)
    day = day or clock.local_today(unit.tz, ctx.now)
    counts = counts_by_group(db, who, unit_id, day - timedelta(days=LOOKBACK_DAYS), day)
    news = counts.get(NEWS, {})
    last = kpi.last_day_with_output(news, day)
    # Silence as Ringkasan's list counts it: searched back SILENCE_LOOKBACK days only.
    since = day - timedelta(days=SILENCE_LOOKBACK)
    silent_since = last if last is not None and last >= since else None
    groups = {g: kpi.day_week_month(ctx.book, unit, g, counts.get(g, {}), day) for g in Group}
    first = min(w.start for spans in groups.values() for w in spans.values())
    checks: dict[str, dict[date, tuple[int, int]]] = defaultdict(dict)
    for _unit, d, group, _online, verified, flagged, _checked in check_store.status_by_day(
        db, who, [unit_id], first, day
    ):
        checks[group][d] = (verified, flagged)
    return UnitFigures(
        unit=unit,
        day=day,
        has_news=kpi.has_news(news, day),
        streak_days=kpi.streak(ctx.book, unit, NEWS, news, day, LOOKBACK_DAYS),
        days_since_news=kpi.days_since(last, day),
        last_news=last,
        silent_days=kpi.silent_working_days(ctx.book, unit, silent_since, day, since),
        groups=groups,
        projection=kpi.month_projection(ctx.book, unit, NEWS, news, day),
        counts=dict(counts),
        checks=dict(checks),
    )
