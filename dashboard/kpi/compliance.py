"""'Ada berita hari ini': which units have news on their own local today."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from dashboard import clock
from dashboard.domain import Unit


@dataclass(frozen=True)
class Compliance:
    with_news: list[dict]
    without_news: list[dict]

    @property
    def total(self) -> int:
        return len(self.with_news) + len(self.without_news)

    @property
    def share(self) -> float | None:
        return len(self.with_news) / self.total if self.total else None


def local_todays(units: Iterable[Unit], now: datetime) -> dict[int, date]:
    """Each unit's own today: at 23:30 WIB it is already tomorrow in Jayapura."""
    return {u.id: clock.local_today(u.tz, now) for u in units}


def news_today(
    units: Iterable[Unit], news_counts: Mapping[tuple[int, date], int], now: datetime
) -> Compliance:
    """`news_counts` maps (unit id, day) to news items; each unit is judged on its local day."""
    units = list(units)
    todays = local_todays(units, now)
    with_news, without = [], []
    for unit in units:
        (with_news if news_counts.get((unit.id, todays[unit.id]), 0) > 0 else without).append(unit)
    return Compliance(with_news, without)


def by_branch(
    compliance: Compliance, branch_of: Mapping[int, int | None]
) -> dict[int, tuple[int, int]]:
    """branch id -> (units with news today, units judged), from the same Compliance as the total.

    `branch_of` maps a unit to the branch it is counted in (e.g. its Kanwil);
    units mapped to None are left out. The branches then add up to the
    headline share whenever every judged unit has a branch.
    """
    found: dict[int, list[int]] = {}
    for units, has_news in ((compliance.with_news, True), (compliance.without_news, False)):
        for unit in units:
            branch = branch_of.get(unit.id)
            if branch is None:
                continue
            tally = found.setdefault(branch, [0, 0])
            tally[0] += has_news
            tally[1] += 1
    return {branch: (w, n) for branch, (w, n) in found.items()}


def branch_map(units: Iterable[Unit], root_id: int) -> dict[int, int | None]:
    """unit id -> the child of `root_id` it sits under (itself for a child); None for the root."""
    parent = {u.id: u.parent_id for u in units}
    found: dict[int, int | None] = {}
    for unit in units:
        current, seen = unit.id, set()
        while current is not None and parent.get(current) != root_id and current not in seen:
            seen.add(current)
            current = parent.get(current)
        found[unit.id] = None if unit.id == root_id else current
    return found
