"""Small hand-made units, targets and counts for kpi tests."""

from datetime import date

from dashboard.kpi.goals import Calendar, GoalBook, Target

KANKEMENAG = {"id": 10, "type": "KANKEMENAG", "tz": "Asia/Makassar", "parent_id": 2, "name": "B"}
KANWIL = {"id": 2, "type": "KANWIL", "tz": "Asia/Makassar", "parent_id": 1, "name": "A"}
PTKN = {"id": 30, "type": "PTKN", "tz": "Asia/Makassar", "parent_id": 1, "name": "C"}


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
