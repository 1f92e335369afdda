"""What every figure needs besides item counts: the unit tree, targets, calendar, now."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from dashboard import clock
from dashboard.domain import Unit
from dashboard.kpi.goals import Calendar, GoalBook
from dashboard.store import calendar as calendar_store
from dashboard.store import targets as target_store
from dashboard.store import units as unit_store
from dashboard.store.db import Database


@dataclass
class Context:
    units: list[Unit]
    book: GoalBook
    now: datetime
    by_id: dict[int, Unit] = field(init=False)

    def __post_init__(self):
        self.by_id = {u.id: u for u in self.units}

    def unit(self, unit_id: int) -> Unit:
        return self.by_id[unit_id]

    def children(self, unit_id: int, unit_type: str | None = None) -> list[Unit]:
        return sorted(
            (
                u
                for u in self.units
                if u.parent_id == unit_id and (unit_type is None or u.type == unit_type)
            ),
            key=lambda u: u.name,
        )

    def subtree(self, unit_id: int) -> list[Unit]:
        kids: dict[int | None, list[Unit]] = {}
        for u in self.units:
            kids.setdefault(u.parent_id, []).append(u)
        found, stack = [], [self.by_id[unit_id]]
        while stack:
            unit = stack.pop()
            found.append(unit)
            stack.extend(kids.get(unit.id, []))
        return found


def load(db: Database, now: datetime | None = None) -> Context:
    units = unit_store.list_all(db, include_inactive=False)
    calendar = Calendar(
        calendar_store.overrides(db),
        regional=calendar_store.unit_overrides(db),
        parents={u.id: u.parent_id for u in units},
    )
    book = GoalBook(target_store.list_targets(db), calendar)
    return Context(units=units, book=book, now=now or clock.utc_now())
