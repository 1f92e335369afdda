import pytest

from dashboard.store.access import AccessDenied, can_write_output, visible_unit_ids
from dashboard.store.items import reads as item_reads
from tests.conftest import principal, unit_id


def test_admin_sees_everything(db, accounts):
    assert visible_unit_ids(db, principal(db, "admin")) is None


def test_pimpinan_sees_its_subtree_only(db, accounts):
    seen = visible_unit_ids(db, principal(db, "kanwil.ntt"))
    assert unit_id(db, "kanwil-ntt") in seen
    assert unit_id(db, "kankemenag-kota-kupang") in seen
    assert unit_id(db, "kanwil-jatim") not in seen
    assert unit_id(db, "kankemenag-kota-surabaya") not in seen
    assert len(seen) == 1 + 22  # the Kanwil and NTT's 22 Kankemenag


def test_national_pimpinan_sees_every_unit(db, accounts):
    seen = visible_unit_ids(db, principal(db, "pusat"))
    assert len(seen) == db.conn.execute("SELECT count(*) FROM units").fetchone()[0]


def test_operator_sees_its_unit_only(db, accounts):
    assert visible_unit_ids(db, principal(db, "op.kupang")) == {
        unit_id(db, "kankemenag-kota-kupang")
    }


def test_write_rules(db, accounts):
    kupang = unit_id(db, "kankemenag-kota-kupang")
    assert can_write_output(principal(db, "op.kupang"), kupang)
    assert can_write_output(principal(db, "admin"), kupang)
    assert not can_write_output(principal(db, "kepala.kupang"), kupang)  # pimpinan read only
    assert not can_write_output(principal(db, "op.jatim"), kupang)


def test_store_refuses_reads_outside_scope(db, accounts):
    import datetime as dt

    kupang = unit_id(db, "kankemenag-kota-kupang")
    day = dt.date(2026, 11, 25)
    assert item_reads.on_day(db, principal(db, "kanwil.ntt"), kupang, day) == []
    with pytest.raises(AccessDenied):
        item_reads.on_day(db, principal(db, "op.jatim"), kupang, day)
