from datetime import date

import pytest

from dashboard.store import audit
from dashboard.store import calendar as calendar_store
from dashboard.store import targets as target_store
from dashboard.store.access import SYSTEM, AccessDenied
from dashboard.store.db import StoreError
from tests.conftest import principal, unit_id


def new(**changes):
    fields = dict(
        scope="unit",
        unit_id=None,
        metric="berita",
        period="day",
        value=2,
        counts_on="working",
        valid_from=date(2026, 12, 1),
    )
    fields.update(changes)
    return target_store.NewTarget(**fields)


def test_a_missing_target_or_unit_is_refused_with_its_code(db):
    with pytest.raises(StoreError) as refused:
        target_store.end(db, SYSTEM, 999_999, date(2026, 12, 31))
    assert (refused.value.code, str(refused.value)) == (
        "target.not_found",
        "Target tidak ditemukan.",
    )
    from dashboard.store import units as unit_store

    with pytest.raises(StoreError) as refused:
        unit_store._require_id(db, 999_999)
    assert (refused.value.code, str(refused.value)) == (
        "unit.not_found",
        "Unit kerja tidak ditemukan.",
    )


def test_default_targets_are_seeded(db):
    found = {(t.unit_type, t.metric): t.value for t in target_store.list_targets(db)}
    assert found[("KANWIL", "berita")] == 1 and found[("KANWIL", "medsos")] == 3
    assert found[("KANKEMENAG", "berita")] == 1 and found[("KANKEMENAG", "medsos")] == 1


def test_add_end_and_audit(db):
    kupang = unit_id(db, "kankemenag-kota-kupang")
    target_id = target_store.add(db, SYSTEM, new(unit_id=kupang))
    ended = target_store.end(db, SYSTEM, target_id, date(2026, 12, 31))
    assert ended.valid_to == date(2026, 12, 31)
    actions = [(e.action, e.entity) for e in audit.recent(db, limit=2)]
    assert actions == [("end", "target"), ("create", "target")]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"value": -1}, "negatif"),
        ({"valid_to": date(2026, 11, 1)}, "sebelum tanggal mulai"),
        ({"metric": "berita_tv"}, "tidak dikenal"),
        ({"period": "year"}, "Periode"),
        ({"unit_id": None}, "Pilih unit"),
        # Over the schema's CHECK: refused in words, not with an IntegrityError.
        ({"note": "x" * 600}, "Catatan terlalu panjang: 600 karakter"),
        ({"note": "SE 29/2025\x00"}, "Catatan memuat karakter kendali"),
    ],
)
def test_bad_targets_are_refused(db, changes, message):
    fields = {"unit_id": unit_id(db, "kankemenag-kota-kupang"), **changes}
    before = len(target_store.list_targets(db))
    with pytest.raises(StoreError, match=message):
        target_store.add(db, SYSTEM, new(**fields))
    assert len(target_store.list_targets(db)) == before


def test_overlapping_targets_are_refused(db):
    kupang = unit_id(db, "kankemenag-kota-kupang")
    target_store.add(db, SYSTEM, new(unit_id=kupang, valid_to=date(2027, 1, 31)))
    with pytest.raises(StoreError, match="tumpang tindih"):
        target_store.add(db, SYSTEM, new(unit_id=kupang, valid_from=date(2027, 1, 15)))
    # Another metric, or after the first one ends, is fine.
    target_store.add(db, SYSTEM, new(unit_id=kupang, metric="medsos", valid_from=date(2027, 1, 15)))
    target_store.add(db, SYSTEM, new(unit_id=kupang, valid_from=date(2027, 2, 1)))
    # The seeded type target is open-ended: a new one for the same type must wait for its end.
    with pytest.raises(StoreError, match="tumpang tindih"):
        target_store.add(db, SYSTEM, new(scope="unit_type", unit_type="KANWIL"))


def test_only_admins_change_targets_and_calendar(db, accounts):
    kakanwil = principal(db, "kanwil.ntt")
    with pytest.raises(AccessDenied):
        target_store.add(db, kakanwil, new(unit_id=unit_id(db, "kanwil-ntt")))
    with pytest.raises(AccessDenied):
        calendar_store.set_override(db, kakanwil, date(2026, 12, 31), False, "x")


def test_calendar_overrides(db):
    calendar_store.set_override(db, SYSTEM, date(2026, 12, 31), False, "Cuti bersama tambahan")
    calendar_store.set_override(db, SYSTEM, date(2026, 12, 26), True, "Hari kerja pengganti")
    assert calendar_store.overrides(db) == {date(2026, 12, 31): False, date(2026, 12, 26): True}
    with pytest.raises(StoreError, match="keterangan"):
        calendar_store.set_override(db, SYSTEM, date(2026, 12, 30), False, "  ")
    calendar_store.remove_override(db, SYSTEM, date(2026, 12, 31))
    assert calendar_store.overrides(db) == {date(2026, 12, 26): True}
    with pytest.raises(StoreError):
        calendar_store.remove_override(db, SYSTEM, date(2026, 12, 31))


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("SKB\x00cuti", "Keterangan memuat karakter kendali yang tidak sah."),
        ("SKB\r\ncuti", "Keterangan memuat karakter kendali yang tidak sah."),
        ("x" * 201, "Keterangan terlalu panjang: 201 karakter (maksimal 200)."),
    ],
)
def test_a_calendar_note_with_control_characters_is_refused(db, note, message):
    calendar_store.set_override(db, SYSTEM, date(2026, 12, 31), False, "Cuti bersama")
    with pytest.raises(StoreError) as refused:
        calendar_store.set_override(db, SYSTEM, date(2026, 12, 31), True, note)
    assert str(refused.value) == message
    assert [(o.working, o.note) for o in calendar_store.list_overrides(db)] == [
        (False, "Cuti bersama")
    ]


def test_regional_overrides_for_a_unit_and_the_units_below_it(db, accounts):
    bali = unit_id(db, "kanwil-bali")
    day = date(2026, 11, 24)
    with pytest.raises(AccessDenied):
        calendar_store.set_override(db, principal(db, "kanwil.ntt"), day, False, "x", unit_id=bali)
    with pytest.raises(StoreError, match="Unit kerja tidak ditemukan"):
        calendar_store.set_override(db, SYSTEM, day, False, "Libur", unit_id=999_999)
    calendar_store.set_override(db, SYSTEM, day, False, "Libur daerah Bali", unit_id=bali)
    calendar_store.set_override(db, SYSTEM, day, True, "Hari kerja")  # national, same day
    assert calendar_store.unit_overrides(db) == {bali: {day: False}}
    assert calendar_store.overrides(db) == {day: True}
    listed = [(o.unit_code, o.working, o.note) for o in calendar_store.list_overrides(db)]
    assert listed == [(None, True, "Hari kerja"), ("kanwil-bali", False, "Libur daerah Bali")]
    # Removing the national override leaves the regional one, and the other way round.
    calendar_store.remove_override(db, SYSTEM, day)
    assert calendar_store.unit_overrides(db) == {bali: {day: False}}
    with pytest.raises(StoreError):
        calendar_store.remove_override(db, SYSTEM, day, unit_id=unit_id(db, "kanwil-ntt"))
    calendar_store.remove_override(db, SYSTEM, day, unit_id=bali)
    assert calendar_store.unit_overrides(db) == {} and calendar_store.list_overrides(db) == []
