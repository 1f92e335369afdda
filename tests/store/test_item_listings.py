from datetime import date

import pytest

from dashboard.store import counts as count_store
from dashboard.store.access import SYSTEM, AccessDenied
from dashboard.store.items import reads as item_reads
from tests.conftest import principal, unit_id
from tests.reports.helpers import item, load

NOV1, NOV30 = date(2026, 11, 1), date(2026, 11, 30)


@pytest.fixture
def listed(db):
    load(
        db,
        [
            item(db, "kankemenag-kota-kupang", "2026-11-03", title="kedua"),
            item(db, "kankemenag-kota-kupang", "2026-11-02", title="pertama"),
            item(db, "kanwil-ntt", "2026-11-02", "medsos_x", title="kanwil"),
            item(db, "kankemenag-kota-surabaya", "2026-11-02", title="surabaya"),
            item(db, "kankemenag-kota-kupang", "2026-10-31", title="bulan lalu"),
        ],
    )
    gone = item(db, "kankemenag-kota-kupang", "2026-11-04", title="dihapus")
    load(db, [gone])
    db.conn.execute("UPDATE items SET deleted = 1 WHERE title = 'dihapus'")


def test_in_period_streams_live_items_in_order(db, listed):
    found = list(item_reads.in_period(db, SYSTEM, None, NOV1, NOV30, batch=2))
    assert [i["title"] for i in found] == [
        "pertama",
        "surabaya",
        "kanwil",
        "kedua",
    ]  # by day, then unit name
    first = found[2]
    assert first["unit_code"] == "kanwil-ntt" and first["unit_tz"] == "Asia/Makassar"
    assert first["grp"] == "medsos" and first["kind_short"] == "X"
    assert item_reads.count_in_period(db, SYSTEM, None, NOV1, NOV30) == 4


def test_listings_are_scoped_by_principal(db, accounts, listed):
    operator = principal(db, "op.kupang")
    kupang = unit_id(db, "kankemenag-kota-kupang")
    mine = list(item_reads.in_period(db, operator, None, NOV1, NOV30))
    assert {i["unit_code"] for i in mine} == {"kankemenag-kota-kupang"} and len(mine) == 2
    assert item_reads.count_in_period(db, operator, [kupang], NOV1, NOV30) == 2
    with pytest.raises(AccessDenied):
        list(item_reads.in_period(db, operator, [unit_id(db, "kanwil-ntt")], NOV1, NOV30))
    kakanwil = principal(db, "kanwil.ntt")
    seen = {i["unit_code"] for i in item_reads.in_period(db, kakanwil, None, NOV1, NOV30)}
    assert seen == {"kanwil-ntt", "kankemenag-kota-kupang"}
    with pytest.raises(AccessDenied):
        item_reads.on_day_for_units(db, kakanwil, [unit_id(db, "kankemenag-kota-surabaya")], NOV1)


def test_items_of_many_units_on_one_day(db, listed):
    ids = [unit_id(db, "kanwil-ntt"), unit_id(db, "kankemenag-kota-kupang")]
    found = item_reads.on_day_for_units(db, SYSTEM, ids, date(2026, 11, 2))
    assert sorted(i["title"] for i in found) == ["kanwil", "pertama"]


def test_summary_reads_of_every_unit_as_admin(db, listed):
    # unit_ids=None for an admin means every unit (this once built invalid SQL).
    totals = count_store.totals_by_group(db, SYSTEM, None, NOV1, NOV30)
    assert sum(n for _u, _g, n, _d in totals) == 4
