import pytest

from dashboard.store import units as unit_store
from dashboard.store.access import SYSTEM, AccessDenied
from dashboard.store.db import StoreError
from tests.conftest import principal


def test_admin_adds_and_moves_a_unit(db):
    unit_store.add(
        db,
        SYSTEM,
        code="kankemenag-kab-baru",
        name="Kantor Kemenag Kabupaten Baru",
        type="KANKEMENAG",
        parent_code="kanwil-ntt",
        province="Nusa Tenggara Timur",
        tz="Asia/Makassar",
    )
    moved = unit_store.update(db, SYSTEM, "kankemenag-kab-baru", parent_code="kanwil-bali")
    assert moved["parent_code"] == "kanwil-bali"


def test_unit_cannot_move_below_itself(db):
    with pytest.raises(StoreError, match="ke bawah dirinya"):
        unit_store.update(db, SYSTEM, "kanwil-ntt", parent_code="kankemenag-kota-kupang")


def test_duplicate_code_and_bad_zone_are_refused(db):
    with pytest.raises(StoreError, match="sudah dipakai"):
        unit_store.add(db, SYSTEM, code="kanwil-ntt", name="X", type="KANWIL", parent_code=None)
    with pytest.raises(ValueError):
        unit_store.add(
            db, SYSTEM, code="x-y", name="X Y", type="KANWIL", parent_code=None, tz="UTC"
        )


def test_only_admin_edits_units(db, accounts):
    with pytest.raises(AccessDenied):
        unit_store.update(db, principal(db, "kanwil.ntt"), "kanwil-ntt", name="Bukan admin")
