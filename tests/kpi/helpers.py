"""Small hand-made units, targets and counts for kpi tests."""

from datetime import date

from dashboard.domain import Unit, UnitType, Zone
from dashboard.kpi.goals import Calendar, GoalBook, Target


def unit(
    id: int,
    type: str = "KANKEMENAG",
    tz: str = "Asia/Makassar",
    parent_id: int | None = None,
    name: str = "",
    code: str = "",
) -> Unit:
    """A unit as the store returns it; what a test leaves out gets a harmless default."""
    return Unit(
        id=id,
        code=code or f"unit-{id}",
        name=name or f"Unit {id}",
        type=UnitType(type),
        parent_id=parent_id,
        tz=Zone(tz),
    )


KANKEMENAG = unit(10, "KANKEMENAG", "Asia/Makassar", parent_id=2, name="B")
KANWIL = unit(2, "KANWIL", "Asia/Makassar", parent_id=1, name="A")
PTKN = unit(30, "PTKN", "Asia/Makassar", parent_id=1, name="C")


def target(
    id=1,
    scope="unit_type",
    metric="berita",
    period="day",
    value=1,
    counts_on="working",
    valid_from=date(2024, 1, 1),
    valid_to=None,
    unit_type="KANKEMENAG",
    unit_id=None,
):
    return Target(
        id=id,
        scope=scope,
        unit_type=unit_type if scope == "unit_type" else None,
        unit_id=unit_id if scope == "unit" else None,
        metric=metric,
        period=period,
        value=value,
        counts_on=counts_on,
        valid_from=valid_from,
        valid_to=valid_to,
    )


def book(*targets, overrides=None) -> GoalBook:
    return GoalBook(list(targets), Calendar(overrides))
