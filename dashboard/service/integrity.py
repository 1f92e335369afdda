"""How sound each unit's counted evidence is: verified share and open flags (issue 14).

Beside attainment on Unit Saya, Ringkasan and Peringkat. Over the counted items
with a link (rejected ones never count): `verified` — the current check found
nothing, or a reviewer accepted it; `flagged` — flags nobody has decided on yet.
Items not checked yet are in neither (they still count toward attainment).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from dashboard.domain import Unit
from dashboard.kpi.periods import Period
from dashboard.service.context import Context
from dashboard.store import checks as check_store
from dashboard.store.access import Principal
from dashboard.store.db import Database


@dataclass(frozen=True)
class Integrity:
    online: int = 0  # counted items with a link
    verified: int = 0
    flagged: int = 0  # open flags
    checked: int = 0  # checked at least once as they are now (or decided)

    @property
    def share(self) -> float | None:
        """Verified among the links checked so far, or None before any check: an item not
        checked yet is neither sound nor doubtful (latency must not look like padding)."""
        return self.verified / self.checked if self.checked else None

    def __add__(self, other: Integrity) -> Integrity:
        return Integrity(
            self.online + other.online,
            self.verified + other.verified,
            self.flagged + other.flagged,
            self.checked + other.checked,
        )

    @property
    def unchecked(self) -> int:
        return self.online - self.checked


def by_unit(
    db: Database,
    who: Principal,
    ctx: Context,
    units: list[Unit],
    period: Period,
    *,
    with_subtree: bool = False,
) -> dict[int, Integrity]:
    """Each unit's figures over the period (with its whole subtree when asked)."""
    members = {u.id: ([m.id for m in ctx.subtree(u.id)] if with_subtree else [u.id]) for u in units}
    wanted = sorted({m for ms in members.values() for m in ms})
    own: dict[int, Integrity] = defaultdict(Integrity)
    if wanted:
        for unit_id, _day, _group, *figures in check_store.status_by_day(
            db, who, wanted, period.start, period.end
        ):
            own[unit_id] = own[unit_id] + Integrity(*figures)
    return {u: sum((own[m] for m in ms), Integrity()) for u, ms in members.items()}


def of_subtree(
    db: Database, who: Principal, ctx: Context, root_id: int, period: Period
) -> Integrity:
    return by_unit(db, who, ctx, [ctx.unit(root_id)], period, with_subtree=True)[root_id]
