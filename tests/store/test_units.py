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
        unit_store.add(
            db, SYSTEM, code="kanwil-ntt", name="Kanwil X", type="KANWIL", parent_code=None
        )
    with pytest.raises(ValueError):
        unit_store.add(
            db, SYSTEM, code="x-y", name="X Y", type="KANWIL", parent_code=None, tz="UTC"
        )


def test_only_admin_edits_units(db, accounts):
    with pytest.raises(AccessDenied):
        unit_store.update(db, principal(db, "kanwil.ntt"), "kanwil-ntt", name="Bukan admin")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "x" * 201}, "Nama unit terlalu panjang: 201 karakter (maksimal 200)."),
        ({"name": " x "}, "Nama unit minimal 2 karakter."),
        ({"name": "Kanwil\x00NTT"}, "Nama unit memuat karakter kendali yang tidak sah."),
        ({"name": "Kanwil\x1b[31mNTT"}, "Nama unit memuat karakter kendali yang tidak sah."),
        ({"province": "NTT\x07"}, "Provinsi memuat karakter kendali yang tidak sah."),
        ({"province": "p" * 101}, "Provinsi terlalu panjang: 101 karakter (maksimal 100)."),
    ],
)
def test_a_bad_name_is_refused_in_words_and_nothing_changes(db, changes, message):
    before = unit_store.by_code(db, "kanwil-ntt")
    with pytest.raises(StoreError) as refused:
        unit_store.update(db, SYSTEM, "kanwil-ntt", **changes)
    assert str(refused.value) == message  # a StoreError, not the schema's IntegrityError
    assert unit_store.by_code(db, "kanwil-ntt") == before


@pytest.mark.parametrize("code", ["'; DROP TABLE units; --", "Kua-Besar", "k", "k" * 65, "kua\x00"])
def test_a_bad_code_is_refused_in_words(db, code):
    with pytest.raises(StoreError, match="Kode unit 2–64 karakter"):
        unit_store.add(db, SYSTEM, code=code, name="KUA Uji", type="KUA", parent_code="kanwil-ntt")
    assert unit_store.by_code(db, code) is None


def test_hostile_but_printable_names_are_stored_as_typed(db):
    name = "Kankemenag <script>x</script> [Kupang](javascript:alert(1)) 🎉 السلام"
    after = unit_store.update(db, SYSTEM, "kankemenag-kota-kupang", name=f"  {name} ")
    assert after.name == name
