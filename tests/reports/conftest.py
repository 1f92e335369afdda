from datetime import date

import pytest

from dashboard import clock
from dashboard.kpi.periods import Period
from dashboard.service import context

NOW = clock.parse_instant("2026-11-25T12:30:00Z")  # Wed 25 Nov: 19.30 WIB, 20.30 WITA
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 25), "Bulan ini")


@pytest.fixture
def ctx(db):
    return context.load(db, NOW)


def db_totals(db, unit_ids, period=NOVEMBER) -> dict[str, int]:
    """Items per group straight from the items table: what every report must agree with."""
    marks = ",".join("?" for _ in unit_ids)
    found = db.conn.execute(
        f"""
        SELECT k.grp, count(*) FROM items i JOIN metric_kinds k ON k.code = i.kind
        WHERE i.deleted = 0 AND i.day BETWEEN ? AND ? AND i.unit_id IN ({marks})
        GROUP BY k.grp
        """,
        (period.start.isoformat(), period.end.isoformat(), *unit_ids),
    ).fetchall()
    return dict(found)
